package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/surat"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	view "github.com/bappenas/portal-regsosek/templates/pages/layanan"
)

// Bimbingan teknis outcomes (issue 13 item 7): the pengelola layanan records each class's participants, their
// attendance and result; a participant who passed gets a prefilled certificate (by an emailed link, and from
// the registrator's and the staff's pages).

// sertifikatTokenKind is the HMAC domain of certificate links.
const sertifikatTokenKind = "sertifikat-bimtek"

func pesertaRows(list []layanan.Peserta, sertifikat func(id string) string, hapus func(id string) string) []view.PesertaRow {
	out := make([]view.PesertaRow, len(list))
	for i, p := range list {
		id := strconv.FormatInt(p.ID, 10)
		row := view.PesertaRow{ID: id, Kelas: layanan.ClassLabel(p.Kelas), Nama: p.Nama, NIP: p.NIP, Unit: p.Unit, Email: p.Email, Result: p.Result(),
			Nomor: p.Nomor, Hadir: p.Hadir}
		if p.Lulus != nil {
			row.Hasil = map[bool]string{true: "lulus", false: "tidak_lulus"}[*p.Lulus]
		}
		if p.Passed() && sertifikat != nil {
			row.SertifikatHref = sertifikat(id)
		}
		if !p.Passed() && hapus != nil {
			row.HapusAction = hapus(id)
		}
		out[i] = row
	}
	return out
}

// pesertaLabel names a passed participant as training evidence.
func pesertaLabel(p layanan.Peserta) string {
	return p.Nama + " (" + p.NIP + ") — lulus pelatihan " + p.BimtekRef + ", sertifikat " + p.Nomor
}

// pesertaRefText names a passed participant chosen as an operator's training evidence.
func pesertaRefText(p request.PesertaRef) string {
	return "peserta Bimbingan Teknis " + p.Bimtek + " yang lulus: " + p.Nama + " (" + p.NIP + "), sertifikat " + p.Nomor
}

// pesertaChoice offers, on the kapasitas page of a row, the instansi's participants who passed with the
// operator's NIP/NIK.
func (s *Server) pesertaChoice(r *http.Request, akunID int64, row request.Row, current request.Pelatihan, errs validate.Errors) (components.Choice, error) {
	list, err := s.store.ListPassedPeserta(r.Context(), akunID, row.OperatorNIP)
	c := components.Choice{Name: "peserta_id", Label: "Peserta Bimbingan Teknis yang lulus", Required: true, Error: errs.Get("peserta_id"),
		Options: pesertaOptions(list)}
	if current.Peserta != nil {
		c.Selected = strconv.FormatInt(current.Peserta.ID, 10)
	}
	return c, err
}

// pesertaOptions offers passed participants as the training evidence of an operator.
func pesertaOptions(list []layanan.Peserta) []components.Option {
	out := make([]components.Option, len(list))
	for i, p := range list {
		out[i] = components.Option{Value: strconv.FormatInt(p.ID, 10), Label: pesertaLabel(p)}
	}
	return out
}

func (s *Server) pesertaView(r *http.Request, b layanan.Bimtek, in layanan.PesertaInput, errs validate.Errors) (view.PesertaView, error) {
	list, err := s.store.ListPeserta(r.Context(), b.ID)
	if err != nil {
		return view.PesertaView{}, err
	}
	v := view.PesertaView{Page: s.page(r, "Peserta Pelatihan "+b.Reference), Back: bimtekStaffPath(b.ID, ""), Reference: b.Reference,
		Instansi: b.InstansiNama, Open: layanan.RecordsOutcomes(b), AddAction: bimtekStaffPath(b.ID, "/peserta"),
		HasilAction: bimtekStaffPath(b.ID, "/peserta/hasil"), Kelas: in.Kelas, Nama: in.Nama, NIP: in.NIP, Unit: in.Unit, Email: in.Email, Errors: errs}
	if b.Data.Pelatihan {
		v.Pelatihan = "Pelatihan " + b.Data.Versi.Description() + " — " + layanan.ClassesText(b.Data.PesertaPK, b.Data.PesertaDK)
	}
	if !v.Open {
		v.Closed = layanan.ErrPesertaClosed.Error()
	}
	for _, c := range layanan.ClassNames(b.Data) {
		v.Classes = append(v.Classes, components.Option{Value: c, Label: layanan.ClassLabel(c)})
	}
	v.Rows = pesertaRows(list, func(id string) string { return bimtekStaffPath(b.ID, "/peserta/"+id+"/sertifikat.pdf") },
		func(id string) string { return bimtekStaffPath(b.ID, "/peserta/"+id+"/hapus") })
	return v, nil
}

func (s *Server) renderPeserta(w http.ResponseWriter, r *http.Request, b layanan.Bimtek, status int, in layanan.PesertaInput, errs validate.Errors) {
	v, err := s.pesertaView(r, b, in, errs)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, view.PesertaPage(v))
}

func (s *Server) handleBimtekPeserta(w http.ResponseWriter, r *http.Request) {
	b, ok := s.staffBimtek(w, r)
	if !ok {
		return
	}
	// The participants' NIP/NIK and email are personal data: the view is audited.
	if err := s.store.Audit(r.Context(), s.actor(r), store.AuditEntry{Action: "bimtek.lihat_peserta", ObjectType: "bimtek", ObjectID: b.ID}); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderPeserta(w, r, b, http.StatusOK, layanan.PesertaInput{}, validate.Errors{})
}

func (s *Server) handleBimtekPesertaAdd(w http.ResponseWriter, r *http.Request) {
	b, ok := s.staffBimtek(w, r)
	if !ok {
		return
	}
	in := layanan.PesertaInput{Kelas: r.PostFormValue("kelas"), Nama: r.PostFormValue("nama"), NIP: r.PostFormValue("nip"),
		Unit: r.PostFormValue("unit"), Email: r.PostFormValue("email")}
	p, errs := layanan.ParsePeserta(in, layanan.ClassNames(b.Data))
	if !errs.Any() {
		_, err := s.store.AddPeserta(r.Context(), b.ID, p, s.actor(r), s.now())
		switch {
		case err == nil:
			s.sessions.Put(r.Context(), sessFlash, "Peserta "+p.Nama+" dicatat pada "+layanan.ClassLabel(p.Kelas)+".")
			http.Redirect(w, r, bimtekStaffPath(b.ID, "/peserta"), http.StatusSeeOther)
			return
		case errors.Is(err, layanan.ErrKelasFull):
			errs.Add("kelas", err.Error())
		case errors.Is(err, layanan.ErrPesertaTwice):
			errs.Add("nip", err.Error())
		case errors.Is(err, layanan.ErrPesertaClosed):
			s.renderMessage(w, r, http.StatusConflict, "Tidak dapat diproses", err.Error())
			return
		default:
			s.renderError(w, r, err)
			return
		}
	}
	s.renderPeserta(w, r, b, http.StatusUnprocessableEntity, in, errs)
}

// handleBimtekHasil saves every participant's attendance and result at once.
func (s *Server) handleBimtekHasil(w http.ResponseWriter, r *http.Request) {
	b, ok := s.staffBimtek(w, r)
	if !ok {
		return
	}
	list, err := s.store.ListPeserta(r.Context(), b.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	hasil := map[int64]layanan.Hasil{}
	var errs validate.Errors
	for _, p := range list {
		id := strconv.FormatInt(p.ID, 10)
		h := layanan.Hasil{Hadir: r.PostFormValue("hadir_"+id) == "ya"}
		switch r.PostFormValue("hasil_" + id) {
		case "lulus":
			h.Lulus = new(true)
		case "tidak_lulus":
			h.Lulus = new(false)
		}
		if err := layanan.CheckHasil(h); err != nil {
			errs.Add("hasil_"+id, p.Nama+": "+err.Error())
		}
		hasil[p.ID] = h
	}
	if errs.Any() {
		s.renderPeserta(w, r, b, http.StatusUnprocessableEntity, layanan.PesertaInput{}, errs)
		return
	}
	newToken := func() (string, []byte) {
		t := crypt.RandomToken()
		return t, s.tokenHash(sertifikatTokenKind, t)
	}
	n, err := s.store.SaveHasil(r.Context(), b.ID, hasil, newToken, s.actor(r), s.now())
	if msg := store.UserMessage(err); msg != "" {
		s.renderMessage(w, r, http.StatusConflict, "Tidak dapat diproses", msg)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	flash := "Hasil pelatihan disimpan."
	if n > 0 {
		flash += " " + strconv.Itoa(n) + " peserta lulus menerima email berisi tautan sertifikat."
	}
	s.sessions.Put(r.Context(), sessFlash, flash)
	http.Redirect(w, r, bimtekStaffPath(b.ID, "/peserta"), http.StatusSeeOther)
}

func (s *Server) handleBimtekPesertaHapus(w http.ResponseWriter, r *http.Request) {
	b, ok := s.staffBimtek(w, r)
	if !ok {
		return
	}
	pid, _ := strconv.ParseInt(chi.URLParam(r, "peserta"), 10, 64)
	if err := s.store.RemovePeserta(r.Context(), b.ID, pid, s.actor(r)); err != nil {
		s.bimtekDone(w, r, b.ID, err, "")
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Peserta dihapus.")
	http.Redirect(w, r, bimtekStaffPath(b.ID, "/peserta"), http.StatusSeeOther)
}

// writeSertifikat sends the certificate of a participant of b who passed, and records who downloaded it.
func (s *Server) writeSertifikat(w http.ResponseWriter, r *http.Request, b layanan.Bimtek, p layanan.Peserta) {
	if !p.Passed() {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	if err := s.store.Audit(r.Context(), s.actor(r), store.AuditEntry{Action: "bimtek.sertifikat_unduh", ObjectType: "bimtek", ObjectID: b.ID,
		Detail: map[string]any{"peserta_id": p.ID}}); err != nil {
		s.renderError(w, r, err)
		return
	}
	issued := s.now()
	if p.DinilaiAt != nil {
		issued = *p.DinilaiAt
	}
	pdf, err := surat.SertifikatBimtek(surat.Sertifikat{Peserta: p, Bimtek: b, Diterbit: issued.In(indo.Jakarta)})
	s.writePDF(w, r, "sertifikat-"+strings.ReplaceAll(strings.ToLower(p.Nomor), "/", "-")+".pdf", pdf, err)
}

// handleBimtekSertifikatStaff is the pengelola layanan's download of a certificate.
func (s *Server) handleBimtekSertifikatStaff(w http.ResponseWriter, r *http.Request) {
	b, ok := s.staffBimtek(w, r)
	if !ok {
		return
	}
	pid, _ := strconv.ParseInt(chi.URLParam(r, "peserta"), 10, 64)
	p, err := s.store.FindPeserta(r.Context(), b.ID, pid, 0)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.writeSertifikat(w, r, b, p)
}

// handleBimtekSertifikat is the registrator's download of a certificate of their own instansi's training.
func (s *Server) handleBimtekSertifikat(w http.ResponseWriter, r *http.Request) {
	b, ok := s.ownBimtek(w, r)
	if !ok {
		return
	}
	pid, _ := strconv.ParseInt(chi.URLParam(r, "peserta"), 10, 64)
	p, err := s.store.FindPeserta(r.Context(), b.ID, pid, b.AkunID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.writeSertifikat(w, r, b, p)
}

// handleSertifikatLink is the participant's emailed link (no sign-in): the token names the certificate and
// nothing else; a link of a result changed since answers 404.
func (s *Server) handleSertifikatLink(w http.ResponseWriter, r *http.Request) {
	if !s.underLimit(w, r, "sertifikat-ip", 60) {
		return
	}
	p, err := s.store.FindPesertaBySertifikat(r.Context(), s.tokenHash(sertifikatTokenKind, chi.URLParam(r, "token")))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	b, err := s.store.FindBimtek(r.Context(), p.BimtekID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.writeSertifikat(w, r, b, p)
}
