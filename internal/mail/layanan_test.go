package mail_test

import (
	"strings"
	"testing"

	portalmail "github.com/bappenas/portal-regsosek/internal/mail"
)

func TestLayananLetters(t *testing.T) {
	const (
		to   = "siti@example.go.id"
		nama = `Siti <b>Aminah</b>`
		link = "https://portal.example.go.id/akun/bimtek/7"
	)
	jadwal := portalmail.BimtekJadwal{Tanggal: "17 Agustus 2026 s.d. 21 Agustus 2026", Mode: "Hybrid (luring dan daring)",
		Tempat: "Aula Bappeda", Tautan: "https://zoom.example/j/1", Catatan: "Bawa laptop.\nDatang 08.00."}
	tests := []struct {
		name    string
		msg     portalmail.Message
		subject string
		text    []string
	}{
		{"BimtekDiajukan", portalmail.BimtekDiajukan(to, nama, "BIMTEK-2026-000001", "Pemerintah Kota Bandung", "Pelatihan", link),
			"Permohonan Fasilitasi Bimbingan Teknis Diterima",
			[]string{"BIMTEK-2026-000001", "Pemerintah Kota Bandung", "Jenis bimbingan teknis: Pelatihan", "Lihat Permohonan: " + link, "ditanggung oleh pihak pemohon"}},
		{"BimtekDijadwalkan", portalmail.BimtekDijadwalkan(to, nama, "BIMTEK-2026-000001", false, jadwal, link),
			"Jadwal Fasilitasi Bimbingan Teknis",
			[]string{"Tanggal: 17 Agustus 2026 s.d. 21 Agustus 2026", "Tempat: Aula Bappeda", "Tautan rapat daring: https://zoom.example/j/1", "> Bawa laptop.\n> Datang 08.00."}},
		{"BimtekDijadwalkan changed", portalmail.BimtekDijadwalkan(to, nama, "BIMTEK-2026-000001", true, portalmail.BimtekJadwal{Tanggal: "1 September 2026", Mode: "Daring"}, link),
			"Perubahan Jadwal Fasilitasi Bimbingan Teknis",
			[]string{"telah diubah", "Tanggal: 1 September 2026"}},
		{"BimtekSelesai", portalmail.BimtekSelesai(to, nama, "BIMTEK-2026-000001", link),
			"Fasilitasi Bimbingan Teknis Selesai", []string{"telah selesai dilaksanakan"}},
		{"BimtekDitolak", portalmail.BimtekDitolak(to, nama, "BIMTEK-2026-000001", "Narasumber <penuh>.", link),
			"Permohonan Fasilitasi Bimbingan Teknis Tidak Dapat Dilaksanakan", []string{"> Narasumber <penuh>."}},
		{"PengaduanDiterima", portalmail.PengaduanDiterima(to, nama, "PGD-2026-000001", "ABCD-EFGH", "https://portal.example.go.id/pengaduan/status"),
			"Laporan Anda Telah Diterima", []string{"Nomor laporan: PGD-2026-000001", "Kode pelacakan: ABCD-EFGH", "jangan berikan kepada siapa pun"}},
		{"PengaduanDijawab", portalmail.PengaduanDijawab(to, nama, "PGD-2026-000001", "Sudah kami teruskan.", "https://portal.example.go.id/pengaduan/status"),
			"Jawaban atas Laporan Anda", []string{"> Sudah kami teruskan.", "Lacak Laporan: https://portal.example.go.id/pengaduan/status"}},
		{"PengaduanPerluInformasi", portalmail.PengaduanPerluInformasi(to, nama, "PGD-2026-000001", "Nomor permohonan?", "https://portal.example.go.id/pengaduan/status"),
			"Informasi Tambahan untuk Laporan Anda", []string{"> Nomor permohonan?"}},
		{"PengaduanDitutup", portalmail.PengaduanDitutup(to, nama, "PGD-2026-000001", "", "https://portal.example.go.id/pengaduan/status"),
			"Laporan Anda Telah Ditutup", []string{"ditutup"}},
		{"PengaduanDitanggapi", portalmail.PengaduanDitanggapi(to, nama, "PGD-2026-000001", "https://portal.example.go.id/petugas/pengaduan/1"),
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
