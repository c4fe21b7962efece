package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

type result struct {
	elapsed   time.Duration
	latencies []time.Duration
	bytes     int64
	failed    int
	firstErr  error
}

// load keeps conns requests in flight until d has passed, each worker going through the paths in turn; cookie
// (a signed-in session) is sent with every request when set.
func load(ctx context.Context, client *http.Client, base string, paths []string, cookie string, conns int, d time.Duration) result {
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
				if cookie != "" {
					req.Header.Set("Cookie", cookie)
				}
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

// rps is the run's throughput in requests per second.
func (r result) rps() float64 { return float64(len(r.latencies)) / r.elapsed.Seconds() }

// p returns a percentile of the run's latencies (sorting them once).
func (r *result) p(q float64) time.Duration {
	if !slices.IsSorted(r.latencies) {
		slices.Sort(r.latencies)
	}
	return percentile(r.latencies, q)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func (r result) print(w io.Writer) {
	slices.Sort(r.latencies)
	n := len(r.latencies)
	rps := r.rps()
	per := int64(0)
	if n > 0 {
		per = r.bytes / int64(n)
	}
	fmt.Fprintf(w, "permintaan:   %d berhasil, %d gagal, dalam %.1f s\n", n, r.failed, r.elapsed.Seconds())
	fmt.Fprintf(w, "throughput:   %.0f permintaan/detik (%.0f KB per respons gzip)\n", rps, float64(per)/1024)
	fmt.Fprintf(w, "latensi:      p50 %s  p95 %s  p99 %s  maks %s\n", ms(percentile(r.latencies, .50)),
		ms(percentile(r.latencies, .95)), ms(percentile(r.latencies, .99)), ms(percentile(r.latencies, 1)))
}
