package server_test

import (
	"bytes"
	"context"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bappenas/portal-regsosek/internal/indo"
)

func TestRegisterDownloadsReadBack(t *testing.T) {
	t.Parallel()
	p, _, c := listPortal(t, 150, 0, 0)
	ctx := context.Background()
	// A pemohon whose name a spreadsheet would take for a formula.
	if _, err := p.Store.Pool.Exec(ctx, `UPDATE akun SET instansi_nama = '=HYPERLINK("http://contoh.invalid","klik")'
		WHERE id = (SELECT akun_id FROM permohonan WHERE state = 'ditolak' ORDER BY id LIMIT 1)`); err != nil {
		t.Fatal(err)
	}
	want := count(t, p, "SELECT count(*) FROM permohonan WHERE state = 'ditolak'")
	page := c.Get("/petugas/permohonan?status=ditolak&urut=nomor")
	xlsxHref := regexp.MustCompile(`href="(/petugas/permohonan/ekspor\.xlsx[^"]*)"`).FindStringSubmatch(page.Body)
	csvHref := regexp.MustCompile(`href="(/petugas/permohonan/ekspor\.csv[^"]*)"`).FindStringSubmatch(page.Body)
	if xlsxHref == nil || csvHref == nil {
		t.Fatal("no download links on the list")
	}
	x := c.Get(html.UnescapeString(xlsxHref[1]))
	if x.Status != 200 || !strings.Contains(x.Header.Get("Content-Type"), "spreadsheetml") ||
		!strings.Contains(x.Header.Get("Content-Disposition"), "daftar-permohonan-") {
		t.Fatalf("xlsx: %d %v", x.Status, x.Header)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Permohonan")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != want+1 || rows[0][0] != "Nomor" || rows[0][2] != "Pemohon" || rows[0][12] != "Diajukan" {
		t.Fatalf("xlsx: %d rows for %d permohonan, header %q", len(rows), want, rows[0])
	}
	var submitted time.Time
	if err := p.Store.Pool.QueryRow(ctx, "SELECT submitted_at FROM permohonan WHERE reference = $1", rows[1][0]).Scan(&submitted); err != nil {
		t.Fatal(err)
	}
	wantDate := indo.Date(submitted) + " " + submitted.In(indo.Jakarta).Format("15.04")
	if rows[1][12] != wantDate {
		t.Errorf("the Diajukan cell shows %q, want %q", rows[1][12], wantDate)
	}
	if typ, _ := f.GetCellType("Permohonan", "M2"); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
		t.Error("the date is stored as text")
	}
	injected := false
	for _, r := range rows[1:] {
		if strings.Contains(r[2], "HYPERLINK") {
			injected = true
			if !strings.HasPrefix(r[2], "'=") {
				t.Errorf("formula not neutralised in xlsx: %q", r[2])
			}
		}
		if r[5] != "Ditolak" {
			t.Errorf("a row of state %q in a download filtered by Ditolak", r[5])
		}
	}
	if !injected {
		t.Error("the pemohon named like a formula is missing")
	}
	cs := c.Get(html.UnescapeString(csvHref[1]))
	if cs.Status != 200 || !strings.HasPrefix(cs.Body, "\ufeffNomor;Jenis;Pemohon;") || !strings.Contains(cs.Body, `;"'=HYPERLINK(`) {
		t.Errorf("csv: %d %.300s", cs.Status, cs.Body)
	}
	if n := strings.Count(strings.TrimSpace(cs.Body), "\r\n") + 1; n != want+1 {
		t.Errorf("csv: %d lines for %d permohonan", n, want)
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'ekspor.daftar-permohonan'"); n != 2 {
		t.Errorf("%d audit rows for two downloads", n)
	}
}

// Every other staff list pages over more rows than a page, finds by nomor, and downloads what it counts.
