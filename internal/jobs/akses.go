package jobs

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/bappenas/portal-regsosek/internal/sepakat"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// The Tahap 4–6 workers: the Sepakat calls for one account, the warning and the expiry of an access, and
// the opening of Tahap 4.

// complete returns the function that completes job inside the transaction of its effects.
func complete[T river.JobArgs](job *river.Job[T]) func(context.Context, pgx.Tx) error {
	return func(ctx context.Context, tx pgx.Tx) error {
		_, err := river.JobCompleteTx[*riverpgxv5.Driver](ctx, tx, job)
		if errors.Is(err, rivertype.ErrNotFound) {
			return store.ErrJobLost
		}
		return err
	}
}

// run runs a Sepakat or access job and decides how a failure ends: retried by river after RetryDelay, or
// stopped (a refusal, or the last attempt) with its message left on the account for staff, who may
// "Coba Lagi" (store.RetryAccount).
func run[T store.JobKind](ctx context.Context, c *Config, job *river.Job[T]) error {
	j := store.Job{ID: job.ID, Kind: job.Kind, Key: job.Args.Key(), Args: job.Args.Fields(), Attempt: job.Attempt,
		MaxAttempts: job.MaxAttempts, Complete: complete(job)}
	err := c.do(ctx, j)
	if err == nil || errors.Is(err, store.ErrJobLost) {
		// A lost job's transaction was rolled back: the run that holds it now does the work.
		return nil
	}
	if early, ok := errors.AsType[*store.NotDueError](err); ok {
		return river.JobSnooze(max(early.Until.Sub(c.now()), time.Second))
	}
	permanent := sepakat.Permanent(err)
	// Log the job and the error only: adapter errors carry no request body, and store errors no values.
	c.log().Warn("job failed", "job_id", j.ID, "kind", j.Kind, "attempt", j.Attempt, "permanent", permanent, "err", err)
	if !permanent && j.Attempt < j.MaxAttempts {
		return err
	}
	if ferr := c.Store.FailJob(ctx, j, c.now(), failMessage(err)); ferr != nil {
		return ferr
	}
	if permanent {
		return river.JobCancel(err)
	}
	return err
}

// failMessage is what staff read about a stopped job.
func failMessage(err error) string {
	var se *sepakat.Error
	if !errors.As(err, &se) {
		return err.Error()
	}
	if se.Status != 0 {
		return "Sepakat menjawab " + strconv.Itoa(se.Status) + ": " + se.Message
	}
	return se.Message
}

// do is one run of a Tahap 4–6 job. Each kind checks first whether it still applies: a job overtaken by a
// later change of the access (its akses_versi) completes without calling Sepakat.
func (c *Config) do(ctx context.Context, j store.Job) error {
	now := c.now()
	switch j.Kind {
	case store.JobAksesPeringatan:
		return c.Store.RunWarning(ctx, j, now)
	case store.JobAksesBerakhir:
		return c.Store.RunExpiry(ctx, j, now)
	case store.JobAkunPeringatan:
		return c.Store.RunRowWarning(ctx, j, now)
	case store.JobAkunBerakhir:
		return c.Store.RunRowExpiry(ctx, j, now)
	case store.JobPemusnahanPengingat:
		return c.Store.RunPemusnahanReminder(ctx, j, now)
	}
	acc, err := c.Store.AccountForJob(ctx, j.Args.AkunID, j.Kind == store.JobAkunKataSandi)
	if errors.Is(err, store.ErrNotFound) {
		return c.Store.CompleteJob(ctx, j, now)
	}
	if err != nil {
		return err
	}
	// A job of an account's older version (issue 13), or — for jobs enqueued before accounts had versions —
	// of the permohonan's older version, was overtaken by a later change.
	stale := j.Args.Versi != 0 && acc.PermohonanVer > j.Args.Versi
	if j.Args.AkunVersi != 0 {
		stale = acc.AkunVersi > j.Args.AkunVersi
	}
	switch j.Kind {
	case store.JobAkunBuat:
		if acc.State != "disiapkan" && acc.State != "gagal" {
			return c.Store.CompleteJob(ctx, j, now)
		}
		id, err := c.Sepakat.Create(ctx, j.IdempotencyKey(), acc.Account)
		if err != nil {
			return err
		}
		return c.Store.CompleteProvision(ctx, j, id, c.now())
	case store.JobAkunPerpanjang:
		until, err := time.ParseInLocation(time.DateOnly, j.Args.Sampai, time.UTC)
		if err != nil || stale || acc.State == "dicabut" {
			return c.Store.CompleteJob(ctx, j, now)
		}
		if err := c.Sepakat.Extend(ctx, j.IdempotencyKey(), acc.Account.Username, until); err != nil {
			return err
		}
		return c.Store.CompleteExtend(ctx, j, c.now())
	case store.JobAkunCabut:
		if stale && acc.State == "aktif" {
			return c.Store.CompleteJob(ctx, j, now)
		}
		if err := c.Sepakat.Revoke(ctx, j.IdempotencyKey(), acc.Account.Username, j.Args.Alasan); err != nil {
			return err
		}
		return c.Store.CompleteRevoke(ctx, j, c.now())
	case store.JobAkunKataSandi:
		if !acc.HasNewPassword || acc.PasswordSeq != j.Args.Gen || acc.State != "aktif" {
			return c.Store.CompleteJob(ctx, j, now)
		}
		if err := c.Sepakat.SetPassword(ctx, j.IdempotencyKey(), acc.Account.Username, acc.Account.Password); err != nil {
			return err
		}
		return c.Store.CompleteSetPassword(ctx, j, c.now())
	}
	return &sepakat.Error{Op: j.Kind, Message: "jenis pekerjaan tidak dikenal"}
}

// bukaTahap4 moves an approved permohonan (or, for the periodic sweep, every one) to Tahap 4. It needs no
// JobCompleteTx: the move is guarded by the permohonan's state, so a second run finds nothing to do.
func (c *Config) bukaTahap4(ctx context.Context, job *river.Job[store.BukaTahap4Args]) error {
	_, err := c.Store.AdvanceApproved(ctx, job.Args.PermohonanID, c.now())
	return err
}
