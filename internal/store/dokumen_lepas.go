package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// A file a permohonan stops using is deleted with the change that lets it go — a draft deleted, a file
// replaced, a row or its training evidence removed — as long as the permohonan was never submitted. Until
// then no snapshot names it (request.Snapshot, kept on the submission's timeline entry) and nothing else
// needs it; after, the earlier files stay with the snapshot that names them. An operator's certificate
// carries a name and an NIP or NIK: kept without a purpose, it would be personal data kept for nothing
// (UU 27/2022).

// neverSubmitted reports whether permohonan id has never been submitted.
func neverSubmitted(ctx context.Context, tx pgx.Tx, id int64) (bool, error) {
	var never bool
	err := tx.QueryRow(ctx, "SELECT submitted_at IS NULL FROM permohonan WHERE id = $1", id).Scan(&never)
	if errors.Is(err, pgx.ErrNoRows) {
		return true, nil // deleted in this transaction: a draft
	}
	if err != nil {
		return false, fmt.Errorf("store: permohonan submitted: %w", err)
	}
	return never, nil
}

// evidenceDocument is the document of a row's training evidence, 0 when it has none.
func evidenceDocument(ctx context.Context, tx pgx.Tx, rowID int64) (int64, error) {
	var id *int64
	err := tx.QueryRow(ctx, "SELECT document_id FROM operator_pelatihan WHERE row_id = $1", rowID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) || id == nil {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: evidence document: %w", err)
	}
	return *id, nil
}

// dropUnused deletes the documents of permohonan id that its last change let go, when it was never
// submitted. A document something still refers to is kept (each is tried in a savepoint of its own).
func dropUnused(ctx context.Context, tx pgx.Tx, id int64, docs ...int64) error {
	if len(docs) == 0 {
		return nil
	}
	never, err := neverSubmitted(ctx, tx, id)
	if err != nil || !never {
		return err
	}
	for _, doc := range docs {
		if doc == 0 {
			continue
		}
		sp, err := tx.Begin(ctx)
		if err != nil {
			return fmt.Errorf("store: drop document: %w", err)
		}
		if _, err := sp.Exec(ctx, "DELETE FROM documents WHERE id = $1", doc); err != nil {
			_ = sp.Rollback(ctx)
			if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == "23503" {
				continue // still referred to
			}
			return fmt.Errorf("store: drop document: %w", err)
		}
		if err := sp.Commit(ctx); err != nil {
			return fmt.Errorf("store: drop document: %w", err)
		}
	}
	return nil
}
