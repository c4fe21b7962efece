package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/request"
)

// Reads gathers the reads of one page into one round trip to PostgreSQL. Each method queues its statement
// with where its answer goes; Send runs them all as one batch (one implicit transaction, so they agree with
// each other) and fills the answers in. At national volume a signed-in page's time went on round trips, not
// on its SQL (issue 15: about ten per page, each a network syscall pair and a context switch into
// PostgreSQL); a page that reads through Reads makes one.
//
// The single-read Store methods (ListPejabatOfAkun, IsPengguna, …) are these same reads sent alone, so each
// statement is written once.
type Reads struct {
	s *Store
	b pgx.Batch
}

// Reads starts an empty set of reads.
func (s *Store) Reads() *Reads { return &Reads{s: s} }

// Send runs the queued reads and fills their answers; the first error, if any.
func (r *Reads) Send(ctx context.Context) error {
	if r.b.Len() == 0 {
		return nil
	}
	return r.s.Pool.SendBatch(ctx, &r.b).Close()
}

// PejabatOfAkun reads an account's officials, newest first: the one in force, one waiting and the history
// of those replaced.
func (r *Reads) PejabatOfAkun(akunID int64, out *[]account.PejabatDetail) {
	queueRead(&r.b, out, scanAll("list pejabat", func(row pgx.CollectableRow) (account.PejabatDetail, error) { return r.s.scanPejabat(row) }),
		"SELECT "+pejabatColumns+" FROM pejabat p JOIN akun a ON a.id = p.akun_id WHERE p.akun_id = $1 ORDER BY p.id DESC", akunID)
}

// OfficialsOfAkun reads an account's officials as Akun Saya lists them, newest first: their names and
// positions only, so the page decrypts no NIK it does not show.
func (r *Reads) OfficialsOfAkun(akunID int64, out *[]account.PejabatEntry) {
	queueRead(&r.b, out, scanAll("officials", func(row pgx.CollectableRow) (account.PejabatEntry, error) {
		var e account.PejabatEntry
		err := row.Scan(&e.Nama, &e.Jabatan, &e.UnitKerja, &e.State, &e.ActivatedAt)
		return e, err
	}), "SELECT nama, jabatan, unit_kerja, state, activated_at FROM pejabat WHERE akun_id = $1 ORDER BY id DESC", akunID)
}

// Pengguna reads whether an account holds access in force ("Pengguna Data Regsosek", pedoman §III 6a).
func (r *Reads) Pengguna(akunID int64, out *bool) {
	r.b.Queue("SELECT EXISTS (SELECT 1 FROM permohonan WHERE akun_id = $1 AND state = 'akses_diberikan')", akunID).
		QueryRow(func(row pgx.Row) error {
			if err := row.Scan(out); err != nil {
				return fmt.Errorf("store: pengguna: %w", err)
			}
			return nil
		})
}

// PermohonanOfAkun reads one page of an account's permohonan, newest first, with how many it has.
func (r *Reads) PermohonanOfAkun(akunID int64, p Paging, out *Page[request.PermohonanSummary]) {
	var c conds
	c.add("p.akun_id = ?", akunID)
	p.Limit = AkunPermohonanPageSize
	queueListPage(&r.b, akunPermohonanList, c, c, p, scanSummary, out, func() error {
		out.Total = totalOf(out.ByState, nil)
		return nil
	})
}

// BimtekOfAkun reads an account's bimtek, newest first.
func (r *Reads) BimtekOfAkun(akunID int64, out *[]layanan.Bimtek) {
	queueRead(&r.b, out, scanAll("list bimtek", func(row pgx.CollectableRow) (layanan.Bimtek, error) { return scanBimtek(row) }),
		"SELECT "+bimtekColumns+bimtekFrom+" WHERE b.akun_id = $1 ORDER BY b.id DESC LIMIT 200", akunID)
}

// PengaduanOfAkun reads the reports an account's officials filed under their name, newest first.
func (r *Reads) PengaduanOfAkun(akunID int64, out *[]layanan.PengaduanItem) {
	queueRead(&r.b, out, scanAll("list pengaduan of akun", func(row pgx.CollectableRow) (layanan.PengaduanItem, error) {
		var it layanan.PengaduanItem
		var kat string
		err := row.Scan(&it.ID, &it.Reference, &it.Judul, &kat, &it.State, &it.CreatedAt, &it.UpdatedAt)
		it.Kategori = layanan.Kategori(kat)
		return it, err
	}), `SELECT g.id, g.reference, g.judul, g.kategori, g.state, g.created_at, g.updated_at
		FROM pengaduan g JOIN pengaduan_pelapor r ON r.pengaduan_id = g.id
		WHERE r.akun_id = $1 AND NOT g.rahasia AND NOT g.anonim ORDER BY g.id DESC LIMIT 200`, akunID)
}

// OpenUndangan reads the account's survey invitations still open at now, newest first.
func (r *Reads) OpenUndangan(akunID int64, now time.Time, out *[]Undangan) {
	queueRead(&r.b, out, collect[Undangan]("survey invitations"),
		undanganSelect+" WHERE u.akun_id = $1 AND u.state = 'terbuka' AND u.expires_at > $2 ORDER BY u.id DESC", akunID, now)
}

// UnreadForAkun reads, per thread of the account ("permohonan:12", "bimtek:3"), how many messages from
// Bappenas its registrator has not read.
func (r *Reads) UnreadForAkun(akunID int64, out *map[string]int) {
	queueRead(&r.b, out, func(rows pgx.Rows) (map[string]int, error) {
		m := map[string]int{}
		var k string
		var n int
		if _, err := pgx.ForEachRow(rows, []any{&k, &n}, func() error { m[k] = n; return nil }); err != nil {
			return nil, fmt.Errorf("store: unread: %w", err)
		}
		return m, nil
	}, `SELECT CASE WHEN c.permohonan_id IS NOT NULL THEN 'permohonan:' || c.permohonan_id ELSE 'bimtek:' || c.bimtek_id END,
			count(*)::int
		FROM percakapan c JOIN percakapan_pesan m ON m.percakapan_id = c.id AND m.pihak = 'bappenas' AND m.id > c.dibaca_pemohon
		WHERE c.akun_id = $1 GROUP BY 1`, akunID)
}

// queueRead queues a statement whose rows read turns into out's value.
func queueRead[T any](b *pgx.Batch, out *T, read func(pgx.Rows) (T, error), sql string, args ...any) {
	b.Queue(sql, args...).Query(func(rows pgx.Rows) error {
		v, err := read(rows)
		*out = v
		return err
	})
}

// queryRead runs a statement alone (on the pool or in a transaction) and reads its rows with read: the same
// statement and reader a page's Reads queues.
func queryRead[T any](ctx context.Context, db q, read func(pgx.Rows) (T, error), sql string, args ...any) (T, error) {
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		var zero T
		return zero, err
	}
	return read(rows)
}

// scanAll reads every row with scan.
func scanAll[T any](what string, scan func(pgx.CollectableRow) (T, error)) func(pgx.Rows) ([]T, error) {
	return func(rows pgx.Rows) ([]T, error) {
		list, err := pgx.CollectRows(rows, scan)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		return list, nil
	}
}

// collect reads every row into T by position.
func collect[T any](what string) func(pgx.Rows) ([]T, error) {
	return scanAll(what, pgx.RowToStructByPos[T])
}

// one sends a single read.
func one[T any](ctx context.Context, s *Store, queue func(*Reads, *T)) (T, error) {
	var out T
	r := s.Reads()
	queue(r, &out)
	return out, r.Send(ctx)
}
