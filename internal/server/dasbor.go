package server

import (
	"bytes"
	"net/http"
	"net/url"
	"sync"

	"github.com/bappenas/portal-regsosek/internal/dasbor"
	"github.com/bappenas/portal-regsosek/internal/dasbor/chart"
	"github.com/bappenas/portal-regsosek/internal/refdata"
	"github.com/bappenas/portal-regsosek/templates/components"
	"github.com/bappenas/portal-regsosek/templates/pages/public"
)

// mapWidth is the width of the map's drawing, in SVG units; it scales to the screen.
const mapWidth = 1000

// provinceMap is the projected outline of the 38 provinces, computed once.
var provinceMap = sync.OnceValues(func() (*chart.Map, error) {
	geo, err := refdata.ProvinceGeoJSON()
	if err != nil {
		return nil, err
	}
	return chart.NewMap(geo, mapWidth)
})

// Cache-Control of the dashboard's responses: anyone may keep a public one for a minute (a new release
// shows within that), a page with someone's name or a message on it only in their browser, checked first.
const (
	cachePublic  = "public, max-age=60"
	cachePrivate = "private, no-cache"
)

// dasborQuery is what the "PILIH WILAYAH DATA" form asks for.
type dasborQuery struct {
	Wilayah, Peta string
}

func (q dasborQuery) key() string { return q.Wilayah + "|" + q.Peta }

// parseDasborQuery reads ?wilayah=&peta= with their defaults; ok is false for a wilayah or map indicator
// that does not exist (a kab/kota code included: tier 1 stops at province level).
func parseDasborQuery(v url.Values, provinces []dasbor.Wilayah) (dasborQuery, bool) {
	q := dasborQuery{Wilayah: v.Get("wilayah"), Peta: v.Get("peta")}
	if q.Wilayah == "" {
		q.Wilayah = dasbor.Nasional
	}
	if q.Peta == "" {
		q.Peta = dasbor.JumlahPenduduk
	}
	if in, ok := dasbor.Find(q.Peta); !ok || !in.Map {
		return q, false
	}
	if q.Wilayah == dasbor.Nasional {
		return q, true
	}
	for _, p := range provinces {
		if p.Kode == q.Wilayah {
			return q, true
		}
	}
	return q, false
}

func (s *Server) handleBeranda(w http.ResponseWriter, r *http.Request) {
	snap, err := s.dasbor.current(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	q, ok := parseDasborQuery(r.URL.Query(), snap.provinces)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	page := s.page(r, "Beranda")
	page.Synthetic = snap.rilis.Sintetis
	// Most visitors are not signed in and carry no message: they all get the same bytes, kept in memory.
	generic := page.User == "" && page.Flash == "" && page.Notice == ""
	if generic {
		if cr := snap.response("beranda|" + q.key()); cr != nil {
			cr.write(w, r, cachePublic)
			return
		}
	}
	view := snap.view(q.key(), func() components.DasborView {
		return s.buildDasborView(dasborSource{data: snap.data, rilis: snap.rilis, provinces: snap.provinces, action: "/", download: true}, q)
	})
	var buf bytes.Buffer
	if err := public.Beranda(public.BerandaView{Page: page, Dasbor: view}).Render(r.Context(), &buf); err != nil {
		s.renderError(w, r, err)
		return
	}
	cr := newCachedResponse("text/html; charset=utf-8", buf.Bytes())
	if generic {
		snap.keep("beranda|"+q.key(), cr)
		cr.write(w, r, cachePublic)
		return
	}
	cr.write(w, r, cachePrivate)
}

// handleDasborCSV sends the figures the Beranda shows for a wilayah and map indicator, with the source line.
func (s *Server) handleDasborCSV(w http.ResponseWriter, r *http.Request) {
	snap, err := s.dasbor.current(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	q, ok := parseDasborQuery(r.URL.Query(), snap.provinces)
	if !ok || snap.data == nil {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	key := "csv|" + q.key()
	cr := snap.response(key)
	if cr == nil {
		var buf bytes.Buffer
		dasbor.WriteDownload(&buf, snap.data, dasbor.Download{Wilayah: q.Wilayah, Peta: q.Peta,
			Sumber: snap.rilis.Sumber, Versi: snap.rilis.Versi, Sintetis: snap.rilis.Sintetis, MinKeluarga: s.cfg.DasborMinKeluarga})
		cr = newCachedResponse("text/csv; charset=utf-8", buf.Bytes())
		snap.keep(key, cr)
	}
	cr.write(w, r, cachePublic, "Content-Disposition", `attachment; filename="dasbor-regsosek-`+q.Wilayah+`.csv"`)
}
