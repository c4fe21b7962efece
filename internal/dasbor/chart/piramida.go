package chart

// PyramidRow is one age group: the left (men) and right (women) bars.
type PyramidRow struct {
	Label       string
	Left, Right Cell
}

// Pyramid is a population pyramid: rows youngest first, drawn oldest at the top.
type Pyramid struct {
	ID, Title, Desc       string
	LeftLabel, RightLabel string
	Rows                  []PyramidRow
}

const (
	pyrWidth   = 480
	pyrTop     = 34
	pyrRow     = 21
	pyrBar     = 16
	pyrCentre  = 24 // half the width of the age column
	pyrLabel   = 54 // room for a value beside a bar
	pyrFont    = 13
	suppressed = 14 // width of the box drawn for a withheld value
)

// SVG draws the pyramid.
func (p Pyramid) SVG() string {
	h := pyrTop + len(p.Rows)*pyrRow + 8
	var s svg
	s.open(p.ID, pyrWidth, h, "chart-piramida", p.Title, p.Desc)
	s.hatch(p.ID + "-arsir")
	cx := float64(pyrWidth) / 2
	maxLen := cx - pyrCentre - pyrLabel - 4
	var top float64
	for _, r := range p.Rows {
		for _, c := range []Cell{r.Left, r.Right} {
			if c.drawn() && c.Value > top {
				top = c.Value
			}
		}
	}
	s.text(cx-pyrCentre-4, 20, p.LeftLabel, "font-size", "14", "font-weight", "bold", "text-anchor", "end", "fill", colText)
	s.text(cx+pyrCentre+4, 20, p.RightLabel, "font-size", "14", "font-weight", "bold", "fill", colText)
	for i := range p.Rows {
		r := p.Rows[len(p.Rows)-1-i]
		y := float64(pyrTop + i*pyrRow)
		s.text(cx, y+pyrBar-3, r.Label, "font-size", num(pyrFont), "text-anchor", "middle", "fill", colText)
		p.bar(&s, r.Left, cx-pyrCentre, y, -1, maxLen, top)
		p.bar(&s, r.Right, cx+pyrCentre, y, 1, maxLen, top)
	}
	return s.close()
}

// bar draws one side's bar from the centre column outwards (dir -1 left, 1 right) and its value label.
func (p Pyramid) bar(s *svg, c Cell, from, y, dir, maxLen, top float64) {
	length := 0.0
	switch {
	case c.Suppressed:
		length = suppressed
		x := from
		if dir < 0 {
			x = from - length
		}
		s.el("rect", true, "x", num(x), "y", num(y), "width", num(length), "height", num(pyrBar),
			"fill", "url(#"+p.ID+"-arsir)", "stroke", colMuted, "class", "disembunyikan")
	case c.Missing:
	default:
		if top > 0 {
			length = c.Value / top * maxLen
		}
		x := from
		if dir < 0 {
			x = from - length
		}
		fill := colBar
		if dir > 0 {
			fill = "#9e3a6b"
		}
		s.el("rect", true, "x", num(x), "y", num(y), "width", num(length), "height", num(pyrBar), "fill", fill)
	}
	tx := from + dir*(length+4)
	anchor := "start"
	if dir < 0 {
		anchor = "end"
	}
	s.text(tx, y+pyrBar-3, c.Label, "font-size", num(pyrFont-1), "text-anchor", anchor, "fill", colMuted)
}
