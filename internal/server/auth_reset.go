package server

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/templates/pages/auth"
)

func (s *Server) handleForgotForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, auth.Lupa(auth.LupaView{Page: s.page(r, "Lupa Kata Sandi")}))
}

// handleForgot always answers the same way, so it does not tell whether a username exists.
func (s *Server) handleForgot(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	username := strings.ToLower(strings.TrimSpace(r.PostFormValue("username")))
	view := auth.LupaView{Page: s.page(r, "Lupa Kata Sandi"), Username: username, Errors: inputErrors(r)}
	if view.Errors.Any() {
		s.render(w, r, http.StatusUnprocessableEntity, auth.Lupa(view))
		return
	}
	if username == "" {
		view.Errors.Add("username", "Isi username.")
		s.render(w, r, http.StatusUnprocessableEntity, auth.Lupa(view))
		return
	}
	now := s.now()
	ok, _, err := s.store.Allow(ctx, s.limitKey("reset-ip", clientIP(r)), now, time.Hour, 10)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if ok {
		if ok, _, err = s.store.Allow(ctx, s.limitKey("reset-user", username), now, time.Hour, 3); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	if ok {
		token := crypt.RandomToken()
		err := s.store.CreatePasswordReset(ctx, username, token, s.tokenHash("reset", token), s.actor(r), now)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	view.Sent = true
	s.render(w, r, http.StatusOK, auth.Lupa(view))
}

func (s *Server) handleResetForm(w http.ResponseWriter, r *http.Request) {
	token := chi.URLParam(r, "token")
	if _, err := s.store.FindPasswordReset(r.Context(), s.tokenHash("reset", token), s.now()); err != nil {
		s.resetLinkDead(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, auth.Reset(auth.ResetView{Page: s.page(r, "Atur Ulang Kata Sandi"), Action: r.URL.Path}))
}

func (s *Server) resetLinkDead(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrResetNotFound) {
		s.sessions.Put(r.Context(), sessFlash, store.ErrResetNotFound.Error())
		http.Redirect(w, r, "/lupa-kata-sandi", http.StatusSeeOther)
		return
	}
	s.renderError(w, r, err)
}

func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	hash := s.tokenHash("reset", chi.URLParam(r, "token"))
	info, err := s.store.FindPasswordReset(ctx, hash, s.now())
	if err != nil {
		s.resetLinkDead(w, r, err)
		return
	}
	view := auth.ResetView{Page: s.page(r, "Atur Ulang Kata Sandi"), Action: r.URL.Path}
	pw, confirm := r.PostFormValue("password"), r.PostFormValue("password_confirm")
	// The NIK is not at hand here without decrypting it; the username rule still applies.
	if err := account.CheckPassword(pw, confirm, info.Username, ""); err != nil {
		field := "password"
		if errors.Is(err, account.ErrPasswordMismatch) {
			field = "password_confirm"
		}
		view.Errors.Add(field, err.Error())
		s.render(w, r, http.StatusUnprocessableEntity, auth.Reset(view))
		return
	}
	hashPw, err := s.hashPassword(ctx, pw)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := s.store.ResetPassword(ctx, hash, hashPw, s.actor(r), s.now()); err != nil {
		s.resetLinkDead(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessFlash, "Kata sandi telah diubah. Silakan masuk dengan kata sandi baru.")
	http.Redirect(w, r, "/masuk", http.StatusSeeOther)
}
