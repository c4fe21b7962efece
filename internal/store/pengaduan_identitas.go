package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/mail"
)

// Opening an Anonim reporter's identity (layanan/pengaduan_identitas.go): one admin asks, a second decides,
// the asker opens it once. Each step is a move of the request's machine with its audit row and emails.

// ErrBukaOpen is returned when a report already has a request waiting for a second admin, or an approval
// still usable.
var ErrBukaOpen = errors.New("store: a request to open this identity is already open")

// transitionBuka is the one transition of a request to open an identity (layanan.BukaMachine); the guards
// beside the table (two people, the asker opens, within a day) are checked here too.
func transitionBuka(ctx context.Context, tx pgx.Tx, r layanan.BukaRequest, ev layanan.BukaEvent, m rowMove, now time.Time) error {
	if _, err := layanan.CheckBuka(r, ev, m.actor.RoleAmong([]account.Role{account.RoleAdmin}), m.actor.ID, now); err != nil {
		return moveError(err)
	}
	m.role = account.RoleAdmin
	_, err := moveRow(ctx, tx, "pengaduan_buka_identitas", layanan.BukaMachine, r.ID, ev, m)
	return err
}

const bukaColumns = `b.id, b.pengaduan_id, b.state, b.diminta_oleh, sa.nama, b.alasan, b.diminta_at, coalesce(b.diputus_oleh, 0),
	coalesce(sd.nama, ''), b.diputus_at, coalesce(b.catatan, '')`

func scanBuka(row pgx.Row) (layanan.BukaRequest, error) {
	var r layanan.BukaRequest
	err := row.Scan(&r.ID, &r.PengaduanID, &r.State, &r.DimintaOleh, &r.DimintaNama, &r.Alasan, &r.DimintaAt, &r.DiputusOleh,
		&r.DiputusNama, &r.DiputusAt, &r.Catatan)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, ErrNotFound
	}
	return r, err
}

// LatestBuka returns the newest request to open the identity of report pengaduanID; ErrNotFound when none.
func (s *Store) LatestBuka(ctx context.Context, pengaduanID int64) (layanan.BukaRequest, error) {
	r, err := scanBuka(s.Pool.QueryRow(ctx, `SELECT `+bukaColumns+` FROM pengaduan_buka_identitas b
		JOIN staff sa ON sa.id = b.diminta_oleh LEFT JOIN staff sd ON sd.id = b.diputus_oleh
		WHERE b.pengaduan_id = $1 ORDER BY b.id DESC LIMIT 1`, pengaduanID))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return r, fmt.Errorf("store: buka identitas: %w", err)
	}
	return r, err
}

// lockBuka locks request id of report pengaduanID (0: of any report).
func lockBuka(ctx context.Context, tx pgx.Tx, id, pengaduanID int64) (layanan.BukaRequest, error) {
	r, err := scanBuka(tx.QueryRow(ctx, `SELECT `+bukaColumns+` FROM pengaduan_buka_identitas b
		JOIN staff sa ON sa.id = b.diminta_oleh LEFT JOIN staff sd ON sd.id = b.diputus_oleh
		WHERE b.id = $1 AND ($2 = 0 OR b.pengaduan_id = $2) FOR UPDATE OF b`, id, pengaduanID))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return r, fmt.Errorf("store: lock buka identitas %d: %w", id, err)
	}
	return r, err
}

// AskBuka records an admin's request to open the identity of an Anonim report (reason written), and emails
// every other active admin that a second one must decide. ErrBukaOpen when one is already open; ErrNotFound
// for a report that is not Anonim or that v may not see.
func (s *Store) AskBuka(ctx context.Context, pengaduanID int64, reason string, v layanan.Viewer, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		p, err := loadPengaduan(ctx, tx, pengaduanID, true)
		if err != nil {
			return err
		}
		if !p.Anonim || !v.Admin || !v.CanView(p.Rahasia, p.HandlerID) {
			return ErrNotFound
		}
		var usable bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pengaduan_buka_identitas WHERE pengaduan_id = $1
			AND state = 'disetujui' AND diputus_at > $2)`, pengaduanID, now.Add(-layanan.BukaBerlaku)).Scan(&usable); err != nil {
			return fmt.Errorf("store: ask buka identitas: %w", err)
		}
		if usable {
			return ErrBukaOpen
		}
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO pengaduan_buka_identitas (pengaduan_id, state, diminta_oleh, alasan, diminta_at)
			VALUES ($1, 'diminta', $2, $3, $4) RETURNING id`, pengaduanID, actor.ID, reason, now).Scan(&id)
		if isUniqueViolation(err, "pengaduan_buka_identitas_open") {
			return ErrBukaOpen
		}
		if err != nil {
			return fmt.Errorf("store: ask buka identitas: %w", err)
		}
		rows, err := tx.Query(ctx, "SELECT nama, email FROM staff WHERE active AND 'admin' = ANY(roles) AND id <> $1 ORDER BY id", actor.ID)
		if err != nil {
			return fmt.Errorf("store: ask buka identitas: %w", err)
		}
		others, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (mail.Recipient, error) {
			var to mail.Recipient
			return to, r.Scan(&to.Nama, &to.Email)
		})
		if err != nil {
			return fmt.Errorf("store: ask buka identitas: %w", err)
		}
		for _, to := range others {
			if err := enqueue(ctx, tx, s.Letters.BukaIdentitasDiminta(to, p.Reference, p.ID)); err != nil {
				return err
			}
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "pengaduan.identitas_minta", ObjectType: "pengaduan", ObjectID: pengaduanID,
			Detail: map[string]any{"permintaan": id, "alasan": reason}})
	})
}

// DecideBuka is a second admin's approval (ev BukaSetujui) or refusal (BukaTolak, with note) of request id of
// report pengaduanID; the asker is emailed. The two-person rule's refusal is layanan.ErrBukaSendiri.
func (s *Store) DecideBuka(ctx context.Context, pengaduanID, id int64, ev layanan.BukaEvent, note string, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		r, err := lockBuka(ctx, tx, id, pengaduanID)
		if err != nil {
			return err
		}
		p, err := loadPengaduan(ctx, tx, pengaduanID, false)
		if err != nil {
			return err
		}
		var asker mail.Recipient
		if err := tx.QueryRow(ctx, "SELECT nama, email FROM staff WHERE id = $1", r.DimintaOleh).Scan(&asker.Nama, &asker.Email); err != nil {
			return fmt.Errorf("store: decide buka identitas: %w", err)
		}
		c := cols{}.set("diputus_oleh", actor.ID).set("diputus_at", now)
		if ev == layanan.BukaTolak {
			c = c.set("catatan", note)
		}
		return transitionBuka(ctx, tx, r, ev, rowMove{actor: actor, cols: c, action: "pengaduan.identitas_" + string(ev),
			detail: map[string]any{"pengaduan": pengaduanID, "catatan": note},
			mails:  []mail.Message{s.Letters.BukaIdentitasDiputus(asker, p.Reference, p.ID, ev == layanan.BukaSetujui, note)}}, now)
	})
}

// OpenBuka uses an approved request once: it returns the report with its reporter's identity to the admin who
// asked, and records the opening in the same transaction.
func (s *Store) OpenBuka(ctx context.Context, pengaduanID, id int64, v layanan.Viewer, actor account.Actor, now time.Time) (layanan.Pengaduan, error) {
	var p layanan.Pengaduan
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		r, err := lockBuka(ctx, tx, id, pengaduanID)
		if err != nil {
			return err
		}
		if p, err = loadPengaduan(ctx, tx, pengaduanID, false); err != nil {
			return err
		}
		if !v.CanView(p.Rahasia, p.HandlerID) {
			return ErrNotFound
		}
		if err := transitionBuka(ctx, tx, r, layanan.BukaBuka, rowMove{actor: actor, cols: cols{}.set("dibuka_at", now),
			action: "pengaduan.buka_identitas", detail: map[string]any{"pengaduan": pengaduanID, "alasan": r.Alasan,
				"disetujui_oleh": r.DiputusOleh}}, now); err != nil {
			return err
		}
		return s.readPelapor(ctx, tx, &p)
	})
	return p, err
}
