package server

import (
	"net/http"
	"sort"

	"github.com/bappenas/portal-regsosek/templates/pages/public"
)

// A confirmation step before every action that cannot be undone (Hapus Draf, Hapus a row, Tarik Permohonan,
// deleting a Dasbor release draft). The action's own form posts as before; without "konfirmasi=ya" the
// server answers with the confirmation page, which posts the same values again with it. It works without
// JavaScript, and a script or a stale form that posts directly still meets the question.

// konfirmasi describes the question of an action.
type konfirmasi struct {
	title, question, button, cancel string
	details                         []string
}

// confirmed reports whether the request confirms the action; when it does not, it renders the question.
func (s *Server) confirmed(w http.ResponseWriter, r *http.Request, k konfirmasi) bool {
	if r.PostFormValue("konfirmasi") == "ya" {
		return true
	}
	v := public.KonfirmasiView{Page: s.page(r, k.title), Title: k.title, Question: k.question, Details: k.details,
		Action: r.URL.Path, Button: k.button, CancelHref: k.cancel}
	names := make([]string, 0, len(r.PostForm))
	for name := range r.PostForm {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if name == "konfirmasi" {
			continue
		}
		for _, val := range r.PostForm[name] {
			v.Fields = append(v.Fields, public.Hidden{Name: name, Value: val})
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, public.Konfirmasi(v))
	return false
}
