package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/pdfsig/pdfsigtest"
)

func TestTrustRoots(t *testing.T) {
	ca, err := pdfsigtest.NewCA("Uji BSrE Root CA")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("bsre.pem", append([]byte("# root BSrE\n"), ca.PEM()...))
	env := func(path string) map[string]string {
		return map[string]string{"APP_ENV": "development", "DATABASE_URL": "postgres://x/y", "VAR_DIR": t.TempDir(), "TTE_TRUST_ROOTS": path}
	}
	cfg, err := Load(envFunc(env(good)))
	if err != nil || len(cfg.TTETrustRoots) != 1 || cfg.TTETrustRoots[0].Subject.CommonName != "Uji BSrE Root CA" {
		t.Fatalf("Load(%s) = %v, %v", good, cfg.TTETrustRoots, err)
	}
	if cfg, err := Load(envFunc(env(""))); err != nil || cfg.TTETrustRoots != nil {
		t.Errorf("unset: %v, %v", cfg.TTETrustRoots, err)
	}
	for name, path := range map[string]string{
		"missing file":   filepath.Join(dir, "tidak-ada.pem"),
		"no certificate": write("kosong.pem", []byte("bukan sertifikat\n")),
		"broken":         write("rusak.pem", []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")),
	} {
		if _, err := Load(envFunc(env(path))); err == nil || !strings.Contains(err.Error(), "TTE_TRUST_ROOTS") {
			t.Errorf("%s: error %v does not name TTE_TRUST_ROOTS", name, err)
		}
	}
}
