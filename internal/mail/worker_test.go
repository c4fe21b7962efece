package mail_test

import (
	"bytes"
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/dbtest"
	portalmail "github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/store"
)

func mustEnqueue(t *testing.T, st *store.Store, m portalmail.Message) {
	t.Helper()
	ctx := context.Background()
	err := pgx.BeginFunc(ctx, st.Pool, func(tx pgx.Tx) error {
		return st.EnqueueMail(ctx, tx, m.To, m.Subject, m.Text, m.HTML)
	})
	if err != nil {
		t.Fatalf("enqueue: %v", err)
	}
}

// syncBuffer is a log destination the worker goroutine and the test can share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newWorker(st *store.Store, srv *testSMTP, log *syncBuffer) *portalmail.Worker {
	return &portalmail.Worker{
		Store:  st,
		Sender: testSender(srv),
		From:   testFrom,
		Log:    slog.New(slog.NewTextHandler(log, nil)),
		// A minute ahead of the database clock, so a message enqueued a moment ago is certainly due.
		Now: func() time.Time { return time.Now().Add(time.Minute) },
	}
}

func TestWorkerRunOnceDeliversThroughSMTP(t *testing.T) {
	st := dbtest.New(t)
	srv := mustStartSMTP(t)
	var log syncBuffer
	w := newWorker(st, srv, &log)
	mustEnqueue(t, st, portalmail.AkunDisetujui("Siti Aminah <siti@example.go.id>", "Siti Aminah", "https://portal.example.go.id/aktivasi?t=abc", "482913", 15))

	sent, err := w.RunOnce(context.Background())
	if err != nil || sent != 1 {
		t.Fatalf("RunOnce = %d, %v; want 1, nil", sent, err)
	}
	got := srv.waitReceived(t, 1)
	if got[0].From != "no-reply@regsosek.bappenas.go.id" || len(got[0].To) != 1 || got[0].To[0] != "siti@example.go.id" {
		t.Errorf("envelope = %q -> %q", got[0].From, got[0].To)
	}
	p := mustParse(t, got[0].Data)
	if p.Subject != "Akun Layanan Regsosek Disetujui" || !strings.Contains(p.Parts["text/plain"], "Kode OTP: 482913") ||
		!strings.Contains(p.Parts["text/html"], ">Klik Disini</a>") {
		t.Errorf("received subject %q, parts %q", p.Subject, p.Parts)
	}
	list, err := st.ListMail(context.Background(), 10)
	if err != nil || len(list) != 1 || list[0].State != store.MailSent {
		t.Fatalf("outbox = %+v (%v), want one sent message", list, err)
	}
	if sent, err := w.RunOnce(context.Background()); err != nil || sent != 0 {
		t.Fatalf("second RunOnce = %d, %v; want nothing left", sent, err)
	}
}

func TestWorkerRecordsFailureWithoutLoggingAddresses(t *testing.T) {
	st := dbtest.New(t)
	srv := mustStartSMTP(t, rejectingRcpt())
	var log syncBuffer
	w := newWorker(st, srv, &log)
	w.MaxAttempts = 1
	mustEnqueue(t, st, portalmail.AkunDitolak("rahasia@example.go.id", "Nama Rahasia", "alasan rahasia"))

	sent, err := w.RunOnce(context.Background())
	if err != nil || sent != 0 {
		t.Fatalf("RunOnce = %d, %v; want 0, nil", sent, err)
	}
	list, _ := st.ListMail(context.Background(), 10)
	if len(list) != 1 || list[0].State != store.MailFailed || list[0].Attempts != 1 || !strings.Contains(list[0].LastError, "550") {
		t.Fatalf("outbox = %+v, want one failed message with the SMTP error", list)
	}
	out := log.String()
	for _, want := range []string{"mail_id=" + strconv.FormatInt(list[0].ID, 10), "smtp_code=550", "giving up"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	for _, secret := range []string{"rahasia", "Rahasia", "example.go.id"} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q:\n%s", secret, out)
		}
	}
}

func TestWorkerRunAndKick(t *testing.T) {
	st := dbtest.New(t)
	srv := mustStartSMTP(t)
	var log syncBuffer
	w := newWorker(st, srv, &log)
	w.Interval = time.Hour // only the first round and Kick can deliver within the test

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		w.Run(ctx)
		close(done)
	}()

	mustEnqueue(t, st, portalmail.AkunDiajukan("a@example.go.id", "A", "REG-1"))
	w.Kick()
	srv.waitReceived(t, 1)
	mustEnqueue(t, st, portalmail.AkunDiajukan("b@example.go.id", "B", "REG-2"))
	w.Kick()
	w.Kick() // never blocks
	got := srv.waitReceived(t, 2)
	if len(got) != 2 || got[1].To[0] != "b@example.go.id" {
		t.Fatalf("received %+v", got)
	}

	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	if strings.Contains(log.String(), "level=ERROR") {
		t.Errorf("errors logged:\n%s", log.String())
	}
}
