package server_test

import (
	"context"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/jobstest"
	"github.com/bappenas/portal-regsosek/internal/sepakat"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// Runs of the Tahap 5–6 jobs that go wrong: a run killed mid-way, and several instances at once.

// killer is a Sepakat adapter whose call succeeds and then the run dies (runtime.Goexit: river's executor
// records nothing, and the job stays 'running'), as when the process is killed just after Sepakat answered.
type killer struct {
	sepakat.Provisioner
	kills atomic.Int32
	calls atomic.Int32
	died  chan struct{}
}

func (k *killer) die() {
	if k.kills.Add(-1) >= 0 {
		close(k.died)
		runtime.Goexit()
	}
}

func (k *killer) Create(ctx context.Context, key string, a sepakat.Account) (string, error) {
	k.calls.Add(1)
	id, err := k.Provisioner.Create(ctx, key, a)
	k.die()
	return id, err
}

func (k *killer) SetPassword(ctx context.Context, key, username, password string) error {
	k.calls.Add(1)
	err := k.Provisioner.SetPassword(ctx, key, username, password)
	k.die()
	return err
}

// runDying works the jobs due, one at a time, in a client that the killer kills on its first call.
func runDying(t *testing.T, r *jobstest.Runner, k *killer) {
	k.died = make(chan struct{})
	r.RunAndDie(t, k.died)
}

func TestKilledJobIsRetriedWithoutDuplicates(t *testing.T) {
	t.Parallel()
	p, clock := clockPortal(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	p.Approve(t, id, clock.Now(), date(2026, 6, 30))
	registry := &store.SepakatRegistry{Store: p.Store, Now: clock.Now}
	runner := p.JobRunner(t, clock.Now, registry)
	k := &killer{Provisioner: registry}
	k.kills.Store(1)
	dying := p.JobRunner(t, clock.Now, k)
	p.SignAgreements(t, c, id, runner, clock.Now())
	operator := p.PrepareAccess(t, id, clock.Now())

	runDying(t, dying, k) // the first account is created in Sepakat, then the run dies
	if n := count(t, p, "SELECT count(*) FROM sepakat_registry"); n != 1 {
		t.Fatalf("%d accounts in Sepakat after the dead run", n)
	}
	if n := count(t, p, "SELECT count(*) FROM river_job WHERE state = 'running'"); n != 1 {
		t.Fatalf("%d jobs left running", n)
	}
	servertest.RunJobs(t, runner) // the other account; the dead run's job is not yet rescued
	give := operator.PostForm("/petugas/akses/"+strconv.FormatInt(id, 10)+"/berikan", nil)
	if give.Status != http.StatusUnprocessableEntity {
		t.Fatalf("access given with an account not active: %d", give.Status)
	}
	clock.Advance(6 * time.Minute) // past RescueAfter (5 minutes): the rescuer gives the job back
	servertest.RunJobs(t, runner)
	if n := count(t, p, "SELECT count(*) FROM sepakat_registry"); n != 2 {
		t.Errorf("%d accounts in Sepakat, want 2", n)
	}
	if n := count(t, p, "SELECT count(*) FROM sepakat_registry_requests WHERE operation = 'create'"); n != 2 {
		t.Errorf("%d creates recorded", n)
	}
	if n := count(t, p, "SELECT count(*) FROM river_job WHERE kind = 'akun_buat' AND state = 'completed' AND attempt = 2"); n != 1 {
		t.Errorf("the dead job was not retried once: %d", n)
	}
	mustStatus(t, "berikan", operator.PostForm("/petugas/akses/"+strconv.FormatInt(id, 10)+"/berikan", nil), http.StatusSeeOther)
	for _, op := range []string{"operator004@daerah.go.id", "operator003@daerah.go.id"} {
		if n := len(linksTo(t, p, op)); n != 1 {
			t.Errorf("%d credential emails to %s", n, op)
		}
	}

	// A re-issue whose run dies after Sepakat took the new password: one new link, and it works.
	row := "/permohonan/" + strconv.FormatInt(id, 10) + "/akses/" + rowID(t, p, id, "Dinas Pendidikan")
	mustStatus(t, "kirim ulang", c.PostForm(row+"/kirim-ulang", nil), http.StatusSeeOther)
	k.kills.Store(1)
	runDying(t, dying, k)
	if n := len(linksTo(t, p, "operator003@daerah.go.id")); n != 1 {
		t.Fatalf("a link was sent by the dead run: %d", n)
	}
	clock.Advance(6 * time.Minute)
	servertest.RunJobs(t, runner)
	links := linksTo(t, p, "operator003@daerah.go.id")
	if len(links) != 2 {
		t.Fatalf("%d links after the retry, want 2", len(links))
	}
	password := shownPassword(t, webtest.NewClient(t, p.URL).PostForm(links[1], nil).Body)
	if ok, _ := registry.SepakatLogin(context.Background(), "dinaspendidikan.3273", password); !ok {
		t.Error("the re-issued password does not open Sepakat")
	}

	// A run that dies right after claiming the warning: retried once rescued, one email.
	moveTo(clock, time.Date(2026, 5, 31, 8, 0, 0, 0, wib))
	if kind := runner.ClaimAndDie(t); kind != store.JobAksesPeringatan {
		t.Fatalf("claim: %q", kind)
	}
	servertest.RunJobs(t, runner)
	if n := mails(t, p, reg.Email, "Hak Akses Data Regsosek Akan Berakhir"); n != 0 {
		t.Fatal("a claimed job ran twice")
	}
	clock.Advance(6 * time.Minute)
	servertest.RunJobs(t, runner)
	servertest.RunJobs(t, runner)
	if n := mails(t, p, reg.Email, "Hak Akses Data Regsosek Akan Berakhir"); n != 1 {
		t.Errorf("%d warnings after the retry", n)
	}
}

// counting counts the calls that reach Sepakat.
type counting struct {
	sepakat.Provisioner
	creates atomic.Int32
}

func (c *counting) Create(ctx context.Context, key string, a sepakat.Account) (string, error) {
	c.creates.Add(1)
	return c.Provisioner.Create(ctx, key, a)
}

// Several instances working at once run each job once: four river clients on one database (river claims
// with FOR UPDATE SKIP LOCKED).
func TestConcurrentRunnersRunEachJobOnce(t *testing.T) {
	t.Parallel()
	p, clock := clockPortal(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	p.Approve(t, id, clock.Now(), date(2026, 6, 30))
	cp := &counting{Provisioner: &store.SepakatRegistry{Store: p.Store, Now: clock.Now}}
	runners := []*jobstest.Runner{p.JobRunner(t, clock.Now, cp), p.JobRunner(t, clock.Now, cp), p.JobRunner(t, clock.Now, cp), p.JobRunner(t, clock.Now, cp)}
	var wg sync.WaitGroup
	for _, r := range runners { // the approval's job opening Tahap 4, four clients at once
		wg.Go(func() { servertest.RunJobs(t, r) })
	}
	wg.Wait()
	if n := mails(t, p, reg.Email, "Pemrosesan PKS dan NDA"); n != 1 {
		t.Errorf("%d Tahap 4 emails", n)
	}
	p.SignAgreements(t, c, id, runners[0], clock.Now())
	p.PrepareAccess(t, id, clock.Now())
	for _, r := range runners {
		wg.Go(func() { servertest.RunJobs(t, r) })
	}
	wg.Wait()
	if n := cp.creates.Load(); n != 2 {
		t.Errorf("%d creates for 2 accounts", n)
	}
}
