package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/review"
)

// The staff's daily digest (Ringkasan Harian): once a day, from the configured hour in Jakarta, each staff
// member who has not turned it off gets one email of what came into their queues since their last digest and
// what is past or near its deadline. A digest with nothing new, past or near is not sent; the day counts as
// done all the same.

// digestStates are the sections that follow a permohonan's state, with the state they watch and whether their
// items are those the reader may take (unclaimed or held by them) rather than all.
var digestStates = map[string]struct {
	state string
	mine  bool
}{
	review.DigestTeknis:    {"diajukan", true},
	review.DigestSubstansi: {"terverifikasi_teknis", true},
	review.DigestKeputusan: {"menunggu_keputusan", false},
	review.DigestPKS:       {"pks_nda_diunggah", false},
	review.DigestPenyiapan: {"penyiapan_akses", false},
}

var digestTitles = map[string][3]string{ // title, list, list of what is past its deadline
	review.DigestAkun:        {"Verifikasi Akun", "/petugas/verifikasi-akun", ""},
	review.DigestTeknis:      {"Verifikasi Teknis", "/petugas/antrean/teknis", "/petugas/antrean/teknis?lewat=ya"},
	review.DigestSubstansi:   {"Verifikasi Substansi", "/petugas/antrean/substansi", "/petugas/antrean/substansi?lewat=ya"},
	review.DigestRekomendasi: {"Permintaan Rekomendasi", "/petugas/rekomendasi", ""},
	review.DigestKeputusan:   {"Keputusan", "/petugas/antrean/keputusan", "/petugas/antrean/keputusan?lewat=ya"},
	review.DigestPKS:         {"PKS/NDA menunggu tanda tangan Pihak Kesatu", "/petugas/akses?status=tandatangan", ""},
	review.DigestPenyiapan:   {"Penyiapan akses", "/petugas/akses?status=penyiapan", ""},
	review.DigestBimtek:      {"Fasilitasi Bimbingan Teknis", "/petugas/bimtek", ""},
	review.DigestPengaduan:   {"Pengaduan dan Pelaporan", "/petugas/pengaduan", ""},
}

// digestStaff is a staff member due a digest.
type digestStaff struct {
	id          int64
	nama, email string
	roles       []account.Role
	last        *time.Time
}

// SendDigests writes the day's digest of every staff member due one, once the hour (0–23, Jakarta) has come.
// Staff rows are claimed with SKIP LOCKED and marked in the transaction of their email, so with several
// instances each person gets one. It returns how many digests were sent.
func (s *Store) SendDigests(ctx context.Context, now time.Time, hour int) (int, error) {
	if now.In(indo.Jakarta).Hour() < hour {
		return 0, nil
	}
	today := indo.Today(now)
	sent := 0
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, nama, email, roles, ringkasan_at FROM staff
			WHERE active AND ringkasan_harian AND (ringkasan_at IS NULL OR ringkasan_at < $1)
			ORDER BY id LIMIT 200 FOR UPDATE SKIP LOCKED`, today)
		if err != nil {
			return fmt.Errorf("store: digest: %w", err)
		}
		list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (digestStaff, error) {
			var d digestStaff
			return d, r.Scan(&d.id, &d.nama, &d.email, &d.roles, &d.last)
		})
		if err != nil {
			return fmt.Errorf("store: digest: %w", err)
		}
		for _, st := range list {
			// New since the last digest (after a holiday, at most the last week), or the last day for a first one.
			since := now.Add(-24 * time.Hour)
			if st.last != nil {
				since = later(*st.last, now.AddDate(0, 0, -7))
			}
			d, err := s.digestOf(ctx, tx, st, since, now)
			if err != nil {
				return err
			}
			if d.Worth() {
				if err := enqueue(ctx, tx, s.Letters.RingkasanHarian(mail.Recipient{Email: st.email, Nama: st.nama}, d)); err != nil {
					return err
				}
				sent++
			}
			if _, err := tx.Exec(ctx, "UPDATE staff SET ringkasan_at = $2 WHERE id = $1", st.id, now); err != nil {
				return fmt.Errorf("store: digest: %w", err)
			}
		}
		return nil
	})
	return sent, err
}

// digestOf reads the sections of one staff member's digest.
func (s *Store) digestOf(ctx context.Context, tx pgx.Tx, st digestStaff, since, now time.Time) (review.Digest, error) {
	d := review.Digest{Date: indo.Today(now), Since: since}
	for _, key := range review.DigestSectionsFor(st.roles) {
		t := digestTitles[key]
		sec := review.DigestSection{Key: key, Title: t[0], Path: t[1], OverduePath: t[2]}
		var err error
		if ds, ok := digestStates[key]; ok {
			err = digestPermohonan(ctx, tx, &sec, ds.state, ds.mine, st.id, since, now)
		} else {
			err = digestOther(ctx, tx, &sec, st.id, since, now)
		}
		if err != nil {
			return d, fmt.Errorf("store: digest %s: %w", key, err)
		}
		d.Sections = append(d.Sections, sec)
	}
	return d, nil
}

// digestPermohonan fills a section that follows the permohonan in a state: new is what entered the state
// since (by its timeline) and still waits there; past and near deadlines are named, those the reader may take
// when mine.
func digestPermohonan(ctx context.Context, tx pgx.Tx, sec *review.DigestSection, state string, mine bool, me int64, since, now time.Time) error {
	err := tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM permohonan_events e
				WHERE e.permohonan_id = p.id AND e.to_state = p.state AND e.at >= $2)), count(*),
			count(*) FILTER (WHERE p.due_at < $3), count(*) FILTER (WHERE p.due_at >= $3 AND p.due_at < $4)
		FROM permohonan p WHERE p.state = $1`, state, since, now, now.Add(review.DueSoonWithin)).
		Scan(&sec.New, &sec.Waiting, &sec.Overdue, &sec.DueSoon)
	if err != nil {
		return err
	}
	rows, err := tx.Query(ctx, `SELECT p.reference, a.instansi_nama, p.due_at FROM permohonan p JOIN akun a ON a.id = p.akun_id
		WHERE p.state = $1 AND p.due_at < $2 AND (NOT $3 OR p.assignee_id IS NULL OR p.assignee_id = $4)
		ORDER BY p.due_at, p.id LIMIT $5`, state, now.Add(review.DueSoonWithin), mine, me, review.DigestItemsShown)
	if err != nil {
		return err
	}
	sec.Items, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (review.DigestItem, error) {
		var it review.DigestItem
		err := r.Scan(&it.Reference, &it.Instansi, &it.Due)
		it.Overdue = it.Due.Before(now)
		return it, err
	})
	return err
}

// digestOther fills the sections without a review deadline. A bimtek waiting for its schedule is near its
// deadline when its proposed start is within a week, and past it once that day has come.
func digestOther(ctx context.Context, tx pgx.Tx, sec *review.DigestSection, me int64, since, now time.Time) error {
	today := indo.Today(now)
	switch sec.Key {
	case review.DigestAkun:
		return tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE created_at >= $1), count(*) FROM pejabat WHERE state = 'menunggu_verifikasi'`,
			since).Scan(&sec.New, &sec.Waiting)
	case review.DigestRekomendasi:
		return tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE requested_at >= $2), count(*) FROM rekomendasi
			WHERE direktur_id = $1 AND answered_at IS NULL`, me, since).Scan(&sec.New, &sec.Waiting)
	case review.DigestPengaduan:
		// A Rahasia report counts only while nobody, or this reader, handles it (layanan.Viewer's rule).
		return tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE g.updated_at >= $2), count(*) FROM pengaduan g
			WHERE g.state = 'baru' AND (NOT g.rahasia OR g.handler_id = $1 OR `+noActiveHandler+`)`, me, since).Scan(&sec.New, &sec.Waiting)
	case review.DigestBimtek:
		week := today.AddDate(0, 0, 7)
		err := tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE submitted_at >= $1), count(*), count(*) FILTER (WHERE usulan_mulai <= $2::date),
				count(*) FILTER (WHERE usulan_mulai > $2::date AND usulan_mulai <= $3::date)
			FROM bimtek WHERE state = 'diajukan'`, since, today, week).Scan(&sec.New, &sec.Waiting, &sec.Overdue, &sec.DueSoon)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT b.reference, a.instansi_nama, b.usulan_mulai FROM bimtek b JOIN akun a ON a.id = b.akun_id
			WHERE b.state = 'diajukan' AND b.usulan_mulai <= $1::date ORDER BY b.usulan_mulai, b.id LIMIT $2`, week, review.DigestItemsShown)
		if err != nil {
			return err
		}
		sec.Items, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (review.DigestItem, error) {
			var it review.DigestItem
			err := r.Scan(&it.Reference, &it.Instansi, &it.Due)
			it.Due = indo.DayStart(it.Due)
			it.Overdue = !it.Due.After(today)
			return it, err
		})
		return err
	}
	return fmt.Errorf("unknown section %q", sec.Key)
}

// SetDigest turns a staff member's daily digest on or off, with its audit row.
func (s *Store) SetDigest(ctx context.Context, staffID int64, on bool, actor account.Actor) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE staff SET ringkasan_harian = $2 WHERE id = $1", staffID, on)
		if err != nil {
			return fmt.Errorf("store: set digest: %w", err)
		}
		if tag.RowsAffected() != 1 {
			return ErrNotFound
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "petugas.ringkasan_harian", ObjectType: "staff", ObjectID: staffID,
			Detail: map[string]any{"aktif": on}})
	})
}

// DigestOn reports whether a staff member receives the daily digest.
func (s *Store) DigestOn(ctx context.Context, staffID int64) (bool, error) {
	var on bool
	if err := s.Pool.QueryRow(ctx, "SELECT ringkasan_harian FROM staff WHERE id = $1", staffID).Scan(&on); err != nil {
		return false, fmt.Errorf("store: digest on: %w", err)
	}
	return on, nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
