package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Errors of the account rules, each with the message shown to the registrator.
var (
	ErrInstansiTaken = validate.Refusal("Instansi ini sudah memiliki akun layanan Regsosek (akun bersifat tunggal, §3.2.5 e). " +
		"Jika pejabat pemegang akun berganti, pemegang akun saat ini mengajukan Penggantian Pejabat dari halaman akunnya " +
		"dengan Surat Tugas baru (§3.2.5 g).")
	ErrUsernameTaken = validate.Refusal("Username sudah digunakan. Pilih username lain.")
)

func isUniqueViolation(err error, constraint string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == constraint
}

// InstansiTaken reports whether an instansi already has a pending or active account.
func (s *Store) InstansiTaken(ctx context.Context, kategori, kode string) (bool, error) {
	var taken bool
	err := s.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM akun WHERE kategori = $1 AND instansi_kode = $2
		AND state IN ('menunggu_verifikasi', 'disetujui', 'aktif'))`, kategori, kode).Scan(&taken)
	if err != nil {
		return false, fmt.Errorf("store: instansi taken: %w", err)
	}
	return taken, nil
}

// UsernameTaken reports whether a username is held by a registrator official in force or waiting, or by staff.
func (s *Store) UsernameTaken(ctx context.Context, username string) (bool, error) {
	var taken bool
	err := s.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pejabat WHERE username = $1
		AND state IN ('menunggu_verifikasi', 'disetujui', 'aktif'))
		OR EXISTS (SELECT 1 FROM staff WHERE username = $1)`, username).Scan(&taken)
	if err != nil {
		return false, fmt.Errorf("store: username taken: %w", err)
	}
	return taken, nil
}

// CreateRegistration turns a finished wizard into an account waiting for verification, in one
// transaction: the account, its official, the uploads moved from the draft, the draft marked as used, the
// "Proses Pembukaan Akun Layanan Regsosek" email and the audit row. A second call for the same draft returns
// the account the first one created, so pressing "Simpan" twice creates one account. It returns
// ErrInstansiTaken or ErrUsernameTaken when another registration got there first.
func (s *Store) CreateRegistration(ctx context.Context, draftID string, r account.NewRegistration, actor account.Actor, now time.Time) (account.Registration, error) {
	var reg account.Registration
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var akunID *int64
		err := tx.QueryRow(ctx, "SELECT akun_id FROM registration_drafts WHERE id = $1 FOR UPDATE", draftID).Scan(&akunID)
		if err == pgx.ErrNoRows {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: lock draft: %w", err)
		}
		if akunID != nil {
			reg.AkunID = *akunID
			return tx.QueryRow(ctx, "SELECT reference FROM akun WHERE id = $1", *akunID).Scan(&reg.Reference)
		}
		if taken, err := usernameTakenTx(ctx, tx, r.Pejabat.Username); err != nil {
			return err
		} else if taken {
			return ErrUsernameTaken
		}
		err = tx.QueryRow(ctx, `INSERT INTO akun (reference, kategori, instansi_kode, instansi_nama, state, created_at)
			VALUES ('AKUN-' || to_char($4::timestamptz AT TIME ZONE 'Asia/Jakarta', 'YYYY') || '-' || lpad(nextval('akun_reference_seq')::text, 6, '0'),
			        $1, $2, $3, 'menunggu_verifikasi', $4)
			RETURNING id, reference`, r.Kategori, r.InstansiKode, r.InstansiNama, now).Scan(&reg.AkunID, &reg.Reference)
		if isUniqueViolation(err, "akun_one_per_instansi") {
			return ErrInstansiTaken
		}
		if err != nil {
			return fmt.Errorf("store: insert akun: %w", err)
		}
		pejabatID, err := s.insertPejabat(ctx, tx, reg.AkunID, r.Pejabat, false, now)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE documents SET draft_id = NULL WHERE draft_id = $1 AND id IN ($2, $3)`,
			draftID, r.Pejabat.KTPDocumentID, r.Pejabat.SuratTugasDocumentID)
		if err != nil {
			return fmt.Errorf("store: attach documents: %w", err)
		}
		if tag.RowsAffected() != 2 {
			return fmt.Errorf("store: attach documents: %d of 2 found in the draft", tag.RowsAffected())
		}
		if _, err := tx.Exec(ctx, "UPDATE registration_drafts SET akun_id = $2, updated_at = $3 WHERE id = $1", draftID, reg.AkunID, now); err != nil {
			return fmt.Errorf("store: close draft: %w", err)
		}
		to := mail.Recipient{Email: r.Pejabat.Email, Nama: r.Pejabat.Nama}
		if err := enqueue(ctx, tx, s.Letters.AkunDiajukan(to, reg.Reference)); err != nil {
			return err
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "akun.daftar", ObjectType: "akun", ObjectID: reg.AkunID,
			Detail: map[string]any{"pejabat_id": pejabatID, "kategori": r.Kategori, "instansi_kode": r.InstansiKode}})
	})
	return reg, err
}

func usernameTakenTx(ctx context.Context, tx pgx.Tx, username string) (bool, error) {
	var taken bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pejabat WHERE username = $1
		AND state IN ('menunggu_verifikasi', 'disetujui', 'aktif'))
		OR EXISTS (SELECT 1 FROM staff WHERE username = $1)`, username).Scan(&taken)
	if err != nil {
		return false, fmt.Errorf("store: username taken: %w", err)
	}
	return taken, nil
}

func (s *Store) insertPejabat(ctx context.Context, tx pgx.Tx, akunID int64, p account.NewPejabat, handover bool, now time.Time) (int64, error) {
	keyID, nikEnc, err := s.Keys.Seal([]byte(p.NIK), []byte("pejabat.nik"))
	if err != nil {
		return 0, fmt.Errorf("store: encrypt NIK: %w", err)
	}
	var hash *string
	if p.PasswordHash != "" {
		hash = &p.PasswordHash
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO pejabat (akun_id, state, instansi, unit_kerja, nama, nik_enc, nik_key_id, jabatan,
			email, email_unit_kerja, phone, username, password_hash, ktp_document_id, surat_tugas_document_id, is_handover, created_at)
		VALUES ($1, 'menunggu_verifikasi', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
		akunID, p.Instansi, p.UnitKerja, p.Nama, nikEnc, keyID, p.Jabatan, p.Email, p.EmailUnitKerja, p.Phone,
		p.Username, hash, p.KTPDocumentID, p.SuratTugasDocumentID, handover, now).Scan(&id)
	if isUniqueViolation(err, "pejabat_username_unique") {
		return 0, ErrUsernameTaken
	}
	if isUniqueViolation(err, "pejabat_one_pending") {
		return 0, ErrConflict
	}
	if err != nil {
		return 0, fmt.Errorf("store: insert pejabat: %w", err)
	}
	return id, nil
}

// AkunReference returns an account's reference number.
func (s *Store) AkunReference(ctx context.Context, akunID int64) (string, error) {
	var ref string
	err := s.Pool.QueryRow(ctx, "SELECT reference FROM akun WHERE id = $1", akunID).Scan(&ref)
	if err == pgx.ErrNoRows {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: akun reference: %w", err)
	}
	return ref, nil
}
