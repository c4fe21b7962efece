package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pquerna/otp/totp"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dasbor"
	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/smtptest"
)

// Several instances (issue 14 item 8): two portal processes — this test binary started again as `portal
// serve`, each with its own river client, listener and metrics — on one PostgreSQL, and nginx in front of both
// with TRUSTED_PROXIES set. A session made on one works on the other; a Dasbor release published on one is
// served by the other within seconds; sign-in limits count across both; every email goes out exactly once with
// both job runners active; behind nginx each client has its own limits and the audit log names the client.

// TestMain lets the test binary be the portal: the processes of TestTwoInstances are it, started again.
func TestMain(m *testing.M) {
	if os.Getenv("PORTAL_TEST_AS_MAIN") == "1" {
		os.Args = append([]string{"portal"}, strings.Fields(os.Getenv("PORTAL_TEST_ARGS"))...)
		main()
		return
	}
	os.Exit(m.Run())
}

// instance is one portal process.
type instance struct {
	name, addr, metrics string
	cmd                 *exec.Cmd
	out                 *lockedBuffer
}

func startInstance(t *testing.T, name string, env []string) *instance {
	t.Helper()
	in := &instance{name: name, addr: "127.0.0.1:" + freePort(t), metrics: "127.0.0.1:" + freePort(t), out: &lockedBuffer{}}
	in.cmd = exec.Command(os.Args[0], "-test.run=^$")
	in.cmd.Env = append(os.Environ(), append(env, "PORTAL_TEST_AS_MAIN=1", "PORTAL_TEST_ARGS=serve",
		"LISTEN_ADDR="+in.addr, "METRICS_ADDR="+in.metrics)...)
	in.cmd.Stdout, in.cmd.Stderr = in.out, in.out
	if err := in.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = in.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = in.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(40 * time.Second):
			_ = in.cmd.Process.Kill()
		}
		if t.Failed() {
			t.Logf("%s output:\n%s", in.name, tail(in.out.String(), 4000))
		}
	})
	return in
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func (in *instance) url(path string) string { return "http://" + in.addr + path }

// browser is a client with its own cookies, optionally connecting from a given loopback address.
func browser(t *testing.T, from string) *http.Client {
	jar, _ := cookiejar.New(nil)
	d := &net.Dialer{Timeout: 10 * time.Second}
	if from != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(from)}
	}
	return &http.Client{Jar: jar, Timeout: 60 * time.Second, Transport: &http.Transport{DialContext: d.DialContext},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// send does one request as a browser on our own page would, and returns status and body.
func send(t *testing.T, c *http.Client, method, target string, form url.Values, header ...string) (int, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(target)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", u.Scheme+"://"+u.Host)
	}
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// sharedCookies copies c's cookies for one instance onto another's URL: the same browser, the other instance.
func sharedCookies(c *http.Client, from, to string) {
	f, _ := url.Parse(from)
	tt, _ := url.Parse(to)
	c.Jar.SetCookies(tt, c.Jar.Cookies(f))
}

func TestTwoInstances(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbURL := dbtest.URL(t)
	key := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{5}, 32))
	smtp := smtptest.Start(t)
	proxyPort := freePort(t)
	env := []string{"APP_ENV=test", "DATABASE_URL=" + dbURL, "SESSION_SECRET=" + key, "ENCRYPTION_KEYS=ha1:" + key,
		"VAR_DIR=" + t.TempDir(), "BASE_URL=http://127.0.0.1:" + proxyPort, "SMTP_HOST=127.0.0.1",
		fmt.Sprintf("SMTP_PORT=%d", smtp.Port), "SMTP_STARTTLS=never", "TRUSTED_PROXIES=127.0.0.1/32", "SHUTDOWN_TIMEOUT=10s"}
	getenv := func(k string) string {
		for _, kv := range env {
			if v, ok := strings.CutPrefix(kv, k+"="); ok {
				return v
			}
		}
		return ""
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"seed", "--synthetic"}, getenv, &out, &out); err != nil {
		t.Fatalf("seed: %v\n%s", err, out.String())
	}
	st, err := openStore(ctx, mustConfig(t, getenv))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	secret, err := createStaff(ctx, st, "admin.ha", "Admin HA", "", "Admin-HA-Kuat-2026", []string{"admin"}, false)
	if err != nil {
		t.Fatal(err)
	}

	a, b := startInstance(t, "A", env), startInstance(t, "B", env)
	for _, in := range []*instance{a, b} {
		waitUntil(t, in.name+" to be ready", func() bool {
			resp, err := http.Get(in.url("/readyz"))
			if err != nil {
				return false
			}
			resp.Body.Close()
			return resp.StatusCode == http.StatusOK
		})
	}

	t.Run("a session made on one works on the other", func(t *testing.T) {
		c := browser(t, "")
		if code, _ := send(t, c, "POST", a.url("/masuk"), url.Values{"username": {"admin.ha"}, "password": {"Admin-HA-Kuat-2026"}}); code != http.StatusSeeOther {
			t.Fatalf("password on A: %d", code)
		}
		code, _ := totp.GenerateCode(secret, time.Now())
		sharedCookies(c, a.url("/"), b.url("/"))
		if code, _ := send(t, c, "POST", b.url("/masuk/totp"), url.Values{"kode": {code}}); code != http.StatusSeeOther {
			t.Fatalf("TOTP on B: %d", code)
		}
		sharedCookies(c, b.url("/"), a.url("/"))
		for _, in := range []*instance{a, b} {
			if code, body := send(t, c, "GET", in.url("/petugas"), nil); code != http.StatusOK || !strings.Contains(body, "Admin HA") {
				t.Errorf("/petugas on %s: %d", in.name, code)
			}
		}

		t.Run("a release published on A is served by B", func(t *testing.T) {
			stamp, err := st.PublishedDasborStamp(ctx)
			if err != nil {
				t.Fatal(err)
			}
			values, err := st.DasborValues(ctx, stamp.ID)
			if err != nil {
				t.Fatal(err)
			}
			rl, err := st.CreateDasborRilis(ctx, dasbor.NewRilis{Judul: "Rilis uji dua instans", Sumber: "Sumber rilis HA 7731", Sintetis: true,
				Values: values}, account.Sistem)
			if err != nil {
				t.Fatal(err)
			}
			if _, body := send(t, browser(t, ""), "GET", b.url("/"), nil); strings.Contains(body, "Sumber rilis HA 7731") {
				t.Fatal("B serves the release before it is published")
			}
			if code, _ := send(t, c, "POST", a.url(fmt.Sprintf("/petugas/dasbor/rilis/%d/terbitkan", rl.ID)), url.Values{}); code != http.StatusSeeOther {
				t.Fatalf("publish on A: %d", code)
			}
			published := time.Now()
			waitUntil(t, "B to serve the new release", func() bool {
				_, body := send(t, browser(t, ""), "GET", b.url("/"), nil)
				return strings.Contains(body, "Sumber rilis HA 7731")
			})
			t.Logf("B served the release %v after A published it", time.Since(published).Round(time.Millisecond))
		})
	})

	t.Run("sign-in limits count across both", func(t *testing.T) {
		c := browser(t, "")
		try := func(in *instance) int {
			code, _ := send(t, c, "POST", in.url("/masuk"), url.Values{"username": {"target.ha"}, "password": {"salah-sekali-kata-sandinya"}})
			return code
		}
		for i, in := range []*instance{a, b, a, b} {
			if code := try(in); code != http.StatusUnprocessableEntity {
				t.Fatalf("failure %d on %s: %d", i+1, in.name, code)
			}
		}
		// Two failures on each instance are four on one counter each for the client and the account: the
		// fourth set a block.
		var shared int
		if err := st.Pool.QueryRow(ctx, "SELECT count(*) FROM rate_limits WHERE count = 4 AND blocked_until IS NOT NULL").Scan(&shared); err != nil {
			t.Fatal(err)
		}
		if shared != 2 {
			t.Errorf("%d counters at four failures with a block, want 2 (the client's and the account's)", shared)
		}
		// The block (2 s after the fourth, doubling with each further failure) turns tries away on either
		// instance; on a machine slow enough for a block to pass first, that try is counted and the next block
		// is longer, so the ladder, not the clock, decides. Each instance must answer 429 at least once.
		turned := map[string]bool{}
		for i := 0; i < 10 && len(turned) < 2; i++ {
			in := []*instance{a, b}[i%2]
			switch code := try(in); code {
			case http.StatusTooManyRequests:
				turned[in.name] = true
			case http.StatusUnprocessableEntity:
			default:
				t.Fatalf("try %d after the block on %s: %d", i+5, in.name, code)
			}
		}
		if len(turned) != 2 {
			t.Errorf("instances that turned a blocked client away: %v, want both", turned)
		}
	})

	t.Run("every email exactly once with both job runners", func(t *testing.T) {
		const n = 40
		before := len(smtp.Received())
		for i := range n {
			if err := pgx.BeginFunc(ctx, st.Pool, func(tx pgx.Tx) error {
				return st.EnqueueMail(ctx, tx, fmt.Sprintf("penerima%02d@example.go.id", i), fmt.Sprintf("Uji HA %02d", i), "isi", "<p>isi</p>")
			}); err != nil {
				t.Fatal(err)
			}
		}
		waitUntil(t, "every email to go out", func() bool {
			var pending int
			_ = st.Pool.QueryRow(ctx, "SELECT count(*) FROM outbox WHERE subject LIKE 'Uji HA %' AND state <> 'sent'").Scan(&pending)
			return pending == 0 && len(smtp.Received())-before >= n
		})
		time.Sleep(2 * time.Second) // a duplicate would arrive now; waiting for it, not asserting on time
		seen := map[string]int{}
		for _, r := range smtp.Received()[before:] {
			seen[strings.Join(r.To, ",")]++
		}
		if len(seen) != n {
			t.Errorf("%d distinct recipients received, want %d", len(seen), n)
		}
		for to, k := range seen {
			if k != 1 {
				t.Errorf("%s received %d copies", to, k)
			}
		}
		// Each email had one delivery job, and that job ran once: one attempt, completed, on whichever client took it.
		var jobs, once, attempts int
		if err := st.Pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE j.state = 'completed' AND j.attempt = 1),
				(SELECT coalesce(sum(attempts), 0) FROM outbox WHERE subject LIKE 'Uji HA %')
			FROM river_job j JOIN outbox o ON o.id = (j.args->>'outbox_id')::bigint
			WHERE j.kind = 'kirim_surel' AND o.subject LIKE 'Uji HA %'`).Scan(&jobs, &once, &attempts); err != nil {
			t.Fatal(err)
		}
		if jobs != n || once != n || attempts != n {
			t.Errorf("%d delivery jobs, %d completed at their first attempt, %d delivery attempts; want %d each", jobs, once, attempts, n)
		}
		var clients int
		if err := st.Pool.QueryRow(ctx, "SELECT count(DISTINCT attempted_by[1]) FROM river_job WHERE kind = 'kirim_surel'").Scan(&clients); err != nil {
			t.Fatal(err)
		}
		t.Logf("emails delivered by %d river clients", clients)
		// The leader enqueues the periodic job once it is elected, which on a loaded machine can come after the
		// emails: wait for it (bounded), then count.
		var leaders int
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
			if err := st.Pool.QueryRow(ctx, "SELECT count(*) FROM river_job WHERE kind = 'retensi'").Scan(&leaders); err != nil {
				t.Fatal(err)
			}
			if leaders > 0 || time.Now().After(deadline) {
				break
			}
		}
		time.Sleep(time.Second) // a second leader's job would arrive now; waiting for it, not asserting on time
		if err := st.Pool.QueryRow(ctx, "SELECT count(*) FROM river_job WHERE kind = 'retensi'").Scan(&leaders); err != nil {
			t.Fatal(err)
		}
		if leaders != 1 {
			t.Errorf("the hourly retention job was enqueued %d times by two instances, want once (one leader)", leaders)
		}
		for _, in := range []*instance{a, b} {
			if _, body := send(t, browser(t, ""), "GET", "http://"+in.metrics+"/metrics", nil); !strings.Contains(body, "portal_http_requests_total") {
				t.Errorf("%s serves no request series on its metrics address", in.name)
			}
		}
	})

	t.Run("behind nginx each client is itself", func(t *testing.T) {
		proxy := startNginx(t, proxyPort, a.addr, b.addr)
		x, y := browser(t, "127.0.0.2"), browser(t, "127.0.0.3")
		for i := range 4 {
			// Client x claims to be someone else each time: the proxy appends x's real address, which the
			// portal takes.
			code, _ := send(t, x, "POST", proxy+"/masuk", url.Values{"username": {fmt.Sprintf("orang%d.ha", i)}, "password": {"salah-sekali"}},
				"X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i+1))
			if code != http.StatusUnprocessableEntity {
				t.Fatalf("x's failure %d through nginx: %d", i+1, code)
			}
		}
		// A new spoofed address does not make x a new client: its block turns it away (a block that passed
		// on a slow machine counts the try and doubles, as in the test above).
		blocked := false
		for i := 0; i < 6 && !blocked; i++ {
			code, _ := send(t, x, "POST", proxy+"/masuk", url.Values{"username": {fmt.Sprintf("lain%d.ha", i)}, "password": {"salah"}},
				"X-Forwarded-For", fmt.Sprintf("198.51.100.%d", 70+i))
			blocked = code == http.StatusTooManyRequests
			if !blocked && code != http.StatusUnprocessableEntity {
				t.Fatalf("x's try %d with a new spoofed address: %d", i+5, code)
			}
		}
		if !blocked {
			t.Error("x was never turned away with 429 behind new spoofed addresses")
		}
		if code, _ := send(t, y, "POST", proxy+"/masuk", url.Values{"username": {"lain.ha"}, "password": {"salah"}}); code != http.StatusUnprocessableEntity {
			t.Errorf("y, another client behind the same proxy: %d, want 422 (its own limit)", code)
		}
		rows, err := st.Pool.Query(ctx, "SELECT DISTINCT host(ip) FROM audit_log WHERE action = 'masuk.gagal' AND ip <<= '127.0.0.0/8'::inet ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		ips, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		if !slicesContain(ips, "127.0.0.2") || !slicesContain(ips, "127.0.0.3") {
			t.Errorf("audit log IPs %v, want the clients 127.0.0.2 and 127.0.0.3", ips)
		}
		var spoofed int
		if err := st.Pool.QueryRow(ctx, "SELECT count(*) FROM audit_log WHERE ip <<= '203.0.113.0/24'::inet OR ip = '198.51.100.77'").Scan(&spoofed); err != nil {
			t.Fatal(err)
		}
		if spoofed != 0 {
			t.Errorf("%d audit rows name a spoofed address", spoofed)
		}
		// Both replicas answered through the proxy.
		var hits int
		for _, in := range []*instance{a, b} {
			_, body := send(t, browser(t, ""), "GET", "http://"+in.metrics+"/metrics", nil)
			if regexp.MustCompile(`portal_http_requests_total\{method="POST",route="/masuk",status="4\d\d"\}`).MatchString(body) {
				hits++
			}
		}
		if hits != 2 {
			t.Errorf("sign-ins reached %d replicas through nginx, want both", hits)
		}
	})
}

func slicesContain(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// startNginx runs Debian's nginx on port in front of the two instances, with the proxy settings compose.yaml
// uses (deploy/nginx/proxy.conf), and returns its URL.
func startNginx(t *testing.T, port, a, b string) string {
	t.Helper()
	bin, err := exec.LookPath("nginx")
	if err != nil {
		if _, err := os.Stat("/usr/sbin/nginx"); err != nil {
			t.Fatal("nginx not found: scripts/ensure-test-tools.sh installs Debian's nginx-light")
		}
		bin = "/usr/sbin/nginx"
	}
	proxyConf, err := filepath.Abs("../../deploy/nginx/proxy.conf")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	conf := fmt.Sprintf(`worker_processes 1;
daemon off;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path %[1]s/body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
    upstream portal {
        server %[2]s max_fails=2 fail_timeout=10s;
        server %[3]s max_fails=2 fail_timeout=10s;
        keepalive 16;
    }
    server {
        listen 127.0.0.1:%[4]s;
        location / {
            include %[5]s;
            proxy_pass http://portal;
        }
    }
}
`, dir, a, b, port, proxyConf)
	path := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-t", "-p", dir, "-c", path).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
	var logs lockedBuffer
	cmd := exec.Command(bin, "-p", dir, "-c", path)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	t.Cleanup(func() {
		once.Do(func() {
			_ = cmd.Process.Signal(syscall.SIGQUIT)
			_ = cmd.Wait()
		})
	})
	base := "http://127.0.0.1:" + port
	waitUntil(t, "nginx to answer", func() bool {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	return base
}
