package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/store"
)

// freePort returns a loopback port nobody listens on now.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// /metrics is served on METRICS_ADDR only, apart from the public listener, in Prometheus' format: requests by
// route pattern and status, the email backlog, job failures by kind (an SMTP server that refuses
// connections makes the delivery fail), and the database pool.
func TestServeMetrics(t *testing.T) {
	t.Parallel()
	base := testEnv(t, "test")
	addr, maddr := "127.0.0.1:"+freePort(t), "127.0.0.1:"+freePort(t)
	getenv := func(k string) string {
		switch k {
		case "LISTEN_ADDR":
			return addr
		case "BASE_URL":
			return "http://" + addr
		case "METRICS_ADDR":
			return maddr
		case "SMTP_HOST":
			return "127.0.0.1"
		case "SMTP_PORT":
			return freePort(t) // nobody listens: every delivery fails
		}
		return base(k)
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var stdout, stderr lockedBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, getenv, &stdout, &stderr) }()
	waitUntil(t, "the server to start", func() bool { return strings.Contains(stdout.String(), "melayani di") })
	if !strings.Contains(stdout.String(), "http://"+maddr+"/metrics") {
		t.Errorf("stdout does not name the metrics address:\n%s", stdout.String())
	}
	for range 3 {
		get(t, "http://"+addr+"/masuk")
	}
	get(t, "http://"+addr+"/tidak-ada")
	// The second unmatched request: /metrics does not exist on the public listener.
	if code, _ := get(t, "http://"+addr+"/metrics"); code != http.StatusNotFound {
		t.Errorf("/metrics on the public listener: %d, want 404", code)
	}
	st, err := store.Open(context.Background(), base("DATABASE_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := pgx.BeginFunc(context.Background(), st.Pool, func(tx pgx.Tx) error {
		return st.EnqueueMail(context.Background(), tx, "budi@example.go.id", "Uji", "teks", "<p>teks</p>")
	}); err != nil {
		t.Fatal(err)
	}
	var body string
	waitUntil(t, "the failed delivery to be counted", func() bool {
		_, body = get(t, "http://"+maddr+"/metrics")
		return strings.Contains(body, `portal_job_failures_total{kind="kirim_surel"} 1`)
	})
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`portal_http_requests_total\{method="GET",route="/masuk",status="200"\} 3`),
		regexp.MustCompile(`portal_http_requests_total\{method="GET",route="unmatched",status="404"\} 2`),
		regexp.MustCompile(`portal_http_request_duration_seconds_count\{method="GET",route="/masuk"\} 3`),
		regexp.MustCompile(`portal_outbox_messages\{state="pending"\} 1`),
		regexp.MustCompile(`portal_outbox_retrying_messages 1`),
		regexp.MustCompile(`portal_jobs\{kind="kirim_surel",state="(running|retryable)"\} 1`),
		regexp.MustCompile(`portal_db_pool_connections\{state="max"\} 20`),
		regexp.MustCompile(`portal_metrics_database_up 1`),
		regexp.MustCompile(`go_goroutines \d+`),
	} {
		if !want.MatchString(body) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, "budi@example.go.id") {
		t.Error("metrics name a recipient")
	}
	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v\n%s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
}
