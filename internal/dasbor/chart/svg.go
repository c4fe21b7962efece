// Package chart draws the dashboard's charts as SVG on the server: a choropleth map of the provinces, a
// population pyramid and a bar chart. Every chart is an image for assistive technology (role="img") with a
// <title> and a <desc>; the page puts a data table beside it. No script, no external asset.
package chart

import (
	"encoding/xml"
	"math"
	"strconv"
	"strings"
)

// Cell is one value of a chart.
type Cell struct {
	// Value sets the size or colour; it is ignored when Suppressed or Missing.
	Value float64
	// Label is the value as written beside it, already formatted.
	Label      string
	Suppressed bool
	Missing    bool
}

func (c Cell) drawn() bool { return !c.Suppressed && !c.Missing }

// Palette is a five-class sequential blue scale (ColorBrewer "Blues"), readable by people with the common
// colour-vision deficiencies; the darkest three carry white text.
var Palette = [5]string{"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"}

// Colours shared by the charts.
const (
	colText      = "#0b0c0c"
	colMuted     = "#505a5f"
	colBar       = "#3182bd"
	colHighlight = "#08306b"
	colMissing   = "#f3f2f1"
	colRule      = "#b1b4b6"
)

// svg accumulates one SVG document.
type svg struct {
	b strings.Builder
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// num writes a coordinate with at most one decimal.
func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

// open writes the root element with its accessible name and description.
func (s *svg) open(id string, w, h int, class, title, desc string) {
	s.b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `)
	s.b.WriteString(strconv.Itoa(w) + " " + strconv.Itoa(h))
	s.b.WriteString(`" width="` + strconv.Itoa(w) + `" height="` + strconv.Itoa(h) + `" role="img" aria-labelledby="`)
	s.b.WriteString(esc(id) + `-judul ` + esc(id) + `-uraian" class="chart ` + esc(class) + `" id="` + esc(id) + `">`)
	s.b.WriteString(`<title id="` + esc(id) + `-judul">` + esc(title) + `</title>`)
	s.b.WriteString(`<desc id="` + esc(id) + `-uraian">` + esc(desc) + `</desc>`)
}

func (s *svg) close() string {
	s.b.WriteString("</svg>")
	return s.b.String()
}

func (s *svg) raw(str string) { s.b.WriteString(str) }

// attrs writes name="value" pairs; values are escaped.
func (s *svg) el(name string, selfClose bool, attrs ...string) {
	s.b.WriteString("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		s.b.WriteString(" " + attrs[i] + `="` + esc(attrs[i+1]) + `"`)
	}
	if selfClose {
		s.b.WriteString("/>")
	} else {
		s.b.WriteString(">")
	}
}

func (s *svg) text(x, y float64, content string, attrs ...string) {
	s.el("text", false, append([]string{"x", num(x), "y", num(y)}, attrs...)...)
	s.b.WriteString(esc(content) + "</text>")
}

// hatch defines the pattern that fills a withheld area: diagonal grey lines on white.
func (s *svg) hatch(id string) {
	s.raw(`<defs><pattern id="` + esc(id) + `" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
		`<rect width="6" height="6" fill="#fff"/><path d="M0 0V6" stroke="#6f777b" stroke-width="2"/></pattern></defs>`)
}
