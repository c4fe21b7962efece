// Package jobstest runs the portal's river jobs in tests, on the test's clock and synchronously: Run works
// every job due at the clock's time (and what those jobs enqueue for that time) with a real river client,
// and returns when none is left, so a test moves its clock and then looks at the effects.
//
// River's maintenance (the scheduler that makes scheduled and retryable jobs available, the rescuer that
// takes back the jobs of dead runs, the periodic jobs, the cleaner) runs on an elected leader on timers of
// its own, and the rescuer reads the wall clock. The runners here never lead; Run does the clock-driven part
// of that maintenance itself, at the test's time, through river's driver: it makes due jobs available
// (JobSchedule) and rescues jobs running longer than RescueAfter (JobGetStuck, JobRescueMany) the way
// river's rescuer does, placing them by the portal's retry policy. internal/jobs has a test of river's own
// rescuer on the wall clock.
package jobstest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/bappenas/portal-regsosek/internal/jobs"
)

// Runner works the jobs of a jobs.Config for one test.
type Runner struct {
	Client *river.Client[pgx.Tx]
	cfg    jobs.Config
	rc     *river.Config
	queues []string
}

// Option adjusts the river configuration of a runner.
type Option func(*river.Config)

// Queues restricts a runner to these queues (default: river's default queue only, the Tahap 4–6 jobs; email
// stays in the outbox unless a test asks for store.QueueSurel).
func Queues(names ...string) Option {
	return func(rc *river.Config) {
		rc.Queues = map[string]river.QueueConfig{}
		for _, n := range names {
			rc.Queues[n] = river.QueueConfig{MaxWorkers: 10}
		}
	}
}

// New returns a runner for cfg, whose Store's pool it uses. cfg.Now should be the test's clock.
func New(t testing.TB, cfg jobs.Config, opts ...Option) *Runner {
	t.Helper()
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.RescueAfter == 0 {
		cfg.RescueAfter = jobs.DefaultRescueAfter
	}
	rc := cfg.River()
	rc.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 10}}
	for _, o := range opts {
		o(rc)
	}
	// No leader (Run does the maintenance), no periodic jobs (a test enqueues what it wants), and polling
	// every few milliseconds instead of a LISTEN connection of its own.
	rc.LeaderElectionDisabled = true
	rc.PeriodicJobs = nil
	rc.PollOnly = true
	rc.FetchCooldown = time.Millisecond
	rc.FetchPollInterval = 5 * time.Millisecond
	rc.TestOnly = true
	rc.ID = clientID()
	r := &Runner{cfg: cfg, rc: rc}
	for q := range rc.Queues {
		r.queues = append(r.queues, q)
	}
	r.Client = r.newClient(t, rc)
	return r
}

var clients atomic.Int64

// clientID names a client uniquely: river's default, the host and the time to the microsecond, can repeat
// when a test makes several at once.
func clientID() string { return fmt.Sprintf("jobstest_%d_%d", os.Getpid(), clients.Add(1)) }

func (r *Runner) newClient(t testing.TB, rc *river.Config) *river.Client[pgx.Tx] {
	t.Helper()
	c, err := river.NewClient(riverpgxv5.New(r.cfg.Store.Pool), rc)
	if err != nil {
		t.Fatalf("jobstest: river client: %v", err)
	}
	return c
}

// Run works every job due now on the runner's clock and fails the test on an error of the machinery (a
// job's own failure is recorded by river as usual).
func (r *Runner) Run(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	at := r.cfg.Now()
	r.maintain(t, at)
	if err := r.Client.Start(ctx); err != nil {
		t.Fatalf("jobstest: start: %v", err)
	}
	defer r.stop(t, r.Client)
	deadline := time.Now().Add(time.Minute)
	for {
		// A job's follow-up is enqueued for the worker's time, which on a wall clock is already past `at`;
		// it is due now, so the clock is read again for what waits (the maintenance stays at `at`).
		if now := r.cfg.Now(); !r.busy(t, now) && r.maintain(t, at) == 0 && !r.busy(t, r.cfg.Now()) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("jobstest: jobs due at %s still not done after a minute", at)
		}
		// Waiting for the client to get through the work, not asserting anything about time.
		time.Sleep(2 * time.Millisecond)
	}
}

func (r *Runner) stop(t testing.TB, c *river.Client[pgx.Tx]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.Stop(ctx); err != nil {
		t.Fatalf("jobstest: stop: %v", err)
	}
}

// Start runs the client in the background, as `portal serve` does, until the test ends: jobs inserted
// later are picked up by polling. Jobs scheduled for later are not made available (no leader).
func (r *Runner) Start(t testing.TB) {
	t.Helper()
	if err := r.Client.Start(context.Background()); err != nil {
		t.Fatalf("jobstest: start: %v", err)
	}
	t.Cleanup(func() { r.stop(t, r.Client) })
}

// busy reports whether a job due at `at` waits in the runner's queues, or one it took is still running.
func (r *Runner) busy(t testing.TB, at time.Time) bool {
	t.Helper()
	var busy bool
	err := r.cfg.Store.Pool.QueryRow(context.Background(), `SELECT EXISTS (SELECT 1 FROM river_job WHERE queue = ANY($1)
		AND ((state = 'available' AND scheduled_at <= $2) OR (state = 'running' AND attempted_by[array_length(attempted_by, 1)] = $3)))`,
		r.queues, at, r.Client.ID()).Scan(&busy)
	if err != nil {
		t.Fatalf("jobstest: %v", err)
	}
	return busy
}

// maintain does at `at` what river's leader does on its timers: the jobs running since before
// at - RescueAfter are taken back (their run died), and scheduled and retryable jobs due become available.
// It returns how many jobs it moved.
func (r *Runner) maintain(t testing.TB, at time.Time) int {
	t.Helper()
	ctx := context.Background()
	exec := r.Client.Driver().GetExecutor()
	stuck, err := exec.JobGetStuck(ctx, &riverdriver.JobGetStuckParams{Max: 1000, StuckHorizon: at.Add(-r.cfg.RescueAfter)})
	if err != nil {
		t.Fatalf("jobstest: stuck jobs: %v", err)
	}
	if len(stuck) > 0 {
		r.rescue(t, exec, stuck, at)
	}
	scheduled, err := exec.JobSchedule(ctx, &riverdriver.JobScheduleParams{Max: 1000, Now: &at})
	if err != nil {
		t.Fatalf("jobstest: schedule: %v", err)
	}
	return len(stuck) + len(scheduled)
}

// rescue is river's rescuer for these jobs at `at`: another attempt when one is left, placed by the retry
// policy, else discarded; either way with the rescue recorded as the attempt's error.
func (r *Runner) rescue(t testing.TB, exec riverdriver.Executor, stuck []*rivertype.JobRow, at time.Time) {
	t.Helper()
	p := riverdriver.JobRescueManyParams{StuckHorizon: at.Add(-r.cfg.RescueAfter)}
	for _, j := range stuck {
		e, err := json.Marshal(rivertype.AttemptError{At: at, Attempt: j.Attempt, Error: "Stuck job rescued by JobRescuer"})
		if err != nil {
			t.Fatal(err)
		}
		p.ID, p.Error = append(p.ID, j.ID), append(p.Error, e)
		if j.Attempt < j.MaxAttempts {
			p.State, p.ScheduledAt = append(p.State, string(rivertype.JobStateRetryable)), append(p.ScheduledAt, r.rc.RetryPolicy.NextRetry(j))
			p.FinalizedAt = append(p.FinalizedAt, nil)
		} else {
			p.State, p.ScheduledAt = append(p.State, string(rivertype.JobStateDiscarded)), append(p.ScheduledAt, j.ScheduledAt)
			p.FinalizedAt = append(p.FinalizedAt, &at)
		}
	}
	if _, err := exec.JobRescueMany(context.Background(), &p); err != nil {
		t.Fatalf("jobstest: rescue: %v", err)
	}
}

// Maintain does at the clock's time what river's leader does on its timers (rescues the jobs of dead runs,
// makes due jobs available) without working any job, so another client — say RunAndDie's — takes them.
func (r *Runner) Maintain(t testing.TB) {
	t.Helper()
	r.maintain(t, r.cfg.Now())
}

// RunAndDie is a process that dies while working: a client of its own works the runner's jobs one at a
// time until died is closed (the test kills a run, say with runtime.Goexit in a Sepakat adapter, and
// closes died), then stops fetching and is abandoned. Its killed job stays 'running', as a dead process
// leaves it, until Run's rescue takes it back RescueAfter later on the clock.
func (r *Runner) RunAndDie(t testing.TB, died <-chan struct{}) {
	t.Helper()
	rc := *r.rc
	rc.ID = clientID()
	rc.Queues = map[string]river.QueueConfig{}
	for _, q := range r.queues {
		rc.Queues[q] = river.QueueConfig{MaxWorkers: 1}
	}
	// A fresh Workers bundle: river binds one to a client.
	rc.Workers = r.cfg.Workers()
	ctx, cancel := context.WithCancel(context.Background())
	c := r.newClient(t, &rc)
	if err := c.Start(ctx); err != nil {
		t.Fatalf("jobstest: start: %v", err)
	}
	select {
	case <-died:
	case <-time.After(time.Minute):
		t.Fatal("jobstest: the run did not die within a minute")
	}
	// The soft stop never finishes (the dead job never reports), which is what a killed process looks like
	// to the database; the client only stops fetching.
	cancel()
}

// ClaimAndDie takes the next job due now as a run that dies at once would: river marks it running, and
// nothing more happens to it. It returns the job's kind, or "" when none is due.
func (r *Runner) ClaimAndDie(t testing.TB) string {
	t.Helper()
	at := r.cfg.Now()
	r.maintain(t, at)
	exec := r.Client.Driver().GetExecutor()
	for _, q := range r.queues {
		got, err := exec.JobGetAvailable(context.Background(), &riverdriver.JobGetAvailableParams{ClientID: "jobstest-dead",
			MaxAttemptedBy: 100, MaxToLock: 1, Now: &at, Queue: q})
		if err != nil {
			t.Fatalf("jobstest: claim: %v", err)
		}
		if len(got.Jobs) > 0 {
			return got.Jobs[0].Kind
		}
	}
	return ""
}
