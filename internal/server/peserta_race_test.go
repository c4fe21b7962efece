package server_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// A participant chosen as an operator's training evidence at the moment staff record that they did not pass:
// one of the two must lose. The test holds the participant's row as SaveHasil does, with the result changed,
// lets the registrator's choice queue behind it and then commits the result: the choice is refused.
func TestEvidenceChosenWhileTheResultChanges(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	sp, pengelola := scheduledPelatihan(t, p, c, time.Now())
	mustStatus(t, "peserta", pengelola.PostForm(sp+"/peserta", peserta("PK-1", "Rudi Hartono", nipOperatorSosial, "rudi@bandung.go.id")), http.StatusSeeOther)
	rudi := pesertaID(t, p, nipOperatorSosial)
	mustStatus(t, "hasil", pengelola.PostForm(sp+"/peserta/hasil", webtest.Values("hadir_"+rudi, "ya", "hasil_"+rudi, "lulus")), http.StatusSeeOther)
	kc, kid := draftThreeSepakat(t, c)
	row := rowID(t, p, kid, "Dinas Sosial")

	ctx := context.Background()
	staff, err := p.Store.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer staff.Rollback(ctx) //nolint:errcheck
	if _, err := staff.Exec(ctx, "SELECT 1 FROM bimtek_peserta WHERE id = $1 FOR UPDATE", rudi); err != nil {
		t.Fatal(err)
	}
	if _, err := staff.Exec(ctx, "UPDATE bimtek_peserta SET lulus = false WHERE id = $1", rudi); err != nil {
		t.Fatal(err)
	}
	chosen := make(chan *webtest.Response, 1)
	go func() {
		chosen <- kc.PostMultipart("/permohonan/"+strconv.FormatInt(kid, 10)+"/kebutuhan/"+row+"/kapasitas",
			webtest.Values("aksi", "peserta", "peserta_id", rudi))
	}()
	waitForLock(t, p)
	if err := staff.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if r := <-chosen; r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a participant failed meanwhile chosen as evidence: %d, want 422", r.Status)
	}
	if n := count(t, p, "SELECT count(*) FROM operator_pelatihan WHERE peserta_id = $1", rudi); n != 0 {
		t.Errorf("%d evidence rows point to a participant who did not pass", n)
	}
}

// waitForLock waits (up to 10 s) until a session of the portal's database waits for a lock.
func waitForLock(t *testing.T, p *servertest.Portal) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if count(t, p, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("nothing waits for the lock after 10 s")
		}
	}
}
