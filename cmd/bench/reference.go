package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// The reference the national run is measured against: a plain Go handler, in its own process as the portal
// is, that does one primary-key query on the same database and writes a fixed page of the size of the staff
// queue page. What a signed-in page costs beyond it is the portal's own work.

// serveReference serves the reference handler on addr until ctx ends. The pool has the portal's size.
func serveReference(ctx context.Context, addr string, size int) error {
	cfg, err := pgxpool.ParseConfig(os.Getenv("DATABASE_URL"))
	if err != nil {
		return fmt.Errorf("reference: DATABASE_URL: %w", err)
	}
	cfg.MaxConns = max(cfg.MaxConns, 10)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	var maxID int64
	if err := pool.QueryRow(ctx, "SELECT coalesce(max(id), 1) FROM permohonan").Scan(&maxID); err != nil {
		return fmt.Errorf("reference: %w", err)
	}
	head, tail := referencePage(size)
	mux := http.NewServeMux()
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ready\n")) })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		var ref, state string
		err := pool.QueryRow(r.Context(), "SELECT reference, state FROM permohonan WHERE id = $1", 1+rand.Int64N(maxID)).Scan(&ref, &state)
		if err != nil {
			http.Error(w, "query failed", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(head)
		_, _ = w.Write([]byte(ref + " " + state))
		_, _ = w.Write(tail)
	})
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// referencePage is a fixed HTML page of about size bytes, split where the row read from the database goes.
func referencePage(size int) ([]byte, []byte) {
	head := "<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>Referensi</title></head><body><main><h1>"
	tail := "</h1><table>"
	row := "<tr><td>PHA-2026-000000</td><td>Pemerintah Kabupaten Contoh</td><td>Diajukan</td></tr>"
	for n := len(head) + len(tail) + 40; n+len(row) < size-30; n += len(row) {
		tail += row
	}
	tail += "</table></main></body></html>"
	if pad := size - len(head) - len(tail) - 40; pad > 0 {
		tail += "<!--" + strings.Repeat(" ", max(pad-7, 0)) + "-->"
	}
	return []byte(head), []byte(tail)
}
