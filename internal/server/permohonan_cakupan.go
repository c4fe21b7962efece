package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	pv "github.com/bappenas/portal-regsosek/templates/pages/permohonan"
)

// The registrator's Cakupan dan Narahubung section of a permohonan.

func (s *Server) cakupanChoice(ctx context.Context, inst request.Instansi, selected, errMsg string) (components.Choice, error) {
	c := components.Choice{Name: "cakupan_wilayah", Label: "Cakupan Wilayah", Required: true, Selected: selected, Error: errMsg,
		Placeholder: "Pilih cakupan wilayah", Hint: "Wilayah data yang diminta, sesuai kewenangan instansi (§3.2.3)."}
	switch inst.Kategori {
	case account.KategoriPusat:
		c.Options = append(c.Options, components.Option{Value: request.Nasional, Label: "Nasional"})
		provs, err := s.store.ListProvinsi(ctx)
		if err != nil {
			return c, err
		}
		c.Groups = append(c.Groups, components.OptGroup{Label: "Provinsi", Options: toOptions(provs)})
	case account.KategoriProvinsi:
		path, err := s.store.FindWilayahPath(ctx, inst.Kode)
		if err != nil {
			return c, err
		}
		c.Options = append(c.Options, components.Option{Value: inst.Kode, Label: "Provinsi " + path.Provinsi.Nama})
		kabs, err := s.store.ListKabupatenKota(ctx, inst.Kode)
		if err != nil {
			return c, err
		}
		c.Groups = append(c.Groups, components.OptGroup{Label: "Kabupaten/Kota", Options: toOptions(kabs)})
	case account.KategoriKabKota:
		path, err := s.store.FindWilayahPath(ctx, inst.Kode)
		if err != nil {
			return c, err
		}
		c.Options = append(c.Options, components.Option{Value: inst.Kode, Label: path.KabupatenKota.Nama})
	}
	return c, nil
}

func (s *Server) cakupanView(r *http.Request, p request.Permohonan, inst request.Instansi, h request.Header, errs validate.Errors) (pv.CakupanView, error) {
	cak, err := s.cakupanChoice(r.Context(), inst, h.Cakupan, errs.Get("cakupan_wilayah"))
	if err != nil {
		return pv.CakupanView{}, err
	}
	v := pv.CakupanView{Page: s.page(r, "Cakupan dan Narahubung"), Action: permohonanPath(p.ID, "/cakupan"), Cakupan: cak,
		Role: "Walidata", Nama: h.NarahubungNama, Jabatan: h.NarahubungJabatan, NIP: h.NarahubungNIP, Email: h.NarahubungEmail,
		Phone: h.NarahubungPhone, Errors: errs}
	if inst.Pemda() {
		v.Role = "Koordinator Forum Satu Data Daerah"
		v.Forum = &components.Choice{Name: "forum_satu_data", Label: "Apakah daerah Anda telah memiliki Forum Satu Data?", Required: true,
			Options:  []components.Option{{Value: "ya", Label: "Sudah, ada SK Penetapan Forum Satu Data Daerah"}, {Value: "tidak", Label: "Belum"}},
			Selected: h.ForumSatuData, Error: errs.Get("forum_satu_data"),
			Hint: "Tanpa SK Forum Satu Data, hak akses Sepakat hanya berlaku 6 bulan (§3.2.5)."}
	}
	return v, nil
}

func (s *Server) handleCakupanForm(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok || s.notEditable(w, r, p) {
		return
	}
	h := p.Header
	inst := instansiOf(reg)
	if h.Cakupan == "" && inst.Kategori == account.KategoriKabKota {
		h.Cakupan = inst.Kode
	}
	var errs validate.Errors
	if p.HeaderSaved {
		_, errs = request.ValidateHeader(inst, h)
	}
	v, err := s.cakupanView(r, p, inst, h, errs)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, pv.Cakupan(v))
}

func (s *Server) handleCakupanSave(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok || s.notEditable(w, r, p) {
		return
	}
	inst := instansiOf(reg)
	h := request.Header{Cakupan: strings.TrimSpace(r.PostFormValue("cakupan_wilayah")),
		NarahubungNama: validate.Clean(r.PostFormValue("narahubung_nama"), 150), NarahubungJabatan: validate.Clean(r.PostFormValue("narahubung_jabatan"), 150),
		NarahubungNIP: validate.Clean(r.PostFormValue("narahubung_nip"), 24), NarahubungEmail: validate.Clean(r.PostFormValue("narahubung_email"), 200),
		NarahubungPhone: validate.Clean(r.PostFormValue("narahubung_no_hp"), 20), ForumSatuData: r.PostFormValue("forum_satu_data")}
	if h.ForumSatuData != "ya" && h.ForumSatuData != "tidak" {
		h.ForumSatuData = ""
	}
	norm, errs := request.ValidateHeader(inst, h)
	// Save what was typed (normalised where valid), even with errors: a draft never loses an entry.
	if err := s.store.SaveHeader(r.Context(), p.ID, reg.AkunID, norm, s.now()); err != nil {
		s.renderError(w, r, err)
		return
	}
	if errs.Any() {
		v, err := s.cakupanView(r, p, inst, norm, errs)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, pv.Cakupan(v))
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Cakupan dan narahubung disimpan.")
	http.Redirect(w, r, permohonanPath(p.ID, ""), http.StatusSeeOther)
}
