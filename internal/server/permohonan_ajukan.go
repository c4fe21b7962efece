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
	// The confirmation page (permohonan_diajukan.go): the nomor, what happens next, the expected decision.
	target := permohonanPath(p.ID, "/diajukan")
	if p.State == request.PerluPerbaikan {
		target += "?perbaikan=ya"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
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
	var errs validate.Errors
	reason := errs.Text("alasan", "Alasan penarikan", r.PostFormValue("alasan"), 2000)
	if msg := validate.Reason("alasan penarikan", reason); msg != "" || errs.Any() {
		errs.Add("alasan", msg)
		s.render(w, r, http.StatusUnprocessableEntity, pv.Tarik(pv.TarikView{Page: s.page(r, "Tarik Permohonan"),
			Action: permohonanPath(p.ID, "/tarik"), Reference: p.Reference, Reason: reason, Errors: errs}))
		return
	}
	if !s.confirmed(w, r, konfirmasi{title: "Tarik Permohonan " + p.Reference, button: "Ya, Tarik Permohonan",
		question: "Tarik permohonan " + p.Reference + "? Permohonan yang ditarik tidak diproses lebih lanjut.",
		details:  []string{"Alasan penarikan: " + reason, "Anda dapat mengajukan permohonan baru kapan saja."}, cancel: permohonanPath(p.ID, "")}) {
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
	if p.State != request.Draft {
		s.renderError(w, r, store.ErrConflict) // only a draft is deleted: nothing to ask
		return
	}
	if !s.confirmed(w, r, konfirmasi{title: "Hapus Draf " + p.Reference, button: "Ya, Hapus Draf",
		question: "Hapus draf " + p.Reference + " beserta seluruh isian dan dokumennya?", cancel: permohonanPath(p.ID, "")}) {
		return
	}
	if err := s.store.DeleteDraft(r.Context(), p.ID, reg.AkunID, s.actor(r)); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Draf "+p.Reference+" dihapus.")
	http.Redirect(w, r, "/akun", http.StatusSeeOther)
}
