// Package servertest starts the real portal handler on a fresh database for a test.
package servertest

import (
	"bytes"
	"context"
	"encoding/base64"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bappenas/portal-regsosek/internal/config"
	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/server"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// Portal is a running portal for one test.
type Portal struct {
	*httptest.Server
	Store  *store.Store
	Config config.Config
	Log    *LogBuffer
	// Queries counts every SQL statement the portal's pool runs.
	Queries *QueryCounter
}

// QueryCounter is a pgx tracer that counts queries, for tests that bound them. It keeps the start of the
// last statements, so a test that finds too many can say which.
type QueryCounter struct {
	n    atomic.Int64
	trip atomic.Int64 // round trips: a query sent alone, or a whole batch
	mu   sync.Mutex
	last []string
}

// TraceQueryStart counts one query.
func (q *QueryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	q.trip.Add(1)
	q.record(d.SQL)
	return ctx
}

// TraceBatchStart counts one round trip; each query of the batch is counted by TraceBatchQuery.
func (q *QueryCounter) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	q.trip.Add(1)
	return ctx
}

// TraceBatchQuery counts one query sent in a batch.
func (q *QueryCounter) TraceBatchQuery(_ context.Context, _ *pgx.Conn, d pgx.TraceBatchQueryData) {
	q.record(d.SQL)
}

// TraceBatchEnd does nothing.
func (q *QueryCounter) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

func (q *QueryCounter) record(sql string) {
	q.n.Add(1)
	sql = strings.Join(strings.Fields(sql), " ")
	if len(sql) > 90 {
		sql = sql[:90]
	}
	q.mu.Lock()
	q.last = append(q.last, sql)
	if len(q.last) > 100 {
		q.last = q.last[len(q.last)-100:]
	}
	q.mu.Unlock()
}

// Last returns the beginning of the last n statements run, oldest first.
func (q *QueryCounter) Last(n int) []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]string(nil), q.last[max(len(q.last)-n, 0):]...)
}

// TraceQueryEnd does nothing.
func (q *QueryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// Count returns the number of queries so far.
func (q *QueryCounter) Count() int64 { return q.n.Load() }

// RoundTrips returns how many times the pool waited on PostgreSQL so far: once per query sent alone, once
// per batch.
func (q *QueryCounter) RoundTrips() int64 { return q.trip.Load() }

// LogBuffer collects everything the server logs, for tests that check what must never be logged.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// String returns everything logged so far.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Config returns a test configuration for databaseURL with fixed keys.
func Config(t testing.TB, databaseURL string) config.Config {
	t.Helper()
	key := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("k", 32)))
	roots := filepath.Join(t.TempDir(), "tte-roots.pem")
	if err := os.WriteFile(roots, TestCA(t).PEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"TTE_TRUST_ROOTS": roots,
		"APP_ENV":         config.EnvTest,
		"DATABASE_URL":    databaseURL,
		"SESSION_SECRET":  key,
		"ENCRYPTION_KEYS": "test1:" + key,
		"VAR_DIR":         t.TempDir(),
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("servertest: config: %v", err)
	}
	return cfg
}

// configure sets the store's keyring, letters, credentials links and review deadlines from cfg, as main
// does for the portal.
func configure(st *store.Store, cfg config.Config) error {
	keys, err := crypt.NewKeyring(cfg.EncryptionKeys)
	if err != nil {
		return err
	}
	sla, err := review.ParseSLA(cfg.ReviewSLA)
	if err != nil {
		return err
	}
	st.Keys, st.SLA, st.PemusnahanHari = keys, sla, cfg.PemusnahanHari
	st.Letters = mail.Letters{BaseURL: cfg.BaseURL.String()}
	st.NewLink = store.CredentialLinks(cfg.SessionSecret)
	st.NewSurveyLink = store.SurveyLinks(cfg.SessionSecret)
	return nil
}

// Clock is a settable clock for tests of expiry and throttling.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// New starts the portal on a fresh database; mutate may adjust the configuration first.
func New(t testing.TB, mutate ...func(*config.Config)) *Portal {
	return NewWithClock(t, nil, mutate...)
}

// NewWithClock is New with the server reading time from clock (the wall clock when nil). Sessions keep the
// wall clock for their idle sign-out (NewWithSessionClock moves it too).
func NewWithClock(t testing.TB, clock *Clock, mutate ...func(*config.Config)) *Portal {
	return newPortal(t, clock, false, mutate...)
}

// NewWithSessionClock is NewWithClock where the idle sign-out of sessions also reads clock.
func NewWithSessionClock(t testing.TB, clock *Clock, mutate ...func(*config.Config)) *Portal {
	return newPortal(t, clock, true, mutate...)
}

func newPortal(t testing.TB, clock *Clock, sessionClock bool, mutate ...func(*config.Config)) *Portal {
	t.Helper()
	url := dbtest.URL(t)
	queries := &QueryCounter{}
	st, err := store.Open(context.Background(), url, func(c *pgxpool.Config) { c.ConnConfig.Tracer = queries })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	cfg := Config(t, url)
	for _, m := range mutate {
		m(&cfg)
	}
	logs := &LogBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := httptest.NewUnstartedServer(nil)
	srv.Start()
	// BASE_URL must be the server's own address so same-origin checks see our pages as ours.
	cfg.BaseURL.Host = srv.Listener.Addr().String()
	cfg.BaseURL.Scheme = "http"
	if err := configure(st, cfg); err != nil {
		t.Fatal(err)
	}
	var opts []server.Option
	if clock != nil {
		opts = append(opts, server.WithClock(clock.Now))
		if sessionClock {
			opts = append(opts, server.WithSessionClock(clock.Now))
		}
	}
	srv.Config.Handler = server.New(cfg, log, st, server.NewSessions(cfg, st), opts...)
	t.Cleanup(srv.Close)
	return &Portal{Server: srv, Store: st, Config: cfg, Log: logs, Queries: queries}
}
