package config

import (
	"net/netip"
	"strings"
	"testing"
)

// An unset APP_ENV is production (issue 14, "fail closed"): the keys, SMTP and https are then required, and
// no development page exists.
func TestDefaultEnvironmentIsProduction(t *testing.T) {
	_, err := Load(envFunc(map[string]string{"DATABASE_URL": "postgres://x/y", "VAR_DIR": t.TempDir()}))
	if err == nil {
		t.Fatal("a start without APP_ENV and without keys succeeded")
	}
	for _, want := range []string{"SESSION_SECRET", "ENCRYPTION_KEYS", "SMTP_HOST", "https"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	cfg, err := Load(envFunc(map[string]string{"DATABASE_URL": "postgres://x/y", "SESSION_SECRET": testKey,
		"ENCRYPTION_KEYS": "k:" + testKey, "SMTP_HOST": "smtp.example", "BASE_URL": "https://regsosek.example"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Env != EnvProduction || cfg.Dev() {
		t.Errorf("default env = %q, Dev() = %v; want production without development pages", cfg.Env, cfg.Dev())
	}
}

func TestParseProxies(t *testing.T) {
	got, err := ParseProxies(" 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32,::ffff:198.51.100.1")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32", "198.51.100.1/32"}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i, w := range want {
		if got[i] != netip.MustParsePrefix(w) {
			t.Errorf("%d: %v, want %s", i, got[i], w)
		}
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.local", "10.0.0.1/8/2"} {
		if _, err := ParseProxies(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestOpsSettings(t *testing.T) {
	base := map[string]string{"APP_ENV": "test", "DATABASE_URL": "postgres://x/y", "SESSION_SECRET": testKey,
		"ENCRYPTION_KEYS": "k:" + testKey}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	cfg, err := Load(envFunc(with("SMTP_TLS", "implicit", "SMTP_AUTH", "login")))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Mail.SMTPPort != 465 || cfg.Mail.Auth != MailAuthLogin || cfg.DBMaxConns != 20 || cfg.HashConcurrency < 1 ||
		cfg.Retention.KTPDays != 90 || cfg.Retention.MailDays != 180 || cfg.MetricsAddr != "" {
		t.Errorf("defaults: %+v", cfg)
	}
	for _, bad := range [][]string{
		{"SMTP_TLS", "ssl"}, {"SMTP_AUTH", "cram"}, {"DB_MAX_CONNS", "2"}, {"PASSWORD_HASH_CONCURRENCY", "0"},
		{"RETENSI_KTP_HARI", "0"}, {"RETENSI_SUREL_HARI", "0"}, {"METRICS_ADDR", "9464"},
		{"METRICS_ADDR", "127.0.0.1:8080"}, {"TRUSTED_PROXIES", "semua"},
	} {
		if _, err := Load(envFunc(with(bad...))); err == nil || !strings.Contains(err.Error(), bad[0]) {
			t.Errorf("%s=%s: %v", bad[0], bad[1], err)
		}
	}
}
