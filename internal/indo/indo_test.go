package indo_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
)

func jkt(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, indo.Jakarta)
}

func TestJakartaIsPlusSeven(t *testing.T) {
	t.Parallel()
	if _, off := time.Date(2026, 11, 30, 12, 0, 0, 0, indo.Jakarta).Zone(); off != 7*3600 {
		t.Errorf("Jakarta offset = %d s, want 25200", off)
	}
}

func TestDayStartAndToday(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    time.Time
		start time.Time // DayStart(in)
		today time.Time // Today(in)
	}{
		{"DATE column scanned as UTC midnight keeps its day", time.Date(2027, 5, 31, 0, 0, 0, 0, time.UTC),
			jkt(2027, 5, 31, 0, 0), jkt(2027, 5, 31, 0, 0)},
		{"late evening UTC is the next day in Jakarta", time.Date(2026, 11, 30, 17, 30, 0, 0, time.UTC),
			jkt(2026, 11, 30, 0, 0), jkt(2026, 12, 1, 0, 0)},
		{"Jakarta afternoon", jkt(2026, 12, 31, 14, 5), jkt(2026, 12, 31, 0, 0), jkt(2026, 12, 31, 0, 0)},
		{"last second of the year in Jakarta", jkt(2026, 12, 31, 23, 59).Add(59 * time.Second),
			jkt(2026, 12, 31, 0, 0), jkt(2026, 12, 31, 0, 0)},
	}
	for _, tt := range tests {
		if got := indo.DayStart(tt.in); !got.Equal(tt.start) || got.Location() != indo.Jakarta {
			t.Errorf("%s: DayStart = %v, want %v in Jakarta", tt.name, got, tt.start)
		}
		if got := indo.Today(tt.in); !got.Equal(tt.today) || got.Location() != indo.Jakarta {
			t.Errorf("%s: Today = %v, want %v in Jakarta", tt.name, got, tt.today)
		}
	}
}

func TestDateAndTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                 string
		in                   time.Time
		date, clock, both, m string
	}{
		{"afternoon in Jakarta", jkt(2026, 11, 30, 14, 5), "30 November 2026", "pukul 14.05 WIB",
			"30 November 2026 pukul 14.05 WIB", "November 2026"},
		{"UTC evening is past midnight in Jakarta", time.Date(2026, 11, 30, 17, 30, 0, 0, time.UTC), "1 Desember 2026",
			"pukul 00.30 WIB", "1 Desember 2026 pukul 00.30 WIB", "Desember 2026"},
		{"UTC evening on New Year's Eve", time.Date(2026, 12, 31, 20, 0, 0, 0, time.UTC), "1 Januari 2027",
			"pukul 03.00 WIB", "1 Januari 2027 pukul 03.00 WIB", "Januari 2027"},
		{"single-digit day and hour", jkt(2027, 5, 3, 8, 0), "3 Mei 2027", "pukul 08.00 WIB", "3 Mei 2027 pukul 08.00 WIB", "Mei 2027"},
		{"last minute of a month", jkt(2026, 2, 28, 23, 59), "28 Februari 2026", "pukul 23.59 WIB",
			"28 Februari 2026 pukul 23.59 WIB", "Februari 2026"},
		{"leap day", jkt(2028, 2, 29, 12, 0), "29 Februari 2028", "pukul 12.00 WIB", "29 Februari 2028 pukul 12.00 WIB", "Februari 2028"},
		{"another zone is shown in Jakarta", time.Date(2026, 8, 17, 10, 0, 0, 0, time.FixedZone("WIT", 9*3600)),
			"17 Agustus 2026", "pukul 08.00 WIB", "17 Agustus 2026 pukul 08.00 WIB", "Agustus 2026"},
		{"zero time is not set", time.Time{}, "", "", "", ""},
	}
	for _, tt := range tests {
		if got := indo.Date(tt.in); got != tt.date {
			t.Errorf("%s: Date = %q, want %q", tt.name, got, tt.date)
		}
		if got := indo.Time(tt.in); got != tt.clock {
			t.Errorf("%s: Time = %q, want %q", tt.name, got, tt.clock)
		}
		if got := indo.DateTime(tt.in); got != tt.both {
			t.Errorf("%s: DateTime = %q, want %q", tt.name, got, tt.both)
		}
		if got := indo.MonthYear(tt.in); got != tt.m {
			t.Errorf("%s: MonthYear = %q, want %q", tt.name, got, tt.m)
		}
	}
}

func TestMonth(t *testing.T) {
	t.Parallel()
	// One string rather than a second table, so a grep for the month table finds only indo.go's.
	want := strings.Fields("Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember")
	for i, w := range want {
		if got := indo.Month(time.Month(i + 1)); got != w {
			t.Errorf("Month(%d) = %q, want %q", i+1, got, w)
		}
	}
	if got := indo.Month(0) + indo.Month(13); got != "" {
		t.Errorf("months out of range = %q, want empty", got)
	}
}

func TestDateRange(t *testing.T) {
	t.Parallel()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		a, b time.Time
		want string
	}{
		{"within a month", day(2026, 12, 1), day(2026, 12, 5), "1–5 Desember 2026"},
		{"across a month", day(2026, 11, 28), day(2026, 12, 2), "28 November–2 Desember 2026"},
		{"across a year", day(2026, 12, 30), day(2027, 1, 2), "30 Desember 2026–2 Januari 2027"},
		{"one day", day(2026, 8, 17), day(2026, 8, 17), "17 Agustus 2026"},
		{"one day at different hours", jkt(2026, 8, 17, 8, 0), jkt(2026, 8, 17, 16, 0), "17 Agustus 2026"},
		{"same day number, another month", day(2026, 8, 17), day(2026, 9, 17), "17 Agustus–17 September 2026"},
		{"same day and month, another year", day(2026, 8, 17), day(2027, 8, 17), "17 Agustus 2026–17 Agustus 2027"},
		{"UTC evening ends the next day in Jakarta", jkt(2026, 11, 29, 9, 0), time.Date(2026, 11, 30, 17, 30, 0, 0, time.UTC),
			"29 November–1 Desember 2026"},
		{"no end", day(2026, 8, 17), time.Time{}, "17 Agustus 2026"},
		{"no start", time.Time{}, day(2026, 8, 17), ""},
	}
	for _, tt := range tests {
		if got := indo.DateRange(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: DateRange = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestInt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   int64
		want string
	}{
		{0, "0"}, {7, "7"}, {999, "999"}, {1000, "1.000"}, {12345, "12.345"}, {123456, "123.456"},
		{1234567, "1.234.567"}, {78318709, "78.318.709"}, {-4369766, "-4.369.766"}, {-12, "-12"}, {-1000, "-1.000"},
		{math.MaxInt64, "9.223.372.036.854.775.807"}, {math.MinInt64, "-9.223.372.036.854.775.808"},
	}
	for _, tt := range tests {
		if got := indo.Int(tt.in); got != tt.want {
			t.Errorf("Int(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDecimal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     float64
		places int
		want   string
	}{
		{4.5, 1, "4,5"}, {15, 1, "15,0"}, {12.5, 1, "12,5"}, {12.44, 1, "12,4"}, {0, 1, "0,0"}, {100, 1, "100,0"},
		{1234.5, 1, "1.234,5"}, {1234567.891, 2, "1.234.567,89"}, {78318709, 0, "78.318.709"},
		// Halves round away from zero, on both sides of it.
		{12.45, 1, "12,5"}, {0.05, 1, "0,1"}, {2.5, 0, "3"}, {-2.5, 0, "-3"}, {-0.25, 1, "-0,3"},
		// Negative numbers keep their sign, unless they round to zero.
		{-2.5, 1, "-2,5"}, {-1234.5, 1, "-1.234,5"}, {-0.04, 1, "0,0"}, {-0.4, 0, "0"},
		{math.NaN(), 1, "–"}, {math.Inf(1), 1, "–"}, {math.Inf(-1), 0, "–"},
	}
	for _, tt := range tests {
		if got := indo.Decimal(tt.in, tt.places); got != tt.want {
			t.Errorf("Decimal(%v, %d) = %q, want %q", tt.in, tt.places, got, tt.want)
		}
	}
}

func TestPercent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   float64
		want string
	}{
		{12.5, "12,5%"}, {87.46, "87,5%"}, {87.45, "87,5%"}, {100, "100,0%"}, {0, "0,0%"}, {-3.25, "-3,3%"},
		{1234.56, "1.234,6%"}, {math.NaN(), "–"}, {math.Inf(1), "–"},
	}
	for _, tt := range tests {
		if got := indo.Percent(tt.in); got != tt.want {
			t.Errorf("Percent(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Months are counted on the calendar: a day the target month lacks becomes its last day.
func TestAddMonths(t *testing.T) {
	for _, tt := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-08-31", 6, "2027-02-28"},
		{"2027-08-31", 6, "2028-02-29"},
		{"2027-01-31", 1, "2027-02-28"},
		{"2026-03-31", 1, "2026-04-30"},
		{"2026-03-15", 6, "2026-09-15"},
		{"2026-11-30", 12, "2027-11-30"},
		{"2026-12-31", 2, "2027-02-28"},
	} {
		from, _ := time.ParseInLocation(time.DateOnly, tt.from, indo.Jakarta)
		if got := indo.AddMonths(from, tt.n).Format(time.DateOnly); got != tt.want {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}
