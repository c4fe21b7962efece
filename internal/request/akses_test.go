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

// The six-month rule cuts Sepakat rows only, six months from the day access is given; a decision made long
// before loses none of them (§3.2.5 Ketentuan Khusus a).
func TestRowEnd(t *testing.T) {
	day := func(s string) time.Time { return mustDate(s) }
	at := func(s string) *time.Time { d := day(s); return &d }
	given := day("2026-03-02") // decided in January, given in March
	for _, tt := range []struct {
		name string
		row  ApprovedRow
		six  bool
		want string
	}{
		{"Sepakat, a year approved, six-month rule", ApprovedRow{Row: Row{Media: Sepakat}, Sampai: at("2027-01-05")}, true, "2026-09-02"},
		{"Sepakat, four months approved, six-month rule", ApprovedRow{Row: Row{Media: Sepakat}, Sampai: at("2026-07-01")}, true, "2026-07-01"},
		{"Sepakat, a year approved, SK on file", ApprovedRow{Row: Row{Media: Sepakat}, Sampai: at("2027-01-05")}, false, "2027-01-05"},
		{"Fasilitas, a year approved, six-month rule", ApprovedRow{Row: Row{Media: Fasilitas}, Sampai: at("2027-01-05")}, true, "2027-01-05"},
		{"no end of its own: the permohonan's", ApprovedRow{Row: Row{Media: Sepakat}}, true, "2026-09-02"},
	} {
		if got := RowEnd(tt.row, day("2026-12-31"), given, tt.six).Format(time.DateOnly); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
	// Given on 31 August: six months end on the last day of February, not in March.
	if got := RowEnd(ApprovedRow{Row: Row{Media: Sepakat}, Sampai: at("2027-08-31")}, day("2027-08-31"), day("2026-08-31"), true); got.Format(time.DateOnly) != "2027-02-28" {
		t.Errorf("six months from 31 August: %s, want 2027-02-28", got.Format(time.DateOnly))
	}
}

// Access that reaches its end under the six-month rule is closed until the SK is uploaded only when the rule
// cut it; access approved for less than six months ends by its own period.
func TestEndReason(t *testing.T) {
	day := func(s string) time.Time { return mustDate(s) }
	for _, tt := range []struct {
		name              string
		six               bool
		approved, inForce string
		want              string
	}{
		{"cut by the rule", true, "2027-01-05", "2026-09-02", EndEnamBulan},
		{"shorter than six months", true, "2026-07-01", "2026-07-01", EndKedaluwarsa},
		{"no rule", false, "2027-01-05", "2027-01-05", EndKedaluwarsa},
		{"rule no longer applies (SK uploaded, extended)", false, "2027-01-05", "2027-08-31", EndKedaluwarsa},
	} {
		if got := EndReason(tt.six, day(tt.approved), day(tt.inForce)); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
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
