package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
)

// The staff's list of akun registrations and handovers (Verifikasi Akun) in every state.

var pejabatList = listSQL{
	cols: `p.id, a.id, a.reference, a.kategori, a.instansi_nama, p.nama, p.is_handover, p.created_at, a.instansi_kode,
		p.unit_kerja, p.jabatan, p.username, p.state, a.state, p.decided_at, p.activated_at, p.ended_at, p.tanpa_pemegang`,
	from:  "pejabat p JOIN akun a ON a.id = p.akun_id",
	id:    "p.id",
	state: "p.state",
	def:   "diajukan",
	sorts: map[string]sortKey{
		"nomor":    {expr: "a.reference", typ: "text"},
		"instansi": {expr: "a.instansi_nama", typ: "text"},
		"diajukan": {expr: "p.created_at", typ: "timestamptz"},
	},
}

func scanPejabatItem(r pgx.Rows, tail ...any) (account.PejabatItem, error) {
	var it account.PejabatItem
	err := r.Scan(append([]any{&it.PejabatID, &it.AkunID, &it.Reference, &it.Kategori, &it.InstansiNama, &it.Nama, &it.IsHandover,
		&it.CreatedAt, &it.InstansiKode, &it.UnitKerja, &it.Jabatan, &it.Username, &it.State, &it.AkunState, &it.DecidedAt,
		&it.ActivatedAt, &it.EndedAt, &it.TanpaPemegang}, tail...)...)
	return it, err
}

func pejabatConds(f account.PejabatFilter) conds {
	var c conds
	if f.Q != "" {
		t := likeTerm(f.Q)
		// Each branch reads its own trigram index (migration 022).
		c.search(`p.id IN (SELECT id FROM pejabat WHERE nama ILIKE ? UNION SELECT id FROM pejabat WHERE username ILIKE ?
			UNION SELECT id FROM pejabat WHERE akun_id IN (SELECT id FROM akun WHERE instansi_nama ILIKE ? UNION SELECT id FROM akun WHERE reference ILIKE ?))`,
			t, t, t, t)
	}
	if f.Kategori != "" {
		c.add("a.kategori = ?", f.Kategori)
	}
	if f.Provinsi != "" {
		c.add("a.kategori <> 'pusat' AND left(a.instansi_kode, 2) = ?", f.Provinsi)
	}
	switch f.Jenis {
	case account.JenisPendaftaran:
		c.add("NOT p.is_handover")
	case account.JenisPenggantian:
		c.add("p.is_handover")
	}
	return c
}

func pejabatWithState(c conds, f account.PejabatFilter) conds {
	if f.State != "" {
		c = c.clone()
		c.add("p.state = ?", f.State)
	}
	return c
}

// ListPejabatStaff returns one page of registrations and handovers, with the count by state, in one round trip.
func (s *Store) ListPejabatStaff(ctx context.Context, f account.PejabatFilter, p Paging) (Page[account.PejabatItem], error) {
	c := pejabatConds(f)
	page, err := listPage(ctx, s.Pool, pejabatList, pejabatWithState(c, f), c, p, scanPejabatItem)
	if err != nil {
		return page, fmt.Errorf("store: list pejabat: %w", err)
	}
	var chosen []string
	if f.State != "" {
		chosen = []string{f.State}
	}
	page.Total = totalOf(page.ByState, chosen)
	return page, nil
}

// EachPejabatStaff streams every registration and handover of a filtered list, for the exports.
func (s *Store) EachPejabatStaff(ctx context.Context, f account.PejabatFilter, p Paging, fn func(account.PejabatItem) error) error {
	if err := listEach(ctx, s.Pool, pejabatList, pejabatWithState(pejabatConds(f), f), p, scanPejabatItem, fn); err != nil {
		return fmt.Errorf("store: export pejabat: %w", err)
	}
	return nil
}
