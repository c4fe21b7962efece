package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/mail"
)

// Outbox states.
const (
	MailPending = "pending"
	MailSent    = "sent"
	MailFailed  = "failed"
)

// mailErrorMax bounds the stored error text: enough for an SMTP reply, too short to hold a message.
const mailErrorMax = 200

// Mail is one message in the outbox.
type Mail struct {
	ID        int64
	Kind      string // the letter (mail.Letters method) that wrote it
	To        string
	Subject   string
	Text      string
	HTML      string
	State     string
	Attempts  int
	CreatedAt time.Time
	SentAt    *time.Time
	LastError string
	// BodyKept is false once the body was dropped after delivery (production): Text and HTML are then empty.
	BodyKept bool
	// Rahasia: To is an Anonim reporter's address (mail.Message.Rahasia), not to be shown.
	Rahasia bool
}

const mailColumns = `id, kind, to_address, subject, coalesce(body_text, ''), coalesce(body_html, ''), state, attempts, created_at,
	sent_at, coalesce(last_error, ''), body_text IS NOT NULL, rahasia`

// AlamatDihapus replaces an Anonim reporter's address once their message is delivered.
const AlamatDihapus = "(alamat pelapor Anonim dihapus setelah terkirim)"

func scanMail(row pgx.Row) (Mail, error) {
	var m Mail
	err := row.Scan(&m.ID, &m.Kind, &m.To, &m.Subject, &m.Text, &m.HTML, &m.State, &m.Attempts, &m.CreatedAt, &m.SentAt,
		&m.LastError, &m.BodyKept, &m.Rahasia)
	return m, err
}

// enqueue puts a message in the outbox inside tx, with the river job that delivers it (internal/jobs), so
// the message and its delivery exist if and only if the change that caused them commits.
func enqueue(ctx context.Context, tx pgx.Tx, m mail.Message) error {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO outbox (kind, to_address, subject, body_text, body_html, rahasia) VALUES ($1, $2, $3, $4, $5, $6)
		RETURNING id`, m.Kind, m.To, m.Subject, m.Text, m.HTML, m.Rahasia).Scan(&id)
	if err != nil {
		return fmt.Errorf("store: enqueue mail: %w", err)
	}
	return insertJob(ctx, tx, MailArgs{OutboxID: id}, time.Time{})
}

// EnqueueMail is enqueue for callers outside the store that hold their own transaction.
func (s *Store) EnqueueMail(ctx context.Context, tx pgx.Tx, to, subject, text, html string) error {
	if strings.TrimSpace(to) == "" {
		return errors.New("store: enqueue mail: no recipient")
	}
	return enqueue(ctx, tx, mail.Message{To: to, Subject: subject, Text: text, HTML: html})
}

// FindMail returns one outbox message. ErrNotFound when there is none.
func (s *Store) FindMail(ctx context.Context, id int64) (Mail, error) {
	m, err := scanMail(s.Pool.QueryRow(ctx, `SELECT `+mailColumns+` FROM outbox WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return m, ErrNotFound
	}
	if err != nil {
		return m, fmt.Errorf("store: find mail %d: %w", id, err)
	}
	return m, nil
}

// Delivery is the outcome of one attempt to send an outbox message.
type Delivery struct {
	MailID  int64
	Attempt int   // the attempt that ended (river's job attempt, from 1)
	Err     error // nil when the message went out
	Final   bool  // a failure that ends the tries
	At      time.Time
	// Complete completes the delivery job inside the transaction that marks the message sent (river's
	// JobCompleteTx); ErrJobLost when the job is no longer this run's.
	Complete func(ctx context.Context, tx pgx.Tx) error
	// DropBody forgets the body once the message is sent (production): its links and codes are in the
	// recipient's mailbox now and nowhere else.
	DropBody bool
}

// RecordDelivery writes what became of a delivery attempt, and is the only writer of an outbox row's state:
// sent (with the job completed in the same transaction, so a message marked sent is never sent again), or
// the failure (attempts, a short error text) with the message still 'pending' for river's next try, or
// 'failed' after the last one. A row no longer pending is left as it is.
func (s *Store) RecordDelivery(ctx context.Context, d Delivery) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if d.Err == nil {
			// With the body, an Anonim reporter's address goes (mail.Message.Rahasia).
			if _, err := tx.Exec(ctx, `UPDATE outbox SET state = 'sent', sent_at = $2, attempts = $3, last_error = NULL,
					body_text = CASE WHEN $4 THEN NULL ELSE body_text END, body_html = CASE WHEN $4 THEN NULL ELSE body_html END,
					to_address = CASE WHEN $4 AND rahasia THEN $5 ELSE to_address END
				WHERE id = $1 AND state = 'pending'`, d.MailID, d.At, d.Attempt, d.DropBody, AlamatDihapus); err != nil {
				return fmt.Errorf("store: mark mail %d sent: %w", d.MailID, err)
			}
			return d.Complete(ctx, tx)
		}
		state := MailPending
		if d.Final {
			state = MailFailed
		}
		if _, err := tx.Exec(ctx, `UPDATE outbox SET state = $2, attempts = $3, last_error = $4 WHERE id = $1 AND state = 'pending'`,
			d.MailID, state, d.Attempt, shortError(d.Err)); err != nil {
			return fmt.Errorf("store: record mail %d failure: %w", d.MailID, err)
		}
		return nil
	})
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
