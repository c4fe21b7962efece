package chart_test

import (
	"encoding/xml"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/dasbor/chart"
	"github.com/bappenas/portal-regsosek/internal/refdata"
)

func TestMercator(t *testing.T) {
	t.Parallel()
	// Indonesia's bounds (internal/refdata/geo/README.md) on a 1000-unit map with a margin of 4.
	m := chart.FitMercator(95.0438, -10.9312, 141.0200, 5.9070, 1000, 4)
	near := func(a, b float64) bool { return math.Abs(a-b) < 0.01 }
	tests := []struct {
		name     string
		lon, lat float64
		x, y     float64
	}{
		{"north-west corner", 95.0438, 5.9070, 4, 4},
		{"south-east corner", 141.0200, -10.9312, 996, m.Height - 4},
		{"west edge on the equator", 95.0438, 0, 4, 4 + (5.9070*math.Pi/180)*(992/((141.0200-95.0438)*math.Pi/180))*1.0017754},
		{"Jakarta", 106.8456, -6.2088, 4 + (106.8456-95.0438)/(141.0200-95.0438)*992, -1},
	}
	for _, tt := range tests {
		x, y := m.Project(tt.lon, tt.lat)
		if !near(x, tt.x) {
			t.Errorf("%s: x = %.3f, want %.3f", tt.name, x, tt.x)
		}
		if tt.y >= 0 && math.Abs(y-tt.y) > 0.05 {
			t.Errorf("%s: y = %.3f, want %.3f", tt.name, y, tt.y)
		}
	}
	// Mercator: equal steps of latitude grow apart away from the equator; longitude is linear.
	_, y0 := m.Project(120, 0)
	_, y5 := m.Project(120, -5)
	_, y10 := m.Project(120, -10)
	if !(y10-y5 > y5-y0) {
		t.Errorf("latitude spacing %.3f then %.3f, want growing", y5-y0, y10-y5)
	}
	if h := m.Height; h < 370 || h > 380 {
		t.Errorf("height %.1f for Indonesia at 1000 wide, want about 375", h)
	}
}

func TestPathData(t *testing.T) {
	t.Parallel()
	// 10 units per degree of longitude; latitude 0–10° stretches to 100.5 units (Mercator), so the
	// equator falls on y = 104.5 and rounds to 105.
	m := chart.FitMercator(0, 0, 10, 10, 108, 4)
	tests := []struct {
		name string
		in   [][]chart.Ring
		want string
	}{
		{"square: one move, relative lines, closed",
			[][]chart.Ring{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}}, "M4 105l10 0 0-10-10 0z"},
		{"repeated points after rounding are dropped",
			[][]chart.Ring{{{{0, 0}, {0.01, 0}, {1, 0}, {1, 1}, {0, 0}}}}, "M4 105l10 0 0-10z"},
		{"a ring that collapses to a point or a line is left out",
			[][]chart.Ring{{{{5, 5}, {5.01, 5}, {5, 5.01}, {5, 5}}}, {{{0, 0}, {1, 0}, {2, 0}, {0, 0}}}}, ""},
		{"two polygons", [][]chart.Ring{{{{0, 0}, {1, 0}, {1, 1}}}, {{{2, 2}, {3, 2}, {3, 3}}}},
			"M4 105l10 0 0-10zM24 85l10 0 0-11z"},
	}
	for _, tt := range tests {
		if got := m.PathData(tt.in); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestBreaks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   []float64
		want []float64
	}{
		{nil, nil},
		{[]float64{5}, []float64{5}},
		{[]float64{3, 3, 3}, []float64{3}},
		{[]float64{1, 2}, []float64{1, 2}},
		{[]float64{10, 1, 9, 2, 8, 3, 7, 4, 6, 5}, []float64{2, 4, 6, 8, 10}},
	}
	for _, tt := range tests {
		if got := chart.Breaks(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Breaks(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// checkSVG parses an SVG as XML and checks what assistive technology needs: role="img", a <title> and a
// <desc> first, named by aria-labelledby.
func checkSVG(t *testing.T, svg, wantTitle string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	var root *xml.StartElement
	var children []string
	texts := map[string]string{}
	depth := 0
	var current string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%.300s", err, svg)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			depth++
			if root == nil {
				c := e.Copy()
				root = &c
			} else if depth == 2 {
				children = append(children, e.Name.Local)
				for _, a := range e.Attr {
					if a.Name.Local == "id" {
						current = a.Value
					}
				}
			}
		case xml.CharData:
			if depth == 2 && current != "" {
				texts[current] += string(e)
			}
		case xml.EndElement:
			depth--
			if depth == 1 {
				current = ""
			}
		}
	}
	attr := map[string]string{}
	for _, a := range root.Attr {
		attr[a.Name.Local] = a.Value
	}
	if root.Name.Local != "svg" || attr["role"] != "img" {
		t.Fatalf("root %s role %q, want svg role=img", root.Name.Local, attr["role"])
	}
	if len(children) < 2 || children[0] != "title" || children[1] != "desc" {
		t.Fatalf("first children %v, want title then desc", children[:min(2, len(children))])
	}
	ids := strings.Fields(attr["aria-labelledby"])
	if len(ids) != 2 || texts[ids[0]] != wantTitle || texts[ids[1]] == "" {
		t.Errorf("aria-labelledby %v names title %q and desc %q", ids, texts[ids[0]], texts[ids[1]])
	}
	if attr["viewBox"] == "" {
		t.Error("no viewBox: the chart would not scale")
	}
}

func TestChoropleth(t *testing.T) {
	t.Parallel()
	geo, err := refdata.ProvinceGeoJSON()
	if err != nil {
		t.Fatal(err)
	}
	m, err := chart.NewMap(geo, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Provinces) != 38 {
		t.Fatalf("%d provinces", len(m.Provinces))
	}
	total := 0
	for _, p := range m.Provinces {
		if p.Path == "" {
			t.Errorf("province %s %s vanished", p.Kode, p.Nama)
		}
		total += len(p.Path)
	}
	// The budget: Beranda, map included, under 200 KB.
	if total > 60_000 {
		t.Errorf("paths take %d bytes", total)
	}
	values := map[string]chart.Cell{}
	for i, p := range m.Provinces {
		values[p.Kode] = chart.Cell{Value: float64(i), Label: "nilai <" + p.Nama + ">"}
	}
	values["95"] = chart.Cell{Suppressed: true, Label: "x"}
	delete(values, "96")
	c := chart.Choropleth{ID: "peta", Title: "Peta & penyebaran", Desc: "Uraian", Values: values, Selected: "32",
		Format: func(f float64) string { return strconv.FormatFloat(f, 'f', 0, 64) }, SuppressedNote: "x disembunyikan"}
	svg := m.SVG(c)
	checkSVG(t, svg, "Peta & penyebaran")
	for _, want := range []string{`fill="url(#peta-arsir)"`, `<title>Papua Pegunungan: disembunyikan</title>`,
		`<title>Papua Barat Daya: tidak ada data</title>`, `class="terpilih"`, "nilai &lt;Aceh&gt;", `fill="` + chart.Palette[4] + `"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("map lacks %s", want)
		}
	}
	// 36 drawn values 0…35 (Papua Pegunungan withheld, Papua Barat Daya missing) in five classes, then the hatching.
	legend := c.Legend()
	want := []chart.LegendItem{{Swatch: 0, Text: "≤ 7"}, {Swatch: 1, Text: "> 7 – 14"}, {Swatch: 2, Text: "> 14 – 21"},
		{Swatch: 3, Text: "> 21 – 28"}, {Swatch: 4, Text: "> 28 – 35"}, {Swatch: -1, Text: "x disembunyikan"}}
	if !slices.Equal(legend, want) {
		t.Errorf("legend %v, want %v", legend, want)
	}
}

func TestPyramidAndBars(t *testing.T) {
	t.Parallel()
	p := chart.Pyramid{ID: "piramida", Title: "Piramida Penduduk", Desc: "Uraian", LeftLabel: "Laki-laki", RightLabel: "Perempuan",
		Rows: []chart.PyramidRow{
			{Label: "0–4", Left: chart.Cell{Value: 10, Label: "10,0%"}, Right: chart.Cell{Value: 9, Label: "9,0%"}},
			{Label: "75+", Left: chart.Cell{Suppressed: true, Label: "x"}, Right: chart.Cell{Value: 1, Label: "1,0%"}},
		}}
	svg := p.SVG()
	checkSVG(t, svg, "Piramida Penduduk")
	if !strings.Contains(svg, `class="disembunyikan"`) || !strings.Contains(svg, ">x</text>") {
		t.Error("pyramid does not mark the withheld cell")
	}
	// Oldest at the top: 75+ is drawn before 0–4.
	if strings.Index(svg, ">75+<") > strings.Index(svg, ">0–4<") {
		t.Error("pyramid is upside down")
	}
	b := chart.BarChart{ID: "air", Title: "Air minum", Desc: "Uraian", Max: 100,
		Bars:      []chart.Bar{{Label: "Bali", Cell: chart.Cell{Value: 95, Label: "95,0%"}}, {Label: "Papua", Cell: chart.Cell{Suppressed: true, Label: "x"}, Highlight: true}},
		Ticks:     []chart.Tick{{Value: 0, Label: "0%"}, {Value: 100, Label: "100%"}},
		Reference: &chart.Tick{Value: 80, Label: "Nasional 80,0%"}}
	svg = b.SVG()
	checkSVG(t, svg, "Air minum")
	for _, want := range []string{"Nasional 80,0%", `class="disembunyikan"`, `font-weight="bold"`, "95,0%"} {
		if !strings.Contains(svg, want) {
			t.Errorf("bar chart lacks %s", want)
		}
	}
}
