package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

// A rekomendasi asked of a direktur pengampu who then leaves (deactivated) does not hold the decision for
// ever: another direktur is asked and answers, and the produsen data decides (servertest.Approve fails the
// test if the decision is refused).
func TestRekomendasiOfADirekturWhoLeft(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	kl := p.CreateRegistrator(t, "pusat", "027", "KEMENTERIAN SOSIAL")
	_, id := p.SubmitSample(t, kl, "nasional")
	ctx := context.Background()
	gone := p.CreateStaff(t, "direktur.pensiun", account.RoleDirekturPengampu)
	asker := p.CreateStaff(t, "substansi.bertanya", account.RoleVerifikatorSubstansi)
	if _, err := p.Store.Pool.Exec(ctx, `INSERT INTO rekomendasi (permohonan_id, requested_by, direktur_id, question, requested_at)
		VALUES ($1, $2, $3, 'Apakah sesuai tugas dan fungsi?', now())`, id, asker.ID, gone.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Store.Pool.Exec(ctx, "UPDATE staff SET active = false WHERE id = $1", gone.ID); err != nil {
		t.Fatal(err)
	}
	p.Approve(t, id, time.Now(), time.Now().AddDate(0, 6, 0))
	mustState(t, p, id, "disetujui")
}
