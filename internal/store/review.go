package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// ErrNotInRevision refuses a change to an item the verifier did not mark "Belum Sesuai".
var ErrNotInRevision error = validate.Refusal("Bagian ini tidak ditandai Belum Sesuai oleh verifikator; hanya bagian yang ditandai yang dapat diubah.")

// Claim ("Ambil") gives a waiting permohonan to a staff member of the stage's role.
func (s *Store) Claim(ctx context.Context, id int64, role account.Role, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, 0)
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
			return request.ErrClaimed
		}
		if st == review.Substansi && deref(l.TeknisBy) == actor.ID {
			return request.ErrFourEyes
		}
		if st == review.Keputusan && l.subject().VerifiedBy(actor.ID) {
			return request.ErrVerifierDecides
		}
		if _, err := tx.Exec(ctx, "UPDATE permohonan SET assignee_id = $2, assigned_at = $3 WHERE id = $1", id, actor.ID, now); err != nil {
			return fmt.Errorf("store: claim: %w", err)
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "permohonan.ambil", ObjectType: "permohonan", ObjectID: id})
	})
}

// Reassign gives a permohonan waiting in a stage to another staff member holding the stage's role.
func (s *Store) Reassign(ctx context.Context, id, to int64, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, 0)
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
		if st == review.Substansi && deref(l.TeknisBy) == to {
			return request.ErrFourEyes
		}
		if st == review.Keputusan && l.subject().VerifiedBy(to) {
			return request.ErrVerifierDecides
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
// clock stops while the permohonan is back with the pemohon. The judgements' notes are written for the
// pemohon; internal is the verifier's note for Bappenas only.
func (s *Store) Verify(ctx context.Context, id int64, stage review.Stage, outcome string, js []review.Judgement, internal string,
	actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		role := review.RoleOf(stage)
		ev := review.EventOf(stage, outcome)
		if ev == "" || stage == review.Keputusan {
			return ErrConflict
		}
		if err := mayFire(l, ev, role, actor); err != nil {
			return err
		}
		if err := insertJudgements(ctx, tx, id, l.Round, stage, js, actor.ID, now); err != nil {
			return err
		}
		if err := deleteReviewDrafts(ctx, tx, id, stage); err != nil { // "Simpan sementara", review_draft.go
			return err
		}
		c := cols{}.set("reminded_at", nil)
		switch {
		case outcome == review.OutcomeBelumSesuai:
			// Back to the pemohon: the same verifier keeps it for the resubmission; the deadline pauses.
			c = c.set("assignee_id", actor.ID).set("assigned_at", now).
				expr("sla_remaining", "greatest(due_at - ?::timestamptz, interval '0')", now).set("due_at", nil)
		case stage == review.Teknis:
			c = c.set("teknis_by", actor.ID).set("assignee_id", nil).set("assigned_at", nil).set("stage_started_at", now).
				set("due_at", s.SLA.Due(review.Substansi, now)).set("sla_remaining", nil)
		default:
			c = c.set("substansi_by", actor.ID).set("assignee_id", nil).set("assigned_at", nil).set("stage_started_at", now).
				set("due_at", s.SLA.Due(review.Keputusan, now)).set("sla_remaining", nil)
		}
		note := ""
		for _, j := range js {
			if j.Verdict == review.BelumSesuai {
				note += j.Item.Label + ": " + j.Note + "\n"
			}
		}
		var mails []mail.Message
		if outcome == review.OutcomeBelumSesuai {
			if mails, err = toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
				return s.Letters.DataBelumSesuai(to, l.ref(), js)
			}); err != nil {
				return err
			}
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: ev, role: role, actor: actor, note: note, internal: internal, cols: c,
			mails: mails, detail: map[string]any{"dinilai": len(js)}}, now)
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
		var snap request.PermohonanSnapshot
		if err := json.Unmarshal(raw, &snap); err != nil {
			return nil, fmt.Errorf("store: submissions: %w", err)
		}
		out = append(out, review.Content{Header: snap.Header, Rows: snap.Rows, Docs: snap.Docs, Pelatihan: snap.Pelatihan})
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

// AskRekomendasi records a question to a direktur pengampu, with the timeline entry, the audit row and
// an email to the director: by the verifikator substansi during the substantive review, or by the produsen
// data while deciding. Everything about it is internal (request.ForPemohon).
func (s *Store) AskRekomendasi(ctx context.Context, id, direkturID int64, question string, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		ev, role := request.MintaRekomendasi, account.RoleVerifikatorSubstansi
		if l.State == request.MenungguKeputusan {
			ev, role = request.MintaRekomendasiKeputusan, account.RoleProdusenData
		}
		if actor.RoleAmong([]account.Role{role}) == "" {
			return ErrForbidden
		}
		if err := mayFire(l, ev, role, actor); err != nil {
			return err
		}
		var to mail.Recipient
		err = tx.QueryRow(ctx, "SELECT email, nama FROM staff WHERE id = $1 AND active AND 'direktur_pengampu' = ANY(roles)", direkturID).Scan(&to.Email, &to.Nama)
		if err == pgx.ErrNoRows {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: rekomendasi: %w", err)
		}
		c := cols{}
		if l.AssigneeID == nil {
			c = c.set("assignee_id", actor.ID).set("assigned_at", now)
		}
		var rid int64
		if err := tx.QueryRow(ctx, `INSERT INTO rekomendasi (permohonan_id, requested_by, direktur_id, question, requested_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, id, actor.ID, direkturID, question, now).Scan(&rid); err != nil {
			return fmt.Errorf("store: rekomendasi: %w", err)
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: ev, role: role,
			actor: actor, internal: "Rekomendasi diminta kepada " + to.Nama, cols: c, mails: []mail.Message{s.Letters.RekomendasiDiminta(to, l.ref())},
			detail: map[string]any{"rekomendasi_id": rid, "direktur_id": direkturID}}, now)
	})
}

// AnswerRekomendasi records the director's answer, once.
func (s *Store) AnswerRekomendasi(ctx context.Context, rid int64, answer string, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `UPDATE rekomendasi SET answer = $3, answered_at = $4
			WHERE id = $1 AND direktur_id = $2 AND answered_at IS NULL RETURNING permohonan_id`, rid, actor.ID, answer, now).Scan(&id)
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
		l, err := lockPermohonan(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.BeriRekomendasi, role: account.RoleDirekturPengampu,
			actor: actor, internal: answer, detail: map[string]any{"rekomendasi_id": rid}}, now)
	})
}

// ListRekomendasi returns the recommendations of a permohonan, oldest first (a director's list is
// ListRekomendasiStaff).
func (s *Store) ListRekomendasi(ctx context.Context, permohonanID int64) ([]review.Rekomendasi, error) {
	rows, err := s.Pool.Query(ctx, `SELECT `+rekomendasiCols+` FROM `+rekomendasiFrom+`
		WHERE r.permohonan_id = $1 ORDER BY r.requested_at, r.id`, permohonanID)
	if err != nil {
		return nil, fmt.Errorf("store: list rekomendasi: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[review.Rekomendasi])
	if err != nil {
		return nil, fmt.Errorf("store: list rekomendasi: %w", err)
	}
	return list, nil
}

// ListStaffWithRole returns active staff holding role, by name.
func (s *Store) ListStaffWithRole(ctx context.Context, role account.Role) ([]account.Staff, error) {
	rows, err := s.Pool.Query(ctx, "SELECT id, username, nama, email, roles, must_change_password, sesi_versi FROM staff WHERE active AND $1 = ANY(roles) ORDER BY nama", role)
	if err != nil {
		return nil, fmt.Errorf("store: staff with role: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[account.Staff])
	if err != nil {
		return nil, fmt.Errorf("store: staff with role: %w", err)
	}
	return list, nil
}

// Decide records the produsen data's decision: per row (with each approved row's end), or the whole refused,
// in one transaction with the timeline entry, the audit row and the email to the registrator. The
// permohonan's akses_sampai is the latest row end, which the expiry follows. internal is the produsen data's
// note for Bappenas only. A decision the rekomendasi rule does not allow yet returns its refusal
// (request.ErrRekomPending, request.ErrRekomWajib) and changes nothing.
func (s *Store) Decide(ctx context.Context, id int64, d review.Decision, internal string, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		ev := request.Setujui
		if d.TolakSemua {
			ev = request.Tolak
		}
		if err := mayFire(l, ev, account.RoleProdusenData, actor); err != nil {
			return err
		}
		if !d.TolakSemua {
			rows := make([][]any, len(d.Rows))
			for i, rd := range d.Rows {
				decision, jenis := "tolak", any(nil)
				if rd.Setuju {
					decision, jenis = "setuju", rd.JenisData
				}
				var sampai, usulan any
				if rd.Setuju {
					sampai, usulan = dateOnly(rd.Sampai), dateOnly(rd.Usulan)
				}
				rows[i] = []any{id, rd.RowID, decision, jenis, rd.Reason, actor.ID, now, sampai, usulan}
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"row_decisions"},
				[]string{"permohonan_id", "row_id", "decision", "jenis_data", "reason", "decided_by", "at", "sampai", "usulan"},
				pgx.CopyFromRows(rows)); err != nil {
				return fmt.Errorf("store: decide rows: %w", err)
			}
		}
		c := cols{}.set("decided_at", now).set("decided_by", actor.ID).set("assignee_id", nil).set("assigned_at", nil).
			set("due_at", nil).set("sla_remaining", nil)
		note := d.Reason
		if d.TolakSemua {
			c = c.set("reject_reason", d.Reason)
		} else {
			c = c.set("akses_sampai", dateOnly(d.AksesSampai()))
			note = "Hak akses sampai " + indo.Date(d.AksesSampai())
		}
		p, err := findPermohonan(ctx, tx, id, 0, false)
		if err != nil {
			return err
		}
		// A refusal ends the service: its user is invited to the Survei Kepuasan Masyarakat (survei.go).
		if d.TolakSemua {
			if err := s.inviteRegistrator(ctx, tx, l, now); err != nil {
				return err
			}
		}
		mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
			if d.TolakSemua {
				return s.Letters.HakAksesDitolak(to, l.ref(), d.Reason)
			}
			return s.Letters.HakAksesDisetujui(to, l.ref(), d, p.Rows)
		})
		if err != nil {
			return err
		}
		// An approval opens Tahap 4 at once, by a job committed with it (the periodic sweep is the safety net).
		// Its summary for the public register is kept with it.
		if !d.TolakSemua {
			if err := putRingkasan(ctx, tx, id, d.RingkasanPublik, actor, now); err != nil {
				return err
			}
			if err := insertJob(ctx, tx, BukaTahap4Args{PermohonanID: id}, now); err != nil {
				return err
			}
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: ev, role: account.RoleProdusenData, actor: actor, note: note, internal: internal,
			cols: c, mails: mails, detail: map[string]any{"baris": len(d.Rows)}}, now)
	})
}

// RowDecisions returns the decisions of a permohonan's rows by row id.
func (s *Store) RowDecisions(ctx context.Context, id int64) (map[int64]review.RowDecisionView, error) {
	return one(ctx, s, func(r *Reads, out *map[int64]review.RowDecisionView) { r.RowDecisions(id, out) })
}

// RowDecisions reads the decisions of a permohonan's rows by row id.
func (r *Reads) RowDecisions(id int64, out *map[int64]review.RowDecisionView) {
	queueRead(&r.b, out, func(rows pgx.Rows) (map[int64]review.RowDecisionView, error) {
		list, err := collect[review.RowDecisionView]("row decisions")(rows)
		m := map[int64]review.RowDecisionView{}
		for _, d := range list {
			m[d.RowID] = d
		}
		return m, err
	}, "SELECT row_id, decision, coalesce(jenis_data, ''), reason, sampai, usulan FROM row_decisions WHERE permohonan_id = $1", id)
}

// FindReviewState returns the review fields of a permohonan.
func (s *Store) FindReviewState(ctx context.Context, id int64) (review.ReviewState, error) {
	var r review.ReviewState
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
