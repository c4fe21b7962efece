package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/config"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

// loginFlood fires n sign-ins at once, each with the username and X-Forwarded-For that who(i) gives, and
// returns how many got each status and whether every 429 and 503 carried a Retry-After.
func loginFlood(t *testing.T, p *servertest.Portal, n int, who func(i int) (username, forwardedFor string)) (map[int]int, bool) {
	t.Helper()
	var (
		mu       sync.Mutex
		statuses = map[int]int{}
		retry    = true
		wg       sync.WaitGroup
		start    = make(chan struct{})
	)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{MaxConnsPerHost: 0, MaxIdleConnsPerHost: n}}
	for i := range n {
		wg.Go(func() {
			username, xff := who(i)
			form := url.Values{"username": {username}, "password": {"salah-sekali-kata-sandinya-" + strconv.Itoa(i)}}
			req, _ := http.NewRequest(http.MethodPost, p.URL+"/masuk", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", p.URL)
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			if xff != "" {
				req.Header.Set("X-Forwarded-For", xff)
			}
			<-start
			resp, err := client.Do(req)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				statuses[-1]++
				return
			}
			resp.Body.Close()
			statuses[resp.StatusCode]++
			if (resp.StatusCode == 429 || resp.StatusCode == 503) && resp.Header.Get("Retry-After") == "" {
				retry = false
			}
		})
	}
	close(start)
	wg.Wait()
	return statuses, retry
}

// 150 wrong sign-ins at once from one client (issue 14, "Done when"): the check and the count are one locked
// step, so no more are processed than one client typing in sequence gets before its first block — three free
// failures and the fourth that starts the block — and the rest get 429 with a Retry-After, never a 500.
func TestConcurrentWrongSignIns(t *testing.T) {
	t.Parallel()
	const allowed = 4 // store.FailureDelay: three free failures, the fourth is processed and blocks
	for _, tc := range []struct {
		name string
		who  func(int) (string, string)
	}{
		{"one account", func(int) (string, string) { return "petugas.sasaran", "" }},
		{"a different username each time", func(i int) (string, string) { return "tebakan." + strconv.Itoa(i), "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := servertest.New(t)
			p.CreateStaff(t, "petugas.sasaran", account.RoleAdmin)
			statuses, retry := loginFlood(t, p, 150, tc.who)
			processed := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'masuk.gagal'")
			if processed != allowed || statuses[http.StatusUnprocessableEntity] != processed {
				t.Errorf("%d attempts processed (%d answered 422), want %d; statuses %v", processed,
					statuses[http.StatusUnprocessableEntity], allowed, statuses)
			}
			if statuses[http.StatusTooManyRequests] != 150-processed || !retry {
				t.Errorf("statuses %v (Retry-After on each 429: %v), want the other %d as 429", statuses, retry, 150-processed)
			}
		})
	}
}

// A flood spread over many clients (a botnet behind the trusted proxy) passes the per-client limits, and the
// hash gate is then what holds: at most PASSWORD_HASH_CONCURRENCY hashes run at once, a short queue waits,
// the rest are told 503 with a Retry-After; nothing fails with a 500 and every 503 was handed back to its
// limits, so a client turned away is not blocked for it.
func TestHashGateUnderFlood(t *testing.T) {
	t.Parallel()
	p := servertest.New(t, func(c *config.Config) {
		c.HashConcurrency = 1
		c.TrustedProxies, _ = config.ParseProxies("127.0.0.0/8,::1")
	})
	statuses, retry := loginFlood(t, p, 120, func(i int) (string, string) {
		return "orang." + strconv.Itoa(i), "198.51.100." + strconv.Itoa(i+1)
	})
	if statuses[http.StatusInternalServerError] != 0 || statuses[-1] != 0 {
		t.Fatalf("statuses %v", statuses)
	}
	if statuses[http.StatusUnprocessableEntity]+statuses[http.StatusServiceUnavailable] != 120 || !retry {
		t.Errorf("statuses %v (Retry-After on each 503: %v): want 422 or 503 for each", statuses, retry)
	}
	if statuses[http.StatusServiceUnavailable] == 0 {
		t.Errorf("no attempt was turned away by a gate of one: %v", statuses)
	}
	// Every attempt the gate turned away was refunded: its client's counter is back to zero.
	if n := count(t, p, "SELECT count(*) FROM rate_limits WHERE count > 1"); n != 0 {
		t.Errorf("%d counters above one after one attempt per client", n)
	}
}
