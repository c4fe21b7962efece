package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/ekspor"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/templates/components"
	rv "github.com/bappenas/portal-regsosek/templates/pages/review"
)

// auditFilter reads the viewer's filters; a permohonan is named by its reference number.
func (s *Server) auditFilter(r *http.Request) (store.AuditFilter, error) {
	q := r.URL.Query()
	var f store.AuditFilter
	if ref := strings.TrimSpace(q.Get("permohonan")); ref != "" {
		id, err := s.store.PermohonanIDByReference(r.Context(), strings.ToUpper(ref))
		if err != nil {
			id = -1 // an unknown reference matches nothing
		}
		f.PermohonanID = id
	}
	if kind, id, ok := strings.Cut(strings.TrimSpace(q.Get("aktor")), ":"); ok {
		f.ActorKind = kind
		f.ActorID, _ = strconv.ParseInt(id, 10, 64)
	}
	f.Action = strings.TrimSpace(q.Get("aksi"))
	if t, err := time.ParseInLocation("2006-01-02", q.Get("dari"), indo.Jakarta); err == nil {
		f.From = &t
	}
	if t, err := time.ParseInLocation("2006-01-02", q.Get("sampai"), indo.Jakarta); err == nil {
		end := t.AddDate(0, 0, 1)
		f.To = &end
	}
	f.BeforeID, _ = strconv.ParseInt(q.Get("sebelum"), 10, 64)
	return f, nil
}

func auditActor(a store.AuditRecord) string {
	if a.ActorID == nil {
		return a.ActorKind
	}
	s := a.ActorKind + ":" + strconv.FormatInt(*a.ActorID, 10)
	if a.ActorName != "" {
		s += " (" + a.ActorName + ")"
	}
	return s
}

func auditObject(a store.AuditRecord) string {
	if a.ObjectID == nil {
		return a.ObjectType
	}
	return a.ObjectType + ":" + strconv.FormatInt(*a.ObjectID, 10)
}

var auditColumns = []ekspor.Column{{Title: "id", Kind: ekspor.Number, Width: 10}, {Title: "waktu", Kind: ekspor.DateTime},
	{Title: "pelaku", Width: 30}, {Title: "aksi", Width: 30}, {Title: "objek", Width: 20}, {Title: "ip", Width: 16}, {Title: "rincian", Width: 40}}

// auditExport downloads every entry the filters keep, newest first, streamed however long the log.
func (s *Server) auditExport(w http.ResponseWriter, r *http.Request, format ekspor.Format) {
	f, err := s.auditFilter(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	f.BeforeID = 0
	s.sendExportAs(w, r, format, "log-audit", "Log Audit", auditColumns, func(emit func(...any) error) error {
		return s.store.EachAuditRecord(r.Context(), f, func(a store.AuditRecord) error {
			return emit(a.ID, a.At, auditActor(a), a.Action, auditObject(a), a.IP, a.Detail)
		})
	})
}

func (s *Server) handleAuditExport(w http.ResponseWriter, r *http.Request) {
	format, ok := ekspor.ParseFormat(chi.URLParam(r, "format"))
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	s.auditExport(w, r, format)
}

// handleAudit is the admin's audit viewer; ?format=csv (the address before issue 15) exports as CSV.
func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("format") == "csv" {
		s.auditExport(w, r, ekspor.CSV)
		return
	}
	f, err := s.auditFilter(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	f.Limit = 100
	list, err := s.store.ListAuditRecords(r.Context(), f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	q := r.URL.Query()
	v := rv.AuditView{Page: s.page(r, "Log Audit"), Permohonan: q.Get("permohonan"), Actor: q.Get("aktor"), Action: q.Get("aksi"),
		From: q.Get("dari"), To: q.Get("sampai")}
	for _, a := range list {
		v.Rows = append(v.Rows, rv.AuditRow{When: indo.DateTime(a.At), Actor: auditActor(a), Action: a.Action, Object: auditObject(a), IP: a.IP, Detail: a.Detail})
	}
	exportQ := url.Values{}
	for k, vs := range q {
		if k != "sebelum" && k != "format" {
			exportQ[k] = vs
		}
	}
	rest := ""
	if len(exportQ) > 0 {
		rest = "?" + exportQ.Encode()
	}
	v.Exports = []components.ExportLink{{Label: "Unduh XLSX", Href: "/petugas/audit/ekspor.xlsx" + rest},
		{Label: "Unduh CSV", Href: "/petugas/audit/ekspor.csv" + rest, Note: "(pemisah titik koma, UTF-8)"}}
	if len(list) == f.Limit {
		next := url.Values{}
		for k, vs := range q {
			next[k] = vs
		}
		next.Set("sebelum", strconv.FormatInt(list[len(list)-1].ID, 10))
		v.NextHref = "/petugas/audit?" + next.Encode()
	}
	s.render(w, r, http.StatusOK, rv.Audit(v))
}
