package validate

import (
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"trims", "  Dinas Sosial  ", 100, "Dinas Sosial"},
		{"collapses spaces, tabs and line breaks", "Dinas\t\tSosial\r\nKota  Bandung", 100, "Dinas Sosial Kota Bandung"},
		{"other control characters count as spaces", "Dinas\x00Sosial\x1b[31m\x7f", 100, "Dinas Sosial [31m"},
		{"unicode spaces", "Dinas\u00a0Sosial\u2003Kota", 100, "Dinas Sosial Kota"},
		{"bounds in characters, not bytes", "Ñañá Ñañá", 4, "Ñañá"},
		{"no trailing space after the cut", "abc def", 4, "abc"},
		{"only spaces", " \t\n ", 10, ""},
		{"empty", "", 10, ""},
	}
	for _, tt := range tests {
		if got := Clean(tt.in, tt.max); got != tt.want {
			t.Errorf("%s: Clean(%q, %d) = %q, want %q", tt.name, tt.in, tt.max, got, tt.want)
		}
	}
}

func TestReason(t *testing.T) {
	t.Parallel()
	const want = "Tuliskan alasan penolakan (paling sedikit 10 karakter)."
	for _, short := range []string{"", "ok", "123456789", "ÑÑÑÑÑÑÑÑÑ"} {
		if got := Reason("alasan penolakan", short); got != want {
			t.Errorf("Reason(%q) = %q, want %q", short, got, want)
		}
	}
	for _, long := range []string{"1234567890", "ÑÑÑÑÑÑÑÑÑÑ", strings.Repeat("x", 2000)} {
		if got := Reason("alasan penolakan", long); got != "" {
			t.Errorf("Reason(%q) = %q, want none", long, got)
		}
	}
}
