package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/request"
)

// The staff's Tahap 4–6 work as one paged list: print requests, agreements to countersign, access to
// prepare, failed accounts, extension requests, SK Forum Satu Data uploaded under the six-month rule,
// agreements awaited from the pemohon, and access in force (for extension and revocation). A permohonan may
// be in several kinds of work at once; each is a row.

// AksesTaskFilter narrows the work list: Q finds by nomor or instansi, Task keeps one kind ("" every kind).
type AksesTaskFilter struct {
	Q, Task string
}

const aksesTasksFrom = `(
		SELECT permohonan_id AS id, 'cetak' AS task, requested_at AS since, 1 AS ord FROM permintaan_cetak WHERE state = 'diminta'
		UNION ALL SELECT id, 'tandatangan', updated_at, 2 FROM permohonan WHERE state = 'pks_nda_diunggah'
		UNION ALL SELECT id, 'penyiapan', updated_at, 3 FROM permohonan WHERE state = 'penyiapan_akses'
		UNION ALL SELECT permohonan_id, 'gagal', max(updated_at), 4 FROM akses_akun WHERE last_error IS NOT NULL GROUP BY permohonan_id
		UNION ALL SELECT permohonan_id, 'perpanjangan', requested_at, 5 FROM perpanjangan WHERE state = 'diajukan'
		UNION ALL SELECT p.id, 'sk_forum', d.uploaded_at, 6 FROM permohonan p JOIN permohonan_documents d ON d.permohonan_id = p.id
			AND d.kind = 'sk_forum_satu_data' WHERE p.enam_bulan AND (p.state = 'akses_diberikan' OR (p.state = 'berakhir' AND p.end_reason = 'enam_bulan'))
		UNION ALL SELECT id, 'menunggu', updated_at, 7 FROM permohonan WHERE state = 'menunggu_pks_nda'
		UNION ALL SELECT id, 'berjalan', akses_diberikan_at, 8 FROM permohonan WHERE state = 'akses_diberikan' AND akses_diberikan_at IS NOT NULL
	) t JOIN permohonan p ON p.id = t.id JOIN akun a ON a.id = p.akun_id`

// aksesTaskList orders the work by kind, then the oldest first; the id of a row is its permohonan's and kind's.
var aksesTaskList = listSQL{
	cols:  "p.id, p.reference, a.instansi_nama, p.state, t.task, t.since, p.akses_berakhir",
	from:  aksesTasksFrom,
	id:    "(p.id * 10 + t.ord)",
	state: "t.task",
	def:   "tugas",
	sorts: map[string]sortKey{
		"tugas":    {expr: "(t.ord::text || to_char(t.since AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS'))", typ: "text"},
		"nomor":    {expr: "p.reference", typ: "text"},
		"instansi": {expr: "a.instansi_nama", typ: "text"},
		"sejak":    {expr: "t.since", typ: "timestamptz"},
	},
}

func scanAksesTask(r pgx.Rows, tail ...any) (request.AksesTask, error) {
	var t request.AksesTask
	err := r.Scan(append([]any{&t.PermohonanID, &t.Reference, &t.InstansiNama, &t.State, &t.Task, &t.Since, &t.Until}, tail...)...)
	return t, err
}

func aksesTaskConds(f AksesTaskFilter) conds {
	var c conds
	if f.Q != "" {
		t := likeTerm(f.Q)
		c.search("(p.reference ILIKE ? OR a.instansi_nama ILIKE ? OR a.reference ILIKE ?)", t, t, t)
	}
	return c
}

// ListAksesTasks returns one page of the Tahap 4–6 work with the count of each kind, in one round trip.
func (s *Store) ListAksesTasks(ctx context.Context, f AksesTaskFilter, p Paging) (Page[request.AksesTask], error) {
	c := aksesTaskConds(f)
	all := c
	if f.Task != "" {
		all = c.clone()
		all.add("t.task = ?", f.Task)
	}
	page, err := listPage(ctx, s.Pool, aksesTaskList, all, c, p, scanAksesTask)
	if err != nil {
		return page, fmt.Errorf("store: akses tasks: %w", err)
	}
	var chosen []string
	if f.Task != "" {
		chosen = []string{f.Task}
	}
	page.Total = totalOf(page.ByState, chosen)
	return page, nil
}

// EachAksesTask streams the work of a filtered list, for the exports.
func (s *Store) EachAksesTask(ctx context.Context, f AksesTaskFilter, p Paging, fn func(request.AksesTask) error) error {
	c := aksesTaskConds(f)
	if f.Task != "" {
		c.add("t.task = ?", f.Task)
	}
	if err := listEach(ctx, s.Pool, aksesTaskList, c, p, scanAksesTask, fn); err != nil {
		return fmt.Errorf("store: export akses tasks: %w", err)
	}
	return nil
}
