package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/register"
	"github.com/bappenas/portal-regsosek/internal/request"
)

// The Register Pemanfaatan Data Regsosek (internal/register): an entry for every permohonan given access,
// built from the permohonan and its approved rows, with the summary staff wrote for publication and the
// publication state kept in register_entri.

// registerSelect reads entries: the permohonan, its instansi, the published summary and each approved unit
// with the wilayah its access covers.
const registerSelect = `SELECT p.id, p.reference, a.instansi_nama, a.kategori, a.instansi_kode, coalesce(e.ringkasan, ''),
		coalesce(e.state, 'terbit'), coalesce(e.ditahan_alasan, ''), p.state, p.akses_diberikan_at,
		coalesce(CASE WHEN p.state = 'akses_diberikan' THEN p.akses_berakhir END, (p.ended_at AT TIME ZONE 'Asia/Jakarta')::date, p.akses_berakhir, p.akses_sampai),
		greatest(p.updated_at, e.updated_at),
		coalesce((SELECT json_agg(json_build_object('nama', r.pengguna, 'jenis_data', d.jenis_data, 'media', r.media, 'kode', w.kode,
				'wilayah', coalesce(wilayah_nama(w.kode), w.kode), 'sampai', d.sampai, 'akun_state', k.state,
				'akun_sampai', coalesce((k.ended_at AT TIME ZONE 'Asia/Jakarta')::date, k.berlaku_sampai)) ORDER BY r.id)
			FROM permohonan_rows r JOIN row_decisions d ON d.row_id = r.id AND d.permohonan_id = r.permohonan_id AND d.decision = 'setuju'
			CROSS JOIN LATERAL (SELECT CASE WHEN r.pengguna_jenis = 'desa' AND r.pengguna_wilayah <> '' THEN r.pengguna_wilayah
				ELSE p.cakupan_wilayah END AS kode) w
			LEFT JOIN LATERAL (SELECT state, ended_at, berlaku_sampai FROM akses_akun WHERE row_id = r.id ORDER BY id DESC LIMIT 1) k ON true
			WHERE r.permohonan_id = p.id), '[]')
	FROM permohonan p JOIN akun a ON a.id = p.akun_id LEFT JOIN register_entri e ON e.permohonan_id = p.id
	WHERE p.akses_diberikan_at IS NOT NULL AND p.state IN ('akses_diberikan', 'berakhir', 'dicabut')`

// RegisterEntry is an entry with what staff see of its publication.
type RegisterEntry struct {
	register.Entry
	PermohonanID int64
	Publication  register.Publication
	Alasan       string // why it is withheld
}

func scanEntry(row pgx.CollectableRow) (RegisterEntry, error) {
	var e RegisterEntry
	var kat, state string
	var units []byte
	var sampai *time.Time
	var updated *time.Time
	err := row.Scan(&e.PermohonanID, &e.Nomor, &e.InstansiNama, &kat, &e.InstansiKode, &e.Ringkasan, &e.Publication, &e.Alasan, &state,
		&e.Mulai, &sampai, &updated, &units)
	if err != nil {
		return e, err
	}
	e.Kategori = account.Kategori(kat)
	e.Status, _ = register.StatusOf(request.State(state))
	if sampai != nil {
		e.Sampai = *sampai
	}
	if updated != nil {
		e.Diperbarui = *updated
	}
	var list []struct {
		Nama, Media, Kode, Wilayah string
		JenisData                  string `json:"jenis_data"`
		Sampai                     string // the row's own end (issue 12), as YYYY-MM-DD; "" for rows decided without one
		// The row's newest Sepakat account (issue 13: each ends, is extended and revoked on its own), if any.
		AkunState  string `json:"akun_state"`
		AkunSampai string `json:"akun_sampai"` // its end, or the day it ended
	}
	if err := json.Unmarshal(units, &list); err != nil {
		return e, fmt.Errorf("store: register units: %w", err)
	}
	for _, u := range list {
		p := register.Pengguna{Nama: u.Nama, JenisData: u.JenisData, Media: u.Media, WilayahKode: u.Kode, WilayahNama: u.Wilayah, Sampai: e.Sampai,
			Status: e.Status}
		// A row ends on its own date, never after the entry's end in force (the six-month rule, a revocation);
		// a Sepakat row's account says where it stands alone: its own end, extended or revoked by itself.
		if d, err := time.Parse(time.DateOnly, u.Sampai); err == nil && d.Before(e.Sampai) {
			p.Sampai = d
		}
		if d, err := time.Parse(time.DateOnly, u.AkunSampai); err == nil && e.Status == register.Berlaku {
			p.Sampai, p.Status = d, register.UnitStatus(request.AkunState(u.AkunState))
		}
		e.Pengguna = append(e.Pengguna, p)
	}
	return e, nil
}

// registerWhere adds the filter's conditions to q and args.
func registerWhere(f register.Filter, q string, args []any) (string, []any) {
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	for _, w := range f.Words() {
		p := arg(likeTerm(w))
		q += ` AND (lower(a.instansi_nama) LIKE ` + p + ` OR lower(p.reference) LIKE ` + p + ` OR lower(coalesce(e.ringkasan, '')) LIKE ` + p +
			` OR EXISTS (SELECT 1 FROM permohonan_rows r JOIN row_decisions d ON d.row_id = r.id AND d.decision = 'setuju'
				WHERE r.permohonan_id = p.id AND lower(r.pengguna) LIKE ` + p + `))`
	}
	if f.Kategori != "" {
		q += " AND a.kategori = " + arg(string(f.Kategori))
	}
	if f.Status != "" {
		q += " AND p.state = " + arg(map[register.Status]string{register.Berlaku: "akses_diberikan", register.Berakhir: "berakhir", register.Dicabut: "dicabut"}[f.Status])
	}
	if f.Tahun != 0 {
		q += " AND extract(year FROM p.akses_diberikan_at AT TIME ZONE 'Asia/Jakarta') = " + arg(f.Tahun)
	}
	if f.JenisData != "" || f.Media != "" || f.Provinsi != "" {
		q += ` AND EXISTS (SELECT 1 FROM permohonan_rows r JOIN row_decisions d ON d.row_id = r.id AND d.decision = 'setuju' WHERE r.permohonan_id = p.id`
		if f.JenisData != "" {
			q += " AND d.jenis_data = " + arg(f.JenisData)
		}
		if f.Media != "" {
			q += " AND r.media = " + arg(f.Media)
		}
		if f.Provinsi != "" {
			q += ` AND left(CASE WHEN r.pengguna_jenis = 'desa' AND r.pengguna_wilayah <> '' THEN r.pengguna_wilayah ELSE p.cakupan_wilayah END, 2) = ` + arg(f.Provinsi)
		}
		q += ")"
	}
	return q, args
}

// ListRegister returns a page of the public register (withheld entries left out), newest first, and how
// many entries the filter matches.
func (s *Store) ListRegister(ctx context.Context, f register.Filter) ([]register.Entry, int, error) {
	q, args := registerWhere(f, registerSelect+" AND coalesce(e.state, 'terbit') = 'terbit'", nil)
	var total int
	if err := s.Pool.QueryRow(ctx, "SELECT count(*) FROM ("+q+") x", args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: register count: %w", err)
	}
	page := max(f.Page, 1)
	args = append(args, register.PageSize, (page-1)*register.PageSize)
	rows, err := s.Pool.Query(ctx, q+" ORDER BY p.akses_diberikan_at DESC, p.id DESC LIMIT $"+strconv.Itoa(len(args)-1)+" OFFSET $"+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: register: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanEntry)
	if err != nil {
		return nil, 0, fmt.Errorf("store: register: %w", err)
	}
	out := make([]register.Entry, len(list))
	for i, e := range list {
		out[i] = e.Entry
	}
	return out, total, nil
}

// RegisterAll returns every published entry matching f (its page ignored), for the downloads.
func (s *Store) RegisterAll(ctx context.Context, f register.Filter) ([]register.Entry, error) {
	q, args := registerWhere(f, registerSelect+" AND coalesce(e.state, 'terbit') = 'terbit'", nil)
	rows, err := s.Pool.Query(ctx, q+" ORDER BY p.akses_diberikan_at DESC, p.id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("store: register: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanEntry)
	if err != nil {
		return nil, fmt.Errorf("store: register: %w", err)
	}
	out := make([]register.Entry, len(list))
	for i, e := range list {
		out[i] = e.Entry
	}
	return out, nil
}

// FindRegisterEntry returns the published entry numbered nomor. ErrNotFound when there is none: never given
// access, or withheld.
func (s *Store) FindRegisterEntry(ctx context.Context, nomor string) (register.Entry, error) {
	e, err := s.findRegister(ctx, " AND p.reference = $1 AND coalesce(e.state, 'terbit') = 'terbit'", nomor)
	return e.Entry, err
}

// FindRegisterStaff returns the entry of a permohonan with its publication state, for staff.
func (s *Store) FindRegisterStaff(ctx context.Context, permohonanID int64) (RegisterEntry, error) {
	return s.findRegister(ctx, " AND p.id = $1", permohonanID)
}

func (s *Store) findRegister(ctx context.Context, where string, arg any) (RegisterEntry, error) {
	rows, err := s.Pool.Query(ctx, registerSelect+where, arg)
	if err != nil {
		return RegisterEntry{}, fmt.Errorf("store: register entry: %w", err)
	}
	e, err := pgx.CollectExactlyOneRow(rows, scanEntry)
	if errors.Is(err, pgx.ErrNoRows) {
		return e, ErrNotFound
	}
	if err != nil {
		return e, fmt.Errorf("store: register entry: %w", err)
	}
	return e, nil
}

// ListRegisterStaff returns every entry matching f, withheld ones included, for the staff's register page.
func (s *Store) ListRegisterStaff(ctx context.Context, f register.Filter) ([]RegisterEntry, error) {
	q, args := registerWhere(f, registerSelect, nil)
	rows, err := s.Pool.Query(ctx, q+" ORDER BY coalesce(e.state, 'terbit') DESC, p.akses_diberikan_at DESC, p.id DESC LIMIT 500", args...)
	if err != nil {
		return nil, fmt.Errorf("store: register staff: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanEntry)
	if err != nil {
		return nil, fmt.Errorf("store: register staff: %w", err)
	}
	return list, nil
}

// putRingkasan records the purpose summarised for publication, written by the produsen data with an
// approval, in the decision's transaction.
func putRingkasan(ctx context.Context, tx pgx.Tx, permohonanID int64, ringkasan string, actor account.Actor, now time.Time) error {
	if ringkasan == "" {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO register_entri (permohonan_id, ringkasan, ringkasan_by, ringkasan_at, updated_at) VALUES ($1, $2, $3, $4, $4)
		ON CONFLICT (permohonan_id) DO UPDATE SET ringkasan = $2, ringkasan_by = $3, ringkasan_at = $4, updated_at = $4`, permohonanID, ringkasan, actor.ID, now)
	if err != nil {
		return fmt.Errorf("store: register summary: %w", err)
	}
	return nil
}

// MoveRegister fires ev on the entry of a permohonan given access: withhold it (alasan required), publish it
// again (alasan required), or rewrite its summary (ringkasan). An entry without a row yet (decided before the
// register existed) gets one, published. ErrNotFound when the permohonan has no entry; ErrConflict when the
// entry has moved meanwhile.
func (s *Store) MoveRegister(ctx context.Context, permohonanID int64, ev register.PublicationEvent, ringkasan, alasan string,
	actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var given bool
		err := tx.QueryRow(ctx, `SELECT akses_diberikan_at IS NOT NULL AND state IN ('akses_diberikan', 'berakhir', 'dicabut') FROM permohonan WHERE id = $1 FOR UPDATE`,
			permohonanID).Scan(&given)
		if errors.Is(err, pgx.ErrNoRows) || err == nil && !given {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: register move: %w", err)
		}
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO register_entri (permohonan_id, updated_at) VALUES ($1, $2)
			ON CONFLICT (permohonan_id) DO UPDATE SET permohonan_id = EXCLUDED.permohonan_id RETURNING id`, permohonanID, now).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: register move: %w", err)
		}
		c := cols{}.set("updated_at", now)
		detail := map[string]any{"permohonan_id": permohonanID}
		switch ev {
		case register.Tahan:
			c = c.set("ditahan_alasan", alasan).set("ditahan_by", actor.ID).set("ditahan_at", now)
			detail["alasan"] = alasan
		case register.TerbitkanKembali:
			c = c.set("ditahan_alasan", nil).set("ditahan_by", nil).set("ditahan_at", nil)
			detail["alasan"] = alasan
		case register.UbahRingkasan:
			c = c.set("ringkasan", ringkasan).set("ringkasan_by", actor.ID).set("ringkasan_at", now)
		}
		return transitionRegister(ctx, tx, id, ev, rowMove{actor: actor, cols: c, action: "register." + string(ev), detail: detail})
	})
}
