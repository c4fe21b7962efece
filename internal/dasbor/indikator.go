// Package dasbor holds the rules of the Dasbor Nasional (pedoman §1.8, Gambar 1.1): the indicators a
// release carries, the validation of an uploaded release, disclosure control, Indonesian number formatting,
// the synthetic development data set and the CSV download. It does no I/O.
package dasbor

import "strings"

// Nasional is the wilayah code of the whole country. Provinces use their two-digit Kemendagri code; tier 1
// (agregat terbuka) stops at province level, so no other code is accepted.
const Nasional = "00"

// Unit is what an indicator counts.
type Unit string

// Units.
const (
	UnitKeluarga Unit = "keluarga"
	UnitJiwa     Unit = "jiwa"
)

// Indicator is one figure a release carries for every wilayah.
type Indicator struct {
	Kode  string
	Label string
	// Short is the label of a headline card.
	Short string
	Unit  Unit
	// Parent is the total this indicator is a part of (its denominator): it may not exceed it, and a
	// breakdown must add up to it. Empty for the two totals.
	Parent string
	// Rincian are the breakdown keys; nil means one figure with the empty key.
	Rincian []string
	// Map says the indicator can colour the map.
	Map bool
}

// Indicator codes.
const (
	JumlahKeluarga     = "jumlah_keluarga"
	JumlahPenduduk     = "jumlah_penduduk"
	RumahLayak         = "keluarga_rumah_layak"
	AirMinumLayak      = "keluarga_air_minum_layak"
	SanitasiLayak      = "keluarga_sanitasi_layak"
	ListrikPLN         = "keluarga_listrik_pln"
	KepalaPerempuan    = "keluarga_kepala_perempuan"
	Internet           = "keluarga_internet"
	Disabilitas        = "penduduk_disabilitas"
	PendudukUmurKelJK  = "penduduk_umur_jenis_kelamin"
	rincianSeparator   = ":"
	laki, perempuan    = "L", "P"
	ageGroupWidthYears = 5
)

// AgeGroups are the rows of the population pyramid, youngest first.
var AgeGroups = []string{"0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
	"50-54", "55-59", "60-64", "65-69", "70-74", "75+"}

// Sexes are the codes of REGSOSEK22-K question 405: L (1, laki-laki) and P (2, perempuan).
var Sexes = []string{laki, perempuan}

// SexLabel names a sex code.
func SexLabel(s string) string {
	if s == laki {
		return "Laki-laki"
	}
	return "Perempuan"
}

// PyramidKey is the rincian of one cell of the pyramid, for example "L:0-4".
func PyramidKey(sex, ageGroup string) string { return sex + rincianSeparator + ageGroup }

// AgeGroupOf returns the pyramid row of an age in years.
func AgeGroupOf(age int) string {
	i := age / ageGroupWidthYears
	if i >= len(AgeGroups) {
		i = len(AgeGroups) - 1
	}
	if i < 0 {
		i = 0
	}
	return AgeGroups[i]
}

// RincianLabel is a breakdown key as a person reads it: "L:0-4" is "Laki-laki 0–4 tahun".
func RincianLabel(rincian string) string {
	sex, age, ok := strings.Cut(rincian, rincianSeparator)
	if !ok {
		return rincian
	}
	return SexLabel(sex) + " " + strings.Replace(age, "-", "–", 1) + " tahun"
}

func pyramidKeys() []string {
	var keys []string
	for _, s := range Sexes {
		for _, a := range AgeGroups {
			keys = append(keys, PyramidKey(s, a))
		}
	}
	return keys
}

// Indicators is the catalogue, in the order of the headline cards. The definitions follow the REGSOSEK22-K
// questionnaire (lampiran 1 of the pedoman); see Synthetic for how each is computed from its questions.
var Indicators = []Indicator{
	{Kode: JumlahKeluarga, Label: "Jumlah Keluarga", Short: "Jumlah Keluarga", Unit: UnitKeluarga, Map: true},
	{Kode: JumlahPenduduk, Label: "Jumlah Penduduk", Short: "Jumlah Penduduk", Unit: UnitJiwa, Map: true},
	{Kode: RumahLayak, Label: "Keluarga yang Menempati Perumahan Layak", Short: "Jumlah Perumahan Layak",
		Unit: UnitKeluarga, Parent: JumlahKeluarga, Map: true},
	{Kode: AirMinumLayak, Label: "Keluarga dengan Akses Air Minum Layak", Short: "Keluarga dengan Akses Air Minum Layak",
		Unit: UnitKeluarga, Parent: JumlahKeluarga, Map: true},
	{Kode: SanitasiLayak, Label: "Keluarga dengan Akses Sanitasi Layak", Short: "Keluarga dengan Sanitasi Layak",
		Unit: UnitKeluarga, Parent: JumlahKeluarga, Map: true},
	{Kode: ListrikPLN, Label: "Keluarga dengan Penerangan Listrik PLN", Short: "Keluarga dengan Listrik PLN",
		Unit: UnitKeluarga, Parent: JumlahKeluarga, Map: true},
	{Kode: KepalaPerempuan, Label: "Keluarga dengan Kepala Keluarga Perempuan", Short: "Kepala Keluarga Perempuan",
		Unit: UnitKeluarga, Parent: JumlahKeluarga, Map: true},
	{Kode: Internet, Label: "Keluarga yang Menggunakan Internet", Short: "Keluarga Pengguna Internet",
		Unit: UnitKeluarga, Parent: JumlahKeluarga, Map: true},
	{Kode: Disabilitas, Label: "Penduduk Penyandang Disabilitas", Short: "Penduduk Penyandang Disabilitas",
		Unit: UnitJiwa, Parent: JumlahPenduduk, Map: true},
	{Kode: PendudukUmurKelJK, Label: "Penduduk menurut Kelompok Umur dan Jenis Kelamin", Unit: UnitJiwa,
		Parent: JumlahPenduduk, Rincian: pyramidKeys()},
}

var byKode = func() map[string]*Indicator {
	m := map[string]*Indicator{}
	for i := range Indicators {
		m[Indicators[i].Kode] = &Indicators[i]
	}
	return m
}()

// Find returns the indicator with a code.
func Find(kode string) (Indicator, bool) {
	in, ok := byKode[kode]
	if !ok {
		return Indicator{}, false
	}
	return *in, true
}

// Keys returns the breakdown keys of an indicator: its Rincian, or the one empty key.
func (in Indicator) Keys() []string {
	if in.Rincian == nil {
		return []string{""}
	}
	return in.Rincian
}

func (in Indicator) hasRincian(r string) bool {
	for _, k := range in.Keys() {
		if k == r {
			return true
		}
	}
	return false
}

// MapIndicators lists the indicators the map can show, in catalogue order.
func MapIndicators() []Indicator {
	var out []Indicator
	for _, in := range Indicators {
		if in.Map {
			out = append(out, in)
		}
	}
	return out
}

// Wilayah is a region a figure can belong to: Nasional or one province.
type Wilayah struct {
	Kode string
	Nama string
}

// ShortName is a province name short enough for a chart label.
func ShortName(nama string) string {
	switch nama {
	case "Daerah Khusus Ibukota Jakarta":
		return "DKI Jakarta"
	case "Daerah Istimewa Yogyakarta":
		return "DI Yogyakarta"
	case "Kepulauan Bangka Belitung":
		return "Kep. Bangka Belitung"
	case "Kepulauan Riau":
		return "Kep. Riau"
	}
	return nama
}
