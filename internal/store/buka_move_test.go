package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// Every (state, event, person) of a request to open an Anonim reporter's identity, fired through the store:
// an allowed move changes exactly its row, writes one audit row and its email (none for the opening); a
// refused one changes nothing and says why — the two-person rule's sentences included.
func TestBukaIdentitasMoves(t *testing.T) {
	t.Parallel()
	f := newLayananFixture(t)
	ctx := context.Background()
	st := f.st
	asker := f.admin
	second := f.newStaff(t, "admin.kedua", account.RoleAdmin)
	handler := f.staff // pengelola layanan, no admin
	v := layanan.ViewerFor(asker.ID, asker.Roles)
	states := []string{"diminta", "disetujui", "disetujui-lama", "ditolak", "dibuka"}
	events := []layanan.BukaEvent{layanan.BukaSetujui, layanan.BukaTolak, layanan.BukaBuka}
	people := map[string]account.Actor{"pengaju": asker, "admin kedua": second, "pengelola": handler}
	fixture := func(state string) (pengaduanID, id int64, r layanan.BukaRequest) {
		pengaduanID = f.pengaduan(t, false)
		if _, err := st.Pool.Exec(ctx, "UPDATE pengaduan SET anonim = true WHERE id = $1", pengaduanID); err != nil {
			t.Fatal(err)
		}
		if err := st.AskBuka(ctx, pengaduanID, "Permintaan tertulis aparat penegak hukum.", v, asker, f.now); err != nil {
			t.Fatal(err)
		}
		r, err := st.LatestBuka(ctx, pengaduanID)
		if err != nil {
			t.Fatal(err)
		}
		decided := f.now.Add(-time.Hour)
		if state == "disetujui-lama" {
			decided = f.now.Add(-layanan.BukaBerlaku - time.Hour)
		}
		set := map[string]string{"disetujui": "diputus_oleh = $3, diputus_at = $2", "disetujui-lama": "diputus_oleh = $3, diputus_at = $2",
			"ditolak": "diputus_oleh = $3, diputus_at = $2, catatan = 'bukan alasan yang sah'", "dibuka": "diputus_oleh = $3, diputus_at = $2, dibuka_at = $2"}
		if state != "diminta" {
			s := map[string]string{"disetujui-lama": "disetujui"}[state]
			if s == "" {
				s = state
			}
			if _, err := st.Pool.Exec(ctx, "UPDATE pengaduan_buka_identitas SET state = '"+s+"', "+set[state]+" WHERE id = $1", r.ID, decided, second.ID); err != nil {
				t.Fatal(err)
			}
		}
		r, _ = st.LatestBuka(ctx, pengaduanID)
		return pengaduanID, r.ID, r
	}
	tally := func(id int64) (string, int, int) {
		var s string
		var audits, mails int
		if err := st.Pool.QueryRow(ctx, `SELECT (SELECT state FROM pengaduan_buka_identitas WHERE id = $1),
			(SELECT count(*) FROM audit_log WHERE object_type = 'pengaduan_buka_identitas' AND object_id = $1),
			(SELECT count(*) FROM outbox WHERE subject LIKE 'Permintaan Membuka Identitas%')`, id).Scan(&s, &audits, &mails); err != nil {
			t.Fatal(err)
		}
		return s, audits, mails
	}
	moves := 0
	for _, state := range states {
		for _, ev := range events {
			for who, actor := range people {
				pid, id, r := fixture(state)
				next, checkErr := layanan.CheckBuka(r, ev, actor.RoleAmong([]account.Role{account.RoleAdmin}), actor.ID, f.now)
				s0, a0, m0 := tally(id)
				var err error
				if ev == layanan.BukaBuka {
					var p layanan.Pengaduan
					p, err = st.OpenBuka(ctx, pid, id, layanan.ViewerFor(actor.ID, actor.Roles), actor, f.now)
					if err == nil && (p.Pelapor == nil || p.Pelapor.Nama != "Budi") {
						t.Errorf("%s %s by %s: opened without the identity", state, ev, who)
					}
				} else {
					err = st.DecideBuka(ctx, pid, id, ev, "alasan penolakan uji", actor, f.now)
				}
				s1, a1, m1 := tally(id)
				what := fmt.Sprintf("%s --%s/%s-->", state, ev, who)
				switch {
				case checkErr == nil && err != nil:
					t.Errorf("%s: allowed move failed: %v", what, err)
				case checkErr == nil:
					moves++
					wantMail := 1
					if ev == layanan.BukaBuka {
						wantMail = 0
					}
					if s1 != string(next) || a1 != a0+1 || m1 != m0+wantMail {
						t.Errorf("%s: state %s, audits +%d, mails +%d; want %s, +1, +%d", what, s1, a1-a0, m1-m0, next, wantMail)
					}
				case err == nil:
					t.Errorf("%s: refused move (%v) succeeded", what, checkErr)
				case !errors.Is(err, store.ErrForbidden) && !errors.Is(err, store.ErrConflict) && !errors.Is(err, checkErr):
					t.Errorf("%s: refused with %v, want ErrForbidden, ErrConflict or %v", what, err, checkErr)
				case s1 != s0 || a1 != a0 || m1 != m0:
					t.Errorf("%s: a refused move changed something", what)
				}
			}
		}
	}
	if moves != 3 {
		t.Errorf("%d allowed moves fired, want 3 (approve, refuse, open)", moves)
	}
}
