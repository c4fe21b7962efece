package account

import (
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
)

// NIKInfo is what a NIK's structure says.
type NIKInfo struct {
	ProvinsiKode  string    // "32"
	KabKotaKode   string    // "32.73" (dotted Kemendagri form)
	KecamatanKode string    // "32.73.01"
	BirthDate     time.Time // UTC midnight
	Female        bool
}

// minKTPAge is the age at which a resident receives a KTP, and so a NIK a registrator can hold.
const minKTPAge = 17

// ParseNIK checks a NIK's structure: 16 digits (white space allowed and stripped); digits 1-2 a province code
// that provinsiKnown accepts (callers pass today's codes plus old ones, because the codes are those of the place
// of first registration); digits 7-12 a real birth date DDMMYY where women have 40 added to DD; digits 13-16 a
// serial that is not 0000. The century is 20YY when that date is not after now, else 19YY. The holder must be
// at least 17 years old at now. "Today" is now's calendar date in now's own location.
//
// The kab/kota and kecamatan digits are returned but not checked: they may name regions that no longer exist.
func ParseNIK(nik string, now time.Time, provinsiKnown func(kode string) bool) (NIKInfo, error) {
	n := stripSpace(nik)
	switch {
	case n == "":
		return NIKInfo{}, errNIKEmpty
	case !allDigits(n):
		return NIKInfo{}, errNIKNotDigits
	case len(n) != 16:
		return NIKInfo{}, errNIKLength
	case !provinsiKnown(n[0:2]):
		return NIKInfo{}, errNIKProvinsi
	}
	// Ages are counted in Indonesian days: today is the date in WIB, whatever zone now comes in.
	birth, female, err := nikBirthDate(n[6:12], now.In(indo.Jakarta))
	if err != nil {
		return NIKInfo{}, err
	}
	if n[12:16] == "0000" {
		return NIKInfo{}, errNIKSerial
	}
	return NIKInfo{
		ProvinsiKode:  n[0:2],
		KabKotaKode:   n[0:2] + "." + n[2:4],
		KecamatanKode: n[0:2] + "." + n[2:4] + "." + n[4:6],
		BirthDate:     birth,
		Female:        female,
	}, nil
}

// nikBirthDate decodes the DDMMYY block of a NIK and checks the holder's age.
func nikBirthDate(ddmmyy string, now time.Time) (time.Time, bool, error) {
	day, month, yy := atoi(ddmmyy[0:2]), atoi(ddmmyy[2:4]), atoi(ddmmyy[4:6])
	female := day > 40
	if female {
		day -= 40
	}
	if day < 1 || day > 31 {
		return time.Time{}, false, errNIKDay
	}
	if month < 1 || month > 12 {
		return time.Time{}, false, errNIKMonth
	}
	today := dateOf(now)
	birth, ok := realDate(2000+yy, month, day)
	if !ok || birth.After(today) {
		// 19YY only differs from 20YY in being a leap year when YY is 00, and 1900 was not one.
		if birth, ok = realDate(1900+yy, month, day); !ok {
			return time.Time{}, false, errNIKDate
		}
	}
	if birth.After(today) {
		return time.Time{}, false, errNIKFuture
	}
	// A 29 February birthday comes of age on 1 March in a common year (time.AddDate normalises it).
	if birth.AddDate(minKTPAge, 0, 0).After(today) {
		return time.Time{}, false, errNIKTooYoung
	}
	return birth, female, nil
}

// realDate returns the UTC midnight of year-month-day and whether that date exists (no 31 February).
func realDate(year, month, day int) (time.Time, bool) {
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	return t, t.Year() == year && int(t.Month()) == month && t.Day() == day
}

// dateOf returns t's calendar date, in t's own location, as UTC midnight.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
