package server

import (
	"errors"
	"net/http"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// The permohonan hak akses of a signed-in registrator (pedoman §3.3.5 Tahap 1.2). Every look-up is scoped
// to the registrator's own account: another account's permohonan does not exist for them.

// ownPermohonan loads the permohonan in the URL if it belongs to the signed-in registrator's account.
func (s *Server) ownPermohonan(w http.ResponseWriter, r *http.Request) (request.Permohonan, *account.Registrator, bool) {
	reg := currentUser(r.Context()).Registrator
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return request.Permohonan{}, nil, false
	}
	p, err := s.store.FindPermohonan(r.Context(), id, reg.AkunID)
	if err != nil {
		s.renderError(w, r, err)
		return p, nil, false
	}
	return p, reg, true
}

// notEditable sends a registrator who tries to change a submitted permohonan back to its page.
func (s *Server) notEditable(w http.ResponseWriter, r *http.Request, p request.Permohonan) bool {
	if p.State.Editable() {
		return false
	}
	if r.Method != http.MethodGet {
		// A form posted from a page that went stale: say so plainly.
		s.renderMessage(w, r, http.StatusConflict, "Tidak dapat diubah", store.ErrNotEditable.Error())
		return true
	}
	s.sessions.Put(r.Context(), sessFlash, store.ErrNotEditable.Error())
	http.Redirect(w, r, permohonanPath(p.ID, ""), http.StatusSeeOther)
	return true
}

func (s *Server) handlePermohonanCreate(w http.ResponseWriter, r *http.Request) {
	reg := currentUser(r.Context()).Registrator
	id, err := s.store.CreatePermohonan(r.Context(), reg.AkunID, nil, s.actor(r), s.now())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, permohonanPath(id, ""), http.StatusSeeOther)
}

func (s *Server) handlePerubahanCreate(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok {
		return
	}
	id, err := s.store.CreatePermohonan(r.Context(), reg.AkunID, &p.ID, s.actor(r), s.now())
	if errors.Is(err, store.ErrConflict) {
		s.sessions.Put(r.Context(), sessFlash, "Perubahan hanya dapat diajukan untuk permohonan yang hak aksesnya sudah diberikan.")
		http.Redirect(w, r, permohonanPath(p.ID, ""), http.StatusSeeOther)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Perubahan permohonan dibuat. Tambahkan pengguna baru; hak akses yang sudah diberikan tetap berlaku.")
	http.Redirect(w, r, permohonanPath(id, ""), http.StatusSeeOther)
}
