package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/layanan"
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

// A rolled-back change leaves neither its message nor the message's delivery job.
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
	var jobs int
	if err := st.Pool.QueryRow(ctx, "SELECT count(*) FROM river_job").Scan(&jobs); err != nil || jobs != 0 {
		t.Fatalf("after rollback river_job holds %d jobs (%v), want 0", jobs, err)
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

// Each message gets its delivery job in the transaction that writes it: one river job on the mail queue,
// naming the row. Delivery itself is internal/jobs' (mail_test.go there).
func TestEnqueueMailWritesItsDeliveryJob(t *testing.T) {
	st := dbtest.New(t)
	mustEnqueue(t, st, "a", "b")
	rows, err := st.Pool.Query(context.Background(), `SELECT o.subject, count(j.id) FROM outbox o
		LEFT JOIN river_job j ON j.kind = 'kirim_surel' AND j.queue = $1 AND j.state = 'available' AND j.args = jsonb_build_object('outbox_id', o.id)
		GROUP BY o.subject ORDER BY o.subject`, store.QueueSurel)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (string, error) {
		var subject string
		var n int
		err := r.Scan(&subject, &n)
		return fmt.Sprintf("%s:%d", subject, n), err
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "a:1,b:1" {
		t.Fatalf("delivery jobs per message: %v, want one each", got)
	}
}

// RecordDelivery is the one writer of an outbox row's state.
func TestRecordDelivery(t *testing.T) {
	ctx := context.Background()
	st := dbtest.New(t)
	now := mustEnqueue(t, st, "gagal", "terkirim", "akhir")
	mails := mustListMail(t, st)
	completed := 0
	complete := func(context.Context, pgx.Tx) error { completed++; return nil }
	record := func(subject string, d store.Delivery) {
		t.Helper()
		d.MailID, d.At, d.Complete = mails[subject].ID, now, complete
		if err := st.RecordDelivery(ctx, d); err != nil {
			t.Fatalf("record %s: %v", subject, err)
		}
	}

	record("gagal", store.Delivery{Attempt: 1, Err: errors.New("550 5.1.1 mailbox\nunavailable " + strings.Repeat("x", 500))})
	m := mustListMail(t, st)["gagal"]
	if m.State != store.MailPending || m.Attempts != 1 || m.SentAt != nil || completed != 0 {
		t.Fatalf("after a failed attempt: %+v (completed %d), want pending", m, completed)
	}
	if !strings.HasPrefix(m.LastError, "550 5.1.1 mailbox unavailable xxx") || len(m.LastError) > 210 || strings.Contains(m.LastError, "\n") {
		t.Fatalf("last_error = %q, want a short one-line text", m.LastError)
	}
	record("gagal", store.Delivery{Attempt: 2})
	if m := mustListMail(t, st)["gagal"]; m.State != store.MailSent || m.Attempts != 2 || m.LastError != "" || !m.SentAt.Equal(now) || completed != 1 {
		t.Fatalf("after a retry that went out: %+v (completed %d)", m, completed)
	}

	record("akhir", store.Delivery{Attempt: 10, Err: errors.New("timeout"), Final: true})
	if m := mustListMail(t, st)["akhir"]; m.State != store.MailFailed || m.Attempts != 10 || m.LastError != "timeout" {
		t.Fatalf("after the last attempt: %+v, want failed", m)
	}
	// A row no longer pending stays as it is.
	record("akhir", store.Delivery{Attempt: 11})
	record("gagal", store.Delivery{Attempt: 3, Err: errors.New("late")})
	if m := mustListMail(t, st); m["akhir"].State != store.MailFailed || m["gagal"].State != store.MailSent || m["gagal"].Attempts != 2 {
		t.Fatalf("settled rows changed: %+v", m)
	}

	// The sent mark and the job's completion are one transaction: when completing fails, nothing is marked.
	lost := store.Delivery{MailID: mails["terkirim"].ID, Attempt: 1, At: now,
		Complete: func(context.Context, pgx.Tx) error { return store.ErrJobLost }}
	if err := st.RecordDelivery(ctx, lost); !errors.Is(err, store.ErrJobLost) {
		t.Fatalf("RecordDelivery with a lost job = %v", err)
	}
	if m := mustListMail(t, st)["terkirim"]; m.State != store.MailPending || m.SentAt != nil {
		t.Fatalf("marked sent without its job: %+v", m)
	}
}

// A message to an Anonim reporter keeps their address only until it is delivered with its body dropped
// (production); one to anybody else keeps it, and so does development, which keeps bodies for its mailbox.
func TestAnonimReporterAddressGoesWithTheBody(t *testing.T) {
	ctx := context.Background()
	st := dbtest.New(t)
	send := func(anonim bool, track byte) int64 {
		t.Helper()
		_, _, err := st.CreatePengaduan(ctx, layanan.NewPengaduan{Laporan: layanan.Laporan{Judul: "Judul", Isi: "Isi laporan yang cukup panjang.",
			Lokasi: "Bandung", Kategori: layanan.KategoriPermohonan, Anonim: anonim, Pelapor: layanan.Pelapor{Nama: "Siti Pelapor",
				Instansi: "Bappeda", Jabatan: "Analis", Email: "siti" + string('a'+track) + "@bandung.go.id"}}, TrackingHash: bytes.Repeat([]byte{track}, 32)},
			nil, account.Actor{Kind: account.ActorPublik}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		var id int64
		if err := st.Pool.QueryRow(ctx, "SELECT max(id) FROM outbox").Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	anonim, named, anonimDev := send(true, 1), send(false, 2), send(true, 3)
	deliver := func(id int64, drop bool) {
		t.Helper()
		if err := st.RecordDelivery(ctx, store.Delivery{MailID: id, Attempt: 1, At: time.Now(), DropBody: drop,
			Complete: func(context.Context, pgx.Tx) error { return nil }}); err != nil {
			t.Fatal(err)
		}
	}
	deliver(anonim, true)
	deliver(named, true)
	deliver(anonimDev, false)
	for id, want := range map[int64]string{anonim: store.AlamatDihapus, named: "sitic@bandung.go.id", anonimDev: "sitid@bandung.go.id"} {
		m, err := st.FindMail(ctx, id)
		if err != nil || m.To != want {
			t.Errorf("mail %d to %q (%v), want %q", id, m.To, err, want)
		}
	}
}
