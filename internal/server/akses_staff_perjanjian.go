package server

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Tahap 4 for staff: printed copies sent, the countersigned copies, countersignature, and agreements
// returned to the pemohon.

func (s *Server) handleCetakSent(w http.ResponseWriter, r *http.Request) {
	p, _, ok := s.staffAkses(w, r, account.RoleProdusenData)
	if !ok {
		return
	}
	cid, _ := strconv.ParseInt(chi.URLParam(r, "cetak"), 10, 64)
	err := s.store.MarkPrintSent(r.Context(), p.ID, cid, validate.Clean(r.PostFormValue("catatan"), 300), s.actor(r), s.now())
	s.aksesDone(w, r, p, err, "Permintaan cetak ditandai sudah dikirim.")
}

// handleCountersignedUpload stores the copies signed by both parties. As on the registrator's page, the
// section is one form (issue 15): every file chosen is stored whichever Unggah is pressed.
func (s *Server) handleCountersignedUpload(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleProdusenData)
	if !ok {
		return
	}
	pressed := request.DocKind(chi.URLParam(r, "kind"))
	if pressed != request.DocPKSTTD && pressed != request.DocNDATTD {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.renderError(w, r, err)
		return
	}
	defer r.MultipartForm.RemoveAll()
	var errs validate.Errors
	var done []string
	other := map[request.DocKind]request.DocKind{request.DocPKSTTD: request.DocNDATTD, request.DocNDATTD: request.DocPKSTTD}[pressed]
	for _, kind := range []request.DocKind{pressed, other} {
		b, name, sig, err := s.readPDFUpload(r, "berkas-"+string(kind))
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if b == nil {
			continue
		}
		err = s.store.UploadCountersigned(r.Context(), p.ID, kind, dokumen.Upload{Kind: dokumen.Dokumen, Name: name, R: bytes.NewReader(b)}, sig, s.actor(r), s.now())
		var ue *dokumen.UploadError
		switch {
		case errors.As(err, &ue):
			errs.Add(string(kind), ue.Message)
		case errors.Is(err, store.ErrAgreementKind) && kind == pressed:
			s.renderStatus(w, r, http.StatusNotFound)
			return
		case errors.Is(err, store.ErrAgreementKind):
			errs.Add(string(kind), request.DocLabels[kind]+" tidak diminta untuk permohonan ini.")
		case err != nil:
			s.reviewFail(w, r, err)
			return
		default:
			done = append(done, uploadFlash(request.DocLabels[kind], sig))
		}
	}
	if len(done) == 0 && !errs.Any() {
		errs.Add(string(pressed), "Pilih berkas "+request.DocLabels[pressed]+".")
	}
	if errs.Any() {
		s.aksesInvalid(w, r, p, me, errs, nil)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, strings.Join(done, " "))
	http.Redirect(w, r, aksesPath(p.ID, ""), http.StatusSeeOther)
}

func (s *Server) handleCountersign(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleProdusenData)
	if !ok {
		return
	}
	err := s.store.Countersign(r.Context(), p.ID, s.actor(r), s.now())
	if errors.Is(err, store.ErrAgreementMissing) {
		var errs validate.Errors
		errs.Add("tandatangani", "Unggah salinan PKS (dan NDA) yang telah ditandatangani kedua pihak terlebih dahulu.")
		s.aksesInvalid(w, r, p, me, errs, nil)
		return
	}
	s.aksesDone(w, r, p, err, "PKS dan NDA ditandatangani. Permohonan diteruskan ke penyiapan akses.")
}

func (s *Server) handleReturnAgreements(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleProdusenData)
	if !ok {
		return
	}
	why, ok := s.aksesReason(w, r, p, me, "catatan", "apa yang perlu diperbaiki", "kembalikan")
	if !ok {
		return
	}
	err := s.store.ReturnAgreements(r.Context(), p.ID, why, s.actor(r), s.now())
	s.aksesDone(w, r, p, err, "PKS/NDA dikembalikan kepada pemohon.")
}
