package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/pages/daftar"
)

// Registration step 3: Informasi Pemohon. The same rules check a Penggantian Pejabat (akun_penggantian.go).

func (s *Server) pemohonView(v daftar.Wizard, d regDraft) daftar.PemohonView {
	return daftar.PemohonView{Wizard: v, Nama: d.Nama, NIK: d.NIK, Jabatan: d.Jabatan, Email: d.Email,
		EmailUnitKerja: d.EmailUnitKerja, Phone: d.Phone}
}

func (s *Server) handlePemohonForm(w http.ResponseWriter, r *http.Request, st wizardState) {
	if !gate(w, r, st, 2) {
		return
	}
	s.render(w, r, http.StatusOK, daftar.Pemohon(s.pemohonView(s.wizard(r, st, 2), st.d)))
}

// provinsiKnown reports whether a NIK's first two digits are a province code, current or retired.
func (s *Server) provinsiKnown(ctx context.Context) (func(string) bool, error) {
	provs, err := s.store.ListProvinsi(ctx)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, p := range provs {
		known[p.Kode] = true
	}
	return func(k string) bool { return known[k] }, nil
}

// validatePemohon checks and normalises the data diri fields of d in place.
func (s *Server) validatePemohon(ctx context.Context, d *regDraft, errs *validate.Errors) error {
	known, err := s.provinsiKnown(ctx)
	if err != nil {
		return err
	}
	if d.Nama == "" {
		errs.Add("nama", "Isi nama lengkap sesuai KTP.")
	}
	if d.NIK == "" {
		errs.Add("nik", "Isi NIK.")
	} else if _, err := account.ParseNIK(d.NIK, s.now(), known); err != nil {
		errs.Add("nik", err.Error())
	} else {
		d.NIK = strings.ReplaceAll(d.NIK, " ", "")
	}
	if d.Email == "" {
		errs.Add("email", "Isi email.")
	} else if e, err := account.NormalizeEmail(d.Email); err != nil {
		errs.Add("email", err.Error())
	} else {
		d.Email = e
	}
	if d.EmailUnitKerja == "" {
		errs.Add("email_unit_kerja", "Isi email unit kerja.")
	} else if e, err := account.NormalizeEmail(d.EmailUnitKerja); err != nil {
		errs.Add("email_unit_kerja", err.Error())
	} else {
		d.EmailUnitKerja = e
	}
	if d.Phone == "" {
		errs.Add("no_handphone", "Isi nomor handphone.")
	} else if p, err := account.NormalizePhone(d.Phone); err != nil {
		errs.Add("no_handphone", err.Error())
	} else {
		d.Phone = p
	}
	return nil
}

func (s *Server) handlePemohon(w http.ResponseWriter, r *http.Request, st wizardState) {
	if !gate(w, r, st, 2) {
		return
	}
	var errs validate.Errors
	st.d.Nama = errs.Text("nama", "Nama Lengkap", r.PostFormValue("nama"), 150)
	st.d.NIK = validate.Clean(r.PostFormValue("nik"), 20)
	st.d.Jabatan = errs.Text("jabatan", "Jabatan", r.PostFormValue("jabatan"), 150)
	st.d.Email = errs.Text("email", "Email", r.PostFormValue("email"), 200)
	st.d.EmailUnitKerja = errs.Text("email_unit_kerja", "Email Unit Kerja", r.PostFormValue("email_unit_kerja"), 200)
	st.d.Phone = validate.Clean(r.PostFormValue("no_handphone"), 20)
	if err := s.validatePemohon(r.Context(), &st.d, &errs); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.finishStep(w, r, st, 2, &errs, func(v daftar.Wizard) {
		s.render(w, r, http.StatusUnprocessableEntity, daftar.Pemohon(s.pemohonView(v, st.d)))
	})
}
