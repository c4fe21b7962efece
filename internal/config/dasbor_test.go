package config

import (
	"strings"
	"testing"
)

func TestDasborMinKeluarga(t *testing.T) {
	tests := []struct {
		value string
		want  int
		err   bool
	}{
		{"", 10, false}, {"25", 25, false}, {" 1 ", 1, false},
		{"0", 0, true}, {"-5", 0, true}, {"sepuluh", 0, true}, {"2.5", 0, true}, {"99999999", 0, true},
	}
	for _, tt := range tests {
		cfg, err := Load(envFunc(map[string]string{"APP_ENV": "development", "DATABASE_URL": "postgres://x/y", "VAR_DIR": t.TempDir(),
			"SESSION_SECRET": testKey, "ENCRYPTION_KEYS": "k:" + testKey, "DASBOR_MIN_KELUARGA": tt.value}))
		switch {
		case tt.err && (err == nil || !strings.Contains(err.Error(), "DASBOR_MIN_KELUARGA")):
			t.Errorf("DASBOR_MIN_KELUARGA=%q: error %v, want one naming the variable", tt.value, err)
		case !tt.err && (err != nil || cfg.DasborMinKeluarga != tt.want):
			t.Errorf("DASBOR_MIN_KELUARGA=%q: %d, %v; want %d", tt.value, cfg.DasborMinKeluarga, err, tt.want)
		}
	}
}
