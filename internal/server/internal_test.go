package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/config"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// A panic becomes the friendly 500 page with only the request id; the panic value stays in the log.
func TestPanicRecovery(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{cfg: config.Config{Env: config.EnvTest}, log: slog.New(slog.NewTextHandler(&logs, nil))}
	h := s.requestID(s.recoverPanic(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("rahasia-internal")
	})))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != 500 {
		t.Fatalf("status %d, want 500", rec.Code)
	}
	body := rec.Body.String()
	id := rec.Header().Get("X-Request-Id")
	if !strings.Contains(body, "Terjadi kesalahan pada sistem") || !strings.Contains(body, id) {
		t.Error("500 page lacks the message or the request id")
	}
	if strings.Contains(body, "rahasia-internal") {
		t.Error("panic value leaked into the page")
	}
	if !strings.Contains(logs.String(), "rahasia-internal") {
		t.Error("panic not logged")
	}
}

// A SIGTERM during a slow request lets that request finish before Serve returns.
func TestSIGTERMLetsInFlightRequestFinish(t *testing.T) {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	started := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(500 * time.Millisecond)
		_, _ = io.WriteString(w, "selesai")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, h, slog.New(slog.DiscardHandler), 10*time.Second) }()

	type result struct {
		body string
		err  error
	}
	res := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/lambat")
		if err != nil {
			res <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		res <- result{string(b), err}
	}()
	<-started
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	r := <-res
	if r.err != nil || r.body != "selesai" {
		t.Fatalf("in-flight request: body %q, err %v", r.body, r.err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	// New connections are refused once it has stopped.
	if _, err := http.Get("http://" + ln.Addr().String() + "/"); err == nil {
		t.Error("server still accepts connections after shutdown")
	}
}

// A rule's refusal that reaches the generic error page is answered with its sentence and 409, from any
// page, and is not logged as a failure of the portal.
func TestRefusalIsAnswered(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{cfg: config.Config{Env: config.EnvTest}, log: slog.New(slog.NewTextHandler(&logs, nil))}
	rec := httptest.NewRecorder()
	err := fmt.Errorf("store: extend: %w", validate.Refusal("Unggah SK Forum Satu Data terlebih dahulu."))
	s.renderError(rec, httptest.NewRequest(http.MethodPost, "/petugas/akses/1/perpanjang", nil), err)
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "Unggah SK Forum Satu Data terlebih dahulu.") {
		t.Errorf("refusal answered %d without its sentence", rec.Code)
	}
	if logs.Len() != 0 {
		t.Errorf("a refusal was logged as an error: %s", logs.String())
	}
}
