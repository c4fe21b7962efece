package account

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
)

func mustHash(t *testing.T, password string) string {
	t.Helper()
	h, err := HashPassword(password)
	if err != nil {
		t.Fatalf("HashPassword: %v", err)
	}
	return h
}

func TestHashPasswordRoundTrip(t *testing.T) {
	const pw = "Kopi-Hitam-Tanpa-Gula"
	h := mustHash(t, pw)
	if want := "$argon2id$v=19$m=65536,t=2,p=2$"; !strings.HasPrefix(h, want) {
		t.Errorf("hash %q does not start with %q", h, want)
	}
	if parts := strings.Split(h, "$"); len(parts) != 6 || strings.Contains(parts[4]+parts[5], "=") {
		t.Errorf("hash %q is not $argon2id$v$params$salt$hash without base64 padding", h)
	}
	if h2 := mustHash(t, pw); h2 == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	}

	tests := []struct {
		name     string
		password string
		want     bool
	}{
		{"right password", pw, true},
		{"wrong password", "Kopi-Hitam-Tanpa-Gul4", false},
		{"other case", strings.ToLower(pw), false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := VerifyPassword(h, tt.password)
			if err != nil || ok != tt.want {
				t.Errorf("VerifyPassword = %v, %v; want %v, nil", ok, err, tt.want)
			}
		})
	}
}

// TestVerifyPasswordUsesStoredParameters checks a hash made with other parameters, as old rows will have.
func TestVerifyPasswordUsesStoredParameters(t *testing.T) {
	salt := []byte("0123456789abcdef")
	key := argon2.IDKey([]byte("rahasia-lama-sekali"), salt, 1, 8*1024, 1, 32)
	enc := fmt.Sprintf("$argon2id$v=19$m=8192,t=1,p=1$%s$%s",
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
	if ok, err := VerifyPassword(enc, "rahasia-lama-sekali"); !ok || err != nil {
		t.Errorf("VerifyPassword = %v, %v; want true, nil", ok, err)
	}
	if ok, err := VerifyPassword(enc, "rahasia-lama-sekalj"); ok || err != nil {
		t.Errorf("VerifyPassword wrong = %v, %v; want false, nil", ok, err)
	}
}

func TestVerifyPasswordMalformed(t *testing.T) {
	salt := base64.RawStdEncoding.EncodeToString([]byte("0123456789abcdef"))
	key := base64.RawStdEncoding.EncodeToString(make([]byte, 32))
	tests := []struct {
		name    string
		encoded string
	}{
		{"empty", ""},
		{"plain text", "Kopi-Hitam-Tanpa-Gula"},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i", "$argon2i$v=19$m=65536,t=2,p=2$" + salt + "$" + key},
		{"missing version", "$argon2id$m=65536,t=2,p=2$" + salt + "$" + key},
		{"old version", "$argon2id$v=16$m=65536,t=2,p=2$" + salt + "$" + key},
		{"missing parameter", "$argon2id$v=19$m=65536,t=2$" + salt + "$" + key},
		{"parameters out of order", "$argon2id$v=19$t=2,m=65536,p=2$" + salt + "$" + key},
		{"parameter not a number", "$argon2id$v=19$m=lots,t=2,p=2$" + salt + "$" + key},
		{"negative parameter", "$argon2id$v=19$m=65536,t=-1,p=2$" + salt + "$" + key},
		{"t=0", "$argon2id$v=19$m=65536,t=0,p=2$" + salt + "$" + key},
		{"p=0", "$argon2id$v=19$m=65536,t=2,p=0$" + salt + "$" + key},
		{"memory too large", "$argon2id$v=19$m=4194304,t=2,p=2$" + salt + "$" + key},
		{"memory below 8p", "$argon2id$v=19$m=8,t=2,p=2$" + salt + "$" + key},
		{"too many passes", "$argon2id$v=19$m=65536,t=100,p=2$" + salt + "$" + key},
		{"salt not base64", "$argon2id$v=19$m=65536,t=2,p=2$!!!!$" + key},
		{"padded salt", "$argon2id$v=19$m=65536,t=2,p=2$" + salt + "==$" + key},
		{"salt too short", "$argon2id$v=19$m=65536,t=2,p=2$YWJj$" + key},
		{"hash too short", "$argon2id$v=19$m=65536,t=2,p=2$" + salt + "$YWJj"},
		{"missing hash", "$argon2id$v=19$m=65536,t=2,p=2$" + salt},
		{"extra field", "$argon2id$v=19$m=65536,t=2,p=2$" + salt + "$" + key + "$x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := VerifyPassword(tt.encoded, "Kopi-Hitam-Tanpa-Gula")
			if ok || !errors.Is(err, errMalformedHash) {
				t.Errorf("VerifyPassword(%q) = %v, %v; want false, errMalformedHash", tt.encoded, ok, err)
			}
		})
	}
}

// BenchmarkHashPassword measures the cost of one hash; keep it under about 100 ms on two cores.
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("Kopi-Hitam-Tanpa-Gula"); err != nil {
			b.Fatal(err)
		}
	}
}
