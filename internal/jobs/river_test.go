package jobs_test

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/jobs"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// River's own maintenance, on the wall clock, as `portal serve` runs it (the other tests drive time through
// internal/jobstest instead).

// waitFor polls cond until it holds, failing the test after limit.
func waitFor(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited in vain for %s", what)
		}
		time.Sleep(20 * time.Millisecond) // polling the database, not asserting on time
	}
}

func startClient(t *testing.T, st *store.Store, cfg jobs.Config) {
	t.Helper()
	client, err := jobs.NewClient(st.Pool, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := client.Stop(ctx); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
}

// A run killed mid-delivery leaves its job running. River's rescuer, with RescueAfter short for the test,
// takes it back once that time has passed, and the message goes out once.
func TestRiverRescuesAKilledRun(t *testing.T) {
	st := dbtest.New(t)
	ctx := context.Background()
	mustEnqueueMessage(t, st, mail.Letters{}.AkunDiajukan(mail.Recipient{Email: "a@example.go.id", Nama: "A"}, "REG-1"))
	const rescueAfter = time.Second

	// The process that dies: it takes the job and is killed before the message leaves (runtime.Goexit, so
	// nothing of river's records the attempt).
	died := make(chan struct{})
	dying := jobs.Config{Store: st, From: testFrom, JobTimeout: rescueAfter / 2, RescueAfter: rescueAfter,
		Sender: senderFunc(func(string) error { close(died); runtime.Goexit(); return nil })}
	rc := dying.River()
	rc.LeaderElectionDisabled, rc.PeriodicJobs = true, nil
	rc.Queues = map[string]river.QueueConfig{store.QueueSurel: {MaxWorkers: 1}}
	dead, err := river.NewClient(riverpgxv5.New(st.Pool), rc)
	if err != nil {
		t.Fatal(err)
	}
	deadCtx, kill := context.WithCancel(ctx)
	if err := dead.Start(deadCtx); err != nil {
		t.Fatal(err)
	}
	select {
	case <-died:
	case <-time.After(20 * time.Second):
		t.Fatal("the dying client never took the job")
	}
	kill() // it fetches no more; its killed job never reports, so it never finishes stopping
	var state string
	if err := st.Pool.QueryRow(ctx, "SELECT state FROM river_job").Scan(&state); err != nil || state != "running" {
		t.Fatalf("the killed run's job is %q (%v), want running", state, err)
	}
	waitFor(t, "the job to run longer than RescueAfter", 10*time.Second, func() bool {
		var stuck bool
		_ = st.Pool.QueryRow(ctx, "SELECT now() - attempted_at > $1 FROM river_job", rescueAfter).Scan(&stuck)
		return stuck
	})

	// A live instance: its leader's rescuer runs when it starts, the scheduler makes the job available.
	sender := &recordingSender{}
	startClient(t, st, jobs.Config{Store: st, From: testFrom, Sender: sender, JobTimeout: rescueAfter / 2, RescueAfter: rescueAfter})
	waitFor(t, "the rescued message to go out", 30*time.Second, func() bool {
		return mustListMail(t, st)["Proses Pembukaan Akun Layanan Regsosek"].State == store.MailSent
	})
	if n := len(sender.Sent()); n != 1 {
		t.Errorf("sent %d times, want once", n)
	}
	var attempt int
	var errs string
	if err := st.Pool.QueryRow(ctx, "SELECT attempt, errors::text FROM river_job WHERE kind = 'kirim_surel' AND state = 'completed'").Scan(&attempt, &errs); err != nil {
		t.Fatal(err)
	}
	if attempt != 2 || !strings.Contains(errs, "Stuck job rescued") {
		t.Errorf("completed at attempt %d with errors %s; want the second, after a rescue", attempt, errs)
	}
}

// The periodic jobs run when a leader starts: the retention deletes an expired registration draft and keeps a
// live one; the daily digest runs too.
func TestPeriodicJobsRunOnStart(t *testing.T) {
	st := dbtest.New(t)
	ctx := context.Background()
	exec(t, st, `INSERT INTO registration_drafts (id, payload, key_id, expires_at) VALUES
		(gen_random_uuid(), '\x00', 'k', now() - interval '1 hour'), (gen_random_uuid(), '\x00', 'k', now() + interval '1 hour')`)
	startClient(t, st, jobs.Config{Store: st, From: testFrom, Sender: &recordingSender{}})
	waitFor(t, "the periodic jobs", 30*time.Second, func() bool {
		var n int
		_ = st.Pool.QueryRow(ctx, `SELECT count(DISTINCT kind) FROM river_job WHERE state = 'completed'
			AND kind IN ('pengingat_tenggat', 'retensi', 'buka_tahap4', 'ringkasan_harian')`).Scan(&n)
		return n == 4
	})
	var left int
	if err := st.Pool.QueryRow(ctx, "SELECT count(*) FROM registration_drafts WHERE expires_at > now()").Scan(&left); err != nil || left != 1 {
		t.Errorf("%d live drafts (%v), want 1", left, err)
	}
	var expired int
	if err := st.Pool.QueryRow(ctx, "SELECT count(*) FROM registration_drafts WHERE expires_at <= now()").Scan(&expired); err != nil || expired != 0 {
		t.Errorf("%d expired drafts left (%v), want 0", expired, err)
	}
}
