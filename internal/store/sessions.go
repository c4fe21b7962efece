package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
)

// SessionStore keeps the scs sessions in PostgreSQL, as scs' pgxstore does, and also writes who is signed in
// with each session, so a password change can end that person's other sessions (EndSessions). Every
// instance reads the same table: a session made on one is good on all.
type SessionStore struct{ s *Store }

// Sessions returns the session store over this store's pool.
func (s *Store) Sessions() SessionStore { return SessionStore{s} }

// SessionOwner is who a request's session belongs to; the request's handlers keep it up to date (sign-in,
// sign-out) and the store writes it when scs commits the session.
type SessionOwner struct {
	Kind string // account.ActorRegistrator or account.ActorStaf; "" when nobody is signed in
	ID   int64
	// Read is who the session belonged to when it was read, loaded in the same round trip as the session
	// (FindCtx), so a signed-in request does not ask the database a second time who is signed in. Nil when
	// the session was not read through FindCtx with this owner in its context.
	Read *SessionPerson
}

// SessionPerson is the person a stored session belongs to, fresh from the database: the registrator while
// their official is in force (account.ActorRegistrator), the staff member while active (account.ActorStaf).
// Kind is "" for a session nobody is signed in to; Registrator and Staff are nil when that person is no longer
// in force.
type SessionPerson struct {
	Kind        string
	ID          int64
	Registrator *account.Registrator
	Staff       *account.Staff
}

type sessionOwnerKey struct{}

// WithSessionOwner gives ctx a SessionOwner to fill in; it must be added before scs loads the session, so
// the context scs commits with carries it.
func WithSessionOwner(ctx context.Context) (context.Context, *SessionOwner) {
	o := &SessionOwner{}
	return context.WithValue(ctx, sessionOwnerKey{}, o), o
}

// SessionOwnerFrom returns the SessionOwner of ctx, or nil.
func SessionOwnerFrom(ctx context.Context) *SessionOwner {
	o, _ := ctx.Value(sessionOwnerKey{}).(*SessionOwner)
	return o
}

// FindCtx returns a live session's data and reads, in the same statement, the person the session belongs
// to; when ctx carries a SessionOwner that person is kept there (SessionOwner.Read).
func (ss SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var b []byte
	var p SessionPerson
	var reg account.Registrator
	var st account.Staff
	var isReg, isStaff bool
	dest := append([]any{&b, &p.Kind, &p.ID, &isReg}, registratorDest(&reg)...)
	dest = append(append(dest, &isStaff), staffDest(&st)...)
	err := ss.s.Pool.QueryRow(ctx, sessionWithPersonSQL, token).Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: find session: %w", err)
	}
	if isReg {
		p.Registrator = &reg
	}
	if isStaff {
		p.Staff = &st
	}
	if o := SessionOwnerFrom(ctx); o != nil {
		o.Read = &p
	}
	return b, true, nil
}

// sessionWithPersonSQL reads a live session and, by the owner stored with it, the official in force or the
// active staff member it belongs to: registratorSQL's and staffSQL's columns in their order, each empty when
// there is no such person (the flag before each group says whether there is).
const sessionWithPersonSQL = `SELECT s.data, coalesce(s.user_kind, ''), coalesce(s.user_id, 0),
		p.id IS NOT NULL, coalesce(p.id, 0), coalesce(a.id, 0), coalesce(p.nama, ''), coalesce(p.username, ''),
		coalesce(p.jabatan, ''), coalesce(p.unit_kerja, ''), coalesce(a.reference, ''), coalesce(a.kategori, ''),
		coalesce(a.instansi_kode, ''), coalesce(a.instansi_nama, ''), coalesce(a.state, ''), p.activated_at, coalesce(p.email, ''),
		coalesce(p.sesi_versi, 0),
		st.id IS NOT NULL, coalesce(st.id, 0), coalesce(st.username, ''), coalesce(st.nama, ''), coalesce(st.email, ''),
		coalesce(st.roles, '{}'), coalesce(st.must_change_password, false), coalesce(st.sesi_versi, 0)
	FROM sessions s
		LEFT JOIN pejabat p ON s.user_kind = 'registrator' AND p.id = s.user_id AND p.state = 'aktif'
		LEFT JOIN akun a ON a.id = p.akun_id
		LEFT JOIN staff st ON s.user_kind = 'staf' AND st.id = s.user_id AND st.active
	WHERE s.token = $1 AND now() < s.expiry`

// CommitCtx writes a session with its owner.
func (ss SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	var kind *string
	var id *int64
	if o := SessionOwnerFrom(ctx); o != nil && o.Kind != "" && o.ID != 0 {
		kind, id = &o.Kind, &o.ID
	}
	_, err := ss.s.Pool.Exec(ctx, `INSERT INTO sessions (token, data, expiry, user_kind, user_id) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry,
			user_kind = EXCLUDED.user_kind, user_id = EXCLUDED.user_id`, token, b, expiry, kind, id)
	if err != nil {
		return fmt.Errorf("store: commit session: %w", err)
	}
	return nil
}

// DeleteCtx removes a session.
func (ss SessionStore) DeleteCtx(ctx context.Context, token string) error {
	if _, err := ss.s.Pool.Exec(ctx, "DELETE FROM sessions WHERE token = $1", token); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// Find, Commit and Delete complete scs.Store; scs calls the Ctx forms.
func (ss SessionStore) Find(token string) ([]byte, bool, error) {
	return ss.FindCtx(context.Background(), token)
}

// Commit is CommitCtx without an owner.
func (ss SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return ss.CommitCtx(context.Background(), token, b, expiry)
}

// Delete is DeleteCtx.
func (ss SessionStore) Delete(token string) error { return ss.DeleteCtx(context.Background(), token) }

// endSessions ends every session of a person but the one stored under except (empty: all of them) and bumps
// the person's sesi_versi, so a session being written back at this moment is refused on its next request.
// It returns the new sesi_versi.
func endSessions(ctx context.Context, tx pgx.Tx, kind string, id int64, except string) (int, error) {
	table := map[string]string{"registrator": "pejabat", "staf": "staff"}[kind]
	if table == "" {
		return 0, fmt.Errorf("store: end sessions: unknown kind %q", kind)
	}
	var versi int
	if err := tx.QueryRow(ctx, "UPDATE "+table+" SET sesi_versi = sesi_versi + 1 WHERE id = $1 RETURNING sesi_versi", id).Scan(&versi); err != nil {
		return 0, fmt.Errorf("store: end sessions: %w", err)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE user_kind = $1 AND user_id = $2 AND token <> $3", kind, id, except); err != nil {
		return 0, fmt.Errorf("store: end sessions: %w", err)
	}
	return versi, nil
}
