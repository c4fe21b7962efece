package dasbor_test

import (
	"testing"

	"github.com/bappenas/portal-regsosek/internal/dasbor"
)

func TestFigureText(t *testing.T) {
	t.Parallel()
	if got := (dasbor.Figure{Value: 78318709}).Text(); got != "78.318.709" {
		t.Errorf("figure = %q", got)
	}
	if got := (dasbor.Figure{Value: 3, Suppressed: true}).Text(); got != dasbor.SuppressedMark {
		t.Errorf("suppressed figure = %q, want the mark", got)
	}
	if got := (dasbor.Ratio{Percent: 12.5, Suppressed: true}).Text(); got != dasbor.SuppressedMark {
		t.Errorf("suppressed ratio = %q, want the mark", got)
	}
}
