package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dasbor"
	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/store"
)

func dasborRelease(t *testing.T, st *store.Store, seed uint64) []dasbor.Value {
	t.Helper()
	list, err := st.ListProvinsi(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	provinces := make([]dasbor.Wilayah, len(list))
	for i, p := range list {
		provinces[i] = dasbor.Wilayah{Kode: p.Kode, Nama: p.Nama}
	}
	agg := dasbor.NewAggregator(provinces)
	dasbor.Synthetic(provinces, dasbor.SyntheticOptions{Scale: 5000, Seed: seed}, agg.Add)
	return agg.Values()
}

var system = account.Actor{Kind: account.ActorSistem}

// A release is stored whole or not at all: a row the database refuses takes the release row with it.
func TestCreateDasborRilisIsAllOrNothing(t *testing.T) {
	t.Parallel()
	st := dbtest.New(t)
	ctx := context.Background()
	values := dasborRelease(t, st, 1)
	values[len(values)-1].Nilai = -1 // refused by the CHECK constraint, after every other row was copied
	if _, err := st.CreateDasborRilis(ctx, dasbor.NewRilis{Judul: "x", Sumber: "y", Values: values}, system); err == nil {
		t.Fatal("a release with a negative figure was stored")
	}
	var n int
	if err := st.Pool.QueryRow(ctx, "SELECT (SELECT count(*) FROM dasbor_rilis) + (SELECT count(*) FROM dasbor_nilai)").Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d rows left behind (%v)", n, err)
	}
	values[len(values)-1].Nilai = 0
	rl, err := st.CreateDasborRilis(ctx, dasbor.NewRilis{Judul: "x", Sumber: "y", Values: values}, system)
	if err != nil || rl.Versi != 1 || rl.State != dasbor.RilisDraf || rl.Rows != len(values) {
		t.Fatalf("release %+v, %v", rl, err)
	}
	got, err := st.DasborValues(ctx, rl.ID)
	if err != nil || len(got) != len(values) {
		t.Fatalf("%d figures read back, want %d (%v)", len(got), len(values), err)
	}
	if _, _, err := st.PublishedDasbor(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a draft is public: %v", err)
	}
}

// Two admins publishing different drafts at once: one release is public at the end, the other archived,
// and versions stay unique.
func TestPublishDasborRilisConcurrently(t *testing.T) {
	t.Parallel()
	st := dbtest.New(t)
	ctx := context.Background()
	var ids []int64
	for i := range 4 {
		rl, err := st.CreateDasborRilis(ctx, dasbor.NewRilis{Judul: "r", Sumber: "s", Values: dasborRelease(t, st, uint64(i))}, system)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, rl.ID)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(ids))
	for _, id := range ids {
		wg.Go(func() { errs <- st.PublishDasborRilis(ctx, id, system) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("publish: %v", err)
		}
	}
	var terbit, arsip, versions int
	err := st.Pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE state = 'terbit'), count(*) FILTER (WHERE state = 'arsip'),
		count(DISTINCT versi) FROM dasbor_rilis`).Scan(&terbit, &arsip, &versions)
	if err != nil || terbit != 1 || arsip != 3 || versions != 4 {
		t.Errorf("terbit %d, arsip %d, versions %d (%v)", terbit, arsip, versions, err)
	}
	rl, values, err := st.PublishedDasbor(ctx)
	if err != nil || rl.State != dasbor.RilisTerbit || len(values) != rl.Rows {
		t.Errorf("published %+v with %d figures: %v", rl, len(values), err)
	}
	if err := st.PublishDasborRilis(ctx, rl.ID, system); !errors.Is(err, store.ErrConflict) {
		t.Errorf("publishing the public release again: %v, want ErrConflict", err)
	}
	if err := st.DeleteDasborDraft(ctx, ids[0], system); !errors.Is(err, store.ErrConflict) {
		t.Errorf("deleting a published release: %v, want ErrConflict", err)
	}
	if err := st.PublishDasborRilis(ctx, 999999, system); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("publishing an unknown release: %v, want ErrNotFound", err)
	}
}
