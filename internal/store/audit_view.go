package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// AuditFilter narrows the audit viewer. BeforeID is the keyset cursor (newest first).
type AuditFilter struct {
	PermohonanID int64
	ActorKind    string
	ActorID      int64
	Action       string
	From, To     *time.Time
	BeforeID     int64
	Limit        int
}

// AuditRecord is one audit entry in full.
type AuditRecord struct {
	ID         int64
	At         time.Time
	ActorKind  string
	ActorID    *int64
	ActorName  string
	Action     string
	ObjectType string
	ObjectID   *int64
	IP         string
	Detail     string
}

func (f AuditFilter) where() (string, []any) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if f.PermohonanID != 0 {
		add("l.object_type = 'permohonan' AND l.object_id = ?", f.PermohonanID)
	}
	if f.ActorKind != "" {
		add("l.actor_kind = ?", f.ActorKind)
	}
	if f.ActorID != 0 {
		add("l.actor_id = ?", f.ActorID)
	}
	if f.Action != "" {
		add("l.action LIKE ? || '%'", f.Action)
	}
	if f.From != nil {
		add("l.at >= ?", *f.From)
	}
	if f.To != nil {
		add("l.at < ?", *f.To)
	}
	if f.BeforeID != 0 {
		add("l.id < ?", f.BeforeID)
	}
	if len(where) == 0 {
		return "", args
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

const auditSelect = `SELECT l.id, l.at, l.actor_kind, l.actor_id,
	coalesce(CASE l.actor_kind WHEN 'staf' THEN (SELECT nama FROM staff WHERE id = l.actor_id)
		WHEN 'registrator' THEN (SELECT username FROM pejabat WHERE id = l.actor_id)
		WHEN 'api' THEN (SELECT nama FROM api_kunci WHERE id = l.actor_id) END, ''),
	l.action, l.object_type, l.object_id, coalesce(host(l.ip), ''), l.detail::text FROM audit_log l`

// ListAuditRecords returns a page of the audit log, newest first.
func (s *Store) ListAuditRecords(ctx context.Context, f AuditFilter) ([]AuditRecord, error) {
	where, args := f.where()
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := s.Pool.Query(ctx, auditSelect+where+fmt.Sprintf(" ORDER BY l.id DESC LIMIT %d", limit), args...)
	if err != nil {
		return nil, fmt.Errorf("store: audit: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[AuditRecord])
	if err != nil {
		return nil, fmt.Errorf("store: audit: %w", err)
	}
	return list, nil
}

// EachAuditRecord streams every matching entry, newest first, for the CSV export: memory stays flat
// however long the log.
func (s *Store) EachAuditRecord(ctx context.Context, f AuditFilter, fn func(AuditRecord) error) error {
	where, args := f.where()
	rows, err := s.Pool.Query(ctx, auditSelect+where+" ORDER BY l.id DESC", args...)
	if err != nil {
		return fmt.Errorf("store: audit export: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r AuditRecord
		if err := rows.Scan(&r.ID, &r.At, &r.ActorKind, &r.ActorID, &r.ActorName, &r.Action, &r.ObjectType, &r.ObjectID, &r.IP, &r.Detail); err != nil {
			return fmt.Errorf("store: audit export: %w", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}
