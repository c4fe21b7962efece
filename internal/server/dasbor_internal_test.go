package server

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dasbor"
	"github.com/bappenas/portal-regsosek/internal/dbtest"
)

// The periodic check reloads only when the published stamp changed, so quiet instances cost one small
// query per interval; a restored release counts as a change.
func TestDasborCacheReloadsOnlyOnChange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.New(t)
	c := NewDasborCache(st, slog.New(slog.NewTextHandler(io.Discard, nil)), 10)
	empty, err := c.current(ctx)
	if err != nil || empty.data != nil {
		t.Fatalf("before any release: %v, data %v", err, empty.data)
	}
	if again, _ := c.reload(ctx, loadIfChanged); again != empty {
		t.Error("reloaded although nothing changed")
	}
	list, _ := st.ListProvinsi(ctx)
	provinces := make([]dasbor.Wilayah, len(list))
	for i, p := range list {
		provinces[i] = dasbor.Wilayah{Kode: p.Kode, Nama: p.Nama}
	}
	publish := func(seed uint64) int64 {
		agg := dasbor.NewAggregator(provinces)
		dasbor.Synthetic(provinces, dasbor.SyntheticOptions{Scale: 5000, Seed: seed}, agg.Add)
		rl, err := st.CreateDasborRilis(ctx, dasbor.NewRilis{Judul: "uji", Sumber: "uji", Sintetis: true, Values: agg.Values()}, account.Actor{Kind: account.ActorSistem})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.PublishDasborRilis(ctx, rl.ID, account.Actor{Kind: account.ActorSistem}); err != nil {
			t.Fatal(err)
		}
		return rl.ID
	}
	first := publish(1)
	if cur, _ := c.current(ctx); cur != empty {
		t.Fatal("current reloaded without being asked")
	}
	one, _ := c.reload(ctx, loadIfChanged)
	if one == empty || one.rilis.ID != first || !one.rilis.Sintetis || !c.Synthetic(ctx) {
		t.Fatalf("after publishing: release %d, want %d", one.rilis.ID, first)
	}
	if again, _ := c.reload(ctx, loadIfChanged); again != one {
		t.Error("reloaded the same release")
	}
	publish(2)
	if err := st.PublishDasborRilis(ctx, first, account.Actor{Kind: account.ActorSistem}); err != nil {
		t.Fatal(err)
	}
	restored, _ := c.reload(ctx, loadIfChanged)
	if restored == one || restored.rilis.ID != first {
		t.Errorf("a restored release is not a change: %p %p, release %d", restored, one, restored.rilis.ID)
	}
}
