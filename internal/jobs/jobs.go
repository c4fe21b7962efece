// Package jobs runs the portal's durable background work on PostgreSQL: the Sepakat calls of Tahap 5–6
// (create, extend, revoke, set a re-issued password), the 30-day warning and the expiry of access, and the
// sweep that opens Tahap 4 for approved permohonan. Jobs live in the jobs table (store/jobs.go), written in
// the transaction of the change that needs them and claimed with FOR UPDATE SKIP LOCKED, so each runs once
// however many instances run `portal serve`. A claimed job holds a lease; when a run dies mid-way the lease
// runs out and the job runs again, sending Sepakat the same idempotency key, and writes its effects (and
// emails) in one transaction that only the run holding the lease can commit.
package jobs

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/sepakat"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// Runner claims and runs due jobs. Now is its clock, so tests control time.
type Runner struct {
	Store   *store.Store
	Sepakat sepakat.Provisioner
	Keys    *crypt.Keyring
	// Secret keys the HMAC stored in place of a credentials link's token (config SESSION_SECRET).
	Secret []byte
	Mail   store.AksesMailer
	Now    func() time.Time
	Log    *slog.Logger
	// Lease is how long a run holds a job before another may take it over (default 5 minutes).
	Lease time.Duration
	// Poll is the wait between rounds when nothing kicks the runner (default 5 seconds).
	Poll time.Duration
	// KickMail wakes the mail worker after a round that wrote emails.
	KickMail func()

	kick chan struct{}
}

// TokenKind is the HMAC domain of credentials link tokens.
const TokenKind = "akses-sepakat"

func (r *Runner) init() {
	if r.kick == nil {
		r.kick = make(chan struct{}, 1)
	}
	if r.Lease <= 0 {
		r.Lease = 5 * time.Minute
	}
	if r.Poll <= 0 {
		r.Poll = 5 * time.Second
	}
	if r.Now == nil {
		r.Now = time.Now
	}
	if r.Log == nil {
		r.Log = slog.New(slog.DiscardHandler)
	}
}

// New returns a runner ready for Run and Kick.
func New(r Runner) *Runner {
	r.init()
	return &r
}

// Kick asks the runner to look for work now (after a handler enqueued a job).
func (r *Runner) Kick() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// Run works until ctx ends: a round, then a wait for Poll or a Kick.
func (r *Runner) Run(ctx context.Context) {
	t := time.NewTicker(r.Poll)
	defer t.Stop()
	for {
		if _, err := r.RunDue(ctx); err != nil && ctx.Err() == nil {
			r.Log.Error("jobs round", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-r.kick:
		}
	}
}

// RunDue does one round: approved permohonan move to Tahap 4, then every job due at Now runs, one at a
// time, until none is left. It returns how many jobs ran (successfully or not).
func (r *Runner) RunDue(ctx context.Context) (int, error) {
	moved, err := r.Store.AdvanceApproved(ctx, r.Mail, r.Now())
	if err != nil {
		return 0, err
	}
	mailed := moved > 0
	n := 0
	for ctx.Err() == nil {
		j, err := r.Store.ClaimJob(ctx, r.Now(), r.Lease)
		if err != nil {
			return n, err
		}
		if j == nil {
			break
		}
		n++
		if err := r.runOne(ctx, *j); err != nil && !errors.Is(err, store.ErrJobLost) {
			return n, err
		}
		mailed = true
	}
	if mailed && r.KickMail != nil {
		r.KickMail()
	}
	return n, nil
}

// runOne runs a claimed job and records a failure. The returned error is a database error.
func (r *Runner) runOne(ctx context.Context, j store.Job) error {
	if j.Attempt > j.MaxAttempts {
		// Its runs kept dying: stop it for a person to look at.
		return r.Store.FailJob(ctx, j, r.Now(), "berhenti setelah "+itoa(j.MaxAttempts)+" percobaan", true)
	}
	err := r.do(ctx, j)
	if err == nil || errors.Is(err, store.ErrJobLost) {
		return err
	}
	permanent := sepakat.Permanent(err)
	// Log the job and the error only: adapter errors carry no request body, and store errors no values.
	r.Log.Warn("job failed", "job_id", j.ID, "kind", j.Kind, "attempt", j.Attempt, "permanent", permanent, "err", err)
	msg := err.Error()
	var se *sepakat.Error
	if errors.As(err, &se) {
		msg = se.Message
		if se.Status != 0 {
			msg = "Sepakat menjawab " + itoa(se.Status) + ": " + se.Message
		}
	}
	return r.Store.FailJob(ctx, j, r.Now(), msg, permanent)
}

func (r *Runner) newLink() (string, []byte) {
	token := crypt.RandomToken()
	return token, crypt.MAC(r.Secret, TokenKind, token)
}

func (r *Runner) do(ctx context.Context, j store.Job) error {
	now := r.Now()
	switch j.Kind {
	case store.JobAksesPeringatan:
		return r.Store.RunWarning(ctx, j, r.Mail, now)
	case store.JobAksesBerakhir:
		return r.Store.RunExpiry(ctx, j, r.Mail, now)
	}
	acc, err := r.Store.AccountForJob(ctx, r.Keys, j.Args.AkunID, j.Kind == store.JobAkunKataSandi)
	if errors.Is(err, store.ErrNotFound) {
		return r.Store.CompleteJob(ctx, j, now)
	}
	if err != nil {
		return err
	}
	// A job overtaken by a later change of the access (extended, ended, revoked) has nothing left to do.
	stale := j.Args.Versi != 0 && acc.PermohonanVer > j.Args.Versi
	switch j.Kind {
	case store.JobAkunBuat:
		if acc.State != "disiapkan" && acc.State != "gagal" {
			return r.Store.CompleteJob(ctx, j, now)
		}
		id, err := r.Sepakat.Create(ctx, j.IdempotencyKey(), acc.Account)
		if err != nil {
			return err
		}
		return r.Store.CompleteProvision(ctx, j, id, r.Now())
	case store.JobAkunPerpanjang:
		until, err := time.ParseInLocation(time.DateOnly, j.Args.Sampai, time.UTC)
		if err != nil || stale || acc.State == "dicabut" {
			return r.Store.CompleteJob(ctx, j, now)
		}
		if err := r.Sepakat.Extend(ctx, j.IdempotencyKey(), acc.Account.Username, until); err != nil {
			return err
		}
		return r.Store.CompleteExtend(ctx, j, r.Now())
	case store.JobAkunCabut:
		if stale && acc.State == "aktif" {
			return r.Store.CompleteJob(ctx, j, now)
		}
		if err := r.Sepakat.Revoke(ctx, j.IdempotencyKey(), acc.Account.Username, j.Args.Alasan); err != nil {
			return err
		}
		return r.Store.CompleteRevoke(ctx, j, r.Now())
	case store.JobAkunKataSandi:
		if !acc.HasNewPassword || acc.PasswordSeq != j.Args.Gen || acc.State != "aktif" {
			return r.Store.CompleteJob(ctx, j, now)
		}
		if err := r.Sepakat.SetPassword(ctx, j.IdempotencyKey(), acc.Account.Username, acc.Account.Password); err != nil {
			return err
		}
		return r.Store.CompleteSetPassword(ctx, j, r.newLink, r.Mail, r.Now())
	}
	return &sepakat.Error{Op: j.Kind, Message: "jenis pekerjaan tidak dikenal"}
}

func itoa(n int) string { return strconv.Itoa(n) }
