package mail_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"strings"
	"testing"
	"time"

	portalmail "github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/smtptest"
)

// The SMTP sender (wneessen/go-mail) against a real SMTP server in the test, in each mode production meets:
// plain on localhost, STARTTLS, implicit TLS on connect, AUTH PLAIN and LOGIN; the bytes arrive as built, a
// burst goes over one connection, and a refusal or a silent server is an error in time.

func testSender(srv *smtptest.Server) *portalmail.SMTPSender {
	return &portalmail.SMTPSender{Host: "127.0.0.1", Port: srv.Port, StartTLS: "auto", From: testFrom,
		TLSConfig: &tls.Config{RootCAs: srv.CertPool(), MinVersion: tls.VersionTLS12}}
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
	srv := smtptest.Start(t)
	raw := mustBuild(t, portalmail.Message{
		To:      "Budi Santoso <budi@example.go.id>",
		Subject: "Uji pengiriman",
		Text:    "baris satu\n.baris diawali titik\n..dua titik\n.\nselesai",
		HTML:    "<p>uji</p>",
	})
	if err := testSender(srv).Send(context.Background(), "Budi Santoso <budi@example.go.id>", raw); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.WaitReceived(t, 1)
	if got[0].From != "no-reply@regsosek.bappenas.go.id" || len(got[0].To) != 1 || got[0].To[0] != "budi@example.go.id" {
		t.Errorf("envelope = MAIL FROM %q, RCPT TO %q", got[0].From, got[0].To)
	}
	if !bytes.Equal(got[0].Data, raw) {
		t.Errorf("the server received other bytes than were sent:\n%q\nwant\n%q", got[0].Data, raw)
	}
	if got[0].User != "" || got[0].TLS {
		t.Errorf("authenticated (%q) or TLS (%v) without being asked to", got[0].User, got[0].TLS)
	}
}

// Each mode a submission server offers: the message arrives over TLS where asked, after the login asked.
func TestSMTPSenderModes(t *testing.T) {
	tests := []struct {
		name      string
		server    []smtptest.Option
		set       func(*portalmail.SMTPSender)
		tls       bool
		mechanism string
	}{
		{"STARTTLS, AUTH PLAIN", []smtptest.Option{smtptest.StartTLS(), smtptest.Auth("portal", "rahasia", "PLAIN", "LOGIN")},
			func(s *portalmail.SMTPSender) { s.StartTLS = "always" }, true, "PLAIN"},
		{"STARTTLS, AUTH LOGIN only offered", []smtptest.Option{smtptest.StartTLS(), smtptest.Auth("portal", "rahasia", "LOGIN")},
			nil, true, "LOGIN"},
		{"STARTTLS, AUTH LOGIN asked", []smtptest.Option{smtptest.StartTLS(), smtptest.Auth("portal", "rahasia", "PLAIN", "LOGIN")},
			func(s *portalmail.SMTPSender) { s.Auth = portalmail.AuthLogin }, true, "LOGIN"},
		{"implicit TLS on 465, AUTH PLAIN", []smtptest.Option{smtptest.Implicit(), smtptest.Auth("portal", "rahasia", "PLAIN")},
			func(s *portalmail.SMTPSender) { s.TLS = portalmail.TLSImplicit }, true, "PLAIN"},
		{"implicit TLS, AUTH LOGIN", []smtptest.Option{smtptest.Implicit(), smtptest.Auth("portal", "rahasia", "LOGIN")},
			func(s *portalmail.SMTPSender) { s.TLS, s.Auth = portalmail.TLSImplicit, portalmail.AuthLogin }, true, "LOGIN"},
		{"STARTTLS never, plain on localhost", []smtptest.Option{smtptest.StartTLS(), smtptest.Auth("portal", "rahasia", "PLAIN")},
			func(s *portalmail.SMTPSender) { s.StartTLS = "never" }, false, "PLAIN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := smtptest.Start(t, tt.server...)
			s := testSender(srv)
			s.Username, s.Password = "portal", "rahasia"
			if tt.set != nil {
				tt.set(s)
			}
			defer s.Close()
			raw := mustBuild(t, portalmail.Message{To: "budi@example.go.id", Subject: "Uji", Text: "isi", HTML: "<p>isi</p>"})
			if err := s.Send(context.Background(), "budi@example.go.id", raw); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := srv.WaitReceived(t, 1)[0]
			if got.TLS != tt.tls || got.Mechanism != tt.mechanism || got.User != "portal" || !bytes.Equal(got.Data, raw) {
				t.Errorf("received over TLS %v with %s as %q (bytes equal %v); want TLS %v with %s as portal",
					got.TLS, got.Mechanism, got.User, bytes.Equal(got.Data, raw), tt.tls, tt.mechanism)
			}
		})
	}
}

// A burst of messages goes over one connection: one TLS handshake, one login.
func TestSMTPSenderBatchesOnOneConnection(t *testing.T) {
	srv := smtptest.Start(t, smtptest.StartTLS(), smtptest.Auth("portal", "rahasia", "PLAIN"))
	s := testSender(srv)
	s.Username, s.Password = "portal", "rahasia"
	defer s.Close()
	for i := range 20 {
		to := fmt.Sprintf("orang%d@example.go.id", i)
		if err := s.Send(context.Background(), to, mustBuild(t, portalmail.Message{To: to, Subject: "Uji"})); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
	}
	got := srv.WaitReceived(t, 20)
	for _, r := range got {
		if r.Conn != 1 || !r.TLS {
			t.Fatalf("message to %v came over connection %d (TLS %v); want all over the first", r.To, r.Conn, r.TLS)
		}
	}
	if srv.Connections() != 1 || s.Dials != 1 {
		t.Errorf("%d connections, %d dials; want one", srv.Connections(), s.Dials)
	}
	// Idle past its timeout, the connection is closed; the next message opens a new one.
	s.IdleTimeout = 50 * time.Millisecond
	_ = s.Send(context.Background(), "a@example.go.id", mustBuild(t, portalmail.Message{To: "a@example.go.id"}))
	time.Sleep(300 * time.Millisecond) // letting the idle timer fire, not asserting on time
	if err := s.Send(context.Background(), "b@example.go.id", mustBuild(t, portalmail.Message{To: "b@example.go.id"})); err != nil {
		t.Fatal(err)
	}
	if srv.Connections() != 2 {
		t.Errorf("%d connections after an idle close, want 2", srv.Connections())
	}
}

func TestSMTPSenderRefuses(t *testing.T) {
	raw := mustBuild(t, portalmail.Message{To: "budi@example.go.id"})
	tests := []struct {
		name    string
		opts    []smtptest.Option
		change  func(*portalmail.SMTPSender)
		to      string
		wantErr string
	}{
		{"StartTLSAlwaysNotOffered", nil, func(s *portalmail.SMTPSender) { s.StartTLS = "always" }, "budi@example.go.id", "STARTTLS"},
		{"UnknownStartTLS", nil, func(s *portalmail.SMTPSender) { s.StartTLS = "kadang" }, "budi@example.go.id", "unknown StartTLS"},
		{"AuthNotOffered", nil, func(s *portalmail.SMTPSender) { s.Username = "portal" }, "budi@example.go.id", "AUTH"},
		{"WrongPassword", []smtptest.Option{smtptest.Auth("portal", "benar", "PLAIN")},
			func(s *portalmail.SMTPSender) { s.Username, s.Password = "portal", "salah" }, "budi@example.go.id", "535"},
		{"UntrustedCertificate", []smtptest.Option{smtptest.Implicit()},
			func(s *portalmail.SMTPSender) { s.TLS, s.TLSConfig = portalmail.TLSImplicit, nil }, "budi@example.go.id", "certificate"},
		{"BadRecipient", nil, nil, "budi@example.go.id\r\nRCPT TO:<x@example.com>", "recipient"},
		{"RecipientRejected", []smtptest.Option{smtptest.RejectRcpt()}, nil, "budi@example.go.id", "550"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := smtptest.Start(t, tt.opts...)
			s := testSender(srv)
			if tt.change != nil {
				tt.change(s)
			}
			defer s.Close()
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
	srv := smtptest.Start(t, smtptest.Silent())
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
