package dasbor

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// Keluarga is one family record of the REGSOSEK22-K questionnaire (lampiran 1 of the pedoman), holding the
// questions the dashboard's indicators are computed from. Codes are the questionnaire's own.
type Keluarga struct {
	Provinsi         string // 101
	JumlahAnggota    int    // 112
	StatusBangunan   int    // 301a: 1 milik sendiri … 5 lainnya
	LuasLantai       int    // 302, m²
	JenisLantai      int    // 303: 1 marmer/granit … 7 bambu, 8 tanah, 9 lainnya
	JenisDinding     int    // 304: 1 tembok, 2 plesteran anyaman bambu/kawat, 3 kayu/papan … 7 lainnya
	JenisAtap        int    // 305: 1 beton, 2 genteng, 3 seng, 4 asbes, 5 bambu, 6 kayu/sirap, 7 jerami/ijuk/daun/rumbia, 8 lainnya
	SumberAirMinum   int    // 306a: 1 air kemasan … 11 lainnya
	JarakTinja       int    // 306b: 1 < 10 m, 2 ≥ 10 m, 8 tidak tahu; 0 when not asked
	SumberPenerangan int    // 307a: 1 PLN dengan meteran, 2 PLN tanpa meteran, 3 non-PLN, 4 bukan listrik
	FasilitasBAB     int    // 309a: 1 sendiri … 6 tidak ada
	JenisKloset      int    // 309b: 1 leher angsa … 4 cemplung; 0 when not asked
	PembuanganTinja  int    // 310: 1 tangki septik, 2 IPAL, 3 kolam/sawah/sungai/danau/laut … 6 lainnya
	AksesInternet    int    // 505: 0 tidak menggunakan … 3 internet handphone
	Anggota          []Anggota
}

// Anggota is one member of a family (blok IV).
type Anggota struct {
	NoUrut       int    // 401
	Keberadaan   int    // 404: 1 tinggal bersama, 2 meninggal, 3/4 pindah, 5 anggota baru, 6 tidak ditemukan
	JenisKelamin int    // 405: 1 laki-laki, 2 perempuan
	Umur         int    // 407
	Hubungan     int    // 409: 1 kepala keluarga, 2 istri/suami, 3 anak … 8 lainnya
	Kesulitan    [9]int // 428a–i: 1 sama sekali tidak bisa, 2 banyak kesulitan, 3 sedikit, 4 tidak; 0 when not asked
}

// Counted reports whether the member is part of the population: living with the family (404 = 1) or a new
// member (404 = 5). Members who died, moved or were not found are not.
func (a Anggota) Counted() bool { return a.Keberadaan == 1 || a.Keberadaan == 5 }

// Disabled applies the Washington Group cut-off to 428a–i: at least one domain coded 1 (sama sekali tidak
// bisa) or 2 (banyak kesulitan). 428j (depression, a frequency scale) is not part of it.
func (a Anggota) Disabled() bool {
	for _, k := range a.Kesulitan {
		if k == 1 || k == 2 {
			return true
		}
	}
	return false
}

// Penduduk returns the counted members.
func (k Keluarga) Penduduk() []Anggota {
	var out []Anggota
	for _, a := range k.Anggota {
		if a.Counted() {
			out = append(out, a)
		}
	}
	return out
}

// AirMinumLayak: 306a is bottled or refill water (01, 02), piped water (03) or rain water (10), or a bored
// or protected well or protected spring (04, 05, 07) at least 10 m from the nearest disposal of waste
// (306b = 2).
func (k Keluarga) AirMinumLayak() bool {
	switch k.SumberAirMinum {
	case 1, 2, 3, 10:
		return true
	case 4, 5, 7:
		return k.JarakTinja == 2
	}
	return false
}

// SanitasiLayak: a toilet used by the family alone, shared with certain families or communal (309a 1–3),
// with a gooseneck closet (309b = 1), draining into a septic tank or IPAL (310 = 1, 2).
func (k Keluarga) SanitasiLayak() bool {
	return k.FasilitasBAB >= 1 && k.FasilitasBAB <= 3 && k.JenisKloset == 1 &&
		(k.PembuanganTinja == 1 || k.PembuanganTinja == 2)
}

// ListrikPLN: the main lighting is PLN electricity, with or without a meter (307a = 1, 2).
func (k Keluarga) ListrikPLN() bool { return k.SumberPenerangan == 1 || k.SumberPenerangan == 2 }

// BangunanLayak is the building-resilience criterion: floor not bamboo, earth or other (303 ≠ 7, 8, 9), walls
// of masonry, plastered bamboo or wood (304 = 1–3), roof of concrete, tile, zinc, asbestos or wood
// (305 = 1–4, 6).
func (k Keluarga) BangunanLayak() bool {
	return k.JenisLantai >= 1 && k.JenisLantai <= 6 && k.JenisDinding >= 1 && k.JenisDinding <= 3 &&
		(k.JenisAtap >= 1 && k.JenisAtap <= 4 || k.JenisAtap == 6)
}

// PerumahanLayak is the rumah layak huni definition: at least 7.2 m² of floor per counted member (302),
// air minum layak, sanitasi layak and a resilient building.
func (k Keluarga) PerumahanLayak() bool {
	n := len(k.Penduduk())
	if n == 0 {
		return false
	}
	return float64(k.LuasLantai)/float64(n) >= 7.2 && k.AirMinumLayak() && k.SanitasiLayak() && k.BangunanLayak()
}

// KepalaPerempuan: the head of the family (409 = 1) is a woman (405 = 2).
func (k Keluarga) KepalaPerempuan() bool {
	for _, a := range k.Penduduk() {
		if a.Hubungan == 1 {
			return a.JenisKelamin == 2
		}
	}
	return false
}

// Internet: the family used the internet in the last month (505 = 1–3).
func (k Keluarga) Internet() bool { return k.AksesInternet >= 1 && k.AksesInternet <= 3 }

// Aggregator turns family records into a release. Add every family, then call Values.
type Aggregator struct {
	provinces []Wilayah
	cells     map[Key]*Value
}

// NewAggregator starts an empty release for the provinces.
func NewAggregator(provinces []Wilayah) *Aggregator {
	a := &Aggregator{provinces: provinces, cells: map[Key]*Value{}}
	for _, w := range append([]string{Nasional}, provinceCodes(provinces)...) {
		for _, in := range Indicators {
			for _, r := range in.Keys() {
				a.cells[Key{in.Kode, w, r}] = &Value{Indikator: in.Kode, Wilayah: w, Rincian: r}
			}
		}
	}
	return a
}

// Add counts one family in its province and in Nasional.
func (a *Aggregator) Add(k Keluarga) {
	for _, w := range []string{k.Provinsi, Nasional} {
		a.addTo(w, k)
	}
}

func (a *Aggregator) addTo(w string, k Keluarga) {
	family := func(ind string, yes bool) {
		if yes {
			c := a.cells[Key{ind, w, ""}]
			c.Nilai++
			c.Keluarga++
		}
	}
	family(JumlahKeluarga, true)
	family(RumahLayak, k.PerumahanLayak())
	family(AirMinumLayak, k.AirMinumLayak())
	family(SanitasiLayak, k.SanitasiLayak())
	family(ListrikPLN, k.ListrikPLN())
	family(KepalaPerempuan, k.KepalaPerempuan())
	family(Internet, k.Internet())

	// Person counts: the family is counted once in each cell it has a member in.
	seen := map[Key]bool{}
	person := func(key Key) {
		c := a.cells[key]
		c.Nilai++
		if !seen[key] {
			seen[key] = true
			c.Keluarga++
		}
	}
	for _, m := range k.Penduduk() {
		person(Key{JumlahPenduduk, w, ""})
		sex := laki
		if m.JenisKelamin == 2 {
			sex = perempuan
		}
		person(Key{PendudukUmurKelJK, w, PyramidKey(sex, AgeGroupOf(m.Umur))})
		if m.Disabled() {
			person(Key{Disabilitas, w, ""})
		}
	}
}

// Values returns the release: every indicator for Nasional and every province.
func (a *Aggregator) Values() []Value {
	out := make([]Value, 0, len(a.cells))
	for _, w := range append([]string{Nasional}, provinceCodes(a.provinces)...) {
		for _, in := range Indicators {
			for _, r := range in.Keys() {
				out = append(out, *a.cells[Key{in.Kode, w, r}])
			}
		}
	}
	return out
}

// provinceProfile drives the synthetic generator: the population in thousands (2022, rounded) and a
// development level between 0 and 1 that raises the chance of every service.
type provinceProfile struct {
	penduduk int
	maju     float64
}

var profiles = map[string]provinceProfile{
	"11": {5407, .55}, "12": {15115, .60}, "13": {5640, .60}, "14": {6614, .62}, "15": {3631, .58},
	"16": {8657, .57}, "17": {2060, .55}, "18": {9176, .55}, "19": {1487, .65}, "21": {2119, .75},
	"31": {10680, .95}, "32": {49405, .70}, "33": {37032, .66}, "34": {3712, .80}, "35": {41150, .67},
	"36": {12252, .72}, "51": {4363, .80}, "52": {5473, .50}, "53": {5466, .35}, "61": {5470, .48},
	"62": {2703, .52}, "63": {4190, .58}, "64": {3859, .72}, "65": {713, .60}, "71": {2638, .65},
	"72": {3066, .50}, "73": {9225, .60}, "74": {2688, .52}, "75": {1180, .50}, "76": {1448, .42},
	"81": {1882, .45}, "82": {1317, .45}, "91": {1035, .35}, "92": {561, .40}, "93": {522, .25},
	"94": {1452, .15}, "95": {1452, .05}, "96": {607, .45},
}

// SyntheticOptions tune the generator.
type SyntheticOptions struct {
	// Scale is how many real people one synthetic person stands for; the release counts synthetic records
	// as they are, unweighted, so its figures are about 1/Scale of the real ones.
	Scale int
	// Seed makes the data set reproducible.
	Seed uint64
}

// DefaultSynthetic is what `portal seed --synthetic` uses: about 690 thousand people in 190 thousand
// families, enough for the smallest provinces to show a few withheld cells.
var DefaultSynthetic = SyntheticOptions{Scale: 400, Seed: 2022}

// Synthetic generates family records for every province and passes each to add. The same options always
// give the same records.
func Synthetic(provinces []Wilayah, opt SyntheticOptions, add func(Keluarga)) {
	if opt.Scale < 1 {
		opt.Scale = 1
	}
	for _, p := range provinces {
		prof, ok := profiles[p.Kode]
		if !ok {
			prof = provinceProfile{penduduk: 1000, maju: .5}
		}
		code, _ := strconv.ParseUint(p.Kode, 10, 64)
		g := generator{r: rand.New(rand.NewPCG(opt.Seed, code)), maju: prof.maju, provinsi: p.Kode}
		target := prof.penduduk * 1000 / opt.Scale
		for people := 0; people < target; {
			k := g.family()
			people += len(k.Penduduk())
			add(k)
		}
	}
}

type generator struct {
	r        *rand.Rand
	maju     float64
	provinsi string
}

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

func (g *generator) pick(codes ...int) int { return codes[g.r.IntN(len(codes))] }

func clamp(p float64) float64 { return math.Max(0.01, math.Min(0.99, p)) }

func (g *generator) family() Keluarga {
	k := Keluarga{Provinsi: g.provinsi}
	k.Anggota = g.members()
	k.JumlahAnggota = len(k.Penduduk())
	m := g.maju + g.r.NormFloat64()*0.12 // this family's own circumstances
	g.housing(&k, m)
	g.water(&k, m)
	g.sanitation(&k, m)
	switch {
	case g.chance(clamp(0.30 + 0.72*math.Sqrt(math.Max(m, 0)))):
		k.SumberPenerangan = g.pick(1, 1, 1, 2)
	case g.chance(0.6):
		k.SumberPenerangan = 3
	default:
		k.SumberPenerangan = 4
	}
	if g.chance(clamp(0.25 + 0.65*m)) {
		k.AksesInternet = g.pick(1, 2, 3, 3, 3)
	}
	return k
}

func (g *generator) housing(k *Keluarga, m float64) {
	k.StatusBangunan = g.pick(1, 1, 1, 1, 2, 3, 4, 5)
	perCapita := math.Exp(math.Log(6+12*math.Max(m, 0)) + g.r.NormFloat64()*0.45)
	k.LuasLantai = max(9, int(perCapita*float64(max(1, k.JumlahAnggota))))
	durable := clamp(0.45 + 0.55*m)
	if g.chance(durable) {
		k.JenisLantai, k.JenisDinding, k.JenisAtap = g.pick(1, 2, 2, 2, 3, 4, 6), g.pick(1, 1, 1, 2, 3), g.pick(1, 2, 2, 3, 3, 4, 6)
	} else {
		k.JenisLantai, k.JenisDinding, k.JenisAtap = g.pick(5, 6, 7, 8, 8), g.pick(3, 4, 5, 6, 7), g.pick(3, 5, 6, 7, 7, 8)
	}
}

func (g *generator) water(k *Keluarga, m float64) {
	if g.chance(clamp(0.45 + 0.50*m)) {
		k.SumberAirMinum = g.pick(1, 2, 2, 3, 3, 4, 5, 7, 10)
	} else {
		k.SumberAirMinum = g.pick(4, 5, 6, 6, 7, 8, 9, 9, 11)
	}
	if k.SumberAirMinum >= 4 && k.SumberAirMinum <= 8 {
		k.JarakTinja = 2
		if g.chance(clamp(0.55 - 0.5*m)) {
			k.JarakTinja = g.pick(1, 1, 8)
		}
	}
}

func (g *generator) sanitation(k *Keluarga, m float64) {
	if g.chance(clamp(0.35 + 0.75*m)) {
		k.FasilitasBAB = g.pick(1, 1, 1, 1, 2, 3)
		k.JenisKloset = g.pick(1, 1, 1, 1, 1, 2)
		k.PembuanganTinja = g.pick(1, 1, 1, 1, 2, 4)
		return
	}
	k.FasilitasBAB = g.pick(1, 2, 4, 5, 6, 6)
	if k.FasilitasBAB <= 3 {
		k.JenisKloset = g.pick(2, 3, 4)
	}
	k.PembuanganTinja = g.pick(3, 4, 5, 6)
}

// members builds a household around its head: a spouse, children of ages the head's age allows, sometimes
// an elderly parent or another relative, and now and then a member who died or moved (who is not counted).
func (g *generator) members() []Anggota {
	headAge := min(95, 20+g.r.IntN(22)+int(math.Abs(g.r.NormFloat64())*14))
	female := g.chance(0.11) || headAge > 62 && g.chance(0.3)
	out := []Anggota{g.member(1, headAge, female, 1, 1)}
	if !female && g.chance(0.88) || female && g.chance(0.08) {
		out = append(out, g.member(len(out)+1, max(17, headAge-5+g.r.IntN(7)), !female, 2, 1))
	}
	// Children born when the head was 19 to 45, the older ones up to 30 still at home.
	youngest, oldest := max(0, headAge-45), min(headAge-19, 30)
	children := g.r.IntN(3)
	if g.chance(0.6) {
		children++
	}
	for range children {
		if oldest < youngest {
			break
		}
		out = append(out, g.member(len(out)+1, youngest+g.r.IntN(oldest-youngest+1), g.chance(0.49), 3, 1))
	}
	if headAge > 50 && g.chance(0.25) {
		out = append(out, g.member(len(out)+1, g.r.IntN(10), g.chance(0.49), 5, 1)) // cucu
	}
	if headAge < 50 && g.chance(0.10) {
		out = append(out, g.member(len(out)+1, min(95, headAge+22+g.r.IntN(12)), g.chance(0.62), 6, 1))
	}
	if g.chance(0.05) {
		out = append(out, g.member(len(out)+1, 10+g.r.IntN(50), g.chance(0.5), 8, 1))
	}
	if g.chance(0.03) {
		out = append(out, g.member(len(out)+1, 20+g.r.IntN(60), g.chance(0.5), 3, g.pick(2, 3, 3, 4, 6)))
	}
	if g.chance(0.02) {
		out = append(out, g.member(len(out)+1, 0, g.chance(0.49), 3, 5))
	}
	return out
}

func (g *generator) member(no, age int, female bool, hubungan, keberadaan int) Anggota {
	a := Anggota{NoUrut: no, Keberadaan: keberadaan, JenisKelamin: 1, Umur: age, Hubungan: hubungan}
	if female {
		a.JenisKelamin = 2
	}
	if age >= 2 {
		risk := 0.004 + 0.0009*float64(max(0, age-40))
		for i := range a.Kesulitan {
			if i >= 6 && age < 5 { // 428g–i are asked from age 5
				continue
			}
			a.Kesulitan[i] = 4
			if g.chance(risk) {
				a.Kesulitan[i] = g.pick(1, 2, 2, 3)
			}
		}
	}
	return a
}
