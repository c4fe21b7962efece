package server

import (
	"cmp"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/dasbor"
	"github.com/bappenas/portal-regsosek/internal/dasbor/chart"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/templates/components"
)

// mapAttribution is the licence notice of the province boundaries (internal/refdata/geo/README.md).
const mapAttribution = "Batas wilayah provinsi: diolah dari wilayah_boundaries © Cahya DSN " +
	"(github.com/cahyadsn/wilayah_boundaries), Lisensi MIT; disederhanakan."

var percentTicks = []chart.Tick{{Value: 0, Label: "0%"}, {Value: 25, Label: "25%"}, {Value: 50, Label: "50%"},
	{Value: 75, Label: "75%"}, {Value: 100, Label: "100%"}}

// dasborSource is what a dashboard view is built from: a release after disclosure control.
type dasborSource struct {
	data      *dasbor.Data // nil when nothing is published
	rilis     dasbor.Rilis
	provinces []dasbor.Wilayah
	// action is the page the wilayah form and the table links go to.
	action   string
	download bool
}

func (src dasborSource) href(wilayah, peta string) string {
	return src.action + "?" + url.Values{"wilayah": {wilayah}, "peta": {peta}}.Encode()
}

// peta label of an indicator in the map picker.
func petaLabel(in dasbor.Indicator) string {
	if in.Parent == "" {
		return in.Label
	}
	return in.Label + " (%)"
}

// buildDasborView formats every figure and draws every chart of one wilayah.
func (s *Server) buildDasborView(src dasborSource, q dasborQuery) components.DasborView {
	v := components.DasborView{Action: src.action, Sumber: src.rilis.Sumber, Attribution: mapAttribution}
	v.Wilayah = components.Choice{Name: "wilayah", Label: "PILIH WILAYAH DATA", Selected: q.Wilayah,
		Options: []components.Option{{Value: dasbor.Nasional, Label: "Nasional"}}}
	for _, p := range src.provinces {
		v.Wilayah.Options = append(v.Wilayah.Options, components.Option{Value: p.Kode, Label: p.Nama})
	}
	v.Peta = components.Choice{Name: "peta", Label: "Indikator peta", Selected: q.Peta}
	for _, in := range dasbor.MapIndicators() {
		v.Peta.Options = append(v.Peta.Options, components.Option{Value: in.Kode, Label: petaLabel(in)})
	}
	d := src.data
	if d == nil {
		v.Empty = true
		return v
	}
	v.WilayahNama = d.Name(q.Wilayah)
	v.Rilis = fmt.Sprintf("rilis versi %d", src.rilis.Versi)
	if src.rilis.PublishedAt != nil {
		v.Rilis += ", terbit " + indo.DateTime(*src.rilis.PublishedAt)
	}
	hidden := false
	for _, in := range dasbor.Indicators {
		if in.Rincian != nil {
			continue
		}
		f := d.Get(in.Kode, q.Wilayah, "")
		c := components.DasborCard{Label: in.Short, Value: f.Text(), Unit: string(in.Unit), Suppressed: f.Suppressed}
		if in.Parent != "" {
			parent, _ := dasbor.Find(in.Parent)
			if r := d.Share(in.Kode, q.Wilayah, ""); !r.Suppressed && !f.Suppressed {
				c.Share = r.Text() + " dari " + strings.ToLower(parent.Label)
			}
		}
		hidden = hidden || f.Suppressed
		v.Cards = append(v.Cards, c)
	}
	var h bool
	v.Map, v.MapRows, v.MapShare, v.MapUnit, h = mapChart(src, d, q)
	hidden = hidden || h
	v.Pyramid, v.PyramidRows, h = pyramidChart(d, q)
	hidden = hidden || h
	v.Air, v.AirRows, h = airChart(src, d, q)
	hidden = hidden || h
	if hidden {
		v.SuppressedNote = fmt.Sprintf("= angka disembunyikan karena dibentuk dari kurang dari %d keluarga, atau agar tidak "+
			"dapat dihitung dari angka lain (pengendalian pengungkapan statistik).", s.cfg.DasborMinKeluarga)
	}
	if src.download {
		v.DownloadHref = "/dasbor/unduh?" + url.Values{"wilayah": {q.Wilayah}, "peta": {q.Peta}}.Encode()
	}
	return v
}

func legendOf(c chart.Choropleth) []components.LegendEntry {
	var out []components.LegendEntry
	for _, it := range c.Legend() {
		out = append(out, components.LegendEntry{Swatch: it.Swatch, Text: it.Text})
	}
	return out
}

// mapCell is a province's value for the map: a count for the totals, a percentage for the parts.
func mapCell(d *dasbor.Data, in dasbor.Indicator, wilayah string) (count dasbor.Figure, share dasbor.Ratio, cell chart.Cell) {
	count = d.Get(in.Kode, wilayah, "")
	if in.Parent == "" {
		cell = chart.Cell{Value: float64(count.Value), Label: count.Text() + " " + string(in.Unit),
			Suppressed: count.Suppressed, Missing: count.Missing}
		return count, dasbor.Ratio{Missing: true}, cell
	}
	share = d.Share(in.Kode, wilayah, "")
	cell = chart.Cell{Value: share.Percent, Label: share.Text(), Suppressed: share.Suppressed || count.Suppressed,
		Missing: share.Missing}
	return count, share, cell
}

func mapChart(src dasborSource, d *dasbor.Data, q dasborQuery) (components.DasborChart, []components.DasborMapRow, bool, string, bool) {
	in, _ := dasbor.Find(q.Peta)
	values := map[string]chart.Cell{}
	var rows []components.DasborMapRow
	hidden := 0
	type ranked struct {
		nama string
		cell chart.Cell
	}
	var shown []ranked
	for _, w := range append([]dasbor.Wilayah{{Kode: dasbor.Nasional, Nama: "Nasional"}}, src.provinces...) {
		count, share, cell := mapCell(d, in, w.Kode)
		row := components.DasborMapRow{Kode: w.Kode, Nama: w.Nama, Href: src.href(w.Kode, q.Peta), Value: count.Text(),
			Share: share.Text(), Suppressed: cell.Suppressed, Selected: w.Kode == q.Wilayah}
		rows = append(rows, row)
		if w.Kode == dasbor.Nasional {
			continue
		}
		values[w.Kode] = cell
		if cell.Suppressed {
			hidden++
		} else if !cell.Missing {
			shown = append(shown, ranked{w.Nama, cell})
		}
	}
	format := func(x float64) string { return indo.Int(int64(math.Round(x))) }
	if in.Parent != "" {
		format = indo.Percent
	}
	title := "Peta Penyebaran Indonesia: " + petaLabel(in)
	desc := fmt.Sprintf("Peta 38 provinsi Indonesia, diwarnai menurut %s dalam lima kelompok nilai.", strings.ToLower(petaLabel(in)))
	if len(shown) > 0 {
		hi := slices.MaxFunc(shown, func(a, b ranked) int { return cmp.Compare(a.cell.Value, b.cell.Value) })
		lo := slices.MinFunc(shown, func(a, b ranked) int { return cmp.Compare(a.cell.Value, b.cell.Value) })
		desc += fmt.Sprintf(" Tertinggi %s (%s), terendah %s (%s).", hi.nama, hi.cell.Label, lo.nama, lo.cell.Label)
	}
	if hidden > 0 {
		desc += fmt.Sprintf(" %d provinsi disembunyikan.", hidden)
	}
	if q.Wilayah != dasbor.Nasional {
		desc += " Provinsi " + d.Name(q.Wilayah) + " bergaris tebal."
	}
	desc += " Angka setiap provinsi ada pada tabel data."
	c := components.DasborChart{ID: "grafik-peta", Heading: title,
		Caption: "Warna menunjukkan kelompok nilai (kuantil); arahkan penunjuk ke provinsi untuk melihat nilainya, atau buka tabel data."}
	ch := chart.Choropleth{ID: "grafik-peta", Title: title, Desc: desc, Values: values, Selected: q.Wilayah,
		Format: format, SuppressedNote: "x disembunyikan"}
	if m, err := provinceMap(); err == nil {
		c.SVG = m.SVG(ch)
	}
	c.Legend = legendOf(ch)
	return c, rows, in.Parent != "", string(in.Unit), hidden > 0
}

func pyramidChart(d *dasbor.Data, q dasborQuery) (components.DasborChart, []components.DasborPyramidRow, bool) {
	total := d.Get(dasbor.JumlahPenduduk, q.Wilayah, "")
	pct := func(f dasbor.Figure) string {
		if f.Suppressed || total.Suppressed || total.Value == 0 {
			return f.Text()
		}
		return indo.Percent(100 * float64(f.Value) / float64(total.Value))
	}
	cell := func(f dasbor.Figure) chart.Cell {
		return chart.Cell{Value: float64(f.Value), Label: pct(f), Suppressed: f.Suppressed, Missing: f.Missing}
	}
	var rows []components.DasborPyramidRow
	var prows []chart.PyramidRow
	hidden := 0
	for _, age := range dasbor.AgeGroups {
		l := d.Get(dasbor.PendudukUmurKelJK, q.Wilayah, dasbor.PyramidKey("L", age))
		p := d.Get(dasbor.PendudukUmurKelJK, q.Wilayah, dasbor.PyramidKey("P", age))
		for _, f := range []dasbor.Figure{l, p} {
			if f.Suppressed {
				hidden++
			}
		}
		label := strings.Replace(age, "-", "–", 1)
		rows = append(rows, components.DasborPyramidRow{Umur: label + " tahun", Laki: l.Text(), Perempuan: p.Text(),
			LakiPct: pct(l), PerempPct: pct(p), LakiHidden: l.Suppressed, PHidden: p.Suppressed})
		prows = append(prows, chart.PyramidRow{Label: label, Left: cell(l), Right: cell(p)})
	}
	nama := d.Name(q.Wilayah)
	title := "Piramida Penduduk " + nama
	if q.Wilayah == dasbor.Nasional {
		title = "Piramida Penduduk Indonesia"
	}
	desc := fmt.Sprintf("Penduduk %s menurut kelompok umur lima tahunan dan jenis kelamin: laki-laki di kiri, perempuan di kanan, "+
		"umur termuda di bawah; label menunjukkan persentase dari jumlah penduduk (%s jiwa).", nama, total.Text())
	if hidden > 0 {
		desc += fmt.Sprintf(" %d kelompok disembunyikan.", hidden)
	}
	c := components.DasborChart{ID: "grafik-piramida", Heading: title, Caption: "Persentase dari jumlah penduduk " + nama + "."}
	c.SVG = chart.Pyramid{ID: "grafik-piramida", Title: title, Desc: desc, LeftLabel: "Laki-laki", RightLabel: "Perempuan", Rows: prows}.SVG()
	return c, rows, hidden > 0
}

func airChart(src dasborSource, d *dasbor.Data, q dasborQuery) (components.DasborChart, []components.DasborMapRow, bool) {
	in, _ := dasbor.Find(dasbor.AirMinumLayak)
	type item struct {
		w     dasbor.Wilayah
		count dasbor.Figure
		share dasbor.Ratio
	}
	var items []item
	for _, p := range src.provinces {
		items = append(items, item{p, d.Get(in.Kode, p.Kode, ""), d.Share(in.Kode, p.Kode, "")})
	}
	hiddenOf := func(it item) bool { return it.count.Suppressed || it.share.Suppressed }
	// Highest first; withheld ones last, by name.
	slices.SortStableFunc(items, func(a, b item) int {
		if ha, hb := hiddenOf(a), hiddenOf(b); ha != hb {
			if ha {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(b.share.Percent, a.share.Percent), cmp.Compare(a.w.Nama, b.w.Nama))
	})
	nas := d.Share(in.Kode, dasbor.Nasional, "")
	nasCount := d.Get(in.Kode, dasbor.Nasional, "")
	rows := []components.DasborMapRow{{Kode: dasbor.Nasional, Nama: "Nasional", Href: src.href(dasbor.Nasional, q.Peta),
		Value: nasCount.Text(), Share: nas.Text(), Suppressed: nas.Suppressed || nasCount.Suppressed, Selected: q.Wilayah == dasbor.Nasional}}
	var bars []chart.Bar
	hidden := 0
	for _, it := range items {
		h := hiddenOf(it)
		if h {
			hidden++
		}
		rows = append(rows, components.DasborMapRow{Kode: it.w.Kode, Nama: it.w.Nama, Href: src.href(it.w.Kode, q.Peta),
			Value: it.count.Text(), Share: it.share.Text(), Suppressed: h, Selected: it.w.Kode == q.Wilayah})
		label := it.share.Text()
		if h {
			label = dasbor.SuppressedMark
		}
		bars = append(bars, chart.Bar{Label: dasbor.ShortName(it.w.Nama), Highlight: it.w.Kode == q.Wilayah,
			Cell: chart.Cell{Value: it.share.Percent, Label: label, Suppressed: h, Missing: it.share.Missing}})
	}
	title := "Keluarga Dengan Akses Air Minum Layak menurut Provinsi"
	desc := "Persentase keluarga dengan akses air minum layak di setiap provinsi, diurutkan dari yang tertinggi"
	if !nas.Suppressed && !nas.Missing {
		desc += "; garis putus-putus menandai angka nasional " + nas.Text()
	}
	desc += "."
	if len(items) > 0 && !hiddenOf(items[0]) {
		last := items[0]
		for _, it := range items {
			if !hiddenOf(it) {
				last = it
			}
		}
		desc += fmt.Sprintf(" Tertinggi %s (%s), terendah %s (%s).", items[0].w.Nama, items[0].share.Text(), last.w.Nama, last.share.Text())
	}
	if hidden > 0 {
		desc += fmt.Sprintf(" %d provinsi disembunyikan.", hidden)
	}
	bc := chart.BarChart{ID: "grafik-air-minum", Title: title + " (%)", Desc: desc, Bars: bars, Max: 100,
		Ticks: percentTicks}
	if !nas.Suppressed && !nas.Missing {
		bc.Reference = &chart.Tick{Value: nas.Percent, Label: "Nasional " + nas.Text()}
	}
	c := components.DasborChart{ID: "grafik-air-minum", Heading: title, SVG: bc.SVG(),
		Caption: "Air minum layak: leding, air hujan, air kemasan atau isi ulang, atau sumur bor, sumur dan mata air terlindung yang berjarak sedikitnya 10 m dari tempat pembuangan tinja (REGSOSEK22-K 306a–b)."}
	return c, rows, hidden > 0 || nas.Suppressed
}
