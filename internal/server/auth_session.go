package server

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/percakapan"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/templates/layout"
)

// Who is signed in: the session keys, the user loaded on every request, the guards of the registrator's and
// the staff's routes, and the staff navigation.

// Session keys.
const (
	sessKind        = "kind" // store.ActorRegistrator or store.ActorStaf
	sessUserID      = "uid"
	sessPendingTOTP = "totp_staff" // staff id that passed the password and owes a TOTP code
	sessFlash       = "flash"
	sessEpoch       = "sesi_versi" // the person's sesi_versi at sign-in; a password change bumps theirs
)

const (
	userKey ctxKey = iota + 100
)

// user is the signed-in person, if any.
type user struct {
	Registrator *account.Registrator
	Staff       *account.Staff
}

func currentUser(ctx context.Context) user {
	u, _ := ctx.Value(userKey).(user)
	return u
}

// loadUser reads the session and loads the signed-in person fresh from the database on every request,
// so an official replaced by a handover or a deactivated staff member is signed out at once; so is a session
// signed in before the person's password last changed (sesi_versi).
func (s *Server) loadUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, _ := s.touch(r.Context())
		id := s.sessions.GetInt64(ctx, sessUserID)
		kind := s.sessions.GetString(ctx, sessKind)
		epoch := s.sessions.GetInt(ctx, sessEpoch)
		u, err := s.signedInUser(ctx, kind, id, epoch)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if kind != "" && u.Registrator == nil && u.Staff == nil {
			// The session outlived its person or their password: it is emptied, not kept half-signed-in.
			s.sessions.Remove(ctx, sessKind)
			s.sessions.Remove(ctx, sessUserID)
			s.sessions.Remove(ctx, sessEpoch)
		}
		if o := store.SessionOwnerFrom(ctx); o != nil && (u.Registrator != nil || u.Staff != nil) {
			o.Kind, o.ID = kind, id
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, userKey, u)))
	})
}

// signedInUser is the person the session names, in force and signed in after their password last changed.
// The session store read them with the session (store.SessionOwner.Read); a session whose stored owner is
// not the one it names (written before owners were kept) is looked up on its own.
func (s *Server) signedInUser(ctx context.Context, kind string, id int64, epoch int) (user, error) {
	var u user
	var reg *account.Registrator
	var st *account.Staff
	if o := store.SessionOwnerFrom(ctx); o != nil && o.Read != nil && o.Read.Kind == kind && o.Read.ID == id {
		reg, st = o.Read.Registrator, o.Read.Staff
	} else {
		switch kind {
		case account.ActorRegistrator:
			r, err := s.store.FindActiveRegistrator(ctx, id)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return u, err
			}
			if err == nil {
				reg = &r
			}
		case account.ActorStaf:
			found, err := s.store.FindStaff(ctx, id)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return u, err
			}
			if err == nil {
				st = &found
			}
		}
	}
	switch {
	case kind == account.ActorRegistrator && reg != nil && reg.SesiVersi == epoch:
		u.Registrator = reg
	case kind == account.ActorStaf && st != nil && st.SesiVersi == epoch:
		u.Staff = st
	}
	return u, nil
}

// toSignIn sends a signed-out person to the sign-in page, keeping the page asked for to come back to
// (auth_return.go). A form sent after the session ended gets the page that says so, with what was typed
// (auth_idle.go).
func (s *Server) toSignIn(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && idleEnded(r.Context()) {
		s.renderSessionEnded(w, r)
		return
	}
	s.rememberReturn(r)
	if !idleEnded(r.Context()) {
		s.sessions.Put(r.Context(), sessFlash, "Silakan masuk terlebih dahulu.")
	}
	http.Redirect(w, r, "/masuk", http.StatusSeeOther)
}

// withSessionOwner gives the request a store.SessionOwner before scs loads the session, so the session is
// stored with who it belongs to.
func (s *Server) withSessionOwner(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, _ := store.WithSessionOwner(r.Context())
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// setSessionOwner records who the session now belongs to (sign-in, sign-out).
func setSessionOwner(ctx context.Context, kind string, id int64) {
	if o := store.SessionOwnerFrom(ctx); o != nil {
		o.Kind, o.ID = kind, id
	}
}

// sessionKey is how the session store keeps the current session: the SHA-256 of its token, as scs writes it
// with HashTokenInStore; a password change keeps this one and ends the others.
func (s *Server) sessionKey(ctx context.Context) string {
	sum := sha256.Sum256([]byte(s.sessions.Token(ctx)))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// requireRegistrator sends anyone but a signed-in registrator to the sign-in page.
func (s *Server) requireRegistrator(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := currentUser(r.Context())
		if u.Staff != nil && r.Method != http.MethodGet {
			// Staff act on permohonan from their own pages; a registrator's action is not theirs.
			s.renderStatus(w, r, http.StatusForbidden)
			return
		}
		if u.Registrator == nil {
			s.toSignIn(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireStaff lets through staff holding any of roles. Others get the sign-in page when anonymous and
// "not found" when signed in, so the staff area does not announce itself.
func (s *Server) requireStaff(roles ...account.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u := currentUser(r.Context())
			if u.Staff == nil {
				if u.Registrator == nil {
					s.toSignIn(w, r)
					return
				}
				// A registrator posting to a staff action is refused outright; staff pages stay unannounced.
				if r.Method != http.MethodGet {
					s.renderStatus(w, r, http.StatusForbidden)
					return
				}
				s.renderStatus(w, r, http.StatusNotFound)
				return
			}
			// A one-time password from "portal staff create" must be replaced before anything else.
			if u.Staff.MustChangePassword && r.URL.Path != staffPasswordPath {
				s.sessions.Put(r.Context(), sessFlash, "Ganti kata sandi sekali pakai Anda sebelum melanjutkan.")
				http.Redirect(w, r, staffPasswordPath, http.StatusSeeOther)
				return
			}
			for _, role := range roles {
				if u.Staff.HasRole(role) {
					next.ServeHTTP(w, r)
					return
				}
			}
			if len(roles) == 0 {
				next.ServeHTTP(w, r)
				return
			}
			s.renderStatus(w, r, http.StatusNotFound)
		})
	}
}

// navFor returns the staff navigation for the signed-in person.
func navFor(u user) []layout.NavLink {
	switch {
	case u.Staff != nil:
		links := []layout.NavLink{{Label: "Beranda Petugas", Href: "/petugas"}}
		if staffHas(u.Staff, reviewRoles...) {
			links = append(links, layout.NavLink{Label: "Daftar Permohonan", Href: registerPath})
		}
		if u.Staff.HasRole(account.RoleVerifikatorAkun) || u.Staff.HasRole(account.RoleAdmin) {
			links = append(links, layout.NavLink{Label: "Verifikasi Akun", Href: "/petugas/verifikasi-akun"})
		}
		for _, q := range []struct {
			role  account.Role
			label string
			href  string
		}{{account.RoleVerifikatorTeknis, "Verifikasi Teknis", "/petugas/antrean/teknis"},
			{account.RoleVerifikatorTeknis, "Penggantian Operator", "/petugas/penggantian-operator"},
			{account.RoleVerifikatorSubstansi, "Verifikasi Substansi", "/petugas/antrean/substansi"},
			{account.RoleDirekturPengampu, "Rekomendasi", "/petugas/rekomendasi"},
			{account.RoleProdusenData, "Keputusan", "/petugas/antrean/keputusan"},
			{account.RoleAdmin, "Log Audit", "/petugas/audit"}} {
			if u.Staff.HasRole(q.role) {
				links = append(links, layout.NavLink{Label: q.label, Href: q.href})
			}
		}
		if staffHas(u.Staff, aksesRoles...) {
			links = append(links, layout.NavLink{Label: "PKS, NDA dan Akses", Href: "/petugas/akses"})
		}
		if u.Staff.HasRole(account.RoleAdmin) {
			links = append(links, layout.NavLink{Label: "Data Dasbor", Href: "/petugas/dasbor"},
				layout.NavLink{Label: "Operasi", Href: "/petugas/operasi"})
		}
		if u.Staff.HasRole(account.RolePengelolaLayanan) {
			links = append(links, layout.NavLink{Label: "Bimbingan Teknis", Href: "/petugas/bimtek"})
		}
		if u.Staff.HasRole(account.RolePengelolaLayanan) || u.Staff.HasRole(account.RoleAdmin) {
			links = append(links, layout.NavLink{Label: "Kelola Pengaduan", Href: "/petugas/pengaduan"})
		}
		if percakapan.StaffMay(percakapan.Permohonan, u.Staff.Roles) || percakapan.StaffMay(percakapan.Bimtek, u.Staff.Roles) {
			links = append(links, layout.NavLink{Label: "Percakapan", Href: "/petugas/percakapan"})
		}
		return links
	case u.Registrator != nil:
		return []layout.NavLink{{Label: "Akun Saya", Href: "/akun"}}
	}
	return nil
}
