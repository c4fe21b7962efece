package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// FindCredential looks a username up among officials in force and active staff; ErrNotFound otherwise.
func (s *Store) FindCredential(ctx context.Context, username string) (account.Credential, error) {
	var c account.Credential
	err := s.Pool.QueryRow(ctx, `
		SELECT 'registrator', id, password_hash, sesi_versi FROM pejabat WHERE username = $1 AND state = 'aktif'
		UNION ALL
		SELECT 'staf', id, password_hash, sesi_versi FROM staff WHERE username = $1 AND active
		LIMIT 1`, username).Scan(&c.Kind, &c.ID, &c.PasswordHash, &c.SesiVersi)
	if err == pgx.ErrNoRows {
		return c, ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("store: find credential: %w", err)
	}
	return c, nil
}

// registratorSQL reads an official in force with their account; scanRegistrator reads its row.
const registratorSQL = `SELECT p.id, a.id, p.nama, p.username, p.jabatan, p.unit_kerja, a.reference, a.kategori,
			a.instansi_kode, a.instansi_nama, a.state, p.activated_at, p.email, p.sesi_versi
		FROM pejabat p JOIN akun a ON a.id = p.akun_id`

// registratorDest is where registratorSQL's columns go.
func registratorDest(r *account.Registrator) []any {
	return []any{&r.PejabatID, &r.AkunID, &r.Nama, &r.Username, &r.Jabatan, &r.UnitKerja, &r.Reference, &r.Kategori,
		&r.InstansiKode, &r.InstansiNama, &r.AkunState, &r.ActivatedAt, &r.Email, &r.SesiVersi}
}

func scanRegistrator(row pgx.Row) (account.Registrator, error) {
	var r account.Registrator
	err := row.Scan(registratorDest(&r)...)
	if err == pgx.ErrNoRows {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("store: find registrator: %w", err)
	}
	return r, nil
}

// FindActiveRegistrator returns an official only while in force: once replaced, their session is worthless.
func (s *Store) FindActiveRegistrator(ctx context.Context, pejabatID int64) (account.Registrator, error) {
	return scanRegistrator(s.Pool.QueryRow(ctx, registratorSQL+" WHERE p.id = $1 AND p.state = 'aktif'", pejabatID))
}

// CreateStaff adds a staff member with an encrypted TOTP secret. ErrUsernameTaken when the username is in use.
func (s *Store) CreateStaff(ctx context.Context, n account.NewStaff, actor account.Actor) (int64, error) {
	keyID, enc, err := s.Keys.Seal([]byte(n.TOTPSecret), []byte("staff.totp"))
	if err != nil {
		return 0, fmt.Errorf("store: encrypt TOTP secret: %w", err)
	}
	var id int64
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if taken, err := usernameTakenTx(ctx, tx, n.Username); err != nil {
			return err
		} else if taken {
			return ErrUsernameTaken
		}
		err := tx.QueryRow(ctx, `INSERT INTO staff (username, nama, email, password_hash, totp_secret_enc, totp_key_id, roles, must_change_password)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, n.Username, n.Nama, n.Email, n.PasswordHash, enc, keyID, n.Roles,
			n.MustChangePassword).Scan(&id)
		if isUniqueViolation(err, "staff_username_unique") {
			return ErrUsernameTaken
		}
		if err != nil {
			return fmt.Errorf("store: create staff: %w", err)
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "staf.buat", ObjectType: "staff", ObjectID: id,
			Detail: map[string]any{"roles": n.Roles}})
	})
	return id, err
}

// FindStaff returns an active staff member; ErrNotFound otherwise.
func (s *Store) FindStaff(ctx context.Context, id int64) (account.Staff, error) {
	return scanStaff(s.Pool.QueryRow(ctx, staffSQL+" WHERE st.id = $1 AND st.active", id))
}

// staffSQL reads a staff member; scanStaff reads its row.
const staffSQL = "SELECT st.id, st.username, st.nama, st.email, st.roles, st.must_change_password, st.sesi_versi FROM staff st"

// staffDest is where staffSQL's columns go.
func staffDest(st *account.Staff) []any {
	return []any{&st.ID, &st.Username, &st.Nama, &st.Email, &st.Roles, &st.MustChangePassword, &st.SesiVersi}
}

func scanStaff(row pgx.Row) (account.Staff, error) {
	var st account.Staff
	err := row.Scan(staffDest(&st)...)
	if err == pgx.ErrNoRows {
		return st, ErrNotFound
	}
	if err != nil {
		return st, fmt.Errorf("store: find staff: %w", err)
	}
	return st, nil
}

// FindStaffByUsername returns a staff member by username; ErrNotFound otherwise.
func (s *Store) FindStaffByUsername(ctx context.Context, username string) (account.Staff, error) {
	var id int64
	err := s.Pool.QueryRow(ctx, "SELECT id FROM staff WHERE username = $1", username).Scan(&id)
	if err == pgx.ErrNoRows {
		return account.Staff{}, ErrNotFound
	}
	if err != nil {
		return account.Staff{}, fmt.Errorf("store: find staff: %w", err)
	}
	return s.FindStaff(ctx, id)
}

// StaffTOTPSecret decrypts a staff member's TOTP secret.
func (s *Store) StaffTOTPSecret(ctx context.Context, id int64) (string, error) {
	var enc []byte
	var keyID string
	err := s.Pool.QueryRow(ctx, "SELECT totp_secret_enc, totp_key_id FROM staff WHERE id = $1", id).Scan(&enc, &keyID)
	if err == pgx.ErrNoRows {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: TOTP secret: %w", err)
	}
	b, err := s.Keys.Open(keyID, enc, []byte("staff.totp"))
	if err != nil {
		return "", fmt.Errorf("store: decrypt TOTP secret: %w", err)
	}
	return string(b), nil
}

// UseTOTPStep records the time step of an accepted TOTP code; a code of the same or an earlier step is a
// replay and returns false.
func (s *Store) UseTOTPStep(ctx context.Context, id, step int64) (bool, error) {
	tag, err := s.Pool.Exec(ctx, "UPDATE staff SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2", id, step)
	if err != nil {
		return false, fmt.Errorf("store: use TOTP step: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// ErrResetNotFound is returned for a reset link that was used, expired or never existed.
var ErrResetNotFound = validate.Refusal("Tautan atur ulang kata sandi tidak berlaku lagi. Minta tautan baru.")

// ResetValidity is how long a password reset link stays valid.
const ResetValidity = 60 * time.Minute

// CreatePasswordReset stores a reset link for the official in force with this username, valid for
// ResetValidity, and emails it: token goes into the email, tokenHash (its HMAC) into the database. An unknown
// username does nothing and returns nil: the page says the same either way.
func (s *Store) CreatePasswordReset(ctx context.Context, username, token string, tokenHash []byte, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var id int64
		var nama, email string
		err := tx.QueryRow(ctx, "SELECT id, nama, email FROM pejabat WHERE username = $1 AND state = 'aktif'", username).Scan(&id, &nama, &email)
		if err == pgx.ErrNoRows {
			return nil
		}
		if err != nil {
			return fmt.Errorf("store: password reset: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO password_resets (pejabat_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4)`,
			id, tokenHash, now.Add(ResetValidity), now); err != nil {
			return fmt.Errorf("store: password reset: %w", err)
		}
		if err := enqueue(ctx, tx, s.Letters.AturUlangKataSandi(mail.Recipient{Email: email, Nama: nama}, token, ResetValidity)); err != nil {
			return err
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "kata_sandi.minta_atur_ulang", ObjectType: "pejabat", ObjectID: id})
	})
}

// FindPasswordReset returns a live reset link; ErrResetNotFound otherwise.
func (s *Store) FindPasswordReset(ctx context.Context, tokenHash []byte, now time.Time) (account.ResetInfo, error) {
	var r account.ResetInfo
	err := s.Pool.QueryRow(ctx, `SELECT p.id, p.username FROM password_resets r JOIN pejabat p ON p.id = r.pejabat_id
		WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND p.state = 'aktif'`, tokenHash, now).Scan(&r.PejabatID, &r.Username)
	if err == pgx.ErrNoRows {
		return r, ErrResetNotFound
	}
	if err != nil {
		return r, fmt.Errorf("store: find reset: %w", err)
	}
	return r, nil
}

// ResetPassword uses a reset link once and sets the new password; every other live link for the same
// official dies with it.
func (s *Store) ResetPassword(ctx context.Context, tokenHash []byte, passwordHash string, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var pejabatID int64
		err := tx.QueryRow(ctx, `UPDATE password_resets r SET used_at = $2 FROM pejabat p
			WHERE p.id = r.pejabat_id AND r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND p.state = 'aktif'
			RETURNING p.id`, tokenHash, now).Scan(&pejabatID)
		if err == pgx.ErrNoRows {
			return ErrResetNotFound
		}
		if err != nil {
			return fmt.Errorf("store: reset password: %w", err)
		}
		if _, err := tx.Exec(ctx, "UPDATE password_resets SET used_at = $2 WHERE pejabat_id = $1 AND used_at IS NULL", pejabatID, now); err != nil {
			return fmt.Errorf("store: reset password: %w", err)
		}
		if _, err := tx.Exec(ctx, "UPDATE pejabat SET password_hash = $2 WHERE id = $1", pejabatID, passwordHash); err != nil {
			return fmt.Errorf("store: reset password: %w", err)
		}
		// Whoever had the old password is signed out everywhere: the reset is done from no session of theirs.
		if _, err := endSessions(ctx, tx, account.ActorRegistrator, pejabatID, ""); err != nil {
			return err
		}
		a := actor
		a.Kind, a.ID = account.ActorRegistrator, pejabatID
		if err := passwordChangedMail(ctx, tx, s.Letters, "pejabat", pejabatID, now, true); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{Action: "kata_sandi.ubah", ObjectType: "pejabat", ObjectID: pejabatID,
			Detail: map[string]any{"cara": "atur_ulang"}})
	})
}

// ChangeStaffPassword sets a staff member's own password, ends the one-time password and every other session
// of theirs (except, the stored key of the session making the change), emails them and records it. It returns
// the new sesi_versi for the session that stays.
func (s *Store) ChangeStaffPassword(ctx context.Context, id int64, passwordHash, except string, actor account.Actor, now time.Time) (int, error) {
	var versi int
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE staff SET password_hash = $2, must_change_password = false WHERE id = $1 AND active", id, passwordHash)
		if err != nil {
			return fmt.Errorf("store: change staff password: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		if versi, err = endSessions(ctx, tx, account.ActorStaf, id, except); err != nil {
			return err
		}
		if err := passwordChangedMail(ctx, tx, s.Letters, "staff", id, now, false); err != nil {
			return err
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "kata_sandi.ubah", ObjectType: "staff", ObjectID: id})
	})
	return versi, err
}

// ChangePejabatPassword is ChangeStaffPassword for a registrator changing their password on Akun Saya.
func (s *Store) ChangePejabatPassword(ctx context.Context, id int64, passwordHash, except string, actor account.Actor, now time.Time) (int, error) {
	var versi int
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE pejabat SET password_hash = $2 WHERE id = $1 AND state = 'aktif'", id, passwordHash)
		if err != nil {
			return fmt.Errorf("store: change password: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		if versi, err = endSessions(ctx, tx, account.ActorRegistrator, id, except); err != nil {
			return err
		}
		if err := passwordChangedMail(ctx, tx, s.Letters, "pejabat", id, now, false); err != nil {
			return err
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "kata_sandi.ubah", ObjectType: "pejabat", ObjectID: id,
			Detail: map[string]any{"cara": "akun_saya"}})
	})
	return versi, err
}

// passwordChangedMail tells the person (a row of table, pejabat or staff) that their password changed, so a
// change they did not make does not go unnoticed.
func passwordChangedMail(ctx context.Context, tx pgx.Tx, l mail.Letters, table string, id int64, now time.Time, reset bool) error {
	var nama, email string
	if err := tx.QueryRow(ctx, "SELECT nama, email FROM "+table+" WHERE id = $1", id).Scan(&nama, &email); err != nil {
		return fmt.Errorf("store: password changed mail: %w", err)
	}
	return enqueue(ctx, tx, l.KataSandiDiubah(mail.Recipient{Email: email, Nama: nama}, now, reset))
}
