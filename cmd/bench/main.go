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
	"slices"
	"strings"
	"sync"
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
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: o.conns, MaxIdleConnsPerHost: o.conns, MaxConnsPerHost: o.conns, DisableCompression: true,
	}}
	if err := waitReady(ctx, client, base); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Beranda: %d koneksi bersamaan, %s pemanasan, %s pengukuran, %s\n", o.conns, o.warmup, o.duration, strings.Join(o.paths, " "))
	if o.warmup > 0 {
		load(ctx, client, base, o.paths, o.conns, o.warmup)
	}
	r := load(ctx, client, base, o.paths, o.conns, o.duration)
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

// startPortal runs `portal serve` on a free loopback port with the caller's environment (DATABASE_URL), in
// development unless APP_ENV says otherwise, trusting X-Forwarded-For from loopback (the flood's clients), and
// returns its URL and process id.
func startPortal(ctx context.Context, o options) (string, int, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", 0, nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	if err := os.MkdirAll(filepath.Dir(o.logFile), 0o755); err != nil {
		return "", 0, nil, err
	}
	logf, err := os.Create(o.logFile)
	if err != nil {
		return "", 0, nil, err
	}
	cmd := exec.Command(o.portal, "serve")
	cmd.Env = append(os.Environ(), "LISTEN_ADDR="+addr, "BASE_URL=http://"+addr, "TRUSTED_PROXIES=127.0.0.1/32")
	if os.Getenv("APP_ENV") == "" {
		cmd.Env = append(cmd.Env, "APP_ENV=development")
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return "", 0, nil, fmt.Errorf("start %s: %w", o.portal, err)
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
	return "http://" + addr, cmd.Process.Pid, stop, nil
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

type result struct {
	elapsed   time.Duration
	latencies []time.Duration
	bytes     int64
	failed    int
	firstErr  error
}

// load keeps conns requests in flight until d has passed, each worker going through the paths in turn.
func load(ctx context.Context, client *http.Client, base string, paths []string, conns int, d time.Duration) result {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	var r result
	var wg sync.WaitGroup
	start := time.Now()
	for w := range conns {
		wg.Go(func() {
			var lat []time.Duration
			var n int64
			failed := 0
			var firstErr error
			for i := w; ctx.Err() == nil; i++ {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+paths[i%len(paths)], nil)
				req.Header.Set("Accept-Encoding", "gzip")
				t0 := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					var c int64
					c, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					n += c
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("%s: status %d", req.URL.Path, resp.StatusCode)
					}
				}
				if ctx.Err() != nil {
					break // cut short by the end of the run: not counted
				}
				if err != nil {
					failed++
					if firstErr == nil {
						firstErr = err
					}
					continue
				}
				lat = append(lat, time.Since(t0))
			}
			mu.Lock()
			r.latencies = append(r.latencies, lat...)
			r.bytes += n
			r.failed += failed
			if r.firstErr == nil {
				r.firstErr = firstErr
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	return r
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func (r result) print(w io.Writer) {
	slices.Sort(r.latencies)
	n := len(r.latencies)
	rps := float64(n) / r.elapsed.Seconds()
	per := int64(0)
	if n > 0 {
		per = r.bytes / int64(n)
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
	fmt.Fprintf(w, "permintaan:   %d berhasil, %d gagal, dalam %.1f s\n", n, r.failed, r.elapsed.Seconds())
	fmt.Fprintf(w, "throughput:   %.0f permintaan/detik (%.0f KB per respons gzip)\n", rps, float64(per)/1024)
	fmt.Fprintf(w, "latensi:      p50 %s  p95 %s  p99 %s  maks %s\n", ms(percentile(r.latencies, .50)),
		ms(percentile(r.latencies, .95)), ms(percentile(r.latencies, .99)), ms(percentile(r.latencies, 1)))
}
