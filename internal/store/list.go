package store

import (
	"context"
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The staff's lists share one way of paging: keyset pagination over (sort key, id), so a page costs the same
// however deep it is and a row inserted meanwhile neither repeats nor hides another; a count of the whole
// filtered set by state; and, for exports, the same query streamed without a limit. No list is capped.

// Paging asks for one page. Sort names one of the list's sort keys ("" for its default, which also sets the
// direction); After and Before are the cursors Page gave for the pages either side.
type Paging struct {
	Sort          string
	Desc          bool
	After, Before string
	Limit         int
}

// DefaultPageSize is how many rows a page of a staff list shows.
const DefaultPageSize = 50

// Page is one page of a list: its rows, the cursors of the next and previous pages ("" when there is none),
// how many rows the whole filtered list has, and how many of those are in each state.
type Page[T any] struct {
	Items      []T
	Next, Prev string
	Total      int
	ByState    map[string]int
	Sort       string
	Desc       bool
}

// sortKey is an SQL expression a list can be ordered by, never NULL, and its type for reading a cursor back.
type sortKey struct{ expr, typ string }

// listSQL describes a list: what it selects from where, its id column (the tie-break) and its sort keys.
// countFrom is the FROM of its counts: the same rows without what only the columns need (LEFT JOINs the
// planner drops when no condition reads them).
type listSQL struct {
	cols, from, countFrom, id string
	sorts                     map[string]sortKey
	def                       string
	defDesc                   bool
	// state is the expression counted by state ("" for a list without one).
	state string
}

// conds is a WHERE clause built from conditions whose '?' placeholders become numbered parameters.
type conds struct {
	parts []string
	args  []any
	// text: a condition matches typed text (search), so how many rows it keeps depends wholly on the text.
	text bool
}

// search adds a condition on typed text. A list searched this way is planned for its text each time
// (listPage, listEach): the plan PostgreSQL keeps for a prepared statement assumes a typical match count,
// and for a text search it chose to read all 100,000 permohonan where the text matched 150 (issue 15).
func (c *conds) search(cond string, vals ...any) {
	c.add(cond, vals...)
	c.text = true
}

// planned returns args for a query of these conditions: led by pgx.QueryExecModeExec (an unnamed
// statement, planned with its values) for a text search.
func (c conds) planned(args []any) []any {
	if !c.text {
		return args
	}
	return append([]any{pgx.QueryExecModeExec}, args...)
}

func (c *conds) add(cond string, vals ...any) {
	for _, v := range vals {
		c.args = append(c.args, v)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(c.args)), 1)
	}
	c.parts = append(c.parts, cond)
}

func (c conds) where() string {
	if len(c.parts) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.parts, " AND ")
}

func (c conds) clone() conds {
	return conds{parts: slices.Clone(c.parts), args: slices.Clone(c.args), text: c.text}
}

// likeTerm makes typed text a case-insensitive substring pattern, its LIKE wildcards taken literally and
// runs of spaces read as one.
func likeTerm(q string) string {
	q = strings.Join(strings.Fields(q), " ")
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(q) + "%"
}

// A cursor names the sort it was made for, the sort key of its row (as text) and the row's id. One that was
// made for another sort, or whose key is not a value of the sort's type (a stale or edited address), is
// ignored: the list starts from its first page rather than failing or skipping rows.
func encodeCursor(sort, key string, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(sort + "\n" + key + "\n" + strconv.FormatInt(id, 10)))
}

func decodeCursor(c string) (sort, key string, id int64, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", "", 0, false
	}
	parts := strings.Split(string(b), "\n")
	if len(parts) != 3 {
		return "", "", 0, false
	}
	n, err := strconv.ParseInt(parts[2], 10, 64)
	return parts[0], parts[1], n, err == nil
}

// timestampText is a timestamptz as PostgreSQL writes it as text (ISO, the session's zone), or infinity.
var timestampText = regexp.MustCompile(`^(-?infinity|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?)$`)

// cursorKeyValid reports whether key can be read back as a value of typ.
func cursorKeyValid(key, typ string) bool {
	switch typ {
	case "timestamptz":
		return timestampText.MatchString(key)
	default:
		return utf8.ValidString(key) && !strings.ContainsRune(key, 0)
	}
}

// order resolves the sort key and direction a Paging asks for.
func (l listSQL) order(p Paging) (string, sortKey, bool) {
	name := p.Sort
	k, ok := l.sorts[name]
	if !ok {
		return l.def, l.sorts[l.def], l.defDesc
	}
	return name, k, p.Desc
}

// usable is p without a cursor the list cannot use: one made for another sort, or whose key is not a value
// of the sort's type.
func (l listSQL) usable(p Paging) Paging {
	name, k, _ := l.order(p)
	for _, c := range []*string{&p.After, &p.Before} {
		if *c == "" {
			continue
		}
		if sort, key, _, ok := decodeCursor(*c); !ok || sort != name || !cursorKeyValid(key, k.typ) {
			*c = ""
		}
	}
	return p
}

// queryFor is the SELECT of a list's rows in order from a cursor (none for an export); its last two columns
// are the sort key as text and the id, for the cursors.
func (l listSQL) queryFor(c conds, p Paging, limit int) (string, []any, bool) {
	_, k, desc := l.order(p)
	cursor, backward := p.After, false
	if p.Before != "" {
		cursor, backward = p.Before, true
	}
	dir, op := "ASC", ">"
	if desc != backward {
		dir, op = "DESC", "<"
	}
	c = c.clone()
	if _, key, id, ok := decodeCursor(cursor); ok {
		c.add(fmt.Sprintf("(%s, %s) %s (?::%s, ?::bigint)", k.expr, l.id, op, k.typ), key, id)
	}
	q := "SELECT " + l.cols + ", (" + k.expr + ")::text, " + l.id + " FROM " + l.from + c.where() +
		" ORDER BY " + k.expr + " " + dir + ", " + l.id + " " + dir
	if limit > 0 {
		q += " LIMIT " + strconv.Itoa(limit+1)
	}
	return q, c.args, backward
}

// listPage reads one page and the counts by state of counted (the list's conditions without the state
// chosen, so each state's count shows what choosing it gives) in one round trip: the two queries go as one
// batch, which PostgreSQL runs in one implicit transaction, so the count and the page agree. scan reads a
// row's own columns and must pass tail to rows.Scan after them.
func listPage[T any](ctx context.Context, pool *pgxpool.Pool, l listSQL, shown, counted conds, p Paging,
	scan func(r pgx.Rows, tail ...any) (T, error)) (Page[T], error) {
	var page Page[T]
	if shown.text || counted.text {
		return textListPage(ctx, pool, l, shown, counted, p, scan)
	}
	b := &pgx.Batch{}
	queueListPage(b, l, shown, counted, p, scan, &page, nil)
	err := pool.SendBatch(ctx, b).Close()
	return page, err
}

// textListPage is listPage for a text search: its two queries are planned with the text (conds.search),
// which a batch cannot ask for, so they go one after the other in one read-only transaction (still agreeing).
func textListPage[T any](ctx context.Context, pool *pgxpool.Pool, l listSQL, shown, counted conds, p Paging,
	scan func(r pgx.Rows, tail ...any) (T, error)) (Page[T], error) {
	var page Page[T]
	p = l.usable(p)
	limit := pageLimit(p)
	name, _, desc := l.order(p)
	page.Sort, page.Desc = name, desc
	err := pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		sql, args, backward := l.queryFor(shown, p, limit)
		rows, err := tx.Query(ctx, sql, shown.planned(args)...)
		if err != nil {
			return err
		}
		if err := readPage(rows, &page, p, limit, backward, scan); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, l.countSQL(counted), counted.planned(counted.args)...)
		if err != nil {
			return err
		}
		page.ByState, err = readCounts(rows)
		return err
	})
	return page, err
}

// pageLimit is how many rows a page asks for.
func pageLimit(p Paging) int {
	if p.Limit <= 0 || p.Limit > 500 {
		return DefaultPageSize
	}
	return p.Limit
}

// queueListPage queues listPage's two queries into a page's batch (Reads); then, when given, runs after the
// page is read.
func queueListPage[T any](b *pgx.Batch, l listSQL, shown, counted conds, p Paging, scan func(r pgx.Rows, tail ...any) (T, error),
	page *Page[T], then func() error) {
	p = l.usable(p)
	limit := pageLimit(p)
	name, _, desc := l.order(p)
	page.Sort, page.Desc = name, desc
	sql, args, backward := l.queryFor(shown, p, limit)
	b.Queue(sql, args...).Query(func(rows pgx.Rows) error { return readPage(rows, page, p, limit, backward, scan) })
	b.Queue(l.countSQL(counted), counted.args...).Query(func(rows pgx.Rows) error {
		by, err := readCounts(rows)
		if err != nil {
			return err
		}
		page.ByState = by
		if then != nil {
			return then()
		}
		return nil
	})
}

// readPage reads a page's rows (one more than limit tells that there is a next one) and sets its cursors.
func readPage[T any](rows pgx.Rows, page *Page[T], p Paging, limit int, backward bool, scan func(r pgx.Rows, tail ...any) (T, error)) error {
	defer rows.Close()
	var keys []string
	var ids []int64
	for rows.Next() {
		var key string
		var id int64
		it, err := scan(rows, &key, &id)
		if err != nil {
			return err
		}
		page.Items = append(page.Items, it)
		keys, ids = append(keys, key), append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	more := len(page.Items) > limit
	if more {
		page.Items, keys, ids = page.Items[:limit], keys[:limit], ids[:limit]
	}
	if backward {
		slices.Reverse(page.Items)
		slices.Reverse(keys)
		slices.Reverse(ids)
	}
	n := len(page.Items)
	switch {
	case n == 0:
	case backward:
		page.Next = encodeCursor(page.Sort, keys[n-1], ids[n-1])
		if more {
			page.Prev = encodeCursor(page.Sort, keys[0], ids[0])
		}
	default:
		if more {
			page.Next = encodeCursor(page.Sort, keys[n-1], ids[n-1])
		}
		if p.After != "" {
			page.Prev = encodeCursor(page.Sort, keys[0], ids[0])
		}
	}
	return nil
}

// countSQL counts the rows of a list's conditions by state.
func (l listSQL) countSQL(c conds) string {
	group := l.state
	if group == "" {
		group = "''"
	}
	from := l.countFrom
	if from == "" {
		from = l.from
	}
	return "SELECT " + group + ", count(*) FROM " + from + c.where() + " GROUP BY 1"
}

func readCounts(rows pgx.Rows) (map[string]int, error) {
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}

// totalOf adds up the counts of the states chosen (every state when none is).
func totalOf(by map[string]int, states []string) int {
	n := 0
	for st, c := range by {
		if len(states) == 0 || slices.Contains(states, st) {
			n += c
		}
	}
	return n
}

// listEach streams every row a list's conditions keep, in the order asked, for exports.
func listEach[T any](ctx context.Context, db q, l listSQL, c conds, p Paging, scan func(r pgx.Rows, tail ...any) (T, error), fn func(T) error) error {
	p.After, p.Before = "", ""
	sql, args, _ := l.queryFor(c, p, 0)
	rows, err := db.Query(ctx, sql, c.planned(args)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var id int64
		it, err := scan(rows, &key, &id)
		if err != nil {
			return err
		}
		if err := fn(it); err != nil {
			return err
		}
	}
	return rows.Err()
}
