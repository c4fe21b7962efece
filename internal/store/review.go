package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
)

// Review errors, each with the message shown to the staff member.
var (
	ErrClaimed       error = userError("Permohonan ini sedang ditangani petugas lain. Minta produsen data atau admin untuk mengalihkannya.")
	ErrFourEyes      error = userError("Anda melakukan verifikasi teknis permohonan ini; verifikasi substansi harus dilakukan petugas lain (prinsip empat mata).")
	ErrNotInRevision error = userError("Bagian ini tidak ditandai Belum Sesuai oleh verifikator; hanya bagian yang ditandai yang dapat diubah.")
)

// reviewLock loads and locks the fields a review step checks.
type reviewLock struct {
	State      request.State
	AkunID     int64
	AssigneeID *int64
	TeknisBy   *int64
	DueAt      *time.Time
	Round      int
}

func lockForReview(ctx context.Context, tx pgx.Tx, id int64) (reviewLock, error) {
	var l reviewLock
	err := tx.QueryRow(ctx, `SELECT state, akun_id, assignee_id, teknis_by, due_at,
			(SELECT count(*) FROM permohonan_events e WHERE e.permohonan_id = p.id AND e.event IN ('ajukan', 'ajukan_perbaikan'))
		FROM permohonan p WHERE id = $1 FOR UPDATE`, id).Scan(&l.State, &l.AkunID, &l.AssigneeID, &l.TeknisBy, &l.DueAt, &l.Round)
	if err == pgx.ErrNoRows {
		return l, ErrNotFound
	}
	if err != nil {
		return l, fmt.Errorf("store: lock permohonan: %w", err)
	}
	return l, nil
}

// checkMove applies the state machine and the claim: the event must be allowed from the current state for
// the role (ErrForbidden when the role may never fire it, ErrConflict when the state has moved on), and a
// permohonan held by someone else cannot be worked (ErrClaimed).
func checkMove(l reviewLock, ev request.Event, role string, actorID int64) (request.State, error) {
	next, err := request.Next(l.State, ev, role)
	switch {
	case errors.Is(err, request.ErrForbidden):
		return l.State, ErrForbidden
	case err != nil:
		return l.State, ErrConflict
	}
	if l.AssigneeID != nil && *l.AssigneeID != actorID {
		return l.State, ErrClaimed
	}
	return next, nil
}

// Claim ("Ambil") gives a waiting permohonan to a staff member of the stage's role.
func (s *Store) Claim(ctx context.Context, id int64, role string, actor Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockForReview(ctx, tx, id)
		if err != nil {
			return err
		}
		st := review.StageOf(l.State)
		if st == "" || review.RoleOf(st) != role {
			if st != "" && review.RoleOf(st) != role {
				return ErrForbidden
			}
			return ErrConflict
		}
		if l.AssigneeID != nil {
			if *l.AssigneeID == actor.ID {
				return nil
			}
			return ErrClaimed
		}
		if st == review.Substansi {
			if err := review.CheckFourEyes(l.TeknisBy, actor.ID); err != nil {
				return ErrFourEyes
			}
		}
		if _, err := tx.Exec(ctx, "UPDATE permohonan SET assignee_id = $2, assigned_at = $3 WHERE id = $1", id, actor.ID, now); err != nil {
			return fmt.Errorf("store: claim: %w", err)
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "permohonan.ambil", ObjectType: "permohonan", ObjectID: id})
	})
}

// Reassign gives a permohonan waiting in a stage to another staff member holding the stage's role.
func (s *Store) Reassign(ctx context.Context, id, to int64, actor Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockForReview(ctx, tx, id)
		if err != nil {
			return err
		}
		st := review.StageOf(l.State)
		if st == "" {
			return ErrConflict
		}
		var ok bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM staff WHERE id = $1 AND active AND $2 = ANY(roles))", to, review.RoleOf(st)).Scan(&ok); err != nil {
			return fmt.Errorf("store: reassign: %w", err)
		}
		if !ok {
			return ErrForbidden
		}
		if st == review.Substansi && review.CheckFourEyes(l.TeknisBy, to) != nil {
			return ErrFourEyes
		}
		if _, err := tx.Exec(ctx, "UPDATE permohonan SET assignee_id = $2, assigned_at = $3 WHERE id = $1", id, to, now); err != nil {
			return fmt.Errorf("store: reassign: %w", err)
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "permohonan.alihkan", ObjectType: "permohonan", ObjectID: id,
			Detail: map[string]any{"kepada": to}})
	})
}

func insertJudgements(ctx context.Context, tx pgx.Tx, id int64, round int, stage review.Stage, js []review.Judgement, actorID int64, now time.Time) error {
	if len(js) == 0 {
		return nil
	}
	rows := make([][]any, len(js))
	for i, j := range js {
		rows[i] = []any{id, round, string(stage), j.Item.Type, j.Item.Key, j.Item.Aspect, string(j.Verdict), j.Note, actorID, now}
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"review_items"},
		[]string{"permohonan_id", "round", "stage", "item_type", "item_key", "aspect", "verdict", "note", "reviewer_id", "at"}, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("store: judgements: %w", err)
	}
	return nil
}

// Verify records a verification step (teknis or substansi) and moves the permohonan: forward on "lanjut",
// back to the registrator on "belum_sesuai" (with the email listing the notes). One transaction: the
// guarded state change, the judgements, the timeline entry, the audit row and the email. The deadline
// clock stops while the permohonan is back with the pemohon.
func (s *Store) Verify(ctx context.Context, id int64, stage review.Stage, outcome string, js []review.Judgement,
	mail func(p Permohonan) OutMail, actor Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockForReview(ctx, tx, id)
		if err != nil {
			return err
		}
		role := review.RoleOf(stage)
		ev := map[review.Stage]map[string]request.Event{
			review.Teknis:    {review.OutcomeLanjut: request.VerifikasiTeknis, review.OutcomeBelumSesuai: request.KembalikanTeknis},
			review.Substansi: {review.OutcomeLanjut: request.VerifikasiSubstansi, review.OutcomeBelumSesuai: request.KembalikanSubstansi},
		}[stage][outcome]
		if ev == "" {
			return ErrConflict
		}
		next, err := checkMove(l, ev, role, actor.ID)
		if err != nil {
			return err
		}
		if stage == review.Substansi && review.CheckFourEyes(l.TeknisBy, actor.ID) != nil {
			return ErrFourEyes
		}
		if err := insertJudgements(ctx, tx, id, l.Round, stage, js, actor.ID, now); err != nil {
			return err
		}
		var q string
		args := []any{id, l.State, next, actor.ID, now}
		switch {
		case outcome == review.OutcomeBelumSesuai:
			// Back to the pemohon: the same verifier keeps it for the resubmission; the deadline pauses.
			q = `UPDATE permohonan SET state = $3, assignee_id = $4, assigned_at = $5, sla_remaining = greatest(due_at - $5, interval '0'),
				due_at = NULL, reminded_at = NULL, updated_at = $5 WHERE id = $1 AND state = $2`
		case stage == review.Teknis:
			q = `UPDATE permohonan SET state = $3, teknis_by = $4, assignee_id = NULL, assigned_at = NULL, stage_started_at = $5,
				due_at = $6, sla_remaining = NULL, reminded_at = NULL, updated_at = $5 WHERE id = $1 AND state = $2`
			args = append(args, s.SLA.Due(review.Substansi, now))
		default:
			q = `UPDATE permohonan SET state = $3, substansi_by = $4, assignee_id = NULL, assigned_at = NULL, stage_started_at = $5,
				due_at = $6, sla_remaining = NULL, reminded_at = NULL, updated_at = $5 WHERE id = $1 AND state = $2`
			args = append(args, s.SLA.Due(review.Keputusan, now))
		}
		tag, err := tx.Exec(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("store: verify: %w", err)
		}
		if tag.RowsAffected() != 1 {
			return ErrConflict
		}
		note := ""
		for _, j := range js {
			if j.Verdict == review.BelumSesuai {
				note += j.Item.Label + ": " + j.Note + "\n"
			}
		}
		if err := addEvent(ctx, tx, id, string(ev), l.State, next, actor, role, note, nil, now); err != nil {
			return err
		}
		if outcome == review.OutcomeBelumSesuai {
			p, err := findPermohonan(ctx, tx, id, 0, false)
			if err != nil {
				return err
			}
			if err := enqueue(ctx, tx, mail(p)); err != nil {
				return err
			}
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "permohonan." + string(ev), ObjectType: "permohonan", ObjectID: id,
			Detail: map[string]any{"dinilai": len(js)}})
	})
}

// LastJudgements returns the judgements of the latest round of a stage ("" for either stage, the latest
// return), for the reviewer's form and for the notes the registrator sees.
func (s *Store) LastJudgements(ctx context.Context, id int64, stage review.Stage) ([]review.Judgement, error) {
	rows, err := s.Pool.Query(ctx, `SELECT item_type, item_key, aspect, verdict, note FROM review_items r
		WHERE permohonan_id = $1 AND ($2 = '' OR stage = $2)
		AND (round, at) = (SELECT round, at FROM review_items WHERE permohonan_id = $1 AND ($2 = '' OR stage = $2) ORDER BY round DESC, at DESC LIMIT 1)
		ORDER BY id`, id, string(stage))
	if err != nil {
		return nil, fmt.Errorf("store: judgements: %w", err)
	}
	defer rows.Close()
	var out []review.Judgement
	for rows.Next() {
		var j review.Judgement
		var verdict string
		if err := rows.Scan(&j.Item.Type, &j.Item.Key, &j.Item.Aspect, &verdict, &j.Note); err != nil {
			return nil, fmt.Errorf("store: judgements: %w", err)
		}
		j.Verdict = review.Verdict(verdict)
		out = append(out, j)
	}
	return out, rows.Err()
}

// Submissions returns the content of each submission of a permohonan, oldest first.
func (s *Store) Submissions(ctx context.Context, id int64) ([]review.Content, error) {
	rows, err := s.Pool.Query(ctx, `SELECT snapshot FROM permohonan_events WHERE permohonan_id = $1 AND snapshot IS NOT NULL ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: submissions: %w", err)
	}
	defer rows.Close()
	var out []review.Content
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return nil, fmt.Errorf("store: submissions: %w", err)
		}
		var snap PermohonanSnapshot
		if err := json.Unmarshal(raw, &snap); err != nil {
			return nil, fmt.Errorf("store: submissions: %w", err)
		}
		out = append(out, review.Content{Header: snap.Header, Rows: snap.Rows, Docs: snap.Docs})
	}
	return out, rows.Err()
}

// revisionAllows reports whether, in perlu_perbaikan, the item was marked "Belum Sesuai" in the return.
func revisionAllows(ctx context.Context, tx pgx.Tx, id int64, itemType, key string) error {
	var ok bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM review_items WHERE permohonan_id = $1 AND item_type = $2 AND item_key = $3
		AND verdict = 'belum_sesuai' AND (round, at) = (SELECT round, at FROM review_items WHERE permohonan_id = $1 ORDER BY round DESC, at DESC LIMIT 1))`,
		id, itemType, key).Scan(&ok)
	if err != nil {
		return fmt.Errorf("store: revision: %w", err)
	}
	if !ok {
		return ErrNotInRevision
	}
	return nil
}

// Rekomendasi is a director's recommendation asked for a permohonan.
type Rekomendasi struct {
	ID           int64
	PermohonanID int64
	Reference    string
	InstansiNama string
	DirekturID   int64
	DirekturNama string
	Question     string
	Answer       string
	RequestedAt  time.Time
	AnsweredAt   *time.Time
}

// AskRekomendasi records a question to a direktur pengampu, with the timeline entry, the audit row and
// an email to the director.
func (s *Store) AskRekomendasi(ctx context.Context, id, direkturID int64, question string, mail func(email, nama string) OutMail, actor Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockForReview(ctx, tx, id)
		if err != nil {
			return err
		}
		if l.State != request.TerverifikasiTeknis {
			return ErrConflict
		}
		if l.AssigneeID != nil && *l.AssigneeID != actor.ID {
			return ErrClaimed
		}
		if review.CheckFourEyes(l.TeknisBy, actor.ID) != nil {
			return ErrFourEyes
		}
		var email, nama string
		err = tx.QueryRow(ctx, "SELECT email, nama FROM staff WHERE id = $1 AND active AND 'direktur_pengampu' = ANY(roles)", direkturID).Scan(&email, &nama)
		if err == pgx.ErrNoRows {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: rekomendasi: %w", err)
		}
		if l.AssigneeID == nil {
			if _, err := tx.Exec(ctx, "UPDATE permohonan SET assignee_id = $2, assigned_at = $3 WHERE id = $1", id, actor.ID, now); err != nil {
				return fmt.Errorf("store: rekomendasi: %w", err)
			}
		}
		var rid int64
		if err := tx.QueryRow(ctx, `INSERT INTO rekomendasi (permohonan_id, requested_by, direktur_id, question, requested_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, id, actor.ID, direkturID, question, now).Scan(&rid); err != nil {
			return fmt.Errorf("store: rekomendasi: %w", err)
		}
		if err := addEvent(ctx, tx, id, "minta_rekomendasi", l.State, l.State, actor, request.RoleVerifikatorSubstansi, "Rekomendasi diminta kepada "+nama, nil, now); err != nil {
			return err
		}
		if err := enqueue(ctx, tx, mail(email, nama)); err != nil {
			return err
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "permohonan.minta_rekomendasi", ObjectType: "permohonan", ObjectID: id,
			Detail: map[string]any{"rekomendasi_id": rid, "direktur_id": direkturID}})
	})
}

// AnswerRekomendasi records the director's answer, once.
func (s *Store) AnswerRekomendasi(ctx context.Context, rid int64, answer string, actor Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var id int64
		var state request.State
		err := tx.QueryRow(ctx, `UPDATE rekomendasi r SET answer = $3, answered_at = $4 FROM permohonan p
			WHERE r.id = $1 AND r.direktur_id = $2 AND r.answered_at IS NULL AND p.id = r.permohonan_id
			RETURNING p.id, p.state`, rid, actor.ID, answer, now).Scan(&id, &state)
		if err == pgx.ErrNoRows {
			var exists bool
			_ = tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM rekomendasi WHERE id = $1 AND direktur_id = $2)", rid, actor.ID).Scan(&exists)
			if exists {
				return ErrConflict
			}
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: answer rekomendasi: %w", err)
		}
		if err := addEvent(ctx, tx, id, "rekomendasi", state, state, actor, "direktur_pengampu", answer, nil, now); err != nil {
			return err
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "permohonan.rekomendasi", ObjectType: "permohonan", ObjectID: id,
			Detail: map[string]any{"rekomendasi_id": rid}})
	})
}

// ListRekomendasi returns the recommendations of a permohonan (permohonanID), or the ones waiting for a
// director (direkturID), oldest first.
func (s *Store) ListRekomendasi(ctx context.Context, permohonanID, direkturID int64) ([]Rekomendasi, error) {
	rows, err := s.Pool.Query(ctx, `SELECT r.id, r.permohonan_id, p.reference, a.instansi_nama, r.direktur_id, st.nama, r.question,
			coalesce(r.answer, ''), r.requested_at, r.answered_at
		FROM rekomendasi r JOIN permohonan p ON p.id = r.permohonan_id JOIN akun a ON a.id = p.akun_id JOIN staff st ON st.id = r.direktur_id
		WHERE ($1 = 0 OR r.permohonan_id = $1) AND ($2 = 0 OR (r.direktur_id = $2 AND r.answered_at IS NULL))
		ORDER BY r.requested_at, r.id LIMIT 500`, permohonanID, direkturID)
	if err != nil {
		return nil, fmt.Errorf("store: list rekomendasi: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Rekomendasi])
	if err != nil {
		return nil, fmt.Errorf("store: list rekomendasi: %w", err)
	}
	return list, nil
}

// ListStaffWithRole returns active staff holding role, by name.
func (s *Store) ListStaffWithRole(ctx context.Context, role string) ([]Staff, error) {
	rows, err := s.Pool.Query(ctx, "SELECT id, username, nama, email, roles, must_change_password FROM staff WHERE active AND $1 = ANY(roles) ORDER BY nama", role)
	if err != nil {
		return nil, fmt.Errorf("store: staff with role: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Staff])
	if err != nil {
		return nil, fmt.Errorf("store: staff with role: %w", err)
	}
	return list, nil
}

// Decide records the produsen data's decision: per row, or the whole refused, in one transaction with
// the timeline entry, the audit row and the email.
func (s *Store) Decide(ctx context.Context, id int64, d review.Decision, mail func(p Permohonan) OutMail, actor Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockForReview(ctx, tx, id)
		if err != nil {
			return err
		}
		ev := request.Setujui
		if d.TolakSemua {
			ev = request.Tolak
		}
		next, err := checkMove(l, ev, request.RoleProdusenData, actor.ID)
		if err != nil {
			return err
		}
		if !d.TolakSemua {
			rows := make([][]any, len(d.Rows))
			for i, rd := range d.Rows {
				decision, jenis := "tolak", any(nil)
				if rd.Setuju {
					decision, jenis = "setuju", rd.JenisData
				}
				rows[i] = []any{id, rd.RowID, decision, jenis, rd.Reason, actor.ID, now}
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"row_decisions"},
				[]string{"permohonan_id", "row_id", "decision", "jenis_data", "reason", "decided_by", "at"}, pgx.CopyFromRows(rows)); err != nil {
				return fmt.Errorf("store: decide rows: %w", err)
			}
		}
		var sampai *time.Time
		var reason *string
		if d.TolakSemua {
			reason = &d.Reason
		} else {
			sampai = &d.AksesSampai
		}
		tag, err := tx.Exec(ctx, `UPDATE permohonan SET state = $3, decided_at = $4, decided_by = $5, akses_sampai = $6, reject_reason = $7,
			assignee_id = NULL, assigned_at = NULL, due_at = NULL, sla_remaining = NULL, updated_at = $4
			WHERE id = $1 AND state = $2`, id, l.State, next, now, actor.ID, sampai, reason)
		if err != nil {
			return fmt.Errorf("store: decide: %w", err)
		}
		if tag.RowsAffected() != 1 {
			return ErrConflict
		}
		note := d.Reason
		if !d.TolakSemua {
			note = "Hak akses sampai " + d.AksesSampai.Format("02-01-2006")
		}
		if err := addEvent(ctx, tx, id, string(ev), l.State, next, actor, request.RoleProdusenData, note, nil, now); err != nil {
			return err
		}
		p, err := findPermohonan(ctx, tx, id, 0, false)
		if err != nil {
			return err
		}
		if err := enqueue(ctx, tx, mail(p)); err != nil {
			return err
		}
		// An approval opens Tahap 4 at once, by a job committed with it (the periodic sweep is the safety net).
		if !d.TolakSemua {
			if err := insertJob(ctx, tx, BukaTahap4Args{PermohonanID: id}, now); err != nil {
				return err
			}
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "permohonan." + string(ev), ObjectType: "permohonan", ObjectID: id,
			Detail: map[string]any{"baris": len(d.Rows)}})
	})
}

// RowDecisionView is a row's decision as pages show it.
type RowDecisionView struct {
	RowID     int64
	Decision  string
	JenisData string
	Reason    string
}

// RowDecisions returns the decisions of a permohonan's rows by row id.
func (s *Store) RowDecisions(ctx context.Context, id int64) (map[int64]RowDecisionView, error) {
	rows, err := s.Pool.Query(ctx, "SELECT row_id, decision, coalesce(jenis_data, ''), reason FROM row_decisions WHERE permohonan_id = $1", id)
	if err != nil {
		return nil, fmt.Errorf("store: row decisions: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[RowDecisionView])
	if err != nil {
		return nil, fmt.Errorf("store: row decisions: %w", err)
	}
	out := map[int64]RowDecisionView{}
	for _, d := range list {
		out[d.RowID] = d
	}
	return out, nil
}

// ReviewState is what the staff pages show of a permohonan's review.
type ReviewState struct {
	AssigneeID   *int64
	AssigneeNama string
	TeknisBy     *int64
	DueAt        *time.Time
	AksesSampai  *time.Time
	RejectReason string
}

// FindReviewState returns the review fields of a permohonan.
func (s *Store) FindReviewState(ctx context.Context, id int64) (ReviewState, error) {
	var r ReviewState
	err := s.Pool.QueryRow(ctx, `SELECT p.assignee_id, coalesce(st.nama, ''), p.teknis_by, p.due_at, (p.akses_sampai::timestamp AT TIME ZONE 'Asia/Jakarta'), coalesce(p.reject_reason, '')
		FROM permohonan p LEFT JOIN staff st ON st.id = p.assignee_id WHERE p.id = $1`, id).
		Scan(&r.AssigneeID, &r.AssigneeNama, &r.TeknisBy, &r.DueAt, &r.AksesSampai, &r.RejectReason)
	if err == pgx.ErrNoRows {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("store: review state: %w", err)
	}
	return r, nil
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
