package pdfdoc

// Signatures writes two signature blocks side by side, as agreements between two parties are signed: left
// for Pihak Kedua, right for Pihak Kesatu. Each block is a list of lines (long ones wrap within the column);
// blank lines leave room to sign.
func (d *Doc) Signatures(left, right []string) {
	d.pdf.Ln(6)
	d.pdf.SetFont("Helvetica", "", 10)
	colW := contentW * 0.46
	height := func(lines []string) float64 {
		h := 0.0
		for _, l := range lines {
			h += float64(max(len(d.pdf.SplitLines([]byte(d.tr(l)), colW)), 1)) * lineH
		}
		return h
	}
	need := max(height(left), height(right))
	_, pageH := d.pdf.GetPageSize()
	if d.pdf.GetY()+need > pageH-margin {
		d.pdf.AddPage()
	}
	y := d.pdf.GetY()
	for _, col := range []struct {
		x     float64
		lines []string
	}{{margin, left}, {margin + contentW - colW, right}} {
		d.pdf.SetXY(col.x, y)
		for _, l := range col.lines {
			d.pdf.SetX(col.x)
			d.pdf.MultiCell(colW, lineH, d.tr(l), "", "C", false)
		}
	}
	d.pdf.SetXY(margin, y+need+2)
}
