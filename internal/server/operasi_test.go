package server_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// The admin's operations page (issue 14 item 9): a failed email (without its body) and stopped jobs are listed;
// "Kirim Ulang" puts the email and its delivery job back, "Coba Lagi" a stopped job, each audited; a Sepakat
// job points to its own page; other staff do not reach the page.
func TestOperasiPage(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Now())
	p := servertest.NewWithClock(t, clock)
	ctx := context.Background()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := p.Store.Pool.Exec(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	if err := pgx.BeginFunc(ctx, p.Store.Pool, func(tx pgx.Tx) error {
		return p.Store.EnqueueMail(ctx, tx, "budi@example.go.id", "Uji gagal", "tautan-rahasia-di-badan", "<p>tautan-rahasia-di-badan</p>")
	}); err != nil {
		t.Fatal(err)
	}
	var mailID int64
	if err := p.Store.Pool.QueryRow(ctx, "SELECT id FROM outbox").Scan(&mailID); err != nil {
		t.Fatal(err)
	}
	if err := p.Store.RecordDelivery(ctx, store.Delivery{MailID: mailID, Attempt: 10, Err: errors.New("550 5.1.1 ditolak"), Final: true, At: clock.Now()}); err != nil {
		t.Fatal(err)
	}
	exec("UPDATE river_job SET state = 'discarded', finalized_at = now(), attempt = 10 WHERE kind = 'kirim_surel'")
	exec(`INSERT INTO river_job (state, attempt, max_attempts, finalized_at, args, kind, queue, errors) VALUES
		('discarded', 10, 10, now(), '{}', 'buka_tahap4', 'default', ARRAY['{"error": "database sibuk", "attempt": 10}'::jsonb]),
		('discarded', 10, 10, now(), '{"akun_id": 5, "permohonan_id": 77}', 'akun_buat', 'default', NULL)`)

	admin := staffLogin(t, p, p.CreateStaff(t, "admin.operasi", account.RoleAdmin), clock.Now())
	page := admin.Get("/petugas/operasi")
	if page.Status != http.StatusOK {
		t.Fatalf("operasi: %d", page.Status)
	}
	for _, want := range []string{"Uji gagal", "550 5.1.1 ditolak", "buka_tahap4", "database sibuk", `href="/petugas/akses/77"`, "/kirim-ulang", "/coba-lagi"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page.Body, "tautan-rahasia-di-badan") {
		t.Error("the page shows an email's body")
	}
	mustStatus(t, "kirim ulang", admin.PostForm("/petugas/operasi/surel/"+itoa64(mailID)+"/kirim-ulang", nil), http.StatusSeeOther)
	var state, jobState string
	if err := p.Store.Pool.QueryRow(ctx, `SELECT o.state, j.state::text FROM outbox o JOIN river_job j ON j.kind = 'kirim_surel'
		AND (j.args->>'outbox_id')::bigint = o.id`).Scan(&state, &jobState); err != nil {
		t.Fatal(err)
	}
	if state != "pending" || jobState != "available" {
		t.Errorf("after Kirim Ulang: email %s, job %s; want pending and available", state, jobState)
	}
	var bukaID, akunJob int64
	if err := p.Store.Pool.QueryRow(ctx, "SELECT (SELECT id FROM river_job WHERE kind = 'buka_tahap4'), (SELECT id FROM river_job WHERE kind = 'akun_buat')").Scan(&bukaID, &akunJob); err != nil {
		t.Fatal(err)
	}
	mustStatus(t, "coba lagi", admin.PostForm("/petugas/operasi/pekerjaan/"+itoa64(bukaID)+"/coba-lagi", nil), http.StatusSeeOther)
	if n := count(t, p, "SELECT count(*) FROM river_job WHERE id = $1 AND state = 'available' AND attempt = 0", bukaID); n != 1 {
		t.Error("the stopped job was not sent back to work from its first attempt")
	}
	// A Sepakat job is retried where the account's state goes back with it, not here.
	admin.PostForm("/petugas/operasi/pekerjaan/"+itoa64(akunJob)+"/coba-lagi", nil)
	if n := count(t, p, "SELECT count(*) FROM river_job WHERE id = $1 AND state = 'discarded'", akunJob); n != 1 {
		t.Error("the operations page retried a Sepakat job")
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action IN ('surel.kirim_ulang', 'job.coba_lagi')"); n != 2 {
		t.Errorf("%d audit rows for the retries, want 2", n)
	}
	other := staffLogin(t, p, p.CreateStaff(t, "verifikator.akun", account.RoleVerifikatorAkun), clock.Now())
	if r := other.Get("/petugas/operasi"); r.Status != http.StatusNotFound {
		t.Errorf("a verifikator akun opens the page: %d", r.Status)
	}
}
