package store

import (
	"context"
	"fmt"
	"net/netip"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
)

// AuditEntry is one row of the append-only audit log. Detail must not hold personal data values: it names
// what happened, not what was typed.
type AuditEntry struct {
	Action     string
	ObjectType string
	ObjectID   int64
	Detail     map[string]any
}

// auditActor is how an actor is written in the audit log: its kind (publik when unset), id and address.
func auditActor(a account.Actor) (string, *int64, *netip.Addr) {
	kind := a.Kind
	if kind == "" {
		kind = account.ActorPublik
	}
	var actorID *int64
	if a.ID != 0 {
		actorID = &a.ID
	}
	var ip *netip.Addr
	if addr, err := netip.ParseAddr(a.IP); err == nil {
		ip = &addr
	}
	return kind, actorID, ip
}

// audit appends to the audit log inside tx, so the record exists exactly when the change does.
func audit(ctx context.Context, tx pgx.Tx, a account.Actor, e AuditEntry) error {
	kind, actorID, ip := auditActor(a)
	var objID *int64
	if e.ObjectID != 0 {
		objID = &e.ObjectID
	}
	detail := e.Detail
	if detail == nil {
		detail = map[string]any{}
	}
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (actor_kind, actor_id, action, object_type, object_id, ip, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, kind, actorID, e.Action, e.ObjectType, objID, ip, detail)
	if err != nil {
		return fmt.Errorf("store: audit %s: %w", e.Action, err)
	}
	return nil
}

// Audit appends one entry in its own transaction, for events that change nothing else (a sign-in, a view).
func (s *Store) Audit(ctx context.Context, a account.Actor, e AuditEntry) error {
	return s.inTx(ctx, func(tx pgx.Tx) error { return audit(ctx, tx, a, e) })
}

// AuditViews records, in one statement, that actor saw the personal data of each of objects (a list or an
// export that shows it for every row: one entry per row, so each row's views can be found).
func (s *Store) AuditViews(ctx context.Context, a account.Actor, action, objectType string, objects []int64, detail map[string]any) error {
	if len(objects) == 0 {
		return nil
	}
	kind, actorID, ip := auditActor(a)
	if detail == nil {
		detail = map[string]any{}
	}
	_, err := s.Pool.Exec(ctx, `INSERT INTO audit_log (actor_kind, actor_id, action, object_type, object_id, ip, detail)
		SELECT $1, $2, $3, $4, o, $6, $7 FROM unnest($5::bigint[]) AS o`, kind, actorID, action, objectType, objects, ip, detail)
	if err != nil {
		return fmt.Errorf("store: audit views: %w", err)
	}
	return nil
}

// AuditRow is an audit entry as read back.
type AuditRow struct {
	ID         int64
	ActorKind  string
	ActorID    *int64
	Action     string
	ObjectType string
	ObjectID   *int64
}

// ListAudit returns the entries for an object type and id (0 for all of that type), oldest first.
func (s *Store) ListAudit(ctx context.Context, objectType string, objectID int64) ([]AuditRow, error) {
	rows, err := s.Pool.Query(ctx, `SELECT id, actor_kind, actor_id, action, object_type, object_id FROM audit_log
		WHERE object_type = $1 AND ($2 = 0 OR object_id = $2) ORDER BY id`, objectType, objectID)
	if err != nil {
		return nil, fmt.Errorf("store: list audit: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[AuditRow])
	if err != nil {
		return nil, fmt.Errorf("store: list audit: %w", err)
	}
	return list, nil
}
