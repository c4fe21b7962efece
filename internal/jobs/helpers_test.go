package jobs_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/store"
)

const testFrom = "Portal Regsosek <no-reply@regsosek.bappenas.go.id>"

// testClock is a clock the test sets.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// sent is one message a Sender was given.
type sent struct {
	To      string
	Subject string
	Raw     []byte
}

// recordingSender records what it sends and answers with fail, when set.
type recordingSender struct {
	mu   sync.Mutex
	sent []sent
	fail func(to string) error
	// hold, when set, runs while the message is being sent (the row is not yet marked).
	hold func()
}

func (s *recordingSender) Send(_ context.Context, to string, raw []byte) error {
	if s.hold != nil {
		s.hold()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		if err := s.fail(to); err != nil {
			return err
		}
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	subject := ""
	if err == nil {
		subject, _ = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	}
	s.sent = append(s.sent, sent{To: to, Subject: subject, Raw: raw})
	return nil
}

func (s *recordingSender) Sent() []sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sent(nil), s.sent...)
}

// senderFunc is a Sender that calls a function with the recipient.
type senderFunc func(to string) error

func (f senderFunc) Send(_ context.Context, to string, _ []byte) error { return f(to) }

// mustEnqueue commits one message per subject and returns the database time just after, when all of them
// are due.
func mustEnqueue(t *testing.T, st *store.Store, subjects ...string) time.Time {
	t.Helper()
	for _, s := range subjects {
		mustEnqueueMessage(t, st, mail.Message{To: "budi@example.go.id", Subject: s, Text: "teks " + s, HTML: "<p>" + s + "</p>"})
	}
	var now time.Time
	if err := st.Pool.QueryRow(context.Background(), "SELECT clock_timestamp()").Scan(&now); err != nil {
		t.Fatal(err)
	}
	return now
}

func mustEnqueueMessage(t *testing.T, st *store.Store, m mail.Message) {
	t.Helper()
	ctx := context.Background()
	err := pgx.BeginFunc(ctx, st.Pool, func(tx pgx.Tx) error {
		return st.EnqueueMail(ctx, tx, m.To, m.Subject, m.Text, m.HTML)
	})
	if err != nil {
		t.Fatalf("enqueue: %v", err)
	}
}

func mustListMail(t *testing.T, st *store.Store) map[string]store.Mail {
	t.Helper()
	list, err := st.ListMail(context.Background(), 100)
	if err != nil {
		t.Fatalf("list mail: %v", err)
	}
	bySubject := map[string]store.Mail{}
	for _, m := range list {
		bySubject[m.Subject] = m
	}
	return bySubject
}

// exec runs a statement of a test's set-up.
func exec(t *testing.T, st *store.Store, sql string, args ...any) {
	t.Helper()
	if _, err := st.Pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// parts returns a built message's text and HTML, decoded.
func parts(t *testing.T, raw []byte) (header netmail.Header, text, html string) {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("read message: %v", err)
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type: %v", err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			return msg.Header, text, html
		}
		if err != nil {
			t.Fatalf("multipart: %v", err)
		}
		b, _ := io.ReadAll(p)
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
			html = string(b)
		} else {
			text = string(b)
		}
	}
}

// syncBuffer is a log destination the river client's goroutines and the test can share.
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
