package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
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

// Admit lets one attempt through for all keys (a client and an account, say) or none: the check and the
// count are one transaction holding the keys' rows locked, so N parallel attempts cost what N sequential
// ones would — the first three in a window are free, each further one is let through only once the block
// the one before it set has passed (FailureDelay). It returns how long the caller must wait when any key is
// blocked, and then counts nothing. A let-through attempt that succeeds is handed back with Refund (or the
// key forgotten with ResetLimit); one that fails has already been counted.
func (s *Store) Admit(ctx context.Context, now time.Time, window time.Duration, keys ...string) (time.Duration, error) {
	keys = slices.Clone(keys)
	slices.Sort(keys) // one lock order for every caller: no deadlock between two attempts on the same keys
	keys = slices.Compact(keys)
	var wait time.Duration
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO rate_limits (key, count, window_start)
			SELECT k, 0, $2 FROM unnest($1::text[]) AS k ORDER BY k ON CONFLICT (key) DO NOTHING`, keys, now); err != nil {
			return err
		}
		type row struct {
			key     string
			count   int
			start   time.Time
			blocked *time.Time
		}
		rows, err := tx.Query(ctx, `SELECT key, count, window_start, blocked_until FROM rate_limits
			WHERE key = ANY($1) ORDER BY key FOR UPDATE`, keys)
		if err != nil {
			return err
		}
		list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
			var x row
			return x, r.Scan(&x.key, &x.count, &x.start, &x.blocked)
		})
		if err != nil {
			return err
		}
		for _, x := range list {
			if x.blocked != nil && x.blocked.After(now) {
				wait = max(wait, x.blocked.Sub(now))
			}
		}
		if wait > 0 {
			return nil
		}
		for _, x := range list {
			count, start := x.count+1, x.start
			if !start.Add(window).After(now) {
				count, start = 1, now
			}
			var blocked *time.Time
			if d := FailureDelay(count); d > 0 {
				until := now.Add(d)
				blocked = &until
			}
			if _, err := tx.Exec(ctx, "UPDATE rate_limits SET count = $2, window_start = $3, blocked_until = $4 WHERE key = $1",
				x.key, count, start, blocked); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: admit attempt: %w", err)
	}
	return wait, nil
}

// Refund hands back an attempt Admit counted for key that did not fail (a right password, or one the server
// could not get to): the count goes down by one and a block it no longer earns is lifted.
func (s *Store) Refund(ctx context.Context, key string) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var count int
		err := tx.QueryRow(ctx, "SELECT count FROM rate_limits WHERE key = $1 FOR UPDATE", key).Scan(&count)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		count = max(count-1, 0)
		_, err = tx.Exec(ctx, `UPDATE rate_limits SET count = $2,
			blocked_until = CASE WHEN $3 THEN NULL ELSE blocked_until END WHERE key = $1`, key, count, FailureDelay(count) == 0)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: refund attempt: %w", err)
	}
	return nil
}

// FailureDelay is the wait an n-th attempt within the window imposes on the next one: none for the first
// three, then 2, 4, 8 … seconds, at most 15 minutes.
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
