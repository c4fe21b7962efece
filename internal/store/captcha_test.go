package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// A challenge gets one wrong try, also when answers arrive at once: a right answer checked while a wrong one
// is being checked must not pass. The test holds the challenge's row, lets a wrong peek and then a right one
// queue behind it, and lets go.
func TestPeekCaptchaOneWrongTryUnderConcurrency(t *testing.T) {
	st := dbtest.New(t)
	ctx := context.Background()
	now := time.Now()
	if err := st.CreateCaptcha(ctx, "tantangan", "482913", now.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	holder, err := st.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Rollback(ctx) //nolint:errcheck
	if _, err := holder.Exec(ctx, "SELECT 1 FROM captchas WHERE id = 'tantangan' FOR UPDATE"); err != nil {
		t.Fatal(err)
	}
	type answer struct {
		right bool
		err   error
	}
	peek := func(guess string) chan answer {
		out := make(chan answer, 1)
		go func() {
			right, err := st.PeekCaptcha(ctx, "tantangan", guess, now)
			out <- answer{right, err}
		}()
		return out
	}
	wrong := peek("000000")
	waitForLockWaiters(t, st, 1)
	right := peek("482913")
	select {
	case a := <-right:
		t.Fatalf("the right answer was checked while a wrong one was (right=%v, err=%v)", a.right, a.err)
	case <-time.After(200 * time.Millisecond):
	}
	waitForLockWaiters(t, st, 2)
	if err := holder.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if a := <-wrong; a.err != nil || a.right {
		t.Errorf("wrong answer: right=%v err=%v", a.right, a.err)
	}
	if a := <-right; a.err != nil || a.right {
		t.Errorf("right answer after a wrong one: right=%v err=%v, want refused (the challenge is spent)", a.right, a.err)
	}
	if _, err := st.CaptchaDigits(ctx, "tantangan", now); err != store.ErrNotFound {
		t.Errorf("challenge after a wrong answer: %v, want it deleted", err)
	}
}

// waitForLockWaiters waits (up to 10 s) until n sessions of this database wait for a lock.
func waitForLockWaiters(t *testing.T, st *store.Store, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		var waiting int
		err := st.Pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting)
		if err != nil && err != pgx.ErrNoRows {
			t.Fatal(err)
		}
		if waiting >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d sessions wait for a lock after 10 s, want %d", waiting, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
