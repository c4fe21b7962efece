package server

import (
	"errors"
	"net/http"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	pv "github.com/bappenas/portal-regsosek/templates/pages/permohonan"
)

func (s *Server) periksaView(r *http.Request, p request.Permohonan, reg *account.Registrator, problems []request.Problem) (pv.PeriksaView, error) {
	inst := instansiOf(reg)
	names, err := s.names(r.Context(), p)
	if err != nil {
		return pv.PeriksaView{}, err
	}
	v := pv.PeriksaView{Page: s.page(r, "Periksa dan Ajukan"), Action: permohonanPath(p.ID, "/ajukan"), Header: headerFields(p, names),
		Rows: rowViews(p, inst, names, true), Docs: s.docViews(p, inst), Tier: tierLabel(request.MaxTier(p.Rows))}
	for _, pr := range problems {
		v.Problems = append(v.Problems, pv.Problem{Message: pr.Message, Href: sectionHref(p, pr)})
	}
	return v, nil
}

func (s *Server) handlePeriksa(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok || s.notEditable(w, r, p) {
		return
	}
	v, err := s.periksaView(r, p, reg, nil)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, pv.Periksa(v))
}

// handleAjukan submits: the whole permohonan is checked inside the submitting transaction, and every
// problem is listed with a link to where it is fixed.
func (s *Server) handleAjukan(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok || s.notEditable(w, r, p) {
		return
	}
	inst := instansiOf(reg)
	err := s.store.SubmitPermohonan(r.Context(), p.ID, reg.AkunID, func(cur request.Permohonan) []request.Problem {
		return request.CheckSubmission(inst, cur.Header, cur.Rows, cur.DocSet(), cur.Trained())
	}, s.actor(r), s.now())
	var inc *request.ErrIncomplete
	switch {
	case errors.As(err, &inc):
		v, verr := s.periksaView(r, p, reg, inc.Problems)
		if verr != nil {
			s.renderError(w, r, verr)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, pv.Periksa(v))
		return
	case err != nil:
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Permohonan "+p.Reference+" telah diajukan kepada Pengelola Data Regsosek.")
	http.Redirect(w, r, permohonanPath(p.ID, ""), http.StatusSeeOther)
}

func (s *Server) handleTarikForm(w http.ResponseWriter, r *http.Request) {
	p, _, ok := s.ownPermohonan(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, pv.Tarik(pv.TarikView{Page: s.page(r, "Tarik Permohonan"), Action: permohonanPath(p.ID, "/tarik"), Reference: p.Reference}))
}

func (s *Server) handleTarik(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok {
		return
	}
	refuse := func() {
		s.renderMessage(w, r, http.StatusConflict, "Tidak dapat ditarik", "Permohonan ini sudah diputuskan atau belum diajukan, sehingga tidak dapat ditarik.")
	}
	if !registratorCan(p, request.Tarik) {
		refuse()
		return
	}
	reason := validate.Clean(r.PostFormValue("alasan"), 2000)
	if msg := validate.Reason("alasan penarikan", reason); msg != "" {
		var errs validate.Errors
		errs.Add("alasan", msg)
		s.render(w, r, http.StatusUnprocessableEntity, pv.Tarik(pv.TarikView{Page: s.page(r, "Tarik Permohonan"),
			Action: permohonanPath(p.ID, "/tarik"), Reference: p.Reference, Reason: reason, Errors: errs}))
		return
	}
	err := s.store.WithdrawPermohonan(r.Context(), p.ID, reg.AkunID, reason, s.actor(r), s.now())
	if errors.Is(err, store.ErrConflict) {
		refuse()
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Permohonan "+p.Reference+" ditarik.")
	http.Redirect(w, r, permohonanPath(p.ID, ""), http.StatusSeeOther)
}

func (s *Server) handleHapusDraf(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok {
		return
	}
	if err := s.store.DeleteDraft(r.Context(), p.ID, reg.AkunID, s.actor(r)); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Draf "+p.Reference+" dihapus.")
	http.Redirect(w, r, "/akun", http.StatusSeeOther)
}
