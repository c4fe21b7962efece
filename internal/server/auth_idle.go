package server

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/bappenas/portal-regsosek/templates/pages/auth"
)

// Idle sign-out. A signed-in session ends after IdleTimeout without a request. scs can do this itself, but
// then it writes the session back on every request to move its expiry; here the session remembers when it
// was last seen and writes that at most once per touchEvery, so a signed-in page costs a session write a
// minute instead of one a request (issue 15: the staff's pages at national volume). The session row keeps
// scs' absolute lifetime (12 hours); an idle one is refused here, by its last-seen time, before that.

const (
	// IdleTimeout is how long a signed-in session lasts without a request.
	IdleTimeout = 30 * time.Minute
	// touchEvery is how stale the last-seen time may be before a request writes it again: the idle timeout
	// is honoured to within this.
	touchEvery = time.Minute
	sessSeen   = "seen" // unix seconds of the last request that wrote it
)

type idleKey struct{}

// signedIn reports whether the session holds someone (signed in, or halfway through a staff sign-in).
func (s *Server) signedIn(ctx context.Context) bool {
	return s.sessions.GetString(ctx, sessKind) != "" || s.sessions.GetInt64(ctx, sessPendingTOTP) != 0
}

// touch ends a session idle for longer than IdleTimeout (returning true) and otherwise keeps its last-seen
// time fresh. An ended session is emptied and given a new token, as a sign-out is; what the person was about
// to do is kept for after they sign in again (the return path, kit in auth_return.go).
func (s *Server) touch(ctx context.Context) (context.Context, bool) {
	if !s.signedIn(ctx) {
		return ctx, false
	}
	now := s.idleNow()
	seen := s.sessions.GetInt64(ctx, sessSeen)
	if seen != 0 && now.Sub(time.Unix(seen, 0)) > IdleTimeout {
		if err := s.sessions.Clear(ctx); err == nil {
			_ = s.sessions.RenewToken(ctx)
		}
		s.sessions.Put(ctx, sessFlash, "Sesi Anda berakhir karena tidak ada aktivitas selama 30 menit. Silakan masuk kembali.")
		return context.WithValue(ctx, idleKey{}, true), true
	}
	if seen == 0 || now.Sub(time.Unix(seen, 0)) >= touchEvery {
		s.sessions.Put(ctx, sessSeen, now.Unix())
	}
	return ctx, false
}

// idleEnded reports whether this request found its session ended by the idle timeout.
func idleEnded(ctx context.Context) bool {
	ended, _ := ctx.Value(idleKey{}).(bool)
	return ended
}

// skippedFields are never shown back: secrets, and what only the portal reads.
var skippedFields = map[string]bool{"password": true, "password_confirm": true, "kata_sandi": true, "kata_sandi_lama": true,
	"kata_sandi_baru": true, "kode": true, "captcha": true, "captcha_id": true, "aksi": true, "unggah": true}

// renderSessionEnded answers a form sent after its session ended: nothing is stored, what was typed is shown
// back to copy, and after signing in again the person comes back to the form's page.
func (s *Server) renderSessionEnded(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(1 << 20); err == nil {
			defer r.MultipartForm.RemoveAll()
		}
	} else {
		_ = r.ParseForm()
	}
	v := auth.SesiBerakhirView{Page: s.page(r, "Sesi berakhir")}
	names := make([]string, 0, len(r.PostForm))
	for k := range r.PostForm {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if skippedFields[k] || strings.HasPrefix(k, "password") {
			continue
		}
		for _, val := range r.PostForm[k] {
			if strings.TrimSpace(val) != "" {
				v.Fields = append(v.Fields, auth.SesiField{Name: fieldTitle(k), Value: val})
			}
		}
	}
	if back := sameSiteReferer(r); back != "" && safeReturn(back) {
		s.sessions.Put(r.Context(), sessReturn, back)
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusUnauthorized, auth.SesiBerakhir(v))
}

// handleSesiPerpanjang keeps a signed-in session alive for another IdleTimeout: the warning's "Tetap Masuk",
// and typing in a form (sesi.js). 401 when the session has already ended.
func (s *Server) handleSesiPerpanjang(w http.ResponseWriter, r *http.Request) {
	if idleEnded(r.Context()) || !s.signedIn(r.Context()) {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	s.sessions.Put(r.Context(), sessSeen, s.idleNow().Unix())
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

// fieldTitle names a form field as a sentence ("narahubung_nama" → "Narahubung nama") on the idle page.
func fieldTitle(k string) string {
	k = strings.ReplaceAll(k, "_", " ")
	if k == "" {
		return k
	}
	return strings.ToUpper(k[:1]) + k[1:]
}
