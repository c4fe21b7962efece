package store

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// CreateCaptcha stores a challenge so any instance can check it.
func (s *Store) CreateCaptcha(ctx context.Context, id, digits string, expires time.Time) error {
	if _, err := s.Pool.Exec(ctx, "INSERT INTO captchas (id, digits, expires_at) VALUES ($1, $2, $3)", id, digits, expires); err != nil {
		return fmt.Errorf("store: create captcha: %w", err)
	}
	return nil
}

// CaptchaDigits returns a live challenge's digits (to draw it, or for /dev/captcha); ErrNotFound otherwise.
func (s *Store) CaptchaDigits(ctx context.Context, id string, now time.Time) (string, error) {
	var d string
	err := s.Pool.QueryRow(ctx, "SELECT digits FROM captchas WHERE id = $1 AND expires_at > $2", id, now).Scan(&d)
	if err == pgx.ErrNoRows {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: captcha: %w", err)
	}
	return d, nil
}

// SolveCaptcha checks an answer and deletes the challenge whatever the answer, so each is tried once.
func (s *Store) SolveCaptcha(ctx context.Context, id, answer string, now time.Time) (bool, error) {
	var d string
	var live bool
	err := s.Pool.QueryRow(ctx, "DELETE FROM captchas WHERE id = $1 RETURNING digits, expires_at > $2", id, now).Scan(&d, &live)
	if err == pgx.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: solve captcha: %w", err)
	}
	return live && subtle.ConstantTimeCompare([]byte(d), []byte(answer)) == 1, nil
}

// PeekCaptcha checks an answer before the form is sent (captcha.js): a right answer keeps the challenge for
// the form's own check (SolveCaptcha), a wrong one deletes it, so each challenge still gets one wrong try.
// The challenge is locked while it is checked: peeks sent at once are answered one after the other, and
// after a wrong one the rest find nothing.
func (s *Store) PeekCaptcha(ctx context.Context, id, answer string, now time.Time) (bool, error) {
	var right bool
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var d string
		err := tx.QueryRow(ctx, "SELECT digits FROM captchas WHERE id = $1 AND expires_at > $2 FOR UPDATE", id, now).Scan(&d)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if right = subtle.ConstantTimeCompare([]byte(d), []byte(answer)) == 1; right {
			return nil
		}
		_, err = tx.Exec(ctx, "DELETE FROM captchas WHERE id = $1", id)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: peek captcha: %w", err)
	}
	return right, nil
}
