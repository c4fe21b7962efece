package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/review"
)

// "Simpan sementara" (issue 15): a verifier's judgement form kept half-done. Only the verifier the
// permohonan is assigned to, while it is in that stage, may keep one; sending the judgement deletes it
// (Verify).

// SaveReviewDraft keeps what verifier staffID has filled in on the stage's form; ErrConflict when the
// permohonan has left the stage or is not theirs. The permohonan is share-locked, so a judgement being sent
// (Verify, which deletes the drafts) finishes first and the stage is then seen to have moved on.
func (s *Store) SaveReviewDraft(ctx context.Context, id int64, stage review.Stage, staffID int64, isian map[string]string, now time.Time) error {
	body, err := json.Marshal(isian)
	if err != nil {
		return err
	}
	tag, err := s.Pool.Exec(ctx, `INSERT INTO review_draft (permohonan_id, stage, staff_id, isian, saved_at)
		SELECT p.id, $2, $3, $4, $5 FROM permohonan p WHERE p.id = $1 AND p.state = $6 AND p.assignee_id = $3 FOR SHARE OF p
		ON CONFLICT (permohonan_id, stage, staff_id) DO UPDATE SET isian = EXCLUDED.isian, saved_at = EXCLUDED.saved_at`,
		id, string(stage), staffID, body, now, string(review.StateOf(stage)))
	if err != nil {
		return fmt.Errorf("store: save review draft: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrConflict
	}
	return nil
}

// ReviewDraft returns the form verifier staffID kept for the stage, or nil.
func (s *Store) ReviewDraft(ctx context.Context, id int64, stage review.Stage, staffID int64) (map[string]string, time.Time, error) {
	var body []byte
	var at time.Time
	err := s.Pool.QueryRow(ctx, `SELECT isian, saved_at FROM review_draft WHERE permohonan_id = $1 AND stage = $2 AND staff_id = $3`,
		id, string(stage), staffID).Scan(&body, &at)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, at, nil
	}
	if err != nil {
		return nil, at, fmt.Errorf("store: review draft: %w", err)
	}
	var isian map[string]string
	if err := json.Unmarshal(body, &isian); err != nil {
		return nil, at, fmt.Errorf("store: review draft: %w", err)
	}
	return isian, at, nil
}

func deleteReviewDrafts(ctx context.Context, tx pgx.Tx, id int64, stage review.Stage) error {
	_, err := tx.Exec(ctx, "DELETE FROM review_draft WHERE permohonan_id = $1 AND stage = $2", id, string(stage))
	return err
}
