package dasbor_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/dasbor"
)

var goodLines = sync.OnceValue(func() []string {
	agg := dasbor.NewAggregator(provinces)
	dasbor.Synthetic(provinces, dasbor.SyntheticOptions{Scale: 4000, Seed: 7}, agg.Add)
	var buf bytes.Buffer
	if err := dasbor.WriteCSV(&buf, agg.Values()); err != nil {
		panic(err)
	}
	return strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
})

// goodCSV is a valid release in the upload format, as lines the caller may change.
func goodCSV(t *testing.T) []string {
	t.Helper()
	return slices.Clone(goodLines())
}

// lineOf returns the 1-based line of a figure.
func lineOf(t *testing.T, lines []string, ind, wil, rin string) int {
	t.Helper()
	prefix := ind + "," + wil + "," + rin + ","
	for i, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return i + 1
		}
	}
	t.Fatalf("no line %s", prefix)
	return 0
}

// setField replaces field i (0-based) of a line.
func setField(lines []string, line, i int, v string) {
	f := strings.Split(lines[line-1], ",")
	f[i] = v
	lines[line-1] = strings.Join(f, ",")
}

func field(lines []string, line, i int) string { return strings.Split(lines[line-1], ",")[i] }

func addInt(lines []string, line, i int, d int64) {
	var n int64
	fmt.Sscan(field(lines, line, i), &n)
	setField(lines, line, i, fmt.Sprint(n+d))
}

func parse(lines []string) ([]dasbor.Value, []dasbor.Problem) {
	return dasbor.ParseRelease([]dasbor.File{{Name: "rilis.csv", Content: []byte(strings.Join(lines, "\n") + "\n")}}, provinces)
}

func TestParseGoodRelease(t *testing.T) {
	t.Parallel()
	lines := goodCSV(t)
	values, problems := parse(lines)
	if len(problems) > 0 {
		t.Fatalf("good release refused: %v", problems)
	}
	want := synthetic(t, 4000)
	if len(values) != len(want) {
		t.Fatalf("%d values, want %d", len(values), len(want))
	}
	// Two files, a byte-order mark, CRLF line ends and surrounding spaces are fine too.
	half := len(lines) / 2
	crlf := "\ufeff" + strings.Join(lines[:half], "\r\n") + "\r\n"
	second := strings.Join(append([]string{strings.ReplaceAll(lines[0], ",", " , ")}, lines[half:]...), "\n")
	values, problems = dasbor.ParseRelease([]dasbor.File{{Name: "a.csv", Content: []byte(crlf)}, {Name: "b.csv", Content: []byte(second)}}, provinces)
	if len(problems) > 0 || len(values) != len(want) {
		t.Fatalf("split release: %d values, problems %v", len(values), problems)
	}
}

func TestParseRefusesBadRelease(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// edit changes the lines and returns the line the problem must point at (0: no line).
		edit func(t *testing.T, l []string) ([]string, int)
		want string
	}{
		{"wrong header", func(t *testing.T, l []string) ([]string, int) { l[0] = "indikator,wilayah,nilai"; return l, 1 }, "judul kolom harus"},
		{"unknown indicator", func(t *testing.T, l []string) ([]string, int) {
			n := lineOf(t, l, dasbor.Internet, "32", "")
			setField(l, n, 0, "keluarga_wifi")
			return l, n
		}, `kode indikator "keluarga_wifi" tidak dikenal`},
		{"unknown wilayah", func(t *testing.T, l []string) ([]string, int) {
			n := lineOf(t, l, dasbor.Internet, "32", "")
			setField(l, n, 1, "99")
			return l, n
		}, `kode wilayah "99" tidak dikenal`},
		{"kab/kota is not tier 1", func(t *testing.T, l []string) ([]string, int) {
			n := lineOf(t, l, dasbor.Internet, "32", "")
			setField(l, n, 1, "32.73")
			return l, n
		}, "di bawah tingkat provinsi"},
		{"unknown breakdown", func(t *testing.T, l []string) ([]string, int) {
			n := lineOf(t, l, dasbor.PendudukUmurKelJK, "32", "L:5-9")
			setField(l, n, 2, "L:5-10")
			return l, n
		}, `rincian "L:5-10" tidak dikenal`},
		{"breakdown on a plain indicator", func(t *testing.T, l []string) ([]string, int) {
			n := lineOf(t, l, dasbor.JumlahKeluarga, "32", "")
			setField(l, n, 2, "L:0-4")
			return l, n
		}, "tidak memiliki rincian"},
		{"decimal comma", func(t *testing.T, l []string) ([]string, int) {
			n := lineOf(t, l, dasbor.JumlahPenduduk, "11", "")
			setField(l, n, 3, "12,5")
			l[n-1] = strings.Replace(l[n-1], "12,5", `"12,5"`, 1)
			return l, n
		}, `nilai "12,5" bukan bilangan bulat`},
		{"negative", func(t *testing.T, l []string) ([]string, int) {
			n := lineOf(t, l, dasbor.JumlahPenduduk, "11", "")
			setField(l, n, 4, "-3")
			return l, n
		}, `jumlah_keluarga "-3" bukan bilangan bulat`},
		{"thousands separator", func(t *testing.T, l []string) ([]string, int) {
			n := lineOf(t, l, dasbor.JumlahPenduduk, "11", "")
			setField(l, n, 3, "1.234")
			return l, n
		}, `nilai "1.234" bukan bilangan bulat`},
		{"missing column", func(t *testing.T, l []string) ([]string, int) {
			n := lineOf(t, l, dasbor.ListrikPLN, "51", "")
			l[n-1] = strings.Join(strings.Split(l[n-1], ",")[:4], ",")
			return l, n
		}, "harus ada 5 kolom, ditemukan 4"},
		{"broken quote", func(t *testing.T, l []string) ([]string, int) {
			n := lineOf(t, l, dasbor.ListrikPLN, "51", "")
			l[n-1] = `keluarga_listrik_pln,"51,,3,3`
			return l, n
		}, "format CSV tidak valid"},
		{"duplicate", func(t *testing.T, l []string) ([]string, int) {
			n := lineOf(t, l, dasbor.ListrikPLN, "51", "")
			return append(l, l[n-1]), len(l) + 1
		}, "baris ganda"},
		{"missing row", func(t *testing.T, l []string) ([]string, int) {
			n := lineOf(t, l, dasbor.ListrikPLN, "51", "")
			return slices.Delete(l, n-1, n), 0
		}, "Tidak ada baris untuk indikator keluarga_listrik_pln, wilayah Bali (51)"},
		{"whole indicator missing", func(t *testing.T, l []string) ([]string, int) {
			return slices.DeleteFunc(l, func(s string) bool { return strings.HasPrefix(s, dasbor.Internet+",") }), 0
		}, "Indikator keluarga_internet (Keluarga yang Menggunakan Internet) tidak ada sama sekali"},
		{"provinces do not add up to Nasional", func(t *testing.T, l []string) ([]string, int) {
			n := lineOf(t, l, dasbor.ListrikPLN, "00", "")
			addInt(l, n, 3, 1)
			addInt(l, n, 4, 1)
			return l, n
		}, "tidak sama dengan jumlah nilai 38 provinsi"},
		{"breakdown does not add up", func(t *testing.T, l []string) ([]string, int) {
			first := lineOf(t, l, dasbor.PendudukUmurKelJK, "36", "L:0-4")
			n := lineOf(t, l, dasbor.PendudukUmurKelJK, "36", "P:20-24")
			addInt(l, n, 3, 5)
			// Keep Nasional consistent so only the breakdown is wrong.
			addInt(l, lineOf(t, l, dasbor.PendudukUmurKelJK, "00", "P:20-24"), 3, 5)
			return l, first
		}, "rincian penduduk_umur_jenis_kelamin untuk Banten (36) berjumlah"},
		{"part larger than its total", func(t *testing.T, l []string) ([]string, int) {
			total := field(l, lineOf(t, l, dasbor.JumlahKeluarga, "17", ""), 3)
			n := lineOf(t, l, dasbor.Internet, "17", "")
			nas := lineOf(t, l, dasbor.Internet, "00", "")
			var was, tot int64
			fmt.Sscan(field(l, n, 3), &was)
			fmt.Sscan(total, &tot)
			setField(l, n, 3, fmt.Sprint(tot+1))
			setField(l, n, 4, fmt.Sprint(tot+1))
			addInt(l, nas, 3, tot+1-was)
			addInt(l, nas, 4, tot+1-was)
			return l, n
		}, "melebihi"},
		{"families differ from a count of families", func(t *testing.T, l []string) ([]string, int) {
			n := lineOf(t, l, dasbor.SanitasiLayak, "61", "")
			addInt(l, n, 4, -1)
			addInt(l, lineOf(t, l, dasbor.SanitasiLayak, "00", ""), 4, -1)
			return l, n
		}, "harus sama dengan nilai"},
		{"more families than people", func(t *testing.T, l []string) ([]string, int) {
			n := lineOf(t, l, dasbor.Disabilitas, "61", "")
			setField(l, n, 4, fmt.Sprint(mustInt(field(l, n, 3))+1))
			return l, n
		}, "setiap keluarga yang dihitung memiliki sedikitnya satu anggota"},
		{"empty", func(t *testing.T, l []string) ([]string, int) { return []string{""}, 0 }, "berkas kosong"},
		{"header only", func(t *testing.T, l []string) ([]string, int) { return l[:1], 0 }, "tidak memuat baris data"},
		{"not UTF-8", func(t *testing.T, l []string) ([]string, int) {
			n := lineOf(t, l, dasbor.ListrikPLN, "51", "")
			l[n-1] += "\xff"
			return l, n
		}, "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			lines, line := tt.edit(t, goodCSV(t))
			values, problems := parse(lines)
			if values != nil {
				t.Errorf("%d values returned with problems: a bad release must load nothing", len(values))
			}
			for _, p := range problems {
				if strings.Contains(p.Message, tt.want) && p.Line == line {
					if line > 0 && !strings.HasPrefix(p.String(), fmt.Sprintf("rilis.csv baris %d: ", line)) {
						t.Errorf("problem reads %q", p.String())
					}
					return
				}
			}
			t.Errorf("no problem %q at line %d; got %d problems: %v", tt.want, line, len(problems), problems[:min(4, len(problems))])
		})
	}
}

func mustInt(s string) int64 {
	var n int64
	fmt.Sscan(s, &n)
	return n
}

func TestParseLimitsProblems(t *testing.T) {
	t.Parallel()
	lines := goodCSV(t)
	for i := 1; i < len(lines); i++ {
		setField(lines, i+1, 0, "salah")
	}
	_, problems := parse(lines)
	if len(problems) != dasbor.MaxProblems+1 || !strings.Contains(problems[len(problems)-1].Message, "kesalahan lainnya") {
		t.Errorf("%d problems, want %d and a count of the rest", len(problems), dasbor.MaxProblems+1)
	}
}
