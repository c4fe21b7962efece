package server

import (
	"errors"
	"net/http"

	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/pages/akun"
)

// "Ganti Pejabat Pemegang Akun" from the Masuk page (§3.2.5 g): public, no sign-in. A captcha and a per-IP
// limit guard it; the KTP and Surat Tugas are stored encrypted like every document; nothing personal goes
// into a URL or a log line (the confirmation page reads the account's reference from the session).

// gantiPejabatLimit is how many handovers one address may file in an hour.
const gantiPejabatLimit = 5

const sessGantiPejabatRef = "ganti_pejabat_ref"

func (s *Server) gantiPejabatView(r *http.Request, f handoverForm, kategori, kode string, benar bool) (akun.GantiPejabatView, error) {
	id, err := s.newCaptcha(r)
	if err != nil {
		return akun.GantiPejabatView{}, err
	}
	v := akun.GantiPejabatView{HandoverView: f.view(akun.HandoverView{Page: s.page(r, "Ganti Pejabat Pemegang Akun")}), CaptchaID: id, Benar: benar}
	v.Kategori, v.KL, v.Provinsi, v.KabKota, err = s.instansiChoices(r.Context(), kategori, kode, f.errs)
	return v, err
}

func (s *Server) handleGantiPejabatForm(w http.ResponseWriter, r *http.Request) {
	v, err := s.gantiPejabatView(r, handoverForm{}, "", "", false)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, akun.GantiPejabat(v))
}

func (s *Server) handleGantiPejabat(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.renderError(w, r, err)
		return
	}
	defer r.MultipartForm.RemoveAll()
	if !s.underLimit(w, r, "ganti-pejabat-ip", gantiPejabatLimit) {
		return
	}
	f, err := s.readHandoverForm(r)
	defer f.close()
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	kategori, kode, _, err := s.chosenInstansi(r, &f.errs)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	benar := r.PostFormValue("benar") == "ya"
	if !benar {
		f.errs.Add("benar", "Centang pernyataan bahwa data sudah benar.")
	}
	if ok, err := s.checkCaptcha(r, r.PostFormValue("captcha_id"), r.PostFormValue("captcha")); err != nil {
		s.renderError(w, r, err)
		return
	} else if !ok {
		f.errs.Add("captcha", "Angka captcha tidak sesuai. Ketik angka pada gambar yang baru.")
	}
	rerender := func(status int) {
		if f.ktp != nil && f.errs.Get("ktp") == "" {
			f.errs.Add("ktp", "Pilih ulang File KTP: berkas belum disimpan karena ada isian yang perlu diperbaiki.")
		}
		if f.st != nil && f.errs.Get("surat_tugas") == "" {
			f.errs.Add("surat_tugas", "Pilih ulang Surat Tugas Registrator: berkas belum disimpan karena ada isian yang perlu diperbaiki.")
		}
		v, err := s.gantiPejabatView(r, f, kategori, kode, benar)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, status, akun.GantiPejabat(v))
	}
	if f.errs.Any() {
		rerender(http.StatusUnprocessableEntity)
		return
	}
	ktp, st := f.uploads()
	ref, err := s.store.CreatePublicHandover(ctx, kategori, kode, f.pejabat(), ktp, st, s.actor(r), s.now())
	switch {
	case f.storeError(err):
		rerender(http.StatusUnprocessableEntity)
		return
	case errors.Is(err, store.ErrNoActiveAkun), errors.Is(err, store.ErrHandoverAlive):
		f.errs.Add(map[string]string{"pusat": "kl", "provinsi": "provinsi", "kabupaten_kota": "kabupaten_kota"}[kategori], validate.MessageOf(err))
		rerender(http.StatusUnprocessableEntity)
		return
	case err != nil:
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessGantiPejabatRef, ref)
	http.Redirect(w, r, "/ganti-pejabat/terkirim", http.StatusSeeOther)
}

func (s *Server) handleGantiPejabatTerkirim(w http.ResponseWriter, r *http.Request) {
	ref := s.sessions.GetString(r.Context(), sessGantiPejabatRef)
	if ref == "" {
		http.Redirect(w, r, "/ganti-pejabat", http.StatusSeeOther)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, akun.GantiPejabatTerkirim(akun.GantiPejabatTerkirimView{Page: s.page(r, "Penggantian Pejabat Diajukan"), Reference: ref}))
}
