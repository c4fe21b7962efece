package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
	"github.com/bappenas/portal-regsosek/internal/mail"
)

// Every state column of the portal is written here and nowhere else (a test reads the sources to hold
// that). A machine's own transition function (transitionPermohonan, transitionAksesAkun, ...) asks its
// domain table whether the move is allowed, then calls applyChange, which writes the move with one guarded
// UPDATE ... WHERE id = $1 AND state = $expected, its audit row and its emails, all in the caller's
// transaction: the change, its record and its mail exist together or not at all.

// change is one move of one row, as applyChange writes it.
type change struct {
	table    string // the machine's table; its state column is "state" and its key "id"
	id       int64
	from, to string
	cols     cols // other columns written in the same statement: CHECK constraints tie them to the state
	actor    account.Actor
	audit    AuditEntry // Action names the move; ObjectType and ObjectID default to the row
	// partOf names the audited move this one belongs to (an akun following its official, a release archived
	// by the next one's publication): that move's audit row records both, so this one writes none.
	partOf string
	mails  []mail.Message
}

// applyChange writes c. It returns ErrConflict when the row is no longer in c.from (another request moved it
// first: the caller answers "sudah diproses").
func applyChange(ctx context.Context, tx pgx.Tx, c change) error {
	args := []any{c.id, c.from, c.to}
	q := "UPDATE " + c.table + " SET state = $3" + c.cols.sql(&args) + " WHERE id = $1 AND state = $2"
	tag, err := tx.Exec(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: %s %d %s: %w", c.table, c.id, c.audit.Action, err)
	}
	if tag.RowsAffected() != 1 {
		return ErrConflict
	}
	if e := c.audit; c.partOf == "" {
		if e.ObjectType == "" {
			e.ObjectType, e.ObjectID = c.table, c.id
		}
		if err := audit(ctx, tx, c.actor, e); err != nil {
			return err
		}
	}
	for _, m := range c.mails {
		if err := enqueue(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}

// moveError turns a domain table's refusal into the store's sentinels: a role that may never fire the event
// is ErrForbidden, a move the state no longer allows is ErrConflict; a guard's refusal (a sentence for the
// person acting) passes through.
func moveError(err error) error {
	switch {
	case errors.Is(err, fsm.ErrForbidden):
		return ErrForbidden
	case errors.Is(err, fsm.ErrInvalidTransition):
		return ErrConflict
	}
	return err
}

// cols are the columns a move writes besides the state. A column takes a value ("col = $n") or an expression
// in which each ? stands for the next value ("coalesce(submitted_at, ?)"). Names and expressions are code,
// never input.
type cols struct {
	names []string
	exprs []string
	vals  [][]any
}

// set writes v to name.
func (c cols) set(name string, v any) cols { return c.expr(name, "?", v) }

// expr writes an SQL expression to name.
func (c cols) expr(name, e string, vals ...any) cols {
	c.names = append(c.names[:len(c.names):len(c.names)], name)
	c.exprs = append(c.exprs[:len(c.exprs):len(c.exprs)], e)
	c.vals = append(c.vals[:len(c.vals):len(c.vals)], vals)
	return c
}

// sql renders ", name = expr, ..." numbering the placeholders after those already in args, and appends the
// values to args.
func (c cols) sql(args *[]any) string {
	var b strings.Builder
	for i, name := range c.names {
		e := c.exprs[i]
		for _, v := range c.vals[i] {
			*args = append(*args, v)
			e = strings.Replace(e, "?", "$"+strconv.Itoa(len(*args)), 1)
		}
		b.WriteString(", " + name + " = " + e)
	}
	return b.String()
}

// rowMove is a move of one of the smaller machines (akun, pejabat, the Sepakat accounts, perpanjangan, print
// requests, bimtek, pengaduan, dasbor releases), whose rows keep no timeline of their own: the audit log is
// their record.
type rowMove struct {
	role   account.Role // the role fired in; when empty, the first of the actor's roles the move allows
	actor  account.Actor
	cols   cols
	action string // the audit action; "<table>.<event>" when empty
	partOf string // see change.partOf
	detail map[string]any
	mails  []mail.Message
	// of names the parent the row must belong to ("permohonan_id" and its id): another's row is ErrNotFound.
	of struct {
		col string
		id  int64
	}
}

// withUpdatedAt adds updated_at to the columns, for the tables that keep it and take it from the database
// clock of the transaction.
func (m rowMove) withUpdatedAt() rowMove {
	m.cols = m.cols.expr("updated_at", "now()")
	return m
}

// within scopes a move to the rows of one parent.
func (m rowMove) within(col string, id int64) rowMove {
	m.of.col, m.of.id = col, id
	return m
}

// moveRow locks a row of table, asks the machine t whether role may fire ev from its state, and applies the
// move. It returns the state the row left. A row that does not exist is ErrNotFound.
func moveRow[S, E ~string](ctx context.Context, tx pgx.Tx, table string, t fsm.Table[S, E, account.Role], id int64, ev E, m rowMove) (S, error) {
	var from S
	q, args := "SELECT state FROM "+table+" WHERE id = $1", []any{id}
	if m.of.col != "" {
		q, args = q+" AND "+m.of.col+" = $2", append(args, m.of.id)
	}
	err := tx.QueryRow(ctx, q+" FOR UPDATE", args...).Scan(&from)
	if errors.Is(err, pgx.ErrNoRows) {
		return from, ErrNotFound
	}
	if err != nil {
		return from, fmt.Errorf("store: lock %s %d: %w", table, id, err)
	}
	role := m.role
	if mv, ok := t.Move(ev); ok && role == "" {
		role = m.actor.RoleAmong(mv.Roles)
	}
	to, err := t.Next(from, ev, role)
	if err != nil {
		return from, moveError(err)
	}
	action := m.action
	if action == "" {
		action = table + "." + string(ev)
	}
	return from, applyChange(ctx, tx, change{table: table, id: id, from: string(from), to: string(to), cols: m.cols, actor: m.actor,
		audit: AuditEntry{Action: action, Detail: m.detail}, partOf: m.partOf, mails: m.mails})
}
