package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/api"
	"github.com/bappenas/portal-regsosek/internal/request"
)

// What the keyed API endpoints read. akunID limits each to one instansi (a key issued to a K/L or Pemda
// system); 0 reads every instansi (Sepakat's key).

// Entitlements returns the entitlements in force after the account id `after`, at most limit of them: each
// active Sepakat account of a permohonan whose access is in force, with its instansi, operator account, tier,
// wilayah and end. now decides "in force": an account past its end is left out even before its expiry job
// runs.
func (s *Store) Entitlements(ctx context.Context, akunID, after int64, limit int, now time.Time) ([]api.HakAkses, error) {
	rows, err := s.Pool.Query(ctx, `SELECT k.id, a.instansi_nama, a.kategori, a.instansi_kode, p.reference, r.pengguna, k.username, k.jenis_data,
			k.wilayah, coalesce(wilayah_nama(k.wilayah), k.wilayah), k.berlaku_sampai
		FROM akses_akun k JOIN permohonan p ON p.id = k.permohonan_id JOIN akun a ON a.id = p.akun_id JOIN permohonan_rows r ON r.id = k.row_id
		WHERE k.state = 'aktif' AND p.state = 'akses_diberikan' AND k.berlaku_sampai >= ($4::timestamptz AT TIME ZONE 'Asia/Jakarta')::date
			AND ($1 = 0 OR p.akun_id = $1) AND k.id > $2
		ORDER BY k.id LIMIT $3`, akunID, after, limit, now)
	if err != nil {
		return nil, fmt.Errorf("store: entitlements: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (api.HakAkses, error) {
		var h api.HakAkses
		var until time.Time
		err := row.Scan(&h.ID, &h.Instansi.Nama, &h.Instansi.Kategori, &h.Instansi.Kode, &h.Permohonan, &h.Pengguna, &h.AkunOperator, &h.JenisData,
			&h.Wilayah.Kode, &h.Wilayah.Nama, &until)
		h.Tingkat, h.BerlakuSampai = request.Tier(h.JenisData), until.Format(time.DateOnly)
		return h, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: entitlements: %w", err)
	}
	return list, nil
}

// PermohonanStatus returns the state of the permohonan numbered nomor, with each row's decision and
// account. ErrNotFound for an unknown one, a draft (the pemohon has not sent it), or another instansi's.
func (s *Store) PermohonanStatus(ctx context.Context, nomor string, akunID int64) (api.StatusPermohonan, error) {
	var st api.StatusPermohonan
	var id int64
	var state string
	var until *time.Time
	err := s.Pool.QueryRow(ctx, `SELECT p.id, p.reference, a.instansi_nama, a.kategori, a.instansi_kode, p.state, p.submitted_at, p.decided_at,
			p.akses_diberikan_at, CASE WHEN p.state = 'akses_diberikan' THEN p.akses_berakhir END
		FROM permohonan p JOIN akun a ON a.id = p.akun_id
		WHERE p.reference = $1 AND p.state <> 'draft' AND ($2 = 0 OR p.akun_id = $2)`, nomor, akunID).
		Scan(&id, &st.Nomor, &st.Instansi.Nama, &st.Instansi.Kategori, &st.Instansi.Kode, &state, &st.Diajukan, &st.Diputuskan, &st.AksesDiberikan, &until)
	if errors.Is(err, pgx.ErrNoRows) {
		return st, ErrNotFound
	}
	if err != nil {
		return st, fmt.Errorf("store: permohonan status: %w", err)
	}
	rs := request.State(state)
	st.Status, st.StatusLabel = state, rs.Label()
	st.Tahap, st.TahapLabel = rs.Tahap()
	if until != nil {
		d := until.Format(time.DateOnly)
		st.BerlakuSampai = &d
	}
	rows, err := s.Pool.Query(ctx, `SELECT r.pengguna, r.jenis_data, r.media, w.kode, coalesce(wilayah_nama(w.kode), w.kode), d.decision, d.jenis_data,
			k.username, k.state, k.berlaku_sampai
		FROM permohonan_rows r JOIN permohonan p ON p.id = r.permohonan_id
		CROSS JOIN LATERAL (SELECT CASE WHEN r.pengguna_jenis = 'desa' AND r.pengguna_wilayah <> '' THEN r.pengguna_wilayah ELSE p.cakupan_wilayah END AS kode) w
		LEFT JOIN row_decisions d ON d.row_id = r.id AND d.permohonan_id = r.permohonan_id
		LEFT JOIN LATERAL (SELECT username, state, berlaku_sampai FROM akses_akun WHERE row_id = r.id ORDER BY id DESC LIMIT 1) k ON true
		WHERE r.permohonan_id = $1 ORDER BY r.id`, id)
	if err != nil {
		return st, fmt.Errorf("store: permohonan status rows: %w", err)
	}
	st.Baris, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (api.BarisStatus, error) {
		var b api.BarisStatus
		var until *time.Time
		err := row.Scan(&b.Pengguna, &b.JenisData, &b.Media, &b.Wilayah.Kode, &b.Wilayah.Nama, &b.Keputusan, &b.JenisDataDisetujui, &b.AkunOperator, &b.StatusAkun,
			&until)
		if until != nil {
			d := until.Format(time.DateOnly)
			b.BerlakuSampai = &d
		}
		return b, err
	})
	if err != nil {
		return st, fmt.Errorf("store: permohonan status rows: %w", err)
	}
	return st, nil
}

// Changes returns, after cursor c, at most limit changes of entitlements (hak_akses_perubahan, recorded by
// the database in the transaction of each change of a Sepakat account, migration 030), in (transaction, id)
// order and only from transactions older than every one still running: a change a slow transaction commits
// after a later one is never behind a client's cursor. more says whether the page was full.
func (s *Store) Changes(ctx context.Context, c api.Cursor, akunID int64, limit int) (list []api.Perubahan, next api.Cursor, more bool, err error) {
	next = c
	rows, err := s.Pool.Query(ctx, `SELECT c.id, c.xid::text, c.at, c.jenis, c.berlaku_sampai, k.id, p.reference, a.instansi_nama, a.kategori, a.instansi_kode,
			r.pengguna, k.username, k.jenis_data, k.wilayah, coalesce(wilayah_nama(k.wilayah), k.wilayah),
			(SELECT g.username FROM akses_akun g WHERE g.id = k.menggantikan_id), k.state, p.state
		FROM hak_akses_perubahan c JOIN akses_akun k ON k.id = c.akses_akun_id JOIN permohonan p ON p.id = k.permohonan_id
			JOIN akun a ON a.id = p.akun_id JOIN permohonan_rows r ON r.id = k.row_id
		WHERE c.xid < pg_snapshot_xmin(pg_current_snapshot()) AND (c.xid, c.id) > ($1::text::xid8, $2::bigint) AND ($3 = 0 OR p.akun_id = $3)
		ORDER BY c.xid, c.id LIMIT $4`, c.XID, c.ID, akunID, limit+1)
	if err != nil {
		return nil, c, false, fmt.Errorf("store: changes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ch api.Perubahan
		var id int64
		var xid, jenis string
		var until time.Time
		if err := rows.Scan(&id, &xid, &ch.Waktu, &jenis, &until, &ch.HakAksesID, &ch.Permohonan, &ch.Instansi.Nama, &ch.Instansi.Kategori, &ch.Instansi.Kode,
			&ch.Pengguna, &ch.AkunOperator, &ch.JenisData, &ch.Wilayah.Kode, &ch.Wilayah.Nama, &ch.Menggantikan, &ch.StatusHakAksesSaatIni,
			&ch.StatusPermohonanSaatIni); err != nil {
			return nil, c, false, fmt.Errorf("store: changes: %w", err)
		}
		if len(list) == limit {
			more = true
			break
		}
		ch.Jenis, ch.Tingkat, ch.BerlakuSampai = api.ChangeKind(jenis), request.Tier(ch.JenisData), until.Format(time.DateOnly)
		next = api.Cursor{XID: xid, ID: id}
		ch.Kursor = next.String()
		ch.Waktu = ch.Waktu.UTC()
		list = append(list, ch)
	}
	if err := rows.Err(); err != nil {
		return nil, c, false, fmt.Errorf("store: changes: %w", err)
	}
	return list, next, more, nil
}
