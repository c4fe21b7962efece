// Package fsm is the one shape every state machine of the portal takes: a table of moves, each an event
// that leaves some states for one state and may be fired by some roles. The domain packages declare their
// tables (request, account, layanan, dasbor) and add their own guards; the store applies a move with one
// guarded UPDATE (store/transition.go). Pages ask the same table which events a role may fire now, so the
// buttons shown are the ones the server accepts.
package fsm

import (
	"errors"
	"fmt"
	"slices"
)

// Errors of Next. ErrForbidden: the role may never fire the event; ErrInvalidTransition: not from this state
// (or the event is unknown).
var (
	ErrForbidden         = errors.New("fsm: role may not fire this event")
	ErrInvalidTransition = errors.New("fsm: event not allowed in this state")
)

// Move is one row of a table: Event fired from one of From by one of Roles leads to To. A move whose To is
// empty is a step in place: it is recorded (a timeline entry, an audit row, an email) but leaves the state
// as it was.
type Move[S, E, R ~string] struct {
	Event E
	From  []S
	To    S
	Roles []R
}

// Table is a state machine. The zero value has no moves.
type Table[S, E, R ~string] struct {
	moves map[E]Move[S, E, R]
	order []E
}

// New builds a table. An event listed twice is a programming error and panics at start-up.
func New[S, E, R ~string](moves ...Move[S, E, R]) Table[S, E, R] {
	t := Table[S, E, R]{moves: make(map[E]Move[S, E, R], len(moves))}
	for _, m := range moves {
		if _, dup := t.moves[m.Event]; dup {
			panic(fmt.Sprintf("fsm: event %q listed twice", m.Event))
		}
		t.moves[m.Event] = m
		t.order = append(t.order, m.Event)
	}
	return t
}

// Next returns the state that event fired by role leads to from state.
func (t Table[S, E, R]) Next(state S, event E, role R) (S, error) {
	m, ok := t.moves[event]
	if !ok {
		return state, fmt.Errorf("%w: unknown event %q", ErrInvalidTransition, event)
	}
	if !slices.Contains(m.Roles, role) {
		return state, fmt.Errorf("%w: %s by %s", ErrForbidden, event, role)
	}
	if !slices.Contains(m.From, state) {
		return state, fmt.Errorf("%w: %s from %s", ErrInvalidTransition, event, state)
	}
	if m.To == "" {
		return state, nil
	}
	return m.To, nil
}

// Events lists, in table order, the events any of roles may fire from state.
func (t Table[S, E, R]) Events(state S, roles ...R) []E {
	var out []E
	for _, e := range t.order {
		m := t.moves[e]
		if slices.Contains(m.From, state) && slices.ContainsFunc(roles, func(r R) bool { return slices.Contains(m.Roles, r) }) {
			out = append(out, e)
		}
	}
	return out
}

// All lists every event in table order, for exhaustive tests.
func (t Table[S, E, R]) All() []E { return slices.Clone(t.order) }

// Move returns the row of an event.
func (t Table[S, E, R]) Move(event E) (Move[S, E, R], bool) {
	m, ok := t.moves[event]
	return m, ok
}
