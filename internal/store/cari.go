package store

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/review"
)

// The search box on every staff page: one query finds, in each service the staff member works on, the
// newest few matches and how many there are, with the same matching as each service's list (so "Lihat
// semua" shows exactly what was counted).

// CariScope says which services a search covers: those the staff member may list.
type CariScope struct {
	Permohonan, Akun, Bimtek bool
	// Penggantian: Penggantian Operator (issue 13), for the verifikator teknis.
	Penggantian bool
	// Pengaduan, when set, is the viewer whose rules decide which reports are searched.
	Pengaduan *layanan.Viewer
}

// CariHit is one match.
type CariHit struct {
	ID                     int64
	Reference, Title, Hint string
	State                  string
	At                     time.Time
}

// CariResult is the matches of one service: the newest few and how many there are in all.
type CariResult struct {
	Total int
	Hits  []CariHit
}

// CariPerService is how many matches of each service the search page shows.
const CariPerService = 5

var placeholder = regexp.MustCompile(`\$(\d+)`)

// shift renumbers the placeholders of an SQL fragment built on its own, to follow off earlier parameters.
func shift(sql string, off int) string {
	return placeholder.ReplaceAllStringFunc(sql, func(m string) string {
		n, _ := strconv.Atoi(m[1:])
		return "$" + strconv.Itoa(n+off)
	})
}

// Cari searches every service in scope for q, in one query.
func (s *Store) Cari(ctx context.Context, q string, sc CariScope) (map[string]CariResult, error) {
	var parts []string
	var args []any
	branch := func(kind, cols, from string, c conds, order string) {
		parts = append(parts, fmt.Sprintf("(SELECT '%s', %s, count(*) OVER () FROM %s%s ORDER BY %s DESC LIMIT %d)",
			kind, shift(cols, len(args)), from, shift(c.where(), len(args)), order, CariPerService))
		args = append(args, c.args...)
	}
	if sc.Permohonan {
		branch("permohonan", "p.id, p.reference, a.instansi_nama, '', p.state, coalesce(p.submitted_at, p.created_at)",
			"permohonan p JOIN akun a ON a.id = p.akun_id", permohonanConds(review.ListFilter{Q: q}), "coalesce(p.submitted_at, p.created_at)")
	}
	if sc.Akun {
		branch("akun", "p.id, a.reference, a.instansi_nama, p.nama, p.state, p.created_at", pejabatList.from,
			pejabatConds(account.PejabatFilter{Q: q}), "p.created_at")
	}
	if sc.Bimtek {
		branch("bimtek", "b.id, b.reference, a.instansi_nama, '', b.state, coalesce(b.submitted_at, b.created_at)", bimtekList.countFrom,
			bimtekConds(layanan.BimtekFilter{Q: q}), "coalesce(b.submitted_at, b.created_at)")
	}
	if sc.Penggantian {
		branch("penggantian", "g.id, p.reference, a.instansi_nama, g.operator_nama, g.state, g.diajukan_at", penggantianList.countFrom,
			penggantianConds(PenggantianFilter{Q: q}), "g.diajukan_at")
	}
	if sc.Pengaduan != nil {
		branch("pengaduan", "g.id, g.reference, g.judul, '', g.state, g.updated_at", pengaduanList.countFrom,
			pengaduanConds(layanan.PengaduanFilter{Q: q}, *sc.Pengaduan, false), "g.updated_at")
	}
	out := map[string]CariResult{}
	if len(parts) == 0 {
		return out, nil
	}
	// Planned for this text each time (conds.search): a kept plan read every permohonan for a common name.
	rows, err := s.Pool.Query(ctx, strings.Join(parts, " UNION ALL "), append([]any{pgx.QueryExecModeExec}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: cari: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var h CariHit
		var total int
		if err := rows.Scan(&kind, &h.ID, &h.Reference, &h.Title, &h.Hint, &h.State, &h.At, &total); err != nil {
			return nil, fmt.Errorf("store: cari: %w", err)
		}
		r := out[kind]
		r.Total = total
		r.Hits = append(r.Hits, h)
		out[kind] = r
	}
	return out, rows.Err()
}
