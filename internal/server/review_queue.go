package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/ekspor"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/templates/components"
	rv "github.com/bappenas/portal-regsosek/templates/pages/review"
)

// The staff's lists of permohonan: the register of every permohonan in every state (Daftar Permohonan) and
// the review queues of Tahap 2–3, one per stage. Both search, filter, sort, count and page the same way
// (kit_list.go) and download as XLSX or CSV.

// reviewRoles may open a permohonan's staff page, and so read the register.
var reviewRoles = []account.Role{account.RoleVerifikatorTeknis, account.RoleVerifikatorSubstansi, account.RoleDirekturPengampu,
	account.RoleProdusenData, account.RoleOperatorSepakat, account.RoleAdmin}

var stageTitles = map[review.Stage]string{review.Teknis: "Antrean Verifikasi Teknis", review.Substansi: "Antrean Verifikasi Substansi",
	review.Keputusan: "Antrean Keputusan"}

const registerPath = "/petugas/permohonan"

// permohonanListSpec is what makes a list of permohonan the register or a queue.
type permohonanListSpec struct {
	title, intro, path string
	states             []request.State // a queue's state; none for the register
	newestFirst        bool
}

// stageSpec is the queue of the stage in the path, or false when there is none or the viewer may not read it.
func (s *Server) stageSpec(r *http.Request) (permohonanListSpec, bool) {
	stage := review.Stage(chi.URLParam(r, "stage"))
	me := currentUser(r.Context()).Staff
	if stageTitles[stage] == "" || !staffHas(me, review.RoleOf(stage), account.RoleProdusenData, account.RoleAdmin) {
		return permohonanListSpec{}, false
	}
	return permohonanListSpec{title: stageTitles[stage], path: "/petugas/antrean/" + string(stage),
		states: []request.State{review.StateOf(stage)}}, true
}

var registerSpec = permohonanListSpec{title: "Daftar Permohonan", path: registerPath, newestFirst: true,
	intro: "Semua permohonan hak akses dalam setiap status, dari draf sampai akses berakhir."}

func (s *Server) handleQueue(w http.ResponseWriter, r *http.Request) {
	spec, ok := s.stageSpec(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	s.permohonanList(w, r, spec)
}

func (s *Server) handleDaftarPermohonan(w http.ResponseWriter, r *http.Request) {
	s.permohonanList(w, r, registerSpec)
}

// permohonanFilter reads a list's filters from its address.
func (s *Server) permohonanFilter(r *http.Request, lq listQuery, spec permohonanListSpec) review.ListFilter {
	f := review.ListFilter{Q: lq.Q, States: spec.states, Kategori: lq.get("kategori"), Provinsi: lq.get("provinsi"),
		Media: lq.get("media"), Overdue: lq.checked("lewat"), Now: s.now()}
	f.Tingkat, _ = strconv.Atoi(lq.get("tingkat"))
	if st := request.State(lq.get(paramStatus)); len(spec.states) == 0 && st.Label() != string(st) {
		f.State = st
	}
	if lq.checked("saya") {
		f.Mine = currentUser(r.Context()).Staff.ID
	}
	return f
}

func (s *Server) permohonanList(w http.ResponseWriter, r *http.Request, spec permohonanListSpec) {
	ctx := r.Context()
	lq := s.listQuery(r)
	f := s.permohonanFilter(r, lq, spec)
	page, err := s.store.ListPermohonanStaff(ctx, f, lq.paging(), spec.newestFirst)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	provs, err := s.provinsiOptions(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := rv.ListView{Page: s.page(r, spec.title), Title: spec.title, Intro: spec.intro, Pager: lq.pager(page.Next, page.Prev),
		Controls: permohonanControls(lq, spec, provs), Empty: "Tidak ada permohonan yang sesuai."}
	if len(spec.states) > 0 {
		v.Empty = "Tidak ada permohonan dalam antrean ini yang sesuai."
	}
	v.Controls.Count = indo.Int(int64(page.Total)) + " permohonan"
	if len(spec.states) == 0 {
		var order []string
		for _, st := range request.AllStates {
			order = append(order, string(st))
		}
		v.Controls.Facets = lq.facets(order, func(st string) string { return request.State(st).Label() }, page.ByState, string(f.State), "")
	}
	for _, h := range [][2]string{{"Nomor", "nomor"}, {"Pemohon", "instansi"}, {"Diajukan", "diajukan"}, {"Tenggat", "tenggat"}} {
		v.Headers = append(v.Headers, lq.sortHeader(h[0], h[1], page.Sort, page.Desc))
	}
	now := s.now()
	for _, it := range page.Items {
		v.Rows = append(v.Rows, listRow(it, now))
	}
	s.render(w, r, http.StatusOK, rv.List(v))
}

func permohonanControls(lq listQuery, spec permohonanListSpec, provs []components.Option) components.ListControls {
	c := components.ListControls{Action: spec.path, Q: lq.Q, QLabel: "Cari permohonan",
		QHint:     "Nomor permohonan, nama instansi atau nomor akun, nama atau username registrator, atau nama operator.",
		ClearHref: spec.path, Exports: lq.exports(spec.path)}
	kat := components.Choice{Name: "kategori", Label: "Kategori pemohon", Placeholder: "Semua", Selected: lq.get("kategori")}
	for _, k := range account.AllKategori {
		kat.Options = append(kat.Options, components.Option{Value: string(k), Label: k.Label()})
	}
	c.Selects = []components.Choice{kat,
		{Name: "provinsi", Label: "Provinsi", Placeholder: "Semua", Selected: lq.get("provinsi"), Options: provs},
		{Name: "tingkat", Label: "Tingkat akses", Placeholder: "Semua", Selected: lq.get("tingkat"),
			Options: []components.Option{{Value: "2", Label: "Tingkat 2 (Agregat Terpilah)"}, {Value: "3", Label: "Tingkat 3 (Mikro)"}, {Value: "4", Label: "Tingkat 4 (BNBA)"}}},
		{Name: "media", Label: "Media akses", Placeholder: "Semua", Selected: lq.get("media"),
			Options: []components.Option{{Value: request.Sepakat, Label: "Sepakat"}, {Value: request.Fasilitas, Label: "Fasilitas Pengolahan Data"}}},
	}
	if len(spec.states) == 0 {
		st := components.Choice{Name: paramStatus, Label: "Status", Placeholder: "Semua", Selected: lq.get(paramStatus)}
		for _, s := range request.AllStates {
			st.Options = append(st.Options, components.Option{Value: string(s), Label: s.Label()})
		}
		c.Selects = append(c.Selects, st)
	}
	c.Checks = []components.ListCheck{{Name: "saya", Label: "Ditangani saya", Checked: lq.checked("saya")},
		{Name: "lewat", Label: "Lewat tenggat", Checked: lq.checked("lewat")}}
	return c
}

func listRow(it review.ListItem, now time.Time) rv.ListRow {
	kat, _ := account.ParseKategori(it.Kategori)
	row := rv.ListRow{Href: permohonanStaffHref(it.ID, it.State), Reference: it.Reference,
		Instansi: it.InstansiNama, Kategori: kat.Label(), Status: it.State.Label(), StatusClass: string(it.State),
		Tier: tierLabel(it.Tier), Media: mediaOf(it), Assignee: it.AssigneeNama, Overdue: it.Overdue(now),
		Submitted: "Belum diajukan"}
	if it.Perubahan {
		row.Jenis = "Perubahan permohonan"
	}
	if it.SubmittedAt != nil {
		row.Submitted = indo.DateTime(*it.SubmittedAt)
	}
	if it.DueAt != nil && review.StageOf(it.State) != "" {
		row.Due = indo.DateTime(*it.DueAt)
	}
	if row.Assignee == "" && review.StageOf(it.State) != "" {
		row.Assignee = "Belum diambil"
	}
	return row
}

// permohonanStaffHref is a permohonan's staff page, "" for a draft: a draft is the registrator's alone and
// its page answers 404 (staffPermohonan), so the register lists it without a link.
func permohonanStaffHref(id int64, st request.State) string {
	if st == request.Draft {
		return ""
	}
	return "/petugas/permohonan/" + strconv.FormatInt(id, 10)
}

func mediaOf(it review.ListItem) string {
	switch {
	case it.Sepakat && it.Fasilitas:
		return "Sepakat, Fasilitas"
	case it.Sepakat:
		return "Sepakat"
	case it.Fasilitas:
		return "Fasilitas"
	}
	return ""
}

// permohonanColumns are the columns of a permohonan list's spreadsheet.
var permohonanColumns = []ekspor.Column{{Title: "Nomor", Width: 18}, {Title: "Jenis", Width: 20}, {Title: "Pemohon", Width: 40},
	{Title: "Kategori", Width: 26}, {Title: "Kode wilayah/BA", Width: 14}, {Title: "Status", Width: 20}, {Title: "Tahap", Width: 8, Kind: ekspor.Number},
	{Title: "Tingkat", Width: 8, Kind: ekspor.Number}, {Title: "Media", Width: 18}, {Title: "Baris baru", Width: 10, Kind: ekspor.Number},
	{Title: "Registrator", Width: 26}, {Title: "Dibuat", Kind: ekspor.DateTime}, {Title: "Diajukan", Kind: ekspor.DateTime},
	{Title: "Tenggat tahap", Kind: ekspor.DateTime}, {Title: "Diputuskan", Kind: ekspor.DateTime}, {Title: "Akses sampai", Kind: ekspor.Date},
	{Title: "Ditangani", Width: 24}, {Title: "Lewat tenggat", Width: 12}}

func (s *Server) permohonanExport(w http.ResponseWriter, r *http.Request, spec permohonanListSpec, name string) {
	lq := s.listQuery(r)
	f := s.permohonanFilter(r, lq, spec)
	now := s.now()
	s.sendExport(w, r, name, "Permohonan", permohonanColumns, func(emit func(...any) error) error {
		return s.store.EachPermohonanStaff(r.Context(), f, lq.paging(), spec.newestFirst, func(it review.ListItem) error {
			kat, _ := account.ParseKategori(it.Kategori)
			jenis, lewat := "Permohonan baru", ""
			if it.Perubahan {
				jenis = "Perubahan permohonan"
			}
			if it.Overdue(now) {
				lewat = "Ya"
			}
			tahap, _ := it.State.Tahap()
			return emit(it.Reference, jenis, it.InstansiNama, kat.Label(), it.InstansiKode, it.State.Label(), tahap, it.Tier,
				mediaOf(it), it.Rows, it.Registrator, it.CreatedAt, dateOrNil(it.SubmittedAt), dateOrNil(it.DueAt),
				dateOrNil(it.DecidedAt), dateOrNil(it.AksesSampai), it.AssigneeNama, lewat)
		})
	})
}

func (s *Server) handleDaftarPermohonanExport(w http.ResponseWriter, r *http.Request) {
	s.permohonanExport(w, r, registerSpec, "daftar-permohonan")
}

func (s *Server) handleQueueExport(w http.ResponseWriter, r *http.Request) {
	spec, ok := s.stageSpec(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	s.permohonanExport(w, r, spec, "antrean-"+chi.URLParam(r, "stage"))
}
