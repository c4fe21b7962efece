package server_test

import (
	"context"
	"net/http"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/sepakat"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// A Penggantian Operator whose runs die between the Sepakat calls: the old account is closed, then the run
// dies; later the creation of the new one dies after Sepakat made it. Each time the work is taken up again
// from where it stood, with the same idempotency keys, and Sepakat never holds two open accounts for the row.

// stepKiller lets Sepakat answer, then kills the run (runtime.Goexit: river records nothing and the job stays
// 'running', as when the process is killed right after the call), for the calls it is told to.
type stepKiller struct {
	sepakat.Provisioner
	revokes, creates atomic.Int32 // how many of the next calls of each kind die
	died             chan struct{}
}

func (k *stepKiller) die(n *atomic.Int32) {
	if n.Add(-1) >= 0 {
		close(k.died)
		runtime.Goexit()
	}
}

func (k *stepKiller) Revoke(ctx context.Context, key, username, reason string) error {
	err := k.Provisioner.Revoke(ctx, key, username, reason)
	k.die(&k.revokes)
	return err
}

func (k *stepKiller) Create(ctx context.Context, key string, a sepakat.Account) (string, error) {
	id, err := k.Provisioner.Create(ctx, key, a)
	k.die(&k.creates)
	return id, err
}

func TestPenggantianSurvivesKilledRuns(t *testing.T) {
	t.Parallel()
	p, clock, _, c, id, runner := threeRowsInForce(t)
	registry := &store.SepakatRegistry{Store: p.Store, Now: clock.Now}
	k := &stepKiller{Provisioner: registry}
	dying := p.JobRunner(t, clock.Now, k)
	_, oldUser, _ := akunOf(t, p, id, "Dinas Sosial")
	staff := fileGanti(t, p, c, id)
	teknis := staffLogin(t, p, p.CreateStaff(t, "teknis.mati", account.RoleVerifikatorTeknis), clock.Now())
	mustStatus(t, "sesuai", teknis.PostForm(staff+"/putuskan", webtest.Values("hasil", "sesuai")), http.StatusSeeOther)
	newAkun, newUser, _ := akunOf(t, p, id, "Dinas Sosial")
	// never two: at every step at most one of the row's accounts is open in Sepakat.
	never2 := func(when string) {
		t.Helper()
		if n := count(t, p, "SELECT count(*) FROM sepakat_registry WHERE username IN ($1, $2) AND state = 'aktif'", oldUser, newUser); n > 1 {
			t.Fatalf("%s: %d open accounts in Sepakat for one row", when, n)
		}
		if n := count(t, p, "SELECT count(*) FROM akses_akun a JOIN permohonan_rows r ON r.id = a.row_id WHERE r.permohonan_id = $1 AND r.pengguna = 'Dinas Sosial' AND a.state IN ('disiapkan', 'aktif', 'gagal')", id); n != 1 {
			t.Fatalf("%s: %d live accounts in the portal for one row", when, n)
		}
	}
	never2("approved")

	// 1. The run closing the old account dies right after Sepakat closed it.
	k.revokes.Store(1)
	k.died = make(chan struct{})
	dying.RunAndDie(t, k.died)
	if st, _ := registryState(t, p, oldUser); st != "dicabut" {
		t.Fatalf("the old account is %s in Sepakat", st)
	}
	if n := count(t, p, "SELECT count(*) FROM sepakat_registry WHERE username = $1", newUser); n != 0 {
		t.Fatal("the new account was created before the closing was recorded")
	}
	if n := count(t, p, "SELECT count(*) FROM river_job WHERE kind = 'akun_buat' AND (args->>'akun_id')::bigint = $1", newAkun); n != 0 {
		t.Fatal("the creation was enqueued by a run that died")
	}
	never2("after the first death")
	servertest.RunJobs(t, runner) // not yet rescued: nothing moves
	never2("before the rescue")

	// 2. Rescued, the closing replays (same key, nothing done twice) and enqueues the creation, whose run
	// dies right after Sepakat created the account.
	clock.Advance(6 * time.Minute)
	k.creates.Store(1)
	k.died = make(chan struct{})
	runner.Maintain(t) // river's rescuer at the test's clock: the dead run's job is due again
	dying.RunAndDie(t, k.died)
	if st, _ := registryState(t, p, newUser); st != "aktif" {
		t.Fatalf("the new account is %s in Sepakat", st)
	}
	if _, _, st := akunOf(t, p, id, "Dinas Sosial"); st != "disiapkan" {
		t.Fatalf("the new account is %s in the portal before its run recorded it", st)
	}
	if n := len(linksTo(t, p, newOperatorEmail)); n != 0 {
		t.Fatal("the credentials went out from a run that died")
	}
	never2("after the second death")

	// 3. Rescued again: the creation replays, the account is active, the operator gets one link.
	clock.Advance(6 * time.Minute)
	servertest.RunJobs(t, runner)
	servertest.RunJobs(t, runner)
	if _, _, st := akunOf(t, p, id, "Dinas Sosial"); st != "aktif" {
		t.Fatalf("the new account is %s after the retries", st)
	}
	never2("done")
	for op, user := range map[string]string{"revoke": oldUser, "create": newUser} {
		if n := count(t, p, "SELECT count(*) FROM sepakat_registry_requests WHERE operation = $1 AND username = $2", op, user); n != 1 {
			t.Errorf("%d %s requests for %s reached Sepakat's records, want 1", n, op, user)
		}
	}
	if n := count(t, p, "SELECT count(*) FROM river_job WHERE kind IN ('akun_cabut', 'akun_buat') AND state = 'completed' AND attempt = 2 AND ((args->>'akun_id')::bigint = $1 OR args->>'lanjut' = $2)",
		newAkun, strconv.FormatInt(newAkun, 10)); n != 2 {
		t.Errorf("%d jobs completed on their second attempt, want the closing and the creation", n)
	}
	if n := len(linksTo(t, p, newOperatorEmail)); n != 1 {
		t.Errorf("%d links to the new operator", n)
	}
	if n := count(t, p, "SELECT count(*) FROM penggantian_operator WHERE permohonan_id = $1 AND state = 'selesai'", id); n != 1 {
		t.Error("the request is not done")
	}
}
