package refdata_test

import (
	"context"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/refdata"
)

func TestLoadedCounts(t *testing.T) {
	t.Parallel()
	st := dbtest.New(t)
	ctx := context.Background()
	want := map[string]int{
		"provinsi":                 refdata.CountProvinsi,
		"kabupaten_kota":           refdata.CountKabupatenKota,
		"kecamatan":                refdata.CountKecamatan,
		"desa_kelurahan":           refdata.CountDesaKelurahan,
		"kabupaten_kota_kode_lama": refdata.CountKodeLama,
		"kementerian_lembaga":      refdata.CountKL,
	}
	for table, n := range want {
		var got int
		if err := st.Pool.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != n {
			t.Errorf("%s: %d rows, want %d", table, got, n)
		}
	}
}

// Every child has its parent, and the parent's code is a prefix of the child's. The foreign keys already
// guarantee existence; this checks the data agrees with the coding rule too.
func TestEveryChildHasItsParent(t *testing.T) {
	t.Parallel()
	st := dbtest.New(t)
	ctx := context.Background()
	checks := map[string]string{
		"kab/kota without provinsi": `SELECT count(*) FROM kabupaten_kota k LEFT JOIN provinsi p ON p.kode = k.kode_provinsi
			WHERE p.kode IS NULL OR left(k.kode, 2) <> p.kode`,
		"kecamatan without kab/kota": `SELECT count(*) FROM kecamatan c LEFT JOIN kabupaten_kota k ON k.kode = c.kode_kabupaten_kota
			WHERE k.kode IS NULL OR left(c.kode, 5) <> k.kode`,
		"desa without kecamatan": `SELECT count(*) FROM desa_kelurahan d LEFT JOIN kecamatan c ON c.kode = d.kode_kecamatan
			WHERE c.kode IS NULL OR left(d.kode, 8) <> c.kode`,
		"provinsi without kab/kota": `SELECT count(*) FROM provinsi p WHERE NOT EXISTS
			(SELECT 1 FROM kabupaten_kota k WHERE k.kode_provinsi = p.kode)`,
		"kab/kota without kecamatan": `SELECT count(*) FROM kabupaten_kota k WHERE NOT EXISTS
			(SELECT 1 FROM kecamatan c WHERE c.kode_kabupaten_kota = k.kode)`,
		"kecamatan without desa": `SELECT count(*) FROM kecamatan c WHERE NOT EXISTS
			(SELECT 1 FROM desa_kelurahan d WHERE d.kode_kecamatan = c.kode)`,
		"old code pointing nowhere": `SELECT count(*) FROM kabupaten_kota_kode_lama l LEFT JOIN kabupaten_kota k ON k.kode = l.kode
			WHERE k.kode IS NULL`,
		"superseded K/L whose successor is unknown": `SELECT count(*) FROM kementerian_lembaga kl, unnest(kl.diganti_oleh) s
			WHERE NOT EXISTS (SELECT 1 FROM kementerian_lembaga x WHERE x.kode_ba = s)`,
	}
	for name, q := range checks {
		var n int
		if err := st.Pool.QueryRow(ctx, q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n != 0 {
			t.Errorf("%s: %d rows", name, n)
		}
	}
	var active int
	if err := st.Pool.QueryRow(ctx, "SELECT count(*) FROM kementerian_lembaga WHERE aktif").Scan(&active); err != nil {
		t.Fatal(err)
	}
	if active != 99 {
		t.Errorf("active K/L: %d, want 99", active)
	}
}

// Loading twice changes nothing: make run calls it at every start.
func TestLoadIsIdempotent(t *testing.T) {
	t.Parallel()
	st := dbtest.New(t)
	if err := refdata.Load(context.Background(), st.Pool); err != nil {
		t.Fatalf("second load: %v", err)
	}
}
