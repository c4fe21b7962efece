package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	view "github.com/bappenas/portal-regsosek/templates/pages/layanan"
)

// Opening an Anonim reporter's identity takes two admins (layanan/pengaduan_identitas.go): one asks with a
// reason (Minta Buka Identitas Pelapor), another approves (Setujui) or refuses with a note (Tolak), and the
// asker then opens it once (Buka Identitas Pelapor), on that response only.

// addBuka puts the latest request and the buttons this admin may press on the page; with no request open,
// the form to ask.
func (s *Server) addBuka(r *http.Request, pv *view.PengaduanReviewView, p layanan.Pengaduan, v layanan.Viewer) error {
	req, err := s.store.LatestBuka(r.Context(), p.ID)
	if errors.Is(err, store.ErrNotFound) {
		pv.CanReveal = true
		return nil
	}
	if err != nil {
		return err
	}
	now := s.now()
	open := req.State == layanan.BukaDiminta || req.State == layanan.BukaDisetujui && layanan.CanBuka(req, layanan.BukaBuka, req.DimintaOleh, v.Roles, now)
	pv.CanReveal = !open
	fields := []view.Field{{Label: "Status", Value: req.State.Label(), TestID: "buka-status"},
		{Label: "Diminta oleh", Value: req.DimintaNama + ", " + indo.DateTime(req.DimintaAt)},
		{Label: "Alasan", Value: req.Alasan}}
	if req.DiputusAt != nil {
		fields = append(fields, view.Field{Label: "Diputuskan oleh", Value: req.DiputusNama + ", " + indo.DateTime(*req.DiputusAt)})
	}
	if req.Catatan != "" {
		fields = append(fields, view.Field{Label: "Catatan penolakan", Value: req.Catatan})
	}
	pv.Buka = &view.BukaView{Action: pv.Action + "/identitas/" + strconv.FormatInt(req.ID, 10), Fields: fields,
		CanDecide: layanan.CanBuka(req, layanan.BukaSetujui, v.StaffID, v.Roles, now),
		CanOpen:   layanan.CanBuka(req, layanan.BukaBuka, v.StaffID, v.Roles, now)}
	return nil
}

// reshowPengaduan shows the report's page again with errs (422).
func (s *Server) reshowPengaduan(w http.ResponseWriter, r *http.Request, p layanan.Pengaduan, v layanan.Viewer, set func(*view.PengaduanReviewView)) {
	pv, err := s.pengaduanReviewPage(r, p, v)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	set(&pv)
	s.render(w, r, http.StatusUnprocessableEntity, view.PengaduanReview(pv))
}

// bukaDone answers a step of a request: back to the report with a flash, or the refusal of a rule.
func (s *Server) bukaDone(w http.ResponseWriter, r *http.Request, p layanan.Pengaduan, err error, flash string) {
	base := "/petugas/pengaduan/" + strconv.FormatInt(p.ID, 10)
	var refusal validate.Refusal
	switch {
	case errors.As(err, &refusal):
		s.renderMessage(w, r, http.StatusForbidden, "Tidak dapat diproses", err.Error())
	case errors.Is(err, store.ErrBukaOpen), errors.Is(err, store.ErrConflict):
		s.sessions.Put(r.Context(), sessFlash, "Permintaan membuka identitas ini sudah diproses atau masih berjalan.")
		http.Redirect(w, r, base, http.StatusSeeOther)
	case err != nil:
		s.renderError(w, r, err)
	default:
		s.sessions.Put(r.Context(), sessFlash, flash)
		http.Redirect(w, r, base, http.StatusSeeOther)
	}
}

// handlePengaduanReveal records an admin's request, with its reason, to open the reporter's identity.
func (s *Server) handlePengaduanReveal(w http.ResponseWriter, r *http.Request) {
	p, v, ok := s.staffPengaduan(w, r)
	if !ok {
		return
	}
	reason, errs := writtenReason(r, "alasan", "Alasan", "alasan membuka identitas pelapor")
	if errs.Any() {
		s.reshowPengaduan(w, r, p, v, func(pv *view.PengaduanReviewView) { pv.Alasan, pv.Errors = reason, errs })
		return
	}
	err := s.store.AskBuka(r.Context(), p.ID, reason, v, s.actor(r), s.now())
	s.bukaDone(w, r, p, err, "Permintaan membuka identitas dicatat dan menunggu persetujuan administrator lain.")
}

// writtenReason reads the reason typed in field: kept whole, with a message beside the field when it is over
// 1,000 characters (never cut) or too short to be a reason.
func writtenReason(r *http.Request, field, label, reasonLabel string) (string, validate.Errors) {
	var errs validate.Errors
	text := errs.Lines(field, label, r.PostFormValue(field), 1000)
	if msg := validate.Reason(reasonLabel, text); msg != "" && !errs.Any() {
		errs.Add(field, msg)
	}
	return text, errs
}

// bukaID is the request named in the path.
func bukaID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(chi.URLParam(r, "req"), 10, 64)
	return id
}

func (s *Server) handleBukaSetujui(w http.ResponseWriter, r *http.Request) {
	p, _, ok := s.staffPengaduan(w, r)
	if !ok {
		return
	}
	err := s.store.DecideBuka(r.Context(), p.ID, bukaID(r), layanan.BukaSetujui, "", s.actor(r), s.now())
	s.bukaDone(w, r, p, err, "Permintaan disetujui. Administrator yang meminta dapat membuka identitas satu kali dalam 24 jam.")
}

func (s *Server) handleBukaTolak(w http.ResponseWriter, r *http.Request) {
	p, v, ok := s.staffPengaduan(w, r)
	if !ok {
		return
	}
	note, errs := writtenReason(r, "catatan", "Catatan", "catatan penolakan")
	if errs.Any() {
		s.reshowPengaduan(w, r, p, v, func(pv *view.PengaduanReviewView) { pv.Catatan, pv.Errors = note, errs })
		return
	}
	err := s.store.DecideBuka(r.Context(), p.ID, bukaID(r), layanan.BukaTolak, note, s.actor(r), s.now())
	s.bukaDone(w, r, p, err, "Permintaan membuka identitas ditolak.")
}

// handleBukaOpen shows the asker the identity, once, on this response only.
func (s *Server) handleBukaOpen(w http.ResponseWriter, r *http.Request) {
	p, v, ok := s.staffPengaduan(w, r)
	if !ok {
		return
	}
	revealed, err := s.store.OpenBuka(r.Context(), p.ID, bukaID(r), v, s.actor(r), s.now())
	if err != nil {
		s.bukaDone(w, r, p, err, "")
		return
	}
	p.Pelapor, p.Instansi, p.PermohonanRef = revealed.Pelapor, revealed.Instansi, revealed.PermohonanRef
	pv, err := s.pengaduanReviewPage(r, p, v)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	pv.Revealed = true
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, view.PengaduanReview(pv))
}
