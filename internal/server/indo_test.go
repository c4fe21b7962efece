package server_test

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

// ddmmyyyy is a date written the machine way people should never see: 31-05-2027 or 31/05/2027.
var ddmmyyyy = regexp.MustCompile(`\b\d{1,2}[-/]\d{1,2}[-/]\d{4}\b`)

// One page, one email and one PDF, through the real server on a clock that reads 30 November 2026,
// 14.05 WIB: each writes its dates, times and numbers the Indonesian way and none writes DD-MM-YYYY.
func TestPageEmailAndPDFWriteIndonesian(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Date(2026, 11, 30, 7, 5, 0, 0, time.UTC)) // 14.05 in Jakarta
	p := servertest.NewWithClock(t, clock)
	c, path, id, reg := submitted(t, p, "32.73")
	submitted(t, p, "32.04") // stays in the queue, oldest since 30 November
	clock.Advance(108 * time.Hour)
	p.Approve(t, id, clock.Now(), date(2027, 5, 31)) // decided 4,5 days after submission
	if got := indo.DateTime(clock.Now()); got != "5 Desember 2026 pukul 02.05 WIB" {
		t.Fatalf("the clock reads %q", got)
	}

	noDDMMYYYY := func(what, s string) {
		t.Helper()
		if m := ddmmyyyy.FindString(s); m != "" {
			t.Errorf("%s writes a date as %q", what, m)
		}
	}
	admin := staffLogin(t, p, p.CreateStaff(t, "admin.indo", account.RoleAdmin), clock.Now())
	home := admin.Get("/petugas")
	for _, want := range []string{"Terlama sejak 30 November 2026 pukul 14.05 WIB", "<dd>4,5</dd>"} {
		if !strings.Contains(home.Body, want) {
			t.Errorf("staff home lacks %q", want)
		}
	}
	noDDMMYYYY("staff home", home.Body)

	page := c.Get(path)
	for _, want := range []string{"30 November 2026 pukul 14.05 WIB", "5 Desember 2026 pukul 02.05 WIB", "Hak akses sampai 31 Mei 2027"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("permohonan page lacks %q", want)
		}
	}
	noDDMMYYYY("permohonan page", page.Body)

	subject, text := latestMail(t, p, reg.Email)
	if subject != "Hak Akses Disetujui" || !strings.Contains(text, "31 Mei 2027") {
		t.Errorf("decision email %q does not give the end as 31 Mei 2027:\n%s", subject, text)
	}
	noDDMMYYYY("decision email", text)

	bukti := c.Get(path + "/bukti.pdf")
	if bukti.Status != http.StatusOK {
		t.Fatalf("bukti.pdf = %d", bukti.Status)
	}
	pdf := readPDF(t, []byte(bukti.Body))
	if !strings.Contains(pdf, "30 November 2026 pukul 14.05 WIB") {
		t.Errorf("Bukti Pengajuan lacks the submission time:\n%s", pdf)
	}
	noDDMMYYYY("Bukti Pengajuan", pdf)
}

// readPDF extracts a PDF's text with poppler's pdftotext (installed by make test), as a person's viewer
// reads it, with runs of white space made single spaces.
func readPDF(t *testing.T, b []byte) string {
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
