package server_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/api"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

// The OpenAPI 3.1 document served at /api/openapi.json parses and validates (kin-openapi); every route it
// documents answers as it says, the answer validated against its schema; every /api/v1 route of the router is
// documented; and its error codes are the portal's.
func TestOpenAPIDocument(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ctx := context.Background()
	now := time.Now()
	_, _, _, nomor := p.SampleWithAccess(t, now)
	admin := p.StaffLogin(t, p.CreateStaff(t, "admin.openapi", account.RoleAdmin), now)
	key := issueKey(t, admin, url.Values{"nama": {"Pemeriksa OpenAPI"}, "batas": {"600"}, "cakupan": {"hak_akses", "perubahan", "permohonan"}})

	served := callAPI(t, p, "/api/openapi.json", "")
	if served.status != http.StatusOK || served.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("openapi.json: %d", served.status)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(served.body)
	if err != nil {
		t.Fatalf("the document does not parse: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() || doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	if err := doc.Validate(ctx); err != nil {
		t.Fatalf("the document is not valid: %v", err)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != p.Config.BaseURL.String() {
		t.Errorf("servers %+v", doc.Servers)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}

	// Every documented operation answers with a documented status and a body its schema accepts.
	params := map[string]string{"{nomor}": nomor}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			concrete := path
			for k, v := range params {
				concrete = strings.ReplaceAll(concrete, k, v)
			}
			t.Run(method+" "+path, func(t *testing.T) {
				validated(t, p, router, method, concrete, key, http.StatusOK)
			})
		}
	}
	// Error answers are documented too.
	for _, tt := range []struct {
		path, key string
		status    int
	}{
		{"/api/v1/hak-akses", "", http.StatusUnauthorized},
		{"/api/v1/perubahan?kursor=rusak", key, http.StatusBadRequest},
		{"/api/v1/permohonan/PHA-1999-000000", key, http.StatusNotFound},
		{"/api/v1/register?status=aktif", "", http.StatusBadRequest},
	} {
		validated(t, p, router, http.MethodGet, tt.path, tt.key, tt.status)
	}

	// Every /api/v1 route the portal serves is in the document.
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	routes, ok := newHandler(t, p, p.Config).(chi.Routes)
	if !ok {
		t.Fatal("the handler is not a chi router")
	}
	var served11 []string
	err = chi.Walk(routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if strings.HasPrefix(route, "/api/v1/") {
			served11 = append(served11, method+" "+strings.TrimSuffix(route, "/"))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(served11) < 5 {
		t.Fatalf("found only %v under /api/v1", served11)
	}
	for _, r := range served11 {
		if !documented[r] {
			t.Errorf("%s is served but not documented", r)
		}
	}

	// The error codes of the document are the portal's.
	var codes []string
	for _, c := range api.AllCodes() {
		codes = append(codes, string(c))
	}
	var enum []string
	for _, v := range doc.Components.Schemas["Masalah"].Value.Properties["kode"].Value.Enum {
		enum = append(enum, v.(string))
	}
	slices.Sort(enum)
	if !slices.Equal(enum, codes) {
		t.Errorf("documented codes %v, portal's %v", enum, codes)
	}
	// So are the kinds of change of the feed.
	var kinds, documentedKinds []string
	for _, k := range api.ChangeKinds() {
		kinds = append(kinds, string(k))
	}
	for _, v := range doc.Components.Schemas["Perubahan"].Value.Properties["jenis"].Value.Enum {
		documentedKinds = append(documentedKinds, v.(string))
	}
	if !slices.Equal(documentedKinds, kinds) {
		t.Errorf("documented kinds of change %v, portal's %v", documentedKinds, kinds)
	}
}

// validated calls path and checks the answer against the document.
func validated(t *testing.T, p *servertest.Portal, router routers.Router, method, path, key string, status int) {
	t.Helper()
	req, err := http.NewRequest(method, p.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	route, pathParams, err := router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s %s: not in the document: %v", method, path, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Fatalf("%s %s: %d, want %d: %.300s", method, path, resp.StatusCode, status, body)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: pathParams, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status: resp.StatusCode, Header: resp.Header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s: the answer does not match the document: %v", method, path, err)
	}
}
