package chart

import (
	"math"
	"slices"
)

// Choropleth is the data of one province map.
type Choropleth struct {
	ID, Title, Desc string
	// Values by province code.
	Values map[string]Cell
	// Selected is the province drawn with a heavy outline, if any.
	Selected string
	// Format writes a class boundary for the legend.
	Format func(float64) string
	// SuppressedNote is the legend text of withheld provinces.
	SuppressedNote string
}

// Breaks returns the upper bounds of up to five classes holding about equal numbers of values (quantiles);
// fewer when there are few distinct values.
func Breaks(values []float64) []float64 {
	v := slices.Clone(values)
	slices.Sort(v)
	v = slices.Compact(v)
	if len(v) == 0 {
		return nil
	}
	classes := min(len(Palette), len(v))
	var out []float64
	for i := 1; i <= classes; i++ {
		idx := int(math.Ceil(float64(i)*float64(len(v))/float64(classes))) - 1
		b := v[idx]
		if len(out) == 0 || b > out[len(out)-1] {
			out = append(out, b)
		}
	}
	return out
}

// classOf returns the class of a value given Breaks.
func classOf(x float64, breaks []float64) int {
	for i, b := range breaks {
		if x <= b {
			return i
		}
	}
	return len(breaks) - 1
}

// paletteIndex maps class i of n onto the palette, spreading few classes across it; a single class (every
// province alike) takes the lightest colour.
func paletteIndex(i, n int) int {
	if n <= 1 {
		return 0
	}
	return i * (len(Palette) - 1) / (n - 1)
}

// LegendItem is one entry of a map's legend: a palette swatch (Swatch is the index in Palette, or -1 for
// the hatching of withheld provinces) and its text. The page draws the legend in HTML under the map, so it
// stays readable when the map shrinks to a phone's width.
type LegendItem struct {
	Swatch int
	Text   string
}

func (c Choropleth) breaks() []float64 {
	var vals []float64
	for _, cell := range c.Values {
		if cell.drawn() {
			vals = append(vals, cell.Value)
		}
	}
	return Breaks(vals)
}

// Legend returns the classes of the map, lowest first, and the withheld entry when SuppressedNote is set.
func (c Choropleth) Legend() []LegendItem {
	breaks := c.breaks()
	var items []LegendItem
	for i, b := range breaks {
		text := "≤ " + c.Format(b)
		if i > 0 {
			text = "> " + c.Format(breaks[i-1]) + " – " + c.Format(b)
		}
		items = append(items, LegendItem{Swatch: paletteIndex(i, len(breaks)), Text: text})
	}
	if c.SuppressedNote != "" {
		items = append(items, LegendItem{Swatch: -1, Text: c.SuppressedNote})
	}
	return items
}

// SVG draws the map: provinces coloured by class, withheld ones hatched, missing ones grey, and the selected
// one outlined. Each province carries a <title> with its name and value for pointer users.
func (m *Map) SVG(c Choropleth) string {
	breaks := c.breaks()
	hatch := c.ID + "-arsir"
	var s svg
	s.open(c.ID, m.Width, m.Height, "chart-peta", c.Title, c.Desc)
	s.hatch(hatch)
	s.raw(`<g stroke="#fff" stroke-width="0.6" stroke-linejoin="round">`)
	var selected *Province
	for i, p := range m.Provinces {
		cell, ok := c.Values[p.Kode]
		fill, label := colMissing, p.Nama+": "
		switch {
		case !ok || cell.Missing:
			label += "tidak ada data"
		case cell.Suppressed:
			fill, label = "url(#"+hatch+")", label+"disembunyikan"
		default:
			fill, label = Palette[paletteIndex(classOf(cell.Value, breaks), len(breaks))], label+cell.Label
		}
		s.el("path", false, "d", p.Path, "fill", fill, "data-kode", p.Kode)
		s.raw("<title>" + esc(label) + "</title></path>")
		if p.Kode == c.Selected {
			selected = &m.Provinces[i]
		}
	}
	s.raw("</g>")
	if selected != nil {
		s.el("path", true, "d", selected.Path, "fill", "none", "stroke", colText, "stroke-width", "2.5", "class", "terpilih")
	}
	return s.close()
}
