package server_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// Every route, as anonymous, as a registrator and as each staff role, gets path parameters, query parameters,
// form fields and file names holding NUL, invalid UTF-8, control characters and over-long text, and also odd
// but valid text (quotes, huge numbers, dates that do not exist). No answer may be a 500 (issue 14 item 7):
// the refused ones are 4xx at the edge (input.go), the odd ones each handler's business.

// maxFieldChars is the edge's bound on one form value (input.go).
const maxFieldChars = 10000

// badValues are refused at the edge; oddValues reach the handlers.
var (
	badValues = []string{"a\x00b", "\xff\xfe", "baris\x1b[31m", strings.Repeat("x", maxFieldChars+1)}
	oddValues = []string{`'";--<script>`, "99999999999999999999", "-1", "2026-13-45", strings.Repeat("ä", 9000), " ", "0"}
)

// fieldNames are the form and query fields the handlers read, taken from their source so a new field is fuzzed too.
func fieldNames(t *testing.T) []string {
	t.Helper()
	re := regexp.MustCompile(`(?:PostFormValue|FormValue|Query\(\)\.Get|\.Get)\("([a-z_0-9-]+)"\)|PostForm\["([a-z_0-9-]+)"\]`)
	seen := map[string]bool{"captcha": true, "captcha_id": true}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		b, err := os.ReadFile(e.Name())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			seen[m[1]+m[2]] = true
		}
	}
	var out []string
	for n := range seen {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

var paramPattern = regexp.MustCompile(`\{([a-z]+)(:[^}]*)?\}`)

// pathFor fills a route pattern: every parameter gets a plausible value, except that the one named bad (if
// any) gets value.
func pathFor(pattern, bad, value string) string {
	plausible := map[string]string{"id": "1", "row": "1", "kind": "kak", "stage": "teknis", "token": "tidak-ada-token",
		"doc": "1", "slot": "surat", "file": "abc.png", "name": "surat-permohonan.pdf", "cetak": "1", "akun": "1",
		"pid": "1", "lampiran": "lampiran-7.pdf"}
	return paramPattern.ReplaceAllStringFunc(pattern, func(m string) string {
		name := paramPattern.FindStringSubmatch(m)[1]
		if name == bad {
			return url.PathEscape(value)
		}
		if v, ok := plausible[name]; ok {
			return v
		}
		return "1"
	})
}

func TestNoInputCrashesAPage(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Now())
	p := servertest.NewWithClock(t, clock)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	regClient, _ := p.SubmitSample(t, reg, "32.73")

	type identity struct {
		name   string
		client *webtest.Client
	}
	ids := []identity{{"anonim", webtest.NewClient(t, p.URL)}, {"registrator", regClient}}
	for i, role := range account.AllRoles {
		st := p.CreateStaff(t, fmt.Sprintf("fuzz.petugas.%d", i), role)
		ids = append(ids, identity{string(role), p.StaffLogin(t, st, clock.Now())})
	}

	var routes [][2]string
	err := chi.Walk(p.Server.Config.Handler.(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if route != "/keluar" { // signing out would end the identity's session half-way through
			routes = append(routes, [2]string{method, route})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	fields := fieldNames(t)
	if len(routes) < 100 || len(fields) < 50 {
		t.Fatalf("found %d routes and %d field names: the walk or the scan is broken", len(routes), len(fields))
	}

	var mu sync.Mutex
	var failures []string
	total := 0
	record := func(what string, status int, err error) {
		mu.Lock()
		defer mu.Unlock()
		total++
		if err != nil || status >= 500 {
			failures = append(failures, fmt.Sprintf("%s: %d %v", what, status, err))
		}
	}
	t.Run("as", func(t *testing.T) {
		for _, id := range ids {
			t.Run(id.name, func(t *testing.T) {
				fuzzRoutes(t, p, id.client, id.name, routes, fields, record)
			})
		}
	})
	t.Logf("%d requests over %d routes and %d field names", total, len(routes), len(fields))
	if len(failures) > 0 {
		t.Errorf("%d answers of 500 or worse:\n%s", len(failures), strings.Join(failures[:min(len(failures), 60)], "\n"))
	}
	if logs := p.Log.String(); strings.Contains(logs, "level=ERROR") {
		i := strings.Index(logs, "level=ERROR")
		t.Errorf("errors logged, first: %.600s", logs[i:])
	}
}

// fuzzRoutes sends every request of the test as one identity; record counts each answer.
func fuzzRoutes(t *testing.T, p *servertest.Portal, client *webtest.Client, name string, routes [][2]string, fields []string,
	record func(what string, status int, err error)) {
	send := func(method, path string, body []byte, contentType string) {
		req, err := http.NewRequest(method, p.URL+path, bytes.NewReader(body))
		if err != nil {
			return // a path Go itself cannot send is no test of the portal
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		req.Header.Set("Origin", p.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		resp, err := client.HTTP.Do(req)
		status := 0
		if err == nil {
			resp.Body.Close()
			status = resp.StatusCode
		}
		record(fmt.Sprintf("%s %s %.120s", name, method, path), status, err)
	}
	form := func(values []string) url.Values {
		f := url.Values{}
		for i, n := range fields {
			f.Set(n, values[i%len(values)])
		}
		f.Set("\x00nama\xff", "x")
		return f
	}
	pdf := servertest.PDF(t, "fuzz")
	multipartBody := func(values []string, fileName string) ([]byte, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for i, n := range fields {
			_ = mw.WriteField(n, values[i%len(values)])
		}
		fw, _ := mw.CreateFormFile("berkas", fileName)
		_, _ = fw.Write(pdf)
		_ = mw.Close()
		return buf.Bytes(), mw.FormDataContentType()
	}
	for _, rt := range routes {
		method, pattern := rt[0], rt[1]
		for _, m := range paramPattern.FindAllStringSubmatch(pattern, -1) {
			for _, v := range append(slices.Clone(badValues), oddValues[:3]...) {
				send(method, pathFor(pattern, m[1], v), nil, "")
			}
		}
		path := pathFor(pattern, "", "")
		for _, values := range [][]string{badValues, oddValues} {
			q := url.Values{}
			for i, n := range fields {
				q.Set(n, values[i%len(values)])
			}
			if method == http.MethodGet {
				send(method, path+"?"+q.Encode(), nil, "")
				continue
			}
			send(method, path, []byte(form(values).Encode()), "application/x-www-form-urlencoded")
			body, ct := multipartBody(values, "surat\x00.pdf")
			send(method, path, body, ct)
			body, ct = multipartBody(values, "surat.pdf")
			send(method, path, body, ct)
		}
		if method == http.MethodPost {
			send(method, path, []byte("--rusak\r\nbukan multipart"), "multipart/form-data; boundary=rusak")
			send(method, path, []byte("%zz=%00&a=%"), "application/x-www-form-urlencoded")
		}
	}
}
