package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/survei"
)

// Survei Kepuasan Masyarakat (internal/survei): an invitation written in the transaction that ends a service,
// answered once; the answer stored apart, anonymous; the IKM computed from the sums.

// SurveyTokenKind is the HMAC domain of survey links.
const SurveyTokenKind = "survei"

// SurveyLinks makes random survey links whose tokens are stored as their HMAC under secret (SESSION_SECRET).
func SurveyLinks(secret []byte) NewLink {
	return func() (string, []byte) {
		token := crypt.RandomToken()
		return token, crypt.MAC(secret, SurveyTokenKind, token)
	}
}

// inviteSurvey invites who used a service to the survey, once per service: the invitation (open for
// survei.Berlaku, for the account akunID to answer signed in when it is not 0) and, when to has an address,
// the email with its link. Callers write it before the service's last letter, so that letter stays the
// newest. A service already invited is left as it is.
func (s *Store) inviteSurvey(ctx context.Context, tx pgx.Tx, l survei.Layanan, subjekID, akunID int64, to mail.Recipient, reference string,
	rahasia bool, now time.Time) error {
	token, hash := s.NewSurveyLink()
	var akun *int64
	if akunID != 0 {
		akun = &akunID
	}
	expires := now.Add(survei.Berlaku)
	tag, err := tx.Exec(ctx, `INSERT INTO survei_undangan (layanan, subjek_id, akun_id, token_hash, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (layanan, subjek_id) DO NOTHING`, l, subjekID, akun, hash, now, expires)
	if err != nil {
		return fmt.Errorf("store: survey invitation: %w", err)
	}
	if tag.RowsAffected() == 0 || to.Email == "" {
		return nil
	}
	m := s.Letters.SurveiUndangan(to, l.Label(), reference, token, expires)
	m.Rahasia = rahasia // an Anonim reporter's address
	return enqueue(ctx, tx, m)
}

// Undangan is an invitation as the survey's pages read it.
type Undangan struct {
	ID        int64
	Layanan   survei.Layanan
	SubjekID  int64
	AkunID    *int64
	State     survei.UndanganState
	ExpiresAt time.Time
	Reference string
}

const undanganSelect = `SELECT u.id, u.layanan, u.subjek_id, u.akun_id, u.state, u.expires_at,
		coalesce(CASE u.layanan WHEN 'permohonan' THEN (SELECT reference FROM permohonan WHERE id = u.subjek_id)
			WHEN 'bimtek' THEN (SELECT reference FROM bimtek WHERE id = u.subjek_id)
			ELSE (SELECT reference FROM pengaduan WHERE id = u.subjek_id) END, '')
	FROM survei_undangan u`

func (s *Store) findUndangan(ctx context.Context, where string, args ...any) (Undangan, error) {
	rows, err := s.Pool.Query(ctx, undanganSelect+" WHERE "+where, args...)
	if err != nil {
		return Undangan{}, fmt.Errorf("store: survey invitation: %w", err)
	}
	u, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[Undangan])
	if errors.Is(err, pgx.ErrNoRows) {
		return u, ErrNotFound
	}
	if err != nil {
		return u, fmt.Errorf("store: survey invitation: %w", err)
	}
	return u, nil
}

// FindUndanganByToken finds the invitation of an emailed link. ErrNotFound otherwise.
func (s *Store) FindUndanganByToken(ctx context.Context, hash []byte) (Undangan, error) {
	return s.findUndangan(ctx, "u.token_hash = $1", hash)
}

// FindUndanganForAkun finds an invitation made for the account. ErrNotFound for another's.
func (s *Store) FindUndanganForAkun(ctx context.Context, id, akunID int64) (Undangan, error) {
	return s.findUndangan(ctx, "u.id = $1 AND u.akun_id = $2", id, akunID)
}

// FindUndanganForPengaduan finds the invitation of a report. ErrNotFound while it is not closed.
func (s *Store) FindUndanganForPengaduan(ctx context.Context, pengaduanID int64) (Undangan, error) {
	return s.findUndangan(ctx, "u.layanan = 'pengaduan' AND u.subjek_id = $1", pengaduanID)
}

// OpenUndanganForAkun lists the account's invitations still open, newest first.
func (s *Store) OpenUndanganForAkun(ctx context.Context, akunID int64, now time.Time) ([]Undangan, error) {
	return one(ctx, s, func(r *Reads, out *[]Undangan) { r.OpenUndangan(akunID, now, out) })
}

// AnswerSurvey records an answer: the invitation moves to dijawab (its machine, audited without the answer)
// and the answer is stored apart, with only the service's kind and the semester. survei.ErrSudahDijawab when
// it was answered (also by someone at the same moment), survei.ErrKedaluwarsa past its end.
func (s *Store) AnswerSurvey(ctx context.Context, id int64, j survei.Jawaban, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var l survei.Layanan
		var expires time.Time
		var state survei.UndanganState
		err := tx.QueryRow(ctx, "SELECT layanan, expires_at, state FROM survei_undangan WHERE id = $1 FOR UPDATE", id).Scan(&l, &expires, &state)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: answer survey: %w", err)
		}
		if state == survei.Dijawab {
			return survei.ErrSudahDijawab
		}
		if !now.Before(expires) {
			return survei.ErrKedaluwarsa
		}
		// Whoever holds the link answers as the public, a signed-in registrator as the registrator.
		role := account.RolePublik
		if actor.Kind == account.ActorRegistrator {
			role = account.RoleRegistrator
		}
		// The answer is kept "tanpa nama, akun, maupun nomor layanan", as the invitation promises: its audit row
		// names no account and no IP.
		_, err = moveRow(ctx, tx, "survei_undangan", survei.Machine, id, survei.Jawab, rowMove{role: role,
			actor: account.Actor{Kind: account.ActorPublik}, action: "survei.dijawab"})
		if errors.Is(err, ErrConflict) {
			return survei.ErrSudahDijawab
		}
		if err != nil {
			return err
		}
		sem := survei.SemesterOf(now)
		n := j.Nilai
		_, err = tx.Exec(ctx, `INSERT INTO survei_jawaban (layanan, tahun, semester, u1, u2, u3, u4, u5, u6, u7, u8, u9, komentar)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, l, sem.Tahun, sem.Ke, n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], j.Komentar)
		if err != nil {
			return fmt.Errorf("store: answer survey: %w", err)
		}
		return nil
	})
}

// SurveySums are the sums of the answers of one semester for one service.
type SurveySums struct {
	Semester survei.Semester
	Layanan  survei.Layanan
	Jumlah   survei.Jumlah
}

// SurveySums returns, per semester and service, the sums the IKM is computed from: every semester when sem is
// zero.
func (s *Store) SurveySums(ctx context.Context, sem survei.Semester) ([]SurveySums, error) {
	rows, err := s.Pool.Query(ctx, `SELECT tahun, semester, layanan, count(*)::int,
			sum(u1)::int, sum(u2)::int, sum(u3)::int, sum(u4)::int, sum(u5)::int, sum(u6)::int, sum(u7)::int, sum(u8)::int, sum(u9)::int
		FROM survei_jawaban WHERE ($1 = 0 OR (tahun = $1 AND semester = $2))
		GROUP BY tahun, semester, layanan ORDER BY tahun, semester, layanan`, sem.Tahun, sem.Ke)
	if err != nil {
		return nil, fmt.Errorf("store: survey sums: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (SurveySums, error) {
		var x SurveySums
		var n int
		t := &x.Jumlah.Total
		err := row.Scan(&x.Semester.Tahun, &x.Semester.Ke, &x.Layanan, &n, &t[0], &t[1], &t[2], &t[3], &t[4], &t[5], &t[6], &t[7], &t[8])
		for i := range x.Jumlah.Responden {
			x.Jumlah.Responden[i] = n
		}
		return x, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: survey sums: %w", err)
	}
	return list, nil
}

// SurveyComments returns the comments of a semester's answers, for staff, without anything that tells who
// wrote them; at most 200, in no particular order.
func (s *Store) SurveyComments(ctx context.Context, sem survei.Semester) ([]SurveyComment, error) {
	rows, err := s.Pool.Query(ctx, `SELECT layanan, komentar FROM survei_jawaban WHERE tahun = $1 AND semester = $2 AND komentar <> ''
		ORDER BY id LIMIT 200`, sem.Tahun, sem.Ke)
	if err != nil {
		return nil, fmt.Errorf("store: survey comments: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[SurveyComment])
	if err != nil {
		return nil, fmt.Errorf("store: survey comments: %w", err)
	}
	return list, nil
}

// SurveyComment is a comment and the service it is about.
type SurveyComment struct {
	Layanan  survei.Layanan
	Komentar string
}

// inviteRegistrator invites the registrator of a permohonan's account.
func (s *Store) inviteRegistrator(ctx context.Context, tx pgx.Tx, l permohonanLock, now time.Time) error {
	to, err := registratorOf(ctx, tx, l.AkunID)
	if err != nil {
		return err
	}
	return s.inviteSurvey(ctx, tx, survei.Permohonan, l.ID, l.AkunID, to, l.Reference, false, now)
}
