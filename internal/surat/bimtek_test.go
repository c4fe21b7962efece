package surat

import (
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/layanan"
)

// goodBimtek is a valid request for training at both levels, as the bimtek form sends it.
func goodBimtek() layanan.BimtekInput {
	return layanan.BimtekInput{Pelatihan: true, Versi: "lengkap", PesertaPK: "45", PesertaDK: "20", Mode: "luring",
		UsulanMulai: "2026-08-17", UsulanSelesai: "2026-08-21", Nama: "  Siti   Aminah ", Jabatan: "Kepala Bidang Data",
		NIP: "19800101 200501 2 003", Email: "siti@bandung.go.id", Phone: "0812-3456-7890"}
}

var today = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)

func TestTemplates(t *testing.T) {
	b, errs := layanan.ParseBimtek(goodBimtek(), today)
	if errs.Any() {
		t.Fatal(errs.All())
	}
	b.Konsultasi, b.TopikKonsultasi = true, "Analisis (pohon masalah) untuk RKPD"
	d := Bimtek{Instansi: "Pemerintah Kota Bandung", Kategori: "kabupaten_kota", Data: b, Today: today}

	surat, err := SuratBimtek(d)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, surat)
	for _, want := range []string{"Pemerintah Kota Bandung", "adalah pelatihan dan konsultasi", "Siti Aminah", "19800101 200501 2 003",
		"siti@bandung.go.id", "+6281234567890", "Kepala Bappeda Kabupaten/Kota", "Versi Lengkap — 40 JP, 5 hari kerja",
		"2 kelas PK (45 peserta), 1 kelas DK (20 peserta)", "Analisis (pohon masalah) untuk RKPD",
		"17–21 Agustus 2026", "Deputi Bidang Kependudukan dan Ketenagakerjaan", "Tembusan",
		"Kepala Pusat Data dan Informasi Perencanaan Pembangunan"} {
		if !strings.Contains(text, want) {
			t.Errorf("lampiran 7 lacks %q:\n%s", want, text)
		}
	}

	kak, err := KAKPelatihan(d)
	if err != nil {
		t.Fatal(err)
	}
	text = pdfText(t, kak)
	for _, want := range []string{"KERANGKA ACUAN KEGIATAN (KAK)", "DI PEMERINTAH KOTA BANDUNG", "TAHUN 2026",
		"Kurikulum Lengkap Materi Pelatihan Pemanfaatan Data Regsosek", "Sepakat Kecamatan", "Monitoring dan Evaluasi SEPAKAT",
		"TOTAL 40 40", "Provinsi/Kabupaten/Kota (PK) 45 2", "Desa/Kelurahan (DK) 20 1", "Total 65 3",
		"Rencana Anggaran Biaya", "Akomodasi", "secara luring", "dalam bentuk kegiatan pelatihan dan konsultasi"} {
		if !strings.Contains(text, want) {
			t.Errorf("lampiran 8 lacks %q:\n%s", want, text)
		}
	}
	// Only the chosen version's curriculum: Ringkas's combined subject is absent.
	if strings.Contains(text, "Pengenalan Platform SEPAKAT dan Analisis SEPAKAT") {
		t.Error("lampiran 8 holds the Ringkas curriculum for a Lengkap request")
	}
	// Lengkap is chosen for both kelas, Ringkas for neither (the header says "(YA/TIDAK)" once).
	if n, m := strings.Count(text, " YA "), strings.Count(text, " TIDAK "); n != 2 || m != 2 {
		t.Errorf("options marked: %d YA, %d TIDAK; want 2 and 2", n, m)
	}

	// Ringkas for one kelas only.
	b.Versi, b.PesertaDK = layanan.VersiRingkas, 0
	kak, err = KAKPelatihan(Bimtek{Instansi: "Pemerintah Provinsi Jawa Barat", Kategori: "provinsi", Data: b, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	text = pdfText(t, kak)
	for _, want := range []string{"Pengenalan Platform SEPAKAT dan Analisis SEPAKAT", "TOTAL 18 18", "Materi (2 Hari)"} {
		if !strings.Contains(text, want) {
			t.Errorf("Ringkas KAK lacks %q", want)
		}
	}

	// An empty request still gives the blank templates.
	for _, f := range []func(Bimtek) ([]byte, error){SuratBimtek, KAKPelatihan} {
		out, err := f(Bimtek{Today: today})
		if err != nil {
			t.Fatal(err)
		}
		pdfText(t, out)
	}
}
