package server

import (
	"errors"
	"net/http"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/templates/pages/auth"
)

// A signed-in person changes their own password: staff on /petugas/kata-sandi (also the first sign-in after a
// one-time password), a registrator on /akun/kata-sandi from Akun Saya. Both give the current password
// first; the change ends every other session of theirs and emails them (store.ChangeStaffPassword).

// staffPasswordPath is where a staff member chooses their own password.
const staffPasswordPath = "/petugas/kata-sandi"

// akunPasswordPath is where a registrator changes theirs.
const akunPasswordPath = "/akun/kata-sandi"

func (s *Server) ownPasswordView(r *http.Request) auth.ResetView {
	v := auth.ResetView{Page: s.page(r, "Ganti Kata Sandi"), Heading: "Ganti Kata Sandi", AskCurrent: true,
		Intro: "Setelah kata sandi diganti, semua sesi lain akun Anda dikeluarkan dan Anda menerima email pemberitahuan."}
	u := currentUser(r.Context())
	switch {
	case u.Staff != nil:
		v.Action = staffPasswordPath
		if u.Staff.MustChangePassword {
			v.Intro = "Akun Anda dibuat dengan kata sandi sekali pakai. Buat kata sandi Anda sendiri untuk melanjutkan; " +
				"isi \u201cKata Sandi Saat Ini\u201d dengan kata sandi sekali pakai tersebut."
		}
	default:
		v.Action = akunPasswordPath
	}
	return v
}

func (s *Server) handleOwnPasswordForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, auth.Reset(s.ownPasswordView(r)))
}

// handleOwnPassword checks the current password (through the hash gate, counted against the person like a
// sign-in, so a stolen session cannot guess it), then sets the new one.
func (s *Server) handleOwnPassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := currentUser(ctx)
	username, kind, id := "", account.ActorRegistrator, int64(0)
	if u.Staff != nil {
		username, kind, id = u.Staff.Username, account.ActorStaf, u.Staff.ID
	} else {
		username, id = u.Registrator.Username, u.Registrator.PejabatID
	}
	v := s.ownPasswordView(r)
	fail := func(field, msg string) {
		v.Errors.Add(field, msg)
		s.render(w, r, http.StatusUnprocessableEntity, auth.Reset(v))
	}
	key := s.limitKey("login-user", username)
	if wait, err := s.store.Admit(ctx, s.now(), loginWindow, key); err != nil {
		s.renderError(w, r, err)
		return
	} else if wait > 0 {
		retryAfter(w, wait)
		v.Errors.Add("password_lama", "Terlalu banyak percobaan. Coba lagi dalam "+humanDuration(wait)+".")
		s.render(w, r, http.StatusTooManyRequests, auth.Reset(v))
		return
	}
	cred, ok, err := s.checkCredential(ctx, username, r.PostFormValue("password_lama"))
	if err != nil {
		_ = s.store.Refund(ctx, key)
		s.renderError(w, r, err)
		return
	}
	if !ok || cred.Kind != kind || cred.ID != id {
		fail("password_lama", "Kata sandi saat ini salah.")
		return
	}
	_ = s.store.ResetLimit(ctx, key)
	pw, confirm := r.PostFormValue("password"), r.PostFormValue("password_confirm")
	// The NIK is not at hand without decrypting it; the username rule still applies.
	if err := account.CheckPassword(pw, confirm, username, ""); err != nil {
		field := "password"
		if errors.Is(err, account.ErrPasswordMismatch) {
			field = "password_confirm"
		}
		fail(field, err.Error())
		return
	}
	hash, err := s.hashPassword(ctx, pw)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var versi int
	if kind == account.ActorStaf {
		versi, err = s.store.ChangeStaffPassword(ctx, id, hash, s.sessionKey(ctx), s.actor(r), s.now())
	} else {
		versi, err = s.store.ChangePejabatPassword(ctx, id, hash, s.sessionKey(ctx), s.actor(r), s.now())
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	// A new password is a change of credentials: the session id changes too, and this session carries the
	// new sesi_versi while every other one is ended.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessEpoch, versi)
	s.sessions.Put(ctx, sessFlash, "Kata sandi diganti. Sesi lain akun Anda telah dikeluarkan.")
	http.Redirect(w, r, s.homeFor(u), http.StatusSeeOther)
}
