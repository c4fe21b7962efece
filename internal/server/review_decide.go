package server

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	rv "github.com/bappenas/portal-regsosek/templates/pages/review"
)

// Review by Bappenas (Tahap 2–3). Handlers check the viewer's role; the store checks the state machine,
// the claim and the four-eyes rule inside the transaction that acts, so a request posted directly,
// bypassing the pages, meets the same rules.

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
	items := review.TeknisItems(request.Instansi{Kategori: kat, Kode: p.InstansiKode}, p.Header, p.Rows, p.DocSet())
	if stage == review.Substansi {
		items = review.SubstansiItems(p.Rows)
	}
	posted := map[string]string{}
	got := map[string]review.Judgement{}
	var js []review.Judgement
	var lengths validate.Errors
	for _, it := range items {
		verdict := r.PostFormValue(it.Field())
		note := lengths.Text(it.Field()+"_catatan", "Catatan "+it.Label, r.PostFormValue(it.Field()+"_catatan"), 1000)
		posted[it.Field()], posted[it.Field()+"_catatan"] = verdict, note
		if verdict != "" {
			j := review.Judgement{Item: it, Verdict: review.Verdict(verdict), Note: note}
			got[it.Field()] = j
			js = append(js, j)
		}
	}
	outcome := r.PostFormValue("hasil")
	internal := lengths.Text("catatan_internal", "Catatan internal", r.PostFormValue("catatan_internal"), 2000)
	posted["catatan_internal"] = internal
	if r.PostFormValue("aksi") == "simpan_sementara" {
		s.saveReviewDraft(w, r, p, me, stage, posted, lengths)
		return
	}
	if errs := lengths.Then(review.CheckJudgements(stage, items, got, outcome)); errs.Any() {
		s.reviewInvalid(w, r, p, me, errs, posted)
		return
	}
	err := s.store.Verify(ctx, p.ID, stage, outcome, js, internal, s.actor(r), s.now())
	if err != nil {
		s.reviewFail(w, r, err)
		return
	}
	msg := map[string]string{review.OutcomeLanjut: "diteruskan ke tahap berikutnya.", review.OutcomeBelumSesuai: "dikembalikan kepada pemohon: Data Belum Sesuai."}[outcome]
	s.sessions.Put(ctx, sessFlash, "Permohonan "+p.Reference+" "+msg)
	http.Redirect(w, r, "/petugas/antrean/"+string(stage), http.StatusSeeOther)
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
	// Who may not decide at all is told so before the form is read (the store refuses it again).
	if _, err := request.Check(p.Subject(), request.Setujui, account.RoleProdusenData, me.ID); errors.Is(err, request.ErrVerifierDecides) {
		s.reviewFail(w, r, err)
		return
	}
	posted := map[string]string{"alasan": validate.Clean(r.PostFormValue("alasan"), 2000),
		"catatan_internal": validate.Clean(r.PostFormValue("catatan_internal"), 2000)}
	d := review.Decision{TolakSemua: r.PostFormValue("aksi") == "tolak_semua", Reason: posted["alasan"]}
	d.RingkasanPublik, posted["ringkasan_publik"] = postedRingkasan(r)
	today, latest := s.decisionLimits(p)
	for _, row := range p.Rows {
		if !row.IsNew {
			continue
		}
		f := "baris_" + strconv.FormatInt(row.ID, 10)
		choice, jenis, reason := r.PostFormValue(f), r.PostFormValue(f+"_jenis"), validate.Clean(r.PostFormValue(f+"_alasan"), 1000)
		posted[f], posted[f+"_jenis"], posted[f+"_alasan"], posted[f+"_sampai"] = choice, jenis, reason, r.PostFormValue(f+"_sampai")
		if choice != "setuju" && choice != "tolak" {
			continue
		}
		rd := review.RowDecision{RowID: row.ID, Setuju: choice == "setuju", JenisData: jenis, Reason: reason,
			Usulan: review.ProposedEnd(row, today, latest)}
		// The proposal stands unless the produsen data changed it: a form posted without the date takes it.
		rd.Sampai = rd.Usulan
		if v := posted[f+"_sampai"]; v != "" {
			rd.Sampai, _ = time.ParseInLocation(time.DateOnly, v, indo.Jakarta)
		}
		d.Rows = append(d.Rows, rd)
	}
	// The rekomendasi rule (request.Check) is a refusal of the whole decision: said on the form, nothing stored.
	if _, err := request.Check(p.Subject(), request.Setujui, account.RoleProdusenData, me.ID); validate.MessageOf(err) != "" &&
		!errors.Is(err, request.ErrClaimed) {
		var errs validate.Errors
		errs.Add("hasil", validate.MessageOf(err))
		s.reviewInvalid(w, r, p, me, errs, posted)
		return
	}
	if errs := checkRingkasan(review.CheckDecision(d, p.Rows, today, latest), d); errs.Any() {
		s.reviewInvalid(w, r, p, me, errs, posted)
		return
	}
	err := s.store.Decide(ctx, p.ID, d, posted["catatan_internal"], s.actor(r), s.now())
	if err != nil {
		s.reviewFail(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessFlash, "Keputusan atas "+p.Reference+" disimpan.")
	http.Redirect(w, r, "/petugas/antrean/keputusan", http.StatusSeeOther)
}

// decisionLimits are today and the latest end a decision on p may give now: MAX_AKSES_BULAN. A Pemda asking
// Sepakat without an SK Forum Satu Data keeps its Sepakat access six months from the day it is given
// (§3.2.5 Khusus a), cut when access is prepared (request.RowEnd), not here: the page says so.
func (s *Server) decisionLimits(p request.Permohonan) (today, latest time.Time) {
	today = indo.Today(s.now())
	return today, review.MaxAkses(s.maxAksesMonths(), today)
}

// reviewInvalid shows the staff page of a permohonan again with errs and what was posted (422).
func (s *Server) reviewInvalid(w http.ResponseWriter, r *http.Request, p request.Permohonan, me *account.Staff, errs validate.Errors, posted map[string]string) {
	v, err := s.staffDetailView(r, p, me, errs, posted)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, rv.Detail(v))
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
