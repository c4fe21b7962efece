package mail_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	portalmail "github.com/bappenas/portal-regsosek/internal/mail"
)

func testSender(srv *testSMTP) *portalmail.SMTPSender {
	return &portalmail.SMTPSender{Host: "127.0.0.1", Port: srv.Port, StartTLS: "auto", From: testFrom}
}

func mustBuild(t *testing.T, m portalmail.Message) []byte {
	t.Helper()
	raw, err := portalmail.Build(testFrom, m, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestSMTPSenderDeliversExactBytes(t *testing.T) {
	srv := mustStartSMTP(t)
	raw := mustBuild(t, portalmail.Message{
		To:      "Budi Santoso <budi@example.go.id>",
		Subject: "Uji pengiriman",
		Text:    "baris satu\n.baris diawali titik\n..dua titik\n.\nselesai",
		HTML:    "<p>uji</p>",
	})
	if err := testSender(srv).Send(context.Background(), "Budi Santoso <budi@example.go.id>", raw); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.waitReceived(t, 1)
	if len(got) != 1 {
		t.Fatalf("received %d messages", len(got))
	}
	if got[0].From != "no-reply@regsosek.bappenas.go.id" || len(got[0].To) != 1 || got[0].To[0] != "budi@example.go.id" {
		t.Errorf("envelope = MAIL FROM %q, RCPT TO %q", got[0].From, got[0].To)
	}
	if !bytes.Equal(got[0].Data, raw) {
		t.Errorf("the server received other bytes than were sent:\n%q\nwant\n%q", got[0].Data, raw)
	}
	if got[0].Auth != "" {
		t.Errorf("authenticated without a username: %q", got[0].Auth)
	}
}

func TestSMTPSenderAuthPlainToLocalhost(t *testing.T) {
	srv := mustStartSMTP(t, withAuth())
	s := testSender(srv)
	s.Username, s.Password = "portal", "rahasia"
	if err := s.Send(context.Background(), "budi@example.go.id", mustBuild(t, portalmail.Message{To: "budi@example.go.id"})); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if got := srv.waitReceived(t, 1); got[0].Auth != "\x00portal\x00rahasia" {
		t.Errorf("AUTH PLAIN response = %q", got[0].Auth)
	}
}

func TestSMTPSenderRefuses(t *testing.T) {
	raw := mustBuild(t, portalmail.Message{To: "budi@example.go.id"})
	tests := []struct {
		name    string
		opts    []smtpOption
		change  func(*portalmail.SMTPSender)
		to      string
		wantErr string
	}{
		{"StartTLSAlwaysNotOffered", nil, func(s *portalmail.SMTPSender) { s.StartTLS = "always" }, "budi@example.go.id", "does not offer STARTTLS"},
		{"UnknownStartTLS", nil, func(s *portalmail.SMTPSender) { s.StartTLS = "kadang" }, "budi@example.go.id", "unknown StartTLS"},
		{"AuthNotOffered", nil, func(s *portalmail.SMTPSender) { s.Username = "portal" }, "budi@example.go.id", "does not offer AUTH"},
		{"BadRecipient", nil, nil, "budi@example.go.id\r\nRCPT TO:<x@example.com>", "recipient"},
		{"RecipientRejected", []smtpOption{rejectingRcpt()}, nil, "budi@example.go.id", "550"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := mustStartSMTP(t, tt.opts...)
			s := testSender(srv)
			if tt.change != nil {
				tt.change(s)
			}
			err := s.Send(context.Background(), tt.to, raw)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Send error = %v, want one containing %q", err, tt.wantErr)
			}
			if got := srv.Received(); len(got) != 0 {
				t.Fatalf("a message was delivered: %+v", got)
			}
		})
	}
}

func TestSMTPSenderHonoursContext(t *testing.T) {
	srv := mustStartSMTP(t, silentServer())
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := testSender(srv).Send(ctx, "budi@example.go.id", mustBuild(t, portalmail.Message{To: "budi@example.go.id"}))
	if err == nil {
		t.Fatal("Send to a server that never answers succeeded")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Send took %v despite a 200ms deadline", d)
	}
}

func TestKeepSender(t *testing.T) {
	var s portalmail.Sender = portalmail.KeepSender{}
	if err := s.Send(context.Background(), "budi@example.go.id", []byte("x")); err != nil {
		t.Fatal(err)
	}
}
