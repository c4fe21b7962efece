package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/bappenas/portal-regsosek/internal/percakapan"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	pv "github.com/bappenas/portal-regsosek/templates/pages/permohonan"
)

// The registrator's page of a permohonan, with the task list of a draft.

func sectionHref(p request.Permohonan, prob request.Problem) string {
	switch prob.Section {
	case "cakupan":
		return permohonanPath(p.ID, "/cakupan")
	case "kapasitas":
		return permohonanPath(p.ID, "/kebutuhan/"+strconv.FormatInt(prob.RowID, 10)+"/kapasitas")
	case "kebutuhan":
		if prob.RowID != 0 {
			return permohonanPath(p.ID, "/kebutuhan/"+strconv.FormatInt(prob.RowID, 10))
		}
		return permohonanPath(p.ID, "/kebutuhan")
	}
	return permohonanPath(p.ID, "/dokumen")
}

func (s *Server) tasks(p request.Permohonan, inst request.Instansi, problems []request.Problem) []pv.Task {
	status := func(section string, started bool) (string, string) {
		if !started {
			return "Belum dimulai", "tag-todo"
		}
		for _, pr := range problems {
			if pr.Section == section {
				return "Belum lengkap", "tag-todo"
			}
		}
		return "Selesai", "tag-done"
	}
	newRows := 0
	for _, r := range p.Rows {
		if r.IsNew {
			newRows++
		}
	}
	c1, k1 := status("cakupan", p.HeaderSaved)
	c2, k2 := status("kebutuhan", newRows > 0)
	if c2 == "Selesai" {
		c2, k2 = status("kapasitas", true)
	}
	c3, k3 := status("dokumen", len(p.Docs) > 0)
	c4, k4 := "Siap diajukan", "tag-done"
	if len(problems) > 0 {
		c4, k4 = "Belum dapat diajukan", "tag-todo"
	}
	return []pv.Task{
		{Label: "Cakupan dan Narahubung", Href: permohonanPath(p.ID, "/cakupan"), Status: c1, StatusClass: k1},
		{Label: "Identifikasi Kebutuhan Hak Akses dan Media Akses", Href: permohonanPath(p.ID, "/kebutuhan"), Status: c2, StatusClass: k2},
		{Label: "Dokumen", Href: permohonanPath(p.ID, "/dokumen"), Status: c3, StatusClass: k3},
		{Label: "Periksa dan Ajukan", Href: permohonanPath(p.ID, "/periksa"), Status: c4, StatusClass: k4},
	}
}

func (s *Server) handlePermohonanDetail(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok {
		return
	}
	inst := instansiOf(reg)
	got, err := s.readDetail(r, p, reg.AkunID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	names := namer(got.names)
	events := timelineViews(got.timeline, true)
	n, tahap := p.State.Tahap()
	notes, err := s.notesFor(r.Context(), p)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := pv.DetailView{Page: s.page(r, "Permohonan "+p.Reference), ID: strconv.FormatInt(p.ID, 10), Reference: p.Reference,
		Status: p.State.Label(), Tahap: fmt.Sprintf("Tahap %d %s", n, tahap), Instansi: p.InstansiNama, Parent: p.ParentRef,
		Editable: p.State.Editable(), Header: headerFields(p, names), Rows: rowViews(p, inst, names, p.State.Editable()),
		Docs: s.docViews(p, inst), Timeline: events, Tier: tierLabel(request.MaxTier(p.Rows)),
		SixMonth: request.SixMonthLimit(inst, p.Rows, p.DocSet()[request.DocSKForumSatuData]), Perkiraan: s.perkiraan(p)}
	if v.Editable {
		v.Tasks = s.tasks(p, inst, request.CheckSubmission(inst, p.Header, p.Rows, p.DocSet(), p.Trained()))
	}
	applyNotes(notes, v.Rows, v.Docs)
	for i, row := range p.Rows {
		if d, ok := got.decisions[row.ID]; ok {
			v.Rows[i].Decision = "Keputusan: " + review.DecisionText(row, d)
		}
	}
	if v.Agreements, err = s.agreementsOf(r.Context(), p, len(got.decisions) > 0); err != nil {
		s.renderError(w, r, err)
		return
	}
	if p.State == request.AksesDiberikan || p.State == request.Berakhir || p.State == request.Dicabut {
		v.LetterHref = permohonanPath(p.ID, "/surat-persetujuan.pdf")
	}
	if p.SubmittedAt != nil {
		v.ReceiptHref = permohonanPath(p.ID, "/bukti.pdf")
	}
	if registratorCan(p, request.Tarik) {
		v.WithdrawHref = permohonanPath(p.ID, "/tarik")
	}
	if p.State == request.Draft {
		v.DeleteAction = permohonanPath(p.ID, "/hapus")
	}
	if p.State == request.AksesDiberikan {
		v.PerubahanAction = permohonanPath(p.ID, "/perubahan")
	}
	if v.Akses, err = s.aksesPanel(r, p, got.life.akses, names); err != nil { // Tahap 4–6, akses_view.go
		s.renderError(w, r, err)
		return
	}
	lifecycle, err := s.lifecyclePanel(r, p, got.life) // access over time, akses_baris_view.go
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v.Akses = joinPanels(v.Akses, lifecycle)
	if p.State != request.Draft {
		v.Percakapan = registratorThreadLink(percakapan.Permohonan, p.ID, got.unread) // percakapan.go
	}
	s.render(w, r, http.StatusOK, pv.Detail(v))
}

// detailReads is what the registrator's permohonan page shows beside the permohonan itself.
type detailReads struct {
	names     map[string]string // wilayah
	timeline  []request.TimelineEntry
	decisions map[int64]review.RowDecisionView
	life      lifecycle
	unread    map[string]int
}

// readDetail reads it in one round trip (store.Reads), each part only in the states that show it.
func (s *Server) readDetail(r *http.Request, p request.Permohonan, akunID int64) (detailReads, error) {
	var got detailReads
	reads := s.store.Reads()
	reads.WilayahNames(wilayahCodes(p), &got.names)
	reads.Timeline(p.ID, &got.timeline)
	reads.RowDecisions(p.ID, &got.decisions)
	reads.DokumenAsli(p.ID, &got.life.asli)
	if tahap4On(p.State) {
		reads.Akses(p.ID, &got.life.akses)
	}
	if tahap6(p.State) {
		reads.Pemusnahan(p.ID, &got.life.pemusnahan)
	}
	if p.State != request.Draft {
		reads.UnreadForAkun(akunID, &got.unread)
	}
	return got, reads.Send(r.Context())
}
