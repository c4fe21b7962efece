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
)

// CreateHandover files a Penggantian Pejabat (§3.2.5 g): the new official's data diri, KTP and new Surat
// Tugas, in one transaction with the email to the new official and the audit row. It returns ErrConflict
// when a handover is already waiting, and an *UploadError for a refused file (nothing is stored then).
func (s *Store) CreateHandover(ctx context.Context, akunID int64, p account.NewPejabat, ktp, suratTugas dokumen.Upload,
	actor account.Actor, now time.Time) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var reference string
		var waiting bool
		err := tx.QueryRow(ctx, `SELECT reference, EXISTS (SELECT 1 FROM pejabat WHERE akun_id = $1
			AND state IN ('menunggu_verifikasi', 'disetujui')) FROM akun WHERE id = $1`, akunID).Scan(&reference, &waiting)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: handover: %w", err)
		}
		if waiting {
			return ErrConflict
		}
		id, err = s.fileHandover(ctx, tx, akunID, reference, p, ktp, suratTugas, false, now)
		if err != nil {
			return err
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "pejabat.ajukan_penggantian", ObjectType: "pejabat", ObjectID: id,
			Detail: map[string]any{"akun_id": akunID}})
	})
	return id, err
}

// fileHandover stores a successor's data diri, KTP and Surat Tugas for an account and emails them; a
// handover started without the official in force (tanpaPemegang) is marked for the verifier.
func (s *Store) fileHandover(ctx context.Context, tx pgx.Tx, akunID int64, reference string, p account.NewPejabat, ktp, suratTugas dokumen.Upload,
	tanpaPemegang bool, now time.Time) (int64, error) {
	if taken, err := usernameTakenTx(ctx, tx, p.Username); err != nil {
		return 0, err
	} else if taken {
		return 0, ErrUsernameTaken
	}
	k, err := s.PutDocument(ctx, tx, ktp.Kind, ktp.Name, ktp.R, nil)
	if err != nil {
		return 0, err
	}
	st, err := s.PutDocument(ctx, tx, suratTugas.Kind, suratTugas.Name, suratTugas.R, nil)
	if err != nil {
		return 0, err
	}
	p.KTPDocumentID, p.SuratTugasDocumentID, p.PasswordHash = k.ID, st.ID, ""
	id, err := s.insertPejabat(ctx, tx, akunID, p, true, now)
	if err != nil {
		return 0, err
	}
	if tanpaPemegang {
		if _, err := tx.Exec(ctx, "UPDATE pejabat SET tanpa_pemegang = true WHERE id = $1", id); err != nil {
			return 0, fmt.Errorf("store: handover: %w", err)
		}
	}
	return id, enqueue(ctx, tx, s.Letters.PenggantianPejabatDiajukan(mail.Recipient{Email: p.Email, Nama: p.Nama}, reference))
}

// SaveDraftUploads stores the wizard's uploads with its draft in one transaction: each new file replaces
// the draft's earlier file of the same kind, and the payload (built once the new document ids are known)
// is saved with them.
func (s *Store) SaveDraftUploads(ctx context.Context, draftID string, uploads []dokumen.Upload,
	build func(docs map[dokumen.Kind]dokumen.Document) (payload []byte, keyID string, err error), now, expires time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		// The row must exist before documents can reference it.
		if _, err := tx.Exec(ctx, `INSERT INTO registration_drafts (id, payload, key_id, created_at, updated_at, expires_at)
			VALUES ($1, '', '', $2, $2, $3) ON CONFLICT (id) DO NOTHING`, draftID, now, expires); err != nil {
			return fmt.Errorf("store: draft uploads: %w", err)
		}
		docs := map[dokumen.Kind]dokumen.Document{}
		for _, u := range uploads {
			d, err := s.PutDocument(ctx, tx, u.Kind, u.Name, u.R, &draftID)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "DELETE FROM documents WHERE draft_id = $1 AND kind = $2 AND id <> $3", draftID, u.Kind, d.ID); err != nil {
				return fmt.Errorf("store: replace upload: %w", err)
			}
			docs[u.Kind] = d
		}
		payload, keyID, err := build(docs)
		if err != nil {
			return err
		}
		return saveDraftTx(ctx, tx, Draft{ID: draftID, Payload: payload, KeyID: keyID}, now, expires)
	})
}

// DraftDocument returns a document's metadata only while it belongs to this draft.
func (s *Store) DraftDocument(ctx context.Context, draftID string, id int64) (dokumen.Document, error) {
	d, err := s.FindDocument(ctx, id)
	if err != nil {
		return d, err
	}
	if d.DraftID == nil || *d.DraftID != draftID {
		return dokumen.Document{}, ErrNotFound
	}
	return d, nil
}
