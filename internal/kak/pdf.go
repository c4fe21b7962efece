package kak

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ledongthuc/pdf"
)

// ReadTimeout bounds the reading of one upload: a PDF the library cannot finish in time is "not readable",
// never a stuck request.
const ReadTimeout = 10 * time.Second

// maxPages bounds the pages read: a KAK is a few pages; the components are found in the first ones.
const maxPages = 60

// Read extracts the text of a PDF and analyses it. A PDF without text (a scan) or one the library cannot
// parse is returned as not readable, not as an error: the upload itself has already been accepted.
func Read(ctx context.Context, b []byte) Reading {
	ctx, cancel := context.WithTimeout(ctx, ReadTimeout)
	defer cancel()
	type result struct {
		text  string
		pages int
	}
	done := make(chan result, 1)
	go func() {
		raw, pages, err := extract(b)
		if err != nil {
			done <- result{}
			return
		}
		done <- result{raw, pages}
	}()
	select {
	case r := <-done:
		return Analyse(r.text, r.pages)
	case <-ctx.Done():
		return Reading{}
	}
}

// extract returns the plain text of every page (up to maxPages), a line break between pages.
func extract(b []byte) (text string, pages int, err error) {
	defer func() {
		// The library panics on some malformed files; for the portal that is an unreadable KAK.
		if r := recover(); r != nil {
			text, pages, err = "", 0, fmt.Errorf("kak: pdf: %v", r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return "", 0, fmt.Errorf("kak: pdf: %w", err)
	}
	pages = r.NumPage()
	var sb strings.Builder
	for i := 1; i <= min(pages, maxPages); i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		// Glyphs come with their position: a new line, or a gap wider than a thin space, is a word break,
		// whatever order and grouping the PDF drew them in.
		var prevX, prevY, prevEnd float64
		for i, g := range p.Content().Text {
			switch {
			case i == 0:
			case g.Y < prevY-1 || g.Y > prevY+1:
				sb.WriteByte('\n')
			case g.X > prevEnd+g.FontSize*0.15 || g.X < prevX:
				sb.WriteByte(' ')
			}
			sb.WriteString(g.S)
			prevX, prevY, prevEnd = g.X, g.Y, g.X+g.W
		}
		sb.WriteByte('\n')
	}
	return sb.String(), pages, nil
}
