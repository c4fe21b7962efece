package server_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/webtest"
	"github.com/jackc/pgx/v5"
)

// The six-month rule (§3.2.5 Ketentuan Khusus a: a Pemda without Forum Satu Data may access Sepakat "hanya
// … selama 6 bulan") as the pedoman sets it: the six months run from the day access is given, not from the
// decision, and they are Sepakat's (Ketentuan Khusus is "persyaratan tambahan … dengan pengajuan media akses
// Sepakat"): a Fasilitas row keeps the end decided for it.
func TestSixMonthsFromTheDayGivenForSepakatOnly(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Date(2026, 1, 5, 10, 0, 0, 0, wib))
	p := servertest.NewWithClock(t, clock)
	c, _, id, reg := submitted(t, p, "32.73") // forum satu data: "tidak", no SK; two Sepakat rows, one Fasilitas
	// Decided in January for the year: the decision is not capped at six months from the decision day
	// (Approve fails the test if the decision is refused).
	p.Approve(t, id, clock.Now(), date(2026, 12, 31))
	runner := p.JobRunner(t, clock.Now, nil)
	moveTo(clock, time.Date(2026, 3, 2, 10, 0, 0, 0, wib)) // the agreements took two months
	p.GiveAccess(t, c, id, runner, clock.Now())

	ctx := context.Background()
	var sepakat []string
	rows, err := p.Store.Pool.Query(ctx, "SELECT berlaku_sampai::text FROM akses_akun WHERE permohonan_id = $1 ORDER BY id", id)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		sepakat = append(sepakat, s)
	}
	if strings.Join(sepakat, ",") != "2026-09-02,2026-09-02" {
		t.Errorf("Sepakat accounts end %v, want six months after access was given (2026-09-02)", sepakat)
	}
	if n := count(t, p, "SELECT count(*) FROM permohonan WHERE id = $1 AND akses_berakhir = '2026-12-31' AND enam_bulan", id); n != 1 {
		t.Error("the permohonan does not run to its Fasilitas row's end under the six-month rule")
	}

	moveTo(clock, time.Date(2026, 9, 3, 0, 5, 0, 0, wib))
	servertest.RunJobs(t, runner)
	mustState(t, p, id, "akses_diberikan")
	if n := count(t, p, "SELECT count(*) FROM akses_akun WHERE permohonan_id = $1 AND state = 'berakhir' AND end_reason = 'enam_bulan'", id); n != 2 {
		t.Errorf("%d Sepakat accounts closed under the six-month rule, want 2", n)
	}
	if subject, text := latestMail(t, p, reg.Email); !strings.HasPrefix(subject, "Hak Akses Sepakat Berakhir") || !strings.Contains(text, "batas 6 bulan") {
		t.Errorf("the registrator is not told the six months ended: %q", subject)
	}
}

// Access approved for less than six months ends by its own period even where the rule applies: it is not
// "closed until the SK is uploaded", and an SK does not re-open it.
func TestShortAccessUnderTheRuleEndsByItsOwnPeriod(t *testing.T) {
	t.Parallel()
	p, clock := clockPortal(t)
	c, path, id, _ := submitted(t, p, "32.73")
	p.Approve(t, id, clock.Now(), date(2026, 6, 1))
	runner := p.JobRunner(t, clock.Now, nil)
	p.GiveAccess(t, c, id, runner, clock.Now())
	moveTo(clock, time.Date(2026, 6, 2, 0, 5, 0, 0, wib))
	servertest.RunJobs(t, runner)
	mustState(t, p, id, "berakhir")
	if n := count(t, p, "SELECT count(*) FROM permohonan WHERE id = $1 AND end_reason = 'kedaluwarsa'", id); n != 1 {
		t.Error("access that ran its own period is recorded as closed by the six-month rule")
	}
	if r := c.PostMultipart(path+"/sk-forum", nil, webtest.File{Field: "berkas", Name: "sk-forum.pdf", Content: servertest.PDF(t, "SK Forum")}); r.Status != http.StatusConflict {
		t.Errorf("an SK offered to re-open access that ended by its own period: %d, want 409", r.Status)
	}
}

// An expiry job that arrives a moment before its time (river judges by the database's clock, the job by the
// portal's) is not completed — nothing would end the access then — but waits for its time.
func TestExpiryJobEarlyWaitsForItsTime(t *testing.T) {
	t.Parallel()
	p, clock := clockPortal(t)
	c, _, id, _ := submitted(t, p, "32.73")
	p.Approve(t, id, clock.Now(), date(2026, 6, 1))
	runner := p.JobRunner(t, clock.Now, nil)
	p.GiveAccess(t, c, id, runner, clock.Now())
	ctx := context.Background()
	var j store.Job
	if err := p.Store.Pool.QueryRow(ctx, `SELECT id, (args->>'permohonan_id')::bigint, (args->>'versi')::int FROM river_job
		WHERE kind = $1 AND (args->>'permohonan_id')::bigint = $2 ORDER BY id DESC LIMIT 1`, store.JobAksesBerakhir, id).
		Scan(&j.ID, &j.Args.PermohonanID, &j.Args.Versi); err != nil {
		t.Fatal(err)
	}
	completed := 0
	j.Kind, j.Complete = store.JobAksesBerakhir, func(context.Context, pgx.Tx) error { completed++; return nil }
	early := time.Date(2026, 6, 1, 23, 59, 58, 0, wib) // two seconds before the day after the end
	err := p.Store.RunExpiry(ctx, j, early)
	if nd, ok := errors.AsType[*store.NotDueError](err); !ok || !nd.Until.Equal(time.Date(2026, 6, 2, 0, 0, 0, 0, wib)) || completed != 0 {
		t.Fatalf("an early run: %v (completed %d), want not due until 2 June 00.00 WIB and not completed", err, completed)
	}
	mustState(t, p, id, "akses_diberikan")
	if err := p.Store.RunExpiry(ctx, j, early.Add(3*time.Second)); err != nil || completed != 1 {
		t.Fatalf("the run at its time: %v (completed %d)", err, completed)
	}
	mustState(t, p, id, "berakhir")
}
