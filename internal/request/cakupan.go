package request

import (
	"slices"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/account"
)

// The cakupan wilayah of a permohonan (§3.2.3, and data minimisation under UU 27/2022): a K/L asks for
// Nasional, or for one or more provinces, or for one or more kabupaten/kota, so it need not ask for more data
// than it needs; a province for itself or one of its kab/kota; a kab/kota for itself. The list is kept as one
// text — "nasional", or the codes joined by commas in code order ("32,33", "32.04,32.73") — so a header, a
// row's wilayah and a Sepakat account's wilayah stay one value everywhere they are stored or sent.

// Levels of a K/L's cakupan.
const (
	LingkupNasional = "nasional"
	LingkupProvinsi = "provinsi"
	LingkupKabKota  = "kabupaten_kota"
)

// LingkupOptions are a K/L's choices of level, with the pedoman's words.
var LingkupOptions = []Option{
	{LingkupNasional, "Nasional"},
	{LingkupProvinsi, "Satu atau beberapa provinsi"},
	{LingkupKabKota, "Satu atau beberapa kabupaten/kota"},
}

// CakupanCodes splits a cakupan into its codes ("nasional" is one code); "" gives none.
func CakupanCodes(cakupan string) []string {
	var out []string
	for c := range strings.SplitSeq(cakupan, ",") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// JoinCakupan writes codes as one cakupan: sorted, without repeats.
func JoinCakupan(codes []string) string {
	var clean []string
	for _, c := range codes {
		if c = strings.TrimSpace(c); c != "" && !slices.Contains(clean, c) {
			clean = append(clean, c)
		}
	}
	slices.Sort(clean)
	return strings.Join(clean, ",")
}

// Lingkup is the level of a cakupan: nasional, provinsi or kabupaten_kota ("" for none or a mix).
func Lingkup(cakupan string) string {
	codes := CakupanCodes(cakupan)
	if len(codes) == 0 {
		return ""
	}
	level := func(c string) string {
		switch {
		case c == Nasional:
			return LingkupNasional
		case len(c) == 2:
			return LingkupProvinsi
		case len(c) == 5:
			return LingkupKabKota
		}
		return "lain"
	}
	l := level(codes[0])
	for _, c := range codes[1:] {
		if level(c) != l {
			return ""
		}
	}
	if l == "lain" {
		return ""
	}
	return l
}

// Refusals of a cakupan.
const (
	msgCakupanKosong   = "Pilih cakupan wilayah data yang diminta."
	msgCakupanCampur   = "Pilih satu tingkat cakupan: Nasional, beberapa provinsi, atau beberapa kabupaten/kota — tidak dicampur."
	msgCakupanNasional = "Cakupan Nasional sudah mencakup seluruh wilayah; jangan digabung dengan wilayah lain."
	msgCakupanLevel    = "Kementerian/lembaga memilih Nasional, provinsi, atau kabupaten/kota (§3.2.3)."
)

// CheckCakupan applies §3.2.3 to a cakupan for the pemohon, and returns the sentence saying what is wrong, or
// "". Whether each code exists is the caller's to check against the reference data.
func CheckCakupan(inst Instansi, cakupan string) string {
	codes := CakupanCodes(cakupan)
	switch {
	case len(codes) == 0:
		return msgCakupanKosong
	case inst.Kategori != account.KategoriPusat:
		// A Pemda asks for one area: itself, or (a province) one of its kab/kota.
		if len(codes) != 1 || !InScope(inst, codes[0]) || len(codes[0]) > 5 {
			return scopeMessage(inst)
		}
		return ""
	case slices.Contains(codes, Nasional) && len(codes) > 1:
		return msgCakupanNasional
	}
	lingkup := Lingkup(cakupan)
	if lingkup == "" {
		for _, c := range codes {
			if c != Nasional && len(c) != 2 && len(c) != 5 {
				return msgCakupanLevel
			}
		}
		return msgCakupanCampur
	}
	for _, c := range codes {
		if !InScope(inst, c) {
			return "Wilayah tidak dikenal."
		}
	}
	return ""
}
