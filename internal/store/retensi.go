package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
)

// Retention (issue 14 item 4; UU 27/2022: personal data is kept only as long as its purpose needs). The
// hourly retention job (internal/jobs) applies RetentionPolicy; docs/operations.md lists the schedule.

// RetentionPolicy says how long things are kept.
type RetentionPolicy struct {
	// KTP is how long a KTP scan (and, once no longer in force, a Surat Tugas) is kept after the verifikator
	// akun decided on its official or the official was replaced (RETENSI_KTP_HARI). Zero keeps them.
	KTP time.Duration
	// Mail is how long the record of a sent or failed email is kept (RETENSI_SUREL_HARI). Zero keeps them.
	Mail time.Duration
	// DropMailBodies drops the body of every delivered email still holding one (production; development
	// keeps them for /dev/mailbox).
	DropMailBodies bool
}

// Fixed parts of the schedule.
const (
	// rateLimitWindow is the longest window of any limit (sign-in, forms, captcha): a counter older than it
	// counts nothing.
	rateLimitWindow = time.Hour
	// secretGrace keeps a used or expired activation, reset or credentials link this long, so its page can
	// still say "expired" rather than "unknown"; the HMAC it holds opens nothing.
	secretGrace = 30 * 24 * time.Hour
)

// RetentionReport counts what one run removed.
type RetentionReport struct {
	Drafts, RateLimits, Captchas, Secrets, Sessions, MailBodies, Mail int64
	// KTP: identity documents of officials deleted (KTP scans and Surat Tugas, identityDocuments).
	KTP int64
	// AnonimLinks: Anonim reports sent before their account, official and permohonan were sealed with the
	// identity, whose open links were moved in (sealAnonimLinks).
	AnonimLinks int64
	// Unactivated: approvals ended because their activation link lapsed unused (expireUnactivated).
	Unactivated int64
}

// Total is everything removed.
func (r RetentionReport) Total() int64 {
	return r.Drafts + r.RateLimits + r.Captchas + r.Secrets + r.Sessions + r.MailBodies + r.Mail + r.KTP + r.AnonimLinks + r.Unactivated
}

// ApplyRetention deletes what its purpose no longer needs, as of now: expired registration drafts (with their
// uploads), old rate-limit counters and captchas, used or expired activation, reset and credentials links,
// expired sessions, delivered emails' bodies (p.DropMailBodies) and old email records, and officials' KTP
// scans and Surat Tugas past p.KTP. Each kind is its own statement: a failure leaves the others done, and the next run continues.
func (s *Store) ApplyRetention(ctx context.Context, now time.Time, p RetentionPolicy) (RetentionReport, error) {
	var r RetentionReport
	type step struct {
		n   *int64
		sql string
		arg []any
	}
	steps := []step{
		{&r.Drafts, "DELETE FROM registration_drafts WHERE expires_at <= $1", []any{now}},
		{&r.RateLimits, "DELETE FROM rate_limits WHERE window_start <= $1 AND (blocked_until IS NULL OR blocked_until <= $2)",
			[]any{now.Add(-rateLimitWindow), now}},
		{&r.Captchas, "DELETE FROM captchas WHERE expires_at <= $1", []any{now}},
		{&r.Secrets, "DELETE FROM activations WHERE coalesce(used_at, link_expires_at) <= $1", []any{now.Add(-secretGrace)}},
		{&r.Secrets, "DELETE FROM password_resets WHERE coalesce(used_at, expires_at) <= $1", []any{now.Add(-secretGrace)}},
		{&r.Secrets, "DELETE FROM akses_tautan WHERE coalesce(used_at, superseded_at, expires_at) <= $1 AND expires_at <= $1",
			[]any{now.Add(-secretGrace)}},
		{&r.Sessions, "DELETE FROM sessions WHERE expiry <= $1", []any{now}},
	}
	if p.Mail > 0 {
		// Every state: a message still pending after this long (its last attempt timed out, or its job was
		// lost) will not be delivered any more, and its body holds what the others' no longer do.
		steps = append(steps, step{&r.Mail, "DELETE FROM outbox WHERE created_at <= $1", []any{now.Add(-p.Mail)}})
	}
	if p.DropMailBodies {
		steps = append(steps, step{&r.MailBodies, "UPDATE outbox SET body_text = NULL, body_html = NULL WHERE state = 'sent' AND body_text IS NOT NULL", nil})
	}
	for _, st := range steps {
		tag, err := s.Pool.Exec(ctx, st.sql, st.arg...)
		if err != nil {
			return r, fmt.Errorf("store: retention: %w", err)
		}
		*st.n += tag.RowsAffected()
	}
	n, err := s.sealAnonimLinks(ctx)
	r.AnonimLinks = n
	if err != nil {
		return r, err
	}
	if r.Unactivated, err = s.expireUnactivated(ctx, now); err != nil || p.KTP <= 0 {
		return r, err
	}
	n, err = s.purgeKTP(ctx, now.Add(-p.KTP), now)
	r.KTP = n
	return r, err
}

// The identity documents of officials: the KTP proves who registered and is needed until the verifikator
// akun decided; the Surat Tugas proves the mandate and is needed while the official holds it. Neither is
// needed past that (UU 27/2022): each goes RetensiKTP after the decision (approved, whether activated or
// not: activation needs the emailed code, not the documents; or rejected), after the official was replaced,
// and — the KTP only — after activation. A document awaiting verification is never touched.
var identityDocuments = []struct{ column, jenis, due string }{
	{"ktp_document_id", "ktp", `(p.state = 'aktif' AND p.activated_at <= $1) OR
		(p.state IN ('ditolak', 'disetujui') AND p.decided_at <= $1) OR (p.state = 'diganti' AND p.ended_at <= $1)`},
	{"surat_tugas_document_id", "surat_tugas", `(p.state IN ('ditolak', 'disetujui') AND p.decided_at <= $1) OR
		(p.state = 'diganti' AND p.ended_at <= $1)`},
}

// purgeKTP deletes the content of the identity documents (identityDocuments) due before cutoff, one
// document per transaction with its audit row; the row stays, marked purged, and pages say it was deleted.
func (s *Store) purgeKTP(ctx context.Context, cutoff, now time.Time) (int64, error) {
	var n int64
	for _, kind := range identityDocuments {
		rows, err := s.Pool.Query(ctx, `SELECT p.id, p.`+kind.column+` FROM pejabat p JOIN documents d ON d.id = p.`+kind.column+`
			WHERE d.purged_at IS NULL AND (`+kind.due+`) ORDER BY p.id LIMIT 1000`, cutoff)
		if err != nil {
			return n, fmt.Errorf("store: retention: %s: %w", kind.jenis, err)
		}
		type due struct{ pejabat, doc int64 }
		list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (due, error) {
			var d due
			return d, r.Scan(&d.pejabat, &d.doc)
		})
		if err != nil {
			return n, fmt.Errorf("store: retention: %s: %w", kind.jenis, err)
		}
		for _, d := range list {
			err := s.inTx(ctx, func(tx pgx.Tx) error {
				tag, err := tx.Exec(ctx, "UPDATE documents SET purged_at = $2 WHERE id = $1 AND purged_at IS NULL", d.doc, now)
				if err != nil || tag.RowsAffected() == 0 {
					return err
				}
				if _, err := tx.Exec(ctx, "DELETE FROM document_segments WHERE document_id = $1", d.doc); err != nil {
					return err
				}
				n++
				return audit(ctx, tx, account.Sistem, AuditEntry{Action: "dokumen.hapus_retensi", ObjectType: "pejabat", ObjectID: d.pejabat,
					Detail: map[string]any{"dokumen": d.doc, "jenis": kind.jenis}})
			})
			if err != nil {
				return n, fmt.Errorf("store: retention: %s of pejabat %d: %w", kind.jenis, d.pejabat, err)
			}
		}
	}
	return n, nil
}
