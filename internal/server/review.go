package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	"github.com/bappenas/portal-regsosek/templates/layout"
	pv "github.com/bappenas/portal-regsosek/templates/pages/permohonan"
	"github.com/bappenas/portal-regsosek/templates/pages/public"
	rv "github.com/bappenas/portal-regsosek/templates/pages/review"
)

// Review by Bappenas (Tahap 2–3). Handlers check the viewer's role; the store checks the state machine,
// the claim and the four-eyes rule inside the transaction that acts, so a request posted directly,
// bypassing the pages, meets the same rules.

// reviewRoles may open a permohonan's staff page.
var reviewRoles = []account.Role{account.RoleVerifikatorTeknis, account.RoleVerifikatorSubstansi, account.RoleDirekturPengampu,
	account.RoleProdusenData, account.RoleOperatorSepakat, account.RoleAdmin}

var stageTitles = map[review.Stage]string{review.Teknis: "Antrean Verifikasi Teknis", review.Substansi: "Antrean Verifikasi Substansi",
	review.Keputusan: "Antrean Keputusan"}

func staffHas(st *account.Staff, roles ...account.Role) bool { return st.HasAny(roles...) }

// staffCan reports whether the staff member may fire ev on p now: pages show the buttons the store accepts,
// from the same table and guards (request.Actions).
func staffCan(me *account.Staff, p request.Permohonan, ev request.Event) bool {
	return request.Can(p.Subject(), ev, me.ID, me.Roles...)
}

// registratorCan is staffCan for the registrator holding the permohonan's account.
func registratorCan(p request.Permohonan, ev request.Event) bool {
	return request.Can(p.Subject(), ev, 0, account.RoleRegistrator)
}

// rowCan reports whether a staff member may fire ev on a row of one of the smaller machines in state st.
func rowCan[S, E ~string](t fsm.Table[S, E, account.Role], st S, ev E, me *account.Staff) bool {
	return slices.Contains(t.Events(st, me.Roles...), ev)
}

// renderMessage renders the error page with a specific message.
func (s *Server) renderMessage(w http.ResponseWriter, r *http.Request, status int, heading, message string) {
	v := public.ErrorView{Page: layout.Page{Title: heading, Path: r.URL.Path, Env: s.cfg.Env}, Status: status,
		Heading: heading, Message: message, RequestID: requestIDFrom(r.Context())}
	s.render(w, r, status, public.Error(v))
}

// reviewFail maps the review errors: 403 for a rule about who may act, 409 for a state that moved on.
func (s *Server) reviewFail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, request.ErrFourEyes):
		s.renderMessage(w, r, http.StatusForbidden, "Tidak dapat diproses", err.Error())
	case errors.Is(err, store.ErrForbidden):
		s.renderMessage(w, r, http.StatusForbidden, "Akses ditolak", "Peran Anda tidak berwenang melakukan tindakan ini pada permohonan ini.")
	case errors.Is(err, request.ErrClaimed):
		s.renderMessage(w, r, http.StatusConflict, "Sedang ditangani petugas lain", err.Error())
	case errors.Is(err, store.ErrConflict):
		s.renderMessage(w, r, http.StatusConflict, "Sudah diproses", alreadyProcessed)
	default:
		s.renderError(w, r, err)
	}
}

// --- Queues ---------------------------------------------------------------------------------------

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

// --- The staff page of a permohonan ---------------------------------------------------------------

func (s *Server) staffPermohonan(w http.ResponseWriter, r *http.Request) (request.Permohonan, *account.Staff, bool) {
	me := currentUser(r.Context()).Staff
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return request.Permohonan{}, nil, false
	}
	acting := r.Method != http.MethodGet
	if !staffHas(me, reviewRoles...) {
		// Staff outside the review may not act (403); its pages do not exist for them (404).
		if acting {
			s.reviewFail(w, r, store.ErrForbidden)
		} else {
			s.renderStatus(w, r, http.StatusNotFound)
		}
		return request.Permohonan{}, nil, false
	}
	p, err := s.store.FindPermohonan(r.Context(), id, 0)
	if err == nil && p.State == request.Draft {
		// Drafts are the registrator's alone: nothing to see, and nothing to act on yet.
		if acting {
			err = store.ErrConflict
		} else {
			err = store.ErrNotFound
		}
	}
	if errors.Is(err, store.ErrConflict) {
		s.reviewFail(w, r, err)
		return p, nil, false
	}
	if err != nil {
		s.renderError(w, r, err)
		return p, nil, false
	}
	return p, me, true
}

func judgementsByField(js []review.Judgement) map[string]review.Judgement {
	out := map[string]review.Judgement{}
	for _, j := range js {
		out[j.Item.Field()] = j
	}
	return out
}

func (s *Server) staffDetailView(r *http.Request, p request.Permohonan, me *account.Staff, errs validate.Errors, posted map[string]string) (rv.DetailView, error) {
	ctx := r.Context()
	kat, _ := account.ParseKategori(p.Kategori)
	inst := request.Instansi{Kategori: kat, Kode: p.InstansiKode}
	names, err := s.names(ctx, p)
	if err != nil {
		return rv.DetailView{}, err
	}
	rs, err := s.store.FindReviewState(ctx, p.ID)
	if err != nil {
		return rv.DetailView{}, err
	}
	events, err := s.timeline(ctx, p.ID)
	if err != nil {
		return rv.DetailView{}, err
	}
	n, tahap := p.State.Tahap()
	v := rv.DetailView{Page: s.page(r, "Permohonan "+p.Reference), ID: strconv.FormatInt(p.ID, 10), Reference: p.Reference,
		Status: p.State.Label(), Tahap: fmt.Sprintf("Tahap %d %s", n, tahap), Assignee: rs.AssigneeNama,
		Header: headerFields(p, names), Rows: rowViews(p, inst, names, false), Docs: s.docViews(p, inst), Timeline: events, Errors: errs}
	if v.Assignee == "" {
		v.Assignee = "Belum diambil"
	}
	if rs.DueAt != nil {
		v.Due = indo.DateTime(*rs.DueAt)
	}
	if request.SixMonthLimit(inst, p.Rows, p.DocSet()[request.DocSKForumSatuData]) {
		v.Notice = "Pemda tanpa SK Forum Satu Data: hak akses Sepakat paling lama 6 bulan sejak diberikan (§3.2.5)."
	}
	// What changed since the verifier last looked.
	if subs, err := s.store.Submissions(ctx, p.ID); err != nil {
		return v, err
	} else if len(subs) >= 2 {
		for _, c := range review.Diff(subs[len(subs)-2], subs[len(subs)-1]) {
			val := c.After
			if c.Before != "" {
				val = c.Before + " → " + c.After
			}
			v.Diff = append(v.Diff, pv.Field{Label: c.What, Value: val})
		}
	}
	reks, err := s.store.ListRekomendasi(ctx, p.ID, 0)
	if err != nil {
		return v, err
	}
	for _, rk := range reks {
		v.Rekomendasi = append(v.Rekomendasi, rv.Rekom{Direktur: rk.DirekturNama, Question: rk.Question, Answer: rk.Answer, When: indo.DateTime(rk.RequestedAt)})
	}
	decisions, err := s.store.RowDecisions(ctx, p.ID)
	if err != nil {
		return v, err
	}
	v.Decisions = decisionFields(p, decisions, rs)
	if tahap4On(p.State) && staffHas(me, aksesRoles...) {
		v.AksesHref = aksesPath(p.ID, "") // Tahap 4–6, akses_staff.go
	}

	// The stage's form shows when the machine lets this person move the permohonan forward now; the four-eyes
	// rule is said rather than hidden.
	stage := review.StageOf(p.State)
	if role := review.RoleOf(stage); role != "" && me.HasRole(role) {
		_, err := request.Check(p.Subject(), review.EventOf(stage, review.OutcomeLanjut), role, me.ID)
		switch {
		case err == nil:
			v.CanClaim = rs.AssigneeID == nil
			v.Stage = string(stage)
		case errors.Is(err, request.ErrFourEyes):
			v.Notice = err.Error()
		}
	}
	if stage != "" && staffHas(me, account.RoleProdusenData, account.RoleAdmin) {
		staff, err := s.store.ListStaffWithRole(ctx, review.RoleOf(stage))
		if err != nil {
			return v, err
		}
		c := components.Choice{Name: "petugas", Label: "Alihkan kepada", Placeholder: "Pilih petugas"}
		for _, st := range staff {
			c.Options = append(c.Options, components.Option{Value: strconv.FormatInt(st.ID, 10), Label: st.Nama})
		}
		v.Reassign = &c
	}
	switch review.Stage(v.Stage) {
	case review.Teknis, review.Substansi:
		items := review.TeknisItems(inst, p.Rows, p.DocSet())
		if v.Stage == string(review.Substansi) {
			items = review.SubstansiItems(p.Rows)
		}
		prev, err := s.store.LastJudgements(ctx, p.ID, review.Stage(v.Stage))
		if err != nil {
			return v, err
		}
		last := judgementsByField(prev)
		for _, it := range items {
			j := rv.Judge{Field: it.Field(), Label: it.Label, Verdict: string(last[it.Field()].Verdict), Note: last[it.Field()].Note,
				Error: errs.Get(it.Field()), NoteError: errs.Get(it.Field() + "_catatan")}
			if posted != nil {
				j.Verdict, j.Note = posted[it.Field()], posted[it.Field()+"_catatan"]
			}
			if it.Type == "dokumen" {
				if d, ok := p.Docs[request.DocKind(it.Key)]; ok {
					j.Doc, j.DocHref, j.Embed = d.OriginalName, "/dokumen/"+strconv.FormatInt(d.ID, 10), true
				}
			}
			v.Judges = append(v.Judges, j)
		}
		if v.Stage == string(review.Substansi) {
			dirs, err := s.store.ListStaffWithRole(ctx, account.RoleDirekturPengampu)
			if err != nil {
				return v, err
			}
			v.Direktur = components.Choice{Name: "direktur", Label: "Direktur pengampu", Placeholder: "Pilih direktur (sektor atau wilayah)", Error: errs.Get("direktur")}
			for _, d := range dirs {
				v.Direktur.Options = append(v.Direktur.Options, components.Option{Value: strconv.FormatInt(d.ID, 10), Label: d.Nama})
			}
		}
	case review.Keputusan:
		today := s.now().In(indo.Jakarta)
		latest := review.MaxAkses(v.Notice != "", s.maxAksesMonths(), today)
		v.AksesMax = indo.Date(latest)
		v.AksesSampai = posted["akses_sampai"]
		if v.AksesSampai == "" {
			v.AksesSampai = latest.Format("2006-01-02")
		}
		v.TolakReason = posted["alasan"]
		for _, row := range p.Rows {
			if !row.IsNew {
				continue
			}
			f := "baris_" + strconv.FormatInt(row.ID, 10)
			d := rv.DecisionRow{Field: f, Pengguna: row.Pengguna, Requested: request.Label(request.JenisDataOptions, row.JenisData),
				Tujuan: row.Tujuan, Choice: posted[f], Jenis: posted[f+"_jenis"], Reason: posted[f+"_alasan"],
				Error: errs.Get(f), ReasonError: errs.Get(f + "_alasan")}
			if d.Jenis == "" {
				d.Jenis = row.JenisData
			}
			for _, o := range request.JenisDataOptions {
				if request.Tier(o.Value) <= request.Tier(row.JenisData) {
					d.Options = append(d.Options, components.Option{Value: o.Value, Label: o.Label})
				}
			}
			v.DecisionRows = append(v.DecisionRows, d)
		}
	}
	return v, nil
}

func decisionFields(p request.Permohonan, decisions map[int64]review.RowDecisionView, rs review.ReviewState) []pv.Field {
	var out []pv.Field
	if rs.RejectReason != "" {
		out = append(out, pv.Field{Label: "Permohonan ditolak", Value: rs.RejectReason})
	}
	for _, row := range p.Rows {
		d, ok := decisions[row.ID]
		if !ok {
			continue
		}
		out = append(out, pv.Field{Label: row.Pengguna, Value: review.DecisionText(row, d)})
	}
	if rs.AksesSampai != nil && len(out) > 0 {
		out = append(out, pv.Field{Label: "Hak akses berlaku sampai", Value: indo.Date(*rs.AksesSampai)})
	}
	return out
}

func (s *Server) maxAksesMonths() int {
	if s.cfg.MaxAksesBulan > 0 {
		return s.cfg.MaxAksesBulan
	}
	return 12
}

func (s *Server) handleStaffPermohonan(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffPermohonan(w, r)
	if !ok {
		return
	}
	// The page shows the narahubung's and operators' personal data: every view is recorded.
	if err := s.store.Audit(r.Context(), s.actor(r), store.AuditEntry{Action: "permohonan.lihat", ObjectType: "permohonan", ObjectID: p.ID}); err != nil {
		s.renderError(w, r, err)
		return
	}
	v, err := s.staffDetailView(r, p, me, validate.Errors{}, nil)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, rv.Detail(v))
}

func (s *Server) handleClaim(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffPermohonan(w, r)
	if !ok {
		return
	}
	stage := review.StageOf(p.State)
	if stage == "" {
		s.reviewFail(w, r, store.ErrConflict)
		return
	}
	if !me.HasRole(review.RoleOf(stage)) {
		s.reviewFail(w, r, store.ErrForbidden)
		return
	}
	if err := s.store.Claim(r.Context(), p.ID, review.RoleOf(stage), s.actor(r), s.now()); err != nil {
		s.reviewFail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Permohonan "+p.Reference+" Anda ambil.")
	http.Redirect(w, r, "/petugas/permohonan/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}

func (s *Server) handleVerify(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, me, ok := s.staffPermohonan(w, r)
	if !ok {
		return
	}
	stage := review.Stage(chi.URLParam(r, "stage"))
	if stage != review.Teknis && stage != review.Substansi {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	if !me.HasRole(review.RoleOf(stage)) {
		s.reviewFail(w, r, store.ErrForbidden)
		return
	}
	if review.StageOf(p.State) != stage {
		s.reviewFail(w, r, store.ErrConflict)
		return
	}
	kat, _ := account.ParseKategori(p.Kategori)
	items := review.TeknisItems(request.Instansi{Kategori: kat, Kode: p.InstansiKode}, p.Rows, p.DocSet())
	if stage == review.Substansi {
		items = review.SubstansiItems(p.Rows)
	}
	posted := map[string]string{}
	got := map[string]review.Judgement{}
	var js []review.Judgement
	for _, it := range items {
		verdict, note := r.PostFormValue(it.Field()), validate.Clean(r.PostFormValue(it.Field()+"_catatan"), 1000)
		posted[it.Field()], posted[it.Field()+"_catatan"] = verdict, note
		if verdict != "" {
			j := review.Judgement{Item: it, Verdict: review.Verdict(verdict), Note: note}
			got[it.Field()] = j
			js = append(js, j)
		}
	}
	outcome := r.PostFormValue("hasil")
	if errs := review.CheckJudgements(stage, items, got, outcome); errs.Any() {
		v, err := s.staffDetailView(r, p, me, errs, posted)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, rv.Detail(v))
		return
	}
	err := s.store.Verify(ctx, p.ID, stage, outcome, js, s.actor(r), s.now())
	if err != nil {
		s.reviewFail(w, r, err)
		return
	}
	msg := map[string]string{review.OutcomeLanjut: "diteruskan ke tahap berikutnya.", review.OutcomeBelumSesuai: "dikembalikan kepada pemohon: Data Belum Sesuai."}[outcome]
	s.sessions.Put(ctx, sessFlash, "Permohonan "+p.Reference+" "+msg)
	http.Redirect(w, r, "/petugas/antrean/"+string(stage), http.StatusSeeOther)
}

func (s *Server) handleAskRekomendasi(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffPermohonan(w, r)
	if !ok {
		return
	}
	if !me.HasRole(account.RoleVerifikatorSubstansi) {
		s.reviewFail(w, r, store.ErrForbidden)
		return
	}
	direktur, _ := strconv.ParseInt(r.PostFormValue("direktur"), 10, 64)
	question := validate.Clean(r.PostFormValue("pertanyaan"), 2000)
	var errs validate.Errors
	if direktur == 0 {
		errs.Add("direktur", "Pilih direktur pengampu.")
	}
	if msg := validate.Reason("pertanyaan untuk direktur pengampu", question); msg != "" {
		errs.Add("pertanyaan", msg)
	}
	if errs.Any() {
		v, err := s.staffDetailView(r, p, me, errs, map[string]string{})
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		v.Question = question
		s.render(w, r, http.StatusUnprocessableEntity, rv.Detail(v))
		return
	}
	err := s.store.AskRekomendasi(r.Context(), p.ID, direktur, question, s.actor(r), s.now())
	if err != nil {
		s.reviewFail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Rekomendasi diminta.")
	http.Redirect(w, r, "/petugas/permohonan/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}

func (s *Server) handleRekomQueue(w http.ResponseWriter, r *http.Request) {
	me := currentUser(r.Context()).Staff
	list, err := s.store.ListRekomendasi(r.Context(), 0, me.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := rv.RekomQueueView{Page: s.page(r, "Permintaan Rekomendasi")}
	for _, rk := range list {
		v.Items = append(v.Items, rv.RekomItem{ID: strconv.FormatInt(rk.ID, 10), Reference: rk.Reference, Instansi: rk.InstansiNama,
			Question: rk.Question, When: indo.DateTime(rk.RequestedAt), PermohonanHref: "/petugas/permohonan/" + strconv.FormatInt(rk.PermohonanID, 10)})
	}
	s.render(w, r, http.StatusOK, rv.RekomQueue(v))
}

func (s *Server) handleAnswerRekomendasi(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	answer := validate.Clean(r.PostFormValue("rekomendasi"), 4000)
	if len([]rune(answer)) < 5 {
		s.sessions.Put(r.Context(), sessFlash, "Tuliskan rekomendasi Anda.")
		http.Redirect(w, r, "/petugas/rekomendasi", http.StatusSeeOther)
		return
	}
	if err := s.store.AnswerRekomendasi(r.Context(), id, answer, s.actor(r), s.now()); err != nil {
		s.reviewFail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Rekomendasi terkirim.")
	http.Redirect(w, r, "/petugas/rekomendasi", http.StatusSeeOther)
}

func (s *Server) handleDecide(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, me, ok := s.staffPermohonan(w, r)
	if !ok {
		return
	}
	if !me.HasRole(account.RoleProdusenData) {
		s.reviewFail(w, r, store.ErrForbidden)
		return
	}
	if p.State != request.MenungguKeputusan {
		s.reviewFail(w, r, store.ErrConflict)
		return
	}
	posted := map[string]string{"akses_sampai": r.PostFormValue("akses_sampai"), "alasan": validate.Clean(r.PostFormValue("alasan"), 2000)}
	d := review.Decision{TolakSemua: r.PostFormValue("aksi") == "tolak_semua", Reason: posted["alasan"]}
	for _, row := range p.Rows {
		if !row.IsNew {
			continue
		}
		f := "baris_" + strconv.FormatInt(row.ID, 10)
		choice, jenis, reason := r.PostFormValue(f), r.PostFormValue(f+"_jenis"), validate.Clean(r.PostFormValue(f+"_alasan"), 1000)
		posted[f], posted[f+"_jenis"], posted[f+"_alasan"] = choice, jenis, reason
		if choice == "setuju" || choice == "tolak" {
			d.Rows = append(d.Rows, review.RowDecision{RowID: row.ID, Setuju: choice == "setuju", JenisData: jenis, Reason: reason})
		}
	}
	today := indo.Today(s.now())
	if t, err := time.ParseInLocation("2006-01-02", posted["akses_sampai"], indo.Jakarta); err == nil {
		d.AksesSampai = t
	}
	kat, _ := account.ParseKategori(p.Kategori)
	sixMonth := request.SixMonthLimit(request.Instansi{Kategori: kat, Kode: p.InstansiKode}, p.Rows, p.DocSet()[request.DocSKForumSatuData])
	if errs := review.CheckDecision(d, p.Rows, today, review.MaxAkses(sixMonth, s.maxAksesMonths(), today)); errs.Any() {
		v, err := s.staffDetailView(r, p, me, errs, posted)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, rv.Detail(v))
		return
	}
	err := s.store.Decide(ctx, p.ID, d, s.actor(r), s.now())
	if err != nil {
		s.reviewFail(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessFlash, "Keputusan atas "+p.Reference+" disimpan.")
	http.Redirect(w, r, "/petugas/antrean/keputusan", http.StatusSeeOther)
}

func (s *Server) handleReassign(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffPermohonan(w, r)
	if !ok {
		return
	}
	if !staffHas(me, account.RoleProdusenData, account.RoleAdmin) {
		s.reviewFail(w, r, store.ErrForbidden)
		return
	}
	to, _ := strconv.ParseInt(r.PostFormValue("petugas"), 10, 64)
	if err := s.store.Reassign(r.Context(), p.ID, to, s.actor(r), s.now()); err != nil {
		s.reviewFail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Permohonan "+p.Reference+" dialihkan.")
	http.Redirect(w, r, "/petugas/permohonan/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}
