package dasbor_test

import (
	"testing"

	"github.com/bappenas/portal-regsosek/internal/dasbor"
)

// provinces is the reference list of the 38 provinces, as the portal loads it.
var provinces = []dasbor.Wilayah{{"11", "Aceh"}, {"12", "Sumatera Utara"}, {"13", "Sumatera Barat"}, {"14", "Riau"},
	{"15", "Jambi"}, {"16", "Sumatera Selatan"}, {"17", "Bengkulu"}, {"18", "Lampung"}, {"19", "Kepulauan Bangka Belitung"},
	{"21", "Kepulauan Riau"}, {"31", "Daerah Khusus Ibukota Jakarta"}, {"32", "Jawa Barat"}, {"33", "Jawa Tengah"},
	{"34", "Daerah Istimewa Yogyakarta"}, {"35", "Jawa Timur"}, {"36", "Banten"}, {"51", "Bali"},
	{"52", "Nusa Tenggara Barat"}, {"53", "Nusa Tenggara Timur"}, {"61", "Kalimantan Barat"}, {"62", "Kalimantan Tengah"},
	{"63", "Kalimantan Selatan"}, {"64", "Kalimantan Timur"}, {"65", "Kalimantan Utara"}, {"71", "Sulawesi Utara"},
	{"72", "Sulawesi Tengah"}, {"73", "Sulawesi Selatan"}, {"74", "Sulawesi Tenggara"}, {"75", "Gorontalo"},
	{"76", "Sulawesi Barat"}, {"81", "Maluku"}, {"82", "Maluku Utara"}, {"91", "Papua"}, {"92", "Papua Barat"},
	{"93", "Papua Selatan"}, {"94", "Papua Tengah"}, {"95", "Papua Pegunungan"}, {"96", "Papua Barat Daya"}}

func synthetic(t testing.TB, scale int) []dasbor.Value {
	t.Helper()
	agg := dasbor.NewAggregator(provinces)
	dasbor.Synthetic(provinces, dasbor.SyntheticOptions{Scale: scale, Seed: 7}, agg.Add)
	return agg.Values()
}

func TestSyntheticReleaseIsValid(t *testing.T) {
	t.Parallel()
	agg := dasbor.NewAggregator(provinces)
	families, people := 0, 0
	dasbor.Synthetic(provinces, dasbor.DefaultSynthetic, func(k dasbor.Keluarga) {
		families++
		people += len(k.Penduduk())
		agg.Add(k)
	})
	values := agg.Values()
	if p := dasbor.Validate(values, provinces); len(p) > 0 {
		t.Fatalf("synthetic release refused: %v", p[:min(5, len(p))])
	}
	d := dasbor.NewData(values, provinces, 10)
	t.Logf("%d families, %d people, %d figures, %d suppressed", families, people, len(values), d.SuppressedCount)
	if got := d.Get(dasbor.JumlahKeluarga, dasbor.Nasional, ""); got.Value != int64(families) {
		t.Errorf("Jumlah Keluarga = %d, generated %d", got.Value, families)
	}
	for _, w := range []string{dasbor.Nasional, "31", "95"} {
		t.Logf("%s: air %s, sanitasi %s, rumah layak %s, listrik %s, kk perempuan %s, internet %s, disabilitas %s", w,
			d.Share(dasbor.AirMinumLayak, w, "").Text(), d.Share(dasbor.SanitasiLayak, w, "").Text(),
			d.Share(dasbor.RumahLayak, w, "").Text(), d.Share(dasbor.ListrikPLN, w, "").Text(),
			d.Share(dasbor.KepalaPerempuan, w, "").Text(), d.Share(dasbor.Internet, w, "").Text(), d.Share(dasbor.Disabilitas, w, "").Text())
	}
	// Same options, same data.
	again := dasbor.NewAggregator(provinces)
	dasbor.Synthetic(provinces, dasbor.DefaultSynthetic, again.Add)
	for i, v := range again.Values() {
		if v != values[i] {
			t.Fatalf("not reproducible: %+v then %+v", values[i], v)
		}
	}
}
