package server

import (
	"errors"
	"net/http"
	"syscall"

	"github.com/a-h/templ"

	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/layout"
	"github.com/bappenas/portal-regsosek/templates/pages/public"
)

// page returns the layout data for the current request.
func (s *Server) page(r *http.Request, title string) layout.Page {
	p := layout.Page{Title: title, Path: r.URL.Path, Env: s.cfg.Env, Synthetic: s.dasbor.Synthetic(r.Context()),
		Notice: inputNotice(r.Context())}
	if hasSession(r.Context()) {
		p.Flash = s.sessions.PopString(r.Context(), sessFlash)
	}
	u := currentUser(r.Context())
	switch {
	case u.Registrator != nil:
		p.User = u.Registrator.Nama
	case u.Staff != nil:
		p.User, p.Staff = u.Staff.Nama, true
	}
	p.StaffLinks = navFor(u)
	return p
}

// render writes a templ component with a status code. A rendering error after the header is written can
// only be logged.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := c.Render(r.Context(), w); err != nil {
		// A client that hung up is no fault of the portal's: noted, not raised as an error.
		if r.Context().Err() != nil || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
			s.log.Info("client gone while rendering", "request_id", requestIDFrom(r.Context()))
			return
		}
		s.log.Error("render", "request_id", requestIDFrom(r.Context()), "err", err)
	}
}

var statusText = map[int][2]string{
	http.StatusBadRequest:            {"Permintaan tidak dapat diproses", "Permintaan yang dikirim tidak lengkap atau tidak sesuai."},
	http.StatusForbidden:             {"Akses ditolak", "Anda tidak memiliki izin untuk melakukan tindakan ini, atau formulir dikirim dari situs lain. Muat ulang halaman lalu coba lagi."},
	http.StatusNotFound:              {"Halaman tidak ditemukan", "Alamat yang Anda tuju tidak ada atau sudah tidak tersedia. Periksa kembali alamatnya."},
	http.StatusMethodNotAllowed:      {"Metode tidak diizinkan", "Halaman ini tidak menerima permintaan dengan cara tersebut."},
	http.StatusConflict:              {"Sudah diproses", "Data ini sudah diproses oleh petugas lain atau telah berubah. Muat ulang halaman untuk melihat keadaan terbaru."},
	http.StatusRequestEntityTooLarge: {"Berkas terlalu besar", "Berkas atau formulir yang dikirim melebihi batas ukuran."},
	http.StatusTooManyRequests:       {"Terlalu banyak percobaan", "Tunggu beberapa saat, lalu coba lagi."},
	http.StatusInternalServerError:   {"Terjadi kesalahan pada sistem", "Maaf, permintaan Anda belum dapat diproses. Silakan coba beberapa saat lagi."},
	http.StatusServiceUnavailable:    {"Layanan sedang tidak tersedia", "Silakan coba beberapa saat lagi."},
}

// renderStatus renders the error page for a status code.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int) {
	text, ok := statusText[status]
	if !ok {
		text = statusText[http.StatusInternalServerError]
	}
	v := public.ErrorView{
		Page:    layout.Page{Title: text[0], Path: r.URL.Path, Env: s.cfg.Env, Synthetic: s.dasbor.syntheticLoaded()},
		Status:  status,
		Heading: text[0], Message: text[1],
		RequestID: requestIDFrom(r.Context()),
	}
	s.render(w, r, status, public.Error(v))
}

// renderServerError logs nothing itself: the caller has logged the cause once.
func (s *Server) renderServerError(w http.ResponseWriter, r *http.Request) {
	s.renderStatus(w, r, http.StatusInternalServerError)
}

// renderError maps store and domain errors to their pages and logs only the unexpected ones.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrForbidden):
		// Someone else's object is "not found": its existence is not confirmed.
		s.renderStatus(w, r, http.StatusNotFound)
	case errors.Is(err, store.ErrNotInRevision), errors.Is(err, store.ErrNotEditable):
		s.renderMessage(w, r, http.StatusConflict, "Tidak dapat diubah", err.Error())
	case errors.Is(err, store.ErrConflict):
		s.renderStatus(w, r, http.StatusConflict)
	case errors.Is(err, errBusy):
		s.renderBusy(w, r)
	case errors.Is(err, store.ErrDocumentPurged):
		s.renderMessage(w, r, http.StatusGone, "Dokumen telah dihapus",
			"Berkas ini telah dihapus sesuai jadwal retensi data pribadi (UU 27/2022): pemeriksaannya sudah selesai. Catatan pemeriksaan tetap tersimpan.")
	case errors.Is(err, http.ErrNotMultipart), errors.Is(err, http.ErrMissingBoundary):
		// An upload form posted as something else: the client's mistake, not the server's.
		s.renderStatus(w, r, http.StatusBadRequest)
	case validate.MessageOf(err) != "":
		// A rule said no (a guard of a state machine, a limit of a service): its sentence is the answer,
		// whichever page the person acted from.
		s.renderMessage(w, r, http.StatusConflict, "Tidak dapat diproses", validate.MessageOf(err))
	default:
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			s.renderStatus(w, r, http.StatusRequestEntityTooLarge)
			return
		}
		s.log.Error("request failed", "request_id", requestIDFrom(r.Context()), "err", err)
		s.renderServerError(w, r)
	}
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.renderStatus(w, r, http.StatusNotFound)
}

func (s *Server) handleMethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.renderStatus(w, r, http.StatusMethodNotAllowed)
}
