package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/bappenas/portal-regsosek/internal/config"
	"github.com/bappenas/portal-regsosek/internal/store"
)

const keysUsage = "usage: portal keys status | portal keys rotate [--batas N]"

// keysCommand handles `portal keys status` (how many values and documents each key seals) and `portal keys
// rotate` (seal everything again under the first key of ENCRYPTION_KEYS; resumable, see docs/operations.md).
func keysCommand(ctx context.Context, cfg config.Config, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New(keysUsage)
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	switch args[0] {
	case "status":
		return keysStatus(ctx, st, stdout)
	case "rotate":
		fs := flag.NewFlagSet("keys rotate", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		limit := fs.Int("batas", 0, "at most this many values and documents in this run (0: all)")
		if err := fs.Parse(args[1:]); err != nil {
			return fmt.Errorf("keys rotate: %w", err)
		}
		r, err := st.RotateKeys(ctx, store.KeyRotation{Limit: *limit})
		for _, k := range slices.Sorted(maps.Keys(r.Rotated)) {
			fmt.Fprintf(stdout, "  %-26s %d\n", k, r.Rotated[k])
		}
		if err != nil {
			return fmt.Errorf("keys rotate (jalankan lagi untuk melanjutkan): %w", err)
		}
		if r.Remaining > 0 {
			fmt.Fprintf(stdout, "Masih %d nilai atau dokumen di bawah kunci lama: jalankan `portal keys rotate` lagi.\n", r.Remaining)
			return nil
		}
		fmt.Fprintf(stdout, "Semua nilai dan dokumen kini terenkripsi dengan kunci %q. Kunci lama boleh dihapus dari ENCRYPTION_KEYS "+
			"setelah tidak ada cadangan basis data yang masih memerlukannya (lihat docs/operations.md).\n", r.Current)
		return nil
	default:
		return errors.New(keysUsage)
	}
}

func keysStatus(ctx context.Context, st *store.Store, stdout io.Writer) error {
	used, err := st.KeysInUse(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Kunci saat ini (mengenkripsi): %s\n", st.Keys.CurrentKeyID())
	for _, k := range slices.Sorted(maps.Keys(used)) {
		fmt.Fprintf(stdout, "  %-12s %d nilai/dokumen\n", k, used[k])
	}
	return nil
}
