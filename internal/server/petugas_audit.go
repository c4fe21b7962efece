package server

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/store"
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

// handleAudit is the admin's audit viewer; ?format=csv exports every matching entry.
func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	f, err := s.auditFilter(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if r.URL.Query().Get("format") == "csv" {
		f.BeforeID = 0
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="log-audit.csv"`)
		w.Header().Set("Cache-Control", "private, no-store")
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"id", "waktu", "pelaku", "aksi", "objek", "ip", "rincian"})
		err := s.store.EachAuditRecord(r.Context(), f, func(a store.AuditRecord) error {
			return cw.Write([]string{strconv.FormatInt(a.ID, 10), indo.DateTime(a.At), auditActor(a), a.Action,
				auditObject(a), a.IP, a.Detail})
		})
		cw.Flush()
		if err != nil {
			s.log.Error("audit export", "request_id", requestIDFrom(r.Context()), "err", err)
		}
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
	csvQ := url.Values{}
	for k, vs := range q {
		if k != "sebelum" {
			csvQ[k] = vs
		}
	}
	csvQ.Set("format", "csv")
	v.CSVHref = "/petugas/audit?" + csvQ.Encode()
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
