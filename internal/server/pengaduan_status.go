package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	view "github.com/bappenas/portal-regsosek/templates/pages/layanan"
)

// The reporter's status page, opened with the tracking code, where the reporter follows the answers and
// replies; and a registrator's own report on the akun page.

func (s *Server) handlePengaduanStatus(w http.ResponseWriter, r *http.Request) {
	id := s.sessions.GetInt64(r.Context(), sessPengaduan)
	if id == 0 {
		s.render(w, r, http.StatusOK, view.PengaduanLacak(view.PengaduanLacakView{Page: s.page(r, "Lacak Laporan")}))
		return
	}
	s.renderPengaduanStatus(w, r, id, http.StatusOK, "", validate.Errors{})
}

func (s *Server) renderPengaduanStatus(w http.ResponseWriter, r *http.Request, id int64, status int, reply string, errs validate.Errors) {
	p, err := s.store.PengaduanForPelapor(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	file := func(l layanan.PengaduanLampiran) view.Link {
		return view.Link{Label: l.OriginalName, Href: "/pengaduan/status/lampiran/" + strconv.FormatInt(l.DocumentID, 10)}
	}
	v := view.PengaduanStatusView{Page: s.page(r, "Status Laporan"), Reference: p.Reference, Status: p.State.Label(),
		StatusClass: pengaduanStatusClass(p.State), Fields: pengaduanFields(p), Reply: reply, Errors: errs, SurveiHref: s.pengaduanSurveyHref(r, id)}
	for _, l := range p.Lampiran {
		v.Files = append(v.Files, file(l))
	}
	v.Messages = pengaduanThread(p, false, file)
	// The reply form is offered when the one who holds the code may reply now.
	v.CanReply = layanan.ReporterViewer(s.actor(r)).Can(p, layanan.EventTanggapi)
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, view.PengaduanStatus(v))
}

// handlePengaduanLacak looks a tracking code up. A wrong, malformed or empty code takes the same path (an
// HMAC and one indexed query) and gets the same answer, so the page tells nothing about which codes exist.
func (s *Server) handlePengaduanLacak(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.underLimit(w, r, "lacak-ip", lacakLimit) {
		return
	}
	code, _ := layanan.NormalizeTrackingCode(r.PostFormValue("kode"))
	id, err := s.store.FindPengaduanByTracking(ctx, s.tokenHash("pengaduan", code))
	if errors.Is(err, store.ErrNotFound) {
		v := view.PengaduanLacakView{Page: s.page(r, "Lacak Laporan")}
		v.Errors.Add("kode", trackingNotFound)
		s.render(w, r, http.StatusUnprocessableEntity, view.PengaduanLacak(v))
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	// A new session id before it grants access to a report, as at sign-in.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessPengaduan, id)
	http.Redirect(w, r, "/pengaduan/status", http.StatusSeeOther)
}

func (s *Server) handlePengaduanKeluar(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	s.sessions.Remove(ctx, sessPengaduan)
	s.sessions.Remove(ctx, sessPengaduanKode)
	s.sessions.Remove(ctx, sessPengaduanRef)
	s.sessions.Put(ctx, sessFlash, "Laporan ditutup dari peramban ini. Gunakan kode pelacakan untuk membukanya kembali.")
	http.Redirect(w, r, "/pengaduan/status", http.StatusSeeOther)
}

// handlePengaduanTanggapan adds the reporter's reply, with an optional attachment.
func (s *Server) handlePengaduanTanggapan(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.renderError(w, r, err)
		return
	}
	defer r.MultipartForm.RemoveAll()
	id := s.sessions.GetInt64(ctx, sessPengaduan)
	if id == 0 {
		http.Redirect(w, r, "/pengaduan/status", http.StatusSeeOther)
		return
	}
	if !s.underLimit(w, r, "pengaduan-ip", pengaduanLimit) {
		return
	}
	text, errs := layanan.ParsePesan(r.PostFormValue("pesan"), true)
	file, fh := formFile(r, "lampiran")
	if file != nil {
		defer file.Close()
	}
	if errs.Any() {
		if file != nil {
			errs.Add("lampiran", "Pilih ulang lampiran Anda: berkas belum disimpan karena ada isian yang perlu diperbaiki.")
		}
		s.renderPengaduanStatus(w, r, id, http.StatusUnprocessableEntity, text, errs)
		return
	}
	var u *dokumen.Upload
	if file != nil {
		u = &dokumen.Upload{Kind: dokumen.Lampiran, Name: fh.Filename, R: file}
	}
	err := s.store.ReplyPengaduan(ctx, id, text, u, s.actor(r), s.now())
	var ue *dokumen.UploadError
	switch {
	case errors.As(err, &ue):
		var e validate.Errors
		e.Add("lampiran", ue.Message)
		s.renderPengaduanStatus(w, r, id, http.StatusUnprocessableEntity, text, e)
		return
	case errors.Is(err, store.ErrConflict):
		s.sessions.Put(ctx, sessFlash, "Laporan ini tidak sedang menunggu tanggapan Anda.")
		http.Redirect(w, r, "/pengaduan/status", http.StatusSeeOther)
		return
	case err != nil:
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessFlash, "Tanggapan Anda telah dikirim kepada pengelola layanan.")
	http.Redirect(w, r, "/pengaduan/status", http.StatusSeeOther)
}

// handlePengaduanStatusFile serves an attachment of the report this browser follows.
func (s *Server) handlePengaduanStatusFile(w http.ResponseWriter, r *http.Request) {
	id := s.sessions.GetInt64(r.Context(), sessPengaduan)
	docID, err := strconv.ParseInt(chi.URLParam(r, "doc"), 10, 64)
	if id == 0 || err != nil {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	s.servePengaduanFile(w, r, id, docID, false)
}

// handleAkunPengaduan opens one of the account's own reports on the status page.
func (s *Server) handleAkunPengaduan(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	mine, err := s.store.PengaduanOfAkun(r.Context(), id, currentUser(r.Context()).Registrator.AkunID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !mine {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	s.sessions.Put(r.Context(), sessPengaduan, id)
	http.Redirect(w, r, "/pengaduan/status", http.StatusSeeOther)
}
