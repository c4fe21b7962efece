// Package servertest starts the real portal handler on a fresh database for a test.
package servertest

import (
	"bytes"
	"context"
	"encoding/base64"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/config"
	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/server"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// Portal is a running portal for one test.
type Portal struct {
	*httptest.Server
	Store  *store.Store
	Config config.Config
	Log    *LogBuffer
}

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
	env := map[string]string{
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

// New starts the portal on a fresh database; mutate may adjust the configuration first.
func New(t testing.TB, mutate ...func(*config.Config)) *Portal {
	t.Helper()
	url := dbtest.URL(t)
	st, err := store.Open(context.Background(), url)
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
	srv.Config.Handler = server.New(cfg, log, st, server.NewSessions(cfg, st))
	t.Cleanup(srv.Close)
	return &Portal{Server: srv, Store: st, Config: cfg, Log: logs}
}
