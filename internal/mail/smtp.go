package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"strconv"
	"time"
)

// Sender delivers one rendered message to one recipient.
type Sender interface {
	Send(ctx context.Context, to string, raw []byte) error
}

// defaultSMTPTimeout bounds a delivery when the caller's context has no deadline.
const defaultSMTPTimeout = time.Minute

// SMTPSender delivers through an SMTP submission server with net/smtp. StartTLS is "auto" (upgrade when the
// server offers it), "always" (fail when it does not) or "never"; empty means auto. With a Username it
// authenticates with AUTH PLAIN, which net/smtp allows only over TLS or to localhost. From gives the envelope
// sender; TLSConfig, when set, replaces the default (verify the certificate for Host).
type SMTPSender struct {
	Host      string
	Port      int
	Username  string
	Password  string
	StartTLS  string
	From      string
	TLSConfig *tls.Config
}

// Send connects, greets, upgrades and authenticates as configured, and sends raw to one recipient. The
// context bounds the whole exchange, the dial included.
func (s *SMTPSender) Send(ctx context.Context, to string, raw []byte) (err error) {
	from, err := envelopeAddress(s.From)
	if err != nil {
		return fmt.Errorf("mail: smtp: sender: %w", err)
	}
	rcpt, err := envelopeAddress(to)
	if err != nil {
		return fmt.Errorf("mail: smtp: recipient: %w", err)
	}
	switch s.StartTLS {
	case "", "auto", "always", "never":
	default:
		return fmt.Errorf("mail: smtp: unknown StartTLS setting %q", s.StartTLS)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultSMTPTimeout)
		defer cancel()
	}
	deadline, _ := ctx.Deadline()

	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(s.Host, strconv.Itoa(s.Port)))
	if err != nil {
		return fmt.Errorf("mail: smtp: connect: %w", err)
	}
	_ = conn.SetDeadline(deadline)
	// Cancelling the context unblocks any read or write in progress.
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()
	defer func() {
		if err != nil && ctx.Err() != nil {
			err = fmt.Errorf("%w (%w)", err, ctx.Err())
		}
	}()

	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		_ = conn.Close()
		return fmt.Errorf("mail: smtp: greeting: %w", err)
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return fmt.Errorf("mail: smtp: EHLO: %w", err)
	}
	if err := s.startTLS(c); err != nil {
		return err
	}
	if s.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("mail: smtp: the server does not offer AUTH")
		}
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, s.Host)); err != nil {
			return fmt.Errorf("mail: smtp: AUTH: %w", err)
		}
	}
	if err := c.Mail(from); err != nil {
		return fmt.Errorf("mail: smtp: MAIL FROM: %w", err)
	}
	if err := c.Rcpt(rcpt); err != nil {
		return fmt.Errorf("mail: smtp: RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: smtp: DATA: %w", err)
	}
	if _, err := w.Write(raw); err != nil {
		return fmt.Errorf("mail: smtp: DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: smtp: end of DATA: %w", err)
	}
	// The message is accepted; a failed QUIT does not make it undelivered.
	_ = c.Quit()
	return nil
}

func (s *SMTPSender) startTLS(c *smtp.Client) error {
	if s.StartTLS == "never" {
		return nil
	}
	if ok, _ := c.Extension("STARTTLS"); !ok {
		if s.StartTLS == "always" {
			return errors.New("mail: smtp: the server does not offer STARTTLS")
		}
		return nil
	}
	cfg := &tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12}
	if s.TLSConfig != nil {
		cfg = s.TLSConfig.Clone()
		if cfg.ServerName == "" {
			cfg.ServerName = s.Host
		}
	}
	if err := c.StartTLS(cfg); err != nil {
		return fmt.Errorf("mail: smtp: STARTTLS: %w", err)
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
