package survei

import (
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
)

// The IKM of four respondents, worked by hand as PermenPANRB 14/2017 sets it out.
//
//	             U1  U2  U3  U4  U5  U6  U7  U8  U9
//	Responden 1   4   4   3   4   3   4   4   3   3
//	Responden 2   3   3   2   4   3   3   4   3   3
//	Responden 3   4   3   3   4   4   4   4   2   3
//	Responden 4   3   2   2   4   3   3   3   3   2
//	Jumlah       14  12  10  16  13  14  15  11  11
//	NRR = Jumlah / 4:
//	           3,50 3,00 2,50 4,00 3,25 3,50 3,75 2,75 2,75
//	NRR tertimbang = NRR × 1/9:
//	         0,3889 0,3333 0,2778 0,4444 0,3611 0,3889 0,4167 0,3056 0,3056
//	IKM = Σ NRR tertimbang = (3,50 + 3,00 + 2,50 + 4,00 + 3,25 + 3,50 + 3,75 + 2,75 + 2,75) / 9 = 29 / 9 = 3,2222
//	IKM unit pelayanan = 3,2222 × 25 = 80,56, within 76,61–88,30: mutu B, kinerja Baik.
func TestHitungByHand(t *testing.T) {
	answers := [][9]int{
		{4, 4, 3, 4, 3, 4, 4, 3, 3},
		{3, 3, 2, 4, 3, 3, 4, 3, 3},
		{4, 3, 3, 4, 4, 4, 4, 2, 3},
		{3, 2, 2, 4, 3, 3, 3, 3, 2},
	}
	var s Jumlah
	for _, a := range answers {
		s.Add(Jawaban{Nilai: a})
	}
	if s.Total != [9]int{14, 12, 10, 16, 13, 14, 15, 11, 11} || s.N() != 4 {
		t.Fatalf("sums %v, n %d", s.Total, s.N())
	}
	k, ok := Hitung(s)
	if !ok {
		t.Fatal("no index")
	}
	wantNRR := [9]float64{3.50, 3.00, 2.50, 4.00, 3.25, 3.50, 3.75, 2.75, 2.75}
	wantWeighted := [9]float64{0.3889, 0.3333, 0.2778, 0.4444, 0.3611, 0.3889, 0.4167, 0.3056, 0.3056}
	for i := range wantNRR {
		if k.NRR[i] != wantNRR[i] || math.Abs(k.NRRTertimbang[i]-wantWeighted[i]) > 0.00005 {
			t.Errorf("%s: NRR %v weighted %v, want %v %v", Unsurs[i].Kode, k.NRR[i], k.NRRTertimbang[i], wantNRR[i], wantWeighted[i])
		}
	}
	if math.Abs(k.Nilai-29.0/9) > 1e-12 || Text(k.Nilai) != "3,22" {
		t.Errorf("IKM %v", k.Nilai)
	}
	if Text(k.Konversi) != "80,56" || MutuOf(k.Konversi) != (Mutu{"B", "Baik"}) {
		t.Errorf("IKM unit %v %v", k.Konversi, MutuOf(k.Konversi))
	}
	t.Log("\n" + k.Describe())
	if _, ok := Hitung(Jumlah{}); ok {
		t.Error("an index of no answers")
	}
}

func TestMutuOf(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		kode string
	}{{25, "D"}, {64.99, "D"}, {65, "C"}, {76.60, "C"}, {76.61, "B"}, {80.56, "B"}, {88.30, "B"}, {88.31, "A"}, {100, "A"}} {
		if got := MutuOf(tt.v).Kode; got != tt.kode {
			t.Errorf("MutuOf(%v) = %s, want %s", tt.v, got, tt.kode)
		}
	}
	// The converted value of every possible average lands in the category of the regulation's 1–4 intervals.
	if MutuOf(2.5996*25).Kode != "D" || MutuOf(2.60*25).Kode != "C" || MutuOf(3.064*25).Kode != "C" || MutuOf(3.0644*25).Kode != "B" ||
		MutuOf(3.532*25).Kode != "B" || MutuOf(3.5324*25).Kode != "A" {
		t.Error("the 1–4 intervals do not match the converted ones")
	}
}

func TestParse(t *testing.T) {
	form := map[string]string{"komentar": "  Proses cepat,\tterima kasih.  "}
	for i := range 9 {
		form[Field(i)] = strconv.Itoa(i%4 + 1)
	}
	j, errs := Parse(func(k string) string { return form[k] })
	if errs.Any() || j.Nilai != [9]int{1, 2, 3, 4, 1, 2, 3, 4, 1} || j.Komentar != "Proses cepat, terima kasih." {
		t.Errorf("Parse = %+v %v", j, errs.All())
	}
	form["u3"], form["u9"] = "5", ""
	if _, errs := Parse(func(k string) string { return form[k] }); errs.Get("u3") == "" || errs.Get("u9") == "" || len(errs.All()) != 2 {
		t.Errorf("bad answers: %v", errs.All())
	}
}

func TestSemester(t *testing.T) {
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, indo.Jakarta) }
	for _, tt := range []struct {
		t    time.Time
		want Semester
	}{{at(2026, 1, 1, 0), Semester{2026, 1}}, {at(2026, 6, 30, 23), Semester{2026, 1}}, {at(2026, 7, 1, 0), Semester{2026, 2}},
		{time.Date(2026, 6, 30, 18, 0, 0, 0, time.UTC), Semester{2026, 2}}} {
		if got := SemesterOf(tt.t); got != tt.want {
			t.Errorf("SemesterOf(%s) = %v", tt.t, got)
		}
	}
	if s, ok := ParseSemester("2026-2"); !ok || s.String() != "2026-2" || s.Label() != "Semester II 2026 (Juli–Desember)" {
		t.Errorf("ParseSemester: %v %v", s, ok)
	}
	for _, bad := range []string{"2026", "2026-3", "1999-1", "x-1", "2026-1-1"} {
		if _, ok := ParseSemester(bad); ok {
			t.Errorf("ParseSemester(%q) accepted", bad)
		}
	}
}

func TestMachine(t *testing.T) {
	for _, role := range []account.Role{account.RoleRegistrator, account.RolePublik} {
		if to, err := Machine.Next(Terbuka, Jawab, role); err != nil || to != Dijawab {
			t.Errorf("%s answers: %v", role, err)
		}
		if _, err := Machine.Next(Dijawab, Jawab, role); err == nil {
			t.Errorf("%s answers twice", role)
		}
	}
	if _, err := Machine.Next(Terbuka, Jawab, account.RoleAdmin); err == nil {
		t.Error("staff answer for the public")
	}
}
