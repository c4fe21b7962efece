package dasbor

import (
	"math"
	"strconv"
	"strings"
)

// SuppressedMark stands in for a figure withheld by disclosure control, on the page, in charts and in the
// CSV download.
const SuppressedMark = "x"

// FormatInt writes an integer as Indonesians do, with a dot between thousands: 78.318.709.
func FormatInt(n int64) string {
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

// FormatDecimal writes x with the given number of decimals, a comma as the decimal sign and dots between
// thousands: 1234.5 → "1.234,5". Halves round away from zero.
func FormatDecimal(x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	p := math.Pow(10, float64(decimals))
	r := math.Round(x*p) / p
	s := strconv.FormatFloat(math.Abs(r), 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.ParseInt(whole, 10, 64)
	out := FormatInt(n)
	if frac != "" {
		out += "," + frac
	}
	if r < 0 {
		out = "-" + out
	}
	return out
}

// FormatPercent writes a percentage with one decimal: 12.5 → "12,5%".
func FormatPercent(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	return FormatDecimal(x, 1) + "%"
}

// PlainDecimal writes x for a machine-readable file: a dot as the decimal sign, no thousands separator.
func PlainDecimal(x float64, decimals int) string {
	return strconv.FormatFloat(x, 'f', decimals, 64)
}
