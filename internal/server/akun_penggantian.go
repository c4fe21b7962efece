package server

import (
	"errors"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/pages/akun"
)

// Penggantian Pejabat (pedoman §3.2.5 g): the official holding the account files their successor. The same
// form without the official is "Ganti Pejabat Pemegang Akun" from the Masuk page (akun_ganti_pejabat.go).

// handoverForm is the successor's data diri and files as posted.
type handoverForm struct {
	d         regDraft
	ktp, st   multipart.File
	ktpH, stH *multipart.FileHeader
	errs      validate.Errors
}

// readHandoverForm reads and checks the successor's fields of a parsed multipart form.
func (s *Server) readHandoverForm(r *http.Request) (handoverForm, error) {
	var f handoverForm
	f.d = regDraft{
		Instansi: validate.Clean(r.PostFormValue("instansi"), 200), UnitKerja: validate.Clean(r.PostFormValue("unit_kerja"), 200),
		Nama: validate.Clean(r.PostFormValue("nama"), 150), NIK: validate.Clean(r.PostFormValue("nik"), 20), Jabatan: validate.Clean(r.PostFormValue("jabatan"), 150),
		Email: validate.Clean(r.PostFormValue("email"), 200), EmailUnitKerja: validate.Clean(r.PostFormValue("email_unit_kerja"), 200),
		Phone: validate.Clean(r.PostFormValue("no_handphone"), 20), Username: strings.TrimSpace(r.PostFormValue("username")),
	}
	if f.d.Instansi == "" {
		f.errs.Add("instansi", "Isi nama instansi secara lengkap.")
	}
	if f.d.UnitKerja == "" {
		f.errs.Add("unit_kerja", "Isi nama unit kerja secara lengkap.")
	}
	if err := s.validatePemohon(r.Context(), &f.d, &f.errs); err != nil {
		return f, err
	}
	if u, err := account.NormalizeUsername(f.d.Username); err != nil {
		f.errs.Add("username", err.Error())
	} else {
		f.d.Username = u
	}
	f.ktp, f.ktpH = formFile(r, "ktp")
	f.st, f.stH = formFile(r, "surat_tugas")
	if f.ktp == nil {
		f.errs.Add("ktp", "Unggah File KTP pejabat pengganti.")
	}
	if f.st == nil {
		f.errs.Add("surat_tugas", "Unggah Surat Tugas Registrator yang baru.")
	}
	return f, nil
}

func (f handoverForm) close() {
	for _, file := range []multipart.File{f.ktp, f.st} {
		if file != nil {
			file.Close()
		}
	}
}

func (f handoverForm) pejabat() account.NewPejabat {
	d := f.d
	return account.NewPejabat{Instansi: d.Instansi, UnitKerja: d.UnitKerja, Nama: d.Nama, NIK: d.NIK, Jabatan: d.Jabatan,
		Email: d.Email, EmailUnitKerja: d.EmailUnitKerja, Phone: d.Phone, Username: d.Username}
}

func (f handoverForm) uploads() (ktp, suratTugas dokumen.Upload) {
	return dokumen.Upload{Kind: dokumen.KTP, Name: f.ktpH.Filename, R: f.ktp}, dokumen.Upload{Kind: dokumen.SuratTugas, Name: f.stH.Filename, R: f.st}
}

// storeError files a store refusal beside its field; it reports whether err was one.
func (f *handoverForm) storeError(err error) bool {
	var ue *dokumen.UploadError
	switch {
	case errors.As(err, &ue):
		f.errs.Add(string(ue.Kind), ue.Message)
	case errors.Is(err, store.ErrUsernameTaken):
		f.errs.Add("username", err.Error())
	default:
		return false
	}
	return true
}

func (f handoverForm) view(v akun.HandoverView) akun.HandoverView {
	d := f.d
	v.Instansi, v.UnitKerja, v.Nama, v.NIK, v.Jabatan, v.Email = d.Instansi, d.UnitKerja, d.Nama, d.NIK, d.Jabatan, d.Email
	v.EmailUnitKerja, v.Phone, v.Username, v.Errors = d.EmailUnitKerja, d.Phone, d.Username, f.errs
	return v
}

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
	f, err := s.readHandoverForm(r)
	defer f.close()
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	view := func(status int) {
		s.render(w, r, status, akun.Handover(f.view(akun.HandoverView{Page: s.page(r, "Penggantian Pejabat")})))
	}
	if f.errs.Any() {
		view(http.StatusUnprocessableEntity)
		return
	}
	ktp, st := f.uploads()
	_, err = s.store.CreateHandover(ctx, reg.AkunID, f.pejabat(), ktp, st, s.actor(r), s.now())
	switch {
	case f.storeError(err):
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
