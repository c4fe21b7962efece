package dasbor_test

import (
	"testing"

	"github.com/bappenas/portal-regsosek/internal/dasbor"
)

// family is a test family with one member in every cell of the pyramid, so that every cell is built from
// as many families as the province has. Options take services or members away.
func family(prov string, opts ...func(*dasbor.Keluarga)) dasbor.Keluarga {
	k := dasbor.Keluarga{Provinsi: prov, LuasLantai: 400, JenisLantai: 2, JenisDinding: 1, JenisAtap: 2,
		SumberAirMinum: 3, SumberPenerangan: 1, FasilitasBAB: 1, JenisKloset: 1, PembuanganTinja: 1, AksesInternet: 3}
	no := 1
	for _, sex := range []int{1, 2} {
		for i := range dasbor.AgeGroups {
			h := 3
			if no == 1 {
				h = 1
			}
			k.Anggota = append(k.Anggota, dasbor.Anggota{NoUrut: no, Keberadaan: 1, JenisKelamin: sex, Umur: i*5 + 2, Hubungan: h})
			no++
		}
	}
	for _, o := range opts {
		o(&k)
	}
	return k
}

func noAir(k *dasbor.Keluarga) { k.SumberAirMinum = 9 }

// without removes the member of one pyramid cell.
func without(sex int, age string) func(*dasbor.Keluarga) {
	return func(k *dasbor.Keluarga) {
		var keep []dasbor.Anggota
		for _, a := range k.Anggota {
			if a.JenisKelamin == sex && dasbor.AgeGroupOf(a.Umur) == age {
				continue
			}
			keep = append(keep, a)
		}
		k.Anggota = keep
	}
}

// release builds a valid release with n families per province; special adds families to some provinces
// instead.
func release(t *testing.T, n int, special map[string][]dasbor.Keluarga) []dasbor.Value {
	t.Helper()
	agg := dasbor.NewAggregator(provinces)
	for _, p := range provinces {
		if fams, ok := special[p.Kode]; ok {
			for _, k := range fams {
				agg.Add(k)
			}
			continue
		}
		for range n {
			agg.Add(family(p.Kode))
		}
	}
	v := agg.Values()
	if p := dasbor.Validate(v, provinces); len(p) > 0 {
		t.Fatalf("test release invalid: %v", p[:min(3, len(p))])
	}
	return v
}

func repeat(n int, k func() dasbor.Keluarga) []dasbor.Keluarga {
	out := make([]dasbor.Keluarga, n)
	for i := range out {
		out[i] = k()
	}
	return out
}

func key(ind, wil, rin string) dasbor.Key {
	return dasbor.Key{Indikator: ind, Wilayah: wil, Rincian: rin}
}

func TestSuppress(t *testing.T) {
	t.Parallel()
	few := append(repeat(3, func() dasbor.Keluarga { return family("95") }), repeat(27, func() dasbor.Keluarga { return family("95", noAir) })...)
	almostAll := append(repeat(25, func() dasbor.Keluarga { return family("94") }), repeat(5, func() dasbor.Keluarga { return family("94", noAir) })...)
	oldMen := append(repeat(2, func() dasbor.Keluarga { return family("93") }), repeat(28, func() dasbor.Keluarga { return family("93", without(1, "75+")) })...)
	tests := []struct {
		name    string
		special map[string][]dasbor.Keluarga
		min     int
		want    map[dasbor.Key]string
		notWant []dasbor.Key
	}{
		{"few families: primary, and one more province so it cannot be subtracted from Nasional",
			map[string][]dasbor.Keluarga{"95": few}, 10,
			map[dasbor.Key]string{key(dasbor.AirMinumLayak, "95", ""): dasbor.ReasonFewFamilies,
				key(dasbor.AirMinumLayak, "11", ""): dasbor.ReasonSecondary},
			[]dasbor.Key{key(dasbor.AirMinumLayak, dasbor.Nasional, ""), key(dasbor.JumlahKeluarga, "95", "")}},
		{"exactly the minimum is shown", map[string][]dasbor.Keluarga{"95": append(repeat(10, func() dasbor.Keluarga { return family("95") }),
			repeat(20, func() dasbor.Keluarga { return family("95", noAir) })...)}, 10,
			nil, []dasbor.Key{key(dasbor.AirMinumLayak, "95", "")}},
		{"few families outside: the complement would expose them",
			map[string][]dasbor.Keluarga{"94": almostAll}, 10,
			map[dasbor.Key]string{key(dasbor.AirMinumLayak, "94", ""): dasbor.ReasonComplement}, nil},
		{"none outside is no complement", nil, 10, nil, []dasbor.Key{key(dasbor.AirMinumLayak, "94", "")}},
		{"a pyramid cell: primary, then a second cell of the same pyramid",
			map[string][]dasbor.Keluarga{"93": oldMen}, 10,
			map[dasbor.Key]string{key(dasbor.PendudukUmurKelJK, "93", "L:75+"): dasbor.ReasonFewFamilies}, nil},
		{"zero families is fewer than the minimum", nil, 10,
			map[dasbor.Key]string{key(dasbor.Disabilitas, dasbor.Nasional, ""): dasbor.ReasonFewFamilies}, nil},
		{"a threshold of 3 shows 3 families", map[string][]dasbor.Keluarga{"95": few}, 3, nil,
			[]dasbor.Key{key(dasbor.AirMinumLayak, "95", "")}},
		{"below 1 withholds nothing", map[string][]dasbor.Keluarga{"95": few}, 0, nil,
			[]dasbor.Key{key(dasbor.AirMinumLayak, "95", ""), key(dasbor.Disabilitas, dasbor.Nasional, "")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			values := release(t, 30, tt.special)
			got := dasbor.Suppress(values, provinces, tt.min)
			for k, reason := range tt.want {
				if got[k] != reason {
					t.Errorf("%v: reason %q, want %q", k, got[k], reason)
				}
			}
			for _, k := range tt.notWant {
				if r, ok := got[k]; ok {
					t.Errorf("%v withheld (%s), want it shown", k, r)
				}
			}
			checkNoLoneSuppression(t, values, got)
		})
	}
}

// checkNoLoneSuppression: in every group that adds up to a shown total, either nothing or at least two
// figures are withheld, so none can be computed back by subtraction.
func checkNoLoneSuppression(t *testing.T, values []dasbor.Value, hidden map[dasbor.Key]string) {
	t.Helper()
	for _, in := range dasbor.Indicators {
		for _, r := range in.Keys() {
			if _, h := hidden[key(in.Kode, dasbor.Nasional, r)]; h {
				continue
			}
			n := 0
			for _, p := range provinces {
				if _, h := hidden[key(in.Kode, p.Kode, r)]; h {
					n++
				}
			}
			if n == 1 {
				t.Errorf("%s %q: one province withheld alone", in.Kode, r)
			}
		}
		if in.Rincian == nil {
			continue
		}
		for _, w := range append([]dasbor.Wilayah{{Kode: dasbor.Nasional}}, provinces...) {
			if _, h := hidden[key(in.Parent, w.Kode, "")]; h {
				continue
			}
			n := 0
			for _, r := range in.Rincian {
				if _, h := hidden[key(in.Kode, w.Kode, r)]; h {
					n++
				}
			}
			if n == 1 {
				t.Errorf("%s of %s: one cell withheld alone", in.Kode, w.Kode)
			}
		}
	}
}

func TestSuppressSyntheticRelease(t *testing.T) {
	t.Parallel()
	values := synthetic(t, 4000) // small: many cells under 10 families
	hidden := dasbor.Suppress(values, provinces, 10)
	if len(hidden) == 0 {
		t.Fatal("nothing withheld in a release of small provinces")
	}
	checkNoLoneSuppression(t, values, hidden)
	// Withheld figures carry no value at all once the release is ready to show.
	d := dasbor.NewData(values, provinces, 10)
	for k := range hidden {
		if f := d.Get(k.Indikator, k.Wilayah, k.Rincian); !f.Suppressed || f.Value != 0 {
			t.Fatalf("%v: %+v, want suppressed with no value", k, f)
		}
	}
	for _, v := range values {
		if _, h := hidden[v.Key()]; !h && v.Keluarga < 10 {
			t.Fatalf("%v built from %d families is shown", v.Key(), v.Keluarga)
		}
	}
}

func TestShareIsWithheldWithItsParts(t *testing.T) {
	t.Parallel()
	few := append(repeat(3, func() dasbor.Keluarga { return family("95") }), repeat(27, func() dasbor.Keluarga { return family("95", noAir) })...)
	d := dasbor.NewData(release(t, 30, map[string][]dasbor.Keluarga{"95": few}), provinces, 10)
	if r := d.Share(dasbor.AirMinumLayak, "95", ""); !r.Suppressed || r.Percent != 0 {
		t.Errorf("share of a withheld figure = %+v", r)
	}
	if r := d.Share(dasbor.AirMinumLayak, "32", ""); r.Suppressed || r.Text() != "100,0%" {
		t.Errorf("share in Jawa Barat = %+v (%s)", r, r.Text())
	}
}
