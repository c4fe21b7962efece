package chart

import "strconv"

// Bar is one bar of a horizontal bar chart.
type Bar struct {
	Label string
	Cell
	// Highlight draws the bar darker and its label bold: the wilayah being looked at.
	Highlight bool
}

// BarChart is a horizontal bar chart on a scale from 0 to Max, with an optional reference line.
type BarChart struct {
	ID, Title, Desc string
	Bars            []Bar
	Max             float64
	// Ticks are the values marked on the axis, with their labels.
	Ticks []Tick
	// Reference draws a dashed line across the bars (for example the national figure).
	Reference *Tick
}

// Tick is a value on the axis and how it is written.
type Tick struct {
	Value float64
	Label string
}

const (
	barWidth   = 480
	barLabels  = 150 // width of the column of names
	barValues  = 58  // room for a value after the longest bar
	barRow     = 19
	barHeight  = 14
	barTop     = 30
	barFont    = 12.5
	barAxisGap = 30
)

// SVG draws the chart.
func (c BarChart) SVG() string {
	h := barTop + len(c.Bars)*barRow + barAxisGap
	var s svg
	s.open(c.ID, barWidth, h, "chart-batang", c.Title, c.Desc)
	s.hatch(c.ID + "-arsir")
	x0 := float64(barLabels + 6)
	span := float64(barWidth) - x0 - barValues
	scale := func(v float64) float64 {
		if c.Max <= 0 {
			return 0
		}
		return min(v, c.Max) / c.Max * span
	}
	bottom := float64(barTop + len(c.Bars)*barRow)
	for _, t := range c.Ticks {
		x := x0 + scale(t.Value)
		s.el("path", true, "d", "M"+num(x)+" "+strconv.Itoa(barTop-4)+"V"+num(bottom), "stroke", colRule, "stroke-width", "1")
		s.text(x, bottom+16, t.Label, "font-size", "12", "text-anchor", "middle", "fill", colMuted)
	}
	for i, b := range c.Bars {
		y := float64(barTop + i*barRow)
		attrs := []string{"font-size", num(barFont), "text-anchor", "end", "fill", colText}
		fill := colBar
		if b.Highlight {
			attrs = append(attrs, "font-weight", "bold")
			fill = colHighlight
		}
		s.text(x0-6, y+barHeight-3, b.Label, attrs...)
		length := 0.0
		switch {
		case b.Suppressed:
			length = suppressed
			s.el("rect", true, "x", num(x0), "y", num(y), "width", num(length), "height", num(barHeight),
				"fill", "url(#"+c.ID+"-arsir)", "stroke", colMuted, "class", "disembunyikan")
		case b.Missing:
		default:
			length = scale(b.Value)
			s.el("rect", true, "x", num(x0), "y", num(y), "width", num(length), "height", num(barHeight), "fill", fill)
		}
		s.text(x0+length+4, y+barHeight-3, b.Cell.Label, "font-size", num(barFont-0.5), "fill", colText)
	}
	if r := c.Reference; r != nil {
		x := x0 + scale(r.Value)
		s.el("path", true, "d", "M"+num(x)+" "+strconv.Itoa(barTop-6)+"V"+num(bottom), "stroke", colText,
			"stroke-width", "1.5", "stroke-dasharray", "4 3")
		s.text(x, barTop-10, r.Label, "font-size", "12", "text-anchor", "middle", "fill", colText)
	}
	return s.close()
}
