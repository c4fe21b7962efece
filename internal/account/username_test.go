package account

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeUsername(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  string
		errIs error
	}{
		{name: "lowercased", in: "Budi_Santoso.01", want: "budi_santoso.01"},
		{name: "trimmed", in: "  budi  ", want: "budi"},
		{name: "4 characters", in: "abcd", want: "abcd"},
		{name: "32 characters", in: strings.Repeat("a", 32), want: strings.Repeat("a", 32)},
		{name: "digits only", in: "19670627", want: "19670627"},

		{name: "empty", in: "", errIs: errUsernameEmpty},
		{name: "3 characters", in: "abc", errIs: errUsernameLength},
		{name: "33 characters", in: strings.Repeat("a", 33), errIs: errUsernameLength},
		{name: "space inside", in: "budi santoso", errIs: errUsernameChars},
		{name: "hyphen", in: "budi-santoso", errIs: errUsernameChars},
		{name: "at sign", in: "budi@bappenas", errIs: errUsernameChars},
		{name: "non-ASCII letter", in: "búdisantoso", errIs: errUsernameChars},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeUsername(tt.in)
			if tt.errIs != nil {
				if !errors.Is(err, tt.errIs) || got != "" {
					t.Fatalf("NormalizeUsername(%q) = %q, %v; want error %v", tt.in, got, err, tt.errIs)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("NormalizeUsername(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}
