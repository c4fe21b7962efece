package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
)

// tierSQL is the highest tier of a permohonan's rows (p).
const tierSQL = `coalesce((SELECT max(` + tierOfRow + `) FROM permohonan_rows r WHERE r.permohonan_id = p.id), 0)`

// tierOfRow is the tier of a permohonan row (r): BNBA 4, mikro 3, agregat terpilah 2, anything else 0.
const tierOfRow = `CASE r.jenis_data WHEN 'bnba' THEN 4 WHEN 'mikro' THEN 3 WHEN 'agregat_terpilah' THEN 2 ELSE 0 END`

// ReviewStats computes the staff home figures in one query per kind.
func (s *Store) ReviewStats(ctx context.Context, now time.Time, direkturID int64) (review.Stats, error) {
	var st review.Stats
	rows, err := s.Pool.Query(ctx, `SELECT state, count(*), count(*) FILTER (WHERE due_at < $1), min(submitted_at)
		FROM permohonan WHERE state IN ('diajukan', 'terverifikasi_teknis', 'menunggu_keputusan') GROUP BY state`, now)
	if err != nil {
		return st, fmt.Errorf("store: stats: %w", err)
	}
	byState := map[request.State]review.StageStats{}
	for rows.Next() {
		var state request.State
		var x review.StageStats
		if err := rows.Scan(&state, &x.Count, &x.Overdue, &x.Oldest); err != nil {
			rows.Close()
			return st, fmt.Errorf("store: stats: %w", err)
		}
		byState[state] = x
	}
	rows.Close()
	for _, stage := range []review.Stage{review.Teknis, review.Substansi, review.Keputusan} {
		x := byState[review.StateOf(stage)]
		x.Stage = stage
		st.Stages = append(st.Stages, x)
	}
	err = s.Pool.QueryRow(ctx, `SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - submitted_at) / 86400)
		FROM permohonan WHERE decided_at >= $1::timestamptz - interval '30 days' AND submitted_at IS NOT NULL`, now).Scan(&st.Decisions30, &st.MedianDaysDecided)
	if err != nil {
		return st, fmt.Errorf("store: stats: %w", err)
	}
	if direkturID != 0 {
		if err := s.Pool.QueryRow(ctx, "SELECT count(*) FROM rekomendasi WHERE direktur_id = $1 AND answered_at IS NULL", direkturID).Scan(&st.Rekomendasi); err != nil {
			return st, fmt.Errorf("store: stats: %w", err)
		}
	}
	return st, nil
}

// SendOverdueReminders emails the assignee of every permohonan past its stage's deadline, once per stage
// visit. Rows are claimed with SKIP LOCKED so several instances never send the same reminder.
func (s *Store) SendOverdueReminders(ctx context.Context, now time.Time) (int, error) {
	sent := 0
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT p.id, p.reference, p.due_at, st.email, st.nama FROM permohonan p JOIN staff st ON st.id = p.assignee_id
			WHERE p.state IN ('diajukan', 'terverifikasi_teknis', 'menunggu_keputusan') AND p.reminded_at IS NULL AND p.due_at < $1
			ORDER BY p.due_at LIMIT 100 FOR UPDATE OF p SKIP LOCKED`, now)
		if err != nil {
			return fmt.Errorf("store: overdue: %w", err)
		}
		type due struct {
			id               int64
			ref, email, nama string
			at               time.Time
		}
		var list []due
		for rows.Next() {
			var d due
			if err := rows.Scan(&d.id, &d.ref, &d.at, &d.email, &d.nama); err != nil {
				rows.Close()
				return fmt.Errorf("store: overdue: %w", err)
			}
			list = append(list, d)
		}
		rows.Close()
		for _, d := range list {
			to, p := mail.Recipient{Email: d.email, Nama: d.nama}, request.Ref{ID: d.id, Reference: d.ref}
			if err := enqueue(ctx, tx, s.Letters.PengingatTenggat(to, p, d.at)); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "UPDATE permohonan SET reminded_at = $2 WHERE id = $1", d.id, now); err != nil {
				return fmt.Errorf("store: overdue: %w", err)
			}
			if err := audit(ctx, tx, account.Actor{Kind: account.ActorSistem}, AuditEntry{Action: "permohonan.pengingat_tenggat", ObjectType: "permohonan", ObjectID: d.id}); err != nil {
				return err
			}
		}
		sent = len(list)
		return nil
	})
	return sent, err
}
