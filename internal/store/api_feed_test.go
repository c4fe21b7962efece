package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/api"
	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// feedAfter reads the whole changes feed after c (every instansi), waiting up to ten seconds for at least n
// changes: a change shows once every older transaction of the cluster has ended.
func feedAfter(t *testing.T, st *store.Store, c api.Cursor, n int) []api.Perubahan {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		list, _, _, err := st.Changes(context.Background(), c, 0, api.MaxBatas)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) >= n || time.Now().After(deadline) {
			return list
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func kindsOf(list []api.Perubahan) []string {
	var out []string
	for _, ch := range list {
		out = append(out, string(ch.Jenis)+" "+ch.AkunOperator+" "+ch.BerlakuSampai)
	}
	return out
}

// Every change of an entitlement is recorded by the database, whichever statement makes it (migration 030):
// given, extended, an end moved earlier, revoked, ended, re-opened, replaced; a move of an account that was
// never active, or a write that changes nothing, records none.
func TestFeedRecordsEveryChangeOfAnAccount(t *testing.T) {
	t.Parallel()
	st := dbtest.New(t)
	ctx := context.Background()
	f := newRowFixtures(t, st)
	a := f.aksesAkun(t, st, "aktif")
	never := f.aksesAkun(t, st, "disiapkan")
	var user string
	if err := st.Pool.QueryRow(ctx, "SELECT username FROM akses_akun WHERE id = $1", a).Scan(&user); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := st.Pool.Exec(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	exec("UPDATE akses_akun SET berlaku_sampai = '2028-06-30' WHERE id = $1", a)
	exec("UPDATE akses_akun SET berlaku_sampai = '2028-06-30', updated_at = now() WHERE id = $1", a) // nothing changes
	exec("UPDATE akses_akun SET berlaku_sampai = '2028-03-31' WHERE id = $1", a)
	setState(t, st, "akses_akun", a, "berakhir", f.aksesAkunCols("berakhir"))
	setState(t, st, "akses_akun", a, "aktif", []store.Set{{Col: "ended_at", Val: nil}, {Col: "end_reason", Val: nil}})
	setState(t, st, "akses_akun", a, "dicabut", f.aksesAkunCols("dicabut"))
	setState(t, st, "akses_akun", never, "dicabut", f.aksesAkunCols("dicabut"))

	want := []string{"akses_diberikan " + user + " 2027-12-31", "akses_diperpanjang " + user + " 2028-06-30", "akses_diubah " + user + " 2028-03-31",
		"akses_berakhir " + user + " 2028-03-31", "akses_diperpanjang " + user + " 2028-03-31", "akses_dicabut " + user + " 2028-03-31"}
	list := feedAfter(t, st, api.Cursor{XID: "0"}, len(want))
	if got := kindsOf(list); !slices.Equal(got, want) {
		t.Errorf("feed\n got %q\nwant %q", got, want)
	}
	for _, ch := range list {
		if ch.HakAksesID != a || ch.StatusHakAksesSaatIni != "dicabut" || ch.Tingkat != 3 || ch.Wilayah.Kode != "32.73" {
			t.Errorf("change %+v", ch)
		}
	}
	// A page of one, then the rest after its cursor.
	first, next, more, err := st.Changes(ctx, api.Cursor{XID: "0"}, 0, 1)
	if err != nil || len(first) != 1 || !more || next.String() != first[0].Kursor {
		t.Fatalf("first page %v %v %v", first, more, err)
	}
	if rest := feedAfter(t, st, next, len(want)-1); len(rest) != len(want)-1 || rest[0].Kursor != list[1].Kursor {
		t.Errorf("after the first cursor: %q", kindsOf(rest))
	}
}

// A change a slow transaction commits after a later one is never behind a client's cursor: while the older
// transaction runs, the later change is held back; once it ends, both show, in the order they began.
func TestFeedNeverSkipsALateCommit(t *testing.T) {
	t.Parallel()
	st := dbtest.New(t)
	ctx := context.Background()
	f := newRowFixtures(t, st)
	slow, fast := f.aksesAkun(t, st, "aktif"), f.aksesAkun(t, st, "aktif")
	start := feedAfter(t, st, api.Cursor{XID: "0"}, 2)
	if len(start) != 2 {
		t.Fatalf("grants %q", kindsOf(start))
	}
	cursor, err := api.ParseCursor(start[1].Kursor)
	if err != nil {
		t.Fatal(err)
	}

	tx, err := st.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, "UPDATE akses_akun SET berlaku_sampai = '2028-06-30' WHERE id = $1", slow); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Pool.Exec(ctx, "UPDATE akses_akun SET berlaku_sampai = '2028-09-30' WHERE id = $1", fast); err != nil {
		t.Fatal(err)
	}
	if list, _, _, err := st.Changes(ctx, cursor, 0, api.MaxBatas); err != nil || len(list) != 0 {
		t.Fatalf("a change shown while an older transaction runs: %q, %v", kindsOf(list), err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	list := feedAfter(t, st, cursor, 2)
	if len(list) != 2 || list[0].HakAksesID != slow || list[1].HakAksesID != fast {
		t.Errorf("after the slow commit: %q", kindsOf(list))
	}
}
