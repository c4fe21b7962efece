package server

import (
	"bytes"
	"errors"
	"net/http"
	"time"

	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	akv "github.com/bappenas/portal-regsosek/templates/pages/akses"
)

// After access is given, for the registrator: the SK Forum Satu Data under the six-month rule, and
// Perpanjangan. Every look-up is scoped to the registrator's own account through ownPermohonan.

func (s *Server) handleSKForumUpload(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownTahap4(w, r)
	if !ok {
		return
	}
	b, name, _, err := s.readPDFUpload(r, "berkas")
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	msg := "Pilih berkas SK Penetapan Forum Satu Data Daerah."
	if b != nil {
		err = s.store.UploadSKForum(r.Context(), p.ID, reg.AkunID, dokumen.Upload{Kind: dokumen.Dokumen, Name: name, R: bytes.NewReader(b)}, s.actor(r), s.now())
		var ue *dokumen.UploadError
		switch {
		case errors.As(err, &ue):
			msg = ue.Message
		case errors.Is(err, store.ErrConflict):
			s.renderMessage(w, r, http.StatusConflict, "Tidak diperlukan", "SK Forum Satu Data diunggah di sini hanya untuk hak akses yang dibatasi 6 bulan.")
			return
		case err != nil:
			s.renderError(w, r, err)
			return
		default:
			msg = ""
		}
	}
	if msg != "" {
		s.sessions.Put(r.Context(), sessFlash, msg)
	} else {
		s.sessions.Put(r.Context(), sessFlash, "SK Forum Satu Data diunggah. Produsen Data Regsosek akan memperpanjang hak akses.")
	}
	http.Redirect(w, r, permohonanPath(p.ID, ""), http.StatusSeeOther)
}

func (s *Server) perpanjanganView(r *http.Request, p request.Permohonan, errs validate.Errors, diminta, alasan string) (akv.PerpanjanganView, error) {
	a, err := s.store.FindAkses(r.Context(), p.ID)
	if err != nil {
		return akv.PerpanjanganView{}, err
	}
	names, err := s.names(r.Context(), p)
	if err != nil {
		return akv.PerpanjanganView{}, err
	}
	today := indo.Today(s.now())
	latest := review.MaxAkses(s.maxAksesMonths(), today)
	v := akv.PerpanjanganView{Page: s.page(r, "Perpanjangan Hak Akses"), Back: permohonanPath(p.ID, ""), Action: permohonanPath(p.ID, "/perpanjangan"),
		Reference: p.Reference, Max: indo.Date(latest), Diminta: diminta, Alasan: alasan, Errors: errs}
	if v.Diminta == "" {
		v.Diminta = latest.Format(time.DateOnly)
	}
	if a.AksesBerakhir != nil {
		v.Sampai = indo.Date(*a.AksesBerakhir)
	}
	v.Accounts, v.Fasilitas = accountRows(p, a, names)
	switch _, open := a.OpenPerpanjangan(); {
	case p.State != request.AksesDiberikan:
		v.Blocked = "Perpanjangan hanya dapat diajukan selama hak akses berlaku."
	case open:
		v.Blocked = store.ErrExtensionOpen.Error()
	case !registratorCan(p, request.MintaPerpanjangan):
		v.Blocked = request.ErrSKForumFirst.Error()
	}
	return v, nil
}

func (s *Server) handlePerpanjanganForm(w http.ResponseWriter, r *http.Request) {
	p, _, ok := s.ownTahap4(w, r)
	if !ok {
		return
	}
	v, err := s.perpanjanganView(r, p, validate.Errors{}, "", "")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, akv.Perpanjangan(v))
}

func (s *Server) handlePerpanjangan(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownTahap4(w, r)
	if !ok {
		return
	}
	diminta, alasan := r.PostFormValue("sampai"), validate.Clean(r.PostFormValue("alasan"), 2000)
	today := indo.Today(s.now())
	var errs validate.Errors
	sampai, err := time.ParseInLocation(time.DateOnly, diminta, indo.Jakarta)
	current, cerr := s.store.EndInForce(r.Context(), p.ID)
	if cerr != nil {
		s.renderError(w, r, cerr)
		return
	}
	if err != nil {
		errs.Add("sampai", "Isi tanggal perpanjangan.")
	} else if msg := request.CheckExtension(sampai, current, today, review.MaxAkses(s.maxAksesMonths(), today)); msg != "" {
		errs.Add("sampai", msg)
	}
	if msg := validate.Reason("alasan perpanjangan", alasan); msg != "" {
		errs.Add("alasan", msg)
	}
	if !errs.Any() {
		err = s.store.RequestExtension(r.Context(), p.ID, reg.AkunID, sampai, alasan, s.actor(r), s.now())
		switch {
		case errors.Is(err, store.ErrExtensionOpen), errors.Is(err, request.ErrSKForumFirst):
			errs.Add("sampai", err.Error())
		case errors.Is(err, store.ErrConflict):
			s.renderMessage(w, r, http.StatusConflict, "Tidak dapat diperpanjang", "Perpanjangan hanya dapat diajukan selama hak akses berlaku.")
			return
		case err != nil:
			s.renderError(w, r, err)
			return
		}
	}
	if errs.Any() {
		v, err := s.perpanjanganView(r, p, errs, diminta, alasan)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, akv.Perpanjangan(v))
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Permintaan perpanjangan diajukan.")
	http.Redirect(w, r, permohonanPath(p.ID, ""), http.StatusSeeOther)
}
