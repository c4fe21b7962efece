package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/templates/components"
	"github.com/bappenas/portal-regsosek/templates/pages/public"
)

// wilayahChoice is what a form sent for the four levels. Lower levels are ignored unless they belong to
// the level above, so changing the province resets the rest.
type wilayahChoice struct {
	Provinsi, KabupatenKota, Kecamatan, DesaKelurahan string
}

func parseWilayahChoice(get func(string) string, prefix string) wilayahChoice {
	c := wilayahChoice{
		Provinsi:      strings.TrimSpace(get(prefix + "provinsi")),
		KabupatenKota: strings.TrimSpace(get(prefix + "kabupaten_kota")),
		Kecamatan:     strings.TrimSpace(get(prefix + "kecamatan")),
		DesaKelurahan: strings.TrimSpace(get(prefix + "desa_kelurahan")),
	}
	if !strings.HasPrefix(c.KabupatenKota, c.Provinsi+".") || c.Provinsi == "" {
		c.KabupatenKota = ""
	}
	if !strings.HasPrefix(c.Kecamatan, c.KabupatenKota+".") || c.KabupatenKota == "" {
		c.Kecamatan = ""
	}
	if !strings.HasPrefix(c.DesaKelurahan, c.Kecamatan+".") || c.Kecamatan == "" {
		c.DesaKelurahan = ""
	}
	return c
}

func toOptions(list []request.Wilayah) []components.Option {
	opts := make([]components.Option, len(list))
	for i, w := range list {
		opts[i] = components.Option{Value: w.Kode, Label: w.Nama}
	}
	return opts
}

// wilayahPicker builds the cascade for a choice, down to the level named by depth (1 provinsi … 4 desa).
// An unknown code shows as not chosen.
func (s *Server) wilayahPicker(ctx context.Context, c wilayahChoice, prefix string, depth int) (public.WilayahPicker, error) {
	var p public.WilayahPicker
	prov, err := s.store.ListProvinsi(ctx)
	if err != nil {
		return p, err
	}
	p.Provinsi = components.Choice{Name: prefix + "provinsi", Label: "Provinsi", Placeholder: "Pilih provinsi",
		Options: toOptions(prov), Selected: c.Provinsi}
	levels := []struct {
		parent, selected string
		choice           *components.Choice
		name, label      string
		list             func(context.Context, string) ([]request.Wilayah, error)
	}{
		{c.Provinsi, c.KabupatenKota, &p.KabupatenKota, "kabupaten_kota", "Kabupaten/Kota", s.store.ListKabupatenKota},
		{c.KabupatenKota, c.Kecamatan, &p.Kecamatan, "kecamatan", "Kecamatan", s.store.ListKecamatan},
		{c.Kecamatan, c.DesaKelurahan, &p.DesaKelurahan, "desa_kelurahan", "Desa/Kelurahan", s.store.ListDesaKelurahan},
	}
	chosen := []string{}
	names := map[string]string{}
	for _, o := range p.Provinsi.Options {
		names[o.Value] = o.Label
	}
	if n, ok := names[c.Provinsi]; ok {
		chosen = append(chosen, n)
	}
	for i, l := range levels {
		if i+2 > depth || l.parent == "" || names[l.parent] == "" {
			break
		}
		list, err := l.list(ctx, l.parent)
		if err != nil {
			return p, err
		}
		*l.choice = components.Choice{Name: prefix + l.name, Label: l.label, Placeholder: "Pilih " + strings.ToLower(l.label),
			Options: toOptions(list), Selected: l.selected}
		for _, o := range l.choice.Options {
			names[o.Value] = o.Label
		}
		if n, ok := names[l.selected]; ok {
			chosen = append(chosen, n)
		}
	}
	p.Chosen = strings.Join(chosen, ", ")
	return p, nil
}

func (s *Server) handleWilayahPicker(w http.ResponseWriter, r *http.Request) {
	c := parseWilayahChoice(r.URL.Query().Get, "")
	picker, err := s.wilayahPicker(r.Context(), c, "", 4)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, public.Wilayah(public.WilayahView{Page: s.page(r, "Referensi Wilayah"), Picker: picker}))
}
