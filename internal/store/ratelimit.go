package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Allow counts one event for key in a fixed window and reports whether it is within limit; when it is not,
// it also says how long until the window ends. Keys are HMACs, never raw IPs or usernames.
func (s *Store) Allow(ctx context.Context, key string, now time.Time, window time.Duration, limit int) (bool, time.Duration, error) {
	var count int
	var start time.Time
	err := s.Pool.QueryRow(ctx, `
		INSERT INTO rate_limits (key, count, window_start) VALUES ($1, 1, $2)
		ON CONFLICT (key) DO UPDATE SET
			count = CASE WHEN rate_limits.window_start + $3 <= $2 THEN 1 ELSE rate_limits.count + 1 END,
			window_start = CASE WHEN rate_limits.window_start + $3 <= $2 THEN $2 ELSE rate_limits.window_start END
		RETURNING count, window_start`, key, now, window).Scan(&count, &start)
	if err != nil {
		return false, 0, fmt.Errorf("store: rate limit: %w", err)
	}
	if count > limit {
		return false, start.Add(window).Sub(now), nil
	}
	return true, 0, nil
}

// BlockedFor reports how long key is still blocked after earlier failures (0 when it is not).
func (s *Store) BlockedFor(ctx context.Context, key string, now time.Time) (time.Duration, error) {
	var until *time.Time
	err := s.Pool.QueryRow(ctx, "SELECT blocked_until FROM rate_limits WHERE key = $1", key).Scan(&until)
	if err == pgx.ErrNoRows || (err == nil && (until == nil || !until.After(now))) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: blocked for: %w", err)
	}
	return until.Sub(now), nil
}

// RecordFailure counts a failure for key and blocks it for a delay that grows with the failures within
// the window: none for the first three, then 2, 4, 8 … seconds, at most 15 minutes.
func (s *Store) RecordFailure(ctx context.Context, key string, now time.Time, window time.Duration) error {
	var count int
	err := s.Pool.QueryRow(ctx, `
		INSERT INTO rate_limits (key, count, window_start) VALUES ($1, 1, $2)
		ON CONFLICT (key) DO UPDATE SET
			count = CASE WHEN rate_limits.window_start + $3 <= $2 THEN 1 ELSE rate_limits.count + 1 END,
			window_start = CASE WHEN rate_limits.window_start + $3 <= $2 THEN $2 ELSE rate_limits.window_start END
		RETURNING count`, key, now, window).Scan(&count)
	if err != nil {
		return fmt.Errorf("store: record failure: %w", err)
	}
	if d := FailureDelay(count); d > 0 {
		if _, err := s.Pool.Exec(ctx, "UPDATE rate_limits SET blocked_until = $2 WHERE key = $1", key, now.Add(d)); err != nil {
			return fmt.Errorf("store: record failure: %w", err)
		}
	}
	return nil
}

// FailureDelay is the block after n failures in a row.
func FailureDelay(n int) time.Duration {
	if n <= 3 {
		return 0
	}
	d := time.Second << min(n-3, 10)
	return min(d, 15*time.Minute)
}

// ResetLimit forgets key (after a successful sign-in).
func (s *Store) ResetLimit(ctx context.Context, key string) error {
	if _, err := s.Pool.Exec(ctx, "DELETE FROM rate_limits WHERE key = $1", key); err != nil {
		return fmt.Errorf("store: reset limit: %w", err)
	}
	return nil
}
