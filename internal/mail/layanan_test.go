package mail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	portalmail "github.com/bappenas/portal-regsosek/internal/mail"
)

func TestLayananLetters(t *testing.T) {
	const (
		to   = "siti@example.go.id"
		nama = `Siti <b>Aminah</b>`
		link = "https://portal.example.go.id/akun/bimtek/7"
	)
	letters := portalmail.Letters{BaseURL: "https://portal.example.go.id"}
	siti := portalmail.Recipient{Email: to, Nama: nama}
	day := func(d int, m time.Month) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, indo.Jakarta) }
	jadwal := layanan.Jadwal{Mulai: day(17, time.August), Selesai: day(21, time.August), Mode: layanan.ModeHybrid,
		Tempat: "Aula Bappeda", Tautan: "https://zoom.example/j/1", Catatan: "Bawa laptop.\nDatang 08.00."}
	bimtek := layanan.Bimtek{ID: 7, Reference: "BIMTEK-2026-000001", InstansiNama: "Pemerintah Kota Bandung",
		Data: layanan.BimtekData{Pelatihan: true}, Jadwal: &jadwal}
	changed := bimtek
	changed.Jadwal = &layanan.Jadwal{Mulai: day(1, time.September), Selesai: day(1, time.September), Mode: layanan.ModeDaring}
	tests := []struct {
		name    string
		msg     portalmail.Message
		subject string
		text    []string
	}{
		{"BimtekDiajukan", letters.BimtekDiajukan(siti, bimtek),
			"Permohonan Fasilitasi Bimbingan Teknis Diterima",
			[]string{"BIMTEK-2026-000001", "Pemerintah Kota Bandung", "Jenis bimbingan teknis: Pelatihan", "Lihat Permohonan: " + link, "ditanggung oleh pihak pemohon"}},
		{"BimtekDijadwalkan", letters.BimtekDijadwalkan(siti, bimtek, false),
			"Jadwal Fasilitasi Bimbingan Teknis",
			[]string{"Tanggal: 17–21 Agustus 2026", "Mode: Hybrid (luring dan daring)", "Tempat: Aula Bappeda", "Tautan rapat daring: https://zoom.example/j/1", "> Bawa laptop.\n> Datang 08.00."}},
		{"BimtekDijadwalkan changed", letters.BimtekDijadwalkan(siti, changed, true),
			"Perubahan Jadwal Fasilitasi Bimbingan Teknis",
			[]string{"telah diubah", "Tanggal: 1 September 2026"}},
		{"BimtekSelesai", letters.BimtekSelesai(siti, bimtek),
			"Fasilitasi Bimbingan Teknis Selesai", []string{"telah selesai dilaksanakan"}},
		{"BimtekDitolak", letters.BimtekDitolak(siti, bimtek, "Narasumber <penuh>."),
			"Permohonan Fasilitasi Bimbingan Teknis Tidak Dapat Dilaksanakan", []string{"> Narasumber <penuh>."}},
		{"PengaduanDiterima", letters.PengaduanDiterima(siti, "PGD-2026-000001", "ABCD-EFGH"),
			"Laporan Anda Telah Diterima", []string{"Nomor laporan: PGD-2026-000001", "Kode pelacakan: ABCD-EFGH", "jangan berikan kepada siapa pun"}},
		{"PengaduanDijawab", letters.PengaduanDijawab(siti, "PGD-2026-000001", "Sudah kami teruskan."),
			"Jawaban atas Laporan Anda", []string{"> Sudah kami teruskan.", "Lacak Laporan: https://portal.example.go.id/pengaduan/status"}},
		{"PengaduanPerluInformasi", letters.PengaduanPerluInformasi(siti, "PGD-2026-000001", "Nomor permohonan?"),
			"Informasi Tambahan untuk Laporan Anda", []string{"> Nomor permohonan?"}},
		{"PengaduanDitutup", letters.PengaduanDitutup(siti, "PGD-2026-000001", ""),
			"Laporan Anda Telah Ditutup", []string{"ditutup"}},
		{"PengaduanDitanggapi", letters.PengaduanDitanggapi(siti, layanan.Pengaduan{ID: 1, Reference: "PGD-2026-000001"}),
			"Tanggapan Pelapor atas Laporan PGD-2026-000001", []string{"Pelapor telah menanggapi", "Buka Laporan: https://portal.example.go.id/petugas/pengaduan/1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.msg
			if m.To != to || m.Subject != tt.subject {
				t.Errorf("To %q, Subject %q; want %q", m.To, m.Subject, tt.subject)
			}
			for _, s := range append(tt.text, "Yth. Bapak/Ibu "+nama) {
				if !strings.Contains(m.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, m.Text)
				}
			}
			if strings.Contains(m.HTML, "<b>Aminah") || strings.Contains(m.HTML, "<penuh>") {
				t.Error("the HTML holds unescaped input")
			}
			p := mustParse(t, mustBuild(t, m))
			if p.Subject != tt.subject {
				t.Error("the letter does not survive Build and parsing")
			}
		})
	}
}
