package account

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  string
		errIs error
	}{
		{name: "08", in: "081234567890", want: "+6281234567890"},
		{name: "628", in: "6281234567890", want: "+6281234567890"},
		{name: "+628", in: "+6281234567890", want: "+6281234567890"},
		{name: "spaces", in: " 0812 3456 7890 ", want: "+6281234567890"},
		{name: "dashes", in: "0812-3456-7890", want: "+6281234567890"},
		{name: "dots", in: "0812.3456.7890", want: "+6281234567890"},
		{name: "+62 with spaces", in: "+62 812 3456 7890", want: "+6281234567890"},
		{name: "+62 with dashes", in: "+62-812-3456-7890", want: "+6281234567890"},
		{name: "shortest: 10 digits", in: "0812345678", want: "+62812345678"},
		{name: "longest: 13 digits", in: "0812345678901", want: "+62812345678901"},
		{name: "longest as 628", in: "62812345678901", want: "+62812345678901"},

		{name: "empty", in: " ", errIs: errPhoneEmpty},
		{name: "too short", in: "081234567", errIs: errPhoneShort},
		{name: "too short as +628", in: "+6281234567", errIs: errPhoneShort},
		{name: "too long", in: "08123456789012", errIs: errPhoneLong},
		{name: "too long as 628", in: "628123456789012", errIs: errPhoneLong},
		{name: "landline 021", in: "021-5551234", errIs: errPhonePrefix},
		{name: "landline as +6221", in: "+62 21 5551234", errIs: errPhonePrefix},
		{name: "no prefix", in: "81234567890", errIs: errPhonePrefix},
		{name: "+ with national form", in: "+081234567890", errIs: errPhonePrefix},
		{name: "62 then 08", in: "62 0812 3456 7890", errIs: errPhonePrefix},
		{name: "foreign number", in: "+6591234567", errIs: errPhonePrefix},
		{name: "letters", in: "0812345678a", errIs: errPhoneChars},
		{name: "parentheses", in: "(0812) 3456 7890", errIs: errPhoneChars},
		{name: "plus in the middle", in: "0812+34567890", errIs: errPhoneChars},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizePhone(tt.in)
			if tt.errIs != nil {
				if !errors.Is(err, tt.errIs) || got != "" {
					t.Fatalf("NormalizePhone(%q) = %q, %v; want error %v", tt.in, got, err, tt.errIs)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("NormalizePhone(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestNormalizeEmail(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  string
		errIs error
	}{
		{name: "trims and lowercases the domain only", in: "  Budi.Santoso@Bappenas.GO.ID ", want: "Budi.Santoso@bappenas.go.id"},
		{name: "plain", in: "pusdatin@kemkes.go.id", want: "pusdatin@kemkes.go.id"},
		{name: "plus and hyphen", in: "budi+regsosek@dinas-kominfo.jabarprov.go.id", want: "budi+regsosek@dinas-kominfo.jabarprov.go.id"},
		{name: "short domain", in: "a@b.co", want: "a@b.co"},

		{name: "empty", in: "   ", errIs: errEmailEmpty},
		{name: "display name", in: "Budi <budi@bappenas.go.id>", errIs: errEmailPlain},
		{name: "angle brackets only", in: "<budi@bappenas.go.id>", errIs: errEmailPlain},
		{name: "space inside", in: "budi santoso@bappenas.go.id", errIs: errEmailPlain},
		{name: "no @", in: "budi.bappenas.go.id", errIs: errEmailAt},
		{name: "two @", in: "budi@bappenas@go.id", errIs: errEmailAt},
		{name: "@@", in: "budi@@bappenas.go.id", errIs: errEmailAt},
		{name: "empty local part", in: "@bappenas.go.id", errIs: errEmailLocal},
		{name: "leading dot", in: ".budi@bappenas.go.id", errIs: errEmailLocal},
		{name: "double dot", in: "bu..di@bappenas.go.id", errIs: errEmailLocal},
		{name: "comma in local part", in: "budi,santoso@bappenas.go.id", errIs: errEmailLocal},
		{name: "empty domain", in: "budi@", errIs: errEmailDomain},
		{name: "domain without a dot", in: "budi@localhost", errIs: errEmailDomain},
		{name: "domain ends with a dot", in: "budi@bappenas.go.id.", errIs: errEmailDomain},
		{name: "domain double dot", in: "budi@bappenas..go.id", errIs: errEmailDomain},
		{name: "domain label starts with hyphen", in: "budi@-bappenas.go.id", errIs: errEmailDomain},
		{name: "domain underscore", in: "budi@bap_penas.go.id", errIs: errEmailDomain},
		{name: "numeric top-level label", in: "budi@10.0.0.1", errIs: errEmailDomain},
		{name: "one-letter top-level label", in: "budi@bappenas.i", errIs: errEmailDomain},
		{name: "local part over 64", in: strings.Repeat("a", 65) + "@bappenas.go.id", errIs: errEmailLong},
		{name: "address over 254", in: "budi@" + strings.Repeat("a", 250) + ".id", errIs: errEmailLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeEmail(tt.in)
			if tt.errIs != nil {
				if !errors.Is(err, tt.errIs) || got != "" {
					t.Fatalf("NormalizeEmail(%q) = %q, %v; want error %v", tt.in, got, err, tt.errIs)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("NormalizeEmail(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestIsGoID(t *testing.T) {
	tests := []struct {
		email string
		want  bool
	}{
		{"pusdatin@kemkes.go.id", true},
		{"budi@BAPPENAS.GO.ID", true},
		{"diskominfo@dinas.jabarprov.go.id", true},
		{"budi@kemkes.go.id.", true},
		{"budi@go.id", false},
		{"budi@go.id.example.com", false},
		{"budi@kemkes.go.id.example.com", false},
		{"budi@notgo.id", false},
		{"budi@gmail.com", false},
		{"kemkes.go.id", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsGoID(tt.email); got != tt.want {
			t.Errorf("IsGoID(%q) = %v, want %v", tt.email, got, tt.want)
		}
	}
}

func TestNormalizeNIPOrNIK(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"19670627 199803 1 004", "196706271998031004", true},
		{"3273015508850003", "3273015508850003", true}, // born 1985: the age is not this rule's
		{"3273012706670001", "3273012706670001", true},
		{"3273013213850003", "", false}, // month 13
		{"3273015508850000", "", false}, // serial 0000
		{"12345", "", false},
	} {
		got, err := NormalizeNIPOrNIK(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("NormalizeNIPOrNIK(%q) = %q, %v", tt.in, got, err)
		}
	}
}
