package pdfdoc

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestDocument(t *testing.T) {
	d := New("Bukti Pengajuan", "Portal Regsosek", time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC))
	d.Title("BUKTI PENGAJUAN “Permohonan”")
	d.Para("Paragraf dengan kata Indonesia dan tanda kutip “ganda”.", "J")
	d.Fields([]Field{{"Nomor", "PHA-2026-000001"}, {"Kosong", ""}})
	var rows [][]string
	for i := range 120 {
		rows = append(rows, []string{"Dinas Sosial", strings.Repeat("Penyaluran bantuan ", i%5+1), "BNBA"})
	}
	d.Table([]string{"Pengguna", "Tujuan", "Jenis Data"}, []float64{0.3, 0.5, 0.2}, rows)
	d.Signature("Jakarta, 22 November 2026", "(Nama dan NIP)")
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b, []byte("%%EOF")) {
		t.Fatal("not a PDF")
	}
	if n := bytes.Count(b, []byte("/Type /Page\n")) + bytes.Count(b, []byte("/Type /Page ")); n < 2 {
		t.Errorf("a long table should span pages, got %d page objects", n)
	}
}
