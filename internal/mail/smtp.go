package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/textproto"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// Sender delivers one rendered message to one recipient.
type Sender interface {
	Send(ctx context.Context, to string, raw []byte) error
}

// Defaults of SMTPSender.
const (
	defaultSMTPTimeout = 30 * time.Second // the dial, and each command
	defaultIdleTimeout = 30 * time.Second // how long a connection waits for the next message
)

// TLS modes of SMTPSender.TLS and AUTH mechanisms of SMTPSender.Auth, as SMTP_TLS and SMTP_AUTH name them.
const (
	TLSStartTLS = "starttls"
	TLSImplicit = "implicit"
	AuthAuto    = "auto"
	AuthPlain   = "plain"
	AuthLogin   = "login"
)

// SMTPSender delivers through an SMTP submission server with wneessen/go-mail, which dials, negotiates TLS —
// implicit on port 465 (TLS "implicit") or STARTTLS ("starttls", then StartTLS: "auto" upgrades when offered,
// "always" refuses a server without it, "never" stays in clear) — and authenticates with AUTH PLAIN or LOGIN
// (Auth; "auto" takes PLAIN when offered, else LOGIN) when a Username is set. The message itself goes out
// byte for byte as mail.Build wrote it.
//
// One connection serves a batch: after a message the connection stays open for IdleTimeout, and the next
// message (the next delivery job) reuses it after a NOOP, so a burst of emails costs one TLS handshake and
// one login, not one per email. Deliveries through one SMTPSender take turns on it. Timeout bounds the dial
// and every command; the context of each Send cancels it too.
type SMTPSender struct {
	Host        string
	Port        int
	Username    string
	Password    string
	TLS         string // TLSStartTLS (default) or TLSImplicit
	StartTLS    string // auto (default), always or never, with TLSStartTLS
	Auth        string // AuthAuto (default), AuthPlain or AuthLogin
	From        string
	Timeout     time.Duration
	IdleTimeout time.Duration
	// TLSConfig, when set, replaces the default (verify the certificate for Host, TLS 1.2 at least).
	TLSConfig *tls.Config

	mu   sync.Mutex
	conn *smtp.Client
	raw  net.Conn
	idle *time.Timer
	// Dials counts the connections opened, for tests of the batching.
	Dials int
}

// Send delivers raw to one recipient, over the open connection when it is still good or a new one.
func (s *SMTPSender) Send(ctx context.Context, to string, raw []byte) error {
	from, err := envelopeAddress(s.From)
	if err != nil {
		return fmt.Errorf("mail: smtp: sender: %w", err)
	}
	rcpt, err := envelopeAddress(to)
	if err != nil {
		return fmt.Errorf("mail: smtp: recipient: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.idle != nil {
		s.idle.Stop()
	}
	if err := s.connect(ctx); err != nil {
		return err
	}
	// A cancelled context unblocks whatever the connection is waiting for, by closing it.
	stop := context.AfterFunc(ctx, func() { _ = s.raw.Close() })
	defer stop()
	deadline := time.Now().Add(s.timeout())
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	_ = s.raw.SetDeadline(deadline)
	err = s.transmit(from, rcpt, raw)
	switch {
	case err == nil:
		s.keepIdle()
		return nil
	case isRefusal(err):
		// The server refused this message (a recipient, say) and is fine: the connection stays.
		if rerr := s.conn.Reset(); rerr == nil {
			s.keepIdle()
			return err
		}
	}
	s.drop()
	if ctx.Err() != nil {
		return fmt.Errorf("%w (%w)", err, ctx.Err())
	}
	return err
}

func (s *SMTPSender) transmit(from, rcpt string, raw []byte) error {
	if err := s.conn.Mail("<" + from + ">"); err != nil {
		return fmt.Errorf("mail: smtp: MAIL FROM: %w", err)
	}
	if err := s.conn.Rcpt("<" + rcpt + ">"); err != nil {
		return fmt.Errorf("mail: smtp: RCPT TO: %w", err)
	}
	w, err := s.conn.Data()
	if err != nil {
		return fmt.Errorf("mail: smtp: DATA: %w", err)
	}
	if _, err := w.Write(raw); err != nil {
		return fmt.Errorf("mail: smtp: DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: smtp: end of DATA: %w", err)
	}
	// The message is accepted; the next one starts from a clean transaction.
	if err := s.conn.Reset(); err != nil {
		s.drop()
	}
	return nil
}

// isRefusal reports an SMTP reply refusing the message (4xx or 5xx), as opposed to a broken connection.
func isRefusal(err error) bool {
	te, ok := errors.AsType[*textproto.Error](err)
	return ok && te.Code >= 400 && te.Code < 600
}

// connect reuses the open connection after a NOOP, or dials a new one.
func (s *SMTPSender) connect(ctx context.Context) error {
	if s.conn != nil {
		_ = s.raw.SetDeadline(time.Now().Add(s.timeout()))
		if s.conn.Noop() == nil {
			return nil
		}
		s.drop()
	}
	// The dial and the greeting are bounded by the context's deadline too.
	timeout := s.timeout()
	if d, ok := ctx.Deadline(); ok {
		timeout = max(min(timeout, time.Until(d)), time.Millisecond)
	}
	opts, err := s.options(timeout)
	if err != nil {
		return err
	}
	c, err := gomail.NewClient(s.Host, opts...)
	if err != nil {
		return fmt.Errorf("mail: smtp: %w", err)
	}
	conn, err := c.DialToSMTPClientWithContext(ctx)
	if err != nil {
		if s.raw != nil {
			_ = s.raw.Close()
			s.raw = nil
		}
		return fmt.Errorf("mail: smtp: connect: %w", err)
	}
	s.conn = conn
	s.Dials++
	return nil
}

func (s *SMTPSender) options(timeout time.Duration) ([]gomail.Option, error) {
	tlsCfg := &tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12}
	if s.TLSConfig != nil {
		tlsCfg = s.TLSConfig.Clone()
		if tlsCfg.ServerName == "" {
			tlsCfg.ServerName = s.Host
		}
	}
	opts := []gomail.Option{gomail.WithPort(s.Port), gomail.WithTimeout(timeout), gomail.WithTLSConfig(tlsCfg),
		gomail.WithHELO("localhost"), gomail.WithoutNoop()}
	implicit := false
	switch s.TLS {
	case "", TLSStartTLS:
		switch s.StartTLS {
		case "", "auto":
			opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
		case "always":
			opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
		case "never":
			opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
		default:
			return nil, fmt.Errorf("mail: smtp: unknown StartTLS setting %q", s.StartTLS)
		}
	case TLSImplicit:
		implicit = true
		opts = append(opts, gomail.WithSSL())
	default:
		return nil, fmt.Errorf("mail: smtp: unknown TLS mode %q", s.TLS)
	}
	// Our own dialer, so a cancelled context can close the connection in the middle of a command; for
	// implicit TLS it speaks TLS from the first byte.
	opts = append(opts, gomail.WithDialContextFunc(func(ctx context.Context, network, addr string) (net.Conn, error) {
		d := &net.Dialer{Timeout: timeout}
		var c net.Conn
		var err error
		if implicit {
			c, err = (&tls.Dialer{NetDialer: d, Config: tlsCfg}).DialContext(ctx, network, addr)
		} else {
			c, err = d.DialContext(ctx, network, addr)
		}
		if err == nil {
			s.raw = c
		}
		return c, err
	}))
	if s.Username != "" {
		switch s.Auth {
		case "", AuthAuto:
			opts = append(opts, gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin))
		case AuthPlain:
			opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain))
		case AuthLogin:
			opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthLogin))
		default:
			return nil, fmt.Errorf("mail: smtp: unknown AUTH mechanism %q", s.Auth)
		}
		opts = append(opts, gomail.WithUsername(s.Username), gomail.WithPassword(s.Password))
	}
	return opts, nil
}

func (s *SMTPSender) timeout() time.Duration {
	if s.Timeout > 0 {
		return s.Timeout
	}
	return defaultSMTPTimeout
}

// keepIdle closes the connection if no message comes within IdleTimeout.
func (s *SMTPSender) keepIdle() {
	if s.conn == nil {
		return
	}
	idle := s.IdleTimeout
	if idle <= 0 {
		idle = defaultIdleTimeout
	}
	conn := s.conn
	s.idle = time.AfterFunc(idle, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.conn == conn {
			// The deadline of the last send has passed by now: QUIT gets a fresh one.
			_ = s.raw.SetDeadline(time.Now().Add(s.timeout()))
			_ = s.conn.Quit()
			s.drop()
		}
	})
}

// drop forgets the connection, closing it.
func (s *SMTPSender) drop() {
	if s.raw != nil {
		_ = s.raw.Close()
	}
	s.conn, s.raw = nil, nil
}

// Close ends the open connection, if any (at shutdown).
func (s *SMTPSender) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.idle != nil {
		s.idle.Stop()
	}
	if s.conn != nil {
		_ = s.raw.SetDeadline(time.Now().Add(s.timeout()))
		_ = s.conn.Quit()
		s.drop()
	}
	return nil
}

// envelopeAddress returns the bare address of a header-style address ("Nama <a@b>" or "a@b").
func envelopeAddress(s string) (string, error) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return "", err
	}
	return a.Address, nil
}

// KeepSender is for development and test without SMTP. It sends nothing: every message stays listed in the
// outbox, which the /dev/mailbox page reads.
type KeepSender struct{}

// Send does nothing and succeeds.
func (KeepSender) Send(context.Context, string, []byte) error { return nil }
