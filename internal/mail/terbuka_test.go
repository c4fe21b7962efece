package mail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
	portalmail "github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/percakapan"
	"github.com/bappenas/portal-regsosek/internal/request"
)

func TestTerbukaLetters(t *testing.T) {
	letters := portalmail.Letters{BaseURL: "https://portal.example.go.id"}
	siti := portalmail.Recipient{Email: "siti@example.go.id", Nama: "Siti Aminah"}
	ref := request.Ref{ID: 12, Reference: "PHA-2026-000012", InstansiNama: "Pemerintah Kota Bandung"}
	expires := time.Date(2027, 1, 29, 10, 0, 0, 0, indo.Jakarta)
	tests := []struct {
		name    string
		msg     portalmail.Message
		subject string
		text    []string
	}{
		{"PesanBaruPemohon", letters.PesanBaruPemohon(siti, percakapan.Permohonan, ref), "Pesan Baru dari Pengelola Data Regsosek",
			[]string{"Permohonan Hak Akses: PHA-2026-000012", "https://portal.example.go.id/akun/percakapan/permohonan/12", "hanya dapat dibaca di Portal Regsosek"}},
		{"PesanBaruPetugas", letters.PesanBaruPetugas(siti, percakapan.Bimtek, ref), "Pesan Baru dari Pemohon: Pemerintah Kota Bandung",
			[]string{"Fasilitasi Bimbingan Teknis: PHA-2026-000012", "https://portal.example.go.id/petugas/percakapan/bimtek/12"}},
		{"SurveiUndangan", letters.SurveiUndangan(siti, "Permohonan Hak Akses Data Regsosek", "PHA-2026-000012", "tokenuji", expires),
			"Survei Kepuasan Masyarakat Portal Regsosek",
			[]string{"https://portal.example.go.id/survei/tokenuji", "29 Januari 2027", "anonim", "sembilan pertanyaan"}},
	}
	for _, tt := range tests {
		if tt.msg.Subject != tt.subject || tt.msg.To != "siti@example.go.id" {
			t.Errorf("%s: subject %q to %q", tt.name, tt.msg.Subject, tt.msg.To)
		}
		for _, want := range tt.text {
			if !strings.Contains(tt.msg.Text, want) || !strings.Contains(tt.msg.HTML, strings.Split(want, ": ")[0]) {
				t.Errorf("%s lacks %q:\n%s", tt.name, want, tt.msg.Text)
			}
		}
	}
}
