package server

import (
	"context"
	"net/http"
	"time"

	"github.com/bappenas/portal-regsosek/templates/pages/public"
)

func (s *Server) handlePersyaratan(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, public.Persyaratan(public.PersyaratanView{Page: s.page(r, "Persyaratan dan Ketentuan")}))
}

// handleHealthz answers while the process runs; it does not touch the database.
func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
}

// handleReadyz answers 200 only when the database answers, so a load balancer stops sending traffic to an
// instance that lost it.
func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.store.Ping(ctx); err != nil {
		s.log.Warn("not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unavailable\n"))
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}
