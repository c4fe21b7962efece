package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/api"
	"github.com/bappenas/portal-regsosek/internal/register"
)

// The endpoints of /api/v1, as the OpenAPI document (internal/api/openapi.json) describes them.

// publicJSON lets scripts on other sites read the public register.
func publicJSON(w http.ResponseWriter) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
	if w.Header().Get("Cache-Control") == "" {
		w.Header().Set("Cache-Control", "public, max-age=60")
	}
}

func (s *Server) handleAPIRegister(w http.ResponseWriter, r *http.Request) {
	f := register.ParseFilter(r.URL.Query())
	if len(f.Ignored) > 0 {
		apiProblem(w, api.CodeParameter, "Nilai parameter tidak dikenal: "+strings.Join(f.Ignored, ", ")+".")
		return
	}
	entries, total, err := s.store.ListRegister(r.Context(), f)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	base := s.cfg.BaseURL.String()
	out := register.ListJSON{Jumlah: total, Halaman: f.Page, Entri: []register.EntryJSON{}, Dibuat: s.now().UTC().Truncate(time.Second)}
	for _, e := range entries {
		out.Entri = append(out.Entri, register.ToJSON(e, base))
	}
	if f.Page*register.PageSize < total {
		q := f.Query()
		q.Set("halaman", strconv.Itoa(f.Page+1))
		next := base + "/api/v1/register?" + q.Encode()
		out.Berikutnya = &next
	}
	publicJSON(w)
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleAPIRegisterEntry(w http.ResponseWriter, r *http.Request) {
	e, err := s.store.FindRegisterEntry(r.Context(), chi.URLParam(r, "nomor"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	publicJSON(w)
	writeJSON(w, http.StatusOK, register.ToJSON(e, s.cfg.BaseURL.String()))
}

func (s *Server) handleAPIHakAkses(w http.ResponseWriter, r *http.Request) {
	key, _ := apiKeyFrom(r.Context())
	q := r.URL.Query()
	batas, ok := api.ParseBatas(q.Get("batas"))
	after, err := strconv.ParseInt(cmpOr(q.Get("setelah"), "0"), 10, 64)
	if !ok || err != nil || after < 0 {
		apiProblem(w, api.CodeParameter, "batas harus 1–500 dan setelah bilangan bulat tidak negatif.")
		return
	}
	list, err := s.store.Entitlements(r.Context(), key.AkunScope(), after, batas, s.now())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := api.HakAksesList{HakAkses: list, Dibuat: s.now().UTC().Truncate(time.Second)}
	if out.HakAkses == nil {
		out.HakAkses = []api.HakAkses{}
	}
	if len(list) == batas {
		next := s.cfg.BaseURL.String() + "/api/v1/hak-akses?batas=" + strconv.Itoa(batas) + "&setelah=" + strconv.FormatInt(list[len(list)-1].ID, 10)
		out.Berikutnya = &next
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleAPIPermohonan(w http.ResponseWriter, r *http.Request) {
	key, _ := apiKeyFrom(r.Context())
	st, err := s.store.PermohonanStatus(r.Context(), chi.URLParam(r, "nomor"), key.AkunScope())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if st.Baris == nil {
		st.Baris = []api.BarisStatus{}
	}
	writeJSON(w, http.StatusOK, st)
}

func (s *Server) handleAPIPerubahan(w http.ResponseWriter, r *http.Request) {
	key, _ := apiKeyFrom(r.Context())
	q := r.URL.Query()
	batas, ok := api.ParseBatas(q.Get("batas"))
	if !ok {
		apiProblem(w, api.CodeParameter, "batas harus 1–500.")
		return
	}
	c, err := api.ParseCursor(q.Get("kursor"))
	if err != nil {
		apiProblem(w, api.CodeKursor, "")
		return
	}
	list, next, more, err := s.store.Changes(r.Context(), c, key.AkunScope(), batas)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := api.PerubahanList{Perubahan: list, KursorBerikutnya: next.String(), Lagi: more}
	if out.Perubahan == nil {
		out.Perubahan = []api.Perubahan{}
	}
	writeJSON(w, http.StatusOK, out)
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
