package account

import (
	"errors"
	"testing"
)

func TestNormalizeNIP(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  string
		errIs error
	}{
		{name: "written with spaces", in: "19670627 199803 1 004", want: "196706271998031004"},
		{name: "plain digits", in: "196706271998031004", want: "196706271998031004"},
		{name: "surrounding space", in: "  196706271998031004\t", want: "196706271998031004"},
		{name: "female", in: "19850101 201001 2 015", want: "198501012010012015"},
		{name: "TMT exactly at 18", in: "19670627 198501 1 004", want: "196706271985011004"},
		{name: "29 February of a leap year", in: "19680229 199803 1 004", want: "196802291998031004"},

		{name: "empty", in: "", errIs: errNIPEmpty},
		{name: "letters", in: "19670627 199803 1 OO4", errIs: errNIPNotDigits},
		{name: "dots", in: "19670627.199803.1.004", errIs: errNIPNotDigits},
		{name: "17 digits", in: "19670627199803100", errIs: errNIPLength},
		{name: "19 digits", in: "1967062719980310041", errIs: errNIPLength},
		{name: "bad date 30 February", in: "19670230 199803 1 004", errIs: errNIPBirthDate},
		{name: "bad date month 13", in: "19671327 199803 1 004", errIs: errNIPBirthDate},
		{name: "bad date day 00", in: "19670600 199803 1 004", errIs: errNIPBirthDate},
		{name: "29 February of a common year", in: "19670229 199803 1 004", errIs: errNIPBirthDate},
		{name: "TMT month 00", in: "19670627 199800 1 004", errIs: errNIPTMTMonth},
		{name: "TMT month 13", in: "19670627 199813 1 004", errIs: errNIPTMTMonth},
		{name: "TMT before 18", in: "19670627 198412 1 004", errIs: errNIPTMTTooEarly},
		{name: "TMT before birth", in: "19670627 196001 1 004", errIs: errNIPTMTTooEarly},
		{name: "gender 3", in: "19670627 199803 3 004", errIs: errNIPGender},
		{name: "gender 0", in: "19670627 199803 0 004", errIs: errNIPGender},
		{name: "serial 000", in: "19670627 199803 1 000", errIs: errNIPSerial},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeNIP(tt.in)
			if tt.errIs != nil {
				if !errors.Is(err, tt.errIs) || got != "" {
					t.Fatalf("NormalizeNIP(%q) = %q, %v; want error %v", tt.in, got, err, tt.errIs)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("NormalizeNIP(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}
