package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/sepakat"
)

// SepakatRegistry is the built-in Sepakat adapter, the default: it creates and keeps the accounts in the
// portal's own database (sepakat_registry), the password as an argon2id hash. Each idempotency key is
// recorded in the transaction of its change, so a replay does nothing.
type SepakatRegistry struct {
	Store *Store
	Now   func() time.Time
}

var _ sepakat.Provisioner = (*SepakatRegistry)(nil)

// seen records key for op; it reports false when the key was recorded before (a replay).
func (r *SepakatRegistry) seen(ctx context.Context, tx pgx.Tx, key, op, username string) (bool, error) {
	tag, err := tx.Exec(ctx, `INSERT INTO sepakat_registry_requests (idempotency_key, operation, username, at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (idempotency_key) DO NOTHING`, key, op, username, r.Now())
	if err != nil {
		return false, fmt.Errorf("sepakat registry: %s: %w", op, err)
	}
	return tag.RowsAffected() == 1, nil
}

// Create adds the account. A username already taken under another key is a permanent error.
func (r *SepakatRegistry) Create(ctx context.Context, key string, a sepakat.Account) (string, error) {
	hash, err := account.HashPassword(a.Password)
	if err != nil {
		return "", fmt.Errorf("sepakat registry: create: %w", err)
	}
	err = r.Store.inTx(ctx, func(tx pgx.Tx) error {
		first, err := r.seen(ctx, tx, key, "create", a.Username)
		if err != nil || !first {
			return err
		}
		now := r.Now()
		_, err = tx.Exec(ctx, `INSERT INTO sepakat_registry (username, password_hash, wilayah, jenis_data, tingkat, berlaku_sampai, instansi,
				pengguna, state, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'aktif', $9, $9)`,
			a.Username, hash, a.Wilayah, a.JenisData, a.Tingkat, dateOnly(a.BerlakuSampai), a.Instansi, a.Pengguna, now)
		if isUniqueViolation(err, "sepakat_registry_pkey") {
			return &sepakat.Error{Op: "create", Status: 409, Message: "nama pengguna " + a.Username + " sudah ada"}
		}
		if err != nil {
			return fmt.Errorf("sepakat registry: create: %w", err)
		}
		return nil
	})
	return a.Username, err
}

// change runs one update of an existing account under an idempotency key.
func (r *SepakatRegistry) change(ctx context.Context, key, op, username, sql string, args ...any) error {
	return r.Store.inTx(ctx, func(tx pgx.Tx) error {
		first, err := r.seen(ctx, tx, key, op, username)
		if err != nil || !first {
			return err
		}
		tag, err := tx.Exec(ctx, sql, append([]any{username, r.Now()}, args...)...)
		if err != nil {
			return fmt.Errorf("sepakat registry: %s: %w", op, err)
		}
		if tag.RowsAffected() == 0 && op != "revoke" {
			return &sepakat.Error{Op: op, Status: 404, Message: "akun " + username + " tidak ada"}
		}
		return nil
	})
}

// Extend moves the end date and re-opens the account.
func (r *SepakatRegistry) Extend(ctx context.Context, key, username string, until time.Time) error {
	return r.change(ctx, key, "extend", username,
		"UPDATE sepakat_registry SET berlaku_sampai = $3, state = 'aktif', updated_at = $2 WHERE username = $1", dateOnly(until))
}

// Revoke closes the account; one that does not exist counts as closed.
func (r *SepakatRegistry) Revoke(ctx context.Context, key, username, _ string) error {
	return r.change(ctx, key, "revoke", username, "UPDATE sepakat_registry SET state = 'dicabut', updated_at = $2 WHERE username = $1")
}

// SetPassword replaces the password hash.
func (r *SepakatRegistry) SetPassword(ctx context.Context, key, username, password string) error {
	hash, err := account.HashPassword(password)
	if err != nil {
		return fmt.Errorf("sepakat registry: set password: %w", err)
	}
	return r.change(ctx, key, "set_password", username,
		"UPDATE sepakat_registry SET password_hash = $3, updated_at = $2 WHERE username = $1", hash)
}

// SepakatLogin checks a username and password against the registry, as Sepakat's sign-in would: true for
// an open account within its dates. Tests use it to show a delivered password really works.
func (r *SepakatRegistry) SepakatLogin(ctx context.Context, username, password string) (bool, error) {
	var hash, state string
	var until time.Time
	err := r.Store.Pool.QueryRow(ctx, "SELECT password_hash, state, berlaku_sampai FROM sepakat_registry WHERE username = $1", username).
		Scan(&hash, &state, &until)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("sepakat registry: login: %w", err)
	}
	ok, err := account.VerifyPassword(hash, password)
	if err != nil {
		return false, err
	}
	return ok && state == "aktif" && !indo.Today(r.Now()).After(indo.DayStart(until)), nil
}
