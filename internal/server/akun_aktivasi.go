package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/templates/pages/akun"
)

// Activation of an akun layanan by OTP, from the link in the approval email.

func (s *Server) aktivasiView(r *http.Request, a account.ActivationInfo) akun.AktivasiView {
	return akun.AktivasiView{Page: s.page(r, "Aktivasi Akun"), Action: "/aktivasi/" + chi.URLParam(r, "token"),
		Nama: a.Nama, Username: a.Username, IsHandover: a.IsHandover, Locked: a.FailedTries >= store.OTPMaxTries}
}

func (s *Server) linkDead(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrLinkUsed) {
		s.sessions.Put(r.Context(), sessFlash, store.ErrLinkUsed.Error())
		http.Redirect(w, r, "/masuk", http.StatusSeeOther)
		return
	}
	s.renderError(w, r, err)
}

func (s *Server) handleAktivasiForm(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.FindActivation(r.Context(), s.tokenHash("aktivasi", chi.URLParam(r, "token")), s.now())
	if err != nil {
		s.linkDead(w, r, err)
		return
	}
	v := s.aktivasiView(r, a)
	if v.Locked {
		v.Errors.Add("otp", store.ErrOTPLocked.Error())
	}
	s.render(w, r, http.StatusOK, akun.Aktivasi(v))
}

func (s *Server) handleAktivasi(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	hash := s.tokenHash("aktivasi", chi.URLParam(r, "token"))
	now := s.now()
	a, err := s.store.FindActivation(ctx, hash, now)
	if err != nil {
		s.linkDead(w, r, err)
		return
	}
	if ok, _, err := s.store.Allow(ctx, s.limitKey("otp-ip", clientIP(r)), now, time.Hour, 30); err != nil {
		s.renderError(w, r, err)
		return
	} else if !ok {
		s.renderStatus(w, r, http.StatusTooManyRequests)
		return
	}
	v := s.aktivasiView(r, a)
	// Codes are often pasted with spaces or a trailing newline.
	code := strings.Join(strings.Fields(r.PostFormValue("otp")), "")
	var pwHash string
	if a.IsHandover {
		pw, confirm := r.PostFormValue("password"), r.PostFormValue("password_confirm")
		if err := account.CheckPassword(pw, confirm, a.Username, ""); err != nil {
			field := "password"
			if errors.Is(err, account.ErrPasswordMismatch) {
				field = "password_confirm"
			}
			v.Errors.Add(field, err.Error())
			s.render(w, r, http.StatusUnprocessableEntity, akun.Aktivasi(v))
			return
		}
		if pwHash, err = s.hashPassword(r.Context(), pw); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	if len(code) != 6 {
		v.Errors.Add("otp", "Kode OTP terdiri dari 6 digit angka.")
		s.render(w, r, http.StatusUnprocessableEntity, akun.Aktivasi(v))
		return
	}
	actor := account.Actor{Kind: account.ActorRegistrator, ID: a.PejabatID, IP: clientIP(r)}
	_, err = s.store.Activate(ctx, hash, s.tokenHash("otp", code), pwHash, actor, now)
	switch {
	case errors.Is(err, store.ErrOTPWrong), errors.Is(err, store.ErrOTPExpired), errors.Is(err, store.ErrOTPLocked):
		msg := err.Error()
		if errors.Is(err, store.ErrOTPWrong) {
			left := store.OTPMaxTries - a.FailedTries - 1
			if left <= 0 {
				msg = store.ErrOTPLocked.Error()
				v.Locked = true
			} else {
				msg += " Sisa percobaan: " + strconv.Itoa(left) + "."
			}
		}
		if errors.Is(err, store.ErrOTPLocked) {
			v.Locked = true
		}
		v.Errors.Add("otp", msg)
		s.render(w, r, http.StatusUnprocessableEntity, akun.Aktivasi(v))
		return
	case err != nil:
		s.linkDead(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessFlash, "Akun layanan Anda telah aktif. Silakan masuk dengan username dan kata sandi Anda.")
	http.Redirect(w, r, "/masuk", http.StatusSeeOther)
}

func (s *Server) handleAktivasiKodeBaru(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	token := chi.URLParam(r, "token")
	hash := s.tokenHash("aktivasi", token)
	now := s.now()
	if ok, _, err := s.store.Allow(ctx, s.limitKey("otp-renew", token), now, time.Hour, 5); err != nil {
		s.renderError(w, r, err)
		return
	} else if !ok {
		s.sessions.Put(ctx, sessFlash, "Terlalu banyak permintaan kode baru. Coba lagi dalam satu jam.")
		http.Redirect(w, r, "/aktivasi/"+token, http.StatusSeeOther)
		return
	}
	code := otpCode()
	act := account.Activation{Token: token, Code: code, TokenHash: hash, CodeHash: s.tokenHash("otp", code), CodeExpires: now.Add(store.OTPValidity)}
	err := s.store.RenewOTP(ctx, act, s.actor(r), now)
	if err != nil {
		s.linkDead(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessFlash, "Kode OTP baru telah dikirim ke email Anda.")
	http.Redirect(w, r, "/aktivasi/"+token, http.StatusSeeOther)
}
