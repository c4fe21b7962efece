package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
	"github.com/bappenas/portal-regsosek/web"
)

func TestPublicPages(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	tests := []struct {
		name   string
		path   string
		status int
		want   []string
	}{
		{"beranda", "/", 200, []string{`<html lang="id">`, `aria-label="Navigasi utama"`, ">Beranda<",
			">Persyaratan dan Ketentuan<", ">Pengaduan<", ">Masuk<", ">Daftar<", "Permintaan Akses Regsosek",
			`class="skip-link"`}},
		{"persyaratan", "/persyaratan", 200, []string{"<h1>Persyaratan dan Ketentuan</h1>"}},
		{"not found", "/tidak-ada", 404, []string{"Halaman tidak ditemukan", `data-testid="request-id"`, `lang="id"`}},
		{"wilayah picker", "/referensi/wilayah", 200, []string{`<select id="provinsi"`, "Jawa Barat"}},
		{"healthz", "/healthz", 200, []string{"ok"}},
		{"readyz", "/readyz", 200, []string{"ready"}},
		{"stylesheet", web.Path("css/app.css"), 200, nil},
		{"unknown static", "/static/abc/css/none.css", 404, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Get(tt.path)
			if r.Status != tt.status {
				t.Fatalf("GET %s = %d, want %d", tt.path, r.Status, tt.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("GET %s: body lacks %q", tt.path, w)
				}
			}
		})
	}
}

// Every response, pages, errors, probes and assets alike, carries the security headers.
func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	paths := []string{"/", "/persyaratan", "/referensi/wilayah?provinsi=32", "/tidak-ada", "/healthz", "/readyz",
		web.Path("css/app.css")}
	want := map[string]string{
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
		"Referrer-Policy":        "same-origin",
	}
	for _, path := range paths {
		r := c.Get(path)
		for h, v := range want {
			if got := r.Header.Get(h); got != v {
				t.Errorf("%s: %s = %q, want %q", path, h, got, v)
			}
		}
		csp := r.Header.Get("Content-Security-Policy")
		for _, part := range []string{"frame-ancestors 'none'", "script-src 'self'", "default-src 'self'"} {
			if !strings.Contains(csp, part) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, part)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows unsafe script: %q", path, csp)
		}
		if r.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS sent over plain http", path)
		}
		if r.Header.Get("X-Request-Id") == "" {
			t.Errorf("%s: no X-Request-Id", path)
		}
	}
}

func TestHSTSUnderHTTPS(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	// The handler decides from BASE_URL, which a TLS-terminating proxy in front makes https.
	cfg := p.Config
	u := *cfg.BaseURL
	u.Scheme = "https"
	cfg.BaseURL = &u
	h := newHandler(t, p, cfg)
	req, _ := http.NewRequest(http.MethodGet, "/", nil)
	rec := serve(h, req)
	if got := rec.Header().Get("Strict-Transport-Security"); !strings.Contains(got, "max-age=") {
		t.Errorf("HSTS = %q under https", got)
	}
}

// A browser marks a form posted from another site; the portal refuses it and accepts the same form from
// its own pages.
func TestCrossSitePostRefused(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)

	cross, _ := http.NewRequest(http.MethodPost, p.URL+"/keluar", strings.NewReader(""))
	cross.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	cross.Header.Set("Sec-Fetch-Site", "cross-site")
	cross.Header.Set("Origin", "https://penyerang.example")
	if r := c.Do(cross); r.Status != http.StatusForbidden || !strings.Contains(r.Body, "Akses ditolak") {
		t.Errorf("cross-site POST = %d, want 403 with the Indonesian page", r.Status)
	}

	// An old browser without Sec-Fetch-Site but with a foreign Origin is refused too.
	old, _ := http.NewRequest(http.MethodPost, p.URL+"/keluar", strings.NewReader(""))
	old.Header.Set("Origin", "https://penyerang.example")
	if r := c.Do(old); r.Status != http.StatusForbidden {
		t.Errorf("foreign-origin POST = %d, want 403", r.Status)
	}

	r := c.PostForm("/keluar", nil)
	if r.Status != http.StatusSeeOther || r.Location != "/" {
		t.Fatalf("same-origin POST = %d to %q, want 303 to /", r.Status, r.Location)
	}
	if home := c.Get("/"); !strings.Contains(home.Body, "Anda telah keluar.") {
		t.Error("flash after logout not shown")
	}
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	big := strings.Repeat("a", 2<<20)
	r := c.PostForm("/keluar", webtest.Values("x", big))
	if r.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MB form = %d, want 413", r.Status)
	}
}

// The readiness probe follows the database: 503 while it refuses connections, 200 once it is back.
func TestReadyzFollowsDatabase(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	if r := c.Get("/readyz"); r.Status != 200 {
		t.Fatalf("readyz = %d before outage", r.Status)
	}
	ctx := context.Background()
	var dbname string
	if err := p.Store.Pool.QueryRow(ctx, "SELECT current_database()").Scan(&dbname); err != nil {
		t.Fatal(err)
	}
	admin := adminConn(t)
	setConnections := func(allow bool) {
		t.Helper()
		if _, err := admin.Exec(ctx, fmt.Sprintf("ALTER DATABASE %s ALLOW_CONNECTIONS %t", dbname, allow)); err != nil {
			t.Fatal(err)
		}
		if !allow {
			if _, err := admin.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", dbname); err != nil {
				t.Fatal(err)
			}
		}
	}
	setConnections(false)
	t.Cleanup(func() { setConnections(true) })
	// A terminated connection can fail only on its next use; the probe must say 503 on every try now.
	for i := range 3 {
		if r := c.Get("/readyz"); r.Status != http.StatusServiceUnavailable {
			t.Fatalf("readyz try %d during outage = %d, want 503", i, r.Status)
		}
	}
	setConnections(true)
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := c.Get("/readyz")
		if r.Status == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz = %d after the database came back", r.Status)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Choosing each level and sending the form again reveals the next list, without JavaScript.
func TestWilayahPickerWithoutJavaScript(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	r := c.Get("/referensi/wilayah?provinsi=32")
	if !strings.Contains(r.Body, `<select id="kabupaten_kota"`) || !strings.Contains(r.Body, "Kota Bandung") {
		t.Fatal("kab/kota list not shown after choosing Jawa Barat")
	}
	if strings.Contains(r.Body, `<select id="kecamatan"`) {
		t.Error("kecamatan list shown before a kab/kota is chosen")
	}
	r = c.Get("/referensi/wilayah?provinsi=32&kabupaten_kota=32.73&kecamatan=32.73.01")
	if !strings.Contains(r.Body, `<select id="desa_kelurahan"`) {
		t.Fatal("desa list not shown after choosing a kecamatan")
	}
	r = c.Get("/referensi/wilayah?provinsi=32&kabupaten_kota=32.73&kecamatan=32.73.01&desa_kelurahan=32.73.01.1001")
	if !strings.Contains(r.Body, `data-testid="wilayah-terpilih"`) || !strings.Contains(r.Body, "Kota Bandung") {
		t.Error("chosen region not summarised")
	}
	// A kab/kota of another province is ignored, not trusted.
	r = c.Get("/referensi/wilayah?provinsi=11&kabupaten_kota=32.73")
	if strings.Contains(r.Body, "Kota Bandung</option>") && strings.Contains(r.Body, `value="32.73" selected`) {
		t.Error("a kab/kota outside the chosen province was kept")
	}
}
