package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/jobs"
	"github.com/bappenas/portal-regsosek/internal/jobstest"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// Email delivery by river: each outbox row's job sends it through the Sender and marks it, on a clock the
// test sets (internal/jobstest).

// mailRunner works the mail queue of st on clock, sending through sender.
func mailRunner(t *testing.T, st *store.Store, clock *testClock, sender mail.Sender, log *syncBuffer) *jobstest.Runner {
	t.Helper()
	cfg := jobs.Config{Store: st, Sender: sender, From: testFrom, Now: clock.Now}
	if log != nil {
		cfg.Log = slog.New(slog.NewTextHandler(log, nil))
	}
	return jobstest.New(t, cfg, jobstest.Queues(store.QueueSurel))
}

// jobOf returns where the delivery job of a message stands.
func jobOf(t *testing.T, st *store.Store, m store.Mail) (state string, attempt int, due time.Time) {
	t.Helper()
	err := st.Pool.QueryRow(context.Background(), `SELECT state, attempt, scheduled_at FROM river_job
		WHERE kind = 'kirim_surel' AND args = jsonb_build_object('outbox_id', $1::bigint)`, m.ID).Scan(&state, &attempt, &due)
	if err != nil {
		t.Fatalf("job of mail %d: %v", m.ID, err)
	}
	return state, attempt, due
}

func TestDeliverMail(t *testing.T) {
	t.Run("SendsDueAndSkipsNotDue", func(t *testing.T) {
		st := dbtest.New(t)
		now := mustEnqueue(t, st, "a", "b")
		exec(t, st, `UPDATE river_job SET state = 'scheduled', scheduled_at = $1 WHERE args = jsonb_build_object('outbox_id', $2::bigint)`,
			now.Add(time.Minute), mustListMail(t, st)["b"].ID)
		clock := &testClock{t: now}
		sender := &recordingSender{}
		r := mailRunner(t, st, clock, sender, nil)
		r.Run(t)
		got := sender.Sent()
		if len(got) != 1 || got[0].Subject != "a" || got[0].To != "budi@example.go.id" {
			t.Fatalf("sent %+v, want a alone", got)
		}
		if _, text, html := parts(t, got[0].Raw); text != "teks a" || html != "<p>a</p>" {
			t.Fatalf("sent text %q and html %q", text, html)
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
		clock.Set(now.Add(2 * time.Minute))
		r.Run(t)
		if got := sender.Sent(); len(got) != 2 || got[1].Subject != "b" {
			t.Fatalf("second round sent %+v, want b alone", got[1:])
		}
	})

	// A round is no batch any more: each message is a job of its own, all of them due are sent.
	t.Run("EachMessageItsOwnJob", func(t *testing.T) {
		st := dbtest.New(t)
		now := mustEnqueue(t, st, "a", "b", "c")
		sender := &recordingSender{}
		mailRunner(t, st, &testClock{t: now}, sender, nil).Run(t)
		if n := len(sender.Sent()); n != 3 {
			t.Fatalf("sent %d, want 3", n)
		}
		for subject, m := range mustListMail(t, st) {
			if state, attempt, _ := jobOf(t, st, m); state != "completed" || attempt != 1 {
				t.Errorf("job of %s: %s after %d attempts", subject, state, attempt)
			}
		}
	})

	t.Run("RetriesWithBackoffThenFails", func(t *testing.T) {
		st := dbtest.New(t)
		now := mustEnqueue(t, st, "a")
		const maxAttempts = 4
		exec(t, st, "UPDATE river_job SET max_attempts = $1", maxAttempts)
		calls := 0
		sender := &recordingSender{fail: func(string) error {
			calls++
			return errors.New("550 5.1.1 mailbox\nunavailable " + strings.Repeat("x", 500))
		}}
		clock := &testClock{t: now}
		r := mailRunner(t, st, clock, sender, nil)
		for i, delay := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute} {
			clock.Set(now)
			r.Run(t)
			m := mustListMail(t, st)["a"]
			state, _, due := jobOf(t, st, m)
			if m.State != store.MailPending || m.Attempts != i+1 || state != "retryable" || !due.Equal(now.Add(delay)) {
				t.Fatalf("after attempt %d: state %s, attempts %d, job %s due %v; want pending, %d, retryable due %v",
					i+1, m.State, m.Attempts, state, due, i+1, now.Add(delay))
			}
			if !strings.HasPrefix(m.LastError, "550 5.1.1 mailbox unavailable xxx") || len(m.LastError) > 210 ||
				strings.Contains(m.LastError, "\n") {
				t.Fatalf("last_error = %q, want a short one-line text", m.LastError)
			}
			// Not due a moment before the backoff ends.
			clock.Set(now.Add(delay - time.Second))
			if r.Run(t); calls != i+1 {
				t.Fatalf("retried before the backoff ended (calls %d)", calls)
			}
			now = now.Add(delay)
		}
		clock.Set(now)
		r.Run(t)
		m := mustListMail(t, st)["a"]
		if m.State != store.MailFailed || m.Attempts != maxAttempts || m.SentAt != nil {
			t.Fatalf("after %d attempts: %+v, want failed", maxAttempts, m)
		}
		clock.Set(now.Add(24 * time.Hour))
		if r.Run(t); calls != maxAttempts {
			t.Fatalf("a failed message was tried again (calls %d)", calls)
		}
	})

	t.Run("RetryThenSucceed", func(t *testing.T) {
		st := dbtest.New(t)
		now := mustEnqueue(t, st, "a")
		failing := true
		sender := &recordingSender{fail: func(string) error {
			if failing {
				return errors.New("timeout")
			}
			return nil
		}}
		clock := &testClock{t: now}
		r := mailRunner(t, st, clock, sender, nil)
		r.Run(t)
		failing = false
		later := now.Add(30 * time.Second)
		clock.Set(later)
		r.Run(t)
		m := mustListMail(t, st)["a"]
		if m.State != store.MailSent || m.Attempts != 2 || m.LastError != "" || !m.SentAt.Equal(later) || len(sender.Sent()) != 1 {
			t.Fatalf("after retry: %+v", m)
		}
	})

	// Four river clients on one database, twenty messages: each is sent once.
	t.Run("ConcurrentClientsSendEachOnce", func(t *testing.T) {
		st := dbtest.New(t)
		subjects := make([]string, 20)
		for i := range subjects {
			subjects[i] = fmt.Sprintf("m%02d", i)
		}
		now := mustEnqueue(t, st, subjects...)
		// Hold each delivery a moment, so the other clients look while the job is running.
		sender := &recordingSender{hold: func() { time.Sleep(5 * time.Millisecond) }}
		clock := &testClock{t: now}
		const clients = 4
		var wg sync.WaitGroup
		for range clients {
			r := mailRunner(t, st, clock, sender, nil)
			wg.Go(func() { r.Run(t) })
		}
		wg.Wait()
		calls := map[string]int{}
		for _, s := range sender.Sent() {
			calls[s.Subject]++
		}
		if len(calls) != len(subjects) {
			t.Fatalf("sent %d distinct messages; want %d", len(calls), len(subjects))
		}
		for subject, n := range calls {
			if n != 1 {
				t.Errorf("message %s sent %d times", subject, n)
			}
		}
		var by int
		if err := st.Pool.QueryRow(context.Background(), "SELECT count(DISTINCT attempted_by[1]) FROM river_job").Scan(&by); err != nil {
			t.Fatal(err)
		}
		if by < 2 {
			t.Logf("only %d of %d clients sent anything; the overlap was not exercised", by, clients)
		}
	})
}

func TestDeliverSendsTheMessage(t *testing.T) {
	st := dbtest.New(t)
	now := time.Now().Add(time.Minute)
	siti := mail.Recipient{Email: "Siti Aminah <siti@example.go.id>", Nama: "Siti Aminah"}
	mustEnqueueMessage(t, st, mail.Letters{BaseURL: "https://portal.example.go.id"}.AkunDisetujui(siti, "abc", "482913", 15*time.Minute))
	sender := &recordingSender{}
	r := mailRunner(t, st, &testClock{t: now}, sender, nil)
	r.Run(t)
	got := sender.Sent()
	if len(got) != 1 || got[0].To != "Siti Aminah <siti@example.go.id>" {
		t.Fatalf("sent %+v, want one message to Siti", got)
	}
	header, text, html := parts(t, got[0].Raw)
	if from, _ := netmail.ParseAddress(header.Get("From")); from == nil || from.Address != "no-reply@regsosek.bappenas.go.id" || got[0].Subject != "Akun Layanan Regsosek Disetujui" ||
		!strings.Contains(text, "Kode OTP: 482913") || !strings.Contains(html, ">Klik Disini</a>") {
		t.Errorf("sent from %q, subject %q, text %q", header.Get("From"), got[0].Subject, text)
	}
	list, err := st.ListMail(context.Background(), 10)
	if err != nil || len(list) != 1 || list[0].State != store.MailSent {
		t.Fatalf("outbox = %+v (%v), want one sent message", list, err)
	}
	if r.Run(t); len(sender.Sent()) != 1 {
		t.Fatalf("a second round sent again")
	}
}

func TestDeliverRecordsFailureWithoutLoggingAddresses(t *testing.T) {
	st := dbtest.New(t)
	mustEnqueueMessage(t, st, mail.Letters{}.AkunDitolak(mail.Recipient{Email: "rahasia@example.go.id", Nama: "Nama Rahasia"}, "alasan rahasia", nil))
	exec(t, st, "UPDATE river_job SET max_attempts = 1")
	// What net/smtp returns when the server refuses the recipient: the reply names the address.
	sender := &recordingSender{fail: func(to string) error {
		return &textproto.Error{Code: 550, Msg: "5.1.1 <" + to + ">: Recipient address rejected"}
	}}
	var log syncBuffer
	mailRunner(t, st, &testClock{t: time.Now().Add(time.Minute)}, sender, &log).Run(t)
	list, _ := st.ListMail(context.Background(), 10)
	if len(list) != 1 || list[0].State != store.MailFailed || list[0].Attempts != 1 || !strings.Contains(list[0].LastError, "550") {
		t.Fatalf("outbox = %+v, want one failed message with the SMTP error", list)
	}
	if state, _, _ := jobOf(t, st, list[0]); state != "discarded" {
		t.Errorf("job %s, want discarded after its last attempt", state)
	}
	out := log.String()
	for _, want := range []string{"mail_id=" + strconv.FormatInt(list[0].ID, 10), "smtp_code=550", "giving up"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	var errs string
	if err := st.Pool.QueryRow(context.Background(), "SELECT errors::text FROM river_job").Scan(&errs); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"rahasia", "Rahasia", "example.go.id"} {
		if strings.Contains(out, secret) || strings.Contains(errs, secret) {
			t.Errorf("log or river_job.errors contains %q:\n%s\n%s", secret, out, errs)
		}
	}
}

// The client `portal serve` runs delivers a message enqueued while it runs, without anyone waking it: river's
// insert notification (LISTEN/NOTIFY) or its fetch poll brings the job, and Stop returns.
func TestServingClientDeliversWithoutKick(t *testing.T) {
	st := dbtest.New(t)
	delivered := make(chan string, 10)
	sender := senderFunc(func(to string) error { delivered <- to; return nil })
	var log syncBuffer
	client, err := jobs.NewClient(st.Pool, jobs.Config{Store: st, Sender: sender, From: testFrom, Log: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{"a@example.go.id", "b@example.go.id"} {
		mustEnqueueMessage(t, st, mail.Letters{}.AkunDiajukan(mail.Recipient{Email: to, Nama: "A"}, "REG-1"))
		select {
		case got := <-delivered:
			if got != to {
				t.Fatalf("delivered to %s, want %s", got, to)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("the message to %s was not delivered", to)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := client.Stop(ctx); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if strings.Contains(log.String(), "level=ERROR") {
		t.Errorf("errors logged:\n%s", log.String())
	}
}

func TestRetryDelay(t *testing.T) {
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute,
		16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, w := range want {
		if got := jobs.RetryDelay(i + 1); got != w {
			t.Errorf("RetryDelay(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := jobs.RetryDelay(1000); got != time.Hour {
		t.Errorf("RetryDelay(1000) = %v", got)
	}
}

func TestRetryPolicy(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	p := jobs.RetryPolicy{Now: func() time.Time { return now }, RescueAfter: 5 * time.Minute}
	ran := now.Add(-2 * time.Second)
	if got := p.NextRetry(&rivertype.JobRow{Attempt: 3, AttemptedAt: &ran}); !got.Equal(now.Add(2 * time.Minute)) {
		t.Errorf("after a failed third attempt: %v, want 2 minutes on", got)
	}
	// River's rescuer asks for a job whose run died RescueAfter ago: it runs again at once.
	died := now.Add(-6 * time.Minute)
	if got := p.NextRetry(&rivertype.JobRow{Attempt: 3, AttemptedAt: &died}); !got.Equal(now) {
		t.Errorf("after a rescue: %v, want now", got)
	}
}
