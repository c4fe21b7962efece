package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// mustEnqueue commits one message per subject and returns the time just after, when all of them are due.
func mustEnqueue(t *testing.T, st *store.Store, subjects ...string) time.Time {
	t.Helper()
	ctx := context.Background()
	err := pgx.BeginFunc(ctx, st.Pool, func(tx pgx.Tx) error {
		for _, s := range subjects {
			if err := st.EnqueueMail(ctx, tx, "budi@example.go.id", s, "teks "+s, "<p>"+s+"</p>"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("enqueue: %v", err)
	}
	var now time.Time
	if err := st.Pool.QueryRow(ctx, "SELECT clock_timestamp()").Scan(&now); err != nil {
		t.Fatal(err)
	}
	return now
}

func mustListMail(t *testing.T, st *store.Store) map[string]store.Mail {
	t.Helper()
	list, err := st.ListMail(context.Background(), 100)
	if err != nil {
		t.Fatalf("list mail: %v", err)
	}
	bySubject := map[string]store.Mail{}
	for _, m := range list {
		bySubject[m.Subject] = m
	}
	return bySubject
}

func TestEnqueueMailRolledBack(t *testing.T) {
	st := dbtest.New(t)
	ctx := context.Background()
	tx, err := st.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.EnqueueMail(ctx, tx, "a@example.go.id", "s", "t", "h"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	list, err := st.ListMail(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 0 {
		t.Fatalf("after rollback the outbox holds %d messages, want 0", len(list))
	}
}

func TestListMailNewestFirst(t *testing.T) {
	st := dbtest.New(t)
	mustEnqueue(t, st, "satu")
	mustEnqueue(t, st, "dua")
	list, err := st.ListMail(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Subject != "dua" || list[1].Subject != "satu" {
		t.Fatalf("ListMail = %+v, want dua then satu", list)
	}
	m := list[0]
	if m.To != "budi@example.go.id" || m.Text != "teks dua" || m.HTML != "<p>dua</p>" || m.State != store.MailPending ||
		m.Attempts != 0 || m.SentAt != nil || m.LastError != "" || m.CreatedAt.IsZero() {
		t.Fatalf("ListMail row = %+v", m)
	}
	if list, _ := st.ListMail(context.Background(), 1); len(list) != 1 {
		t.Fatalf("ListMail(1) returned %d rows", len(list))
	}
}

func TestDeliverDueMail(t *testing.T) {
	ctx := context.Background()

	t.Run("SendsPendingAndSkipsNotDue", func(t *testing.T) {
		st := dbtest.New(t)
		now := mustEnqueue(t, st, "a", "b")
		if _, err := st.Pool.Exec(ctx, "UPDATE outbox SET next_attempt_at = $1 WHERE subject = 'b'", now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		var got []string
		sent, err := st.DeliverDueMail(ctx, now, 10, 5, func(ctx context.Context, m store.Mail) error {
			got = append(got, m.Subject+"|"+m.To+"|"+m.Text+"|"+m.HTML)
			return nil
		})
		if err != nil || sent != 1 {
			t.Fatalf("DeliverDueMail = %d, %v; want 1, nil", sent, err)
		}
		if len(got) != 1 || got[0] != "a|budi@example.go.id|teks a|<p>a</p>" {
			t.Fatalf("send called with %q", got)
		}
		mails := mustListMail(t, st)
		a, b := mails["a"], mails["b"]
		if a.State != store.MailSent || a.SentAt == nil || !a.SentAt.Equal(now) || a.Attempts != 1 {
			t.Fatalf("a = %+v, want sent at %v", a, now)
		}
		if b.State != store.MailPending || b.Attempts != 0 {
			t.Fatalf("b = %+v, want untouched", b)
		}
		// Nothing is sent twice.
		sent, err = st.DeliverDueMail(ctx, now.Add(2*time.Minute), 10, 5, func(ctx context.Context, m store.Mail) error {
			if m.Subject != "b" {
				t.Errorf("sent %q again", m.Subject)
			}
			return nil
		})
		if err != nil || sent != 1 {
			t.Fatalf("second DeliverDueMail = %d, %v; want 1, nil", sent, err)
		}
	})

	t.Run("Limit", func(t *testing.T) {
		st := dbtest.New(t)
		now := mustEnqueue(t, st, "a", "b", "c")
		ok := func(context.Context, store.Mail) error { return nil }
		if sent, err := st.DeliverDueMail(ctx, now, 2, 5, ok); err != nil || sent != 2 {
			t.Fatalf("DeliverDueMail(limit 2) = %d, %v", sent, err)
		}
		if sent, err := st.DeliverDueMail(ctx, now, 2, 5, ok); err != nil || sent != 1 {
			t.Fatalf("DeliverDueMail(rest) = %d, %v", sent, err)
		}
	})

	t.Run("RetriesWithBackoffThenFails", func(t *testing.T) {
		st := dbtest.New(t)
		now := mustEnqueue(t, st, "a")
		calls := 0
		fail := func(ctx context.Context, m store.Mail) error {
			calls++
			return errors.New("550 5.1.1 mailbox\nunavailable " + strings.Repeat("x", 500))
		}
		const maxAttempts = 4
		wantDelays := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute}
		for i, delay := range wantDelays {
			sent, err := st.DeliverDueMail(ctx, now, 10, maxAttempts, fail)
			if err != nil || sent != 0 {
				t.Fatalf("attempt %d: DeliverDueMail = %d, %v", i+1, sent, err)
			}
			m := mustListMail(t, st)["a"]
			if m.State != store.MailPending || m.Attempts != i+1 || !m.NextAttemptAt.Equal(now.Add(delay)) {
				t.Fatalf("after attempt %d: state %s, attempts %d, next %v; want pending, %d, %v",
					i+1, m.State, m.Attempts, m.NextAttemptAt, i+1, now.Add(delay))
			}
			if !strings.HasPrefix(m.LastError, "550 5.1.1 mailbox unavailable xxx") || len(m.LastError) > 210 ||
				strings.Contains(m.LastError, "\n") {
				t.Fatalf("last_error = %q, want a short one-line text", m.LastError)
			}
			// Not due a moment before the backoff ends.
			if sent, _ := st.DeliverDueMail(ctx, now.Add(delay-time.Second), 10, maxAttempts, fail); sent != 0 || calls != i+1 {
				t.Fatalf("retried before the backoff ended (calls %d)", calls)
			}
			now = now.Add(delay)
		}
		if _, err := st.DeliverDueMail(ctx, now, 10, maxAttempts, fail); err != nil {
			t.Fatal(err)
		}
		m := mustListMail(t, st)["a"]
		if m.State != store.MailFailed || m.Attempts != maxAttempts || m.SentAt != nil {
			t.Fatalf("after %d attempts: %+v, want failed", maxAttempts, m)
		}
		if _, err := st.DeliverDueMail(ctx, now.Add(24*time.Hour), 10, maxAttempts, fail); err != nil || calls != maxAttempts {
			t.Fatalf("a failed message was tried again (calls %d, err %v)", calls, err)
		}
	})

	t.Run("RetryThenSucceed", func(t *testing.T) {
		st := dbtest.New(t)
		now := mustEnqueue(t, st, "a")
		if _, err := st.DeliverDueMail(ctx, now, 10, 5, func(context.Context, store.Mail) error { return errors.New("timeout") }); err != nil {
			t.Fatal(err)
		}
		later := now.Add(30 * time.Second)
		sent, err := st.DeliverDueMail(ctx, later, 10, 5, func(context.Context, store.Mail) error { return nil })
		if err != nil || sent != 1 {
			t.Fatalf("DeliverDueMail = %d, %v", sent, err)
		}
		m := mustListMail(t, st)["a"]
		if m.State != store.MailSent || m.Attempts != 2 || m.LastError != "" || !m.SentAt.Equal(later) {
			t.Fatalf("after retry: %+v", m)
		}
	})

	t.Run("ConcurrentCallsSendEachOnce", func(t *testing.T) {
		st := dbtest.New(t)
		subjects := make([]string, 20)
		for i := range subjects {
			subjects[i] = fmt.Sprintf("m%02d", i)
		}
		now := mustEnqueue(t, st, subjects...)
		var mu sync.Mutex
		calls := map[int64]int{}
		send := func(ctx context.Context, m store.Mail) error {
			mu.Lock()
			calls[m.ID]++
			mu.Unlock()
			time.Sleep(5 * time.Millisecond) // hold the row lock while the other caller looks
			return nil
		}
		const workers = 4
		var wg sync.WaitGroup
		sentBy := make([]int, workers)
		errs := make([]error, workers)
		for i := range workers {
			wg.Go(func() { sentBy[i], errs[i] = st.DeliverDueMail(ctx, now, 100, 5, send) })
		}
		wg.Wait()
		total, busy := 0, 0
		for i := range workers {
			if errs[i] != nil {
				t.Fatalf("worker %d: %v", i, errs[i])
			}
			total += sentBy[i]
			if sentBy[i] > 0 {
				busy++
			}
		}
		if total != len(subjects) || len(calls) != len(subjects) {
			t.Fatalf("sent %d, %d distinct messages; want %d", total, len(calls), len(subjects))
		}
		for id, n := range calls {
			if n != 1 {
				t.Errorf("message %d sent %d times", id, n)
			}
		}
		if busy < 2 {
			t.Logf("only %d of %d callers sent anything; the overlap was not exercised", busy, workers)
		}
	})
}

func TestMailRetryDelay(t *testing.T) {
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute,
		16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, w := range want {
		if got := store.MailRetryDelay(i + 1); got != w {
			t.Errorf("MailRetryDelay(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := store.MailRetryDelay(1000); got != time.Hour {
		t.Errorf("MailRetryDelay(1000) = %v", got)
	}
}
