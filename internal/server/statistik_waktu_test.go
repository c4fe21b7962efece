package server_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// The public statistics show the times per stage and the months as charts with their tables, and the CSV
// holds the same figures.
func TestStatistikWaktu(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	now := time.Now()
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	_, id := p.SubmitSample(t, reg, "32.73")
	p.Approve(t, id, now, now.AddDate(0, 6, 0))
	c := webtest.NewClient(t, p.URL)
	page := c.Get("/statistik-layanan")
	if page.Status != http.StatusOK {
		t.Fatalf("statistik: %d", page.Status)
	}
	for _, want := range []string{`data-testid="waktu-tahap"`, `data-testid="per-bulan"`, `id="grafik-waktu"`, `id="grafik-bulan"`, "Verifikasi substansi",
		`data-testid="dalam-standar">100,0%`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("statistik lacks %q", want)
		}
	}
	r := c.Get("/statistik-layanan/unduh.csv")
	lines, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
	if err != nil || len(lines) < 10 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %v %d", err, len(lines))
	}
	found := false
	for _, l := range lines {
		found = found || l[0] == "per_bulan" && l[1] == now.Format("2006-01") && l[2] == "diajukan" && l[3] == "1"
	}
	if !found {
		t.Errorf("the CSV does not count this month's submission: %v", lines)
	}
}
