package main

import (
	"testing"
	"time"
)

func TestStatCPU(t *testing.T) {
	for _, tc := range []struct {
		name, stat string
		want       time.Duration
	}{
		// utime 250 and stime 50 ticks: 3 s. The command name holds a space and a parenthesis.
		{"name with spaces", "4242 (postgres: a) b) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 1 0 100 0 0", 3 * time.Second},
		{"plain", "7 (portal) R 1 7 7 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0", 30 * time.Millisecond},
		{"cut short", "7 (portal) R 1 7", 0},
		{"no name", "garbage", 0},
	} {
		if got := statCPU(tc.stat); got != tc.want {
			t.Errorf("%s: statCPU = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// The load generator's own CPU time grows while it works, and the split divides by the requests.
func TestSplitCPU(t *testing.T) {
	// /proc counts in ticks of 10 ms: busy until one passes, or fail after five seconds.
	before := sampleCPU(0)
	after := before
	for deadline := time.Now().Add(5 * time.Second); after.self <= before.self && time.Now().Before(deadline); after = sampleCPU(0) {
		for n := 0; n < 1_000_000; n++ {
			_ = n * n
		}
	}
	if after.self <= before.self {
		t.Fatalf("own CPU did not grow in 5 s: %v then %v", before.self, after.self)
	}
	s := splitCPU(cpuSample{self: 0, postgres: map[int]time.Duration{9: time.Second}},
		cpuSample{self: 4 * time.Millisecond, postgres: map[int]time.Duration{9: time.Second + 8*time.Millisecond, 10: 2 * time.Millisecond}}, 10)
	if s.client != 400*time.Microsecond || s.postgres != time.Millisecond || s.server != 0 {
		t.Errorf("split = %+v, want client 400µs, postgres 1ms (a new backend counted from zero)", s)
	}
}
