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
	ctx := r.Context()
	kls, err := s.store.ListKL(ctx)
	if err != nil {
		return daftar.TipeView{}, err
	}
	provs, err := s.store.ListProvinsi(ctx)
	if err != nil {
		return daftar.TipeView{}, err
	}
	kabs, err := s.store.ListKabupatenKota(ctx, "")
	if err != nil {
		return daftar.TipeView{}, err
	}
	v := daftar.TipeView{Wizard: s.wizard(r, st, 0)}
	v.Errors = errs
	var kat []components.Option
	for _, k := range account.AllKategori {
		kat = append(kat, components.Option{Value: string(k), Label: k.Label()})
	}
	v.Kategori = components.Choice{Name: "kategori", Label: "Kategori Pemohon", Required: true, Options: kat,
		Selected: st.d.Kategori, Error: errs.Get("kategori")}
	sel := func(k account.Kategori) string {
		if st.d.Kategori == string(k) {
			return st.d.InstansiKode
		}
		return ""
	}
	klOpts := make([]components.Option, len(kls))
	for i, k := range kls {
		klOpts[i] = components.Option{Value: k.KodeBA, Label: k.Nama}
	}
	v.KL = components.Choice{Name: "kl", Label: "Kementerian/Lembaga", Hint: "Untuk Pemerintah Pusat.",
		Placeholder: "Pilih kementerian/lembaga", Options: klOpts, Selected: sel(account.KategoriPusat), Error: errs.Get("kl")}
	v.Provinsi = components.Choice{Name: "provinsi", Label: "Provinsi", Hint: "Untuk Pemerintah Provinsi.",
		Placeholder: "Pilih provinsi", Options: toOptions(provs), Selected: sel(account.KategoriProvinsi), Error: errs.Get("provinsi")}
	provName := map[string]string{}
	for _, p := range provs {
		provName[p.Kode] = p.Nama
	}
	var groups []components.OptGroup
	for _, k := range kabs {
		prov := provName[k.Kode[:2]]
		if len(groups) == 0 || groups[len(groups)-1].Label != prov {
			groups = append(groups, components.OptGroup{Label: prov})
		}
		g := &groups[len(groups)-1]
		g.Options = append(g.Options, components.Option{Value: k.Kode, Label: k.Nama})
	}
	v.KabKota = components.Choice{Name: "kabupaten_kota", Label: "Kabupaten/Kota", Hint: "Untuk Pemerintah Kabupaten/Kota.",
		Placeholder: "Pilih kabupaten/kota", Groups: groups, Selected: sel(account.KategoriKabKota), Error: errs.Get("kabupaten_kota")}
	return v, nil
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
	kat, err := account.ParseKategori(r.PostFormValue("kategori"))
	field := map[account.Kategori]string{account.KategoriPusat: "kl", account.KategoriProvinsi: "provinsi",
		account.KategoriKabKota: "kabupaten_kota"}[kat]
	if err != nil {
		errs.Add("kategori", "Pilih kategori pemohon.")
	} else {
		kode := strings.TrimSpace(r.PostFormValue(field))
		st.d.Kategori, st.d.InstansiKode = string(kat), kode
		nama, ok, err := s.resolveInstansi(ctx, kat, kode)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if !ok {
			errs.Add(field, map[string]string{"kl": "Pilih kementerian/lembaga.", "provinsi": "Pilih provinsi.",
				"kabupaten_kota": "Pilih kabupaten/kota."}[field])
		} else {
			taken, err := s.store.InstansiTaken(ctx, string(kat), kode)
			if err != nil {
				s.renderError(w, r, err)
				return
			}
			if taken {
				errs.Add(field, store.ErrInstansiTaken.Error())
			}
			if st.d.InstansiNama != nama && (st.d.Instansi == "" || st.d.Instansi == st.d.InstansiNama) {
				st.d.Instansi = nama
			}
			st.d.InstansiNama = nama
		}
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
