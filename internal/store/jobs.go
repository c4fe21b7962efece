package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/request"
)

// Background work is river jobs (riverqueue/river), written into river_job by the transaction of the change
// that causes them, so a job exists if and only if its change commits. The store only writes jobs and, in
// the transaction of a job's effects, completes it; internal/jobs has the workers and runs them.

// Job kinds: Sepakat calls for one account, the scheduled steps of an access, the opening of Tahap 4 after
// an approval, and the delivery of one email.
const (
	JobAkunBuat        = "akun_buat"
	JobAkunPerpanjang  = "akun_perpanjang"
	JobAkunCabut       = "akun_cabut"
	JobAkunKataSandi   = "akun_kata_sandi"
	JobAksesPeringatan = "akses_peringatan"
	JobAksesBerakhir   = "akses_berakhir"
	JobBukaTahap4      = "buka_tahap4"
	JobKirimSurel      = "kirim_surel"
)

// QueueSurel is the river queue of email delivery, apart from the default queue of the other kinds, so a
// slow Sepakat never holds mail up.
const QueueSurel = "surel"

// MaxJobAttempts is how often a job runs before it stops: with retries 30 s apart, doubling, at most an hour
// apart (internal/jobs), about three hours of tries.
const MaxJobAttempts = 10

// Typed args of the Tahap 4–6 kinds: ids and dates only, never a password or a token. The `river:"unique"`
// fields identify the job: a second job with the same ones is not added (river UniqueOpts.ByArgs).

// AkunBuatArgs creates an account in Sepakat.
type AkunBuatArgs struct {
	AkunID       int64 `json:"akun_id" river:"unique"` // an akses_akun
	PermohonanID int64 `json:"permohonan_id"`
}

// AkunPerpanjangArgs extends an account in Sepakat (and re-opens it when it was closed at its end).
type AkunPerpanjangArgs struct {
	AkunID       int64  `json:"akun_id" river:"unique"`
	PermohonanID int64  `json:"permohonan_id"`
	Versi        int    `json:"versi" river:"unique"` // the permohonan's akses_versi when enqueued
	Sampai       string `json:"sampai"`               // YYYY-MM-DD
	// AkunVersi is the account's own version when enqueued (issue 13; 0 in jobs enqueued before it).
	AkunVersi int `json:"akun_versi,omitempty" river:"unique"`
}

// AkunCabutArgs closes an account in Sepakat; Alasan is a reason code (dicabut, kedaluwarsa, enam_bulan).
type AkunCabutArgs struct {
	AkunID       int64  `json:"akun_id" river:"unique"`
	PermohonanID int64  `json:"permohonan_id"`
	Versi        int    `json:"versi" river:"unique"`
	Alasan       string `json:"alasan"`
	AkunVersi    int    `json:"akun_versi,omitempty" river:"unique"`
	// Lanjut is the account that replaces this one (Penggantian Operator): its creation is enqueued when
	// Sepakat has closed this one, in the transaction that records it, so the two are never open together.
	Lanjut int64 `json:"lanjut,omitempty"`
}

// AkunKataSandiArgs sets a re-issued password in Sepakat; Gen is the generation being set.
type AkunKataSandiArgs struct {
	AkunID int64 `json:"akun_id" river:"unique"`
	Gen    int   `json:"gen" river:"unique"`
}

// AksesPeringatanArgs warns the registrator 30 days before the end in force of version Versi.
type AksesPeringatanArgs struct {
	PermohonanID int64  `json:"permohonan_id" river:"unique"`
	Versi        int    `json:"versi" river:"unique"`
	Sampai       string `json:"sampai"`
}

// AksesBerakhirArgs ends the access at the end in force of version Versi.
type AksesBerakhirArgs struct {
	PermohonanID int64  `json:"permohonan_id" river:"unique"`
	Versi        int    `json:"versi" river:"unique"`
	Sampai       string `json:"sampai"`
}

// BukaTahap4Args moves an approved permohonan to Tahap 4; with no PermohonanID, every approved one (the
// periodic sweep).
type BukaTahap4Args struct {
	PermohonanID int64 `json:"permohonan_id,omitempty"`
}

// MailArgs delivers one outbox row.
type MailArgs struct {
	OutboxID int64 `json:"outbox_id"`
}

// Kind names each job kind for river.
func (AkunBuatArgs) Kind() string        { return JobAkunBuat }
func (AkunPerpanjangArgs) Kind() string  { return JobAkunPerpanjang }
func (AkunCabutArgs) Kind() string       { return JobAkunCabut }
func (AkunKataSandiArgs) Kind() string   { return JobAkunKataSandi }
func (AksesPeringatanArgs) Kind() string { return JobAksesPeringatan }
func (AksesBerakhirArgs) Kind() string   { return JobAksesBerakhir }
func (BukaTahap4Args) Kind() string      { return JobBukaTahap4 }
func (MailArgs) Kind() string            { return JobKirimSurel }

// InsertOpts puts email on its own queue.
func (MailArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: QueueSurel} }

// jobKey is kind:id followed by rest, the format of the portal's earlier job table.
func jobKey(kind string, id int64, rest string) string { return kind + ":" + itoa64(id) + rest }

func versi(n int) string { return ":v" + strconv.Itoa(n) }

// Key is the job's identity, the same on every retry; the idempotency key sent to Sepakat is made from it.
func (a AkunBuatArgs) Key() string { return jobKey(JobAkunBuat, a.AkunID, "") }
func (a AkunPerpanjangArgs) Key() string {
	return jobKey(JobAkunPerpanjang, a.AkunID, versi(a.Versi)+akunVersi(a.AkunVersi))
}
func (a AkunCabutArgs) Key() string {
	return jobKey(JobAkunCabut, a.AkunID, versi(a.Versi)+akunVersi(a.AkunVersi))
}
func (a AkunKataSandiArgs) Key() string {
	return jobKey(JobAkunKataSandi, a.AkunID, ":"+strconv.Itoa(a.Gen))
}
func (a AksesPeringatanArgs) Key() string {
	return jobKey(JobAksesPeringatan, a.PermohonanID, versi(a.Versi))
}
func (a AksesBerakhirArgs) Key() string {
	return jobKey(JobAksesBerakhir, a.PermohonanID, versi(a.Versi))
}

// Fields returns the args as the store's job functions read them.
func (a AkunBuatArgs) Fields() JobArgs {
	return JobArgs{AkunID: a.AkunID, PermohonanID: a.PermohonanID}
}
func (a AkunPerpanjangArgs) Fields() JobArgs {
	return JobArgs{AkunID: a.AkunID, PermohonanID: a.PermohonanID, Versi: a.Versi, Sampai: a.Sampai, AkunVersi: a.AkunVersi}
}
func (a AkunCabutArgs) Fields() JobArgs {
	return JobArgs{AkunID: a.AkunID, PermohonanID: a.PermohonanID, Versi: a.Versi, Alasan: a.Alasan, AkunVersi: a.AkunVersi, Lanjut: a.Lanjut}
}
func (a AkunKataSandiArgs) Fields() JobArgs { return JobArgs{AkunID: a.AkunID, Gen: a.Gen} }
func (a AksesPeringatanArgs) Fields() JobArgs {
	return JobArgs{PermohonanID: a.PermohonanID, Versi: a.Versi, Sampai: a.Sampai}
}
func (a AksesBerakhirArgs) Fields() JobArgs {
	return JobArgs{PermohonanID: a.PermohonanID, Versi: a.Versi, Sampai: a.Sampai}
}

// JobKind is what the Tahap 4–6 args have in common: a river kind, an identity, and the fields.
type JobKind interface {
	river.JobArgs
	Key() string
	Fields() JobArgs
}

// JobArgs are the fields of any Tahap 4–6 job, as the store's job functions read them.
type JobArgs struct {
	PermohonanID int64
	AkunID       int64
	Versi        int
	Gen          int
	Sampai       string
	Alasan       string
	AkunVersi    int   // the account's own version (issue 13); 0: judge staleness by Versi
	Lanjut       int64 // the account to create once this one is closed
	PemusnahanID int64
}

// Job is a Tahap 4–6 job being run.
type Job struct {
	ID          int64
	Kind        string
	Key         string
	Args        JobArgs
	Attempt     int
	MaxAttempts int
	// Complete marks the job completed inside tx, the transaction that applies its effects (river's
	// JobCompleteTx), so its effects and its completion commit together. It returns ErrJobLost when the job is
	// no longer this run's to complete.
	Complete func(ctx context.Context, tx pgx.Tx) error
}

// IdempotencyKey is the key the job sends to the Sepakat adapter: the same on every retry.
func (j Job) IdempotencyKey() string { return "portal-regsosek/" + j.Key }

// ErrJobLost is returned when a run tries to complete a job that is no longer running as far as river
// knows (river's rescuer gave it to another run, or it was cancelled): the transaction is rolled back, so
// only the other run's work counts.
var ErrJobLost = errors.New("store: job taken over by another run")

// jobs writes river jobs through the caller's transaction (InsertTx, JobCancelTx, JobRetryTx). It is an
// insert-only client without a pool, which river allows for exactly this: the helpers that enqueue hold a
// transaction but no Store, and a transaction is all these calls use. The client started by `portal serve`
// (internal/jobs) works what it writes.
var jobs = func() *river.Client[pgx.Tx] {
	c, err := river.NewClient(riverpgxv5.New(nil), &river.Config{
		MaxAttempts: MaxJobAttempts,
		Middleware:  []rivertype.Middleware{dueNow},
	})
	if err != nil {
		panic("store: river client: " + err.Error())
	}
	return c
}()

// dueNow lets a job given a ScheduledAt that has come go straight to 'available' (river would leave it
// 'scheduled' until its scheduler's next round, seconds later), so the serving client, woken by river's
// insert notification, runs it at once. The time stays the one given: a test's clock decides when it is due.
var dueNow = river.JobInsertMiddlewareFunc(func(ctx context.Context, params []*rivertype.JobInsertParams,
	doInner func(context.Context) ([]*rivertype.JobInsertResult, error)) ([]*rivertype.JobInsertResult, error) {
	for _, p := range params {
		if p.State == rivertype.JobStateScheduled && p.ScheduledAt != nil && !p.ScheduledAt.After(time.Now()) {
			p.State = rivertype.JobStateAvailable
		}
	}
	return doInner(ctx)
})

// insertJob adds a river job inside tx, due at runAt (the caller's clock), or at once by the database's
// clock when runAt is zero. A Tahap 4–6 job with the identity of one already there (the args' unique
// fields) is not added twice.
func insertJob(ctx context.Context, tx pgx.Tx, args river.JobArgs, runAt time.Time) error {
	opts := &river.InsertOpts{ScheduledAt: runAt}
	if _, ok := args.(JobKind); ok {
		opts.UniqueOpts = river.UniqueOpts{ByArgs: true}
	}
	if _, err := jobs.InsertTx(ctx, tx, args, opts); err != nil {
		return fmt.Errorf("store: enqueue %s: %w", args.Kind(), err)
	}
	return nil
}

// enqueueJob adds a Tahap 4–6 job inside tx, due at runAt.
func enqueueJob(ctx context.Context, tx pgx.Tx, args JobKind, runAt time.Time) error {
	return insertJob(ctx, tx, args, runAt)
}

// finishJob completes a job inside tx, the transaction that applies its effects. It returns ErrJobLost
// when this run no longer holds it.
func finishJob(ctx context.Context, tx pgx.Tx, j Job, _ time.Time) error {
	return j.Complete(ctx, tx)
}

// NotDueError is a job that came before its time: the access it ends still runs until Until. It is not
// completed — completing it would leave nothing to end the access — but run again then (river's snooze,
// internal/jobs). River decides a job is due by the database's clock and the job judges by the portal's,
// so a host whose clock is a little behind the database's meets one now and then.
type NotDueError struct{ Until time.Time }

func (e *NotDueError) Error() string {
	return "store: job not due until " + e.Until.Format(time.RFC3339)
}

// CompleteJob completes a job that had nothing more to write (its work was already done or no longer
// applies).
func (s *Store) CompleteJob(ctx context.Context, j Job, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error { return finishJob(ctx, tx, j, now) })
}

// FailJob records a job that stops (a refusal, or its last attempt failed) where staff see it: the message
// goes on the account, a failed creation marks it 'gagal', and the audit log says so. msg must hold no
// secret. River records the job's own state.
func (s *Store) FailJob(ctx context.Context, j Job, now time.Time, msg string) error {
	if j.Args.AkunID == 0 {
		return nil
	}
	msg = shortError(errors.New(msg))
	detail := map[string]any{"job": j.Kind, "job_id": j.ID}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if j.Kind == JobAkunBuat {
			// A creation that stops marks a prepared account failed, where the operator sepakat sees it.
			err := transitionAksesAkun(ctx, tx, j.Args.AkunID, request.AkunGagalDibuat, rowMove{actor: account.Sistem,
				action: "akses.job_gagal", detail: detail, cols: cols{}.set("last_error", msg)})
			if !errors.Is(err, ErrConflict) {
				return err
			}
		}
		if _, err := tx.Exec(ctx, "UPDATE akses_akun SET last_error = $2, updated_at = $3 WHERE id = $1", j.Args.AkunID, msg, now); err != nil {
			return fmt.Errorf("store: fail job %d: %w", j.ID, err)
		}
		return audit(ctx, tx, account.Actor{Kind: account.ActorSistem}, AuditEntry{Action: "akses.job_gagal", ObjectType: "akses_akun", ObjectID: j.Args.AkunID,
			Detail: detail})
	})
}

// jobIDs returns the ids of the river jobs a guarded query selects (WHERE ... on river_job), for a river
// call on each.
func jobIDs(ctx context.Context, tx pgx.Tx, where string, args ...any) ([]int64, error) {
	rows, err := tx.Query(ctx, "SELECT id FROM river_job WHERE "+where+" ORDER BY id FOR UPDATE", args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// cancelJobs cancels, through river, the jobs waiting that a guarded query selects.
func cancelJobs(ctx context.Context, tx pgx.Tx, where string, args ...any) error {
	ids, err := jobIDs(ctx, tx, "state IN ('available', 'scheduled', 'retryable') AND "+where, args...)
	if err != nil {
		return fmt.Errorf("store: cancel jobs: %w", err)
	}
	for _, id := range ids {
		if _, err := jobs.JobCancelTx(ctx, tx, id); err != nil {
			return fmt.Errorf("store: cancel job %d: %w", id, err)
		}
	}
	return nil
}

// retryJobs sends the stopped jobs a guarded query selects back to work through river (JobRetryTx), due at
// now and from the first attempt again, as if new: the person retrying expects the full round of tries.
func retryJobs(ctx context.Context, tx pgx.Tx, now time.Time, where string, args ...any) error {
	ids, err := jobIDs(ctx, tx, "state IN ('cancelled', 'discarded') AND "+where, args...)
	if err != nil {
		return fmt.Errorf("store: retry jobs: %w", err)
	}
	for _, id := range ids {
		if _, err := jobs.JobRetryTx(ctx, tx, id); err != nil {
			return fmt.Errorf("store: retry job %d: %w", id, err)
		}
		// JobRetry keeps the attempt count and makes the job due by the database's clock; the caller's clock
		// decides (tests move it). The guard leaves alone a job another run has taken meanwhile.
		if _, err := tx.Exec(ctx, "UPDATE river_job SET attempt = 0, scheduled_at = $2 WHERE id = $1 AND state = 'available'", id, now); err != nil {
			return fmt.Errorf("store: retry job %d: %w", id, err)
		}
	}
	return nil
}
