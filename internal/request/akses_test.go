package request

import (
	"testing"
	"time"
)

func TestAksesEnd(t *testing.T) {
	day := func(s string) time.Time { return mustDate(s) }
	given := day("2026-12-01")
	for _, tt := range []struct {
		approved string
		six      bool
		want     string
	}{
		{"2027-11-30", false, "2027-11-30"},
		{"2027-11-30", true, "2027-06-01"}, // cut to six months after access is given
		{"2027-03-31", true, "2027-03-31"}, // already shorter
	} {
		if got := AksesEnd(day(tt.approved), given, tt.six); !got.Equal(day(tt.want)) {
			t.Errorf("AksesEnd(%s, six=%v) = %s, want %s", tt.approved, tt.six, got.Format(time.DateOnly), tt.want)
		}
	}
}

func TestSepakatUsername(t *testing.T) {
	for _, tt := range []struct{ pengguna, wilayah, want string }{
		{"Dinas Sosial", "32.73", "dinassosial.3273"},
		{"Direktorat Jenderal Perlindungan dan Jaminan Sosial", Nasional, "direktoratjenderalperlin.nasional"},
		{"Pemerintah Desa Sukamaju (RT 01)", "32.04.05.2001", "pemerintahdesasukamajurt.3204052001"},
		{"Âç—", "11", "pengguna.11"},
	} {
		if got := SepakatUsername(tt.pengguna, tt.wilayah); got != tt.want {
			t.Errorf("SepakatUsername(%q, %q) = %q, want %q", tt.pengguna, tt.wilayah, got, tt.want)
		}
	}
}
