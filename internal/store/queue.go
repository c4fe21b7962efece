package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
)

const tierSQL = `coalesce((SELECT max(CASE r.jenis_data WHEN 'bnba' THEN 4 WHEN 'mikro' THEN 3 WHEN 'agregat_terpilah' THEN 2 ELSE 0 END)
	FROM permohonan_rows r WHERE r.permohonan_id = p.id), 0)`

// ListQueue returns a page of a stage's queue, oldest submission first, in one query that walks the
// (state, submitted_at, id) index.
func (s *Store) ListQueue(ctx context.Context, f review.QueueFilter) ([]review.QueueItem, error) {
	q, args := queueSQL(f)
	rows, err := s.Pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: queue: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[review.QueueItem])
	if err != nil {
		return nil, fmt.Errorf("store: queue: %w", err)
	}
	return list, nil
}

// ExplainQueue returns PostgreSQL's plan for the queue query ListQueue runs, so a test can check it uses
// the index at realistic volumes.
func (s *Store) ExplainQueue(ctx context.Context, f review.QueueFilter) (string, error) {
	q, args := queueSQL(f)
	rows, err := s.Pool.Query(ctx, "EXPLAIN "+q, args...)
	if err != nil {
		return "", fmt.Errorf("store: explain queue: %w", err)
	}
	defer rows.Close()
	var plan strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "", err
		}
		plan.WriteString(line + "\n")
	}
	return plan.String(), rows.Err()
}

func queueSQL(f review.QueueFilter) (string, []any) {
	where := []string{"p.state = $1"}
	args := []any{review.StateOf(f.Stage)}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if f.Kategori != "" {
		add("a.kategori = ?", f.Kategori)
	}
	if f.Provinsi != "" {
		add("a.kategori <> 'pusat' AND left(a.instansi_kode, 2) = ?", f.Provinsi)
	}
	if f.Tier != 0 {
		add(tierSQL+" = ?", f.Tier)
	}
	if f.AfterTime != nil {
		args = append(args, *f.AfterTime, f.AfterID)
		where = append(where, fmt.Sprintf("(p.submitted_at, p.id) > ($%d, $%d)", len(args)-1, len(args)))
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	args = append(args, limit)
	q := `SELECT p.id, p.reference, a.kategori, a.instansi_kode, a.instansi_nama, p.submitted_at, p.due_at, p.assignee_id,
			coalesce(st.nama, ''), ` + tierSQL + `, (SELECT count(*) FROM permohonan_rows r WHERE r.permohonan_id = p.id AND r.is_new)
		FROM permohonan p JOIN akun a ON a.id = p.akun_id LEFT JOIN staff st ON st.id = p.assignee_id
		WHERE ` + strings.Join(where, " AND ") + fmt.Sprintf(" ORDER BY p.submitted_at, p.id LIMIT $%d", len(args))
	return q, args
}

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
