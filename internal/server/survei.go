package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/survei"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	sv "github.com/bappenas/portal-regsosek/templates/pages/survei"
)

// The Survei Kepuasan Masyarakat (internal/survei) as its respondents meet it: the nine questions, reached
// from the emailed link (/survei/{token}), from the akun page (/akun/survei/{id}) or from a closed report's
// status page (/pengaduan/status/survei); each answers the invitation once.

// surveyTarget finds the invitation a request is about, by the way it came; ok is false when the answer has
// been written.
type surveyTarget func(w http.ResponseWriter, r *http.Request) (store.Undangan, string, bool)

func (s *Server) surveyByToken(w http.ResponseWriter, r *http.Request) (store.Undangan, string, bool) {
	token := chi.URLParam(r, "token")
	u, err := s.store.FindUndanganByToken(r.Context(), s.tokenHash(store.SurveyTokenKind, token))
	if err != nil {
		s.renderError(w, r, err)
		return u, "", false
	}
	return u, "/survei/" + token, true
}

func (s *Server) surveyForAkun(w http.ResponseWriter, r *http.Request) (store.Undangan, string, bool) {
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return store.Undangan{}, "", false
	}
	u, err := s.store.FindUndanganForAkun(r.Context(), id, currentUser(r.Context()).Registrator.AkunID)
	if err != nil {
		s.renderError(w, r, err)
		return u, "", false
	}
	return u, "/akun/survei/" + strconv.FormatInt(id, 10), true
}

func (s *Server) surveyForPengaduan(w http.ResponseWriter, r *http.Request) (store.Undangan, string, bool) {
	id := s.sessions.GetInt64(r.Context(), sessPengaduan)
	if id == 0 {
		http.Redirect(w, r, "/pengaduan/status", http.StatusSeeOther)
		return store.Undangan{}, "", false
	}
	u, err := s.store.FindUndanganForPengaduan(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return u, "", false
	}
	return u, "/pengaduan/status/survei", true
}

// surveyForm shows the questions, or why they cannot be answered.
func (s *Server) surveyForm(find surveyTarget) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, action, ok := find(w, r)
		if !ok {
			return
		}
		s.renderSurvey(w, r, http.StatusOK, u, action, nil, validate.Errors{})
	}
}

func (s *Server) renderSurvey(w http.ResponseWriter, r *http.Request, status int, u store.Undangan, action string, posted map[string]string,
	errs validate.Errors) {
	v := sv.FormView{Page: s.page(r, "Survei Kepuasan Masyarakat"), Layanan: u.Layanan.Label(), Reference: u.Reference, Action: action,
		Errors: errs, Komentar: posted["komentar"]}
	switch {
	case u.State == survei.Dijawab:
		v.Closed = survei.ErrSudahDijawab.Error()
	case !s.now().Before(u.ExpiresAt):
		v.Closed = survei.ErrKedaluwarsa.Error()
	}
	for i, un := range survei.Unsurs {
		q := components.Choice{Name: survei.Field(i), Label: un.Kode + ". " + un.Pertanyaan, Hint: un.Nama, Required: true,
			Selected: posted[survei.Field(i)], Error: errs.Get(survei.Field(i))}
		for n, answer := range un.Jawaban {
			q.Options = append(q.Options, components.Option{Value: strconv.Itoa(n + 1), Label: answer})
		}
		v.Questions = append(v.Questions, q)
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer") // the link's token stays on this page
	s.render(w, r, status, sv.Form(v))
}

// surveySubmit records the answers.
func (s *Server) surveySubmit(find surveyTarget) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, action, ok := find(w, r)
		if !ok {
			return
		}
		posted := map[string]string{"komentar": r.PostFormValue("komentar")}
		for i := range survei.Unsurs {
			posted[survei.Field(i)] = r.PostFormValue(survei.Field(i))
		}
		j, errs := survei.Parse(func(k string) string { return posted[k] })
		posted["komentar"] = j.Komentar
		if errs.Any() {
			s.renderSurvey(w, r, http.StatusUnprocessableEntity, u, action, posted, errs)
			return
		}
		err := s.store.AnswerSurvey(r.Context(), u.ID, j, s.actor(r), s.now())
		switch {
		case errors.Is(err, survei.ErrSudahDijawab):
			s.renderMessage(w, r, http.StatusConflict, "Sudah diisi", err.Error())
			return
		case errors.Is(err, survei.ErrKedaluwarsa):
			s.renderMessage(w, r, http.StatusGone, "Tidak berlaku", err.Error())
			return
		case err != nil:
			s.renderError(w, r, err)
			return
		}
		w.Header().Set("Referrer-Policy", "no-referrer")
		s.render(w, r, http.StatusOK, sv.Done(sv.DoneView{Page: s.page(r, "Terima kasih")}))
	}
}

// surveyInvitations lists the account's open invitations for its akun page.
func surveyInvitations(list []store.Undangan) templ.Component {
	var out []sv.Invitation
	for _, u := range list {
		out = append(out, sv.Invitation{Layanan: u.Layanan.Label(), Reference: u.Reference, Href: "/akun/survei/" + strconv.FormatInt(u.ID, 10),
			Until: indo.Date(u.ExpiresAt)})
	}
	return sv.Invitations(out)
}

// pengaduanSurveyHref is the survey link on a closed report's status page, "" when none is open.
func (s *Server) pengaduanSurveyHref(r *http.Request, pengaduanID int64) string {
	u, err := s.store.FindUndanganForPengaduan(r.Context(), pengaduanID)
	if err != nil || u.State != survei.Terbuka || !s.now().Before(u.ExpiresAt) {
		return ""
	}
	return "/pengaduan/status/survei"
}
