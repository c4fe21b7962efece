package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/request"
)

// Penggantian Operator (issue 13) as a staff list (issue 15): every request in every state, searched by
// nomor permohonan, instansi or the operator's name, counted by state, sorted and paged as every staff list.

var penggantianList = listSQL{
	cols:      penggantianColumns,
	from:      "penggantian_operator g JOIN permohonan p ON p.id = g.permohonan_id JOIN akun a ON a.id = p.akun_id",
	countFrom: "penggantian_operator g JOIN permohonan p ON p.id = g.permohonan_id JOIN akun a ON a.id = p.akun_id",
	id:        "g.id",
	state:     "g.state",
	def:       "diajukan",
	sorts: map[string]sortKey{
		"diajukan": {expr: "g.diajukan_at", typ: "timestamptz"},
		"nomor":    {expr: "p.reference", typ: "text"},
		"instansi": {expr: "a.instansi_nama", typ: "text"},
	},
}

// PenggantianFilter narrows the list: Q finds by nomor, instansi or operator; State keeps one state ("" all).
type PenggantianFilter struct {
	Q     string
	State string
}

func penggantianConds(f PenggantianFilter) conds {
	var c conds
	if f.Q != "" {
		t := likeTerm(f.Q)
		c.search("(p.reference ILIKE ? OR a.instansi_nama ILIKE ? OR g.operator_nama ILIKE ?)", t, t, t)
	}
	return c
}

func penggantianShown(c conds, f PenggantianFilter) conds {
	if f.State != "" {
		c = c.clone()
		c.add("g.state = ?", f.State)
	}
	return c
}

func scanPenggantianItem(r pgx.Rows, tail ...any) (request.Penggantian, error) {
	return scanPenggantian(r, tail...)
}

// ListPenggantianStaff returns one page with the counts by state in one round trip, then the rows the page's
// requests name in one more query: the number of queries does not grow with the rows.
func (s *Store) ListPenggantianStaff(ctx context.Context, f PenggantianFilter, p Paging) (Page[request.Penggantian], error) {
	c := penggantianConds(f)
	page, err := listPage(ctx, s.Pool, penggantianList, penggantianShown(c, f), c, p, scanPenggantianItem)
	if err != nil {
		return page, fmt.Errorf("store: list penggantian: %w", err)
	}
	var chosen []string
	if f.State != "" {
		chosen = []string{f.State}
	}
	page.Total = totalOf(page.ByState, chosen)
	return page, s.addPenggantianRows(ctx, page.Items)
}

// EachPenggantianStaff streams the filtered list for its download (the rows named are not included: one
// line per request).
func (s *Store) EachPenggantianStaff(ctx context.Context, f PenggantianFilter, p Paging, fn func(request.Penggantian) error) error {
	if err := listEach(ctx, s.Pool, penggantianList, penggantianShown(penggantianConds(f), f), p, scanPenggantianItem, fn); err != nil {
		return fmt.Errorf("store: export penggantian: %w", err)
	}
	return nil
}
