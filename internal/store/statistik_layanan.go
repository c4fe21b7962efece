package store

import (
	"context"
	"fmt"

	"github.com/bappenas/portal-regsosek/internal/review"
)

// ServiceStatistics computes the public statistics of the service.
func (s *Store) ServiceStatistics(ctx context.Context) (review.ServiceStats, error) {
	st := review.ServiceStats{PerProvinsi: map[string]review.PemdaCount{}}
	err := s.Pool.QueryRow(ctx, `
		WITH pengguna AS (
			SELECT a.kategori, a.instansi_kode FROM akun a
			WHERE a.state = 'aktif' AND EXISTS (
				SELECT 1 FROM permohonan p WHERE p.akun_id = a.id AND p.state = 'akses_diberikan'))
		SELECT
			(SELECT count(*) FROM pengguna WHERE kategori = 'pusat')::int,
			(SELECT count(*) FROM pengguna WHERE kategori = 'provinsi')::int,
			(SELECT count(*) FROM pengguna WHERE kategori = 'kabupaten_kota')::int,
			(SELECT count(*) FROM akun WHERE state = 'aktif' AND kategori = 'pusat')::int,
			(SELECT count(*) FROM akun WHERE state = 'aktif' AND kategori = 'provinsi')::int,
			(SELECT count(*) FROM akun WHERE state = 'aktif' AND kategori = 'kabupaten_kota')::int,
			(SELECT count(*) FROM kementerian_lembaga WHERE aktif)::int,
			(SELECT count(*) FROM provinsi)::int,
			(SELECT count(*) FROM kabupaten_kota)::int`).Scan(
		&st.PenggunaKL, &st.PenggunaProvinsi, &st.PenggunaKabKota, &st.AkunKL, &st.AkunProvinsi, &st.AkunKabKota,
		&st.TotalKL, &st.TotalProvinsi, &st.TotalKabKota)
	if err != nil {
		return st, fmt.Errorf("store: service statistics: %w", err)
	}
	rows, err := s.Pool.Query(ctx, `
		SELECT pr.kode,
			(SELECT count(*) FROM akun a WHERE a.state = 'aktif' AND a.kategori IN ('provinsi', 'kabupaten_kota')
				AND left(a.instansi_kode, 2) = pr.kode
				AND EXISTS (SELECT 1 FROM permohonan p WHERE p.akun_id = a.id AND p.state = 'akses_diberikan'))::int,
			1 + (SELECT count(*) FROM kabupaten_kota k WHERE k.kode_provinsi = pr.kode)::int
		FROM provinsi pr ORDER BY pr.kode`)
	if err != nil {
		return st, fmt.Errorf("store: service statistics per province: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kode string
		var c review.PemdaCount
		if err := rows.Scan(&kode, &c.Pengguna, &c.Total); err != nil {
			return st, fmt.Errorf("store: service statistics per province: %w", err)
		}
		st.PerProvinsi[kode] = c
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("store: service statistics per province: %w", err)
	}
	// The decision is the first move to disetujui or ditolak on the timeline (or decided_at where set).
	err = s.Pool.QueryRow(ctx, `
		SELECT count(*)::int, coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY days), 0)
		FROM (SELECT extract(epoch FROM coalesce(p.decided_at,
				(SELECT min(e.at) FROM permohonan_events e WHERE e.permohonan_id = p.id AND e.to_state IN ('disetujui', 'ditolak')))
				- p.submitted_at) / 86400 AS days
			FROM permohonan p WHERE p.submitted_at IS NOT NULL) d
		WHERE days IS NOT NULL`).Scan(&st.Decisions, &st.MedianDays)
	if err != nil {
		return st, fmt.Errorf("store: median days to decision: %w", err)
	}
	return st, nil
}
