package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/pages/akun"
)

// Penggantian Pejabat (pedoman §3.2.5 g): the official holding the account files their successor.

func (s *Server) handleHandoverForm(w http.ResponseWriter, r *http.Request) {
	reg := currentUser(r.Context()).Registrator
	s.render(w, r, http.StatusOK, akun.Handover(akun.HandoverView{Page: s.page(r, "Penggantian Pejabat"),
		Instansi: reg.InstansiNama, UnitKerja: reg.UnitKerja}))
}

func (s *Server) handleHandover(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	reg := currentUser(ctx).Registrator
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.renderError(w, r, err)
		return
	}
	defer r.MultipartForm.RemoveAll()
	d := regDraft{
		Instansi: validate.Clean(r.PostFormValue("instansi"), 200), UnitKerja: validate.Clean(r.PostFormValue("unit_kerja"), 200),
		Nama: validate.Clean(r.PostFormValue("nama"), 150), NIK: validate.Clean(r.PostFormValue("nik"), 20), Jabatan: validate.Clean(r.PostFormValue("jabatan"), 150),
		Email: validate.Clean(r.PostFormValue("email"), 200), EmailUnitKerja: validate.Clean(r.PostFormValue("email_unit_kerja"), 200),
		Phone: validate.Clean(r.PostFormValue("no_handphone"), 20), Username: strings.TrimSpace(r.PostFormValue("username")),
	}
	var errs validate.Errors
	if d.Instansi == "" {
		errs.Add("instansi", "Isi nama instansi secara lengkap.")
	}
	if d.UnitKerja == "" {
		errs.Add("unit_kerja", "Isi nama unit kerja secara lengkap.")
	}
	if err := s.validatePemohon(ctx, &d, &errs); err != nil {
		s.renderError(w, r, err)
		return
	}
	if u, err := account.NormalizeUsername(d.Username); err != nil {
		errs.Add("username", err.Error())
	} else {
		d.Username = u
	}
	ktp, ktpH := formFile(r, "ktp")
	st, stH := formFile(r, "surat_tugas")
	if ktp == nil {
		errs.Add("ktp", "Unggah File KTP pejabat pengganti.")
	} else {
		defer ktp.Close()
	}
	if st == nil {
		errs.Add("surat_tugas", "Unggah Surat Tugas Registrator yang baru.")
	} else {
		defer st.Close()
	}
	view := func(status int) {
		s.render(w, r, status, akun.Handover(akun.HandoverView{Page: s.page(r, "Penggantian Pejabat"),
			Instansi: d.Instansi, UnitKerja: d.UnitKerja, Nama: d.Nama, NIK: d.NIK, Jabatan: d.Jabatan, Email: d.Email,
			EmailUnitKerja: d.EmailUnitKerja, Phone: d.Phone, Username: d.Username, Errors: errs}))
	}
	if errs.Any() {
		view(http.StatusUnprocessableEntity)
		return
	}
	p := account.NewPejabat{Instansi: d.Instansi, UnitKerja: d.UnitKerja, Nama: d.Nama, NIK: d.NIK, Jabatan: d.Jabatan,
		Email: d.Email, EmailUnitKerja: d.EmailUnitKerja, Phone: d.Phone, Username: d.Username}
	_, err := s.store.CreateHandover(ctx, reg.AkunID, p,
		dokumen.Upload{Kind: dokumen.KTP, Name: ktpH.Filename, R: ktp},
		dokumen.Upload{Kind: dokumen.SuratTugas, Name: stH.Filename, R: st}, s.actor(r), s.now())
	var ue *dokumen.UploadError
	switch {
	case errors.As(err, &ue):
		errs.Add(string(ue.Kind), ue.Message)
		view(http.StatusUnprocessableEntity)
		return
	case errors.Is(err, store.ErrUsernameTaken):
		errs.Add("username", err.Error())
		view(http.StatusUnprocessableEntity)
		return
	case errors.Is(err, store.ErrConflict):
		s.sessions.Put(ctx, sessFlash, "Penggantian pejabat sudah diajukan dan sedang diproses.")
		http.Redirect(w, r, "/akun", http.StatusSeeOther)
		return
	case err != nil:
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessFlash, "Penggantian pejabat telah diajukan. Pejabat pengganti akan menerima email setelah diverifikasi.")
	http.Redirect(w, r, "/akun", http.StatusSeeOther)
}
