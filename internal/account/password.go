package account

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Password length limits, counted in characters. The upper bound only stops absurd inputs.
const (
	minPassword = 12
	maxPassword = 256
)

// ErrPasswordMismatch is returned by CheckPassword when the confirmation differs, so that the form can show it
// beside the "Ulangi Kata Sandi" field rather than the password field.
var ErrPasswordMismatch error = inputError("Kata sandi dan ulangi kata sandi tidak sama.")

//go:embed common_passwords.txt
var commonPasswordsTxt string

// commonPasswords holds the lowercase entries of common_passwords.txt.
var commonPasswords = parseWordList(commonPasswordsTxt)

// parseWordList reads one entry per line, lowercased, skipping blank lines and lines starting with '#'.
func parseWordList(txt string) map[string]struct{} {
	m := make(map[string]struct{})
	for line := range strings.Lines(txt) {
		w := strings.ToLower(strings.TrimSpace(line))
		if w != "" && !strings.HasPrefix(w, "#") {
			m[w] = struct{}{}
		}
	}
	return m
}

// CheckPassword checks a new password and returns the first problem found, with its message in Indonesian:
// it must be at least 12 characters; it must not be a common password (compared case-insensitively, both as
// typed and with trailing digits and symbols removed, so "Password2024!" is refused); it must not contain the
// username (case-insensitively) or the NIK digits; and it must equal confirm. The confirmation is checked last,
// and its failure is ErrPasswordMismatch. An empty username or nik skips that check.
func CheckPassword(password, confirm, username, nik string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n == 0:
		return errPasswordEmpty
	case n < minPassword:
		return errPasswordShort
	case n > maxPassword:
		return errPasswordLong
	case isCommonPassword(password):
		return errPasswordCommon
	}
	lower := strings.ToLower(password)
	if u := strings.ToLower(strings.TrimSpace(username)); u != "" && strings.Contains(lower, u) {
		return errPasswordUser
	}
	if d := stripSpace(nik); d != "" && strings.Contains(stripSpace(password), d) {
		return errPasswordNIK
	}
	if password != confirm {
		return ErrPasswordMismatch
	}
	return nil
}

// isCommonPassword reports whether password, lowercased, is in the list, either whole or without its trailing
// digits and symbols (people meet a length rule by appending a year or "123!").
func isCommonPassword(password string) bool {
	lower := strings.ToLower(password)
	if _, ok := commonPasswords[lower]; ok {
		return true
	}
	stem := strings.TrimRightFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	if stem == "" || stem == lower {
		return false
	}
	_, ok := commonPasswords[stem]
	return ok
}
