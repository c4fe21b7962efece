package store

// Credentials of Tahap 6: the registrator's view, the operator's single-use link, and a re-issue.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/sepakat"
)

// ReissueLink gives an account a new random password and, once Sepakat has it, the operator a new link
// (the akun_kata_sandi job). The open link dies at once. Only while access is in force.
func (s *Store) ReissueLink(ctx context.Context, id, akunID, aksesAkunID int64, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, akunID)
		if err != nil {
			return err
		}
		if l.State != request.AksesDiberikan {
			return ErrConflict
		}
		var rowID int64
		var state string
		err = tx.QueryRow(ctx, "SELECT row_id, state FROM akses_akun WHERE id = $1 AND permohonan_id = $2 FOR UPDATE", aksesAkunID, id).Scan(&rowID, &state)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: reissue: %w", err)
		}
		if state != "aktif" {
			return ErrConflict
		}
		keyID, enc, err := s.Keys.Seal([]byte(sepakat.GeneratePassword()), passwordAAD(rowID))
		if err != nil {
			return fmt.Errorf("store: reissue: %w", err)
		}
		var seq int
		if err := tx.QueryRow(ctx, `UPDATE akses_akun SET password_baru_enc = $2, password_baru_key_id = $3, password_baru_seq = password_baru_seq + 1,
			updated_at = $4 WHERE id = $1 RETURNING password_baru_seq`, aksesAkunID, enc, keyID, now).Scan(&seq); err != nil {
			return fmt.Errorf("store: reissue: %w", err)
		}
		if _, err := tx.Exec(ctx, "UPDATE akses_tautan SET superseded_at = $2 WHERE akun_id = $1 AND used_at IS NULL AND superseded_at IS NULL",
			aksesAkunID, now); err != nil {
			return fmt.Errorf("store: reissue: %w", err)
		}
		if err := enqueueJob(ctx, tx, AkunKataSandiArgs{AkunID: aksesAkunID, Gen: seq}, now); err != nil {
			return err
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "akses.tautan_ulang", ObjectType: "akses_akun", ObjectID: aksesAkunID,
			Detail: map[string]any{"permohonan_id": id}})
	})
}

// RevealPassword returns an account's password to the registrator of its instansi, and records the view in
// the same transaction. Only while access is in force and the account active.
func (s *Store) RevealPassword(ctx context.Context, id, akunID, aksesAkunID int64, actor account.Actor) (string, error) {
	var password string
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var rowID int64
		var state string
		var pstate request.State
		var enc []byte
		var keyID string
		err := tx.QueryRow(ctx, `SELECT a.row_id, a.state, p.state, a.password_enc, coalesce(a.password_key_id, '') FROM akses_akun a
			JOIN permohonan p ON p.id = a.permohonan_id WHERE a.id = $1 AND p.id = $2 AND p.akun_id = $3`, aksesAkunID, id, akunID).
			Scan(&rowID, &state, &pstate, &enc, &keyID)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: reveal: %w", err)
		}
		if state != "aktif" || pstate != request.AksesDiberikan {
			return ErrConflict
		}
		plain, err := s.Keys.Open(keyID, enc, passwordAAD(rowID))
		if err != nil {
			return fmt.Errorf("store: reveal: %w", err)
		}
		password = string(plain)
		return audit(ctx, tx, actor, AuditEntry{Action: "akses.kata_sandi_dilihat", ObjectType: "akses_akun", ObjectID: aksesAkunID,
			Detail: map[string]any{"permohonan_id": id}})
	})
	return password, err
}

// PeekLink checks a credentials link without using it: ErrNotFound, ErrCredLinkUsed (used, superseded, or the
// access no longer in force) or ErrCredLinkGone.
func (s *Store) PeekLink(ctx context.Context, tokenHash []byte, now time.Time) (request.LinkInfo, error) {
	var li request.LinkInfo
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		li, _, err = findLink(ctx, tx, tokenHash, now, false)
		return err
	})
	return li, err
}

type linkRow struct {
	id, akunID, rowID int64
	username          string
	enc               []byte
	keyID             string
}

func findLink(ctx context.Context, tx pgx.Tx, tokenHash []byte, now time.Time, lock bool) (request.LinkInfo, linkRow, error) {
	var li request.LinkInfo
	var lr linkRow
	var used, superseded *time.Time
	var gen, curGen int
	var state string
	var pstate request.State
	sql := `SELECT t.id, t.akun_id, t.expires_at, t.used_at, t.superseded_at, t.password_gen, a.password_gen, a.state, a.row_id, a.username,
			a.password_enc, coalesce(a.password_key_id, ''), p.state, r.pengguna, ak.instansi_nama
		FROM akses_tautan t JOIN akses_akun a ON a.id = t.akun_id JOIN permohonan p ON p.id = a.permohonan_id
		JOIN permohonan_rows r ON r.id = a.row_id JOIN akun ak ON ak.id = p.akun_id WHERE t.token_hash = $1`
	if lock {
		sql += " FOR UPDATE OF t"
	}
	err := tx.QueryRow(ctx, sql, tokenHash).Scan(&lr.id, &lr.akunID, &li.Expires, &used, &superseded, &gen, &curGen, &state, &lr.rowID,
		&lr.username, &lr.enc, &lr.keyID, &pstate, &li.Pengguna, &li.Instansi)
	if errors.Is(err, pgx.ErrNoRows) {
		return li, lr, ErrNotFound
	}
	if err != nil {
		return li, lr, fmt.Errorf("store: link: %w", err)
	}
	switch {
	case used != nil || superseded != nil || gen != curGen || state != "aktif" || pstate != request.AksesDiberikan:
		return li, lr, ErrCredLinkUsed
	case !now.Before(li.Expires):
		return li, lr, ErrCredLinkGone
	}
	return li, lr, nil
}

// OpenLink uses a credentials link: it is marked used, the view is audited, and the credentials are
// returned, all in one transaction, so two clicks at once show them once. Errors as PeekLink.
func (s *Store) OpenLink(ctx context.Context, tokenHash []byte, actor account.Actor, now time.Time) (request.Credentials, error) {
	var c request.Credentials
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		li, lr, err := findLink(ctx, tx, tokenHash, now, true)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE akses_tautan SET used_at = $2 WHERE id = $1", lr.id, now); err != nil {
			return fmt.Errorf("store: open link: %w", err)
		}
		plain, err := s.Keys.Open(lr.keyID, lr.enc, passwordAAD(lr.rowID))
		if err != nil {
			return fmt.Errorf("store: open link: %w", err)
		}
		c = request.Credentials{LinkInfo: li, Username: lr.username, Password: string(plain)}
		return audit(ctx, tx, actor, AuditEntry{Action: "akses.tautan_dibuka", ObjectType: "akses_akun", ObjectID: lr.akunID})
	})
	return c, err
}
