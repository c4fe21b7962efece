package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dasbor"
)

// DasborChannel is the LISTEN/NOTIFY channel a publication is announced on, so every instance reloads the
// public release.
const DasborChannel = "dasbor_rilis"

const rilisColumns = `r.id, r.versi, r.judul, r.sumber, r.sintetis, r.state, r.berkas, r.created_at,
	coalesce(c.nama, ''), r.published_at, coalesce(p.nama, ''),
	(SELECT count(*) FROM dasbor_nilai n WHERE n.rilis_id = r.id)::int`

const rilisFrom = ` FROM dasbor_rilis r LEFT JOIN staff c ON c.id = r.created_by LEFT JOIN staff p ON p.id = r.published_by `

func scanRilis(row pgx.Row) (dasbor.Rilis, error) {
	var r dasbor.Rilis
	err := row.Scan(&r.ID, &r.Versi, &r.Judul, &r.Sumber, &r.Sintetis, &r.State, &r.Berkas, &r.CreatedAt,
		&r.CreatedBy, &r.PublishedAt, &r.PublishedBy, &r.Rows)
	return r, err
}

// lockDasbor serialises every change of release states, so two admins publishing at once take turns.
func lockDasbor(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext('dasbor_rilis'))"); err != nil {
		return fmt.Errorf("store: lock releases: %w", err)
	}
	return nil
}

// CreateDasborRilis stores a validated release as a draft with the next version number, all its figures
// in the same transaction: it is there completely or not at all.
func (s *Store) CreateDasborRilis(ctx context.Context, n dasbor.NewRilis, a account.Actor) (dasbor.Rilis, error) {
	var out dasbor.Rilis
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockDasbor(ctx, tx); err != nil {
			return err
		}
		var createdBy *int64
		if a.Kind == account.ActorStaf && a.ID != 0 {
			createdBy = &a.ID
		}
		var id int64
		berkas := n.Berkas
		if berkas == nil {
			berkas = []string{}
		}
		err := tx.QueryRow(ctx, `INSERT INTO dasbor_rilis (versi, judul, sumber, sintetis, state, berkas, created_by)
			VALUES ((SELECT coalesce(max(versi), 0) + 1 FROM dasbor_rilis), $1, $2, $3, 'draf', $4, $5) RETURNING id`,
			n.Judul, n.Sumber, n.Sintetis, berkas, createdBy).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: create release: %w", err)
		}
		rows := make([][]any, len(n.Values))
		for i, v := range n.Values {
			rows[i] = []any{id, v.Indikator, v.Wilayah, v.Rincian, v.Nilai, v.Keluarga}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"dasbor_nilai"},
			[]string{"rilis_id", "indikator", "wilayah", "rincian", "nilai", "keluarga"}, pgx.CopyFromRows(rows)); err != nil {
			return fmt.Errorf("store: copy release figures: %w", err)
		}
		if err := audit(ctx, tx, a, AuditEntry{Action: "dasbor_unggah", ObjectType: "dasbor_rilis", ObjectID: id,
			Detail: map[string]any{"baris": len(n.Values), "sintetis": n.Sintetis}}); err != nil {
			return err
		}
		out, err = scanRilis(tx.QueryRow(ctx, "SELECT "+rilisColumns+rilisFrom+"WHERE r.id = $1", id))
		if err != nil {
			return fmt.Errorf("store: read release: %w", err)
		}
		return nil
	})
	return out, err
}

// ListDasborRilis returns every release, newest version first.
func (s *Store) ListDasborRilis(ctx context.Context) ([]dasbor.Rilis, error) {
	rows, err := s.Pool.Query(ctx, "SELECT "+rilisColumns+rilisFrom+"ORDER BY r.versi DESC")
	if err != nil {
		return nil, fmt.Errorf("store: list releases: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (dasbor.Rilis, error) { return scanRilis(row) })
	if err != nil {
		return nil, fmt.Errorf("store: list releases: %w", err)
	}
	return list, nil
}

// FindDasborRilis returns one release, or ErrNotFound.
func (s *Store) FindDasborRilis(ctx context.Context, id int64) (dasbor.Rilis, error) {
	r, err := scanRilis(s.Pool.QueryRow(ctx, "SELECT "+rilisColumns+rilisFrom+"WHERE r.id = $1", id))
	if errors.Is(err, pgx.ErrNoRows) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("store: find release %d: %w", id, err)
	}
	return r, nil
}

// DasborValues returns every figure of a release.
func (s *Store) DasborValues(ctx context.Context, id int64) ([]dasbor.Value, error) {
	return dasborValues(ctx, s.Pool, id)
}

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func dasborValues(ctx context.Context, q querier, id int64) ([]dasbor.Value, error) {
	rows, err := q.Query(ctx, `SELECT indikator, wilayah, rincian, nilai, keluarga FROM dasbor_nilai WHERE rilis_id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("store: release %d figures: %w", id, err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (dasbor.Value, error) {
		var v dasbor.Value
		err := row.Scan(&v.Indikator, &v.Wilayah, &v.Rincian, &v.Nilai, &v.Keluarga)
		return v, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: release %d figures: %w", id, err)
	}
	return list, nil
}

// PublishDasborRilis makes a draft or an archived release the public one ("Terbitkan", or "Pulihkan" for
// an earlier release) and archives the one before it, in one transaction that also announces the change on
// DasborChannel. It returns ErrNotFound for an unknown release and ErrConflict when it is already public.
func (s *Store) PublishDasborRilis(ctx context.Context, id int64, a account.Actor) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockDasbor(ctx, tx); err != nil {
			return err
		}
		var state dasbor.RilisState
		err := tx.QueryRow(ctx, "SELECT state FROM dasbor_rilis WHERE id = $1", id).Scan(&state)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: publish release %d: %w", id, err)
		}
		if state == dasbor.RilisTerbit {
			return ErrConflict
		}
		var public int64
		if err := tx.QueryRow(ctx, "SELECT coalesce(max(id), 0) FROM dasbor_rilis WHERE state = 'terbit'").Scan(&public); err != nil {
			return fmt.Errorf("store: publish release %d: %w", id, err)
		}
		ev := dasbor.PublishEvent(state)
		action := map[dasbor.RilisEvent]string{dasbor.Terbitkan: "dasbor_terbit", dasbor.Pulihkan: "dasbor_pulihkan"}[ev]
		if public != 0 {
			if err := transitionRilis(ctx, tx, public, dasbor.Arsipkan, rowMove{actor: a, partOf: action}); err != nil {
				return err
			}
		}
		var publisher *int64
		if a.Kind == account.ActorStaf && a.ID != 0 {
			publisher = &a.ID
		}
		if err := transitionRilis(ctx, tx, id, ev, rowMove{actor: a, action: action,
			cols: cols{}.expr("published_at", "now()").set("published_by", publisher)}); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "SELECT pg_notify($1, $2)", DasborChannel, strconv.FormatInt(id, 10)); err != nil {
			return fmt.Errorf("store: announce release: %w", err)
		}
		return nil
	})
}

// DeleteDasborDraft removes a release that was never published. It returns ErrNotFound for an unknown
// release and ErrConflict for one that has been published.
func (s *Store) DeleteDasborDraft(ctx context.Context, id int64, a account.Actor) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockDasbor(ctx, tx); err != nil {
			return err
		}
		var state dasbor.RilisState
		err := tx.QueryRow(ctx, "SELECT state FROM dasbor_rilis WHERE id = $1", id).Scan(&state)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: delete draft %d: %w", id, err)
		}
		if state != dasbor.RilisDraf {
			return ErrConflict
		}
		if _, err := tx.Exec(ctx, "DELETE FROM dasbor_rilis WHERE id = $1", id); err != nil {
			return fmt.Errorf("store: delete draft %d: %w", id, err)
		}
		return audit(ctx, tx, a, AuditEntry{Action: "dasbor_hapus_draf", ObjectType: "dasbor_rilis", ObjectID: id})
	})
}

// PublishedDasbor returns the public release and its figures, read in one snapshot. It returns ErrNotFound
// when nothing is published.
func (s *Store) PublishedDasbor(ctx context.Context) (dasbor.Rilis, []dasbor.Value, error) {
	var r dasbor.Rilis
	var values []dasbor.Value
	err := pgx.BeginTxFunc(ctx, s.Pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var err error
		r, err = scanRilis(tx.QueryRow(ctx, "SELECT "+rilisColumns+rilisFrom+"WHERE r.state = 'terbit'"))
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: published release: %w", err)
		}
		values, err = dasborValues(ctx, tx, r.ID)
		return err
	})
	return r, values, err
}

// PublishedDasborStamp returns the stamp of the public release, cheaply, for instances to check they show
// the current one.
func (s *Store) PublishedDasborStamp(ctx context.Context) (dasbor.Stamp, error) {
	var st dasbor.Stamp
	err := s.Pool.QueryRow(ctx, "SELECT id, published_at FROM dasbor_rilis WHERE state = 'terbit'").Scan(&st.ID, &st.PublishedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return dasbor.Stamp{}, nil
	}
	if err != nil {
		return st, fmt.Errorf("store: published release stamp: %w", err)
	}
	return st, nil
}

// ListenDasbor holds one connection listening on DasborChannel and calls fn(true) after each announcement
// and fn(false) after every quiet interval, until ctx ends (it then returns nil) or the connection fails.
func (s *Store) ListenDasbor(ctx context.Context, interval time.Duration, fn func(announced bool)) error {
	conn, err := s.Pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("store: listen: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "LISTEN "+DasborChannel); err != nil {
		return fmt.Errorf("store: listen: %w", err)
	}
	// The connection goes back to the pool afterwards: stop listening on it first.
	defer func() { _, _ = conn.Exec(context.WithoutCancel(ctx), "UNLISTEN *") }()
	for {
		wait, cancel := context.WithTimeout(ctx, interval)
		_, err := conn.Conn().WaitForNotification(wait)
		cancel()
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, context.DeadlineExceeded):
			fn(false)
		case err != nil:
			conn.Conn().PgConn().Close(context.WithoutCancel(ctx))
			return fmt.Errorf("store: listen: %w", err)
		default:
			fn(true)
		}
	}
}
