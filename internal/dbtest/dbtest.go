// Package dbtest gives each test its own PostgreSQL database, cloned from a template that has every migration
// and the reference data, so test packages can run in parallel against one real server.
package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/config"
	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/refdata"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/migrations"
)

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// adminURL is the maintenance database that test databases are created from.
func adminURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("TEST_DATABASE_URL")
	if u == "" {
		t.Fatal("TEST_DATABASE_URL is not set. Run the tests with `make test`, which starts a private " +
			"PostgreSQL under var/ and sets it, or point it at a PostgreSQL 15 database you may create databases in.")
	}
	return u
}

// withDatabase returns databaseURL with its database name replaced.
func withDatabase(databaseURL, name string) string {
	u, err := url.Parse(databaseURL)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	return u.String()
}

// URL creates a fresh database for this test and returns its URL. The database is dropped when the test ends.
func URL(t testing.TB) string {
	t.Helper()
	admin := adminURL(t)
	templateOnce.Do(func() { templateName, templateErr = ensureTemplate(admin) })
	if templateErr != nil {
		t.Fatalf("dbtest: template database: %v", templateErr)
	}
	return createFrom(t, admin, templateName)
}

// Empty creates an empty database (no schema: a restore's target) and returns its URL; it is dropped when the
// test ends.
func Empty(t testing.TB) string {
	t.Helper()
	return createFrom(t, adminURL(t), "template0")
}

// createFrom creates a database copied from template, dropped when the test ends, and returns its URL.
func createFrom(t testing.TB, admin, template string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("dbtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	name := "t_" + randomHex(8)
	if _, err := conn.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, template)); err != nil {
		t.Fatalf("dbtest: create database: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("dbtest: connect for cleanup: %v", err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name)); err != nil {
			t.Errorf("dbtest: drop database: %v", err)
		}
	})
	return withDatabase(admin, name)
}

// New returns a Store on a fresh database for this test, closed when the test ends, configured as main
// configures the portal's: a keyring of one fixed test key (Keys), letters with links under
// http://portal.test, and credentials links under a fixed secret.
func New(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), URL(t))
	if err != nil {
		t.Fatalf("dbtest: open: %v", err)
	}
	t.Cleanup(st.Close)
	st.Keys = Keys(t, "uji")
	st.Letters = mail.Letters{BaseURL: "http://portal.test"}
	st.NewLink = store.CredentialLinks([]byte("dbtest secret"))
	st.NewSurveyLink = store.SurveyLinks([]byte("dbtest secret"))
	return st
}

// Keys returns a keyring of test keys named ids, the first of which encrypts. The same id always has the
// same bytes, so a test can rotate keys or read what another keyring wrote.
func Keys(t testing.TB, ids ...string) *crypt.Keyring {
	t.Helper()
	var keys []config.Key
	for _, id := range ids {
		b := sha256.Sum256([]byte("test key " + id))
		keys = append(keys, config.Key{ID: id, Bytes: b[:]})
	}
	kr, err := crypt.NewKeyring(keys)
	if err != nil {
		t.Fatalf("dbtest: keyring: %v", err)
	}
	return kr
}

// ensureTemplate builds the template database once per schema version. Its name carries a hash of the
// migrations, so a changed migration gets a new template; an advisory lock keeps parallel test binaries
// from building it twice.
func ensureTemplate(admin string) (string, error) {
	ctx := context.Background()
	h := sha256.New()
	err := fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, path)
		h.Write([]byte(path))
		h.Write(b)
		return err
	})
	if err != nil {
		return "", err
	}
	fmt.Fprintf(h, "refdata:%d", refdata.CountDesaKelurahan)
	name := "tpl_" + hex.EncodeToString(h.Sum(nil))[:16]

	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", fmt.Errorf("connect %s: %w", redact(admin), err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(hashtext('dbtest.template'))"); err != nil {
		return "", err
	}
	defer conn.Exec(ctx, "SELECT pg_advisory_unlock(hashtext('dbtest.template'))") //nolint:errcheck
	var ready bool
	err = conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate)", name).Scan(&ready)
	if err != nil || ready {
		return name, err
	}
	// A build that died half-way left a database that is not marked as a template: start again.
	if _, err := conn.Exec(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name)); err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s", name)); err != nil {
		return "", err
	}
	url := withDatabase(admin, name)
	if err := store.Migrate(ctx, url); err != nil {
		return "", err
	}
	st, err := store.Open(ctx, url)
	if err != nil {
		return "", err
	}
	err = refdata.Load(ctx, st.Pool)
	st.Close()
	if err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf("ALTER DATABASE %s WITH is_template true ALLOW_CONNECTIONS false", name)); err != nil {
		return "", err
	}
	return name, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}
