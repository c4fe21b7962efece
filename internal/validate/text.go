package validate

import (
	"strconv"
	"strings"
	"unicode"
)

// Clean makes typed one-line text fit to keep and show: every control character (tab, line break, NUL, ESC
// and the rest) counts as a space, runs of spaces collapse into one, the ends are trimmed, and the result is
// cut to max characters. Counting runes, not bytes, never splits a letter; dropping NUL keeps PostgreSQL
// from refusing the text.
func Clean(s string, max int) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	if r := []rune(s); len(r) > max {
		s = strings.TrimRight(string(r[:max]), " ")
	}
	return s
}

// MinReason is the fewest characters a written reason, question or message must have: enough to rule out
// "ok" or "-", so the person it is sent to learns something.
const MinReason = 10

// Reason checks a written reason. It returns the message to show beside the field when s has fewer than
// MinReason characters, naming what is asked for by label ("alasan penolakan"), or "" when s is long
// enough.
func Reason(label, s string) string {
	if len([]rune(s)) >= MinReason {
		return ""
	}
	return "Tuliskan " + label + " (paling sedikit " + strconv.Itoa(MinReason) + " karakter)."
}

// SpreadsheetSafe neutralises text a spreadsheet would read as a formula (OWASP "CSV injection"): a value
// starting with '=', '+', '-', '@', a tab or a carriage return gets a leading apostrophe, which Excel and
// LibreOffice take as "this is text". Every export of the portal writes its text cells through it.
func SpreadsheetSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
