// Package jobs runs the portal's background work on river (riverqueue/river, PostgreSQL): the delivery of
// each email in the outbox, the Sepakat calls of Tahap 5–6 (create, extend, revoke, set a re-issued
// password), the 30-day warning and the expiry of access, the opening of Tahap 4 after an approval, and the
// periodic jobs (overdue-review reminders, expired registration drafts, the Tahap 4 sweep).
//
// The store writes each job in the transaction of the change that needs it (store/jobs.go); the workers
// here run them, and a job with effects completes (river's JobCompleteTx) in the transaction that writes
// them, so its effects and its completion commit together. River claims jobs with FOR UPDATE SKIP LOCKED,
// so each runs once however many instances run `portal serve`; a run that dies is found by river's rescuer
// after Config.RescueAfter and runs again, sending Sepakat the same idempotency key. Failures are retried
// with backoff (RetryDelay); a refusal from Sepakat stops the job for a person to look at.
package jobs

import (
	"cmp"
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/sepakat"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// Defaults of Config.
const (
	DefaultJobTimeout  = 2 * time.Minute // a Sepakat call with its own retries, or one SMTP delivery
	DefaultRescueAfter = 5 * time.Minute // longer than any run, so only a dead run's job is taken back
)

// Config is what the workers need, and how river runs them.
type Config struct {
	Store   *store.Store
	Sepakat sepakat.Provisioner
	Sender  mail.Sender
	From    string // sender of every email
	Log     *slog.Logger
	// Now is the clock the workers write with. Left nil it is the wall clock; a test sets its own, and
	// river then reads it too (Config.Test.Time), so the test decides when a job is due.
	Now func() time.Time
	// JobTimeout bounds one run (default DefaultJobTimeout).
	JobTimeout time.Duration
	// RescueAfter is how long a job may stay running before river's rescuer takes its run for dead and
	// runs it again (default DefaultRescueAfter; must not be shorter than JobTimeout).
	RescueAfter time.Duration
	// DigestHour is the hour (0–23, Jakarta) from which the staff's daily digest goes out (RINGKASAN_JAM).
	DigestHour int
	// Retention is what the hourly retention job deletes and when (store.RetentionPolicy); its
	// DropMailBodies also drops each email's body as it is delivered (production).
	Retention store.RetentionPolicy
	// Failed, when set, is told of every failed run by the job's kind (internal/metrics counts them).
	Failed func(kind string)
}

func (c *Config) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Config) log() *slog.Logger {
	if c.Log != nil {
		return c.Log
	}
	return slog.New(slog.DiscardHandler)
}

func (c *Config) rescueAfter() time.Duration { return cmp.Or(c.RescueAfter, DefaultRescueAfter) }

// River returns the river configuration `portal serve` runs: both queues, every worker, the periodic jobs,
// the retry policy, the timeouts. Tests adjust it (internal/jobstest).
func (c *Config) River() *river.Config {
	rc := &river.Config{
		Queues: map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: 10},
			store.QueueSurel:   {MaxWorkers: 5},
		},
		Workers:              c.Workers(),
		PeriodicJobs:         c.PeriodicJobs(),
		MaxAttempts:          store.MaxJobAttempts,
		RetryPolicy:          RetryPolicy{Now: c.now, RescueAfter: c.rescueAfter()},
		JobTimeout:           cmp.Or(c.JobTimeout, DefaultJobTimeout),
		RescueStuckJobsAfter: c.rescueAfter(),
		// River's own lines below warn (a job error, a retry) would repeat what the workers log, and could
		// carry an SMTP reply naming a recipient; the workers log failures with ids only.
		Logger: slog.New(minLevel{c.log().Handler(), slog.LevelWarn}),
	}
	if c.Now != nil {
		rc.Test.Time = clock(c.Now)
	}
	if c.Failed != nil {
		rc.Middleware = append(rc.Middleware, river.WorkerMiddlewareFunc(
			func(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
				err := doInner(ctx)
				if err != nil {
					c.Failed(job.Kind)
				}
				return err
			}))
	}
	return rc
}

// NewClient returns the river client that runs the portal's jobs over pool (the store's).
func NewClient(pool *pgxpool.Pool, c Config) (*river.Client[pgx.Tx], error) {
	return river.NewClient(riverpgxv5.New(pool), c.River())
}

// Workers registers a worker for every job kind.
func (c *Config) Workers() *river.Workers {
	w := river.NewWorkers()
	river.AddWorker(w, river.WorkFunc(c.deliver))
	river.AddWorker(w, river.WorkFunc(func(ctx context.Context, job *river.Job[store.AkunBuatArgs]) error { return run(ctx, c, job) }))
	river.AddWorker(w, river.WorkFunc(func(ctx context.Context, job *river.Job[store.AkunPerpanjangArgs]) error { return run(ctx, c, job) }))
	river.AddWorker(w, river.WorkFunc(func(ctx context.Context, job *river.Job[store.AkunCabutArgs]) error { return run(ctx, c, job) }))
	river.AddWorker(w, river.WorkFunc(func(ctx context.Context, job *river.Job[store.AkunKataSandiArgs]) error { return run(ctx, c, job) }))
	river.AddWorker(w, river.WorkFunc(func(ctx context.Context, job *river.Job[store.AksesPeringatanArgs]) error { return run(ctx, c, job) }))
	river.AddWorker(w, river.WorkFunc(func(ctx context.Context, job *river.Job[store.AksesBerakhirArgs]) error { return run(ctx, c, job) }))
	river.AddWorker(w, river.WorkFunc(func(ctx context.Context, job *river.Job[store.AkunPeringatanArgs]) error { return run(ctx, c, job) }))
	river.AddWorker(w, river.WorkFunc(func(ctx context.Context, job *river.Job[store.AkunBerakhirArgs]) error { return run(ctx, c, job) }))
	river.AddWorker(w, river.WorkFunc(func(ctx context.Context, job *river.Job[store.PemusnahanPengingatArgs]) error {
		return run(ctx, c, job)
	}))
	river.AddWorker(w, river.WorkFunc(c.bukaTahap4))
	river.AddWorker(w, river.WorkFunc(c.pengingatTenggat))
	river.AddWorker(w, river.WorkFunc(c.ringkasanHarian))
	river.AddWorker(w, river.WorkFunc(c.retensi))
	return w
}

// RetryDelay is the wait after the n-th failed attempt (n from 1): 30 s, 1 min, 2 min, …, at most an hour.
func RetryDelay(n int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < n && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// RetryPolicy places a failed job's next attempt RetryDelay after now. A job river's rescuer takes back
// (running for RescueAfter, so its run died) runs again at once: its process failed, not the job.
type RetryPolicy struct {
	Now         func() time.Time
	RescueAfter time.Duration
}

// NextRetry implements river.ClientRetryPolicy.
func (p RetryPolicy) NextRetry(job *rivertype.JobRow) time.Time {
	now := p.Now()
	if job.AttemptedAt != nil && now.Sub(*job.AttemptedAt) >= p.RescueAfter {
		return now
	}
	return now.Add(RetryDelay(job.Attempt))
}

// clock is a river time generator reading the workers' clock, so river's fetches and timestamps agree with
// the time a test has set.
type clock func() time.Time

func (c clock) Now() time.Time { return c() }

func (c clock) NowOrNil() *time.Time {
	t := c()
	return &t
}

// minLevel passes on only records at or above min.
type minLevel struct {
	slog.Handler
	min slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(attrs []slog.Attr) slog.Handler {
	return minLevel{h.Handler.WithAttrs(attrs), h.min}
}

func (h minLevel) WithGroup(name string) slog.Handler {
	return minLevel{h.Handler.WithGroup(name), h.min}
}
