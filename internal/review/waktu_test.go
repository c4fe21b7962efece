package review

import (
	"bytes"
	"encoding/csv"
	"testing"
	"time"
)

func TestWaktuCSV(t *testing.T) {
	w := WaktuStats{Decided: 4, DecidedInSLA: 3, SLATotal: 20,
		Tahap: []TahapStats{{Tahap: Tahapan[0], N: 4, Median: 3.5, P90: 6.8, SLADays: 5, DalamTenggat: 3}, {Tahap: Tahapan[4], N: 1, Median: 2, P90: 2}},
		Bulan: []BulanStats{{Bulan: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Diajukan: 4, Disetujui: 1, Ditolak: 1}}}
	var b bytes.Buffer
	if err := w.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	lines, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	has := func(l ...string) bool {
		for _, x := range lines {
			if x[0] == l[0] && x[1] == l[1] && x[2] == l[2] && x[3] == l[3] {
				return true
			}
		}
		return false
	}
	for _, want := range [][]string{{"tabel", "baris", "kolom", "nilai"}, {"waktu_per_tahap", Tahapan[0].Label, "p90_hari", "6.8"},
		{"waktu_per_tahap", Tahapan[0].Label, "persen_dalam_standar", "75.0"}, {"keputusan", "seluruhnya", "persen_dalam_standar", "75.0"},
		{"per_bulan", "2026-10", "diajukan", "4"}} {
		if !has(want...) {
			t.Errorf("CSV lacks %v", want)
		}
	}
	if has("waktu_per_tahap", Tahapan[4].Label, "standar_layanan_hari", "0") {
		t.Error("a stage outside the review has a service level")
	}
}
