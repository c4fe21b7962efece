package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/api"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// The machine API (/api/v1, internal/api): JSON answers, errors as problem details with stable codes, no
// session and no cookies. A call with a key (Authorization: Bearer) is authenticated against the key's HMAC,
// limited per key per minute, and audited whatever its answer; a call without one may read the public register
// only, limited per client address.

type apiKeyCtx struct{}

func apiKeyFrom(ctx context.Context) (store.APIKey, bool) {
	k, ok := ctx.Value(apiKeyCtx{}).(store.APIKey)
	return k, ok
}

// apiTokenKind is the HMAC domain of API keys.
const apiTokenKind = "api-kunci"

// writeJSON answers v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"type":"about:blank","title":"Internal Server Error","status":500,"kode":"kesalahan_server","detail":""}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// apiProblem answers an error with its stable code.
func apiProblem(w http.ResponseWriter, code api.Code, detail string) {
	p := api.ProblemOf(code, detail)
	b, _ := json.Marshal(p)
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	_, _ = w.Write(b)
}

// apiCheckInput refuses, as parameter_tidak_valid, a path or query holding text PostgreSQL would refuse (NUL,
// control characters, invalid UTF-8) or longer than any value of the API: the pages' checkInput, in JSON.
func apiCheckInput(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if textProblem(r.URL.Path, maxPathLen, false) != "" {
			apiProblem(w, api.CodeParameter, "Alamat berisi karakter yang tidak diizinkan atau terlalu panjang.")
			return
		}
		for k, vs := range r.URL.Query() {
			for _, v := range append([]string{k}, vs...) {
				if textProblem(v, maxQueryValueLen, false) != "" {
					apiProblem(w, api.CodeParameter, "Parameter berisi karakter yang tidak diizinkan atau terlalu panjang.")
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// apiFail maps a store error to its answer, logging only the unexpected.
func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrNotFound) {
		apiProblem(w, api.CodeTidakDitemukan, "")
		return
	}
	s.log.Error("api request failed", "request_id", requestIDFrom(r.Context()), "err", err)
	apiProblem(w, api.CodeKesalahanServer, "")
}

func (s *Server) handleAPINotFound(w http.ResponseWriter, _ *http.Request) {
	apiProblem(w, api.CodeTidakDitemukan, "Alamat API ini tidak ada. Lihat /api/openapi.json.")
}

func (s *Server) handleAPIMethodNotAllowed(w http.ResponseWriter, _ *http.Request) {
	apiProblem(w, api.CodeMetode, "")
}

// handleOpenAPI serves the OpenAPI 3.1 document, with this portal's BASE_URL as its server. It is built per
// request (a few kilobytes of JSON): a cache kept across servers would name another's BASE_URL.
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	doc, err := api.Document(s.cfg.BaseURL.String())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(doc)
}

// apiTooMany answers 429 with the seconds to wait (retryAfter, hashgate.go) and the problem's code.
func apiTooMany(w http.ResponseWriter, wait time.Duration) {
	retryAfter(w, wait)
	apiProblem(w, api.CodeBatasPermintaan, "")
}

// apiAuth authenticates a call that carries a key, limits it and audits it; a call without one is limited by
// client address and passes on as public.
func (s *Server) apiAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, now := r.Context(), s.now()
		token, sent := api.BearerToken(r.Header)
		if !sent {
			ok, wait, err := s.store.Allow(ctx, s.limitKey("api-publik", clientIP(r)), now, time.Minute, api.PublicPerMinute)
			switch {
			case err != nil:
				s.apiFail(w, r, err)
			case !ok:
				apiTooMany(w, wait)
			default:
				next.ServeHTTP(w, r)
			}
			return
		}
		if !api.WellFormed(token) {
			apiProblem(w, api.CodeKunciTidakValid, "")
			return
		}
		key, err := s.store.FindAPIKey(ctx, s.tokenHash(apiTokenKind, token))
		if errors.Is(err, store.ErrNotFound) {
			apiProblem(w, api.CodeKunciTidakValid, "")
			return
		}
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			route := "unmatched"
			if rc := chi.RouteContext(ctx); rc != nil && rc.RoutePattern() != "" {
				route = rc.RoutePattern()
			}
			call := store.APICall{Method: r.Method, Route: route, Status: max(rec.status, http.StatusOK)}
			if err := s.store.AuditAPICall(context.WithoutCancel(ctx), key, clientIP(r), call, now); err != nil {
				s.log.Error("api audit failed", "request_id", requestIDFrom(ctx), "err", err)
			}
		}()
		ok, wait, err := s.store.Allow(ctx, s.limitKey("api-kunci", strconv.FormatInt(key.ID, 10)), now, time.Minute, key.PerMinute)
		switch {
		case err != nil:
			s.apiFail(rec, r, err)
		case !ok:
			apiTooMany(rec, wait)
		default:
			rec.Header().Set("Cache-Control", "no-store")
			next.ServeHTTP(rec, r.WithContext(context.WithValue(ctx, apiKeyCtx{}, key)))
		}
	})
}

// apiScope admits calls whose key holds scope.
func apiScope(scope api.Scope) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			key, ok := apiKeyFrom(r.Context())
			switch {
			case !ok:
				w.Header().Set("WWW-Authenticate", `Bearer realm="Portal Regsosek API"`)
				apiProblem(w, api.CodeKunciDiperlukan, "")
			case !key.Has(scope):
				apiProblem(w, api.CodeCakupan, "Kunci API ini tidak mencakup "+string(scope)+".")
			default:
				next.ServeHTTP(w, r)
			}
		})
	}
}
