package server

import (
	"net/http"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	pv "github.com/bappenas/portal-regsosek/templates/pages/permohonan"
)

// perkiraan is the expected decision, as the registrator reads it on the confirmation page and on Lihat;
// empty where no decision is pending.
func (s *Server) perkiraan(p request.Permohonan) string {
	e, ok := review.ExpectedDecision(s.store.SLA, p.State, p.DueAt, p.SLARemaining)
	switch {
	case !ok:
		return ""
	case e.Paused:
		return indo.Int(int64(e.Days)) + " hari setelah perbaikan diajukan (waktu layanan berhenti selama permohonan ada pada pemohon)"
	}
	return indo.Date(e.Date)
}

// handleDiajukan is the confirmation after Ajukan. Reached later (a bookmark, a decided permohonan), it
// sends to the permohonan's page, which says the state as it is.
func (s *Server) handleDiajukan(w http.ResponseWriter, r *http.Request) {
	p, _, ok := s.ownPermohonan(w, r)
	if !ok {
		return
	}
	if p.State != request.Diajukan {
		http.Redirect(w, r, permohonanPath(p.ID, ""), http.StatusSeeOther)
		return
	}
	v := pv.DiajukanView{Page: s.page(r, "Permohonan Diajukan"), Reference: p.Reference, Perkiraan: s.perkiraan(p),
		DetailHref: permohonanPath(p.ID, ""), ReceiptHref: permohonanPath(p.ID, "/bukti.pdf"),
		Perbaikan: r.URL.Query().Get("perbaikan") == "ya"}
	s.render(w, r, http.StatusOK, pv.Diajukan(v))
}
