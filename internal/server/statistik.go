package server

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/bappenas/portal-regsosek/internal/dasbor"
	"github.com/bappenas/portal-regsosek/internal/dasbor/chart"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/templates/components"
	"github.com/bappenas/portal-regsosek/templates/pages/public"
)

// handleStatistikLayanan shows the public statistics of the service (issue: "how many K/L, provinces and
// kab/kota are Pengguna, a map of Pemda with access, median days to decision"): aggregates only.
func (s *Server) handleStatistikLayanan(w http.ResponseWriter, r *http.Request) {
	st, at, err := s.dasbor.serviceStats(r.Context(), s.now())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	snap, err := s.dasbor.current(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	page := s.page(r, "Statistik Layanan")
	v := public.StatistikView{Page: page, Updated: indo.DateTime(at), Decided: indo.Int(int64(st.Decisions)), Median: "–"}
	if st.Decisions > 0 {
		v.Median = indo.Decimal(st.MedianDays, 1) + " hari"
	}
	f := func(n int) string { return indo.Int(int64(n)) }
	v.Rows = []public.StatistikRow{
		{Jenis: "Kementerian/Lembaga", Pengguna: f(st.PenggunaKL), Akun: f(st.AkunKL), Total: f(st.TotalKL)},
		{Jenis: "Pemerintah Provinsi", Pengguna: f(st.PenggunaProvinsi), Akun: f(st.AkunProvinsi), Total: f(st.TotalProvinsi)},
		{Jenis: "Pemerintah Kabupaten/Kota", Pengguna: f(st.PenggunaKabKota), Akun: f(st.AkunKabKota), Total: f(st.TotalKabKota)},
	}
	v.Map, v.MapRows = pemdaMap(snap.provinces, st)
	wt, err := s.serviceTimes(r.Context(), s.now()) // statistik_waktu.go
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v.Waktu = waktuView(wt)
	var buf bytes.Buffer
	if err := public.Statistik(v).Render(r.Context(), &buf); err != nil {
		s.renderError(w, r, err)
		return
	}
	cc := cachePrivate
	if page.User == "" && page.Flash == "" {
		cc = "public, max-age=300"
	}
	newCachedResponse("text/html; charset=utf-8", buf.Bytes()).write(w, r, cc)
}

func pemdaMap(provinces []dasbor.Wilayah, st review.ServiceStats) (components.DasborChart, []components.DasborMapRow) {
	values := map[string]chart.Cell{}
	var rows []components.DasborMapRow
	with := 0
	for _, p := range provinces {
		c := st.PerProvinsi[p.Kode]
		pct := 0.0
		if c.Total > 0 {
			pct = 100 * float64(c.Pengguna) / float64(c.Total)
		}
		if c.Pengguna > 0 {
			with++
		}
		label := fmt.Sprintf("%s dari %s Pemda (%s)", indo.Int(int64(c.Pengguna)), indo.Int(int64(c.Total)), indo.Percent(pct))
		values[p.Kode] = chart.Cell{Value: pct, Label: label}
		rows = append(rows, components.DasborMapRow{Kode: p.Kode, Nama: p.Nama,
			Value: indo.Int(int64(c.Pengguna)) + " dari " + indo.Int(int64(c.Total)), Share: indo.Percent(pct)})
	}
	title := "Peta Pemda Pengguna Data Regsosek"
	desc := fmt.Sprintf("Peta 38 provinsi, diwarnai menurut persentase pemerintah daerah (provinsi dan kabupaten/kota) yang menjadi "+
		"pengguna data Regsosek. %d provinsi memiliki sedikitnya satu Pemda pengguna. Angka setiap provinsi ada pada tabel data.", with)
	c := components.DasborChart{ID: "grafik-peta-pemda", Heading: title, Caption: mapAttribution}
	ch := chart.Choropleth{ID: "grafik-peta-pemda", Title: title, Desc: desc, Values: values, Format: indo.Percent}
	if m, err := provinceMap(); err == nil {
		c.SVG = m.SVG(ch)
	}
	c.Legend = legendOf(ch)
	return c, rows
}
