package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dasbor"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// syntheticSumber is the source line of the synthetic release: the source the figures imitate, and what
// they really are.
const syntheticSumber = "Registrasi Sosial Ekonomi 2022 — data sintetis untuk pengembangan"

// seedSynthetic publishes a synthetic Dasbor release when none is published: family and member records are
// generated following the REGSOSEK22-K questionnaire and every figure is computed from them, then checked by
// the same rules as an uploaded release. A published release, synthetic or not, is left alone.
func seedSynthetic(ctx context.Context, st *store.Store, stdout io.Writer) error {
	stamp, err := st.PublishedDasborStamp(ctx)
	if err != nil {
		return err
	}
	if stamp.ID != 0 {
		rl, err := st.FindDasborRilis(ctx, stamp.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Dasbor: rilis versi %d sudah terbit; data sintetis tidak dimuat.\n", rl.Versi)
		return nil
	}
	list, err := st.ListProvinsi(ctx)
	if err != nil {
		return err
	}
	provinces := make([]dasbor.Wilayah, len(list))
	for i, p := range list {
		provinces[i] = dasbor.Wilayah{Kode: p.Kode, Nama: p.Nama}
	}
	agg := dasbor.NewAggregator(provinces)
	families, people := 0, 0
	dasbor.Synthetic(provinces, dasbor.DefaultSynthetic, func(k dasbor.Keluarga) {
		families++
		people += len(k.Penduduk())
		agg.Add(k)
	})
	values := agg.Values()
	if problems := dasbor.Validate(values, provinces); len(problems) > 0 {
		var msgs []string
		for _, p := range problems {
			msgs = append(msgs, p.String())
		}
		return fmt.Errorf("seed --synthetic: the generated release is invalid:\n  %s", strings.Join(msgs, "\n  "))
	}
	system := account.Actor{Kind: account.ActorSistem}
	rl, err := st.CreateDasborRilis(ctx, dasbor.NewRilis{Judul: "Data sintetis untuk pengembangan",
		Sumber: syntheticSumber, Sintetis: true, Values: values}, system)
	if err != nil {
		return err
	}
	if err := st.PublishDasborRilis(ctx, rl.ID, system); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Dasbor: data sintetis dari %s keluarga (%s jiwa) diterbitkan sebagai rilis versi %d.\n",
		indo.Int(int64(families)), indo.Int(int64(people)), rl.Versi)
	return nil
}
