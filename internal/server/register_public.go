package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/register"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/templates/components"
	"github.com/bappenas/portal-regsosek/templates/layout"
	pv "github.com/bappenas/portal-regsosek/templates/pages/permohonan"
	rg "github.com/bappenas/portal-regsosek/templates/pages/register"
)

// The public Register Pemanfaatan Data Regsosek (internal/register): no sign-in, no personal data; a list
// with search and filters, a permanent page per entry, and the whole as CSV and JSON.

var registerStatusClass = map[register.Status]string{register.Berlaku: "tag-green", register.Berakhir: "tag-grey", register.Dicabut: "tag-red"}

func labels(options []request.Option, values []string) string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = request.Label(options, v)
	}
	return strings.Join(out, ", ")
}

func periode(e register.Entry) string {
	return indo.Date(e.Mulai) + " sampai " + indo.Date(e.Sampai)
}

func entryCard(e register.Entry) rg.EntryCard {
	return rg.EntryCard{Nomor: e.Nomor, Href: register.PathOf(e.Nomor), Instansi: e.InstansiNama, Kategori: e.Kategori.Label(), Ringkasan: e.Ringkasan,
		JenisData: labels(request.JenisDataOptions, e.JenisData()), Media: labels(request.MediaOptions, e.Media()),
		Wilayah: strings.Join(e.Wilayah(), "; "), Periode: periode(e), Status: e.Status.Label(), StatusClass: registerStatusClass[e.Status]}
}

var filterNames = map[string]string{"kategori": "jenis instansi", "jenis_data": "jenis data", "media": "media", "status": "status",
	"provinsi": "provinsi", "tahun": "tahun", "halaman": "halaman"}

func (s *Server) handleRegister(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f := register.ParseFilter(r.URL.Query())
	entries, total, err := s.store.ListRegister(ctx, f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	filters, err := s.registerFilters(r, f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	q := f.Query()
	v := rg.ListView{Page: s.page(r, "Register Pemanfaatan Data Regsosek"), Q: f.Q, Filters: filters,
		Total: indo.Int(int64(total)) + " entri", CSVHref: "/register/unduh.csv?" + q.Encode(), JSONHref: "/register/unduh.json?" + q.Encode(),
		APIHref: "/api/openapi.json"}
	if len(f.Ignored) > 0 {
		var names []string
		for _, n := range f.Ignored {
			names = append(names, filterNames[n])
		}
		v.Ignored = "Pilihan " + strings.Join(names, ", ") + " tidak dikenal dan diabaikan."
	}
	for _, e := range entries {
		v.Entries = append(v.Entries, entryCard(e))
	}
	pages := max(1, (total+register.PageSize-1)/register.PageSize)
	v.PageLabel = "Halaman " + strconv.Itoa(f.Page) + " dari " + strconv.Itoa(pages)
	link := func(page int) string {
		q.Set("halaman", strconv.Itoa(page))
		return "/register?" + q.Encode()
	}
	if f.Page > 1 {
		v.PrevHref = link(min(f.Page-1, pages))
	}
	if f.Page < pages {
		v.NextHref = link(f.Page + 1)
	}
	cacheForPublic(w, v.Page, 60)
	s.render(w, r, http.StatusOK, rg.List(v))
}

// registerFilters are the choices of the register's filter form, with the current ones selected.
func (s *Server) registerFilters(r *http.Request, f register.Filter) ([]components.Choice, error) {
	kat := components.Choice{Name: "kategori", Label: "Jenis instansi", Placeholder: "Semua", Selected: string(f.Kategori)}
	for _, k := range account.AllKategori {
		kat.Options = append(kat.Options, components.Option{Value: string(k), Label: k.Label()})
	}
	opts := func(name, label, selected string, list []request.Option) components.Choice {
		c := components.Choice{Name: name, Label: label, Placeholder: "Semua", Selected: selected}
		for _, o := range list {
			c.Options = append(c.Options, components.Option{Value: o.Value, Label: o.Label})
		}
		return c
	}
	status := components.Choice{Name: "status", Label: "Status", Placeholder: "Semua", Selected: string(f.Status)}
	for _, st := range register.AllStatus {
		status.Options = append(status.Options, components.Option{Value: string(st), Label: st.Label()})
	}
	prov := components.Choice{Name: "provinsi", Label: "Wilayah data di provinsi", Placeholder: "Semua", Selected: f.Provinsi}
	list, err := s.store.ListProvinsi(r.Context())
	if err != nil {
		return nil, err
	}
	for _, p := range list {
		prov.Options = append(prov.Options, components.Option{Value: p.Kode, Label: p.Nama})
	}
	tahun := components.Choice{Name: "tahun", Label: "Tahun akses diberikan", Placeholder: "Semua"}
	if f.Tahun != 0 {
		tahun.Selected = strconv.Itoa(f.Tahun)
	}
	for y := indo.Today(s.now()).Year(); y >= 2023; y-- {
		tahun.Options = append(tahun.Options, components.Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y)})
	}
	return []components.Choice{kat, opts("jenis_data", "Jenis data", f.JenisData, request.JenisDataOptions),
		opts("media", "Media akses", f.Media, request.MediaOptions), status, prov, tahun}, nil
}

func (s *Server) handleRegisterEntry(w http.ResponseWriter, r *http.Request) {
	e, err := s.store.FindRegisterEntry(r.Context(), chi.URLParam(r, "nomor"))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := rg.DetailView{Page: s.page(r, "Register: "+e.InstansiNama), Nomor: e.Nomor, Instansi: e.InstansiNama, Ringkasan: e.Ringkasan,
		JSONHref: "/api/v1/register/" + e.Nomor, Fakta: registerFakta(e)}
	for _, p := range e.Pengguna {
		v.Pengguna = append(v.Pengguna, rg.PenggunaRow{Nama: p.Nama, JenisData: request.Label(request.JenisDataOptions, p.JenisData),
			Media: request.Label(request.MediaOptions, p.Media), Wilayah: p.WilayahNama, Sampai: indo.Date(p.Sampai),
			Status: p.Status.Label()})
	}
	cacheForPublic(w, v.Page, 60)
	s.render(w, r, http.StatusOK, rg.Detail(v))
}

func registerFakta(e register.Entry) []pv.Field {
	return []pv.Field{
		{Label: "Instansi", Value: e.InstansiNama},
		{Label: "Jenis instansi", Value: e.Kategori.Label()},
		{Label: "Status", Value: e.Status.Label()},
		{Label: "Jangka waktu", Value: periode(e)},
		{Label: "Jenis data", Value: labels(request.JenisDataOptions, e.JenisData())},
		{Label: "Media akses", Value: labels(request.MediaOptions, e.Media())},
		{Label: "Wilayah", Value: strings.Join(e.Wilayah(), "; ")},
	}
}

func (s *Server) handleRegisterCSV(w http.ResponseWriter, r *http.Request) {
	entries, err := s.store.RegisterAll(r.Context(), register.ParseFilter(r.URL.Query()))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := register.WriteCSV(&buf, entries, s.cfg.BaseURL.String()); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.download(w, "text/csv; charset=utf-8", "register-pemanfaatan-data-regsosek.csv", buf.Bytes())
}

func (s *Server) handleRegisterJSON(w http.ResponseWriter, r *http.Request) {
	entries, err := s.store.RegisterAll(r.Context(), register.ParseFilter(r.URL.Query()))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	out := register.ListJSON{Jumlah: len(entries), Halaman: 1, Entri: []register.EntryJSON{}, Dibuat: s.now().UTC().Truncate(time.Second)}
	for _, e := range entries {
		out.Entri = append(out.Entri, register.ToJSON(e, s.cfg.BaseURL.String()))
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.download(w, "application/json", "register-pemanfaatan-data-regsosek.json", b)
}

// download sends a public data file as an attachment anyone may fetch, also from other sites' scripts.
func (s *Server) download(w http.ResponseWriter, contentType, name string, b []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "public, max-age=60")
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	_, _ = w.Write(b)
}

// cacheForPublic lets shared caches keep a public page for maxAge seconds when it carries nothing of one visitor
// (no name in the header, no flash); otherwise only the browser keeps it.
func cacheForPublic(w http.ResponseWriter, p layout.Page, maxAge int) {
	if p.User == "" && p.Flash == "" {
		w.Header().Set("Cache-Control", "public, max-age="+strconv.Itoa(maxAge))
		return
	}
	w.Header().Set("Cache-Control", cachePrivate)
}
