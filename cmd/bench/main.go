// Command bench measures the Beranda (Dasbor Nasional) under load: it starts the portal on a free loopback
// port (or uses one already running on this machine), drives the pages with a fixed number of concurrent
// connections for a bounded time, and prints requests per second and latency percentiles. Then it floods the
// sign-in with -masuk wrong attempts at once and reports the answers and the portal's peak memory (flood.go).
//
//	bench [-portal bin/portal] [-c 64] [-d 15s] [-paths /,/?wilayah=32] [-masuk 500]
//	bench -url http://127.0.0.1:8080 [-c 64] [-d 15s]
//
// It only ever talks to loopback addresses. `make bench` builds the portal, prepares the database as
// `make run` does (with the synthetic release) and runs it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Bounds: a benchmark never runs away.
const (
	maxConns    = 1024
	maxDuration = 5 * time.Minute
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type options struct {
	portal, target, logFile string
	conns, masuk            int
	duration, warmup        time.Duration
	paths                   []string
	// login names the file `portal seed --nasional` wrote: with it the run measures the national scenarios
	// (nasional.go) beside the reference handler.
	login  string
	cookie string
	// serveReference, when set, makes this process the reference handler listening there (reference.go).
	serveReference string
	referenceSize  int
	exportPath     string
	// only, when set, keeps the national scenarios whose name contains it (and the reference); "-" skips the
	// export. For measuring one page while working on it.
	only string
}

func parse(args []string) (options, error) {
	var o options
	var paths string
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.StringVar(&o.portal, "portal", "bin/portal", "portal binary to start (ignored with -url)")
	fs.StringVar(&o.target, "url", "", "benchmark a portal already running at this loopback URL instead of starting one")
	fs.StringVar(&o.logFile, "log", "var/bench-portal.log", "where the started portal writes its log")
	fs.IntVar(&o.conns, "c", 64, "concurrent connections")
	fs.IntVar(&o.masuk, "masuk", 500, "concurrent wrong sign-ins of the flood (0: none)")
	fs.DurationVar(&o.duration, "d", 15*time.Second, "how long to measure")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "load before measuring, not counted")
	fs.StringVar(&paths, "paths", "/,/?wilayah=32,/?wilayah=95&peta=keluarga_air_minum_layak", "comma-separated paths, requested in turn")
	fs.StringVar(&o.login, "login", "", "the sign-ins `portal seed --nasional` wrote (var/bench-login.json): measure the national scenarios")
	fs.StringVar(&o.cookie, "cookie", "", "a Cookie header sent with every request (a signed-in session), with -paths")
	fs.StringVar(&o.exportPath, "export", "/petugas/permohonan/ekspor.xlsx", "the staff export measured once in the national run")
	fs.StringVar(&o.only, "only", "", "national run: only the pages whose name contains this (the reference always runs, the export only without it)")
	fs.StringVar(&o.serveReference, "serve-reference", "", "internal: serve the reference handler on this loopback address")
	fs.IntVar(&o.referenceSize, "reference-size", 16<<10, "internal: the reference page's size in bytes")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.conns < 1 || o.conns > maxConns {
		return o, fmt.Errorf("-c must be between 1 and %d", maxConns)
	}
	if o.masuk < 0 || o.masuk > 2000 {
		return o, errors.New("-masuk must be between 0 and 2000")
	}
	if o.duration <= 0 || o.duration > maxDuration || o.warmup < 0 || o.warmup > maxDuration {
		return o, fmt.Errorf("-d and -warmup must be at most %s", maxDuration)
	}
	for p := range strings.SplitSeq(paths, ",") {
		if p = strings.TrimSpace(p); p != "" {
			if !strings.HasPrefix(p, "/") {
				return o, fmt.Errorf("path %q must start with /", p)
			}
			o.paths = append(o.paths, p)
		}
	}
	if len(o.paths) == 0 {
		return o, errors.New("no paths")
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	o, err := parse(args)
	if err != nil {
		return err
	}
	if o.serveReference != "" {
		return serveReference(ctx, o.serveReference, o.referenceSize)
	}
	base := strings.TrimSuffix(o.target, "/")
	pid := 0
	if base == "" {
		var stopPortal func()
		base, pid, stopPortal, err = startPortal(ctx, o)
		if err != nil {
			return err
		}
		defer stopPortal()
	} else if err := checkLoopback(base); err != nil {
		return err
	}
	client := newClient(o.conns)
	if err := waitReady(ctx, client, base); err != nil {
		return err
	}
	if o.login != "" {
		return runNasional(ctx, o, client, base, pid, stdout)
	}
	fmt.Fprintf(stdout, "Beranda: %d koneksi bersamaan, %s pemanasan, %s pengukuran, %s\n", o.conns, o.warmup, o.duration, strings.Join(o.paths, " "))
	if o.warmup > 0 {
		load(ctx, client, base, o.paths, o.cookie, o.conns, o.warmup)
	}
	r := load(ctx, client, base, o.paths, o.cookie, o.conns, o.duration)
	r.print(stdout)
	if r.failed > 0 {
		return fmt.Errorf("%d requests failed (first: %v)", r.failed, r.firstErr)
	}
	if o.masuk > 0 {
		fc := &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: o.masuk, DisableCompression: true},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		flood(ctx, fc, base, pid, o.masuk, false).print(stdout, fmt.Sprintf("Masuk: %d percobaan salah bersamaan dari %d klien berbeda (di balik proksi)", o.masuk, o.masuk))
		flood(ctx, fc, base, pid, o.masuk, true).print(stdout, fmt.Sprintf("Masuk: %d percobaan salah bersamaan dari satu klien", o.masuk))
	}
	return nil
}

// checkLoopback refuses any target that is not this machine.
func checkLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("-url %q is not an http(s) URL", raw)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("-url %q is not a loopback address: bench only loads this machine", raw)
}

func newClient(conns int) *http.Client {
	return &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
		MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true,
	}}
}

// freeAddr returns a loopback address nobody listens on now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startPortal runs `portal serve` on a free loopback port with the caller's environment (DATABASE_URL), in
// development unless APP_ENV says otherwise, trusting X-Forwarded-For from loopback (the flood's clients), and
// returns its URL and process id.
func startPortal(ctx context.Context, o options) (string, int, func(), error) {
	addr, err := freeAddr()
	if err != nil {
		return "", 0, nil, err
	}
	env := []string{"LISTEN_ADDR=" + addr, "BASE_URL=http://" + addr, "TRUSTED_PROXIES=127.0.0.1/32"}
	if os.Getenv("APP_ENV") == "" {
		env = append(env, "APP_ENV=development")
	}
	stop, pid, err := startProcess(ctx, o.logFile, o.portal, []string{"serve"}, env...)
	return "http://" + addr, pid, stop, err
}

// startProcess starts a program with the caller's environment plus env, its output in logFile, and returns
// how to stop it (an interrupt, then a kill after 15 s) and its process id.
func startProcess(ctx context.Context, logFile, program string, args []string, env ...string) (func(), int, error) {
	if err := os.MkdirAll(filepath.Dir(logFile), 0o755); err != nil {
		return nil, 0, err
	}
	logf, err := os.Create(logFile)
	if err != nil {
		return nil, 0, err
	}
	cmd := exec.Command(program, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, 0, fmt.Errorf("start %s: %w", program, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	stop := func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		logf.Close()
	}
	go func() {
		<-ctx.Done()
		_ = cmd.Process.Signal(os.Interrupt)
	}()
	return stop, cmd.Process.Pid, nil
}

func waitReady(ctx context.Context, client *http.Client, base string) error {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/readyz", nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("the portal at %s did not become ready (see its log)", base)
}
