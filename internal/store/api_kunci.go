package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/api"
)

// Keys of the machine API (internal/api): issued, listed and revoked by the admin, stored as HMACs only.

// APIKey is a key as the portal keeps it (never the token).
type APIKey struct {
	ID           int64
	Nama         string
	Petunjuk     string
	Cakupan      []api.Scope
	AkunID       *int64
	InstansiNama string
	PerMinute    int
	State        api.KeyState
	DibuatAt     time.Time
	DibuatOleh   string
	DicabutAt    *time.Time
	Alasan       string
	DipakaiAt    *time.Time
}

// Has reports whether the key may read scope.
func (k APIKey) Has(scope api.Scope) bool {
	for _, s := range k.Cakupan {
		if s == scope {
			return true
		}
	}
	return false
}

// AkunScope is the account a key is limited to, 0 for every instansi.
func (k APIKey) AkunScope() int64 {
	if k.AkunID == nil {
		return 0
	}
	return *k.AkunID
}

// NewAPIKey is what the admin fills in to issue a key.
type NewAPIKey struct {
	Nama      string
	Cakupan   []api.Scope
	AkunID    int64 // 0: every instansi
	PerMinute int
	Hash      []byte // the token's HMAC
	Petunjuk  string
}

const apiKeySelect = `SELECT k.id, k.nama, k.petunjuk, k.cakupan, k.akun_id, coalesce(a.instansi_nama, ''), k.batas_per_menit, k.state, k.dibuat_at,
		s.nama, k.dicabut_at, coalesce(k.dicabut_alasan, ''), k.dipakai_at
	FROM api_kunci k JOIN staff s ON s.id = k.dibuat_by LEFT JOIN akun a ON a.id = k.akun_id`

func scanAPIKey(row pgx.CollectableRow) (APIKey, error) {
	var k APIKey
	var scopes []string
	err := row.Scan(&k.ID, &k.Nama, &k.Petunjuk, &scopes, &k.AkunID, &k.InstansiNama, &k.PerMinute, &k.State, &k.DibuatAt, &k.DibuatOleh,
		&k.DicabutAt, &k.Alasan, &k.DipakaiAt)
	for _, s := range scopes {
		k.Cakupan = append(k.Cakupan, api.Scope(s))
	}
	return k, err
}

// CreateAPIKey issues a key, audited. ErrNotFound when the account it is limited to is not active.
func (s *Store) CreateAPIKey(ctx context.Context, k NewAPIKey, actor account.Actor, now time.Time) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var akun *int64
		if k.AkunID != 0 {
			var ok bool
			if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM akun WHERE id = $1 AND state = 'aktif')", k.AkunID).Scan(&ok); err != nil {
				return fmt.Errorf("store: api key: %w", err)
			}
			if !ok {
				return ErrNotFound
			}
			akun = &k.AkunID
		}
		scopes := make([]string, len(k.Cakupan))
		for i, sc := range k.Cakupan {
			scopes[i] = string(sc)
		}
		err := tx.QueryRow(ctx, `INSERT INTO api_kunci (nama, petunjuk, token_hash, cakupan, akun_id, batas_per_menit, dibuat_by, dibuat_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, k.Nama, k.Petunjuk, k.Hash, scopes, akun, k.PerMinute, actor.ID, now).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: api key: %w", err)
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "api_kunci.terbitkan", ObjectType: "api_kunci", ObjectID: id,
			Detail: map[string]any{"cakupan": scopes, "akun_id": akun, "batas_per_menit": k.PerMinute}})
	})
	return id, err
}

// ListAPIKeys returns every key, the active ones first, newest first.
func (s *Store) ListAPIKeys(ctx context.Context) ([]APIKey, error) {
	rows, err := s.Pool.Query(ctx, apiKeySelect+" ORDER BY k.state, k.id DESC")
	if err != nil {
		return nil, fmt.Errorf("store: api keys: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanAPIKey)
	if err != nil {
		return nil, fmt.Errorf("store: api keys: %w", err)
	}
	return list, nil
}

// FindAPIKey returns the active key whose token has hash. ErrNotFound for an unknown or revoked key.
func (s *Store) FindAPIKey(ctx context.Context, hash []byte) (APIKey, error) {
	rows, err := s.Pool.Query(ctx, apiKeySelect+" WHERE k.token_hash = $1 AND k.state = 'aktif'", hash)
	if err != nil {
		return APIKey{}, fmt.Errorf("store: api key: %w", err)
	}
	k, err := pgx.CollectExactlyOneRow(rows, scanAPIKey)
	if errors.Is(err, pgx.ErrNoRows) {
		return k, ErrNotFound
	}
	if err != nil {
		return k, fmt.Errorf("store: api key: %w", err)
	}
	return k, nil
}

// RevokeAPIKey revokes a key for good, with the reason, audited. ErrConflict when it is already revoked.
func (s *Store) RevokeAPIKey(ctx context.Context, id int64, alasan string, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		return transitionAPIKey(ctx, tx, id, api.Cabut, rowMove{actor: actor, action: "api_kunci.cabut",
			detail: map[string]any{"alasan": alasan},
			cols:   cols{}.set("dicabut_by", actor.ID).set("dicabut_at", now).set("dicabut_alasan", alasan)})
	})
}

// apiUseEvery is how stale a key's "last used" may be.
const apiUseEvery = time.Minute

// APICall is one call made with a key, as the audit log records it: never the query's values.
type APICall struct {
	Method, Route string
	Status        int
}

// AuditAPICall records a call made with key and when the key was last used, in one transaction. The last
// use is written at most once a minute (apiUseEvery): written on every call, the key's row was locked by each
// call until it committed, so a system calling with one key waited on its own earlier calls.
func (s *Store) AuditAPICall(ctx context.Context, key APIKey, ip string, c APICall, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE api_kunci SET dipakai_at = $2 WHERE id = $1 AND (dipakai_at IS NULL OR dipakai_at <= $3)",
			key.ID, now, now.Add(-apiUseEvery)); err != nil {
			return fmt.Errorf("store: api call: %w", err)
		}
		return audit(ctx, tx, account.Actor{Kind: account.ActorAPI, ID: key.ID, IP: ip}, AuditEntry{Action: "api.panggil", ObjectType: "api_kunci",
			ObjectID: key.ID, Detail: map[string]any{"metode": c.Method, "rute": c.Route, "status": c.Status}})
	})
}

// ActiveAkun is an akun layanan a key may be limited to.
type ActiveAkun struct {
	ID                      int64
	Reference, InstansiNama string
}

// ListActiveAkun returns every active akun layanan, by instansi name.
func (s *Store) ListActiveAkun(ctx context.Context) ([]ActiveAkun, error) {
	rows, err := s.Pool.Query(ctx, "SELECT id, reference, instansi_nama FROM akun WHERE state = 'aktif' ORDER BY instansi_nama")
	if err != nil {
		return nil, fmt.Errorf("store: active akun: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[ActiveAkun])
	if err != nil {
		return nil, fmt.Errorf("store: active akun: %w", err)
	}
	return list, nil
}
