package server_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/config"
	"github.com/bappenas/portal-regsosek/internal/server"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

func newHandler(t *testing.T, p *servertest.Portal, cfg config.Config) http.Handler {
	t.Helper()
	log := slog.New(slog.NewTextHandler(p.Log, nil))
	return server.New(cfg, log, p.Store, server.NewSessions(cfg, p.Store))
}

func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func adminConn(t *testing.T) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), os.Getenv("TEST_DATABASE_URL"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}
