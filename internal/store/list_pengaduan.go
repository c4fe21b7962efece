package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/layanan"
)

// The staff's list of reports (Kelola Pengaduan) in every state, and its export. Which reports a viewer may
// list at all is layanan.Viewer's rule: a Rahasia report appears in the handlers' list only, and once taken
// up in its handler's only; an export never holds one. An Anonim reporter is never read, searched or shown.

var pengaduanList = listSQL{
	cols: `g.id, g.reference, g.judul, g.kategori, g.state, g.anonim, g.rahasia, coalesce(st.nama, ''), g.created_at, g.updated_at,
		g.lokasi, r.identity_enc, r.key_id`,
	from: `pengaduan g JOIN pengaduan_pelapor r ON r.pengaduan_id = g.id LEFT JOIN staff st ON st.id = g.handler_id
		LEFT JOIN akun a ON a.id = r.akun_id AND NOT g.anonim`,
	countFrom: `pengaduan g JOIN pengaduan_pelapor r ON r.pengaduan_id = g.id LEFT JOIN akun a ON a.id = r.akun_id AND NOT g.anonim`,
	id:        "g.id",
	state:     "g.state",
	def:       "diperbarui",
	sorts: map[string]sortKey{
		"nomor":      {expr: "g.reference", typ: "text"},
		"dibuat":     {expr: "g.created_at", typ: "timestamptz"},
		"diperbarui": {expr: "g.updated_at", typ: "timestamptz"},
	},
}

// pengaduanRow is a list row with what the export adds.
type pengaduanRow struct {
	layanan.PengaduanItem
	Lokasi  string
	Pelapor layanan.Pelapor
}

func (s *Store) scanPengaduanRow(r pgx.Rows, tail ...any) (pengaduanRow, error) {
	var it pengaduanRow
	var kat, keyID string
	var enc []byte
	err := r.Scan(append([]any{&it.ID, &it.Reference, &it.Judul, &kat, &it.State, &it.Anonim, &it.Rahasia, &it.HandlerNama,
		&it.CreatedAt, &it.UpdatedAt, &it.Lokasi, &enc, &keyID}, tail...)...)
	if err != nil {
		return it, err
	}
	it.Kategori = layanan.Kategori(kat)
	if !it.Anonim {
		if it.Pelapor, err = s.openPelapor(it.ID, keyID, enc); err != nil {
			return it, err
		}
		it.Nama, it.Instansi = it.Pelapor.Nama, it.Pelapor.Instansi
	}
	return it, nil
}

// noActiveHandler holds for a report (g) nobody active handles: never taken up, or its handler has left.
const noActiveHandler = "NOT EXISTS (SELECT 1 FROM staff h WHERE h.id = g.handler_id AND h.active)"

func pengaduanConds(f layanan.PengaduanFilter, v layanan.Viewer, export bool) conds {
	var c conds
	if v.ListsRahasia() && !export {
		c.add("(NOT g.rahasia OR g.handler_id = ? OR "+noActiveHandler+")", v.StaffID)
	} else {
		c.add("NOT g.rahasia")
	}
	if f.Q != "" {
		t := likeTerm(f.Q)
		// The instansi of the sending account is searched only for reports that are not Anonim.
		c.search(`g.id IN (SELECT id FROM pengaduan WHERE reference ILIKE ? UNION SELECT id FROM pengaduan WHERE judul ILIKE ?
			UNION SELECT r.pengaduan_id FROM pengaduan_pelapor r JOIN pengaduan x ON x.id = r.pengaduan_id AND NOT x.anonim
				WHERE r.akun_id IN (SELECT id FROM akun WHERE instansi_nama ILIKE ?))`, t, t, t)
	}
	if f.Kategori != "" {
		c.add("g.kategori = ?", string(f.Kategori))
	}
	if f.Mine != 0 {
		c.add("g.handler_id = ?", f.Mine)
	}
	return c
}

func pengaduanWithStates(c conds, f layanan.PengaduanFilter) conds {
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, s := range f.States {
			states[i] = string(s)
		}
		c = c.clone()
		c.add("g.state = ANY(?)", states)
	}
	return c
}

// ListPengaduanStaff returns one page of the reports v may list, with the count by state, in one round trip.
func (s *Store) ListPengaduanStaff(ctx context.Context, f layanan.PengaduanFilter, v layanan.Viewer, p Paging) (Page[layanan.PengaduanItem], error) {
	c := pengaduanConds(f, v, false)
	rows, err := listPage(ctx, s.Pool, pengaduanList, pengaduanWithStates(c, f), c, p, s.scanPengaduanRow)
	page := Page[layanan.PengaduanItem]{Next: rows.Next, Prev: rows.Prev, Sort: rows.Sort, Desc: rows.Desc, ByState: rows.ByState}
	if err != nil {
		return page, fmt.Errorf("store: list pengaduan: %w", err)
	}
	for _, it := range rows.Items {
		page.Items = append(page.Items, it.PengaduanItem)
	}
	var chosen []string
	for _, st := range f.States {
		chosen = append(chosen, string(st))
	}
	page.Total = totalOf(page.ByState, chosen)
	return page, nil
}

// PengaduanExportRow is one report in the export: never a Rahasia one; an Anonim reporter's fields empty.
type PengaduanExportRow struct {
	layanan.PengaduanItem
	Lokasi         string
	Jabatan, Email string
}

// EachPengaduanExport streams the reports of a filtered list for the export, Rahasia ones left out.
func (s *Store) EachPengaduanExport(ctx context.Context, f layanan.PengaduanFilter, v layanan.Viewer, p Paging, fn func(PengaduanExportRow) error) error {
	err := listEach(ctx, s.Pool, pengaduanList, pengaduanWithStates(pengaduanConds(f, v, true), f), p, s.scanPengaduanRow,
		func(it pengaduanRow) error {
			return fn(PengaduanExportRow{PengaduanItem: it.PengaduanItem, Lokasi: it.Lokasi, Jabatan: it.Pelapor.Jabatan})
		})
	if err != nil {
		return fmt.Errorf("store: export pengaduan: %w", err)
	}
	return nil
}
