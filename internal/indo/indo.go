// Package indo formats dates, times and numbers for people reading Indonesian: "30 November 2026",
// "pukul 14.05 WIB", "1.234.567", "4,5". Every page, email, PDF and timeline note goes through it, so the
// month names live here and nowhere else. It is pure: no I/O, standard library only.
package indo

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Jakarta is the portal's time zone. Every date a person reads is a date in Jakarta: an access "sampai
// 31 Mei" ends at the end of that day there. Without the zone database (a minimal container) it falls back to
// the fixed +07:00 offset, which Jakarta has kept since 1964.
var Jakarta = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		return time.FixedZone("WIB", 7*3600)
	}
	return loc
}()

// AddMonths is t n months later on the same day of the month, or the month's last day when it has no such
// day: six months after 31 August is 28 February, not 3 March as time.AddDate makes it (rolling the missing
// days into the next month would give more than the months counted).
func AddMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1)
}

// DayStart is the start, in Jakarta, of the calendar day date names. It reads the year, month and day in
// date's own zone, so a DATE column scanned as UTC midnight keeps its day.
func DayStart(date time.Time) time.Time {
	y, m, d := date.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Jakarta)
}

// Today is now's date in Jakarta, at midnight there.
func Today(now time.Time) time.Time { return DayStart(now.In(Jakarta)) }

var months = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
	"Oktober", "November", "Desember"}

// Month names a month: "Desember".
func Month(m time.Month) string {
	if m < time.January || m > time.December {
		return ""
	}
	return months[m-1]
}

// MonthYear writes t's month in Jakarta: "November 2026". The zero time, meaning "not set", gives "".
func MonthYear(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Jakarta)
	return Month(t.Month()) + " " + strconv.Itoa(t.Year())
}

// Date writes t's date in Jakarta: "30 November 2026". The zero time, meaning "not set", gives "".
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Jakarta)
	return strconv.Itoa(t.Day()) + " " + MonthYear(t)
}

// Time writes t's time of day in Jakarta: "pukul 14.05 WIB", with the dot Indonesian uses between hours and
// minutes. The zero time gives "".
func Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return "pukul " + t.In(Jakarta).Format("15.04") + " WIB"
}

// DateTime writes t in Jakarta: "30 November 2026 pukul 14.05 WIB". The zero time gives "".
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return Date(t) + " " + Time(t)
}

// DateRange writes the days from a to b, saying the month and year once where they are shared, with an en
// dash: "1–5 Desember 2026", "28 November–2 Desember 2026", "30 Desember 2026–2 Januari 2027". The same
// day, or a zero b, gives that one day; a zero a gives "".
func DateRange(a, b time.Time) string {
	if a.IsZero() {
		return ""
	}
	if b.IsZero() {
		return Date(a)
	}
	a, b = a.In(Jakarta), b.In(Jakarta)
	switch {
	case a.Year() != b.Year():
		return Date(a) + "–" + Date(b)
	case a.Month() != b.Month():
		return strconv.Itoa(a.Day()) + " " + Month(a.Month()) + "–" + Date(b)
	case a.Day() != b.Day():
		return strconv.Itoa(a.Day()) + "–" + Date(b)
	}
	return Date(a)
}

// Int writes n with a dot between thousands: 78.318.709.
func Int(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	first := len(s) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(s[:first])
	for i := first; i < len(s); i += 3 {
		b.WriteByte('.')
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// Decimal writes x with the given number of decimals, a comma as the decimal sign and dots between
// thousands: 1234.5 → "1.234,5". Halves round away from zero; a value that rounds to zero has no minus
// sign. NaN and infinities, which no person can read, give "–".
func Decimal(x float64, places int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	p := math.Pow(10, float64(places))
	r := math.Round(x*p) / p
	s := strconv.FormatFloat(math.Abs(r), 'f', places, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.ParseInt(whole, 10, 64)
	out := Int(n)
	if frac != "" {
		out += "," + frac
	}
	if r < 0 {
		out = "-" + out
	}
	return out
}

// Percent writes a percentage with one decimal: 12.5 → "12,5%". NaN and infinities give "–".
func Percent(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	return Decimal(x, 1) + "%"
}
