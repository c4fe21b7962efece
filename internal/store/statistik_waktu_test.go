package store_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/indo"
)

// The service's times from a timeline written by hand, with the medians and 90th percentiles worked out:
//
//	A: ajukan d0, teknis d2, substansi d5, setujui d6        diajukan 2, substansi 3, keputusan 1; review 6 ≤ 20
//	B: ajukan d0, kembali d4, ajukan lagi d10, teknis d13,  diajukan 4 and 3, perbaikan 6, substansi 12, keputusan 5;
//	   substansi d25, tolak d30                               review 24 > 20
//	C: ajukan d0, teknis d8 (still at substansi)            diajukan 8
//	D: ajukan d1 (still at teknis)                          —
//
// diajukan: 2, 3, 4, 8 → median 3,5; p90 at rank 0,9×3 = 2,7: 4 + 0,7×(8−4) = 6,8; within 5 days: 3 of 4.
// terverifikasi_teknis: 3, 12 → median 7,5; p90 3 + 0,9×9 = 11,1; within 10: 1 of 2.
// menunggu_keputusan: 1, 5 → median 3; p90 1 + 0,9×4 = 4,6; within 5: 2 of 2.
// Decided: A and B; within the 20 days of review: A only.
func TestServiceTimes(t *testing.T) {
	t.Parallel()
	st := dbtest.New(t)
	ctx := context.Background()
	f := newRowFixtures(t, st)
	base := time.Date(2026, 10, 1, 10, 0, 0, 0, indo.Jakarta)
	day := func(d float64) time.Time { return base.Add(time.Duration(d * 24 * float64(time.Hour))) }
	type ev struct {
		at              float64
		event, from, to string
	}
	timelines := [][]ev{
		{{0, "ajukan", "draft", "diajukan"}, {2, "verifikasi_teknis", "diajukan", "terverifikasi_teknis"},
			{5, "verifikasi_substansi", "terverifikasi_teknis", "menunggu_keputusan"}, {6, "setujui", "menunggu_keputusan", "disetujui"}},
		{{0, "ajukan", "draft", "diajukan"}, {4, "kembalikan_teknis", "diajukan", "perlu_perbaikan"}, {10, "ajukan_perbaikan", "perlu_perbaikan", "diajukan"},
			{11, "minta_rekomendasi", "diajukan", "diajukan"}, {13, "verifikasi_teknis", "diajukan", "terverifikasi_teknis"},
			{25, "verifikasi_substansi", "terverifikasi_teknis", "menunggu_keputusan"}, {30, "tolak", "menunggu_keputusan", "ditolak"}},
		{{0, "ajukan", "draft", "diajukan"}, {8, "verifikasi_teknis", "diajukan", "terverifikasi_teknis"}},
		{{1, "ajukan", "draft", "diajukan"}},
	}
	for _, tl := range timelines {
		id, _ := f.newPermohonan(t)
		for _, e := range tl {
			if _, err := st.Pool.Exec(ctx, `INSERT INTO permohonan_events (permohonan_id, at, event, from_state, to_state, actor_kind) VALUES ($1, $2, $3, $4, $5, 'sistem')`,
				id, day(e.at), e.event, e.from, e.to); err != nil {
				t.Fatal(err)
			}
		}
	}
	w, err := st.ServiceTimes(ctx, time.Date(2026, 11, 30, 12, 0, 0, 0, indo.Jakarta))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		n           int
		median, p90 float64
		within      int
	}{
		"diajukan": {4, 3.5, 6.8, 3}, "perlu_perbaikan": {1, 6, 6, 0}, "terverifikasi_teknis": {2, 7.5, 11.1, 1}, "menunggu_keputusan": {2, 3, 4.6, 2},
		"menunggu_pks_nda": {}, "pks_nda_diunggah": {}, "penyiapan_akses": {},
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-6 }
	for _, s := range w.Tahap {
		x := want[string(s.State)]
		if s.N != x.n || !near(s.Median, x.median) || !near(s.P90, x.p90) || s.DalamTenggat != x.within {
			t.Errorf("%s: n %d median %v p90 %v within %d, want %+v", s.State, s.N, s.Median, s.P90, s.DalamTenggat, x)
		}
	}
	if w.Decided != 2 || w.DecidedInSLA != 1 || w.SLATotal != 20 || w.DecidedShare() != 50 {
		t.Errorf("decided %d, within %d of %d days", w.Decided, w.DecidedInSLA, w.SLATotal)
	}
	if len(w.Bulan) != 12 || w.Bulan[0].Bulan.Format("2006-01") != "2025-12" || w.Bulan[11].Bulan.Format("2006-01") != "2026-11" {
		t.Fatalf("months %v", w.Bulan)
	}
	if oct := w.Bulan[10]; oct.Diajukan != 4 || oct.Disetujui != 1 || oct.Ditolak != 1 || oct.Diberikan != 0 {
		t.Errorf("October %+v", oct)
	}
}
