package server

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"

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

func (s *Server) handleCountersignedUpload(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleProdusenData)
	if !ok {
		return
	}
	kind := request.DocKind(chi.URLParam(r, "kind"))
	if kind != request.DocPKSTTD && kind != request.DocNDATTD {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	b, name, sig, err := s.readPDFUpload(r, "berkas-"+string(kind))
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var errs validate.Errors
	if b == nil {
		errs.Add(string(kind), "Pilih berkas "+request.DocLabels[kind]+".")
	} else {
		err = s.store.UploadCountersigned(r.Context(), p.ID, kind, dokumen.Upload{Kind: dokumen.Dokumen, Name: name, R: bytes.NewReader(b)}, sig, s.actor(r), s.now())
		var ue *dokumen.UploadError
		switch {
		case errors.As(err, &ue):
			errs.Add(string(kind), ue.Message)
		case errors.Is(err, store.ErrAgreementKind):
			s.renderStatus(w, r, http.StatusNotFound)
			return
		case err != nil:
			s.reviewFail(w, r, err)
			return
		}
	}
	if errs.Any() {
		s.aksesInvalid(w, r, p, me, errs, nil)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, uploadFlash(request.DocLabels[kind], sig))
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
