package dasbor_test

import (
	"math"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/dasbor"
)

func TestFormatInt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   int64
		want string
	}{
		{0, "0"}, {7, "7"}, {999, "999"}, {1000, "1.000"}, {12345, "12.345"}, {123456, "123.456"},
		{1234567, "1.234.567"}, {78318709, "78.318.709"}, {-4369766, "-4.369.766"}, {-12, "-12"},
		{math.MaxInt64, "9.223.372.036.854.775.807"},
	}
	for _, tt := range tests {
		if got := dasbor.FormatInt(tt.in); got != tt.want {
			t.Errorf("FormatInt(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatDecimalAndPercent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in       float64
		decimals int
		want     string
	}{
		{12.5, 1, "12,5"}, {12.45, 1, "12,5"}, {12.44, 1, "12,4"}, {0, 1, "0,0"}, {100, 1, "100,0"},
		{1234.5, 1, "1.234,5"}, {1234567.891, 2, "1.234.567,89"}, {-0.04, 1, "0,0"}, {-2.5, 1, "-2,5"},
		{78318709, 0, "78.318.709"}, {0.05, 1, "0,1"},
	}
	for _, tt := range tests {
		if got := dasbor.FormatDecimal(tt.in, tt.decimals); got != tt.want {
			t.Errorf("FormatDecimal(%v, %d) = %q, want %q", tt.in, tt.decimals, got, tt.want)
		}
	}
	percents := map[float64]string{12.5: "12,5%", 87.46: "87,5%", 100: "100,0%", 0: "0,0%", math.NaN(): "–"}
	for in, want := range percents {
		if got := dasbor.FormatPercent(in); got != want {
			t.Errorf("FormatPercent(%v) = %q, want %q", in, got, want)
		}
	}
}

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
