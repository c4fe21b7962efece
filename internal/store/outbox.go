package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
)

// Outbox states.
const (
	MailPending = "pending"
	MailSent    = "sent"
	MailFailed  = "failed"
)

// Retry schedule for a failed delivery: 30s after the first failure, doubling, at most an hour apart.
const (
	mailFirstRetry = 30 * time.Second
	mailMaxRetry   = time.Hour
	// mailErrorMax bounds the stored error text: enough for an SMTP reply, too short to hold a message.
	mailErrorMax = 200
)

// Mail is one message in the outbox.
type Mail struct {
	ID            int64
	To            string
	Subject       string
	Text          string
	HTML          string
	State         string
	Attempts      int
	CreatedAt     time.Time
	NextAttemptAt time.Time
	SentAt        *time.Time
	LastError     string
}

const mailColumns = `id, to_address, subject, body_text, body_html, state, attempts, created_at,
	next_attempt_at, sent_at, coalesce(last_error, '')`

func scanMail(row pgx.Row) (Mail, error) {
	var m Mail
	err := row.Scan(&m.ID, &m.To, &m.Subject, &m.Text, &m.HTML, &m.State, &m.Attempts, &m.CreatedAt,
		&m.NextAttemptAt, &m.SentAt, &m.LastError)
	return m, err
}

// EnqueueMail inserts a pending message within the caller's transaction, so the mail exists if and only if
// the change that caused it commits. It is due at once (the database's now()).
func (s *Store) EnqueueMail(ctx context.Context, tx pgx.Tx, to, subject, text, html string) error {
	if strings.TrimSpace(to) == "" {
		return errors.New("store: enqueue mail: no recipient")
	}
	_, err := tx.Exec(ctx, `INSERT INTO outbox (to_address, subject, body_text, body_html) VALUES ($1, $2, $3, $4)`,
		to, subject, text, html)
	if err != nil {
		return fmt.Errorf("store: enqueue mail: %w", err)
	}
	return nil
}

// DeliverDueMail claims up to limit pending messages that are due at now, one at a time, each in its own
// transaction with SELECT ... FOR UPDATE SKIP LOCKED, so several instances never send the same message at
// once. It calls send for the message and, in the same transaction, marks it sent, or records the failure:
// attempts+1, a short error text, and the next attempt after 30s, 1m, 2m, ... (at most 1h); the message
// becomes 'failed' after maxAttempts attempts. A send error is recorded, not returned; the returned error
// is a database error. It returns how many messages were sent.
func (s *Store) DeliverDueMail(ctx context.Context, now time.Time, limit, maxAttempts int,
	send func(ctx context.Context, m Mail) error) (sent int, err error) {
	maxAttempts = max(maxAttempts, 1)
	for range limit {
		found, ok := false, false
		err := s.inTx(ctx, func(tx pgx.Tx) error {
			var err error
			found, ok, err = s.deliverOne(ctx, tx, now, maxAttempts, send)
			return err
		})
		if err != nil {
			return sent, err
		}
		if !found {
			break
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// deliverOne claims the next due message, sends it and records the result. found is false when nothing is due.
func (s *Store) deliverOne(ctx context.Context, tx pgx.Tx, now time.Time, maxAttempts int,
	send func(ctx context.Context, m Mail) error) (found, ok bool, err error) {
	m, err := scanMail(tx.QueryRow(ctx, `SELECT `+mailColumns+` FROM outbox
		WHERE state = 'pending' AND next_attempt_at <= $1
		ORDER BY next_attempt_at, id
		LIMIT 1
		FOR UPDATE SKIP LOCKED`, now))
	if errors.Is(err, pgx.ErrNoRows) {
		return false, false, nil
	}
	if err != nil {
		return false, false, fmt.Errorf("store: claim mail: %w", err)
	}
	if sendErr := send(ctx, m); sendErr != nil {
		attempts := m.Attempts + 1
		state := MailPending
		if attempts >= maxAttempts {
			state = MailFailed
		}
		_, err = tx.Exec(ctx, `UPDATE outbox SET state = $2, attempts = $3, last_error = $4, next_attempt_at = $5
			WHERE id = $1`, m.ID, state, attempts, shortError(sendErr), now.Add(MailRetryDelay(attempts)))
		if err != nil {
			return true, false, fmt.Errorf("store: record mail %d failure: %w", m.ID, err)
		}
		return true, false, nil
	}
	_, err = tx.Exec(ctx, `UPDATE outbox SET state = 'sent', sent_at = $2, attempts = attempts + 1,
		last_error = NULL WHERE id = $1`, m.ID, now)
	if err != nil {
		return true, false, fmt.Errorf("store: mark mail %d sent: %w", m.ID, err)
	}
	return true, true, nil
}

// MailRetryDelay is the wait after the n-th failed attempt (n from 1): 30s, 1m, 2m, ..., at most 1h.
func MailRetryDelay(n int) time.Duration {
	d := mailFirstRetry
	for i := 1; i < n && d < mailMaxRetry; i++ {
		d *= 2
	}
	return min(d, mailMaxRetry)
}

// shortError flattens an error to one bounded line for the outbox's last_error.
func shortError(err error) string {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	if len(msg) <= mailErrorMax {
		return msg
	}
	cut := mailErrorMax
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return msg[:cut] + "…"
}

// ListMail returns at most limit messages, newest first, for the development mailbox page.
func (s *Store) ListMail(ctx context.Context, limit int) ([]Mail, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := s.Pool.Query(ctx, `SELECT `+mailColumns+` FROM outbox ORDER BY created_at DESC, id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list mail: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Mail, error) { return scanMail(row) })
	if err != nil {
		return nil, fmt.Errorf("store: list mail: %w", err)
	}
	return list, nil
}
