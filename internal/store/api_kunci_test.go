package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/api"
	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// Every API call is audited; the key's "last used" is written at most once a minute, so calls with one key do
// not queue behind each other on its row.
func TestAPICallLastUse(t *testing.T) {
	st := dbtest.New(t)
	ctx := context.Background()
	admin, err := st.CreateStaff(ctx, account.NewStaff{Username: "admin.kunci", Nama: "Admin", Email: "a@bappenas.go.id", PasswordHash: "x",
		TOTPSecret: "JBSWY3DPEHPK3PXP", Roles: []account.Role{account.RoleAdmin}}, account.Actor{Kind: account.ActorSistem})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	id, err := st.CreateAPIKey(ctx, store.NewAPIKey{Nama: "Sistem Uji", Cakupan: []api.Scope{api.ScopeHakAkses}, PerMinute: 60,
		Hash: []byte("hash-kunci-uji-tiga-puluh-dua-b!"), Petunjuk: "uji"}, account.Actor{Kind: account.ActorStaf, ID: admin}, t0)
	if err != nil {
		t.Fatal(err)
	}
	key := store.APIKey{ID: id}
	lastUse := func() time.Time {
		var at time.Time
		if err := st.Pool.QueryRow(ctx, "SELECT dipakai_at FROM api_kunci WHERE id = $1", id).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return at
	}
	for _, tc := range []struct {
		at, want time.Time
	}{
		{t0.Add(time.Second), t0.Add(time.Second)},             // the first use
		{t0.Add(30 * time.Second), t0.Add(time.Second)},        // within the minute: not written
		{t0.Add(61 * time.Second), t0.Add(61 * time.Second)},   // a minute on: written
		{t0.Add(61*time.Second + 5), t0.Add(61 * time.Second)}, // and not again at once
	} {
		if err := st.AuditAPICall(ctx, key, "192.0.2.1", store.APICall{Method: "GET", Route: "/api/v1/hak-akses", Status: 200}, tc.at); err != nil {
			t.Fatal(err)
		}
		if got := lastUse(); !got.Equal(tc.want) {
			t.Errorf("after a call at %s: last used %s, want %s", tc.at.Format(time.TimeOnly), got.Format(time.TimeOnly), tc.want.Format(time.TimeOnly))
		}
	}
	var calls int
	if err := st.Pool.QueryRow(ctx, "SELECT count(*) FROM audit_log WHERE action = 'api.panggil' AND object_id = $1", id).Scan(&calls); err != nil {
		t.Fatal(err)
	}
	if calls != 4 {
		t.Errorf("%d calls audited, want 4", calls)
	}
}
