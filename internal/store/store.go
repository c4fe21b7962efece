// Package store owns the SQL: every query, the transaction boundaries and the migration runner.
package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/review"
)

// Sentinel errors returned by store methods. Handlers map them to 404, 403 and 409 pages.
var (
	ErrNotFound  = errors.New("store: not found")
	ErrForbidden = errors.New("store: forbidden")
	ErrConflict  = errors.New("store: conflict")
)

// Store wraps the connection pool, with what its methods need besides the database.
type Store struct {
	Pool *pgxpool.Pool
	// SLA sets the review deadlines; Open uses the defaults and main may replace them from the config.
	SLA review.SLA
	// Keys encrypts documents and personal data at rest (config ENCRYPTION_KEYS). Whoever opens the store
	// sets it, with the fields below: main builds it once from the configuration, tests from theirs.
	Keys *crypt.Keyring
	// Letters writes the emails each change sends, with links under the portal's BASE_URL.
	Letters mail.Letters
	// NewLink makes the token of a credentials link and the HMAC stored in its place (CredentialLinks).
	NewLink NewLink
	// NewSurveyLink makes the token of a survey invitation's link and its HMAC (SurveyLinks).
	NewSurveyLink NewLink
	// PemusnahanHari is how many days a pengguna has to upload the Berita Acara Pemusnahan Data after a row's
	// access ended (BA_PEMUSNAHAN_HARI); 0 means request.DefaultPemusnahanDays.
	PemusnahanHari int
}

// Open connects to PostgreSQL and checks the connection. configure, when given, adjusts the pool
// configuration first (tests add a query tracer).
func Open(ctx context.Context, databaseURL string, configure ...func(*pgxpool.Config)) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("store: parse DATABASE_URL: %w", err)
	}
	for _, c := range configure {
		c(cfg)
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "portal-regsosek"
	cfg.ConnConfig.RuntimeParams["timezone"] = "Asia/Jakarta"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: open pool: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	return &Store{Pool: pool, SLA: review.DefaultSLA}, nil
}

// Close closes every connection.
func (s *Store) Close() { s.Pool.Close() }

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.Pool.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// inTx runs fn in one transaction, committing when it returns nil and rolling back otherwise.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.Pool, fn)
}
