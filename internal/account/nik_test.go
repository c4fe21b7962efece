package account

import (
	"errors"
	"testing"
	"time"
)

// wib is Jakarta time; the portal's clock reads it.
var wib = time.FixedZone("WIB", 7*60*60)

// testNow is the fixed "now" of the rule tests: 15 March 2026, 10:00 WIB.
var testNow = time.Date(2026, 3, 15, 10, 0, 0, 0, wib)

// knownProvinsi accepts a few current codes and the old Papua code 94.
func knownProvinsi(kode string) bool {
	switch kode {
	case "11", "31", "32", "33", "35", "91", "92", "94":
		return true
	}
	return false
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParseNIK(t *testing.T) {
	tests := []struct {
		name   string
		nik    string
		now    time.Time
		want   NIKInfo
		errIs  error
		noInfo bool
	}{
		{name: "valid male", nik: "3273011705850002",
			want: NIKInfo{ProvinsiKode: "32", KabKotaKode: "32.73", KecamatanKode: "32.73.01", BirthDate: date(1985, 5, 17)}},
		{name: "valid female has 40 added to the day", nik: "3273015705850002",
			want: NIKInfo{ProvinsiKode: "32", KabKotaKode: "32.73", KecamatanKode: "32.73.01", BirthDate: date(1985, 5, 17), Female: true}},
		{name: "female day 71 is the 31st", nik: "3578107101900123",
			want: NIKInfo{ProvinsiKode: "35", KabKotaKode: "35.78", KecamatanKode: "35.78.10", BirthDate: date(1990, 1, 31), Female: true}},
		{name: "spaces are stripped", nik: " 3273 0117 0585 0002 ",
			want: NIKInfo{ProvinsiKode: "32", KabKotaKode: "32.73", KecamatanKode: "32.73.01", BirthDate: date(1985, 5, 17)}},
		{name: "old Papua code accepted when the caller knows it", nik: "9471011705850002",
			want: NIKInfo{ProvinsiKode: "94", KabKotaKode: "94.71", KecamatanKode: "94.71.01", BirthDate: date(1985, 5, 17)}},

		{name: "empty", nik: "  ", errIs: errNIKEmpty},
		{name: "non-digits", nik: "32730117058500A2", errIs: errNIKNotDigits},
		{name: "dashes are not stripped", nik: "3273-0117-0585-0002", errIs: errNIKNotDigits},
		{name: "15 digits", nik: "327301170585000", errIs: errNIKLength},
		{name: "17 digits", nik: "32730117058500021", errIs: errNIKLength},
		{name: "unknown province", nik: "9973011705850002", errIs: errNIKProvinsi},
		{name: "day 00", nik: "3273010001900001", errIs: errNIKDay},
		{name: "day 32", nik: "3273013201900001", errIs: errNIKDay},
		{name: "day 40", nik: "3273014001900001", errIs: errNIKDay},
		{name: "day 72", nik: "3273017201900001", errIs: errNIKDay},
		{name: "month 00", nik: "3273011700900001", errIs: errNIKMonth},
		{name: "month 13", nik: "3273011013900001", errIs: errNIKMonth},
		{name: "31 February", nik: "3273013102900001", errIs: errNIKDate},
		{name: "31 April female", nik: "3273017104900001", errIs: errNIKDate},
		{name: "29 February in a common year", nik: "3273012902010001", errIs: errNIKDate},
		{name: "serial 0000", nik: "3273011705850000", errIs: errNIKSerial},

		{name: "century: 20YY when not in the future", nik: "3273010101000001",
			want: NIKInfo{ProvinsiKode: "32", KabKotaKode: "32.73", KecamatanKode: "32.73.01", BirthDate: date(2000, 1, 1)}},
		{name: "century: 29 February 2000", nik: "3273012902000001",
			want: NIKInfo{ProvinsiKode: "32", KabKotaKode: "32.73", KecamatanKode: "32.73.01", BirthDate: date(2000, 2, 29)}},
		{name: "century: 19YY when 20YY is in the future", nik: "3273010112260001",
			want: NIKInfo{ProvinsiKode: "32", KabKotaKode: "32.73", KecamatanKode: "32.73.01", BirthDate: date(1926, 12, 1)}},
		{name: "century: 99 is 1999", nik: "3273013112990001",
			want: NIKInfo{ProvinsiKode: "32", KabKotaKode: "32.73", KecamatanKode: "32.73.01", BirthDate: date(1999, 12, 31)}},
		{name: "century: a 20YY date today is taken, so too young", nik: "3273011503260001", errIs: errNIKTooYoung},

		{name: "too young: 16 years old", nik: "3273010101100001", errIs: errNIKTooYoung},
		{name: "too young: 17 tomorrow", nik: "3273011603090001", errIs: errNIKTooYoung},
		{name: "17 today", nik: "3273011503090001",
			want: NIKInfo{ProvinsiKode: "32", KabKotaKode: "32.73", KecamatanKode: "32.73.01", BirthDate: date(2009, 3, 15)}},
		{name: "17 today in Jakarta although still yesterday in UTC", nik: "3273011503090001",
			now:  time.Date(2026, 3, 15, 0, 30, 0, 0, wib),
			want: NIKInfo{ProvinsiKode: "32", KabKotaKode: "32.73", KecamatanKode: "32.73.01", BirthDate: date(2009, 3, 15)}},
		{name: "17 today in Jakarta, the clock given in UTC (a server's zone)", nik: "3273011503090001",
			now:  time.Date(2026, 3, 14, 17, 30, 0, 0, time.UTC),
			want: NIKInfo{ProvinsiKode: "32", KabKotaKode: "32.73", KecamatanKode: "32.73.01", BirthDate: date(2009, 3, 15)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := tt.now
			if now.IsZero() {
				now = testNow
			}
			got, err := ParseNIK(tt.nik, now, knownProvinsi)
			if tt.errIs != nil {
				if !errors.Is(err, tt.errIs) {
					t.Fatalf("ParseNIK(%q) error = %v, want %v", tt.nik, err, tt.errIs)
				}
				if got != (NIKInfo{}) {
					t.Errorf("ParseNIK(%q) returned %+v with an error", tt.nik, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseNIK(%q) error = %v", tt.nik, err)
			}
			if got != tt.want {
				t.Errorf("ParseNIK(%q) = %+v, want %+v", tt.nik, got, tt.want)
			}
		})
	}
}

func TestParseNIKMessage(t *testing.T) {
	_, err := ParseNIK("123", testNow, knownProvinsi)
	if err == nil || err.Error() != "NIK harus terdiri dari 16 digit angka." {
		t.Errorf("error = %v, want the 16-digit message", err)
	}
}
