package server

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/dchest/captcha"
	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/captchaid"
	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// Captchas are drawn by dchest/captcha from digits the portal keeps in PostgreSQL, so any instance can
// draw and check a challenge another issued. The package's own in-memory store is not used.
const (
	captchaDigits   = 6
	captchaValidity = 10 * time.Minute
)

// newCaptcha issues a challenge and returns its id.
func (s *Server) newCaptcha(r *http.Request) (string, error) {
	id := crypt.RandomToken()[:22]
	d := captcha.RandomDigits(captchaDigits)
	digits := make([]byte, len(d))
	for i, v := range d {
		digits[i] = '0' + v
	}
	if err := s.store.CreateCaptcha(r.Context(), id, string(digits), s.now().Add(captchaValidity)); err != nil {
		return "", err
	}
	return id, nil
}

// checkCaptcha verifies an answer once; the challenge is gone afterwards whatever the answer.
func (s *Server) checkCaptcha(r *http.Request, id, answer string) (bool, error) {
	answer = strings.ReplaceAll(strings.TrimSpace(answer), " ", "")
	if id == "" || answer == "" {
		return false, nil
	}
	return s.store.SolveCaptcha(r.Context(), id, answer, s.now())
}

func (s *Server) captchaDigits(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	id := strings.TrimSuffix(strings.TrimSuffix(chi.URLParam(r, "file"), ".png"), ".wav")
	ok, _, err := s.store.Allow(r.Context(), s.limitKey("captcha-ip", clientIP(r)), s.now(), time.Hour, 300)
	if err != nil {
		s.renderError(w, r, err)
		return nil, false
	}
	if !ok {
		s.renderStatus(w, r, http.StatusTooManyRequests)
		return nil, false
	}
	digits, err := s.store.CaptchaDigits(r.Context(), id, s.now())
	if errors.Is(err, store.ErrNotFound) {
		s.renderStatus(w, r, http.StatusNotFound)
		return nil, false
	}
	if err != nil {
		s.renderError(w, r, err)
		return nil, false
	}
	b := make([]byte, len(digits))
	for i := range digits {
		b[i] = digits[i] - '0'
	}
	return b, true
}

func (s *Server) handleCaptchaFile(w http.ResponseWriter, r *http.Request) {
	file := chi.URLParam(r, "file")
	digits, ok := s.captchaDigits(w, r)
	if !ok {
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	id := strings.TrimSuffix(strings.TrimSuffix(file, ".png"), ".wav")
	switch {
	case strings.HasSuffix(file, ".png"):
		w.Header().Set("Content-Type", "image/png")
		_, _ = captcha.NewImage(id, digits, 240, 80).WriteTo(w)
	case strings.HasSuffix(file, ".wav"):
		// The digits spoken in Bahasa Indonesia (internal/captchaid; dchest/captcha has no Indonesian voice).
		wav, err := captchaid.WAV(digits, rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())))
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "audio/wav")
		w.Header().Set("Content-Disposition", `attachment; filename="captcha.wav"`)
		_, _ = w.Write(wav)
	default:
		s.renderStatus(w, r, http.StatusNotFound)
	}
}

// handleDevCaptcha tells development and test what a challenge's answer is, so journeys can finish.
// The route does not exist in production.
func (s *Server) handleDevCaptcha(w http.ResponseWriter, r *http.Request) {
	digits, err := s.store.CaptchaDigits(r.Context(), chi.URLParam(r, "id"), s.now())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(digits))
}

// handleCaptchaPeriksa checks a captcha answer for web/static/js/captcha.js before a form with files is sent,
// so a wrong answer does not cost the person the files they chose (issue 15): 204 when right (the
// challenge stays for the form's own check); otherwise 422 with a new challenge's id as the body, the wrong
// one deleted — one wrong try per challenge, as when the form is sent. Limited per address like the images.
func (s *Server) handleCaptchaPeriksa(w http.ResponseWriter, r *http.Request) {
	ok, _, err := s.store.Allow(r.Context(), s.limitKey("captcha-ip", clientIP(r)), s.now(), time.Hour, 300)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !ok {
		s.renderStatus(w, r, http.StatusTooManyRequests)
		return
	}
	answer := strings.ReplaceAll(strings.TrimSpace(r.PostFormValue("captcha")), " ", "")
	right, err := s.store.PeekCaptcha(r.Context(), r.PostFormValue("captcha_id"), answer, s.now())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if right {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	id, err := s.newCaptcha(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusUnprocessableEntity)
	_, _ = w.Write([]byte(id))
}
