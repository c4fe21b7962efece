package server

import (
	"net/http"
	"strconv"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	rv "github.com/bappenas/portal-regsosek/templates/pages/review"
)

// Rekomendasi: the verifikator substansi asks a direktur pengampu, who answers from their queue.

func (s *Server) handleAskRekomendasi(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffPermohonan(w, r)
	if !ok {
		return
	}
	// The verifikator substansi asks during the substantive review; the produsen data while deciding.
	switch {
	case p.State == request.MenungguKeputusan && !me.HasRole(account.RoleProdusenData),
		p.State != request.MenungguKeputusan && !me.HasRole(account.RoleVerifikatorSubstansi):
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
