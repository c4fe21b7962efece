package dasbor

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bappenas/portal-regsosek/internal/indo"
)

// Value is one row of a release: an indicator for a wilayah and a breakdown key, with the number of families
// the figure was built from (which disclosure control looks at).
type Value struct {
	Indikator string
	Wilayah   string
	Rincian   string
	Nilai     int64
	Keluarga  int64
	// File and Line say where the row came from, for error messages; empty for generated rows.
	File string
	Line int
}

// Key identifies one figure.
type Key struct{ Indikator, Wilayah, Rincian string }

// Key returns the value's key.
func (v Value) Key() Key { return Key{v.Indikator, v.Wilayah, v.Rincian} }

// Problem is one reason a release is refused, in Indonesian, with the file and line it points at.
type Problem struct {
	File    string
	Line    int
	Message string
}

// String writes "nilai.csv baris 12: …", or the message alone when it points at no line.
func (p Problem) String() string {
	switch {
	case p.File != "" && p.Line > 0:
		return fmt.Sprintf("%s baris %d: %s", p.File, p.Line, p.Message)
	case p.Line > 0:
		return fmt.Sprintf("Baris %d: %s", p.Line, p.Message)
	case p.File != "":
		return p.File + ": " + p.Message
	}
	return p.Message
}

// MaxProblems bounds the list shown for one upload; the rest are counted.
const MaxProblems = 100

// CSVHeader is the first line every release file carries.
var CSVHeader = []string{"kode_indikator", "kode_wilayah", "rincian", "nilai", "jumlah_keluarga"}

// Limits on an upload: enough for every indicator of every wilayah many times over, small enough to hold in
// memory while validating.
const (
	MaxCSVBytes = 8 << 20
	maxRows     = 100_000
)

var (
	subProvinceCode = regexp.MustCompile(`^[0-9]{2}\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?$`)
	digitsOnly      = regexp.MustCompile(`^[0-9]{1,15}$`)
)

// problems collects Problems up to MaxProblems and counts the rest.
type problems struct {
	list    []Problem
	dropped int
}

func (ps *problems) add(file string, line int, format string, args ...any) {
	if len(ps.list) >= MaxProblems {
		ps.dropped++
		return
	}
	ps.list = append(ps.list, Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)})
}

func (ps *problems) result() []Problem {
	out := ps.list
	slices.SortStableFunc(out, func(a, b Problem) int {
		if c := cmp.Compare(a.File, b.File); c != 0 {
			return c
		}
		return cmp.Compare(a.Line, b.Line)
	})
	if ps.dropped > 0 {
		out = append(out, Problem{Message: fmt.Sprintf("… dan %s kesalahan lainnya.", indo.Int(int64(ps.dropped)))})
	}
	return out
}

// File is one uploaded CSV file.
type File struct {
	Name    string
	Content []byte
}

// ParseRelease reads a release from one or more CSV files and validates it as a whole. It returns the
// values only when there is no problem at all: a release is loaded completely or not at all.
func ParseRelease(files []File, provinces []Wilayah) ([]Value, []Problem) {
	var ps problems
	known := provinceNames(provinces)
	var values []Value
	if len(files) == 0 {
		ps.add("", 0, "Pilih sedikitnya satu berkas CSV.")
		return nil, ps.result()
	}
	for _, f := range files {
		values = append(values, parseFile(f, known, &ps)...)
	}
	if len(ps.list) > 0 {
		return nil, ps.result()
	}
	validate(values, provinces, &ps)
	if len(ps.list) > 0 {
		return nil, ps.result()
	}
	return values, nil
}

// Validate checks a whole release built elsewhere (the synthetic generator) by the same rules as an upload.
func Validate(values []Value, provinces []Wilayah) []Problem {
	var ps problems
	validate(values, provinces, &ps)
	return ps.result()
}

func provinceNames(provinces []Wilayah) map[string]string {
	m := map[string]string{Nasional: "Nasional"}
	for _, p := range provinces {
		m[p.Kode] = p.Nama
	}
	return m
}

func parseFile(f File, known map[string]string, ps *problems) []Value {
	name := f.Name
	if name == "" {
		name = "berkas"
	}
	content := bytes.TrimPrefix(f.Content, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(content)) == 0 {
		ps.add(name, 0, "berkas kosong.")
		return nil
	}
	if len(content) > MaxCSVBytes {
		ps.add(name, 0, "berkas lebih besar dari %d MB.", MaxCSVBytes>>20)
		return nil
	}
	if !utf8.Valid(content) {
		line := 1 + bytes.Count(content[:firstInvalidUTF8(content)], []byte("\n"))
		ps.add(name, line, "berkas harus berupa teks UTF-8; baris ini memuat karakter yang tidak dikenal.")
		return nil
	}
	r := csv.NewReader(bytes.NewReader(content))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		ps.add(name, 1, "baris judul kolom tidak dapat dibaca.")
		return nil
	}
	if !sameHeader(header) {
		ps.add(name, 1, "judul kolom harus %q, ditemukan %q.", strings.Join(CSVHeader, ","), strings.Join(header, ","))
		return nil
	}
	var out []Value
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if pe, ok := errors.AsType[*csv.ParseError](err); ok {
			ps.add(name, pe.StartLine, "format CSV tidak valid (periksa tanda kutip dan pemisah koma).")
			return nil
		}
		if err != nil {
			ps.add(name, 0, "berkas tidak dapat dibaca.")
			return nil
		}
		line, _ := r.FieldPos(0)
		if len(out) >= maxRows {
			ps.add(name, line, "berkas memuat lebih dari %s baris data.", indo.Int(maxRows))
			return nil
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if v, ok := parseRow(name, line, rec, known, ps); ok {
			out = append(out, v)
		}
	}
	if len(out) == 0 && len(ps.list) == 0 {
		ps.add(name, 0, "berkas tidak memuat baris data.")
	}
	return out
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

func sameHeader(h []string) bool {
	if len(h) != len(CSVHeader) {
		return false
	}
	for i := range h {
		if !strings.EqualFold(strings.TrimSpace(h[i]), CSVHeader[i]) {
			return false
		}
	}
	return true
}

func parseRow(file string, line int, rec []string, known map[string]string, ps *problems) (Value, bool) {
	if len(rec) != len(CSVHeader) {
		ps.add(file, line, "harus ada %d kolom, ditemukan %d.", len(CSVHeader), len(rec))
		return Value{}, false
	}
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	v := Value{Indikator: rec[0], Wilayah: rec[1], Rincian: rec[2], File: file, Line: line}
	ok := true
	in, found := Find(v.Indikator)
	if !found {
		ps.add(file, line, "kode indikator %q tidak dikenal.", v.Indikator)
		ok = false
	}
	if _, known := known[v.Wilayah]; !known {
		if subProvinceCode.MatchString(v.Wilayah) {
			ps.add(file, line, "kode wilayah %q di bawah tingkat provinsi: Dasbor Nasional (Tingkat 1, agregat terbuka) hanya memuat Nasional (%s) dan provinsi.", v.Wilayah, Nasional)
		} else {
			ps.add(file, line, "kode wilayah %q tidak dikenal (gunakan %s untuk Nasional atau kode provinsi Kemendagri dua angka).", v.Wilayah, Nasional)
		}
		ok = false
	}
	if found && !in.hasRincian(v.Rincian) {
		if in.Rincian == nil {
			ps.add(file, line, "indikator %s tidak memiliki rincian; kosongkan kolom rincian (ditemukan %q).", in.Kode, v.Rincian)
		} else {
			ps.add(file, line, "rincian %q tidak dikenal untuk indikator %s (contoh: %q).", v.Rincian, in.Kode, in.Rincian[0])
		}
		ok = false
	}
	var err error
	if v.Nilai, err = parseCount(rec[3]); err != nil {
		ps.add(file, line, "nilai %q bukan bilangan bulat tidak negatif.", rec[3])
		ok = false
	}
	if v.Keluarga, err = parseCount(rec[4]); err != nil {
		ps.add(file, line, "jumlah_keluarga %q bukan bilangan bulat tidak negatif.", rec[4])
		ok = false
	}
	return v, ok
}

func parseCount(s string) (int64, error) {
	if !digitsOnly.MatchString(s) {
		return 0, errors.New("not a count")
	}
	return strconv.ParseInt(s, 10, 64)
}

// validate applies the rules that need the whole release: no duplicates, nothing missing, each row's family
// count consistent with its unit, parts within their totals, breakdowns and provinces adding up.
func validate(values []Value, provinces []Wilayah, ps *problems) {
	names := provinceNames(provinces)
	label := func(w string) string { return names[w] + " (" + w + ")" }
	byKey := make(map[Key]Value, len(values))
	perIndicator := map[string]int{}
	for _, v := range values {
		if first, dup := byKey[v.Key()]; dup {
			ps.add(v.File, v.Line, "baris ganda untuk indikator %s, wilayah %s%s (pertama di %s).",
				v.Indikator, label(v.Wilayah), rincianSuffix(v.Rincian), where(first))
			continue
		}
		byKey[v.Key()] = v
		perIndicator[v.Indikator]++
	}
	wilayah := append([]string{Nasional}, provinceCodes(provinces)...)
	missing := false
	for _, in := range Indicators {
		if perIndicator[in.Kode] == 0 {
			ps.add("", 0, "Indikator %s (%s) tidak ada sama sekali.", in.Kode, in.Label)
			missing = true
			continue
		}
		for _, w := range wilayah {
			for _, r := range in.Keys() {
				if _, ok := byKey[Key{in.Kode, w, r}]; !ok {
					ps.add("", 0, "Tidak ada baris untuk indikator %s, wilayah %s%s.", in.Kode, label(w), rincianSuffix(r))
					missing = true
				}
			}
		}
	}
	if missing {
		return
	}
	for _, v := range values {
		checkRow(v, byKey, label, ps)
	}
	for _, in := range Indicators {
		for _, r := range in.Keys() {
			checkProvincesAddUp(in, r, provinces, byKey, ps)
		}
		if in.Rincian != nil {
			for _, w := range wilayah {
				checkBreakdownAddsUp(in, w, byKey, label, ps)
			}
		}
	}
}

func rincianSuffix(r string) string {
	if r == "" {
		return ""
	}
	return ", rincian " + r
}

func where(v Value) string {
	if v.File != "" {
		return fmt.Sprintf("%s baris %d", v.File, v.Line)
	}
	return fmt.Sprintf("baris %d", v.Line)
}

func provinceCodes(provinces []Wilayah) []string {
	out := make([]string, len(provinces))
	for i, p := range provinces {
		out[i] = p.Kode
	}
	return out
}

func checkRow(v Value, byKey map[Key]Value, label func(string) string, ps *problems) {
	in, _ := Find(v.Indikator)
	switch in.Unit {
	case UnitKeluarga:
		if v.Keluarga != v.Nilai {
			ps.add(v.File, v.Line, "indikator %s menghitung keluarga, jadi jumlah_keluarga (%s) harus sama dengan nilai (%s).",
				v.Indikator, indo.Int(v.Keluarga), indo.Int(v.Nilai))
		}
	case UnitJiwa:
		if v.Keluarga > v.Nilai || (v.Nilai > 0 && v.Keluarga == 0) {
			ps.add(v.File, v.Line, "jumlah_keluarga (%s) tidak sesuai dengan nilai %s jiwa: setiap keluarga yang dihitung memiliki sedikitnya satu anggota.",
				indo.Int(v.Keluarga), indo.Int(v.Nilai))
		}
	}
	total := byKey[Key{JumlahKeluarga, v.Wilayah, ""}]
	if v.Indikator != JumlahKeluarga && v.Keluarga > total.Keluarga {
		ps.add(v.File, v.Line, "jumlah_keluarga (%s) melebihi Jumlah Keluarga %s (%s).",
			indo.Int(v.Keluarga), label(v.Wilayah), indo.Int(total.Keluarga))
	}
	if in.Parent != "" && in.Rincian == nil {
		parent := byKey[Key{in.Parent, v.Wilayah, ""}]
		if v.Nilai > parent.Nilai {
			ps.add(v.File, v.Line, "nilai %s (%s) melebihi %s %s (%s).", v.Indikator, indo.Int(v.Nilai),
				in.Parent, label(v.Wilayah), indo.Int(parent.Nilai))
		}
	}
}

func checkProvincesAddUp(in Indicator, r string, provinces []Wilayah, byKey map[Key]Value, ps *problems) {
	var nilai, keluarga int64
	for _, p := range provinces {
		v := byKey[Key{in.Kode, p.Kode, r}]
		nilai += v.Nilai
		keluarga += v.Keluarga
	}
	nas := byKey[Key{in.Kode, Nasional, r}]
	if nas.Nilai != nilai {
		ps.add(nas.File, nas.Line, "nilai Nasional %s%s (%s) tidak sama dengan jumlah nilai %d provinsi (%s).",
			in.Kode, rincianSuffix(r), indo.Int(nas.Nilai), len(provinces), indo.Int(nilai))
	}
	if nas.Keluarga != keluarga && in.Unit != UnitKeluarga {
		ps.add(nas.File, nas.Line, "jumlah_keluarga Nasional %s%s (%s) tidak sama dengan jumlah %d provinsi (%s).",
			in.Kode, rincianSuffix(r), indo.Int(nas.Keluarga), len(provinces), indo.Int(keluarga))
	}
}

func checkBreakdownAddsUp(in Indicator, w string, byKey map[Key]Value, label func(string) string, ps *problems) {
	var sum int64
	for _, r := range in.Rincian {
		sum += byKey[Key{in.Kode, w, r}].Nilai
	}
	parent := byKey[Key{in.Parent, w, ""}]
	if sum != parent.Nilai {
		first := byKey[Key{in.Kode, w, in.Rincian[0]}]
		ps.add(first.File, first.Line, "rincian %s untuk %s berjumlah %s, tidak sama dengan %s (%s, %s).",
			in.Kode, label(w), indo.Int(sum), in.Parent, indo.Int(parent.Nilai), where(parent))
	}
}

// WriteCSV writes values in the upload format, the header first, in catalogue order.
func WriteCSV(w io.Writer, values []Value) error {
	sorted := slices.Clone(values)
	order := map[string]int{}
	for i, in := range Indicators {
		order[in.Kode] = i
	}
	rincianOrder := func(v Value) int {
		in, _ := Find(v.Indikator)
		return slices.Index(in.Keys(), v.Rincian)
	}
	slices.SortStableFunc(sorted, func(a, b Value) int {
		return cmp.Or(cmp.Compare(order[a.Indikator], order[b.Indikator]), cmp.Compare(a.Wilayah, b.Wilayah),
			cmp.Compare(rincianOrder(a), rincianOrder(b)))
	})
	cw := csv.NewWriter(w)
	_ = cw.Write(CSVHeader)
	for _, v := range sorted {
		_ = cw.Write([]string{v.Indikator, v.Wilayah, v.Rincian, strconv.FormatInt(v.Nilai, 10), strconv.FormatInt(v.Keluarga, 10)})
	}
	cw.Flush()
	return cw.Error()
}
