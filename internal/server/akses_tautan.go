package server

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/store"
	akv "github.com/bappenas/portal-regsosek/templates/pages/akses"
)

// The operator's credentials link (Tahap 6): public, opened from the email. Opening the page changes
// nothing, so a mail scanner that follows links cannot use it up; the button shows the credentials once,
// in the transaction that marks the link used and records the view. The token is looked up by its HMAC;
// the request log names the route pattern, never the path.

func (s *Server) tautanView(r *http.Request, token string) akv.TautanView {
	return akv.TautanView{Page: s.page(r, "Akun Sepakat"), Action: "/akses-sepakat/" + token}
}

func (s *Server) tautanFail(w http.ResponseWriter, r *http.Request, v akv.TautanView, err error) {
	status := http.StatusGone
	switch {
	case errors.Is(err, store.ErrCredLinkUsed):
		v.State = "terpakai"
	case errors.Is(err, store.ErrCredLinkGone):
		v.State = "kedaluwarsa"
	case errors.Is(err, store.ErrNotFound):
		v.State, status = "tidak_ada", http.StatusNotFound
		v.Message = "Tautan tidak dikenal. Periksa kembali alamat pada email, atau minta registrator instansi Anda mengirim ulang tautan."
	default:
		s.renderError(w, r, err)
		return
	}
	if v.Message == "" {
		v.Message = err.Error()
	}
	s.render(w, r, status, akv.Tautan(v))
}

func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
}

func (s *Server) handleTautanForm(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	token := chi.URLParam(r, "token")
	v := s.tautanView(r, token)
	li, err := s.store.PeekLink(r.Context(), s.tokenHash(store.LinkTokenKind, token), s.now())
	if err != nil {
		s.tautanFail(w, r, v, err)
		return
	}
	v.State, v.Pengguna, v.Instansi, v.Expires = "siap", li.Pengguna, li.Instansi, indo.DateTime(li.Expires)
	s.render(w, r, http.StatusOK, akv.Tautan(v))
}

func (s *Server) handleTautanOpen(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	token := chi.URLParam(r, "token")
	v := s.tautanView(r, token)
	c, err := s.store.OpenLink(r.Context(), s.tokenHash(store.LinkTokenKind, token), s.actor(r), s.now())
	if err != nil {
		s.tautanFail(w, r, v, err)
		return
	}
	v.State, v.Pengguna, v.Instansi, v.Username, v.Password = "tampil", c.Pengguna, c.Instansi, c.Username, c.Password
	s.render(w, r, http.StatusOK, akv.Tautan(v))
}
