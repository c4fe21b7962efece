package mail_test

import (
	"strings"
	"testing"
	"time"

	portalmail "github.com/bappenas/portal-regsosek/internal/mail"
)

func TestLetters(t *testing.T) {
	const (
		to       = "budi@example.go.id"
		nama     = `Budi <script>alert("x")</script> & Co`
		token    = "abc&u=1" // the letters build their links; an & must stay an & in the text and become &amp; in the HTML
		link     = "https://portal.example.go.id/aktivasi/abc&u=1"
		linkHTM  = "https://portal.example.go.id/aktivasi/abc&amp;u=1"
		reset    = "https://portal.example.go.id/atur-ulang-kata-sandi/abc&u=1"
		resetHTM = "https://portal.example.go.id/atur-ulang-kata-sandi/abc&amp;u=1"
	)
	letters := portalmail.Letters{BaseURL: "https://portal.example.go.id"}
	budi := portalmail.Recipient{Email: to, Nama: nama}
	tests := []struct {
		name    string
		msg     portalmail.Message
		subject string
		text    []string // in the text part
		html    []string // in the HTML part
	}{
		{"AkunDiajukan", letters.AkunDiajukan(budi, "REG-2025-000123"),
			"Proses Pembukaan Akun Layanan Regsosek",
			[]string{"REG-2025-000123", "KTP", "Surat Tugas Registrator", "Klik Disini", "OTP"},
			[]string{"<strong>REG-2025-000123</strong>", "KTP", "Surat Tugas Registrator"}},
		{"AkunDisetujui", letters.AkunDisetujui(budi, token, "482913", 15*time.Minute),
			"Akun Layanan Regsosek Disetujui",
			[]string{"Klik Disini: " + link, "Kode OTP: 482913", "15 menit", "satu kali", "kode OTP baru", "Kirim OTP"},
			[]string{`href="` + linkHTM + `"`, ">Klik Disini</a>", "482913", "15 menit", "satu kali", "kode OTP baru"}},
		{"AkunDitolak", letters.AkunDitolak(budi, "Nama pada KTP tidak sesuai\ndengan <Surat Tugas>.", nil),
			"Pembukaan Akun Layanan Regsosek Ditolak",
			[]string{"> Nama pada KTP tidak sesuai\n> dengan <Surat Tugas>.", "mendaftar kembali"},
			[]string{"Nama pada KTP tidak sesuai<br>dengan &lt;Surat Tugas&gt;.", "mendaftar kembali"}},
		{"AktivasiKedaluwarsa", letters.AktivasiKedaluwarsa(budi),
			"Tautan Aktivasi Akun Layanan Regsosek Kedaluwarsa",
			[]string{"tidak digunakan sampai masa berlakunya habis", "ajukan pendaftaran kembali"},
			[]string{"tidak digunakan sampai masa berlakunya habis", "ajukan pendaftaran kembali"}},
		{"KodeOTPBaru", letters.KodeOTPBaru(budi, token, "007311", 10*time.Minute),
			"Kode OTP Baru Akun Layanan Regsosek",
			[]string{"Klik Disini: " + link, "Kode OTP: 007311", "10 menit", "tidak berlaku lagi"},
			[]string{`href="` + linkHTM + `"`, "007311", "10 menit"}},
		{"AturUlangKataSandi", letters.AturUlangKataSandi(budi, token, 60*time.Minute),
			"Atur Ulang Kata Sandi Akun Layanan Regsosek",
			[]string{"Atur Ulang Kata Sandi: " + reset, "60 menit", "satu kali", "abaikan email ini"},
			[]string{`href="` + resetHTM + `"`, "60 menit", "satu kali", "abaikan email ini"}},
		{"PenggantianPejabatDiajukan", letters.PenggantianPejabatDiajukan(budi, "REG-2025-000124"),
			"Penggantian Pejabat Pemegang Akun Layanan Regsosek",
			[]string{"REG-2025-000124", "penggantian pejabat", "Surat Tugas Registrator"},
			[]string{"<strong>REG-2025-000124</strong>", "penggantian pejabat"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.msg
			if m.To != to || m.Subject != tt.subject {
				t.Errorf("To %q, Subject %q; want %q, %q", m.To, m.Subject, to, tt.subject)
			}
			for _, s := range append(tt.text, "Yth. Bapak/Ibu "+nama) {
				if !strings.Contains(m.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, m.Text)
				}
			}
			for _, s := range append(tt.html, "Budi &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co") {
				if !strings.Contains(m.HTML, s) {
					t.Errorf("HTML lacks %q:\n%s", s, m.HTML)
				}
			}
			if strings.Contains(m.HTML, "<script") {
				t.Error("the HTML holds an unescaped <script>")
			}
			if strings.Contains(m.HTML, "<img") || strings.Contains(m.HTML, "<link") || strings.Contains(m.HTML, "url(") {
				t.Error("the HTML loads an external resource")
			}
			p := mustParse(t, mustBuild(t, m))
			if p.Subject != tt.subject || p.Parts["text/plain"] != strings.ReplaceAll(m.Text, "\r\n", "\n") || p.Parts["text/html"] != m.HTML {
				t.Error("the letter does not survive Build and parsing")
			}
		})
	}
}

func TestLetterLinkMustBeHTTP(t *testing.T) {
	m := portalmail.Letters{BaseURL: "javascript:alert(1)"}.AkunDisetujui(portalmail.Recipient{Email: "budi@example.go.id", Nama: "Budi"}, "x", "123456", 15*time.Minute)
	if strings.Contains(m.HTML, `href="javascript:`) {
		t.Error("a javascript: URL became a link")
	}
}

// Each letter carries its kind, named after the method that wrote it, through helpers too.
func TestLetterKinds(t *testing.T) {
	l := portalmail.Letters{BaseURL: "https://portal.example.go.id"}
	to := portalmail.Recipient{Email: "budi@example.go.id", Nama: "Budi"}
	for want, m := range map[string]portalmail.Message{
		"akun_disetujui":        l.AkunDisetujui(to, "t", "123456", time.Minute),
		"pengaduan_dijawab":     l.PengaduanDijawab(to, "PGD-1", "jawaban"),
		"kata_sandi_diubah":     l.KataSandiDiubah(to, time.Now(), false),
		"atur_ulang_kata_sandi": l.AturUlangKataSandi(to, "t", time.Minute),
	} {
		if m.Kind != want {
			t.Errorf("kind %q, want %q", m.Kind, want)
		}
	}
}
