package server

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math/big"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/fsm"
	"github.com/bappenas/portal-regsosek/internal/request"
)

// Helpers shared by several areas: reading a request (ids in the path, uploaded files), who is acting and the
// HMACs keyed by SESSION_SECRET, and who may do what (the state machines' tables asked for the buttons a page
// shows).

func pathID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	return id, err == nil && id > 0
}

// formFile returns an uploaded file, or nil when the field was left empty.
func formFile(r *http.Request, name string) (multipart.File, *multipart.FileHeader) {
	f, h, err := r.FormFile(name)
	if err != nil || h.Size == 0 && h.Filename == "" {
		return nil, nil
	}
	return f, h
}

func (s *Server) actor(r *http.Request) account.Actor {
	u := currentUser(r.Context())
	a := account.Actor{Kind: account.ActorPublik, IP: clientIP(r)}
	switch {
	case u.Registrator != nil:
		a.Kind, a.ID = account.ActorRegistrator, u.Registrator.PejabatID
	case u.Staff != nil:
		a.Kind, a.ID, a.Roles = account.ActorStaf, u.Staff.ID, u.Staff.Roles
	}
	return a
}

// limitKey names a rate-limit counter by an HMAC, so the table holds no IP address or username.
func (s *Server) limitKey(parts ...string) string {
	return hex.EncodeToString(crypt.MAC(s.cfg.SessionSecret, parts...))
}

func (s *Server) tokenHash(kind, token string) []byte {
	return crypt.MAC(s.cfg.SessionSecret, kind, token)
}

// otpCode returns a uniformly random 6-digit code.
func otpCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return fmt.Sprintf("%06d", n.Int64())
}

func staffHas(st *account.Staff, roles ...account.Role) bool { return st.HasAny(roles...) }

// staffCan reports whether the staff member may fire ev on p now: pages show the buttons the store accepts,
// from the same table and guards (request.Actions).
func staffCan(me *account.Staff, p request.Permohonan, ev request.Event) bool {
	return request.Can(p.Subject(), ev, me.ID, me.Roles...)
}

// registratorCan is staffCan for the registrator holding the permohonan's account.
func registratorCan(p request.Permohonan, ev request.Event) bool {
	return request.Can(p.Subject(), ev, 0, account.RoleRegistrator)
}

// rowCan reports whether a staff member may fire ev on a row of one of the smaller machines in state st.
func rowCan[S, E ~string](t fsm.Table[S, E, account.Role], st S, ev E, me *account.Staff) bool {
	return slices.Contains(t.Events(st, me.Roles...), ev)
}

// alreadyProcessed is what the second of two verifiers acting at once is told.
const alreadyProcessed = "Permohonan ini sudah diproses oleh petugas lain."

func (s *Server) maxAksesMonths() int {
	if s.cfg.MaxAksesBulan > 0 {
		return s.cfg.MaxAksesBulan
	}
	return 12
}
