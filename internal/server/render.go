package server

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/a-h/templ"

	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/layout"
	"github.com/bappenas/portal-regsosek/templates/pages/public"
)

// page returns the layout data for the current request.
func (s *Server) page(r *http.Request, title string) layout.Page {
	p := layout.Page{Title: title, Path: r.URL.Path, Env: s.cfg.Env, Synthetic: s.dasbor.Synthetic(r.Context()),
		Description: publicDescriptions[r.URL.Path], Notice: inputNotice(r.Context())}
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

// publicDescriptions are the meta descriptions of the public pages a search engine lists; every other page
// gets the portal's own (layout.Page.Description).
var publicDescriptions = map[string]string{
	"/":                    "Dasbor Nasional Regsosek dan layanan permohonan hak akses data Registrasi Sosial Ekonomi bagi kementerian/lembaga dan pemerintah daerah.",
	"/persyaratan":         "Persyaratan dan ketentuan permohonan hak akses data Regsosek menurut Surat Edaran Menteri PPN/Kepala Bappenas Nomor 8 Tahun 2023.",
	"/pengaduan":           "Sampaikan pengaduan atau laporan tentang layanan dan pemanfaatan data Regsosek kepada Kementerian PPN/Bappenas.",
	"/masuk":               "Masuk ke Portal Regsosek sebagai registrator instansi atau petugas Bappenas.",
	"/daftar/tipe-pemohon": "Daftarkan akun layanan instansi untuk mengajukan permohonan hak akses data Regsosek.",
	"/ganti-pejabat":       "Ajukan penggantian pejabat pemegang akun layanan Portal Regsosek.",
}

// pageBuffers hold pages while they render: a page goes out in one write with its length, not in the many
// small writes templ makes, and a page that fails to render is never sent half-way.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes a templ component with a status code. A component that fails to render gives the 500 page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 {
			buf.Reset()
			pageBuffers.Put(buf)
		}
	}()
	buf.Reset()
	ctx := r.Context()
	if status == http.StatusUnprocessableEntity || status == http.StatusRequestEntityTooLarge {
		ctx = layout.WithErrors(ctx)
	}
	if err := c.Render(ctx, buf); err != nil {
		// A client that hung up is no fault of the portal's: noted, not raised as an error.
		if r.Context().Err() != nil {
			s.log.Info("client gone while rendering", "request_id", requestIDFrom(r.Context()))
			return
		}
		s.log.Error("render", "request_id", requestIDFrom(r.Context()), "err", err)
		if status != http.StatusInternalServerError {
			s.renderServerError(w, r)
		}
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
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

// renderTooLarge is the 413 page of a body over limit: what was sent, the limits, and the way back to the form
// (the page it came from, when that is one of ours), where what was saved is still there.
func (s *Server) renderTooLarge(w http.ResponseWriter, r *http.Request, sent, limit int64) {
	text := statusText[http.StatusRequestEntityTooLarge]
	v := public.ErrorView{
		Page:   layout.Page{Title: text[0], Path: r.URL.Path, Env: s.cfg.Env, Synthetic: s.dasbor.syntheticLoaded()},
		Status: http.StatusRequestEntityTooLarge, Heading: text[0], RequestID: requestIDFrom(r.Context()),
		Message: "Kiriman Anda berukuran " + sizeText(sent) + ", melebihi batas " + sizeText(limit) + " untuk satu kali kirim.",
		Details: []string{"Setiap berkas paling besar 10 MB (File KTP 5 MB); berkas yang diterima: PDF, dan untuk KTP dan lampiran pengaduan juga JPG atau PNG.",
			"Isian yang sudah tersimpan sebelumnya tetap ada. Kembali ke formulir, lalu pilih berkas yang lebih kecil."},
		BackHref: sameSiteReferer(r),
	}
	s.render(w, r, http.StatusRequestEntityTooLarge, public.Error(v))
}

// sameSiteReferer is the path of the page a request came from when it is one of ours, or "".
func sameSiteReferer(r *http.Request) string {
	ref, err := url.Parse(r.Referer())
	if err != nil || ref.Host != r.Host || !strings.HasPrefix(ref.Path, "/") {
		return ""
	}
	return ref.RequestURI()
}

// renderServerError logs nothing itself: the caller has logged the cause once.
func (s *Server) renderServerError(w http.ResponseWriter, r *http.Request) {
	s.renderStatus(w, r, http.StatusInternalServerError)
}

// renderError maps store and domain errors to their pages and logs only the unexpected ones.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	if errs, ok := errors.AsType[*validate.Errors](err); ok {
		// Text the input rules refuse, found by readUpload (checkUpload): the fields named, nothing stored.
		s.renderInputRefused(w, r, *errs)
		return
	}
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
			s.renderTooLarge(w, r, max(r.ContentLength, maxErr.Limit+1), maxErr.Limit)
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
