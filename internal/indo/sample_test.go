package indo_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/surat"
	"github.com/bappenas/portal-regsosek/templates/layout"
	"github.com/bappenas/portal-regsosek/templates/pages/petugas"
)

// A sample of each kind of output the portal writes for people — an email, a PDF and a page — built from
// the same instant, 30 November 2026 at 07.05 UTC, which a reader in Indonesia knows as 14.05 WIB. Each
// must show it the Indonesian way, with Indonesian numbers, and never as DD-MM-YYYY. (The same check through
// the running server, with a database, is internal/server's TestPageEmailAndPDFWriteIndonesian.)

var (
	at       = time.Date(2026, 11, 30, 7, 5, 0, 0, time.UTC)
	ddmmyyyy = regexp.MustCompile(`\b\d{1,2}[-/]\d{1,2}[-/]\d{4}\b`)
)

func mustShow(t *testing.T, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
	if m := ddmmyyyy.FindString(text); m != "" {
		t.Errorf("%s writes a date as %q", what, m)
	}
}

func TestSampleEmail(t *testing.T) {
	t.Parallel()
	m := mail.Letters{BaseURL: "https://portal.example"}
	to := mail.Recipient{Email: "operator@bandung.go.id", Nama: "Budi Santoso"}
	ref := request.Ref{ID: 7, Reference: "PHA-2026-000007", InstansiNama: "Pemerintah Kota Bandung"}
	link := m.Kredensial(to, ref, "Dinas Sosial", "token", at)
	mustShow(t, "credentials email", link.Text, "berlaku sampai 30 November 2026 pukul 14.05 WIB")
	mustShow(t, "credentials email (HTML)", link.HTML, "30 November 2026 pukul 14.05 WIB")
	warn := m.AkanBerakhir(to, ref, time.Date(2027, 5, 31, 0, 0, 0, 0, time.UTC)) // a DATE column, as pgx scans it
	mustShow(t, "warning email", warn.Text, "31 Mei 2027")
}

func TestSamplePDF(t *testing.T) {
	t.Parallel()
	b := layanan.BimtekData{Pelatihan: true, Versi: layanan.VersiLengkap, PesertaPK: 1500, PesertaDK: 45, Mode: layanan.ModeLuring,
		UsulanMulai: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), UsulanSelesai: time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)}
	pdf, err := surat.KAKPelatihan(surat.Bimtek{Instansi: "Pemerintah Kota Bandung", Kategori: "kabupaten_kota", Data: b, Today: at})
	if err != nil {
		t.Fatal(err)
	}
	mustShow(t, "KAK pelatihan", pdfText(t, pdf), "usulan waktu 30 November–4 Desember 2026", "1.500", "1.545", "TAHUN 2026")
}

func TestSamplePage(t *testing.T) {
	t.Parallel()
	v := petugas.HomeView{Page: layout.Page{Title: "Beranda Petugas", Path: "/petugas", User: "Admin", Staff: true}, Nama: "Admin",
		Queues:    []petugas.QueueCard{{Label: "Verifikasi Teknis", Href: "/petugas/antrean/teknis", Oldest: indo.DateTime(at), Count: 1234, Overdue: 56}},
		ShowStats: true, Decisions30: 2345, MedianDays: indo.Decimal(4.5, 1)}
	var page bytes.Buffer
	if err := petugas.Home(v).Render(context.Background(), &page); err != nil {
		t.Fatal(err)
	}
	mustShow(t, "staff home", page.String(), "Terlama sejak 30 November 2026 pukul 14.05 WIB", "<strong>1.234</strong> menunggu",
		"<dd>2.345</dd>", "<dd>4,5</dd>")
}

// pdfText extracts a PDF's text with poppler's pdftotext (installed by make test), as a person's viewer
// reads it, with runs of white space made single spaces.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatalf("pdftotext (poppler-utils) is needed to read the PDFs: %v", err)
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
