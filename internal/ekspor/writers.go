package ekspor

import (
	"encoding/csv"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

type csvWriter struct {
	w    *csv.Writer
	cols []Column
	n    int
}

func newCSV(w io.Writer, cols []Column) (Writer, error) {
	// The byte-order mark tells Excel the file is UTF-8, so "Kepulauan Seribu" and "Tenggara" keep their letters.
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.Comma = Separator
	cw.UseCRLF = true
	c := &csvWriter{w: cw, cols: cols}
	head := make([]string, len(cols))
	for i, col := range cols {
		head[i] = Safe(col.Title)
	}
	return c, cw.Write(head)
}

func (c *csvWriter) Row(values ...any) error {
	rec := make([]string, len(c.cols))
	for i, col := range c.cols {
		if i < len(values) {
			rec[i] = text(col.Kind, values[i])
		}
	}
	if err := c.w.Write(rec); err != nil {
		return err
	}
	// Flush now and then so a long export reaches the browser as it is written.
	if c.n++; c.n%500 == 0 {
		c.w.Flush()
	}
	return c.w.Error()
}

func (c *csvWriter) Close() error {
	c.w.Flush()
	return c.w.Error()
}

// xlsxWriter streams rows into one sheet. excelize keeps the rows in a temporary file once they pass its
// buffer, so memory stays bounded; the workbook is written to w by Close.
type xlsxWriter struct {
	w      io.Writer
	f      *excelize.File
	sw     *excelize.StreamWriter
	cols   []Column
	styles map[Kind]int
	row    int
	cells  []any
}

// Number formats of the date columns: the LCID 421 (Indonesian) makes Excel write the months in Indonesian.
const (
	dateFormat     = `[$-421]d mmmm yyyy`
	dateTimeFormat = `[$-421]d mmmm yyyy hh.mm`
)

func newXLSX(w io.Writer, sheet string, cols []Column) (Writer, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	x := &xlsxWriter{w: w, f: f, cols: cols, styles: map[Kind]int{}, cells: make([]any, len(cols))}
	for kind, format := range map[Kind]string{Date: dateFormat, DateTime: dateTimeFormat} {
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
		if err != nil {
			return nil, err
		}
		x.styles[kind] = id
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F3F2F1"}}})
	if err != nil {
		return nil, err
	}
	if x.sw, err = f.NewStreamWriter(sheet); err != nil {
		return nil, err
	}
	for i, col := range cols {
		width := col.Width
		if width == 0 {
			width = 18
		}
		if err := x.sw.SetColWidth(i+1, i+1, width); err != nil {
			return nil, err
		}
	}
	// The header stays in view while scrolling.
	if err := x.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	header := make([]any, len(cols))
	for i, col := range cols {
		header[i] = excelize.Cell{StyleID: head, Value: col.Title}
	}
	x.row = 1
	return x, x.sw.SetRow("A1", header)
}

func (x *xlsxWriter) Row(values ...any) error {
	x.row++
	for i, col := range x.cols {
		var v any
		if i < len(values) {
			v = values[i]
		}
		switch t, ok := timeOf(v); {
		case ok:
			x.cells[i] = excelize.Cell{StyleID: x.styles[col.Kind], Value: wall(t)}
		case v == nil:
			x.cells[i] = nil
		default:
			switch val := v.(type) {
			case string:
				x.cells[i] = Safe(val)
			case int, int64:
				x.cells[i] = val
			default: // an unset time
				x.cells[i] = nil
			}
		}
	}
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	return x.sw.SetRow(cell, x.cells)
}

func (x *xlsxWriter) Close() error {
	defer x.f.Close()
	if x.row > 1 {
		// A table gives every column its filter and sort buttons.
		last, err := excelize.CoordinatesToCellName(len(x.cols), x.row)
		if err != nil {
			return err
		}
		if err := x.sw.AddTable(&excelize.Table{Range: "A1:" + last, StyleName: "TableStyleLight1", ShowRowStripes: boolPtr(true)}); err != nil {
			return fmt.Errorf("ekspor: xlsx table: %w", err)
		}
	}
	if err := x.sw.Flush(); err != nil {
		return fmt.Errorf("ekspor: xlsx: %w", err)
	}
	_, err := x.f.WriteTo(x.w)
	return err
}

func boolPtr(b bool) *bool { return &b }
