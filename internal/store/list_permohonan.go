package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
)

// The staff's lists of permohonan: the register of every permohonan in every state, and each review stage's
// queue, with search, filters, sorting, counts and keyset paging; and their exports.

// reviewStates are the states a permohonan waits in at Bappenas with a deadline.
const reviewStates = "('diajukan', 'terverifikasi_teknis', 'menunggu_keputusan')"

// permohonanList is the list's SQL; a queue starts with the oldest submission, the register with the newest.
func permohonanList(newestFirst bool) listSQL {
	return listSQL{
		cols: `p.id, p.reference, p.parent_id IS NOT NULL, p.state, a.kategori, a.instansi_kode, a.instansi_nama,
			coalesce((SELECT nama FROM pejabat WHERE akun_id = a.id AND state = 'aktif'), ''), p.created_at, p.submitted_at,
			p.due_at, p.decided_at, p.akses_sampai::timestamptz, p.assignee_id, coalesce(st.nama, ''), r.tier, r.baru, r.sepakat, r.fasilitas`,
		countFrom: "permohonan p",
		from: `permohonan p JOIN akun a ON a.id = p.akun_id LEFT JOIN staff st ON st.id = p.assignee_id
			CROSS JOIN LATERAL (SELECT coalesce(max(CASE jenis_data WHEN 'bnba' THEN 4 WHEN 'mikro' THEN 3 WHEN 'agregat_terpilah' THEN 2 ELSE 0 END), 0) AS tier,
				count(*) FILTER (WHERE is_new) AS baru, coalesce(bool_or(media = 'sepakat'), false) AS sepakat,
				coalesce(bool_or(media = 'fasilitas'), false) AS fasilitas
				FROM permohonan_rows WHERE permohonan_id = p.id) r`,
		id:      "p.id",
		state:   "p.state",
		def:     "diajukan",
		defDesc: newestFirst,
		sorts: map[string]sortKey{
			"nomor":    {expr: "p.reference", typ: "text"},
			"instansi": {expr: "a.instansi_nama", typ: "text"},
			"diajukan": {expr: "coalesce(p.submitted_at, p.created_at)", typ: "timestamptz"},
			"tenggat":  {expr: "coalesce(p.due_at, 'infinity'::timestamptz)", typ: "timestamptz"},
		},
	}
}

func scanListItem(r pgx.Rows, tail ...any) (review.ListItem, error) {
	var it review.ListItem
	err := r.Scan(append([]any{&it.ID, &it.Reference, &it.Perubahan, &it.State, &it.Kategori, &it.InstansiKode, &it.InstansiNama,
		&it.Registrator, &it.CreatedAt, &it.SubmittedAt, &it.DueAt, &it.DecidedAt, &it.AksesSampai, &it.AssigneeID,
		&it.AssigneeNama, &it.Tier, &it.Rows, &it.Sepakat, &it.Fasilitas}, tail...)...)
	return it, err
}

// permohonanConds is the WHERE clause of a filter, without the state chosen (counted by state instead).
func permohonanConds(f review.ListFilter) conds {
	var c conds
	if len(f.States) == 1 {
		c.add("p.state = ?", string(f.States[0]))
	} else if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, s := range f.States {
			states[i] = string(s)
		}
		c.add("p.state = ANY(?)", states)
	}
	if f.Q != "" {
		// Each branch reads its own index (trigram indexes of migration 022), so a search costs what it finds.
		t := likeTerm(f.Q)
		c.search(`p.id IN (SELECT id FROM permohonan WHERE reference ILIKE ?
			UNION SELECT id FROM permohonan WHERE akun_id IN (SELECT id FROM akun WHERE instansi_nama ILIKE ? OR reference ILIKE ?)
			UNION SELECT id FROM permohonan WHERE akun_id IN (SELECT akun_id FROM pejabat WHERE nama ILIKE ? OR username ILIKE ?)
			UNION SELECT permohonan_id FROM permohonan_rows WHERE operator_nama <> '' AND operator_nama ILIKE ?)`, t, t, t, t, t, t)
	}
	// Conditions on the account are asked of akun apart, so the count by state reads permohonan alone (with
	// the account joined, PostgreSQL counted a state by visiting each row instead of from the index).
	if f.Kategori != "" {
		c.add("p.akun_id IN (SELECT id FROM akun WHERE kategori = ?)", f.Kategori)
	}
	if f.Provinsi != "" {
		c.add("p.akun_id IN (SELECT id FROM akun WHERE kategori <> 'pusat' AND left(instansi_kode, 2) = ?)", f.Provinsi)
	}
	if f.Tingkat != 0 {
		c.add(tierSQL+" = ?", f.Tingkat)
	}
	if f.Media == request.Sepakat || f.Media == request.Fasilitas {
		c.add("EXISTS (SELECT 1 FROM permohonan_rows WHERE permohonan_id = p.id AND media = ?)", f.Media)
	}
	if f.Mine != 0 {
		c.add("p.assignee_id = ?", f.Mine)
	}
	if f.Overdue {
		c.add("p.state IN "+reviewStates+" AND p.due_at < ?", f.Now)
	}
	return c
}

func withState(c conds, f review.ListFilter) conds {
	if f.State != "" {
		c = c.clone()
		c.add("p.state = ?", string(f.State))
	}
	return c
}

// ListPermohonanStaff returns one page of a staff list of permohonan with the count of the whole filtered
// list by state: two queries, whatever the number of rows. Without a sort chosen the register starts with the
// newest submission (newestFirst), a queue with the oldest.
func (s *Store) ListPermohonanStaff(ctx context.Context, f review.ListFilter, p Paging, newestFirst bool) (Page[review.ListItem], error) {
	l := permohonanList(newestFirst)
	c := permohonanConds(f)
	page, err := listPage(ctx, s.Pool, l, withState(c, f), c, p, scanListItem)
	if err != nil {
		return page, fmt.Errorf("store: list permohonan: %w", err)
	}
	var chosen []string
	if f.State != "" {
		chosen = []string{string(f.State)}
	}
	page.Total = totalOf(page.ByState, chosen)
	return page, nil
}

// EachPermohonanStaff streams every permohonan of a filtered list in its order, for the spreadsheet exports.
func (s *Store) EachPermohonanStaff(ctx context.Context, f review.ListFilter, p Paging, newestFirst bool, fn func(review.ListItem) error) error {
	if err := listEach(ctx, s.Pool, permohonanList(newestFirst), withState(permohonanConds(f), f), p, scanListItem, fn); err != nil {
		return fmt.Errorf("store: export permohonan: %w", err)
	}
	return nil
}

// ExplainPermohonanStaff returns PostgreSQL's plans for the two queries of ListPermohonanStaff, so a test can
// check they read indexes at national volume.
func (s *Store) ExplainPermohonanStaff(ctx context.Context, f review.ListFilter, p Paging, newestFirst bool) (string, error) {
	l := permohonanList(newestFirst)
	c := permohonanConds(f)
	page, args, _ := l.queryFor(withState(c, f), p, DefaultPageSize)
	count := "SELECT p.state, count(*) FROM " + l.countFrom + c.where() + " GROUP BY 1"
	var plan strings.Builder
	for _, qa := range []struct {
		sql  string
		args []any
	}{{page, args}, {count, c.args}} {
		rows, err := s.Pool.Query(ctx, "EXPLAIN "+qa.sql, qa.args...)
		if err != nil {
			return "", fmt.Errorf("store: explain: %w", err)
		}
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return "", fmt.Errorf("store: explain: %w", err)
		}
		plan.WriteString(strings.Join(lines, "\n") + "\n")
	}
	return plan.String(), nil
}

// akunPermohonanList is a registrator's own list of permohonan, newest first.
var akunPermohonanList = listSQL{
	cols: `p.id, p.reference, p.state, p.parent_id,
		` + rowsAndTierSQL + `, p.created_at, p.submitted_at`,
	from:    "permohonan p",
	id:      "p.id",
	state:   "p.state",
	def:     "dibuat",
	defDesc: true,
	sorts:   map[string]sortKey{"dibuat": {expr: "p.created_at", typ: "timestamptz"}},
}

// rowsAndTierSQL is a permohonan's number of new users and its highest tier, read from its rows in one pass
// (the list's two figures per permohonan in one index scan instead of two).
const rowsAndTierSQL = `(SELECT ARRAY[count(*) FILTER (WHERE r.is_new), coalesce(max(` + tierOfRow + `), 0)]
		FROM permohonan_rows r WHERE r.permohonan_id = p.id)`

func scanSummary(r pgx.Rows, tail ...any) (request.PermohonanSummary, error) {
	var it request.PermohonanSummary
	var rowsTier [2]int
	err := r.Scan(append([]any{&it.ID, &it.Reference, &it.State, &it.ParentID, &rowsTier, &it.CreatedAt, &it.SubmittedAt}, tail...)...)
	it.Rows, it.Tier = rowsTier[0], rowsTier[1]
	return it, err
}

// AkunPermohonanPageSize is how many permohonan a page of Akun Saya lists.
const AkunPermohonanPageSize = 20

// ListPermohonanOfAkun returns one page of an account's permohonan, newest first, with how many it has.
func (s *Store) ListPermohonanOfAkun(ctx context.Context, akunID int64, p Paging) (Page[request.PermohonanSummary], error) {
	page, err := one(ctx, s, func(r *Reads, out *Page[request.PermohonanSummary]) { r.PermohonanOfAkun(akunID, p, out) })
	if err != nil {
		return page, fmt.Errorf("store: permohonan of akun: %w", err)
	}
	return page, nil
}
