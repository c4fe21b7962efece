package dasbor

import (
	"strconv"
)

// SuppressedMark stands in for a figure withheld by disclosure control, on the page, in charts and in the
// CSV download.
const SuppressedMark = "x"

// PlainDecimal writes x for a machine-readable file: a dot as the decimal sign, no thousands separator.
// The release CSV is data meant for reuse, so it deliberately does not go through package indo (which
// writes "12,5" for people): spreadsheets and scripts read "12.5" and ISO dates.
func PlainDecimal(x float64, decimals int) string {
	return strconv.FormatFloat(x, 'f', decimals, 64)
}
