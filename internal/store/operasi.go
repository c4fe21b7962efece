package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
)

// What the operations team watches (issue 14 item 9): the numbers /metrics publishes, and the admin's page of
// emails and jobs that failed, with a retry.

// OpsStats are the backlog figures of one moment.
type OpsStats struct {
	MailPending, MailSent, MailFailed int64
	// MailRetrying counts emails still pending after at least one failed attempt.
	MailRetrying int64
	// OldestPendingMail is the age of the oldest email not yet sent; 0 when none waits.
	OldestPendingMail time.Duration
	// Jobs counts river jobs by kind and state, completed ones aside.
	Jobs map[JobKey]int64
}

// JobKey names a kind of job in a state.
type JobKey struct{ Kind, State string }

// Stats reads the backlog: emails by state, the oldest waiting, and river jobs by kind and state.
func (s *Store) Stats(ctx context.Context, now time.Time) (OpsStats, error) {
	st := OpsStats{Jobs: map[JobKey]int64{}}
	var oldest *time.Time
	err := s.Pool.QueryRow(ctx, `SELECT
			count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'sent'), count(*) FILTER (WHERE state = 'failed'),
			count(*) FILTER (WHERE state = 'pending' AND attempts > 0), min(created_at) FILTER (WHERE state = 'pending')
		FROM outbox`).Scan(&st.MailPending, &st.MailSent, &st.MailFailed, &st.MailRetrying, &oldest)
	if err != nil {
		return st, fmt.Errorf("store: stats: %w", err)
	}
	if oldest != nil && now.After(*oldest) {
		st.OldestPendingMail = now.Sub(*oldest)
	}
	rows, err := s.Pool.Query(ctx, "SELECT kind, state::text, count(*) FROM river_job WHERE state <> 'completed' GROUP BY kind, state")
	if err != nil {
		return st, fmt.Errorf("store: stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k JobKey
		var n int64
		if err := rows.Scan(&k.Kind, &k.State, &n); err != nil {
			return st, fmt.Errorf("store: stats: %w", err)
		}
		st.Jobs[k] = n
	}
	return st, rows.Err()
}

// FailingMail lists, newest first, the emails that failed for good and those still retrying after a failure.
func (s *Store) FailingMail(ctx context.Context, limit int) ([]Mail, error) {
	rows, err := s.Pool.Query(ctx, `SELECT `+mailColumns+` FROM outbox
		WHERE state = 'failed' OR (state = 'pending' AND attempts > 0) ORDER BY created_at DESC, id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: failing mail: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Mail, error) { return scanMail(row) })
	if err != nil {
		return nil, fmt.Errorf("store: failing mail: %w", err)
	}
	return list, nil
}

// JobRecord is a background job that stopped or is retrying, as the operations page lists it.
type JobRecord struct {
	ID           int64
	Kind         string
	State        string
	Attempt      int
	MaxAttempts  int
	LastError    string
	At           time.Time // when it stopped, or when it runs next
	PermohonanID int64     // the permohonan its work is for, when it names one
}

// Job kinds the operations page leaves to the page that owns their work: an email is retried as an email
// (RetryMail), and a Sepakat call from the permohonan's access page, where the account's state goes back with it.
var ownedJobKinds = []string{JobKirimSurel, JobAkunBuat, JobAkunPerpanjang, JobAkunCabut, JobAkunKataSandi}

// Retryable reports whether the operations page may retry this job itself.
func (j JobRecord) Retryable() bool {
	return !slices.Contains(ownedJobKinds, j.Kind) && (j.State == "discarded" || j.State == "cancelled" || j.State == "retryable")
}

// StoppedJobs lists, newest first, the jobs that stopped (discarded after their last attempt, or cancelled)
// and those waiting for a retry after a failure; emails aside (FailingMail lists them).
func (s *Store) StoppedJobs(ctx context.Context, limit int) ([]JobRecord, error) {
	rows, err := s.Pool.Query(ctx, `SELECT id, kind, state::text, attempt, max_attempts,
			coalesce(errors[array_length(errors, 1)]->>'error', ''), coalesce(finalized_at, scheduled_at),
			coalesce((args->>'permohonan_id')::bigint, 0)
		FROM river_job WHERE state IN ('discarded', 'cancelled', 'retryable') AND kind <> $2
		ORDER BY coalesce(finalized_at, scheduled_at) DESC, id DESC LIMIT $1`, limit, JobKirimSurel)
	if err != nil {
		return nil, fmt.Errorf("store: stopped jobs: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[JobRecord])
	if err != nil {
		return nil, fmt.Errorf("store: stopped jobs: %w", err)
	}
	return list, nil
}

// ErrNotRetryable is returned for a job or email the operations page may not retry (it is not stopped, or
// its own page retries it).
var ErrNotRetryable = errors.New("store: not retryable from the operations page")

// RetryMail sends a failed email back to pending, with its delivery job from its first attempt, due at now,
// and records who did it. Only an email that failed for good may be retried; its body is still there (a body
// goes only after delivery).
func (s *Store) RetryMail(ctx context.Context, id int64, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE outbox SET state = 'pending', last_error = NULL, attempts = 0 WHERE id = $1 AND state = 'failed'", id)
		if err != nil {
			return fmt.Errorf("store: retry mail %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotRetryable
		}
		if err := retryJobs(ctx, tx, now, "kind = $1 AND (args->>'outbox_id')::bigint = $2", JobKirimSurel, id); err != nil {
			return err
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "surel.kirim_ulang", ObjectType: "outbox", ObjectID: id})
	})
}

// RetryJob sends a stopped job back to work from its first attempt, due at now (a retrying one runs at once),
// and records who did it; ErrNotRetryable for the kinds their own pages retry.
func (s *Store) RetryJob(ctx context.Context, id int64, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var j JobRecord
		err := tx.QueryRow(ctx, "SELECT id, kind, state::text FROM river_job WHERE id = $1 FOR UPDATE", id).Scan(&j.ID, &j.Kind, &j.State)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: retry job %d: %w", id, err)
		}
		if !j.Retryable() {
			return ErrNotRetryable
		}
		// River makes the job available (JobRetryTx); it then starts again from its first attempt, due now.
		if _, err := jobs.JobRetryTx(ctx, tx, id); err != nil {
			return fmt.Errorf("store: retry job %d: %w", id, err)
		}
		if _, err := tx.Exec(ctx, "UPDATE river_job SET attempt = 0, scheduled_at = $2 WHERE id = $1 AND state = 'available'", id, now); err != nil {
			return fmt.Errorf("store: retry job %d: %w", id, err)
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "job.coba_lagi", ObjectType: "river_job", ObjectID: id,
			Detail: map[string]any{"kind": j.Kind}})
	})
}
