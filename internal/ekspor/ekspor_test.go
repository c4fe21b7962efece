package ekspor

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bappenas/portal-regsosek/internal/indo"
)

var cols = []Column{{Title: "Nomor"}, {Title: "Diajukan", Kind: Date}, {Title: "Diperbarui", Kind: DateTime}, {Title: "Baris", Kind: Number}}

// at is 1 December 2026 00.30 in Jakarta: still 30 November in UTC, so a zone slip shows.
var at = time.Date(2026, 11, 30, 17, 30, 0, 0, time.UTC)

func TestSafe(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"=1+1": "'=1+1", "+62812": "'+62812", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": "'\rx", "Dinas Sosial": "Dinas Sosial", "": "", "a=b": "a=b"} {
		if got := Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVOpensAsColumnsInIndonesianExcel(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w, err := New(CSV, &buf, "Permohonan", cols)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Row("=HYPERLINK(\"http://x\")", at, &at, 3); err != nil {
		t.Fatal(err)
	}
	if err := w.Row("PHA-2026-000002", nil, (*time.Time)(nil), int64(1)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\xef\xbb\xbf")) {
		t.Fatal("no UTF-8 byte-order mark")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"Nomor", "Diajukan", "Diperbarui", "Baris"}, {"'=HYPERLINK(\"http://x\")", "01/12/2026", "01/12/2026 00.30", "3"},
		{"PHA-2026-000002", "", "", "1"}}
	if len(recs) != len(want) {
		t.Fatalf("records %q", recs)
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("record %d = %q, want %q", i, recs[i], want[i])
		}
	}
}

func TestXLSXReadsBackWithHeaderRowsAndIndonesianDates(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w, err := New(XLSX, &buf, "Permohonan", cols)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 1200 {
		if err := w.Row("PHA-2026-"+strings.Repeat("0", 3)+string(rune('0'+i%10)), at, at, i); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Row("@cmd", nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Permohonan")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1202 || strings.Join(rows[0], "|") != "Nomor|Diajukan|Diperbarui|Baris" {
		t.Fatalf("%d rows, header %q", len(rows), rows[0])
	}
	if got := rows[1][1]; got != "1 Desember 2026" {
		t.Errorf("date cell shows %q, want 1 Desember 2026", got)
	}
	if got := rows[1][2]; got != "1 Desember 2026 00.30" {
		t.Errorf("date-time cell shows %q", got)
	}
	if typ, _ := f.GetCellType("Permohonan", "B2"); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
		t.Errorf("date stored as text (%v): Excel could not sort it", typ)
	}
	// The cell holds Excel's serial day: 1 December 2026 is day 46357.
	if raw, _ := f.GetCellValue("Permohonan", "B2", excelize.Options{RawCellValue: true}); !strings.HasPrefix(raw, "46357") {
		t.Errorf("raw date %q, want serial 46357", raw)
	}
	if got := rows[1201][0]; got != "'@cmd" {
		t.Errorf("formula-looking text = %q", got)
	}
	if indo.Date(at) != "1 Desember 2026" {
		t.Fatal("the test's own date is wrong")
	}
}
