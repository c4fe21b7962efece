package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestOnlyLoopback(t *testing.T) {
	t.Parallel()
	for url, ok := range map[string]bool{"http://127.0.0.1:8080": true, "http://localhost:8080/": true, "http://[::1]:9000": true,
		"http://127.8.9.10": true, "http://10.0.0.5:8080": false, "https://regsosek.bappenas.go.id": false, "ftp://127.0.0.1": false} {
		if err := checkLoopback(url); (err == nil) != ok {
			t.Errorf("checkLoopback(%s) = %v", url, err)
		}
	}
}

func TestBounds(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"-c", "0"}, {"-c", "5000"}, {"-d", "1h"}, {"-paths", "beranda"}, {"-paths", " , "}} {
		if _, err := parse(args); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	o, err := parse(nil)
	if err != nil || o.conns != 64 || o.duration != 15*time.Second || len(o.paths) != 3 {
		t.Errorf("defaults: %+v, %v", o, err)
	}
}

func TestRunReportsThroughputAndPercentiles(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" {
			hits.Add(1)
		}
		w.Write([]byte("beranda"))
	}))
	defer srv.Close()
	var out bytes.Buffer
	err := run(context.Background(), []string{"-url", srv.URL, "-c", "8", "-d", "300ms", "-warmup", "0"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`throughput:\s+\d+ permintaan/detik`).MatchString(out.String()) ||
		!strings.Contains(out.String(), "p99") || hits.Load() == 0 {
		t.Errorf("output:\n%s", out.String())
	}
	// A failing page is reported as a failure.
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" {
			w.WriteHeader(500)
		}
	}))
	defer bad.Close()
	if err := run(context.Background(), []string{"-url", bad.URL, "-c", "2", "-d", "100ms", "-warmup", "0"}, &out); err == nil {
		t.Error("500s reported as success")
	}
}
