package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/fsm"
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
	actor    Actor
	audit    AuditEntry // Action names the move; ObjectType and ObjectID default to the row
	mails    []OutMail
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
	e := c.audit
	if e.ObjectType == "" {
		e.ObjectType, e.ObjectID = c.table, c.id
	}
	if err := audit(ctx, tx, c.actor, e); err != nil {
		return err
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
