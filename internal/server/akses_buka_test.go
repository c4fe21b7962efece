package server_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/jobstest"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// Access closed by the six-month rule is re-opened once the SK is uploaded (extendRows): its accounts stay
// closed in the portal until Sepakat has re-opened them. Access revoked in that window must not come back
// open, whether the re-opening had not started or was already under way.

// reopening closes a permohonan under the six-month rule, uploads the SK and has the produsen data extend
// it; no job has re-opened the accounts yet. It returns the produsen data's client.
func reopening(t *testing.T, p *servertest.Portal, clock *servertest.Clock) (int64, *jobstest.Runner, *webtest.Client) {
	t.Helper()
	c, path, id, _ := submitted(t, p, "32.73") // forum satu data: "tidak", no SK
	// The Sepakat rows for a year (the six-month rule cuts them six months after access is given), the
	// Fasilitas row, which the rule does not reach, until before that: the whole access ends with the cut.
	p.ApproveUntil(t, id, clock.Now(), func(r request.Row) time.Time {
		if r.Media == request.Sepakat {
			return date(2027, 3, 1)
		}
		return date(2026, 8, 31)
	})
	runner := p.JobRunner(t, clock.Now, nil)
	p.GiveAccess(t, c, id, runner, clock.Now())
	moveTo(clock, time.Date(2026, 9, 3, 0, 5, 0, 0, wib))
	servertest.RunJobs(t, runner)
	mustState(t, p, id, "berakhir")
	mustStatus(t, "sk", c.PostMultipart(path+"/sk-forum", nil, webtest.File{Field: "berkas", Name: "sk-forum.pdf", Content: servertest.PDF(t, "SK Forum")}), http.StatusSeeOther)
	produsen := staffLogin(t, p, p.CreateStaff(t, "produsen.buka.cabut", account.RoleProdusenData), clock.Now())
	mustStatus(t, "perpanjang", produsen.PostForm("/petugas/akses/"+strconv.FormatInt(id, 10)+"/perpanjang", webtest.Values("sampai", "2027-08-31")), http.StatusSeeOther)
	mustState(t, p, id, "akses_diberikan")
	if n := count(t, p, "SELECT count(*) FROM akses_akun WHERE permohonan_id = $1 AND state = 'berakhir'", id); n != 2 {
		t.Fatalf("%d accounts waiting to re-open, want 2", n)
	}
	return id, runner, produsen
}

func revoke(t *testing.T, produsen *webtest.Client, id int64) {
	t.Helper()
	mustStatus(t, "cabut", produsen.PostForm("/petugas/akses/"+strconv.FormatInt(id, 10)+"/cabut",
		webtest.Values("alasan_cabut", "Data BNBA dibagikan kepada pihak ketiga tanpa persetujuan.")), http.StatusSeeOther)
}

// openInSepakat is how many of the permohonan's accounts Sepakat holds open, and how many the portal does.
func openInSepakat(t *testing.T, p *servertest.Portal, id int64) (sepakat, portal int) {
	t.Helper()
	return count(t, p, `SELECT count(*) FROM sepakat_registry r JOIN akses_akun a ON a.username = r.username
			WHERE a.permohonan_id = $1 AND r.state = 'aktif'`, id),
		count(t, p, "SELECT count(*) FROM akses_akun WHERE permohonan_id = $1 AND state = 'aktif'", id)
}

func TestRevokedBeforeReopening(t *testing.T) {
	t.Parallel()
	p, clock := clockPortal(t)
	id, runner, produsen := reopening(t, p, clock)
	revoke(t, produsen, id)
	mustState(t, p, id, "dicabut")
	servertest.RunJobs(t, runner)
	if sepakat, portal := openInSepakat(t, p, id); sepakat != 0 || portal != 0 {
		t.Errorf("after revocation %d accounts open in Sepakat, %d active in the portal; want none", sepakat, portal)
	}
	if n := count(t, p, "SELECT count(*) FROM river_job WHERE kind = 'akun_perpanjang' AND state = 'cancelled' AND (args->>'permohonan_id')::bigint = $1", id); n != 2 {
		t.Errorf("%d re-openings cancelled, want 2", n)
	}
	// The Berita Acara withdrawn at the re-opening is asked for again: the operators kept the data.
	if n := count(t, p, "SELECT count(*) FROM pemusnahan WHERE permohonan_id = $1 AND state = 'menunggu' AND alasan = 'dicabut'", id); n != 2 {
		t.Errorf("%d Berita Acara asked for after the revocation, want 2", n)
	}
}

// The re-opening's call to Sepakat went through before the revocation committed; its completion comes after.
func TestRevokedWhileReopening(t *testing.T) {
	t.Parallel()
	p, clock := clockPortal(t)
	id, runner, produsen := reopening(t, p, clock)
	ctx := context.Background()
	var j store.Job
	var username string
	if err := p.Store.Pool.QueryRow(ctx, `SELECT j.id, (j.args->>'akun_id')::bigint, (j.args->>'permohonan_id')::bigint, (j.args->>'versi')::int,
			(j.args->>'akun_versi')::int, j.args->>'sampai', a.username
		FROM river_job j JOIN akses_akun a ON a.id = (j.args->>'akun_id')::bigint
		WHERE j.kind = 'akun_perpanjang' AND a.permohonan_id = $1 ORDER BY j.id LIMIT 1`, id).
		Scan(&j.ID, &j.Args.AkunID, &j.Args.PermohonanID, &j.Args.Versi, &j.Args.AkunVersi, &j.Args.Sampai, &username); err != nil {
		t.Fatal(err)
	}
	j.Kind = store.JobAkunPerpanjang
	j.Complete = func(context.Context, pgx.Tx) error { return nil } // river's record of this run is not what is tested
	until, _ := time.Parse(time.DateOnly, j.Args.Sampai)
	registry := &store.SepakatRegistry{Store: p.Store, Now: clock.Now}
	if err := registry.Extend(ctx, "uji-dalam-jalan", username, until); err != nil {
		t.Fatal(err)
	}
	revoke(t, produsen, id)
	if err := p.Store.CompleteExtend(ctx, j, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if n := count(t, p, "SELECT count(*) FROM akses_akun WHERE id = $1 AND state = 'aktif'", j.Args.AkunID); n != 0 {
		t.Error("the revoked access's account became active")
	}
	servertest.RunJobs(t, runner)
	if sepakat, portal := openInSepakat(t, p, id); sepakat != 0 || portal != 0 {
		t.Errorf("after revocation %d accounts open in Sepakat, %d active in the portal; want none", sepakat, portal)
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'akses.akun_ditutup_lagi' AND object_id = $1", j.Args.AkunID); n != 1 {
		t.Errorf("%d audit rows for closing Sepakat's account again, want 1", n)
	}
}
