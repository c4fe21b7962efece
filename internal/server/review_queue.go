package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/templates/components"
	rv "github.com/bappenas/portal-regsosek/templates/pages/review"
)

// The review queues of Tahap 2–3, one per stage.

// reviewRoles may open a permohonan's staff page.
var reviewRoles = []account.Role{account.RoleVerifikatorTeknis, account.RoleVerifikatorSubstansi, account.RoleDirekturPengampu,
	account.RoleProdusenData, account.RoleOperatorSepakat, account.RoleAdmin}

var stageTitles = map[review.Stage]string{review.Teknis: "Antrean Verifikasi Teknis", review.Substansi: "Antrean Verifikasi Substansi",
	review.Keputusan: "Antrean Keputusan"}

func (s *Server) handleQueue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	me := currentUser(ctx).Staff
	stage := review.Stage(chi.URLParam(r, "stage"))
	if stageTitles[stage] == "" {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	if !staffHas(me, review.RoleOf(stage), account.RoleProdusenData, account.RoleAdmin) {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	q := r.URL.Query()
	f := review.QueueFilter{Stage: stage, Kategori: q.Get("kategori"), Provinsi: q.Get("provinsi"), Limit: 50}
	f.Tier, _ = strconv.Atoi(q.Get("tingkat"))
	if after := q.Get("setelah"); after != "" {
		ts, id, ok := strings.Cut(after, "_")
		if n, err := strconv.ParseInt(ts, 10, 64); ok && err == nil {
			t := time.UnixMicro(n)
			f.AfterTime = &t
			f.AfterID, _ = strconv.ParseInt(id, 10, 64)
		}
	}
	items, err := s.store.ListQueue(ctx, f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	provs, err := s.store.ListProvinsi(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := rv.QueueView{Page: s.page(r, stageTitles[stage]), Title: stageTitles[stage], Action: r.URL.Path,
		Kategori: components.Choice{Name: "kategori", Label: "Kategori pemohon", Placeholder: "Semua", Selected: f.Kategori},
		Provinsi: components.Choice{Name: "provinsi", Label: "Provinsi", Placeholder: "Semua", Selected: f.Provinsi, Options: toOptions(provs)},
		Tier: components.Choice{Name: "tingkat", Label: "Tingkat akses", Placeholder: "Semua", Selected: q.Get("tingkat"),
			Options: []components.Option{{Value: "2", Label: "Tingkat 2 (Agregat Terpilah)"}, {Value: "3", Label: "Tingkat 3 (Mikro)"}, {Value: "4", Label: "Tingkat 4 (BNBA)"}}}}
	for _, k := range account.AllKategori {
		v.Kategori.Options = append(v.Kategori.Options, components.Option{Value: string(k), Label: k.Label()})
	}
	now := s.now()
	for _, it := range items {
		kat, _ := account.ParseKategori(it.Kategori)
		row := rv.QueueRow{Href: "/petugas/permohonan/" + strconv.FormatInt(it.ID, 10), Reference: it.Reference, Instansi: it.InstansiNama,
			Kategori: kat.Label(), Tier: tierLabel(it.Tier), Submitted: indo.DateTime(it.SubmittedAt),
			Waiting: indo.Int(int64(now.Sub(it.SubmittedAt).Hours()/24)) + " hari", Assignee: it.AssigneeNama}
		if row.Assignee == "" {
			row.Assignee = "Belum diambil"
		}
		if it.DueAt != nil {
			row.Due, row.Overdue = indo.DateTime(*it.DueAt), it.DueAt.Before(now)
		}
		v.Rows = append(v.Rows, row)
	}
	if len(items) == f.Limit {
		last := items[len(items)-1]
		next := url.Values{}
		for k, vs := range q {
			next[k] = vs
		}
		next.Set("setelah", strconv.FormatInt(last.SubmittedAt.UnixMicro(), 10)+"_"+strconv.FormatInt(last.ID, 10))
		v.NextHref = r.URL.Path + "?" + next.Encode()
	}
	s.render(w, r, http.StatusOK, rv.Queue(v))
}
