package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Draft is the registration wizard's saved state: an encrypted payload the server decrypts.
type Draft struct {
	ID      string
	Payload []byte
	KeyID   string
	AkunID  *int64
}

// FindDraft returns a live draft; ErrNotFound when it does not exist or has expired.
func (s *Store) FindDraft(ctx context.Context, id string, now time.Time) (Draft, error) {
	d := Draft{ID: id}
	err := s.Pool.QueryRow(ctx, `SELECT payload, key_id, akun_id FROM registration_drafts
		WHERE id = $1 AND expires_at > $2`, id, now).Scan(&d.Payload, &d.KeyID, &d.AkunID)
	if err == pgx.ErrNoRows {
		return d, ErrNotFound
	}
	if err != nil {
		return d, fmt.Errorf("store: find draft: %w", err)
	}
	return d, nil
}

// SaveDraft creates or replaces a draft's payload and pushes its expiry back. A draft that already became
// an account is not changed (ErrConflict).
func (s *Store) SaveDraft(ctx context.Context, d Draft, now, expires time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error { return saveDraftTx(ctx, tx, d, now, expires) })
}

// saveDraftTx is SaveDraft inside a caller's transaction (used when uploads are stored with the draft).
func saveDraftTx(ctx context.Context, tx pgx.Tx, d Draft, now, expires time.Time) error {
	tag, err := tx.Exec(ctx, `
		INSERT INTO registration_drafts (id, payload, key_id, created_at, updated_at, expires_at)
		VALUES ($1, $2, $3, $4, $4, $5)
		ON CONFLICT (id) DO UPDATE SET payload = $2, key_id = $3, updated_at = $4, expires_at = $5
		WHERE registration_drafts.akun_id IS NULL`, d.ID, d.Payload, d.KeyID, now, expires)
	if err != nil {
		return fmt.Errorf("store: save draft: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrConflict
	}
	return nil
}
