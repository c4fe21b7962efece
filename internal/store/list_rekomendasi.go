package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/review"
)

// A direktur pengampu's requests for a rekomendasi, paged: waiting ones (the default) or answered ones.

const (
	rekomendasiCols = `r.id, r.permohonan_id, p.reference, a.instansi_nama, r.direktur_id, st.nama, r.question,
		coalesce(r.answer, ''), r.requested_at, r.answered_at`
	rekomendasiFrom = `rekomendasi r JOIN permohonan p ON p.id = r.permohonan_id JOIN akun a ON a.id = p.akun_id
		JOIN staff st ON st.id = r.direktur_id`
)

var rekomendasiList = listSQL{
	cols:      rekomendasiCols,
	from:      rekomendasiFrom,
	countFrom: "rekomendasi r JOIN permohonan p ON p.id = r.permohonan_id LEFT JOIN akun a ON a.id = p.akun_id",
	id:        "r.id",
	state:     "CASE WHEN r.answered_at IS NULL THEN 'menunggu' ELSE 'dijawab' END",
	def:       "diminta",
	sorts:     map[string]sortKey{"diminta": {expr: "r.requested_at", typ: "timestamptz"}, "nomor": {expr: "p.reference", typ: "text"}},
}

// RekomendasiFilter narrows a director's list: Q finds by nomor or instansi; Answered keeps the answered
// ones instead of those waiting.
type RekomendasiFilter struct {
	DirekturID int64
	Q          string
	Answered   bool
}

func scanRekomendasi(r pgx.Rows, tail ...any) (review.Rekomendasi, error) {
	var k review.Rekomendasi
	err := r.Scan(append([]any{&k.ID, &k.PermohonanID, &k.Reference, &k.InstansiNama, &k.DirekturID, &k.DirekturNama, &k.Question,
		&k.Answer, &k.RequestedAt, &k.AnsweredAt}, tail...)...)
	return k, err
}

func rekomendasiShown(f RekomendasiFilter) (shown, counted conds, state string) {
	var c conds
	c.add("r.direktur_id = ?", f.DirekturID)
	if f.Q != "" {
		t := likeTerm(f.Q)
		c.search("(p.reference ILIKE ? OR a.instansi_nama ILIKE ?)", t, t)
	}
	shown = c.clone()
	state = "menunggu"
	if f.Answered {
		state = "dijawab"
		shown.add("r.answered_at IS NOT NULL")
	} else {
		shown.add("r.answered_at IS NULL")
	}
	return shown, c, state
}

// EachRekomendasiStaff streams a director's filtered requests for their download.
func (s *Store) EachRekomendasiStaff(ctx context.Context, f RekomendasiFilter, p Paging, fn func(review.Rekomendasi) error) error {
	shown, _, _ := rekomendasiShown(f)
	if err := listEach(ctx, s.Pool, rekomendasiList, shown, p, scanRekomendasi, fn); err != nil {
		return fmt.Errorf("store: export rekomendasi: %w", err)
	}
	return nil
}

// ListRekomendasiStaff returns one page of a director's requests with the count of waiting and answered
// ones, in two queries.
func (s *Store) ListRekomendasiStaff(ctx context.Context, f RekomendasiFilter, p Paging) (Page[review.Rekomendasi], error) {
	shown, c, state := rekomendasiShown(f)
	page, err := listPage(ctx, s.Pool, rekomendasiList, shown, c, p, scanRekomendasi)
	if err != nil {
		return page, fmt.Errorf("store: list rekomendasi: %w", err)
	}
	page.Total = page.ByState[state]
	return page, nil
}
