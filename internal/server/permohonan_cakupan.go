package server

import (
	"context"
	"net/http"
	"slices"
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
	if !inst.Pemda() {
		kl, err := s.cakupanKL(r, h.Cakupan, errs)
		if err != nil {
			return v, err
		}
		v.KL = &kl
	}
	if inst.Pemda() {
		v.Role = "Koordinator Forum Satu Data Daerah"
		v.Forum = &components.Choice{Name: "forum_satu_data", Label: "Apakah daerah Anda telah memiliki Forum Satu Data?", Required: true,
			Options:  []components.Option{{Value: "ya", Label: "Sudah, ada SK Penetapan Forum Satu Data Daerah"}, {Value: "tidak", Label: "Belum"}},
			Selected: h.ForumSatuData, Error: errs.Get("forum_satu_data"),
			Hint: "Bila sudah ada, SK Penetapan Forum Satu Data Daerah wajib diunggah (Tabel 3.1). Bila belum, SK tidak wajib, tetapi hak akses Sepakat hanya berlaku 6 bulan (§3.2.5)."}
		if h.ForumSatuData != "" {
			v.ForumWhy = request.Forum(inst, h, p.Rows).Why
		}
	}
	return v, nil
}

// cakupanKL fills a K/L's choice of cakupan (§3.2.3): the level, the provinces, and the kab/kota of one
// province at a time — the province in kab_provinsi when the form asked for it, else that of the first
// kab/kota chosen. Chosen kab/kota of other provinces stay listed.
func (s *Server) cakupanKL(r *http.Request, cakupan string, errs validate.Errors) (pv.CakupanKL, error) {
	ctx := r.Context()
	codes := request.CakupanCodes(cakupan)
	lingkup := request.Lingkup(cakupan)
	if l := r.PostFormValue("lingkup"); l != "" {
		lingkup = l
	}
	k := pv.CakupanKL{Lingkup: radios("lingkup", "Tingkat cakupan", true, request.LingkupOptions, lingkup, "", "")}
	provs, err := s.store.ListProvinsi(ctx)
	if err != nil {
		return k, err
	}
	k.Provinsi = components.MultiChoice{Name: "cakupan_prov", Label: "Provinsi (untuk tingkat provinsi)", Options: toOptions(provs)}
	var kabs []string
	for _, c := range codes {
		switch len(c) {
		case 2:
			k.Provinsi.Selected = append(k.Provinsi.Selected, c)
		case 5:
			kabs = append(kabs, c)
		}
	}
	if r.Method == http.MethodPost {
		// Shown again after "Tampilkan" or an error: what was ticked, whatever was saved.
		k.Provinsi.Selected, kabs = r.PostForm["cakupan_prov"], nil
		for _, c := range r.PostForm["cakupan_kab"] {
			if len(c) == 5 && !slices.Contains(kabs, c) {
				kabs = append(kabs, c)
			}
		}
	}
	shown := r.PostFormValue("kab_provinsi")
	if shown == "" && len(kabs) > 0 {
		shown = kabs[0][:2]
	}
	k.KabProvinsi = components.Choice{Name: "kab_provinsi", Label: "Kabupaten/kota di provinsi (untuk tingkat kabupaten/kota)",
		Placeholder: "Pilih provinsi", Options: toOptions(provs), Selected: shown}
	if shown != "" {
		list, err := s.store.ListKabupatenKota(ctx, shown)
		if err != nil {
			return k, err
		}
		k.KabKota = components.MultiChoice{Name: "cakupan_kab", Label: "Kabupaten/kota", Options: toOptions(list), Selected: kabs}
	}
	var other []string
	for _, c := range kabs {
		if c[:2] != shown {
			other = append(other, c)
		}
	}
	names, err := s.store.WilayahNames(ctx, other)
	if err != nil {
		return k, err
	}
	for _, c := range other {
		k.ChosenOther = append(k.ChosenOther, components.Option{Value: c, Label: names[c]})
	}
	return k, nil
}

// klCakupan reads a K/L's cakupan from the form: Nasional, the provinces ticked, or the kab/kota ticked, by
// the level chosen; and checks that every code exists.
func (s *Server) klCakupan(r *http.Request) (string, string, error) {
	_ = r.ParseForm()
	var codes []string
	switch r.PostFormValue("lingkup") {
	case request.LingkupNasional:
		return request.Nasional, "", nil
	case request.LingkupProvinsi:
		codes = r.PostForm["cakupan_prov"]
	case request.LingkupKabKota:
		codes = r.PostForm["cakupan_kab"]
	case "":
		// One field holding the whole cakupan ("nasional", "32,33"), as a client without the form sends it.
		if c := r.PostFormValue("cakupan_wilayah"); c == request.Nasional {
			return c, "", nil
		} else if c != "" {
			codes = request.CakupanCodes(c)
			break
		}
		fallthrough
	default:
		return "", "Pilih tingkat cakupan: Nasional, provinsi, atau kabupaten/kota.", nil
	}
	if len(codes) == 0 {
		return "", "Pilih paling sedikit satu wilayah pada tingkat yang dipilih.", nil
	}
	if len(codes) > 600 {
		return "", "Terlalu banyak wilayah dipilih.", nil
	}
	names, err := s.store.WilayahNames(r.Context(), codes)
	if err != nil {
		return "", "", err
	}
	for _, c := range codes {
		if _, ok := names[c]; !ok || c == request.Nasional {
			return "", "Wilayah tidak dikenal.", nil
		}
	}
	return request.JoinCakupan(codes), "", nil
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
	cakupan, cakupanErr := strings.TrimSpace(r.PostFormValue("cakupan_wilayah")), ""
	if !inst.Pemda() {
		var err error
		if cakupan, cakupanErr, err = s.klCakupan(r); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	h := request.Header{Cakupan: cakupan,
		NarahubungNama: validate.Clean(r.PostFormValue("narahubung_nama"), 150), NarahubungJabatan: validate.Clean(r.PostFormValue("narahubung_jabatan"), 150),
		NarahubungNIP: validate.Clean(r.PostFormValue("narahubung_nip"), 24), NarahubungEmail: validate.Clean(r.PostFormValue("narahubung_email"), 200),
		NarahubungPhone: validate.Clean(r.PostFormValue("narahubung_no_hp"), 20), ForumSatuData: r.PostFormValue("forum_satu_data")}
	if h.ForumSatuData != "ya" && h.ForumSatuData != "tidak" {
		h.ForumSatuData = ""
	}
	norm, errs := request.ValidateHeader(inst, h)
	if cakupanErr != "" {
		// The form's own reason (nothing chosen, an unknown code) comes first, beside the field.
		var first validate.Errors
		first.Add("cakupan_wilayah", cakupanErr)
		for _, e := range errs.All() {
			first.Add(e.Field, e.Message)
		}
		errs = first
	}
	// "Tampilkan Kabupaten/Kota" only lists the kab/kota of another province: nothing is saved yet.
	if r.PostFormValue("aksi") == "pilih_provinsi" {
		v, err := s.cakupanView(r, p, inst, h, validate.Errors{})
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, pv.Cakupan(v))
		return
	}
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
