package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
)

// Original documents received (issue 13 item 6).

// RecordDokumenAsli records (or corrects) the receipt of an original document of a permohonan: the date it
// arrived and a note, by the staff member acting, with the timeline entry. ErrNotFound for a kind that is
// not expected now (request.DokumenAsliKinds).
func (s *Store) RecordDokumenAsli(ctx context.Context, id int64, kind request.DocKind, diterima time.Time, catatan string, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		if err := mayFire(l, request.CatatDokumenAsli, actor.RoleAmong([]account.Role{account.RoleVerifikatorTeknis, account.RoleProdusenData,
			account.RoleAdmin}), actor); err != nil {
			return err
		}
		approved, err := approvedRows(ctx, tx, id)
		if err != nil {
			return err
		}
		if !slices.Contains(request.DokumenAsliKinds(l.State, request.AgreementKinds(approved)), kind) {
			return ErrNotFound
		}
		if _, err := tx.Exec(ctx, `INSERT INTO dokumen_asli (permohonan_id, kind, diterima_tanggal, catatan, dicatat_oleh, dicatat_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (permohonan_id, kind) DO UPDATE SET diterima_tanggal = $3, catatan = $4, dicatat_oleh = $5,
				dicatat_at = $6`, id, kind, dateOnly(diterima), catatan, actor.ID, now); err != nil {
			return fmt.Errorf("store: dokumen asli: %w", err)
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.CatatDokumenAsli, role: actor.RoleAmong([]account.Role{
			account.RoleVerifikatorTeknis, account.RoleProdusenData, account.RoleAdmin}), actor: actor,
			note: request.DocLabels[kind] + " asli diterima " + indo.Date(diterima), detail: map[string]any{"jenis": kind, "diterima": dateOnly(diterima)}}, now)
	})
}

// ListDokumenAsli returns the originals recorded for a permohonan.
func (s *Store) ListDokumenAsli(ctx context.Context, id int64) (map[request.DocKind]request.DokumenAsli, error) {
	return one(ctx, s, func(r *Reads, out *map[request.DocKind]request.DokumenAsli) { r.DokumenAsli(id, out) })
}

// DokumenAsli reads the originals recorded for a permohonan, by kind.
func (r *Reads) DokumenAsli(id int64, out *map[request.DocKind]request.DokumenAsli) {
	queueRead(&r.b, out, func(rows pgx.Rows) (map[request.DocKind]request.DokumenAsli, error) {
		list, err := collect[request.DokumenAsli]("dokumen asli")(rows)
		m := map[request.DocKind]request.DokumenAsli{}
		for _, d := range list {
			m[d.Kind] = d
		}
		return m, err
	}, `SELECT d.kind, d.diterima_tanggal, d.catatan, st.nama, d.dicatat_at FROM dokumen_asli d
		JOIN staff st ON st.id = d.dicatat_oleh WHERE d.permohonan_id = $1`, id)
}
