package store

import (
	"context"
	"fmt"
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/review"
)

// ServiceTimes computes the public statistics of the service's times from the timeline: per stage the stays
// that ended, their median and 90th percentile in days and, for a review stage, how many ended within its
// service level (s.SLA); the permohonan decided within the review's whole service level; and the counts of the
// last twelve months up to now.
func (s *Store) ServiceTimes(ctx context.Context, now time.Time) (review.WaktuStats, error) {
	w := review.WaktuStats{}
	states, slas := make([]string, len(review.Tahapan)), make([]int, len(review.Tahapan))
	for i, t := range review.Tahapan {
		states[i], slas[i] = string(t.State), s.SLA[t.Review]
	}
	rows, err := s.Pool.Query(ctx, `
		WITH stays AS (
			SELECT to_state AS state, at AS mulai, lead(at) OVER (PARTITION BY permohonan_id ORDER BY id) AS selesai
			FROM permohonan_events WHERE from_state <> to_state),
		days AS (
			SELECT s.state, extract(epoch FROM s.selesai - s.mulai) / 86400 AS d, t.sla
			FROM stays s JOIN unnest($1::text[], $2::int[]) AS t(state, sla) ON t.state = s.state
			WHERE s.selesai IS NOT NULL)
		SELECT state, count(*)::int, percentile_cont(0.5) WITHIN GROUP (ORDER BY d), percentile_cont(0.9) WITHIN GROUP (ORDER BY d),
			count(*) FILTER (WHERE sla > 0 AND d <= sla)::int
		FROM days GROUP BY state`, states, slas)
	if err != nil {
		return w, fmt.Errorf("store: service times: %w", err)
	}
	got := map[string]review.TahapStats{}
	for rows.Next() {
		var t review.TahapStats
		var state string
		if err := rows.Scan(&state, &t.N, &t.Median, &t.P90, &t.DalamTenggat); err != nil {
			rows.Close()
			return w, fmt.Errorf("store: service times: %w", err)
		}
		got[state] = t
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return w, fmt.Errorf("store: service times: %w", err)
	}
	for i, tahap := range review.Tahapan {
		t := got[string(tahap.State)]
		t.Tahap, t.SLADays = tahap, slas[i]
		w.Tahap = append(w.Tahap, t)
	}

	// Decided within the service level: the time in the three review states, every round, of each permohonan
	// that has a decision.
	err = s.Pool.QueryRow(ctx, `
		WITH stays AS (
			SELECT permohonan_id, to_state AS state, at AS mulai, lead(at) OVER (PARTITION BY permohonan_id ORDER BY id) AS selesai
			FROM permohonan_events WHERE from_state <> to_state),
		decided AS (
			SELECT DISTINCT permohonan_id FROM permohonan_events WHERE event IN ('setujui', 'tolak')),
		review AS (
			SELECT d.permohonan_id, coalesce(sum(extract(epoch FROM s.selesai - s.mulai)) / 86400, 0) AS days
			FROM decided d LEFT JOIN stays s ON s.permohonan_id = d.permohonan_id AND s.selesai IS NOT NULL
				AND s.state IN ('diajukan', 'terverifikasi_teknis', 'menunggu_keputusan')
			GROUP BY d.permohonan_id)
		SELECT count(*)::int, count(*) FILTER (WHERE days <= $1)::int FROM review`, s.SLA[review.Teknis]+s.SLA[review.Substansi]+s.SLA[review.Keputusan]).
		Scan(&w.Decided, &w.DecidedInSLA)
	if err != nil {
		return w, fmt.Errorf("store: decided within the service level: %w", err)
	}
	w.SLATotal = s.SLA[review.Teknis] + s.SLA[review.Substansi] + s.SLA[review.Keputusan]

	// The last twelve months, the current one last.
	first := indo.Today(now).AddDate(0, 0, 1-indo.Today(now).Day()).AddDate(0, -11, 0)
	rows, err = s.Pool.Query(ctx, `
		SELECT m::date,
			count(*) FILTER (WHERE e.event = 'ajukan')::int, count(*) FILTER (WHERE e.event = 'setujui')::int,
			count(*) FILTER (WHERE e.event = 'tolak')::int, count(*) FILTER (WHERE e.event = 'berikan_akses')::int
		FROM generate_series($1::date, $1::date + interval '11 months', interval '1 month') m
		LEFT JOIN permohonan_events e ON e.event IN ('ajukan', 'setujui', 'tolak', 'berikan_akses')
			AND date_trunc('month', e.at AT TIME ZONE 'Asia/Jakarta') = m
		GROUP BY m ORDER BY m`, first.Format(time.DateOnly))
	if err != nil {
		return w, fmt.Errorf("store: monthly counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var b review.BulanStats
		if err := rows.Scan(&b.Bulan, &b.Diajukan, &b.Disetujui, &b.Ditolak, &b.Diberikan); err != nil {
			return w, fmt.Errorf("store: monthly counts: %w", err)
		}
		w.Bulan = append(w.Bulan, b)
	}
	return w, rows.Err()
}
