package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/account"
)

// Back to the page asked for. A link followed while signed out (an email's link to a permohonan, a staff
// digest's link to a queue) leads to the sign-in page; once signed in, the person lands on that page, not on
// the home page. The path is kept in the session, never in a URL parameter, and only a path of this site
// that the person's kind of account can open is followed.

const sessReturn = "kembali"

// rememberReturn keeps the page a signed-out person asked for.
func (s *Server) rememberReturn(r *http.Request) {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		if p := r.URL.RequestURI(); safeReturn(p) {
			s.sessions.Put(r.Context(), sessReturn, p)
		}
	}
}

// safeReturn reports whether p is a path of this site to come back to: absolute, with no scheme or host
// (not "//elsewhere" or "/\elsewhere"), and not a sign-in or sign-out page.
func safeReturn(p string) bool {
	// A backslash is never in a path this site makes, and browsers read "/\" as "//": it is refused anywhere
	// in the path, since http.Redirect cleans the path it writes ("/a/../\x" becomes "/\x").
	if len(p) > 2000 || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.Contains(p, `\`) {
		return false
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.ContainsAny(p, "\r\n") {
		return false
	}
	for _, skip := range []string{"/masuk", "/keluar", "/lupa-kata-sandi", "/atur-ulang-kata-sandi", "/aktivasi"} {
		if u.Path == skip || strings.HasPrefix(u.Path, skip+"/") {
			return false
		}
	}
	return true
}

// afterSignIn is where a person just signed in goes: the page they asked for when their kind of account can
// open it (staff pages for staff, the rest for a registrator), and otherwise their home page.
func (s *Server) afterSignIn(ctx context.Context, kind string) string {
	p := s.sessions.PopString(ctx, sessReturn)
	staffPage := strings.HasPrefix(p, "/petugas")
	switch {
	case !safeReturn(p):
	case kind == account.ActorStaf && (staffPage || strings.HasPrefix(p, "/dokumen/")):
		return p
	case kind == account.ActorRegistrator && !staffPage:
		return p
	}
	if kind == account.ActorStaf {
		return "/petugas"
	}
	return "/akun"
}
