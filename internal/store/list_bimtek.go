package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/layanan"
)

// The pengelola layanan's list of Fasilitasi Bimbingan Teknis requests in every submitted state.

var bimtekList = listSQL{
	cols:      bimtekColumns,
	from:      bimtekFrom[len(" FROM "):],
	countFrom: "bimtek b LEFT JOIN akun a ON a.id = b.akun_id",
	id:        "b.id",
	state:     "b.state",
	def:       "diajukan",
	sorts: map[string]sortKey{
		"nomor":    {expr: "coalesce(b.reference, '')", typ: "text"},
		"instansi": {expr: "a.instansi_nama", typ: "text"},
		"diajukan": {expr: "coalesce(b.submitted_at, b.created_at)", typ: "timestamptz"},
		// "Tanggal" shows the schedule once there is one, else the proposal: it sorts by what it shows.
		"usulan": {expr: "coalesce(b.jadwal_mulai, b.usulan_mulai)::timestamptz", typ: "timestamptz"},
	},
}

func scanBimtekItem(r pgx.Rows, tail ...any) (layanan.Bimtek, error) {
	return scanBimtek(tailRow{r, tail})
}

// tailRow lets a row scanner written for one row read the cursor columns a list adds after its own.
type tailRow struct {
	pgx.Row
	tail []any
}

func (t tailRow) Scan(dest ...any) error { return t.Row.Scan(append(dest, t.tail...)...) }

func bimtekConds(f layanan.BimtekFilter) conds {
	var c conds
	c.add("b.state <> 'draf'")
	if f.Q != "" {
		t := likeTerm(f.Q)
		c.search(`b.id IN (SELECT id FROM bimtek WHERE reference ILIKE ? UNION SELECT id FROM bimtek WHERE narahubung_nama ILIKE ?
			UNION SELECT id FROM bimtek WHERE akun_id IN (SELECT id FROM akun WHERE instansi_nama ILIKE ? UNION SELECT id FROM akun WHERE reference ILIKE ?))`,
			t, t, t, t)
	}
	if f.Kategori != "" {
		c.add("a.kategori = ?", f.Kategori)
	}
	if f.Provinsi != "" {
		c.add("a.kategori <> 'pusat' AND left(a.instansi_kode, 2) = ?", f.Provinsi)
	}
	if f.Mode != "" {
		c.add("coalesce(b.jadwal_mode, b.mode) = ?", f.Mode)
	}
	switch f.Jenis {
	case "pelatihan":
		c.add("b.pelatihan")
	case "konsultasi":
		c.add("b.konsultasi")
	}
	return c
}

func bimtekWithStates(c conds, f layanan.BimtekFilter) conds {
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, s := range f.States {
			states[i] = string(s)
		}
		c = c.clone()
		c.add("b.state = ANY(?)", states)
	}
	return c
}

// ListBimtekStaff returns one page of requests with the count by state, in one round trip.
func (s *Store) ListBimtekStaff(ctx context.Context, f layanan.BimtekFilter, p Paging) (Page[layanan.Bimtek], error) {
	c := bimtekConds(f)
	page, err := listPage(ctx, s.Pool, bimtekList, bimtekWithStates(c, f), c, p, scanBimtekItem)
	if err != nil {
		return page, fmt.Errorf("store: list bimtek: %w", err)
	}
	var chosen []string
	for _, st := range f.States {
		chosen = append(chosen, string(st))
	}
	page.Total = totalOf(page.ByState, chosen)
	return page, nil
}

// EachBimtekStaff streams every request of a filtered list, for the exports.
func (s *Store) EachBimtekStaff(ctx context.Context, f layanan.BimtekFilter, p Paging, fn func(layanan.Bimtek) error) error {
	if err := listEach(ctx, s.Pool, bimtekList, bimtekWithStates(bimtekConds(f), f), p, scanBimtekItem, fn); err != nil {
		return fmt.Errorf("store: export bimtek: %w", err)
	}
	return nil
}
