package validate

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/bappenas/portal-regsosek/internal/indo"
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

// Text cleans typed one-line text as Clean does but never cuts it: over max characters it puts beside field a
// message naming the limit and how much was typed, and returns the whole text, so the form shows it again to
// be shortened (issue 15: text over a limit used to be cut without a word).
func (e *Errors) Text(field, label, s string, max int) string {
	s = Clean(s, int(^uint(0)>>1))
	e.tooLong(field, label, s, max)
	return s
}

// Lines is Text for text of several lines: line breaks kept (as "\n"), trailing spaces of each line and
// blank ends trimmed.
func (e *Errors) Lines(field, label, s string, max int) string {
	s = CleanLines(s, int(^uint(0)>>1))
	e.tooLong(field, label, s, max)
	return s
}

func (e *Errors) tooLong(field, label, s string, max int) {
	if n := len([]rune(s)); n > max {
		e.Add(field, TooLong(label, n, max))
	}
}

// TooLong is the message beside a field whose text of n characters is over max: the limit and how much was
// typed, so the person knows how much to cut.
func TooLong(label string, n, max int) string {
	return label + " paling banyak " + indo.Int(int64(max)) + " karakter; isian Anda " + indo.Int(int64(n)) + " karakter. Persingkat isian ini."
}

// CleanLines makes typed text of several lines fit to keep: "\r\n" and "\r" become "\n", each line loses its
// trailing spaces, the whole its blank ends, and it is cut to max characters (a limit checked beforehand
// with Errors.Lines, so the cut is only a last guard).
func CleanLines(s string, max int) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	s = strings.TrimSpace(strings.Join(lines, "\n"))
	if r := []rune(s); len(r) > max {
		s = string(r[:max])
	}
	return s
}
