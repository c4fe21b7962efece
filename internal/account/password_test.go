package account

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckPassword(t *testing.T) {
	const (
		user = "BudiSantoso"
		nik  = "3273011705850002"
	)
	tests := []struct {
		name     string
		password string
		confirm  string // "" means the same as password
		username string
		nik      string
		errIs    error
	}{
		{name: "good passphrase", password: "Kopi-Hitam-Tanpa-Gula"},
		{name: "exactly 12 characters", password: "Tq7#mW2$vL9z"},
		{name: "common word with a suffix that is not only digits and symbols", password: "passwordkuatsekali"},
		{name: "no username or NIK given", password: "Kopi-Hitam-Tanpa-Gula", username: "-", nik: "-"},

		{name: "empty", password: "", confirm: "x", errIs: errPasswordEmpty},
		{name: "11 characters", password: "Tq7#mW2$vL9", errIs: errPasswordShort},
		{name: "length counts characters, not bytes", password: strings.Repeat("é", 11), errIs: errPasswordShort},
		{name: "over 256 characters", password: strings.Repeat("Ab3#", 65), errIs: errPasswordLong},
		{name: "common exact", password: "123456789012", errIs: errPasswordCommon},
		{name: "common exact, other case", password: "QwertyUiop123", errIs: errPasswordCommon},
		{name: "common with year and symbol", password: "password2024!", errIs: errPasswordCommon},
		{name: "common capitalised with suffix", password: "Password2024!", errIs: errPasswordCommon},
		{name: "Indonesian common with suffix", password: "Bismillah12345", errIs: errPasswordCommon},
		{name: "Indonesian common with symbols", password: "sayangku!!2024", errIs: errPasswordCommon},
		{name: "agency name with suffix", password: "Bappenas2024#", errIs: errPasswordCommon},
		{name: "leetspeak entry with suffix", password: "P@ssw0rd123456", errIs: errPasswordCommon},
		{name: "contains the username", password: "Rahasia-budisantoso-99", errIs: errPasswordUser},
		{name: "contains the username, other case", password: "kopiBUDISANTOSOhitam", errIs: errPasswordUser},
		{name: "contains the NIK", password: "nik3273011705850002!", errIs: errPasswordNIK},
		{name: "contains the NIK written with spaces", password: "x 3273 0117 0585 0002 y", errIs: errPasswordNIK},
		{name: "NIK given with spaces", password: "nik3273011705850002!", nik: "3273 0117 0585 0002", errIs: errPasswordNIK},
		{name: "mismatch", password: "Kopi-Hitam-Tanpa-Gula", confirm: "Kopi-Hitam-Tanpa-Gul4", errIs: ErrPasswordMismatch},
		{name: "mismatch in case only", password: "Kopi-Hitam-Tanpa-Gula", confirm: "kopi-hitam-tanpa-gula", errIs: ErrPasswordMismatch},
		{name: "weak password reported before mismatch", password: "password2024!", confirm: "other", errIs: errPasswordCommon},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			confirm, username, n := tt.confirm, tt.username, tt.nik
			if confirm == "" {
				confirm = tt.password
			}
			switch username {
			case "":
				username = user
			case "-":
				username = ""
			}
			switch n {
			case "":
				n = nik
			case "-":
				n = ""
			}
			err := CheckPassword(tt.password, confirm, username, n)
			if !errors.Is(err, tt.errIs) {
				t.Fatalf("CheckPassword(%q) = %v, want %v", tt.password, err, tt.errIs)
			}
		})
	}
}

func TestErrPasswordMismatchMessage(t *testing.T) {
	if got, want := ErrPasswordMismatch.Error(), "Kata sandi dan ulangi kata sandi tidak sama."; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}

func TestCommonPasswordList(t *testing.T) {
	if n := len(commonPasswords); n < 400 {
		t.Errorf("list has %d entries, want at least 400", n)
	}
	for w := range commonPasswords {
		if w != strings.ToLower(w) || strings.ContainsAny(w, " \t\r") || strings.HasPrefix(w, "#") {
			t.Errorf("bad entry %q", w)
		}
	}
	for _, w := range []string{"123456789012", "password", "qwerty", "iloveyou", "admin", "welcome", "passw0rd",
		"bismillah", "indonesia", "sayang", "sayangku", "rahasia", "katasandi", "bappenas", "regsosek",
		"merdeka", "jakarta", "garuda", "pancasila"} {
		if _, ok := commonPasswords[w]; !ok {
			t.Errorf("list lacks %q", w)
		}
	}
}

func TestParseWordList(t *testing.T) {
	got := parseWordList("# header\n\nPassword\r\n  spaced  \n#comment\nlast")
	want := []string{"password", "spaced", "last"}
	if len(got) != len(want) {
		t.Fatalf("parsed %v, want %v", got, want)
	}
	for _, w := range want {
		if _, ok := got[w]; !ok {
			t.Errorf("missing %q in %v", w, got)
		}
	}
}
