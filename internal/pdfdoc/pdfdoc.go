// Package pdfdoc writes the portal's PDFs (receipts, prefilled letters and KAK templates) as simple
// A4 documents: headings, paragraphs, label–value lists and tables, with page numbers. It wraps go-pdf/fpdf
// so callers describe content, not coordinates.
package pdfdoc

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/go-pdf/fpdf"
)

// Doc is a document being written.
type Doc struct {
	pdf *fpdf.Fpdf
	tr  func(string) string
}

const (
	margin   = 20.0
	pageW    = 210.0
	contentW = pageW - 2*margin
	lineH    = 5.5
)

// New starts an A4 portrait document. footer is printed at the bottom of every page with the page number.
func New(title, footer string, created time.Time) *Doc {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetTitle(title, true)
	p.SetAuthor("Portal Regsosek — Kementerian PPN/Bappenas", true)
	p.SetCreator("Portal Regsosek", true)
	p.SetCreationDate(created)
	p.SetModificationDate(created)
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(true, margin)
	d := &Doc{pdf: p, tr: p.UnicodeTranslatorFromDescriptor("")}
	p.SetFooterFunc(func() {
		p.SetY(-14)
		p.SetFont("Helvetica", "", 8)
		p.SetTextColor(90, 90, 90)
		p.CellFormat(contentW*0.8, 5, d.tr(footer), "", 0, "L", false, 0, "")
		p.CellFormat(contentW*0.2, 5, fmt.Sprintf("Halaman %d", p.PageNo()), "", 0, "R", false, 0, "")
		p.SetTextColor(0, 0, 0)
	})
	p.AddPage()
	return d
}

// Title writes a centred, bold title.
func (d *Doc) Title(s string) {
	d.pdf.SetFont("Helvetica", "B", 14)
	d.pdf.MultiCell(contentW, 7, d.tr(s), "", "C", false)
	d.pdf.Ln(3)
}

// Heading writes a bold section heading.
func (d *Doc) Heading(s string) {
	d.pdf.Ln(2)
	d.pdf.SetFont("Helvetica", "B", 11)
	d.pdf.MultiCell(contentW, 6, d.tr(s), "", "L", false)
	d.pdf.Ln(1)
}

// Para writes a paragraph of body text; align is "L", "C", "R" or "J".
func (d *Doc) Para(s string, align string) {
	d.pdf.SetFont("Helvetica", "", 10)
	d.pdf.MultiCell(contentW, lineH, d.tr(s), "", align, false)
	d.pdf.Ln(1.5)
}

// Small writes a paragraph in small italic type, for notes.
func (d *Doc) Small(s string) {
	d.pdf.SetFont("Helvetica", "I", 8.5)
	d.pdf.MultiCell(contentW, 4.5, d.tr(s), "", "L", false)
	d.pdf.Ln(1)
}

// Gap adds vertical space in millimetres.
func (d *Doc) Gap(mm float64) { d.pdf.Ln(mm) }

// Field is one "label : value" line.
type Field struct{ Label, Value string }

// Fields writes label–value lines with aligned colons; an empty value leaves a dotted line to fill by hand.
func (d *Doc) Fields(fields []Field) {
	d.pdf.SetFont("Helvetica", "", 10)
	labelW := 45.0
	for _, f := range fields {
		v := f.Value
		if v == "" {
			v = "...................................................................."
		}
		y := d.pdf.GetY()
		d.pdf.SetX(margin)
		d.pdf.CellFormat(labelW, lineH, d.tr(f.Label), "", 0, "L", false, 0, "")
		d.pdf.CellFormat(4, lineH, ":", "", 0, "L", false, 0, "")
		d.pdf.MultiCell(contentW-labelW-4, lineH, d.tr(v), "", "L", false)
		if d.pdf.GetY() == y {
			d.pdf.Ln(lineH)
		}
	}
	d.pdf.Ln(1.5)
}

// Table writes a table with a header row; widths are fractions of the content width and should add up to 1.
// Long cell text wraps; rows break across pages as a whole when they fit on one.
func (d *Doc) Table(header []string, widths []float64, rows [][]string) {
	ws := make([]float64, len(widths))
	for i, w := range widths {
		ws[i] = w * contentW
	}
	d.row(header, ws, true)
	for _, r := range rows {
		d.row(r, ws, false)
	}
	d.pdf.Ln(2)
}

func (d *Doc) row(cells []string, ws []float64, head bool) {
	style := ""
	if head {
		style = "B"
		d.pdf.SetFillColor(230, 236, 245)
	}
	d.pdf.SetFont("Helvetica", style, 8.5)
	const cellLine = 4.2
	height := 0.0
	for i, c := range cells {
		lines := d.pdf.SplitLines([]byte(d.tr(c)), ws[i]-2)
		height = max(height, float64(max(len(lines), 1))*cellLine+2)
	}
	_, pageH := d.pdf.GetPageSize()
	if d.pdf.GetY()+height > pageH-margin {
		d.pdf.AddPage()
	}
	x, y := margin, d.pdf.GetY()
	for i, c := range cells {
		d.pdf.Rect(x, y, ws[i], height, map[bool]string{true: "FD", false: "D"}[head])
		d.pdf.SetXY(x+1, y+1)
		d.pdf.MultiCell(ws[i]-2, cellLine, d.tr(c), "", "L", false)
		x += ws[i]
	}
	d.pdf.SetXY(margin, y+height)
}

// Signature writes the place-and-date and signature block at the right.
func (d *Doc) Signature(lines ...string) {
	d.pdf.Ln(4)
	d.pdf.SetFont("Helvetica", "", 10)
	for _, l := range lines {
		d.pdf.SetX(margin + contentW*0.55)
		d.pdf.MultiCell(contentW*0.45, lineH, d.tr(l), "", "L", false)
	}
}

// WriteTo writes the finished PDF.
func (d *Doc) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return 0, fmt.Errorf("pdfdoc: %w", err)
	}
	return buf.WriteTo(w)
}

// Bytes returns the finished PDF.
func (d *Doc) Bytes() ([]byte, error) {
	var buf bytes.Buffer
	_, err := d.WriteTo(&buf)
	return buf.Bytes(), err
}
