package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/dbtest"
)

func testEnv(t *testing.T, env string) func(string) string {
	key := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	vars := map[string]string{"APP_ENV": env, "DATABASE_URL": dbtest.URL(t), "SESSION_SECRET": key,
		"ENCRYPTION_KEYS": "k1:" + key, "VAR_DIR": t.TempDir(), "SMTP_HOST": "smtp.example", "BASE_URL": "https://portal.example"}
	return func(k string) string { return vars[k] }
}

func TestStaffCreate(t *testing.T) {
	t.Parallel()
	getenv := testEnv(t, "test")
	var out bytes.Buffer
	err := run(context.Background(), []string{"staff", "create", "--username", "Rina.Verif", "--role", "verifikator_akun",
		"--role", "admin", "--nama", "Rina Wulandari"}, getenv, &out, &out)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`Kata sandi \(sekali tampil\): \S{20}\n`).MatchString(out.String()) ||
		!regexp.MustCompile(`Rahasia TOTP \(base32\): [A-Z2-7]{16,}`).MatchString(out.String()) {
		t.Errorf("output lacks the one-time password or the TOTP secret:\n%s", out.String())
	}
	for _, bad := range [][]string{
		{"staff", "create", "--username", "rina.verif", "--role", "admin"}, // taken (case-insensitive)
		{"staff", "create", "--username", "budi.x", "--role", "raja"},      // unknown role
		{"staff", "create", "--username", "budi.x"},                        // no role
	} {
		if err := run(context.Background(), bad, getenv, &out, &out); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// make run calls seed --demo at every start: the second run reuses the accounts and prints the same table.
func TestSeedDemoIsStable(t *testing.T) {
	t.Parallel()
	getenv := testEnv(t, "development")
	var first, second bytes.Buffer
	for _, out := range []*bytes.Buffer{&first, &second} {
		if err := run(context.Background(), []string{"migrate"}, getenv, out, out); err != nil {
			t.Fatal(err)
		}
		out.Reset()
		if err := run(context.Background(), []string{"seed", "--demo"}, getenv, out, out); err != nil {
			t.Fatal(err)
		}
	}
	if first.String() != second.String() {
		t.Errorf("demo table changed between runs:\n%s\n%s", first.String(), second.String())
	}
	lines := 0
	for _, l := range strings.Split(first.String(), "\n") {
		if strings.Contains(l, "demo.") && strings.Contains(l, demoPassword) {
			lines++
		}
	}
	if lines != 8 {
		t.Errorf("%d demo login lines, want one per role (8):\n%s", lines, first.String())
	}
}

func TestSeedDemoRefusedInProduction(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	err := run(context.Background(), []string{"seed", "--demo"}, testEnv(t, "production"), &out, &out)
	if err == nil || !strings.Contains(err.Error(), "production") {
		t.Errorf("seed --demo in production: %v", err)
	}
}
