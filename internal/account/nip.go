package account

import (
	"errors"
	"time"
)

// NormalizeNIP accepts an 18-digit NIP with or without spaces ("19670627 199803 1 004") and returns the 18
// digits. The structure is checked: birth date YYYYMMDD (a real date), TMT CPNS YYYYMM (month 01-12, year not
// before birth year + 18), gender digit 1 or 2, and a 3-digit serial that is not 000.
func NormalizeNIP(s string) (string, error) {
	n := stripSpace(s)
	switch {
	case n == "":
		return "", errNIPEmpty
	case !allDigits(n):
		return "", errNIPNotDigits
	case len(n) != 18:
		return "", errNIPLength
	}
	birthYear := atoi(n[0:4])
	if _, ok := realDate(birthYear, atoi(n[4:6]), atoi(n[6:8])); !ok {
		return "", errNIPBirthDate
	}
	if m := atoi(n[12:14]); m < 1 || m > 12 {
		return "", errNIPTMTMonth
	}
	if atoi(n[8:12]) < birthYear+18 {
		return "", errNIPTMTTooEarly
	}
	if n[14] != '1' && n[14] != '2' {
		return "", errNIPGender
	}
	if n[15:18] == "000" {
		return "", errNIPSerial
	}
	return n, nil
}

// NormalizeNIPOrNIK accepts an 18-digit NIP, or for an official of a desa who is not a civil servant a
// 16-digit NIK ("NIP/NIK" on the pedoman's templates), and returns the digits. A NIK's structure is checked
// but not the age it implies, nor its province code (the place of first registration may predate today's
// regions).
func NormalizeNIPOrNIK(s string) (string, error) {
	digits := stripSpace(s)
	if len(digits) == 16 {
		// Checked as if today were 2100, so no birth date is in the future; the age that implies is no rule
		// here (a birth year 84–99 reads as 20YY and looks too young), so that refusal is not one.
		if _, err := ParseNIK(digits, nikAgeless, func(string) bool { return true }); err != nil && !errors.Is(err, errNIKTooYoung) {
			return "", err
		}
		if digits[12:16] == "0000" { // ParseNIK checks it after the age
			return "", errNIKSerial
		}
		return digits, nil
	}
	return NormalizeNIP(s)
}

// nikAgeless is the "today" of NormalizeNIPOrNIK's NIK check.
var nikAgeless = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
