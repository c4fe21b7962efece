package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/request"
)

func (s *Store) listWilayah(ctx context.Context, what, q string, args ...any) ([]request.Wilayah, error) {
	rows, err := s.Pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list %s: %w", what, err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[request.Wilayah])
	if err != nil {
		return nil, fmt.Errorf("store: list %s: %w", what, err)
	}
	return list, nil
}

// ListProvinsi returns the 38 provinces by code.
func (s *Store) ListProvinsi(ctx context.Context) ([]request.Wilayah, error) {
	return s.listWilayah(ctx, "provinsi", "SELECT kode, nama FROM provinsi ORDER BY kode")
}

// ListKabupatenKota returns the kab/kota of a province, or all of them when provinsi is empty.
func (s *Store) ListKabupatenKota(ctx context.Context, provinsi string) ([]request.Wilayah, error) {
	return s.listWilayah(ctx, "kabupaten/kota",
		"SELECT kode, nama FROM kabupaten_kota WHERE $1 = '' OR kode_provinsi = $1 ORDER BY kode", provinsi)
}

// ListKecamatan returns the kecamatan of a kab/kota.
func (s *Store) ListKecamatan(ctx context.Context, kabupatenKota string) ([]request.Wilayah, error) {
	return s.listWilayah(ctx, "kecamatan",
		"SELECT kode, nama FROM kecamatan WHERE kode_kabupaten_kota = $1 ORDER BY kode", kabupatenKota)
}

// ListDesaKelurahan returns the desa/kelurahan of a kecamatan.
func (s *Store) ListDesaKelurahan(ctx context.Context, kecamatan string) ([]request.Wilayah, error) {
	return s.listWilayah(ctx, "desa/kelurahan",
		"SELECT kode, nama FROM desa_kelurahan WHERE kode_kecamatan = $1 ORDER BY kode", kecamatan)
}

// ListKL returns the kementerian/lembaga that can be pemohon today (active in the current budget), by name.
func (s *Store) ListKL(ctx context.Context) ([]request.KL, error) {
	rows, err := s.Pool.Query(ctx, "SELECT kode_ba, nama FROM kementerian_lembaga WHERE aktif ORDER BY nama")
	if err != nil {
		return nil, fmt.Errorf("store: list K/L: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[request.KL])
	if err != nil {
		return nil, fmt.Errorf("store: list K/L: %w", err)
	}
	return list, nil
}

// FindWilayahPath resolves a code of any level (2, 5, 8 or 13 characters in dotted form) into its names.
// It returns ErrNotFound for an unknown code.
func (s *Store) FindWilayahPath(ctx context.Context, kode string) (request.WilayahPath, error) {
	var p request.WilayahPath
	err := s.Pool.QueryRow(ctx, `
		SELECT p.kode, p.nama,
		       coalesce(k.kode, ''), coalesce(k.nama, ''),
		       coalesce(c.kode, ''), coalesce(c.nama, ''),
		       coalesce(d.kode, ''), coalesce(d.nama, '')
		FROM provinsi p
		LEFT JOIN kabupaten_kota k ON length($1) >= 5 AND k.kode = left($1, 5)
		LEFT JOIN kecamatan c ON length($1) >= 8 AND c.kode = left($1, 8)
		LEFT JOIN desa_kelurahan d ON length($1) = 13 AND d.kode = $1
		WHERE p.kode = left($1, 2)`, kode).Scan(
		&p.Provinsi.Kode, &p.Provinsi.Nama, &p.KabupatenKota.Kode, &p.KabupatenKota.Nama,
		&p.Kecamatan.Kode, &p.Kecamatan.Nama, &p.DesaKelurahan.Kode, &p.DesaKelurahan.Nama)
	if err == pgx.ErrNoRows {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: find wilayah: %w", err)
	}
	// A code whose lower levels do not exist is unknown, not a shorter path.
	switch {
	case len(kode) >= 5 && p.KabupatenKota.Kode == "",
		len(kode) >= 8 && p.Kecamatan.Kode == "",
		len(kode) == 13 && p.DesaKelurahan.Kode == "",
		len(kode) != 2 && len(kode) != 5 && len(kode) != 8 && len(kode) != 13:
		return request.WilayahPath{}, ErrNotFound
	}
	return p, nil
}

// WilayahNames resolves codes of any level in one query: "32" Jawa Barat, "32.73" Kota Bandung,
// "32.73.01.1001" the desa with its kecamatan and kab/kota. "nasional" is Nasional; unknown codes are left out.
func (s *Store) WilayahNames(ctx context.Context, codes []string) (map[string]string, error) {
	return wilayahNames(ctx, s.Pool, codes)
}

func wilayahNames(ctx context.Context, db q, codes []string) (map[string]string, error) {
	if len(codes) == 0 {
		return map[string]string{"nasional": "Nasional"}, nil
	}
	return queryRead(ctx, db, readWilayahNames, wilayahNamesSQL, codes)
}

// WilayahNames reads the names of wilayah codes (Store.WilayahNames) into out.
func (r *Reads) WilayahNames(codes []string, out *map[string]string) {
	if len(codes) == 0 {
		*out = map[string]string{"nasional": "Nasional"}
		return
	}
	queueRead(&r.b, out, readWilayahNames, wilayahNamesSQL, codes)
}

const wilayahNamesSQL = `
		SELECT kode, nama FROM provinsi WHERE kode = ANY($1)
		UNION ALL SELECT k.kode, k.nama || ', ' || p.nama FROM kabupaten_kota k JOIN provinsi p ON p.kode = k.kode_provinsi WHERE k.kode = ANY($1)
		UNION ALL SELECT c.kode, 'Kecamatan ' || c.nama || ', ' || k.nama FROM kecamatan c JOIN kabupaten_kota k ON k.kode = c.kode_kabupaten_kota WHERE c.kode = ANY($1)
		UNION ALL SELECT d.kode, initcap(replace(d.jenis, '_', ' ')) || ' ' || d.nama || ', Kecamatan ' || c.nama || ', ' || k.nama
			FROM desa_kelurahan d JOIN kecamatan c ON c.kode = d.kode_kecamatan JOIN kabupaten_kota k ON k.kode = c.kode_kabupaten_kota
			WHERE d.kode = ANY($1)`

func readWilayahNames(rows pgx.Rows) (map[string]string, error) {
	defer rows.Close()
	out := map[string]string{"nasional": "Nasional"}
	for rows.Next() {
		var k, n string
		if err := rows.Scan(&k, &n); err != nil {
			return nil, fmt.Errorf("store: wilayah names: %w", err)
		}
		out[k] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: wilayah names: %w", err)
	}
	return out, nil
}
