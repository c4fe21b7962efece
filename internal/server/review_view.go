package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/percakapan"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	pv "github.com/bappenas/portal-regsosek/templates/pages/permohonan"
	rv "github.com/bappenas/portal-regsosek/templates/pages/review"
)

// The staff page of a permohonan under review, with the form of the stage the viewer may act in.

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
	events, err := s.timeline(ctx, p.ID, false)
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
	if v.Percakapan, err = s.threadLink(r, percakapan.Permohonan, p.ID); err != nil { // percakapan.go
		return v, err
	}
	if rs.DueAt != nil {
		v.Due = indo.DateTime(*rs.DueAt)
	}
	if request.SixMonthLimit(inst, p.Rows, p.DocSet()[request.DocSKForumSatuData]) {
		v.Notice = "Pemda tanpa SK Forum Satu Data: hak akses Sepakat paling lama 6 bulan sejak diberikan (§3.2.5)."
	}
	if err := s.addReviewHistory(ctx, &v, p, rs); err != nil {
		return v, err
	}
	if tahap4On(p.State) && staffHas(me, aksesRoles...) {
		v.AksesHref = aksesPath(p.ID, "") // Tahap 4–6, akses_staff_view.go
	}
	if staffCan(me, p, request.CatatDokumenAsli) {
		v.AsliHref = "/petugas/permohonan/" + strconv.FormatInt(p.ID, 10) + "/dokumen-asli" // dokumen_asli.go
	}
	if err := s.addStageForm(ctx, &v, p, me, rs); err != nil {
		return v, err
	}
	switch review.Stage(v.Stage) {
	case review.Teknis, review.Substansi:
		if posted == nil { // the form as the verifier kept it with "Simpan sementara" (review_draft.go)
			var at time.Time
			if posted, at, err = s.store.ReviewDraft(ctx, p.ID, review.Stage(v.Stage), me.ID); err != nil {
				return v, err
			}
			if posted != nil {
				v.DraftSaved = indo.DateTime(at)
			}
		}
		err = s.addJudgeForm(ctx, &v, p, inst, errs, posted)
	case review.Keputusan:
		s.addDecisionForm(&v, p, errs, posted)
	}
	if err == nil && v.CanAskRekom {
		v.Direktur, err = s.direkturChoice(ctx, errs)
	}
	return v, err
}

// addReviewHistory adds what the review has recorded: what changed since the verifier last looked, the
// recommendations asked for, and the decision on each row.
func (s *Server) addReviewHistory(ctx context.Context, v *rv.DetailView, p request.Permohonan, rs review.ReviewState) error {
	if subs, err := s.store.Submissions(ctx, p.ID); err != nil {
		return err
	} else if len(subs) >= 2 {
		for _, c := range review.Diff(subs[len(subs)-2], subs[len(subs)-1]) {
			val := c.After
			if c.Before != "" {
				val = c.Before + " → " + c.After
			}
			v.Diff = append(v.Diff, pv.Field{Label: c.What, Value: val})
		}
	}
	reks, err := s.store.ListRekomendasi(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, rk := range reks {
		v.Rekomendasi = append(v.Rekomendasi, rv.Rekom{Direktur: rk.DirekturNama, Question: rk.Question, Answer: rk.Answer, When: indo.DateTime(rk.RequestedAt)})
	}
	decisions, err := s.store.RowDecisions(ctx, p.ID)
	if err != nil {
		return err
	}
	v.Decisions = decisionFields(p, decisions, rs)
	return nil
}

// addStageForm opens the stage's form when the machine lets this person move the permohonan forward now (the
// four-eyes rule is said rather than hidden), and the reassignment for the produsen data and admin.
func (s *Server) addStageForm(ctx context.Context, v *rv.DetailView, p request.Permohonan, me *account.Staff, rs review.ReviewState) error {
	stage := review.StageOf(p.State)
	if role := review.RoleOf(stage); role != "" && me.HasRole(role) {
		_, err := request.Check(p.Subject(), review.EventOf(stage, review.OutcomeLanjut), role, me.ID)
		switch {
		case err == nil:
			v.CanClaim = rs.AssigneeID == nil
			v.Stage = string(stage)
		case errors.Is(err, request.ErrFourEyes), errors.Is(err, request.ErrVerifierDecides):
			v.Notice = err.Error()
		case errors.Is(err, request.ErrRekomPending), errors.Is(err, request.ErrRekomWajib):
			// The decision waits for the rekomendasi: the form says so, and the produsen data may ask for one.
			v.CanClaim = rs.AssigneeID == nil
			v.Stage, v.DecisionBlocked = string(stage), err.Error()
		}
		if stage == review.Keputusan && staffCan(me, p, request.MintaRekomendasiKeputusan) {
			v.CanAskRekom = true
		}
	}
	if stage != "" && staffHas(me, account.RoleProdusenData, account.RoleAdmin) {
		staff, err := s.store.ListStaffWithRole(ctx, review.RoleOf(stage))
		if err != nil {
			return err
		}
		c := components.Choice{Name: "petugas", Label: "Alihkan kepada", Placeholder: "Pilih petugas"}
		for _, st := range staff {
			c.Options = append(c.Options, components.Option{Value: strconv.FormatInt(st.ID, 10), Label: st.Nama})
		}
		v.Reassign = &c
	}
	return nil
}

// addJudgeForm fills the verifier's form of the teknis or substansi stage: an item per document or row, with
// the judgement of the last round (or what was posted), and for substansi the choice of direktur pengampu.
func (s *Server) addJudgeForm(ctx context.Context, v *rv.DetailView, p request.Permohonan, inst request.Instansi, errs validate.Errors,
	posted map[string]string) error {
	items := review.TeknisItems(inst, p.Header, p.Rows, p.DocSet())
	if v.Stage == string(review.Substansi) {
		items = review.SubstansiItems(p.Rows)
	}
	prev, err := s.store.LastJudgements(ctx, p.ID, review.Stage(v.Stage))
	if err != nil {
		return err
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
			if request.DocKind(it.Key) == request.DocKAK {
				j.Kak = kakView(p.KAKBacaan)
			}
		}
		if it.Type == review.ItemKapasitas {
			judgeKapasitas(&j, p, it.Key)
		}
		v.Judges = append(v.Judges, j)
	}
	if posted != nil {
		v.Internal = posted["catatan_internal"]
	}
	if v.Stage == string(review.Substansi) {
		var err error
		v.Direktur, err = s.direkturChoice(ctx, errs)
		return err
	}
	return nil
}

// addDecisionForm fills the produsen data's form: for each new row its decision, down to a lower jenis data,
// and its end — proposed from the period the row asks for, capped by MAX_AKSES_BULAN or the six-month rule
// (v.Notice states it), and shortened only with a reason.
func (s *Server) addDecisionForm(v *rv.DetailView, p request.Permohonan, errs validate.Errors, posted map[string]string) {
	today, latest := s.decisionLimits(p)
	v.AksesMax = indo.Date(latest)
	v.TolakReason = posted["alasan"]
	v.Ringkasan = ringkasanField(p, errs, posted)
	v.Internal = posted["catatan_internal"]
	for i, row := range p.Rows {
		if !row.IsNew {
			continue
		}
		f := "baris_" + strconv.FormatInt(row.ID, 10)
		proposed := review.ProposedEnd(row, today, latest)
		d := rv.DecisionRow{Field: f, Pengguna: row.Pengguna, Requested: request.Label(request.JenisDataOptions, row.JenisData),
			Tujuan: row.Tujuan, Choice: posted[f], Jenis: posted[f+"_jenis"], Reason: posted[f+"_alasan"], Sampai: posted[f+"_sampai"],
			Periode: row.PeriodeText(), Usulan: indo.Date(proposed), Media: request.Label(request.MediaOptions, row.Media),
			Error: errs.Get(f), ReasonError: errs.Get(f + "_alasan"), SampaiError: errs.Get(f + "_sampai"), Nomor: strconv.Itoa(i + 1)}
		if d.Jenis == "" {
			d.Jenis = row.JenisData
		}
		if d.Sampai == "" {
			d.Sampai = proposed.Format(time.DateOnly)
		}
		if d.Periode == "" {
			d.Periode = "tidak dinyatakan (permohonan sebelum jangka waktu per baris)"
		}
		for _, o := range request.JenisDataOptions {
			if request.Tier(o.Value) <= request.Tier(row.JenisData) {
				d.Options = append(d.Options, components.Option{Value: o.Value, Label: o.Label})
			}
		}
		v.DecisionRows = append(v.DecisionRows, d)
	}
}

// judgeKapasitas shows the verifier a Sepakat operator's training evidence (a certificate to open, or the
// completed bimtek) and the statement of data-processing ability, beside the verdict.
func judgeKapasitas(j *rv.Judge, p request.Permohonan, key string) {
	id, _ := strconv.ParseInt(key, 10, 64)
	for _, row := range p.Rows {
		if row.ID == id {
			j.Evidence = "Pernyataan kemampuan pengolahan data: " + map[bool]string{true: "dinyatakan mampu", false: "belum dinyatakan"}[row.OlahData]
			if row.OlahDataKeterangan != "" {
				j.Evidence += " — " + row.OlahDataKeterangan
			}
		}
	}
	e, ok := p.Pelatihan[id]
	switch {
	case !ok:
		j.Evidence = "Bukti lulus pelatihan Sepakat belum ada. " + j.Evidence
	case e.Document != nil:
		j.Doc, j.DocHref, j.Embed = e.Document.OriginalName, "/dokumen/"+strconv.FormatInt(e.Document.ID, 10), true
	case e.Bimtek != nil:
		j.Evidence = "Bimbingan Teknis " + e.Bimtek.Reference + " (pelatihan versi " + e.Bimtek.Versi + ") selesai, " +
			indo.DateRange(e.Bimtek.Mulai, e.Bimtek.Selesai) + ". " + j.Evidence
	case e.Peserta != nil:
		j.Evidence = "Lulus pelatihan: " + pesertaRefText(*e.Peserta) + ". " + j.Evidence
	}
}

// direkturChoice is the list of direktur pengampu a rekomendasi may be asked of.
func (s *Server) direkturChoice(ctx context.Context, errs validate.Errors) (components.Choice, error) {
	dirs, err := s.store.ListStaffWithRole(ctx, account.RoleDirekturPengampu)
	if err != nil {
		return components.Choice{}, err
	}
	c := components.Choice{Name: "direktur", Label: "Direktur pengampu", Placeholder: "Pilih direktur (sektor atau wilayah)", Error: errs.Get("direktur")}
	for _, d := range dirs {
		c.Options = append(c.Options, components.Option{Value: strconv.FormatInt(d.ID, 10), Label: d.Nama})
	}
	return c, nil
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
