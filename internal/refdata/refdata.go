// Package refdata holds the reference lists the portal ships with and loads them into PostgreSQL.
//
// The files are copies of ../shared/data (Kemendagri region codes, MIT, from cahyadsn/wilayah; the
// kementerian/lembaga list with kode BA from Ministry of Finance budget data; the 38-province boundaries).
// Each folder keeps its README with the source and licence.
package refdata

import (
	"context"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed wilayah/*.csv instansi/*.csv geo/*.geojson
var files embed.FS

// Expected row counts, from the data's README. Load refuses a file that does not match.
const (
	CountProvinsi      = 38
	CountKabupatenKota = 514
	CountKecamatan     = 7285
	CountDesaKelurahan = 83762
	CountKodeLama      = 26
	CountKL            = 109
)

// ProvinceGeoJSON returns the simplified 38-province boundaries.
func ProvinceGeoJSON() ([]byte, error) { return files.ReadFile("geo/provinsi_38.geojson") }

type table struct {
	file    string
	name    string
	columns []string
	count   int
	convert func(rec []string) []any
}

func asIs(rec []string) []any {
	out := make([]any, len(rec))
	for i, v := range rec {
		out[i] = v
	}
	return out
}

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ";")
}

// Parents come before children so the foreign keys hold at every step.
var tables = []table{
	{"wilayah/provinsi.csv", "provinsi", []string{"kode", "nama"}, CountProvinsi, asIs},
	{"wilayah/kabupaten_kota.csv", "kabupaten_kota", []string{"kode", "kode_provinsi", "nama", "jenis"}, CountKabupatenKota, asIs},
	{"wilayah/kecamatan.csv", "kecamatan", []string{"kode", "kode_kabupaten_kota", "nama"}, CountKecamatan, asIs},
	{"wilayah/desa_kelurahan.csv", "desa_kelurahan", []string{"kode", "kode_kecamatan", "nama", "jenis"}, CountDesaKelurahan, asIs},
	{"wilayah/kabupaten_kota_kode_lama.csv", "kabupaten_kota_kode_lama",
		[]string{"kode_lama", "nama_lama", "kode", "nama", "dasar_perubahan"}, CountKodeLama, asIs},
	{"instansi/kementerian_lembaga.csv", "kementerian_lembaga",
		[]string{"kode_ba", "nama", "jenis", "aktif", "tahun_anggaran", "diganti_oleh", "catatan"}, CountKL,
		func(r []string) []any {
			return []any{r[0], r[1], r[2], r[3] == "ya", splitList(r[4]), splitList(r[5]), r[6]}
		}},
}

// Load fills the reference tables when they are empty, in one transaction. It is safe to run at every start:
// once loaded it only checks the counts. Reference rows are never edited by the portal, so a newer data set
// arrives as a migration.
func Load(ctx context.Context, pool *pgxpool.Pool) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		// Serialise concurrent first starts.
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext('refdata.Load'))"); err != nil {
			return fmt.Errorf("refdata: lock: %w", err)
		}
		for _, t := range tables {
			var n int
			if err := tx.QueryRow(ctx, "SELECT count(*) FROM "+t.name).Scan(&n); err != nil {
				return fmt.Errorf("refdata: count %s: %w", t.name, err)
			}
			if n == t.count {
				continue
			}
			if n != 0 {
				return fmt.Errorf("refdata: %s holds %d rows, want 0 or %d", t.name, n, t.count)
			}
			rows, err := readCSV(t)
			if err != nil {
				return err
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.columns, pgx.CopyFromRows(rows)); err != nil {
				return fmt.Errorf("refdata: copy %s: %w", t.name, err)
			}
		}
		return nil
	})
}

func readCSV(t table) ([][]any, error) {
	f, err := files.Open(t.file)
	if err != nil {
		return nil, fmt.Errorf("refdata: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = len(t.columns)
	if _, err := r.Read(); err != nil { // header
		return nil, fmt.Errorf("refdata: %s: header: %w", t.file, err)
	}
	rows := make([][]any, 0, t.count)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("refdata: %s: %w", t.file, err)
		}
		rows = append(rows, t.convert(rec))
	}
	if len(rows) != t.count {
		return nil, fmt.Errorf("refdata: %s has %d rows, want %d", t.file, len(rows), t.count)
	}
	return rows, nil
}
