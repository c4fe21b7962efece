package server

import (
	"context"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/templates/pages/auth"
)

// Sign-in (username and password, then a TOTP code for staff), its throttling, and sign-out.

// Sign-in throttling: failures per account and per IP within an hour block further tries for a growing delay.
const loginWindow = time.Hour

// dummyHash is verified against when a username does not exist, so the answer takes as long either way.
var dummyHash, _ = account.HashPassword("tidak-ada-akun-dengan-nama-ini")

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	if u := currentUser(r.Context()); u.Registrator != nil || u.Staff != nil {
		http.Redirect(w, r, s.homeFor(u), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, auth.Masuk(auth.MasukView{Page: s.page(r, "Masuk")}))
}

func (s *Server) homeFor(u user) string {
	if u.Staff != nil {
		return "/petugas"
	}
	return "/akun"
}

const loginFailedMessage = "Username atau kata sandi salah."

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	username := strings.ToLower(strings.TrimSpace(r.PostFormValue("username")))
	password := r.PostFormValue("password")
	view := auth.MasukView{Page: s.page(r, "Masuk"), Username: username, Errors: inputErrors(r)}
	if view.Errors.Any() {
		s.render(w, r, http.StatusUnprocessableEntity, auth.Masuk(view))
		return
	}
	if username == "" || password == "" {
		if username == "" {
			view.Errors.Add("username", "Isi username.")
		}
		if password == "" {
			view.Errors.Add("password", "Isi kata sandi.")
		}
		s.render(w, r, http.StatusUnprocessableEntity, auth.Masuk(view))
		return
	}
	now := s.now()
	// The attempt is counted against the client and the account before the password is checked, in one
	// locked step, so a flood in parallel gets no more tries than one client in sequence (Admit).
	ipKey, userKey := s.limitKey("login-ip", clientIP(r)), s.limitKey("login-user", username)
	if wait, err := s.store.Admit(ctx, now, loginWindow, ipKey, userKey); err != nil {
		s.renderError(w, r, err)
		return
	} else if wait > 0 {
		retryAfter(w, wait)
		view.Errors.Add("username", "Terlalu banyak percobaan masuk. Coba lagi dalam "+humanDuration(wait)+".")
		s.render(w, r, http.StatusTooManyRequests, auth.Masuk(view))
		return
	}
	cred, ok, err := s.checkCredential(ctx, username, password)
	if errors.Is(err, errBusy) {
		// Not the client's failure: the attempt is handed back.
		_ = s.store.Refund(ctx, ipKey)
		_ = s.store.Refund(ctx, userKey)
		s.renderBusy(w, r)
		return
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.renderError(w, r, err)
		return
	}
	if !ok {
		a := s.actor(r)
		if cred.ID != 0 {
			a.Kind, a.ID = cred.Kind, cred.ID
		}
		_ = s.store.Audit(ctx, a, store.AuditEntry{Action: "masuk.gagal", ObjectType: "sesi", Detail: map[string]any{}})
		view.Errors.Add("username", loginFailedMessage)
		s.render(w, r, http.StatusUnprocessableEntity, auth.Masuk(view))
		return
	}
	_ = s.store.ResetLimit(ctx, userKey)
	_ = s.store.Refund(ctx, ipKey)
	s.signIn(w, r, cred)
}

// checkCredential looks the username up and checks the password through the hash gate, against a dummy
// hash when nobody has that username, so the answer takes as long either way. ok is true only for a match.
func (s *Server) checkCredential(ctx context.Context, username, password string) (account.Credential, bool, error) {
	cred, err := s.store.FindCredential(ctx, username)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return cred, false, err
	}
	hash := cred.PasswordHash
	if hash == "" {
		hash = dummyHash
	}
	ok, verr := s.verifyPassword(ctx, hash, password)
	if verr != nil {
		return cred, false, verr
	}
	return cred, ok && err == nil, err
}

// signIn starts the session of a person whose password was right: a registrator is in; staff still owe
// their TOTP code.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request, cred account.Credential) {
	ctx := r.Context()
	// A new session id at every change of privilege: a planted cookie is worth nothing.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.renderError(w, r, err)
		return
	}
	// The idle timeout counts from now (touch only stamps the sessions it finds signed in).
	s.sessions.Put(ctx, sessSeen, s.idleNow().Unix())
	if cred.Kind == account.ActorStaf {
		s.sessions.Put(ctx, sessPendingTOTP, cred.ID)
		http.Redirect(w, r, "/masuk/totp", http.StatusSeeOther)
		return
	}
	s.sessions.Put(ctx, sessKind, account.ActorRegistrator)
	s.sessions.Put(ctx, sessUserID, cred.ID)
	s.sessions.Put(ctx, sessEpoch, cred.SesiVersi)
	setSessionOwner(ctx, account.ActorRegistrator, cred.ID)
	_ = s.store.Audit(ctx, account.Actor{Kind: account.ActorRegistrator, ID: cred.ID, IP: clientIP(r)},
		store.AuditEntry{Action: "masuk.berhasil", ObjectType: "sesi"})
	http.Redirect(w, r, s.afterSignIn(ctx, account.ActorRegistrator), http.StatusSeeOther)
}

func (s *Server) handleTOTPForm(w http.ResponseWriter, r *http.Request) {
	if s.sessions.GetInt64(r.Context(), sessPendingTOTP) == 0 {
		http.Redirect(w, r, "/masuk", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, auth.TOTP(auth.TOTPView{Page: s.page(r, "Kode Autentikator")}))
}

func (s *Server) handleTOTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	staffID := s.sessions.GetInt64(ctx, sessPendingTOTP)
	if staffID == 0 {
		http.Redirect(w, r, "/masuk", http.StatusSeeOther)
		return
	}
	view := auth.TOTPView{Page: s.page(r, "Kode Autentikator")}
	now := s.now()
	key := s.limitKey("totp", hexID(staffID))
	if wait, err := s.store.Admit(ctx, now, loginWindow, key); err != nil {
		s.renderError(w, r, err)
		return
	} else if wait > 0 {
		retryAfter(w, wait)
		view.Errors.Add("kode", "Terlalu banyak percobaan. Coba lagi dalam "+humanDuration(wait)+".")
		s.render(w, r, http.StatusTooManyRequests, auth.TOTP(view))
		return
	}
	code := strings.ReplaceAll(strings.TrimSpace(r.PostFormValue("kode")), " ", "")
	secret, err := s.store.StaffTOTPSecret(ctx, staffID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	step, valid := validTOTP(secret, code, now)
	used := false
	if valid {
		// A code is accepted once: a replayed code (same time step) fails.
		if valid, err = s.store.UseTOTPStep(ctx, staffID, step); err != nil {
			s.renderError(w, r, err)
			return
		}
		used = !valid
	}
	actor := account.Actor{Kind: account.ActorStaf, ID: staffID, IP: clientIP(r)}
	if !valid {
		_ = s.store.Audit(ctx, actor, store.AuditEntry{Action: "masuk.totp_gagal", ObjectType: "sesi"})
		if used {
			// The right code, already spent on an earlier sign-in (signing in twice within 30 s): say to
			// wait for the next one rather than that it is wrong.
			view.Errors.Add("kode", msgTOTPUsed)
		} else {
			view.Errors.Add("kode", "Kode autentikator salah. Periksa kode di aplikasi autentikator Anda, lalu coba lagi.")
		}
		s.render(w, r, http.StatusUnprocessableEntity, auth.TOTP(view))
		return
	}
	_ = s.store.ResetLimit(ctx, key)
	staff, err := s.store.FindStaff(ctx, staffID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sessions.Remove(ctx, sessPendingTOTP)
	s.sessions.Put(ctx, sessSeen, s.idleNow().Unix())
	s.sessions.Put(ctx, sessKind, account.ActorStaf)
	s.sessions.Put(ctx, sessUserID, staffID)
	s.sessions.Put(ctx, sessEpoch, staff.SesiVersi)
	setSessionOwner(ctx, account.ActorStaf, staffID)
	_ = s.store.Audit(ctx, actor, store.AuditEntry{Action: "masuk.berhasil", ObjectType: "sesi"})
	http.Redirect(w, r, s.afterSignIn(ctx, account.ActorStaf), http.StatusSeeOther)
}

const msgTOTPUsed = "Kode ini sudah dipakai untuk masuk. Tunggu kode berikutnya muncul di aplikasi autentikator (paling lama 30 detik), lalu masukkan kode yang baru."

// validTOTP checks a 6-digit code against the current and the previous 30-second step (clock drift) and
// returns the step it matched.
func validTOTP(secret, code string, now time.Time) (int64, bool) {
	if len(code) != 6 {
		return 0, false
	}
	for _, skew := range []int64{0, -1} {
		t := now.Add(time.Duration(skew) * 30 * time.Second)
		want, err := totp.GenerateCode(secret, t)
		if err == nil && want == code {
			return t.Unix() / 30, true
		}
	}
	return 0, false
}

// handleLogout ends the session: its data is cleared and the token renewed, so the old cookie is worthless.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if a := s.actor(r); a.ID != 0 {
		_ = s.store.Audit(ctx, a, store.AuditEntry{Action: "keluar", ObjectType: "sesi"})
	}
	setSessionOwner(ctx, "", 0)
	if err := s.sessions.Clear(ctx); err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessFlash, "Anda telah keluar.")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func hexID(id int64) string {
	return hex.EncodeToString([]byte{byte(id >> 56), byte(id >> 48), byte(id >> 40), byte(id >> 32),
		byte(id >> 24), byte(id >> 16), byte(id >> 8), byte(id)})
}

// humanDuration says a wait in Indonesian, rounded up to seconds or minutes.
func humanDuration(d time.Duration) string {
	if d < time.Minute {
		return strconv.Itoa(int((d+time.Second-1)/time.Second)) + " detik"
	}
	return strconv.Itoa(int((d+time.Minute-1)/time.Minute)) + " menit"
}
