package config

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func envFunc(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

var testKey = base64.StdEncoding.EncodeToString(make([]byte, 32))

func TestProductionRefusesMissingKeys(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		missing []string
	}{
		{"nothing", map[string]string{"APP_ENV": "production"},
			[]string{"DATABASE_URL", "SESSION_SECRET", "ENCRYPTION_KEYS", "SMTP_HOST", "BASE_URL must use https"}},
		{"no encryption key", map[string]string{"APP_ENV": "production", "DATABASE_URL": "postgres://x/y",
			"SESSION_SECRET": testKey, "SMTP_HOST": "smtp.example", "BASE_URL": "https://regsosek.example"},
			[]string{"ENCRYPTION_KEYS"}},
		{"short key", map[string]string{"APP_ENV": "production", "DATABASE_URL": "postgres://x/y",
			"SESSION_SECRET": base64.StdEncoding.EncodeToString([]byte("pendek")), "ENCRYPTION_KEYS": "a:" + testKey,
			"SMTP_HOST": "smtp.example", "BASE_URL": "https://regsosek.example"},
			[]string{"SESSION_SECRET: must be 32 bytes"}},
		{"duplicate key id", map[string]string{"APP_ENV": "production", "DATABASE_URL": "postgres://x/y",
			"SESSION_SECRET": testKey, "ENCRYPTION_KEYS": "a:" + testKey + ",a:" + testKey,
			"SMTP_HOST": "smtp.example", "BASE_URL": "https://regsosek.example"},
			[]string{`key id "a" appears twice`}},
		{"bad env", map[string]string{"APP_ENV": "staging"}, []string{"APP_ENV must be"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.env["VAR_DIR"] = t.TempDir()
			_, err := Load(envFunc(tt.env))
			if err == nil {
				t.Fatal("Load succeeded")
			}
			for _, m := range tt.missing {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not name %q", err, m)
				}
			}
		})
	}
}

func TestProductionComplete(t *testing.T) {
	cfg, err := Load(envFunc(map[string]string{"APP_ENV": "production", "DATABASE_URL": "postgres://x/y",
		"SESSION_SECRET": testKey, "ENCRYPTION_KEYS": "k2:" + testKey + ",k1:" + testKey,
		"SMTP_HOST": "smtp.example", "BASE_URL": "https://regsosek.example/"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Dev() || !cfg.Secure() || cfg.EncryptionKeys[0].ID != "k2" || len(cfg.EncryptionKeys) != 2 {
		t.Errorf("unexpected config: dev=%v secure=%v keys=%d", cfg.Dev(), cfg.Secure(), len(cfg.EncryptionKeys))
	}
	if cfg.BaseURL.String() != "https://regsosek.example" {
		t.Errorf("BaseURL = %s", cfg.BaseURL)
	}
}

// Development creates its keys once and reuses them on the next start.
func TestDevelopmentKeysPersist(t *testing.T) {
	dir := t.TempDir()
	env := envFunc(map[string]string{"APP_ENV": "development", "DATABASE_URL": "postgres://x/y", "VAR_DIR": dir})
	a, err := Load(env)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load(env)
	if err != nil {
		t.Fatal(err)
	}
	if string(a.SessionSecret) != string(b.SessionSecret) || string(a.EncryptionKeys[0].Bytes) != string(b.EncryptionKeys[0].Bytes) {
		t.Error("development keys changed between starts")
	}
	info, err := os.Stat(filepath.Join(dir, "secrets.env"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("secrets.env mode %v, want 0600", info.Mode().Perm())
	}
	if !a.Dev() || a.Env != EnvDevelopment {
		t.Error("APP_ENV=development should give development")
	}
}

func TestRingkasanJam(t *testing.T) {
	base := func(v string) map[string]string {
		return map[string]string{"APP_ENV": "development", "DATABASE_URL": "postgres://x/y", "SESSION_SECRET": testKey,
			"ENCRYPTION_KEYS": "k:" + testKey, "VAR_DIR": t.TempDir(), "RINGKASAN_JAM": v}
	}
	for v, want := range map[string]int{"": 7, "0": 0, "16": 16, "23": 23} {
		cfg, err := Load(envFunc(base(v)))
		if err != nil || cfg.RingkasanJam != want {
			t.Errorf("RINGKASAN_JAM=%q: %d, %v", v, cfg.RingkasanJam, err)
		}
	}
	for _, v := range []string{"24", "-1", "pagi"} {
		if _, err := Load(envFunc(base(v))); err == nil || !strings.Contains(err.Error(), "RINGKASAN_JAM") {
			t.Errorf("RINGKASAN_JAM=%q accepted: %v", v, err)
		}
	}
}

func TestPemusnahanHari(t *testing.T) {
	for _, tt := range []struct {
		value string
		want  int
		ok    bool
	}{{"", 30, true}, {"14", 14, true}, {"0", 0, false}, {"400", 0, false}, {"dua", 0, false}} {
		cfg, err := Load(envFunc(map[string]string{"APP_ENV": "development", "VAR_DIR": t.TempDir(), "DATABASE_URL": "postgres://x/y", "BA_PEMUSNAHAN_HARI": tt.value}))
		switch {
		case tt.ok && (err != nil || cfg.PemusnahanHari != tt.want):
			t.Errorf("BA_PEMUSNAHAN_HARI=%q: %d, %v; want %d", tt.value, cfg.PemusnahanHari, err, tt.want)
		case !tt.ok && (err == nil || !strings.Contains(err.Error(), "BA_PEMUSNAHAN_HARI")):
			t.Errorf("BA_PEMUSNAHAN_HARI=%q accepted: %v", tt.value, err)
		}
	}
}
