// Package server is the HTTP face of the portal: the router, middleware, handlers and error pages.
package server

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/bappenas/portal-regsosek/internal/config"
	"github.com/bappenas/portal-regsosek/internal/metrics"
	"github.com/bappenas/portal-regsosek/internal/pdfsig"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// Server holds the dependencies every handler needs.
type Server struct {
	cfg      config.Config
	log      *slog.Logger
	store    *store.Store
	sessions *scs.SessionManager
	now      func() time.Time
	// idleNow is the clock of the idle sign-out: the wall clock (a test moving the portal's business time by
	// days keeps its sessions), unless WithSessionClock sets it.
	idleNow func() time.Time
	dasbor  *DasborCache
	refs    refCache
	hashes  *hashGate // bounds concurrent argon2id (hashgate.go)
	metrics *metrics.Metrics
	// tte checks the electronic signatures of uploaded agreements against TTE_TRUST_ROOTS.
	tte *pdfsig.Verifier
	// waktu keeps the service's times for /statistik-layanan (statistik_waktu.go).
	waktu *waktuCache
}

// WithMetrics counts every request by route pattern and status, with its duration, in m.
func WithMetrics(m *metrics.Metrics) Option { return func(s *Server) { s.metrics = m } }

// Option adjusts a Server; tests use it to control the clock.
type Option func(*Server)

// WithClock makes the server read time from now instead of the wall clock.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// WithSessionClock makes the idle sign-out read time from now; tests use it to let half an hour pass.
func WithSessionClock(now func() time.Time) Option { return func(s *Server) { s.idleNow = now } }

// WithDasborCache shares a Dasbor Nasional cache the caller keeps in step with other instances (see
// DasborCache.Listen). Without it the server makes its own, refreshed by its own publications.
func WithDasborCache(c *DasborCache) Option { return func(s *Server) { s.dasbor = c } }

// NewSessions returns the session manager: sessions are stored in PostgreSQL, the cookie is HttpOnly,
// SameSite=Lax and Secure under https. A signed-in session ends after IdleTimeout without a request; the
// server checks that itself (auth_idle.go) rather than through scs' IdleTimeout, which writes the session
// back on every request.
func NewSessions(cfg config.Config, st *store.Store) *scs.SessionManager {
	sm := scs.New()
	// Sessions live in PostgreSQL with their owner (store/sessions.go), under a SHA-256 of the token, so the
	// table holds no usable cookie; the retention job deletes expired ones.
	sm.Store = st.Sessions()
	sm.HashTokenInStore = true
	sm.Codec = store.SessionCodec{}
	sm.Lifetime = 12 * time.Hour
	sm.Cookie.Name = "regsosek_sesi"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.Secure()
	sm.Cookie.Path = "/"
	return sm
}

// New builds the portal's HTTP handler from its dependencies. st comes configured by whoever opened it (its
// keyring and the review deadlines).
func New(cfg config.Config, log *slog.Logger, st *store.Store, sessions *scs.SessionManager, opts ...Option) http.Handler {
	s := &Server{cfg: cfg, log: log, store: st, sessions: sessions, now: time.Now, idleNow: time.Now,
		hashes: newHashGate(cfg.HashConcurrency), tte: pdfsig.NewVerifier(cfg.TTETrustRoots), waktu: &waktuCache{}}
	for _, o := range opts {
		o(s)
	}
	if s.dasbor == nil {
		s.dasbor = NewDasborCache(st, log, cfg.DasborMinKeluarga)
	}
	return s.routes()
}
