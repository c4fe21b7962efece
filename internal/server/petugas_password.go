package server

import (
	"errors"
	"net/http"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/templates/pages/auth"
)

// staffPasswordPath is where a staff member chooses their own password.
const staffPasswordPath = "/petugas/kata-sandi"

func (s *Server) staffPasswordView(r *http.Request) auth.ResetView {
	v := auth.ResetView{Page: s.page(r, "Ganti Kata Sandi"), Action: staffPasswordPath, Heading: "Ganti Kata Sandi"}
	if currentUser(r.Context()).Staff.MustChangePassword {
		v.Intro = "Akun Anda dibuat dengan kata sandi sekali pakai. Buat kata sandi Anda sendiri untuk melanjutkan."
	}
	return v
}

func (s *Server) handleStaffPasswordForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, auth.Reset(s.staffPasswordView(r)))
}

func (s *Server) handleStaffPassword(w http.ResponseWriter, r *http.Request) {
	me := currentUser(r.Context()).Staff
	pw, confirm := r.PostFormValue("password"), r.PostFormValue("password_confirm")
	if err := account.CheckPassword(pw, confirm, me.Username, ""); err != nil {
		v := s.staffPasswordView(r)
		field := "password"
		if errors.Is(err, account.ErrPasswordMismatch) {
			field = "password_confirm"
		}
		v.Errors.Add(field, err.Error())
		s.render(w, r, http.StatusUnprocessableEntity, auth.Reset(v))
		return
	}
	hash, err := s.hashPassword(r.Context(), pw)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := s.store.ChangeStaffPassword(r.Context(), me.ID, hash, s.actor(r)); err != nil {
		s.renderError(w, r, err)
		return
	}
	// A new password is a change of credentials: the session id changes too.
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Kata sandi diganti.")
	http.Redirect(w, r, "/petugas", http.StatusSeeOther)
}
