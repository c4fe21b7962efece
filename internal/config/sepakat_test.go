package config

import (
	"strings"
	"testing"
	"time"
)

func TestSepakatConfig(t *testing.T) {
	base := func(extra ...string) map[string]string {
		m := map[string]string{"APP_ENV": "production", "DATABASE_URL": "postgres://x/y", "SESSION_SECRET": testKey,
			"ENCRYPTION_KEYS": "a:" + testKey, "SMTP_HOST": "smtp.example", "BASE_URL": "https://regsosek.example"}
		for i := 0; i+1 < len(extra); i += 2 {
			m[extra[i]] = extra[i+1]
		}
		return m
	}
	c, err := Load(envFunc(base()))
	if err != nil || c.Sepakat.Adapter != SepakatRegistry || c.Sepakat.Retries != 3 || c.Sepakat.Timeout != 15*time.Second {
		t.Fatalf("default: %+v, %v", c.Sepakat, err)
	}
	c, err = Load(envFunc(base("SEPAKAT_ADAPTER", "http", "SEPAKAT_API_URL", "https://sepakat.example/api", "SEPAKAT_API_TOKEN", "t",
		"SEPAKAT_API_RETRIES", "5", "SEPAKAT_API_BACKOFF", "1s")))
	if err != nil || c.Sepakat.APIURL.Host != "sepakat.example" || c.Sepakat.Retries != 5 || c.Sepakat.Backoff != time.Second {
		t.Fatalf("http: %+v, %v", c.Sepakat, err)
	}
	for _, tt := range []struct {
		env  []string
		want string
	}{
		{[]string{"SEPAKAT_ADAPTER", "ldap"}, "SEPAKAT_ADAPTER must be"},
		{[]string{"SEPAKAT_ADAPTER", "http", "SEPAKAT_API_TOKEN", "t"}, "SEPAKAT_API_URL must be"},
		{[]string{"SEPAKAT_ADAPTER", "http", "SEPAKAT_API_URL", "http://sepakat.example"}, "SEPAKAT_API_TOKEN is required"},
		{[]string{"SEPAKAT_ADAPTER", "http", "SEPAKAT_API_URL", "http://sepakat.example", "SEPAKAT_API_TOKEN", "t"}, "must use https in production"},
		{[]string{"SEPAKAT_API_RETRIES", "-1"}, "SEPAKAT_API_RETRIES"},
	} {
		if _, err := Load(envFunc(base(tt.env...))); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: %v, want %q", tt.env, err, tt.want)
		}
	}
}
