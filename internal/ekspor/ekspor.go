// Package ekspor writes the staff's lists as spreadsheets: XLSX through excelize's stream writer, and CSV that
// Excel in an Indonesian locale opens as columns (a UTF-8 byte-order mark, ';' between fields, dates as
// dd/mm/yyyy). Both start with a header row, write dates in Jakarta, and neutralise every text cell that a
// spreadsheet would read as a formula. Rows are written as they come, so a list of any length is exported
// with bounded memory.
package ekspor

import (
	"io"
	"strconv"
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Kind is how a column's values are written.
type Kind int

// The kinds of column.
const (
	Text     Kind = iota
	Number        // an int or int64
	Date          // a time.Time (or *time.Time), the day in Jakarta
	DateTime      // a time.Time (or *time.Time), day and time in Jakarta
)

// Column is one column of an export: its header and kind, and for XLSX its width in characters (0: 18).
type Column struct {
	Title string
	Kind  Kind
	Width float64
}

// Format names a spreadsheet format a list downloads as.
type Format string

// The formats.
const (
	XLSX Format = "xlsx"
	CSV  Format = "csv"
)

// ParseFormat reads the extension of a download's name.
func ParseFormat(s string) (Format, bool) {
	switch Format(s) {
	case XLSX, CSV:
		return Format(s), true
	}
	return "", false
}

// ContentType is the media type of a format.
func (f Format) ContentType() string {
	if f == XLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// Writer writes the rows of one export after its header. Row takes one value per column: a string, an int or
// int64, a time.Time or *time.Time (nil or zero: an empty cell), or nil.
type Writer interface {
	Row(values ...any) error
	// Close finishes the file: XLSX is only complete after it.
	Close() error
}

// New starts an export in format f on w, writing the header row at once.
func New(f Format, w io.Writer, sheet string, cols []Column) (Writer, error) {
	if f == XLSX {
		return newXLSX(w, sheet, cols)
	}
	return newCSV(w, cols)
}

// Separator is the field separator of CSV exports: Excel in an Indonesian locale uses the comma as the
// decimal mark and reads ';' as the list separator.
const Separator = ';'

// Safe neutralises text a spreadsheet would read as a formula: validate.SpreadsheetSafe.
func Safe(s string) string { return validate.SpreadsheetSafe(s) }

// wall is t's wall clock in Jakarta, as the zone-less value a spreadsheet cell holds.
func wall(t time.Time) time.Time {
	t = t.In(indo.Jakarta)
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

// timeOf returns the time a value holds, if it holds one that is set.
func timeOf(v any) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, !t.IsZero()
	case *time.Time:
		if t != nil && !t.IsZero() {
			return *t, true
		}
	}
	return time.Time{}, false
}

// text writes any value as the text of a CSV field.
func text(k Kind, v any) string {
	if t, ok := timeOf(v); ok {
		if k == DateTime {
			return wall(t).Format("02/01/2006 15.04")
		}
		return wall(t).Format("02/01/2006")
	}
	switch x := v.(type) {
	case string:
		return Safe(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	}
	return ""
}
