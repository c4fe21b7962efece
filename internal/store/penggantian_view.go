package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/request"
)

// Reading Penggantian Operator for pages.

const penggantianColumns = `g.id, g.permohonan_id, p.reference, a.instansi_nama, g.state, g.operator_nama, g.operator_jabatan, g.operator_nip,
	g.operator_email, g.operator_phone, g.sk_document_id, coalesce(g.peserta_id, 0), g.catatan, g.diajukan_at, g.diputuskan_at,
	coalesce(g.catatan_verifikator, '')`

const penggantianFrom = ` FROM penggantian_operator g JOIN permohonan p ON p.id = g.permohonan_id JOIN akun a ON a.id = p.akun_id`

func (s *Store) listPenggantian(ctx context.Context, where string, args ...any) ([]request.Penggantian, error) {
	rows, err := s.Pool.Query(ctx, "SELECT "+penggantianColumns+penggantianFrom+" WHERE "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: penggantian: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (request.Penggantian, error) { return scanPenggantian(r) })
	if err != nil {
		return nil, fmt.Errorf("store: penggantian: %w", err)
	}
	return list, s.addPenggantianRows(ctx, list)
}

func scanPenggantian(r pgx.Row, tail ...any) (request.Penggantian, error) {
	var g request.Penggantian
	o := &g.Operator
	err := r.Scan(append([]any{&g.ID, &g.PermohonanID, &g.Reference, &g.InstansiNama, &g.State, &o.Nama, &o.Jabatan, &o.NIP, &o.Email, &o.Phone,
		&g.SKDocumentID, &g.PesertaID, &g.Catatan, &g.DiajukanAt, &g.DiputuskanAt, &g.CatatanVerif}, tail...)...)
	return g, err
}

// addPenggantianRows reads the rows each request names, for all of list in one query.
func (s *Store) addPenggantianRows(ctx context.Context, list []request.Penggantian) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]int64, len(list))
	at := map[int64]int{}
	for i, g := range list {
		ids[i], at[g.ID] = g.ID, i
	}
	rows, err := s.Pool.Query(ctx, `SELECT b.penggantian_id, b.row_id, r.pengguna, b.lama_nama, b.lama_jabatan, b.lama_nip, b.lama_email, b.lama_phone,
			b.akun_lama_id, coalesce(b.akun_baru_id, 0), coalesce(n.username, ''), coalesce(n.state = 'aktif', false)
		FROM penggantian_operator_baris b JOIN permohonan_rows r ON r.id = b.row_id LEFT JOIN akses_akun n ON n.id = b.akun_baru_id
		WHERE b.penggantian_id = ANY($1) ORDER BY b.row_id`, ids)
	if err != nil {
		return fmt.Errorf("store: penggantian rows: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var gid int64
		var b request.PenggantianRow
		l := &b.Lama
		if err := rows.Scan(&gid, &b.RowID, &b.Pengguna, &l.Nama, &l.Jabatan, &l.NIP, &l.Email, &l.Phone, &b.AkunLamaID, &b.AkunBaruID,
			&b.AkunBaruUser, &b.AkunBaruOK); err != nil {
			return fmt.Errorf("store: penggantian rows: %w", err)
		}
		g := &list[at[gid]]
		g.Rows = append(g.Rows, b)
	}
	return rows.Err()
}

// ListPenggantian returns a permohonan's Penggantian Operator, newest first.
func (s *Store) ListPenggantian(ctx context.Context, permohonanID int64) ([]request.Penggantian, error) {
	return s.listPenggantian(ctx, "g.permohonan_id = $1 ORDER BY g.id DESC", permohonanID)
}

// FindPenggantian returns one request; ErrNotFound when there is none.
func (s *Store) FindPenggantian(ctx context.Context, id int64) (request.Penggantian, error) {
	list, err := s.listPenggantian(ctx, "g.id = $1", id)
	if err != nil {
		return request.Penggantian{}, err
	}
	if len(list) == 0 {
		return request.Penggantian{}, ErrNotFound
	}
	return list[0], nil
}
