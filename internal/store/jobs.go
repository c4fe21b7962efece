package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Job kinds: Sepakat calls for one account, and the scheduled steps of an access.
const (
	JobAkunBuat        = "akun_buat"
	JobAkunPerpanjang  = "akun_perpanjang"
	JobAkunCabut       = "akun_cabut"
	JobAkunKataSandi   = "akun_kata_sandi"
	JobAksesPeringatan = "akses_peringatan"
	JobAksesBerakhir   = "akses_berakhir"
)

// JobArgs are a job's arguments: ids and dates only, never a password or a token.
type JobArgs struct {
	PermohonanID int64  `json:"permohonan_id,omitempty"`
	AkunID       int64  `json:"akun_id,omitempty"` // an akses_akun
	Versi        int    `json:"versi,omitempty"`   // the permohonan's akses_versi when enqueued
	Gen          int    `json:"gen,omitempty"`     // the password generation being set
	Sampai       string `json:"sampai,omitempty"`  // a date, YYYY-MM-DD
	Alasan       string `json:"alasan,omitempty"`
}

// Job is a claimed job.
type Job struct {
	ID          int64
	Kind        string
	Key         string
	Args        JobArgs
	Attempt     int
	MaxAttempts int
}

// IdempotencyKey is the key the job sends to the Sepakat adapter: the same on every retry.
func (j Job) IdempotencyKey() string { return "portal-regsosek/" + j.Key }

// ErrJobLost is returned when a job's run tries to finish after its lease ran out and another run took it
// over: the transaction is rolled back, so the other run's work is the only one that counts.
var ErrJobLost = errors.New("store: job taken over by another run")

// enqueueJob adds a job inside tx, due at runAt. A job with the same key is not added twice.
func enqueueJob(ctx context.Context, tx pgx.Tx, kind, key string, args JobArgs, runAt, now time.Time) error {
	raw, err := json.Marshal(args)
	if err != nil {
		return fmt.Errorf("store: enqueue job: %w", err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO jobs (kind, unique_key, args, run_at, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (unique_key) DO NOTHING`, kind, key, raw, runAt, now)
	if err != nil {
		return fmt.Errorf("store: enqueue job %s: %w", key, err)
	}
	return nil
}

// ClaimJob takes the next job due at now, or one whose run died (its lease ran out), and holds it for
// lease. It returns nil when nothing is due. Rows are claimed with FOR UPDATE SKIP LOCKED, so instances
// polling together never take the same job.
func (s *Store) ClaimJob(ctx context.Context, now time.Time, lease time.Duration) (*Job, error) {
	var j Job
	var raw []byte
	err := s.Pool.QueryRow(ctx, `UPDATE jobs SET state = 'running', attempt = attempt + 1, lease_until = $1::timestamptz + $2::interval
		WHERE id = (SELECT id FROM jobs WHERE (state = 'available' AND run_at <= $1) OR (state = 'running' AND lease_until < $1)
			ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
		RETURNING id, kind, unique_key, args, attempt, max_attempts`, now, lease).
		Scan(&j.ID, &j.Kind, &j.Key, &raw, &j.Attempt, &j.MaxAttempts)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: claim job: %w", err)
	}
	if err := json.Unmarshal(raw, &j.Args); err != nil {
		return nil, fmt.Errorf("store: job %d args: %w", j.ID, err)
	}
	return &j, nil
}

// finishJob marks a claimed job completed inside tx, the transaction that applies its effects. It
// returns ErrJobLost when this run no longer holds it.
func finishJob(ctx context.Context, tx pgx.Tx, j Job, now time.Time) error {
	tag, err := tx.Exec(ctx, `UPDATE jobs SET state = 'completed', lease_until = NULL, finalized_at = $3, last_error = NULL
		WHERE id = $1 AND state = 'running' AND attempt = $2`, j.ID, j.Attempt, now)
	if err != nil {
		return fmt.Errorf("store: finish job %d: %w", j.ID, err)
	}
	if tag.RowsAffected() != 1 {
		return ErrJobLost
	}
	return nil
}

// CompleteJob marks a job done that had nothing more to write (its work was already done or no longer
// applies).
func (s *Store) CompleteJob(ctx context.Context, j Job, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error { return finishJob(ctx, tx, j, now) })
}

// JobRetryDelay is the wait before the n-th retry of a job: 30 s, doubling, at most an hour.
func JobRetryDelay(n int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < n && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// FailJob records a failed run: the job is tried again after JobRetryDelay, or stops ('failed') when the
// failure is permanent or it ran out of attempts. A stopped job of an account leaves its message on the
// account (and a failed creation marks it 'gagal'), where staff see it. msg must hold no secret.
func (s *Store) FailJob(ctx context.Context, j Job, now time.Time, msg string, permanent bool) error {
	msg = shortError(errors.New(msg))
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var state string
		err := tx.QueryRow(ctx, `UPDATE jobs SET state = CASE WHEN $3 OR attempt >= max_attempts THEN 'failed' ELSE 'available' END,
				run_at = $4::timestamptz + $5::interval, lease_until = NULL, last_error = $6,
				finalized_at = CASE WHEN $3 OR attempt >= max_attempts THEN $4::timestamptz END
			WHERE id = $1 AND state = 'running' AND attempt = $2 RETURNING state`,
			j.ID, j.Attempt, permanent, now, JobRetryDelay(j.Attempt), msg).Scan(&state)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrJobLost
		}
		if err != nil {
			return fmt.Errorf("store: fail job %d: %w", j.ID, err)
		}
		if state != "failed" || j.Args.AkunID == 0 {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE akses_akun SET last_error = $2, updated_at = $3,
				state = CASE WHEN $4 = 'akun_buat' AND state = 'disiapkan' THEN 'gagal' ELSE state END WHERE id = $1`,
			j.Args.AkunID, msg, now, j.Kind); err != nil {
			return fmt.Errorf("store: fail job %d: %w", j.ID, err)
		}
		return audit(ctx, tx, Actor{Kind: ActorSistem}, AuditEntry{Action: "akses.job_gagal", ObjectType: "akses_akun", ObjectID: j.Args.AkunID,
			Detail: map[string]any{"job": j.Kind, "job_id": j.ID}})
	})
}
