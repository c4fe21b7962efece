package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/request"
)

// Usulan perubahan PKS/NDA (§3.2.5 c.2–c.3): a proposed text, accepted or declined by the produsen data; the
// permohonan's timeline records both.

// ProposeAgreement files the registrator's proposed text of the PKS or the NDA with a note. ErrNotFound for
// an agreement the permohonan does not sign, request.ErrUsulanOpen when one for it waits already, an
// *UploadError for a refused file.
func (s *Store) ProposeAgreement(ctx context.Context, id, akunID int64, kind request.DocKind, catatan string, u dokumen.Upload,
	actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, akunID)
		if err != nil {
			return err
		}
		if err := mayFire(l, request.UsulPerjanjian, account.RoleRegistrator, actor); err != nil {
			return err
		}
		approved, err := approvedRows(ctx, tx, id)
		if err != nil {
			return err
		}
		if !slices.Contains(request.AgreementKinds(approved), kind) {
			return ErrNotFound
		}
		doc, err := s.PutDocument(ctx, tx, dokumen.Dokumen, u.Name, u.R, nil)
		if err != nil {
			return err
		}
		var uid int64
		err = tx.QueryRow(ctx, `INSERT INTO usulan_perjanjian (permohonan_id, kind, document_id, catatan, state, diajukan_oleh, diajukan_at)
			VALUES ($1, $2, $3, $4, 'diajukan', $5, $6) ON CONFLICT DO NOTHING RETURNING id`, id, kind, doc.ID, catatan, actor.ID, now).Scan(&uid)
		if errors.Is(err, pgx.ErrNoRows) {
			return request.ErrUsulanOpen
		}
		if err != nil {
			return fmt.Errorf("store: usulan: %w", err)
		}
		what := agreementShort(kind)
		mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message { return s.Letters.UsulanDiajukan(to, l.ref(), what) })
		if err != nil {
			return err
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.UsulPerjanjian, role: account.RoleRegistrator, actor: actor,
			note: "Usulan perubahan " + what + ": " + catatan, mails: mails, detail: map[string]any{"usulan_id": uid, "jenis": kind}}, now)
	})
}

// agreementShort names an agreement kind in a sentence: "PKS", "NDA".
func agreementShort(kind request.DocKind) string {
	if kind == request.DocNDA {
		return "NDA"
	}
	return "PKS"
}

// DecideUsulan accepts (the text becomes the one to sign) or declines with a reason a proposed text of the
// permohonan's. Two decisions at once: the second gets ErrConflict.
func (s *Store) DecideUsulan(ctx context.Context, id, usulanID int64, terima bool, reason string, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		var kind request.DocKind
		if err := tx.QueryRow(ctx, "SELECT kind FROM usulan_perjanjian WHERE id = $1 AND permohonan_id = $2", usulanID, id).Scan(&kind); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return ErrNotFound
			}
			return fmt.Errorf("store: usulan: %w", err)
		}
		what := agreementShort(kind)
		ev, step, note := request.UsulanTerima, request.TerimaUsulan, "Usulan perubahan "+what+" diterima: naskah usulan menjadi naskah yang ditandatangani."
		c := cols{}.set("diputuskan_oleh", actor.ID).set("diputuskan_at", now)
		letter := func(to mail.Recipient) mail.Message { return s.Letters.UsulanDiterima(to, l.ref(), what) }
		if !terima {
			ev, step, note, c = request.UsulanTolak, request.TolakUsulan, reason, c.set("alasan_tolak", reason)
			letter = func(to mail.Recipient) mail.Message { return s.Letters.UsulanDitolak(to, l.ref(), what, reason) }
		}
		if err := transitionUsulan(ctx, tx, usulanID, ev, rowMove{actor: actor, partOf: "permohonan." + string(step), cols: c}.within("permohonan_id", id)); err != nil {
			return err
		}
		mails, err := toRegistrator(ctx, tx, l.AkunID, letter)
		if err != nil {
			return err
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: step, role: account.RoleProdusenData, actor: actor, note: note, mails: mails,
			detail: map[string]any{"usulan_id": usulanID, "jenis": kind}}, now)
	})
}

// ListUsulan returns the proposed texts of a permohonan, oldest first.
func (s *Store) ListUsulan(ctx context.Context, id int64) ([]request.Usulan, error) {
	rows, err := s.Pool.Query(ctx, `SELECT u.id, u.kind, u.document_id, d.original_name, u.catatan, u.state, u.diajukan_at, u.diputuskan_at,
			coalesce(u.alasan_tolak, '') FROM usulan_perjanjian u JOIN documents d ON d.id = u.document_id WHERE u.permohonan_id = $1 ORDER BY u.id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: usulan: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[request.Usulan])
	if err != nil {
		return nil, fmt.Errorf("store: usulan: %w", err)
	}
	return list, nil
}

// ListUsulanWaiting returns the proposed texts waiting for a decision, oldest first.
func (s *Store) ListUsulanWaiting(ctx context.Context) ([]request.UsulanWaiting, error) {
	rows, err := s.Pool.Query(ctx, `SELECT p.id, p.reference, a.instansi_nama, u.kind, u.diajukan_at FROM usulan_perjanjian u
		JOIN permohonan p ON p.id = u.permohonan_id JOIN akun a ON a.id = p.akun_id WHERE u.state = 'diajukan' ORDER BY u.diajukan_at, u.id LIMIT 500`)
	if err != nil {
		return nil, fmt.Errorf("store: usulan waiting: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[request.UsulanWaiting])
	if err != nil {
		return nil, fmt.Errorf("store: usulan waiting: %w", err)
	}
	return list, nil
}
