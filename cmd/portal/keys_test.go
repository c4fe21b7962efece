package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/dokumen"
)

// `portal keys rotate` after a new key is put first in ENCRYPTION_KEYS: a run limited by --batas leaves work
// for the next, the next finishes, and `portal keys status` then lists the new key only.
func TestKeysRotateCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := testEnv(t, "production")
	st, err := openStore(ctx, mustConfig(t, env))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if err := pgx.BeginFunc(ctx, st.Pool, func(tx pgx.Tx) error {
			_, err := st.PutDocument(ctx, tx, dokumen.Dokumen, "kak.pdf", bytes.NewReader([]byte("%PDF-1.7 dokumen "+strings.Repeat("x", i))), nil)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	newKey := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{3}, 32))
	rotated := func(k string) string {
		if k == "ENCRYPTION_KEYS" {
			return "k2:" + newKey + "," + env(k)
		}
		return env(k)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"keys", "rotate", "--batas", "1"}, rotated, &out, &out); err != nil || !strings.Contains(out.String(), "jalankan `portal keys rotate` lagi") {
		t.Fatalf("a limited run: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"keys", "rotate"}, rotated, &out, &out); err != nil || !strings.Contains(out.String(), `kunci "k2"`) {
		t.Fatalf("the rest: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"keys", "status"}, rotated, &out, &out); err != nil || strings.Contains(out.String(), "k1 ") || !strings.Contains(out.String(), "k2 ") {
		t.Fatalf("status after rotation: %v\n%s", err, out.String())
	}
}
