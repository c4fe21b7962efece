package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// "Ganti Pejabat Pemegang Akun" without the incumbent (§3.2.5 g: a change of official is a new Surat Tugas and
// updated data diri on the same account): a new official of the instansi starts it from the Masuk page, not
// signed in. The verifikator akun approves it as a new account; at activation the official in force is
// replaced (Activate) and the account keeps its history.

// Refusals of a handover started from the Masuk page.
var (
	ErrNoActiveAkun  error = validate.Refusal("Instansi ini belum memiliki akun layanan yang aktif. Gunakan Daftar untuk membuat akun layanan.")
	ErrHandoverAlive error = validate.Refusal("Penggantian pejabat untuk instansi ini sudah diajukan dan sedang diverifikasi. Hubungi Pengelola Data Regsosek bila ada pertanyaan.")
)

// CreatePublicHandover files a handover for the active akun layanan of an instansi (kategori and kode, as the
// registration wizard names it), started without its official: the successor is emailed as usual, and the
// official in force is emailed that it started. It returns the account's reference. Refusals:
// ErrNoActiveAkun, ErrHandoverAlive, ErrUsernameTaken, an *UploadError; nothing is stored then.
func (s *Store) CreatePublicHandover(ctx context.Context, kategori, kode string, p account.NewPejabat, ktp, suratTugas dokumen.Upload,
	actor account.Actor, now time.Time) (string, error) {
	var reference string
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var akunID int64
		var instansi string
		err := tx.QueryRow(ctx, `SELECT id, reference, instansi_nama FROM akun WHERE kategori = $1 AND instansi_kode = $2 AND state = 'aktif'
			FOR UPDATE`, kategori, kode).Scan(&akunID, &reference, &instansi)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNoActiveAkun
		}
		if err != nil {
			return fmt.Errorf("store: public handover: %w", err)
		}
		var incumbent mail.Recipient
		var waiting bool
		err = tx.QueryRow(ctx, `SELECT coalesce(max(email) FILTER (WHERE state = 'aktif'), ''), coalesce(max(nama) FILTER (WHERE state = 'aktif'), ''),
				bool_or(state IN ('menunggu_verifikasi', 'disetujui')) FROM pejabat WHERE akun_id = $1`, akunID).
			Scan(&incumbent.Email, &incumbent.Nama, &waiting)
		if err != nil {
			return fmt.Errorf("store: public handover: %w", err)
		}
		if waiting {
			return ErrHandoverAlive
		}
		id, err := s.fileHandover(ctx, tx, akunID, reference, p, ktp, suratTugas, true, now)
		if errors.Is(err, ErrConflict) {
			return ErrHandoverAlive
		}
		if err != nil {
			return err
		}
		if incumbent.Email != "" {
			if err := enqueue(ctx, tx, s.Letters.GantiPejabatDimulai(incumbent, reference, instansi, p.Nama)); err != nil {
				return err
			}
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "pejabat.ajukan_penggantian_tanpa_pemegang", ObjectType: "pejabat", ObjectID: id,
			Detail: map[string]any{"akun_id": akunID}})
	})
	return reference, err
}
