package surat

import (
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/request"
)

func agreement(kategori, instansi string) Agreement {
	p := sample()
	p.Kategori, p.InstansiNama = kategori, instansi
	return Agreement{Permohonan: p, Sampai: time.Date(2027, 5, 31, 0, 0, 0, 0, time.UTC), SixMonth: kategori != "pusat",
		Approved: []request.ApprovedRow{{Row: p.Rows[0], Approved: request.Mikro}, {Row: p.Rows[1], Approved: request.Mikro}}}
}

// The PKS and NDA name the signatories of §3.2.5 for each level, and carry the access as approved.
func TestPKSAndNDASignatories(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		kategori, instansi             string
		pksKesatu, pksKedua, ndaKesatu string
		ndaKedua                       string
	}{
		{"pusat", "KEMENTERIAN SOSIAL", "Sekretaris Kementerian PPN/Sekretaris Utama Bappenas", "Sekretaris Menteri/Sekretaris Utama KEMENTERIAN SOSIAL",
			"Sekretaris Kementerian PPN/Sekretaris Utama Bappenas", "Sekretaris Menteri/Sekretaris Utama atau Sekretaris Jenderal KEMENTERIAN SOSIAL"},
		{"provinsi", "Pemerintah Provinsi Jawa Barat", "Sekretaris Kementerian PPN/Sekretaris Utama Bappenas", "Sekretaris Daerah Provinsi Jawa Barat",
			"Sekretaris Kementerian PPN/Sekretaris Utama Bappenas", "Sekretaris Daerah Provinsi Jawa Barat"},
		{"kabupaten_kota", "Pemerintah Kota Bandung", "Direktur Penanggulangan Kemiskinan dan Pemberdayaan Masyarakat Kementerian PPN/Bappenas selaku Produsen Data Regsosek atau Kepala Pusat Data dan Informasi Perencanaan Pembangunan",
			"Sekretaris Daerah Kota Bandung", "Direktur Penanggulangan Kemiskinan dan Pemberdayaan Masyarakat Kementerian PPN/Bappenas selaku Produsen Data Regsosek", "Sekretaris Daerah Kota Bandung"},
	}
	for _, tt := range tests {
		t.Run(tt.kategori, func(t *testing.T) {
			a := agreement(tt.kategori, tt.instansi)
			pks, err := PKS(a, names, now)
			if err != nil {
				t.Fatal(err)
			}
			text := pdfText(t, pks)
			for _, want := range []string{"PERJANJIAN KERJA SAMA", tt.instansi, "Jabatan : " + tt.pksKesatu, "Jabatan : " + tt.pksKedua,
				"PIHAK KESATU", "PIHAK KEDUA", "Dinas Sosial", "Mikro", "31 Mei 2027", "PHA-2026-000007"} {
				if !strings.Contains(text, want) {
					t.Errorf("PKS lacks %q:\n%s", want, text)
				}
			}
			if tt.kategori != "pusat" && !strings.Contains(text, "6 (enam) bulan") {
				t.Error("PKS of a Pemda without Forum Satu Data does not state the six-month rule")
			}
			nda, err := NDA(a, names, now)
			if err != nil {
				t.Fatal(err)
			}
			text = pdfText(t, nda)
			for _, want := range []string{"PERJANJIAN KERAHASIAAN", "Jabatan : " + tt.ndaKesatu, "Jabatan : " + tt.ndaKedua, "Dinas Sosial"} {
				if !strings.Contains(text, want) {
					t.Errorf("NDA lacks %q:\n%s", want, text)
				}
			}
			// The Fasilitas row signs a Surat Pernyataan, not the NDA.
			if strings.Contains(text, "Kelurahan Sukasari") {
				t.Error("the NDA lists a Fasilitas row")
			}
		})
	}
}

func TestNeedsNDA(t *testing.T) {
	row := func(media, approved string) request.ApprovedRow {
		return request.ApprovedRow{Row: request.Row{Media: media, JenisData: request.BNBA}, Approved: approved}
	}
	for _, tt := range []struct {
		rows []request.ApprovedRow
		want bool
	}{
		{[]request.ApprovedRow{row(request.Sepakat, request.AgregatTerpilah)}, false},
		{[]request.ApprovedRow{row(request.Fasilitas, request.BNBA)}, false},
		{[]request.ApprovedRow{row(request.Fasilitas, request.BNBA), row(request.Sepakat, request.Mikro)}, true},
		{[]request.ApprovedRow{row(request.Sepakat, request.BNBA)}, true},
	} {
		if got := request.NeedsNDA(tt.rows); got != tt.want {
			t.Errorf("NeedsNDA(%+v) = %v", tt.rows, got)
		}
		if got := len(request.AgreementKinds(tt.rows)); got != map[bool]int{true: 2, false: 1}[tt.want] {
			t.Errorf("AgreementKinds: %d", got)
		}
	}
}
