package server

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	"github.com/bappenas/portal-regsosek/templates/pages/daftar"
)

// Registration step 1: Tipe Pemohon.

func (s *Server) handleDaftar(w http.ResponseWriter, r *http.Request, st wizardState) {
	if st.d.Done >= len(wizardSteps) {
		http.Redirect(w, r, "/daftar/konfirmasi", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, wizardSteps[st.d.Done].path, http.StatusSeeOther)
}

func (s *Server) tipeView(r *http.Request, st wizardState, errs validate.Errors) (daftar.TipeView, error) {
	v := daftar.TipeView{Wizard: s.wizard(r, st, 0)}
	v.Errors = errs
	var err error
	v.Kategori, v.KL, v.Provinsi, v.KabKota, err = s.instansiChoices(r.Context(), st.d.Kategori, st.d.InstansiKode, errs)
	return v, err
}

// instansiChoices builds the Tipe Pemohon fields — the kategori, then the K/L, province or kab/kota from the
// reference lists — with kategori and kode chosen, for the wizard and for "Ganti Pejabat Pemegang Akun".
func (s *Server) instansiChoices(ctx context.Context, kategori, kode string, errs validate.Errors) (kat, kl, prov, kab components.Choice, err error) {
	kls, err := s.store.ListKL(ctx)
	if err != nil {
		return kat, kl, prov, kab, err
	}
	provs, err := s.store.ListProvinsi(ctx)
	if err != nil {
		return kat, kl, prov, kab, err
	}
	kabs, err := s.store.ListKabupatenKota(ctx, "")
	if err != nil {
		return kat, kl, prov, kab, err
	}
	var katOpts []components.Option
	for _, k := range account.AllKategori {
		katOpts = append(katOpts, components.Option{Value: string(k), Label: k.Label()})
	}
	kat = components.Choice{Name: "kategori", Label: "Kategori Pemohon", Required: true, Options: katOpts,
		Selected: kategori, Error: errs.Get("kategori")}
	sel := func(k account.Kategori) string {
		if kategori == string(k) {
			return kode
		}
		return ""
	}
	klOpts := make([]components.Option, len(kls))
	for i, k := range kls {
		klOpts[i] = components.Option{Value: k.KodeBA, Label: k.Nama}
	}
	kl = components.Choice{Name: "kl", Label: "Kementerian/Lembaga", Hint: "Untuk Pemerintah Pusat.",
		Placeholder: "Pilih kementerian/lembaga", Options: klOpts, Selected: sel(account.KategoriPusat), Error: errs.Get("kl")}
	prov = components.Choice{Name: "provinsi", Label: "Provinsi", Hint: "Untuk Pemerintah Provinsi.",
		Placeholder: "Pilih provinsi", Options: toOptions(provs), Selected: sel(account.KategoriProvinsi), Error: errs.Get("provinsi")}
	provName := map[string]string{}
	for _, p := range provs {
		provName[p.Kode] = p.Nama
	}
	var groups []components.OptGroup
	for _, k := range kabs {
		pn := provName[k.Kode[:2]]
		if len(groups) == 0 || groups[len(groups)-1].Label != pn {
			groups = append(groups, components.OptGroup{Label: pn})
		}
		g := &groups[len(groups)-1]
		g.Options = append(g.Options, components.Option{Value: k.Kode, Label: k.Nama})
	}
	kab = components.Choice{Name: "kabupaten_kota", Label: "Kabupaten/Kota", Hint: "Untuk Pemerintah Kabupaten/Kota.",
		Placeholder: "Pilih kabupaten/kota", Groups: groups, Selected: sel(account.KategoriKabKota), Error: errs.Get("kabupaten_kota")}
	return kat, kl, prov, kab, nil
}

// chosenInstansi reads the Tipe Pemohon fields of a form: the kategori, the code of the instansi chosen for
// it, and its name as the pedoman writes it; problems go into errs under the field to fix.
func (s *Server) chosenInstansi(r *http.Request, errs *validate.Errors) (kategori, kode, nama string, err error) {
	kat, perr := account.ParseKategori(r.PostFormValue("kategori"))
	if perr != nil {
		errs.Add("kategori", "Pilih kategori pemohon.")
		return "", "", "", nil
	}
	field := map[account.Kategori]string{account.KategoriPusat: "kl", account.KategoriProvinsi: "provinsi",
		account.KategoriKabKota: "kabupaten_kota"}[kat]
	kode = strings.TrimSpace(r.PostFormValue(field))
	nama, ok, err := s.resolveInstansi(r.Context(), kat, kode)
	if err == nil && !ok {
		errs.Add(field, map[string]string{"kl": "Pilih kementerian/lembaga.", "provinsi": "Pilih provinsi.",
			"kabupaten_kota": "Pilih kabupaten/kota."}[field])
	}
	return string(kat), kode, nama, err
}

func (s *Server) handleTipeForm(w http.ResponseWriter, r *http.Request, st wizardState) {
	v, err := s.tipeView(r, st, validate.Errors{})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, daftar.Tipe(v))
}

// resolveInstansi checks the chosen instansi exists and names it as the pedoman does.
func (s *Server) resolveInstansi(ctx context.Context, kat account.Kategori, kode string) (string, bool, error) {
	switch kat {
	case account.KategoriPusat:
		kls, err := s.store.ListKL(ctx)
		if err != nil {
			return "", false, err
		}
		for _, k := range kls {
			if k.KodeBA == kode {
				return k.Nama, true, nil
			}
		}
	case account.KategoriProvinsi:
		if len(kode) == 2 {
			p, err := s.store.FindWilayahPath(ctx, kode)
			if err == nil {
				return "Pemerintah Provinsi " + p.Provinsi.Nama, true, nil
			}
			if !errors.Is(err, store.ErrNotFound) {
				return "", false, err
			}
		}
	case account.KategoriKabKota:
		if len(kode) == 5 {
			p, err := s.store.FindWilayahPath(ctx, kode)
			if err == nil {
				return "Pemerintah " + p.KabupatenKota.Nama, true, nil
			}
			if !errors.Is(err, store.ErrNotFound) {
				return "", false, err
			}
		}
	}
	return "", false, nil
}

func (s *Server) handleTipe(w http.ResponseWriter, r *http.Request, st wizardState) {
	ctx := r.Context()
	var errs validate.Errors
	kat, kode, nama, err := s.chosenInstansi(r, &errs)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if kat != "" {
		st.d.Kategori, st.d.InstansiKode = kat, kode
	}
	if kat != "" && !errs.Any() {
		taken, err := s.store.InstansiTaken(ctx, kat, kode)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if taken {
			errs.Add(map[string]string{"pusat": "kl", "provinsi": "provinsi", "kabupaten_kota": "kabupaten_kota"}[kat], store.ErrInstansiTaken.Error())
		}
		if st.d.InstansiNama != nama && (st.d.Instansi == "" || st.d.Instansi == st.d.InstansiNama) {
			st.d.Instansi = nama
		}
		st.d.InstansiNama = nama
	}
	if errs.Any() {
		st.d.Done = min(st.d.Done, 0)
		if err := s.saveDraft(ctx, st); err != nil {
			s.renderError(w, r, err)
			return
		}
		v, err := s.tipeView(r, st, errs)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, daftar.Tipe(v))
		return
	}
	st.d.Done = max(st.d.Done, 1)
	if err := s.saveDraft(ctx, st); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, wizardSteps[1].path, http.StatusSeeOther)
}
