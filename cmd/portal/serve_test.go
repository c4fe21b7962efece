package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/store"
)

// lockedBuffer is stdout shared by the serving goroutine and the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitUntil polls cond until it holds, failing the test after 20 seconds.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited in vain for %s", what)
		}
		time.Sleep(20 * time.Millisecond) // polling, not asserting on time
	}
}

// `portal serve` runs the river client with the HTTP server: an email enqueued while it serves goes out
// with no one waking a worker (without SMTP_HOST development keeps it, marked sent), and the end of the
// context (SIGTERM) stops the server and the jobs cleanly.
func TestServeRunsJobsAndStops(t *testing.T) {
	t.Parallel()
	base := testEnv(t, "development")
	getenv := func(k string) string {
		switch k {
		case "SMTP_HOST", "BASE_URL":
			return ""
		case "LISTEN_ADDR":
			return "127.0.0.1:0"
		}
		return base(k)
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var stdout, stderr lockedBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, getenv, &stdout, &stderr) }()
	waitUntil(t, "the server to start", func() bool { return strings.Contains(stdout.String(), "melayani di") })

	st, err := store.Open(context.Background(), base("DATABASE_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	err = pgx.BeginFunc(context.Background(), st.Pool, func(tx pgx.Tx) error {
		return st.EnqueueMail(context.Background(), tx, "budi@example.go.id", "Uji", "teks", "<p>teks</p>")
	})
	if err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the email to go out", func() bool {
		list, err := st.ListMail(context.Background(), 1)
		return err == nil && len(list) == 1 && list[0].State == store.MailSent
	})

	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v\n%s", err, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
	if strings.Contains(stderr.String(), "level=ERROR") {
		t.Errorf("errors logged:\n%s", stderr.String())
	}
}
