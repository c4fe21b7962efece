package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/config"
	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// pgTool finds a PostgreSQL 15 client tool (Debian's, as scripts/devdb.sh uses).
func pgTool(t *testing.T, name string) string {
	t.Helper()
	if p := filepath.Join("/usr/lib/postgresql/15/bin", name); exec.Command(p, "--version").Run() == nil {
		return p
	}
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s not found: install Debian's postgresql-client-15", name)
	}
	return p
}

// The backup and restore of docs/operations.md, as written there: pg_dump in custom format, pg_restore into an
// empty database, `portal migrate`, `portal keys status`; every document opens again with the same
// ENCRYPTION_KEYS — and with other keys nothing does, which is why the keys are backed up apart from the dump.
func TestBackupRestore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := testEnv(t, "production")
	src := env("DATABASE_URL")
	st, err := openStore(ctx, mustConfig(t, env))
	if err != nil {
		t.Fatal(err)
	}
	content := bytes.Repeat([]byte("%PDF-1.7 isi dokumen "), 10000)
	var doc dokumen.Document
	if err := pgx.BeginFunc(ctx, st.Pool, func(tx pgx.Tx) error {
		doc, err = st.PutDocument(ctx, tx, dokumen.Dokumen, "kak.pdf", bytes.NewReader(content), nil)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	file := filepath.Join(t.TempDir(), "portal.dump")
	if out, err := exec.Command(pgTool(t, "pg_dump"), "--format=custom", "--no-owner", "--file="+file, src).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	target := dbtest.Empty(t)
	if out, err := exec.Command(pgTool(t, "pg_restore"), "--no-owner", "--exit-on-error", "--dbname="+target, file).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	restored := func(k string) string {
		if k == "DATABASE_URL" {
			return target
		}
		return env(k)
	}
	var out bytes.Buffer
	for _, cmd := range [][]string{{"migrate"}, {"keys", "status"}} {
		if err := run(ctx, cmd, restored, &out, &out); err != nil {
			t.Fatalf("portal %v on the restored database: %v\n%s", cmd, err, out.String())
		}
	}
	if !strings.Contains(out.String(), "k1 ") {
		t.Errorf("keys status does not list the key the document is under:\n%s", out.String())
	}
	rst, err := openStore(ctx, mustConfig(t, restored))
	if err != nil {
		t.Fatal(err)
	}
	defer rst.Close()
	var got bytes.Buffer
	if err := rst.WriteDocument(ctx, doc.ID, &got); err != nil || !bytes.Equal(got.Bytes(), content) {
		t.Fatalf("document after restore: %v (equal %v)", err, bytes.Equal(got.Bytes(), content))
	}
	// Without the keys the backup is worth nothing: another key opens nothing.
	other := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{9}, 32))
	wrong, err := crypt.NewKeyring(mustConfig(t, func(k string) string {
		if k == "ENCRYPTION_KEYS" {
			return "k1:" + other
		}
		return restored(k)
	}).EncryptionKeys)
	if err != nil {
		t.Fatal(err)
	}
	rst.Keys = wrong
	if err := rst.WriteDocument(ctx, doc.ID, &bytes.Buffer{}); !errors.Is(err, store.ErrDocumentCorrupt) {
		t.Errorf("the document under another key: %v, want ErrDocumentCorrupt", err)
	}
}

func mustConfig(t *testing.T, getenv func(string) string) config.Config {
	t.Helper()
	cfg, err := config.Load(getenv)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
