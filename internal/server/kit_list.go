package server

import (
	"context"
	"encoding/hex"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/ekspor"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/templates/components"
)

// What every staff list shares on the server's side: reading its address (filters, order, cursor), the
// search text kept in the session, the links of its headers, states and pager, and its downloads.
//
// The search text may be a person's name (a registrator, an operator), and personal data never goes into a
// URL: the filter form is sent with POST, the text is kept in the session under a key made from it, and the
// list's address carries the key ("cari=…"). Everything else a list is filtered by is not personal and stays
// readable in the address, so a page can be reloaded, bookmarked or paged.

// Parameters of a list's address.
const (
	paramCari    = "cari"
	paramUrut    = "urut"
	paramArah    = "arah"
	paramSetelah = "setelah"
	paramSebelum = "sebelum"
	paramStatus  = "status"
	arahTurun    = "turun"
	arahNaik     = "naik"
	// searchesKept bounds how many searches a session remembers.
	searchesKept = 20
	sessSearches = "cari.kunci"
)

// listQuery is a list page's request as the list reads it.
type listQuery struct {
	path   string
	values url.Values
	// Q is the text searched for, from the session.
	Q string
}

func (s *Server) listQuery(r *http.Request) listQuery {
	lq := listQuery{path: r.URL.Path, values: r.URL.Query()}
	if key := lq.values.Get(paramCari); key != "" {
		lq.Q = s.sessions.GetString(r.Context(), "cari."+key)
		if lq.Q == "" {
			lq.values.Del(paramCari) // a search from another session, or forgotten: the list unsearched
		}
	}
	return lq
}

func (lq listQuery) get(name string) string { return strings.TrimSpace(lq.values.Get(name)) }

func (lq listQuery) checked(name string) bool { return lq.values.Get(name) == "ya" }

// paging is the order and cursor asked for.
func (lq listQuery) paging() store.Paging {
	return store.Paging{Sort: lq.get(paramUrut), Desc: lq.get(paramArah) == arahTurun,
		After: lq.get(paramSetelah), Before: lq.get(paramSebelum)}
}

// href is the list's address with some parameters changed (pairs of name and value; an empty value removes
// it). The cursor is dropped unless given: a new order or filter starts at the first page.
func (lq listQuery) href(pairs ...string) string {
	v := url.Values{}
	for k, vs := range lq.values {
		if k != paramSetelah && k != paramSebelum {
			v[k] = vs
		}
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			v.Del(pairs[i])
		} else {
			v.Set(pairs[i], pairs[i+1])
		}
	}
	if len(v) == 0 {
		return lq.path
	}
	return lq.path + "?" + v.Encode()
}

// sortHeader is a column header that orders the list by key; choosing the current order again reverses it.
func (lq listQuery) sortHeader(label, key, current string, desc bool) components.SortHeader {
	h := components.SortHeader{Label: label, Href: lq.href(paramUrut, key, paramArah, "")}
	if key == current {
		h.Sort = "ascending"
		next := arahTurun
		if desc {
			h.Sort, next = "descending", arahNaik
		}
		h.Href = lq.href(paramUrut, key, paramArah, next)
	}
	return h
}

// pager links the pages either side of the one shown.
func (lq listQuery) pager(next, prev string) components.Pager {
	p := components.Pager{FirstHref: lq.href()}
	if next != "" {
		p.NextHref = lq.href(paramSetelah, next)
	}
	if prev != "" {
		p.PrevHref = lq.href(paramSebelum, prev)
	}
	return p
}

// facets lists the states in order with their counts, each a link that filters by it, after "Semua". A list
// that opens on one state (Verifikasi Akun opens on those waiting) names "every state" by all.
func (lq listQuery) facets(order []string, label func(string) string, by map[string]int, chosen, all string) []components.Facet {
	total := 0
	for _, n := range by {
		total += n
	}
	out := []components.Facet{{Label: "Semua", Count: indo.Int(int64(total)), Href: lq.href(paramStatus, all), Current: chosen == ""}}
	for _, st := range order {
		if n := by[st]; n > 0 || st == chosen {
			out = append(out, components.Facet{Label: label(st), Count: indo.Int(int64(n)), Href: lq.href(paramStatus, st), Current: st == chosen})
		}
	}
	return out
}

// exports are the download links of the filtered list, in its order, at base (the list's path).
func (lq listQuery) exports(base string) []components.ExportLink {
	q := lq.href()
	_, rest, _ := strings.Cut(q, "?")
	if rest != "" {
		rest = "?" + rest
	}
	return []components.ExportLink{
		{Label: "Unduh XLSX", Href: base + "/ekspor.xlsx" + rest},
		{Label: "Unduh CSV", Href: base + "/ekspor.csv" + rest, Note: "(pemisah titik koma, UTF-8)"},
	}
}

// rememberSearch keeps a search text in the session and returns its key. The key is an HMAC of the text, so
// the same search gets the same address; the oldest is forgotten after searchesKept.
func (s *Server) rememberSearch(ctx context.Context, q string) string {
	key := hex.EncodeToString(crypt.MAC(s.cfg.SessionSecret, "cari", q))[:16]
	keys := strings.Fields(s.sessions.GetString(ctx, sessSearches))
	keys = slices.DeleteFunc(keys, func(k string) bool { return k == key })
	keys = append(keys, key)
	for len(keys) > searchesKept {
		s.sessions.Remove(ctx, "cari."+keys[0])
		keys = keys[1:]
	}
	s.sessions.Put(ctx, "cari."+key, q)
	s.sessions.Put(ctx, sessSearches, strings.Join(keys, " "))
	return key
}

// handleListFilter receives a list's filter form and sends the browser to the list filtered: the search
// text into the session, the other filters into the address.
func (s *Server) handleListFilter(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.renderStatus(w, r, http.StatusBadRequest)
		return
	}
	v := url.Values{}
	for k, vs := range r.PostForm {
		if k == "q" || k == paramCari || k == paramSetelah || k == paramSebelum {
			continue
		}
		for _, x := range vs {
			if x = strings.TrimSpace(x); x != "" && len(x) <= 64 {
				v.Add(k, x)
			}
		}
	}
	if q := strings.Join(strings.Fields(r.PostForm.Get("q")), " "); q != "" {
		v.Set(paramCari, s.rememberSearch(r.Context(), truncateRunes(q, 100)))
	}
	// Back to the list this form was posted to, as its decoded path cleaned: a segment that decodes to "..",
	// "/" or "\" could otherwise make it another site's address ("/\\elsewhere").
	target := path.Clean(r.URL.Path)
	if !safeReturn(target) || !strings.HasPrefix(target, "/petugas/") {
		target = "/petugas"
	}
	if len(v) > 0 {
		target += "?" + v.Encode()
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// sendExport writes a list as a spreadsheet in the format the path names ({format}: xlsx or csv), with the
// header row and one row per item each gives, and audits the download (who, which list, which format)
// before a byte of it leaves: a download the audit could not record is not sent.
func (s *Server) sendExport(w http.ResponseWriter, r *http.Request, name, sheet string, cols []ekspor.Column,
	each func(emit func(values ...any) error) error) {
	format, ok := ekspor.ParseFormat(chi.URLParam(r, "format"))
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	s.sendExportAs(w, r, format, name, sheet, cols, each)
}

// sendExportAs is sendExport in a format chosen by the caller.
func (s *Server) sendExportAs(w http.ResponseWriter, r *http.Request, format ekspor.Format, name, sheet string, cols []ekspor.Column,
	each func(emit func(values ...any) error) error) {
	if err := s.store.Audit(r.Context(), s.actor(r), store.AuditEntry{Action: "ekspor." + name, ObjectType: "daftar",
		Detail: map[string]any{"format": string(format)}}); err != nil {
		s.renderError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", format.ContentType())
	h.Set("Content-Disposition", `attachment; filename="`+name+"-"+s.now().In(indo.Jakarta).Format("20060102")+"."+string(format)+`"`)
	h.Set("Cache-Control", "private, no-store")
	out, err := ekspor.New(format, w, sheet, cols)
	rows := 0
	if err == nil {
		err = each(func(values ...any) error {
			rows++
			return out.Row(values...)
		})
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		// The header is sent: the download ends short, and the log says why.
		s.log.Error("export", "request_id", requestIDFrom(r.Context()), "list", name, "rows", rows, "err", err)
	}
}

// dateOrNil is a time for an export cell, nil when unset.
func dateOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

// statusParam reads a list's state filter: def when the address names none, "" for all ("semua"), and
// otherwise the state if known.
func (lq listQuery) statusParam(def string, known func(string) bool) string {
	switch st := lq.get(paramStatus); {
	case st == "":
		return def
	case st == statusSemua || !known(st):
		return ""
	default:
		return st
	}
}

// statusSemua names every state in the address of a list that opens on one.
const statusSemua = "semua"
