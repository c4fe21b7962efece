package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The sign-in flood (issue 14): n wrong sign-ins at once, each from a client of its own behind the loopback
// "proxy" (a distinct X-Forwarded-For, which the portal started here trusts from 127.0.0.1), so the per-client
// and per-account limits let them all through and only the argon2id gate bounds the work. It reports the
// answers and the portal's resident memory: idle, and the peak during the flood (VmHWM after clear_refs, and
// the highest VmRSS sampled), read from /proc. A second round sends n from one client: the limit answers.

// floodBudget is what the issue allows the flood to add to the idle process.
const floodBudget = 400 << 20

type floodResult struct {
	statuses  map[int]int
	errors    int
	elapsed   time.Duration
	idle      int64 // bytes
	peak      int64
	peakKnown bool
}

func flood(ctx context.Context, client *http.Client, base string, pid, n int, oneClient bool) floodResult {
	r := floodResult{statuses: map[int]int{}}
	if pid > 0 {
		r.idle, _ = procStatus(pid, "VmRSS")
		// Reset the peak so VmHWM measures this flood only.
		r.peakKnown = os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0) == nil
	}
	stopSampling := make(chan struct{})
	var sampled int64
	var sampler sync.WaitGroup
	if pid > 0 {
		sampler.Go(func() {
			t := time.NewTicker(20 * time.Millisecond)
			defer t.Stop()
			for {
				if v, err := procStatus(pid, "VmRSS"); err == nil && v > sampled {
					sampled = v
				}
				select {
				case <-stopSampling:
					return
				case <-t.C:
				}
			}
		})
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			form := url.Values{"username": {"banjir." + strconv.Itoa(i)}, "password": {"bukan-kata-sandi-" + strconv.Itoa(i)}}
			if oneClient {
				form.Set("username", "banjir.satu")
			}
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/masuk", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", base)
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			if !oneClient {
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255+1))
			}
			<-start
			resp, err := client.Do(req)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				r.errors++
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			r.statuses[resp.StatusCode]++
		})
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	r.elapsed = time.Since(t0)
	if pid > 0 {
		close(stopSampling)
		sampler.Wait()
		r.peak = sampled
		if hwm, err := procStatus(pid, "VmHWM"); err == nil && r.peakKnown && hwm > r.peak {
			r.peak = hwm
		}
	}
	return r
}

func (r floodResult) print(w io.Writer, title string) {
	fmt.Fprintf(w, "%s\n", title)
	fmt.Fprintf(w, "  jawaban:    %d×422 (diperiksa), %d×429 (dibatasi), %d×503 (antrean hash penuh), %d lainnya, %d galat, dalam %.1f s\n",
		r.statuses[422], r.statuses[429], r.statuses[503], others(r.statuses), r.errors, r.elapsed.Seconds())
	if r.idle == 0 {
		return
	}
	mb := func(b int64) string { return fmt.Sprintf("%.0f MB", float64(b)/(1<<20)) }
	verdict := "di bawah batas 400 MB"
	if r.peak-r.idle > floodBudget {
		verdict = "MELEBIHI batas 400 MB"
	}
	fmt.Fprintf(w, "  memori:     %s saat diam, puncak %s: +%s (%s)\n", mb(r.idle), mb(r.peak), mb(r.peak-r.idle), verdict)
}

func others(m map[int]int) int {
	n := 0
	for code, k := range m {
		if code != 422 && code != 429 && code != 503 {
			n += k
		}
	}
	return n
}

// procStatus reads a "VmRSS:   12345 kB" line of /proc/pid/status, in bytes.
func procStatus(pid int, field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("%s not in /proc/%d/status", field, pid)
}
