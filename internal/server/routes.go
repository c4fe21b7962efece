package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/web"
)

// Request body limits: forms are small; uploads are bounded per route.
const (
	formBodyLimit = 1 << 20
)

// routes lists the whole URL space of the portal.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(s.recoverPanic, s.requestID, s.logRequests, securityHeaders(s.cfg.Secure()))
	r.NotFound(s.handleNotFound)
	r.MethodNotAllowed(s.handleMethodNotAllowed)

	// Probes and assets need neither a session nor CSRF protection.
	r.Get("/healthz", s.handleHealthz)
	r.Get("/readyz", s.handleReadyz)
	r.Handle("/static/*", web.Handler())

	r.Group(func(r chi.Router) {
		r.Use(s.sessions.LoadAndSave, markSession, s.crossOriginProtection(), limitBody(formBodyLimit))

		// Public pages.
		r.Get("/", s.handleBeranda)
		r.Get("/persyaratan", s.handlePersyaratan)
		r.Get("/referensi/wilayah", s.handleWilayahPicker)
		r.Post("/keluar", s.handleLogout)
	})
	return r
}
