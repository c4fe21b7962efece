package server

import (
	"errors"
	"net/http"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/pages/daftar"
)

// Registration: Konfirmasi, Simpan (the account is written) and Selesai.

func (s *Server) handleKonfirmasiForm(w http.ResponseWriter, r *http.Request, st wizardState) {
	if !gate(w, r, st, 4) {
		return
	}
	kat, _ := account.ParseKategori(st.d.Kategori)
	d := st.d
	rows := []daftar.Row{
		{Label: "Kategori Pemohon", Value: kat.Label(), Href: wizardSteps[0].path},
		{Label: "Pemohon", Value: d.InstansiNama, Href: wizardSteps[0].path},
		{Label: "Instansi", Value: d.Instansi, Href: wizardSteps[1].path},
		{Label: "Unit Kerja", Value: d.UnitKerja, Href: wizardSteps[1].path},
		{Label: "Nama Lengkap", Value: d.Nama, Href: wizardSteps[2].path},
		{Label: "Nomor Induk Kependudukan (NIK)", Value: d.NIK, Href: wizardSteps[2].path},
		{Label: "Jabatan", Value: d.Jabatan, Href: wizardSteps[2].path},
		{Label: "Email", Value: d.Email, Href: wizardSteps[2].path},
		{Label: "Email Unit Kerja", Value: d.EmailUnitKerja, Href: wizardSteps[2].path},
		{Label: "No Handphone", Value: d.Phone, Href: wizardSteps[2].path},
		{Label: "Username", Value: d.Username, Href: wizardSteps[3].path},
		{Label: "File KTP", Value: d.KTPName, Href: wizardSteps[3].path},
		{Label: "Surat Tugas Registrator", Value: d.SuratTugasName, Href: wizardSteps[3].path},
	}
	v := daftar.KonfirmasiView{Wizard: s.wizard(r, st, 3), Rows: rows}
	v.Page.Title = "Pembuatan Akun Layanan — Daftar Akun Layanan"
	s.render(w, r, http.StatusOK, daftar.Konfirmasi(v))
}

// handleSimpan creates the account. It validates the whole draft again: the draft is the server's, but
// rules (an instansi taken meanwhile) may have changed since each step was checked.
func (s *Server) handleSimpan(w http.ResponseWriter, r *http.Request, st wizardState) {
	ctx := r.Context()
	if !gate(w, r, st, 4) {
		return
	}
	if back(r) {
		http.Redirect(w, r, wizardSteps[3].path, http.StatusSeeOther)
		return
	}
	if ok, _, err := s.store.Allow(ctx, s.limitKey("simpan-ip", clientIP(r)), s.now(), time.Hour, wizardLimit); err != nil {
		s.renderError(w, r, err)
		return
	} else if !ok {
		s.renderStatus(w, r, http.StatusTooManyRequests)
		return
	}
	d := st.d
	var errs validate.Errors
	if err := s.validatePemohon(ctx, &d, &errs); err != nil {
		s.renderError(w, r, err)
		return
	}
	if errs.Any() || d.PasswordHash == "" || d.KTPID == 0 || d.SuratTugasID == 0 || !d.Setuju || !d.Benar {
		st.d.Done = 2
		_ = s.saveDraft(ctx, st)
		http.Redirect(w, r, wizardSteps[2].path, http.StatusSeeOther)
		return
	}
	reg := account.NewRegistration{Kategori: d.Kategori, InstansiKode: d.InstansiKode, InstansiNama: d.InstansiNama,
		Pejabat: account.NewPejabat{Instansi: d.Instansi, UnitKerja: d.UnitKerja, Nama: d.Nama, NIK: d.NIK, Jabatan: d.Jabatan,
			Email: d.Email, EmailUnitKerja: d.EmailUnitKerja, Phone: d.Phone, Username: d.Username, PasswordHash: d.PasswordHash,
			KTPDocumentID: d.KTPID, SuratTugasDocumentID: d.SuratTugasID}}
	_, err := s.store.CreateRegistration(ctx, st.id, reg, s.actor(r), s.now())
	switch {
	case errors.Is(err, store.ErrInstansiTaken):
		st.d.Done = 0
		_ = s.saveDraft(ctx, st)
		var e validate.Errors
		e.Add(map[string]string{"pusat": "kl", "provinsi": "provinsi", "kabupaten_kota": "kabupaten_kota"}[d.Kategori], err.Error())
		v, verr := s.tipeView(r, st, e)
		if verr != nil {
			s.renderError(w, r, verr)
			return
		}
		s.render(w, r, http.StatusConflict, daftar.Tipe(v))
		return
	case errors.Is(err, store.ErrUsernameTaken):
		st.d.Done = 3
		_ = s.saveDraft(ctx, st)
		var e validate.Errors
		e.Add("username", err.Error())
		v, verr := s.akunView(r, st, e)
		if verr != nil {
			s.renderError(w, r, verr)
			return
		}
		s.render(w, r, http.StatusConflict, daftar.Akun(v))
		return
	case err != nil:
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/daftar/selesai", http.StatusSeeOther)
}

func (s *Server) handleSelesai(w http.ResponseWriter, r *http.Request, st wizardState) {
	if st.akunID == nil {
		http.Redirect(w, r, "/daftar", http.StatusSeeOther)
		return
	}
	ref, err := s.store.AkunReference(r.Context(), *st.akunID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, daftar.Selesai(daftar.SelesaiView{Page: s.page(r, "Pendaftaran Terkirim"), Reference: ref}))
}

// handleDaftarBaru forgets this browser's finished registration so another can start.
func (s *Server) handleDaftarBaru(w http.ResponseWriter, r *http.Request, _ wizardState) {
	http.SetCookie(w, &http.Cookie{Name: draftCookie, Value: "", Path: "/daftar", MaxAge: -1, HttpOnly: true,
		Secure: s.cfg.Secure(), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
