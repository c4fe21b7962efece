package store

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// OTP rules: a code lives 10 minutes, is used once, and five wrong tries end it.
const (
	OTPValidity = 10 * time.Minute
	OTPMaxTries = 5
)

// Activation errors, each with the message shown on the OTP page.
var (
	ErrOTPWrong   = validate.Refusal("Kode OTP salah.")
	ErrOTPExpired = validate.Refusal("Kode OTP sudah kedaluwarsa. Minta kode baru.")
	ErrOTPLocked  = validate.Refusal("Kode OTP salah lima kali. Minta kode baru untuk mencoba lagi.")
	ErrLinkUsed   = validate.Refusal("Tautan aktivasi ini sudah digunakan atau tidak berlaku lagi. Silakan masuk dengan username dan kata sandi Anda.")
)

// FindActivation returns the live activation for a link; ErrLinkUsed when it was used, expired or never existed.
func (s *Store) FindActivation(ctx context.Context, tokenHash []byte, now time.Time) (account.ActivationInfo, error) {
	var a account.ActivationInfo
	err := s.Pool.QueryRow(ctx, `SELECT v.id, p.id, p.nama, p.email, p.username, p.is_handover, v.failed_tries, v.code_expires_at
		FROM activations v JOIN pejabat p ON p.id = v.pejabat_id
		WHERE v.token_hash = $1 AND v.used_at IS NULL AND v.link_expires_at > $2 AND p.state = 'disetujui'`, tokenHash, now).
		Scan(&a.ID, &a.PejabatID, &a.Nama, &a.Email, &a.Username, &a.IsHandover, &a.FailedTries, &a.CodeExpires)
	if err == pgx.ErrNoRows {
		return a, ErrLinkUsed
	}
	if err != nil {
		return a, fmt.Errorf("store: find activation: %w", err)
	}
	return a, nil
}

// Activate checks an OTP code and, when right, makes the official the account's holder in one transaction:
// the link is used, the official becomes 'aktif' (with the password chosen now, for a handover), the official
// it replaces becomes 'diganti' so its credentials stop working at this moment, and the account is 'aktif'.
// A wrong code is counted (and committed) before ErrOTPWrong returns.
func (s *Store) Activate(ctx context.Context, tokenHash, codeHash []byte, passwordHash string, actor account.Actor, now time.Time) (int64, error) {
	var pejabatID int64
	var wrong bool
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var id, akunID int64
		var stored []byte
		var tries int
		var expires time.Time
		var handover bool
		err := tx.QueryRow(ctx, `SELECT v.id, v.pejabat_id, p.akun_id, v.code_hash, v.failed_tries, v.code_expires_at, p.is_handover
			FROM activations v JOIN pejabat p ON p.id = v.pejabat_id
			WHERE v.token_hash = $1 AND v.used_at IS NULL AND v.link_expires_at > $2 AND p.state = 'disetujui'
			FOR UPDATE OF v, p`, tokenHash, now).Scan(&id, &pejabatID, &akunID, &stored, &tries, &expires, &handover)
		if err == pgx.ErrNoRows {
			return ErrLinkUsed
		}
		if err != nil {
			return fmt.Errorf("store: activate: %w", err)
		}
		if tries >= OTPMaxTries {
			return ErrOTPLocked
		}
		if !expires.After(now) {
			return ErrOTPExpired
		}
		if subtle.ConstantTimeCompare(stored, codeHash) != 1 {
			wrong = true
			if _, err := tx.Exec(ctx, "UPDATE activations SET failed_tries = failed_tries + 1 WHERE id = $1", id); err != nil {
				return fmt.Errorf("store: count OTP failure: %w", err)
			}
			return audit(ctx, tx, actor, AuditEntry{Action: "otp.salah", ObjectType: "pejabat", ObjectID: pejabatID})
		}
		if _, err := tx.Exec(ctx, "UPDATE activations SET used_at = $2 WHERE id = $1", id, now); err != nil {
			return fmt.Errorf("store: use activation: %w", err)
		}
		if handover {
			if passwordHash == "" {
				return errors.New("store: activate: a handover needs the new official's password")
			}
			var previous int64
			err := tx.QueryRow(ctx, "SELECT id FROM pejabat WHERE akun_id = $1 AND state = 'aktif'", akunID).Scan(&previous)
			if err != nil && !errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("store: previous official: %w", err)
			}
			if previous != 0 {
				if err := transitionPejabat(ctx, tx, previous, account.Ganti, rowMove{actor: account.Sistem, cols: cols{}.set("ended_at", now),
					partOf: "pejabat.penggantian_aktif"}); err != nil {
					return err
				}
			}
			if _, err := tx.Exec(ctx, "UPDATE pejabat SET password_hash = $2 WHERE id = $1", pejabatID, passwordHash); err != nil {
				return fmt.Errorf("store: set password: %w", err)
			}
		}
		// The official activates their own account: the move is theirs even though they are not signed in yet.
		self := actor
		self.Kind, self.ID = account.ActorRegistrator, pejabatID
		action := "otp.aktivasi"
		if handover {
			action = "pejabat.penggantian_aktif"
		}
		if err := transitionPejabat(ctx, tx, pejabatID, account.Aktifkan, rowMove{actor: self, cols: cols{}.set("activated_at", now),
			action: action, detail: map[string]any{"akun_id": akunID}}); err != nil {
			return err
		}
		if handover {
			return nil
		}
		return transitionAkun(ctx, tx, akunID, account.Aktifkan, rowMove{actor: self, partOf: action})
	})
	if err == nil && wrong {
		return 0, ErrOTPWrong
	}
	return pejabatID, err
}

// RenewOTP replaces the code of a live link (act's TokenHash; after expiry or five wrong tries) with act's
// code, valid until act.CodeExpires, and emails it with the link.
func (s *Store) RenewOTP(ctx context.Context, act account.Activation, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var a account.ActivationInfo
		err := tx.QueryRow(ctx, `UPDATE activations v SET code_hash = $2, code_expires_at = $3, failed_tries = 0
			FROM pejabat p WHERE p.id = v.pejabat_id AND v.token_hash = $1 AND v.used_at IS NULL
			AND v.link_expires_at > $4 AND p.state = 'disetujui'
			RETURNING v.id, p.id, p.nama, p.email, p.username, p.is_handover`, act.TokenHash, act.CodeHash, act.CodeExpires, now).
			Scan(&a.ID, &a.PejabatID, &a.Nama, &a.Email, &a.Username, &a.IsHandover)
		if err == pgx.ErrNoRows {
			return ErrLinkUsed
		}
		if err != nil {
			return fmt.Errorf("store: renew OTP: %w", err)
		}
		to := mail.Recipient{Email: a.Email, Nama: a.Nama}
		if err := enqueue(ctx, tx, s.Letters.KodeOTPBaru(to, act.Token, act.Code, OTPValidity)); err != nil {
			return err
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "otp.kode_baru", ObjectType: "pejabat", ObjectID: a.PejabatID})
	})
}
