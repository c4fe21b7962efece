package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/pquerna/otp/totp"
)

// The national run of `make bench`: on the data set of `portal seed --nasional`, the reference handler, the
// Beranda, a signed-in registrator's Akun Saya and Lihat, a staff queue page and a staff search, each under the
// same load, then one XLSX export of every permohonan with the growth of the portal's memory while it runs.

// benchLogin is what `portal seed --nasional` writes (cmd/portal/nasional.go).
type benchLogin struct {
	Registrator  string `json:"registrator"`
	Password     string `json:"password"`
	PermohonanID int64  `json:"permohonan_id"`
	Staff        string `json:"staff"`
	TOTPSecret   string `json:"totp_secret"`
	SearchTerm   string `json:"search_term"`
}

type scenario struct {
	name, base, cookie string
	paths              []string
	pid                int // the server's process, for its CPU time
}

func runNasional(ctx context.Context, o options, client *http.Client, base string, pid int, stdout io.Writer) error {
	b, err := os.ReadFile(o.login)
	if err != nil {
		return fmt.Errorf("%s: %w (run `portal seed --nasional` first)", o.login, err)
	}
	var login benchLogin
	if err := json.Unmarshal(b, &login); err != nil {
		return fmt.Errorf("%s: %w", o.login, err)
	}
	reg, err := signIn(ctx, base, login.Registrator, login.Password, "")
	if err != nil {
		return fmt.Errorf("registrator sign-in: %w", err)
	}
	staff, err := signIn(ctx, base, login.Staff, login.Password, login.TOTPSecret)
	if err != nil {
		return fmt.Errorf("staff sign-in: %w", err)
	}
	queue := "/petugas/antrean/teknis"
	// The search text goes in the session, as the search box sends it; the page's address names it.
	searchPath, err := postForm(ctx, base, "/petugas/cari", staff, url.Values{"q": {login.SearchTerm}})
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	size, err := pageSize(ctx, client, base+queue, staff)
	if err != nil {
		return err
	}
	refAddr, err := freeAddr()
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	stopRef, refPID, err := startProcess(ctx, "var/bench-reference.log", self,
		[]string{"-serve-reference", refAddr, "-reference-size", strconv.Itoa(size)})
	if err != nil {
		return err
	}
	defer stopRef()
	if err := waitReady(ctx, client, "http://"+refAddr); err != nil {
		return err
	}
	scenarios := []scenario{
		{name: "Referensi (1 kueri PK, halaman tetap)", base: "http://" + refAddr, paths: []string{"/"}, pid: refPID},
		{name: "Beranda", base: base, paths: []string{"/"}, pid: pid},
		// The least a signed-in page does: the session and its person, then a form.
		{name: "Ubah kata sandi (registrator)", base: base, cookie: reg, paths: []string{"/akun/kata-sandi"}, pid: pid},
		{name: "Akun Saya (registrator)", base: base, cookie: reg, paths: []string{"/akun"}, pid: pid},
		{name: "Lihat permohonan (registrator)", base: base, cookie: reg, paths: []string{"/permohonan/" + strconv.FormatInt(login.PermohonanID, 10)}, pid: pid},
		{name: "Antrean Verifikasi Teknis (petugas)", base: base, cookie: staff, paths: []string{queue}, pid: pid},
		{name: "Pencarian petugas (semua layanan)", base: base, cookie: staff, paths: []string{searchPath}, pid: pid},
	}
	if o.only != "" {
		kept := scenarios[:1]
		for _, sc := range scenarios[1:] {
			if strings.Contains(strings.ToLower(sc.name), strings.ToLower(o.only)) {
				kept = append(kept, sc)
			}
		}
		scenarios = kept
	}
	fmt.Fprintf(stdout, "Uji beban skala nasional: %d koneksi bersamaan; per halaman %s pemanasan, %s pengukuran; halaman referensi %d byte.\n",
		o.conns, o.warmup, o.duration, size)
	fmt.Fprintf(stdout, "%-40s %10s %10s %10s %10s %8s %8s   %s\n", "halaman", "perm/detik", "p50", "p95", "p99", "×ref", "p99×ref",
		"µs CPU per permintaan: server / PostgreSQL / pengukur")
	var ref result
	var failed []string
	for i, sc := range scenarios {
		if o.warmup > 0 {
			load(ctx, client, sc.base, sc.paths, sc.cookie, o.conns, o.warmup)
		}
		before := sampleCPU(sc.pid)
		r := load(ctx, client, sc.base, sc.paths, sc.cookie, o.conns, o.duration)
		cpu := splitCPU(before, sampleCPU(sc.pid), len(r.latencies))
		if i == 0 {
			ref = r
		}
		fmt.Fprintf(stdout, "%-40s %10.0f %10s %10s %10s %8.2f %8.2f   %s / %s / %s\n", sc.name, r.rps(), ms(r.p(.5)), ms(r.p(.95)), ms(r.p(.99)),
			r.rps()/ref.rps(), float64(r.p(.99))/float64(ref.p(.99)), micros(cpu.server), micros(cpu.postgres), micros(cpu.client))
		if r.failed > 0 {
			failed = append(failed, fmt.Sprintf("%s: %d gagal (pertama: %v)", sc.name, r.failed, r.firstErr))
		}
	}
	if o.only != "" {
		// A partial run measures pages only.
	} else if err := measureExport(ctx, base+o.exportPath, staff, pid, stdout); err != nil {
		failed = append(failed, "ekspor: "+err.Error())
	}
	if len(failed) > 0 {
		return fmt.Errorf("%s", strings.Join(failed, "; "))
	}
	return nil
}

// postForm sends a same-origin form with a session cookie and returns where it redirects.
func postForm(ctx context.Context, base, path, cookie string, form url.Values) (string, error) {
	c := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Cookie", cookie)
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return "", fmt.Errorf("%s: status %d", path, resp.StatusCode)
	}
	return resp.Header.Get("Location"), nil
}

// signIn signs in as a browser does (the sign-in form, then the TOTP form for staff) and returns the session
// cookie to send with every request.
func signIn(ctx context.Context, base, username, password, secret string) (string, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(path string, form url.Values) (string, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", base)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		resp, err := c.Do(req)
		if err != nil {
			return "", err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			return "", fmt.Errorf("%s: status %d", path, resp.StatusCode)
		}
		return resp.Header.Get("Location"), nil
	}
	loc, err := post("/masuk", url.Values{"username": {username}, "password": {password}})
	if err != nil {
		return "", err
	}
	if secret != "" {
		// A code is accepted once per 30-second step: a second run within the step waits for the next one.
		for try := 0; ; try++ {
			code, _ := totp.GenerateCode(secret, time.Now())
			if loc, err = post("/masuk/totp", url.Values{"kode": {code}}); err == nil || try == 1 {
				break
			}
			time.Sleep(time.Duration(30-time.Now().Unix()%30+1) * time.Second)
		}
		if err != nil {
			return "", err
		}
	}
	if loc != "/akun" && loc != "/petugas" {
		return "", fmt.Errorf("signed in to %q", loc)
	}
	u, _ := url.Parse(base)
	var parts []string
	for _, ck := range jar.Cookies(u) {
		parts = append(parts, ck.Name+"="+ck.Value)
	}
	return strings.Join(parts, "; "), nil
}

// pageSize is the uncompressed size of a page.
func pageSize(ctx context.Context, client *http.Client, u, cookie string) (int, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	req.Header.Set("Cookie", cookie)
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s: status %d", u, resp.StatusCode)
	}
	return len(b), err
}

// measureExport downloads one export and samples the portal's resident memory meanwhile (when the bench
// started the portal and knows its process).
func measureExport(ctx context.Context, u, cookie string, pid int, stdout io.Writer) error {
	before := rss(pid)
	peak := before
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				peak = max(peak, rss(pid))
			}
		}
	}()
	start := time.Now()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	req.Header.Set("Cookie", cookie)
	resp, err := (&http.Client{Timeout: 5 * time.Minute}).Do(req)
	var n int64
	if err == nil {
		n, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
	}
	elapsed := time.Since(start)
	close(done)
	<-sampled
	if err != nil {
		return err
	}
	growth := "tidak diukur (portal tidak dijalankan oleh bench)"
	if pid != 0 {
		growth = fmt.Sprintf("%.1f MB (dari %.1f MB ke puncak %.1f MB)", float64(peak-before)/(1<<20), float64(before)/(1<<20), float64(peak)/(1<<20))
	}
	fmt.Fprintf(stdout, "Ekspor %s: %.1f MB dalam %.2f s; pertumbuhan RSS portal %s\n", strings.SplitN(u, "/petugas", 2)[1],
		float64(n)/(1<<20), elapsed.Seconds(), growth)
	return nil
}

// rss is a process's resident set size in bytes (Linux /proc), 0 when unknown.
func rss(pid int) int64 {
	if pid == 0 {
		return 0
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
