package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
)

// Every argon2id hash takes 64 MiB for about 65 ms. Without a bound a flood of sign-ins (or registrations,
// or password changes) runs them all at once, and memory grows with the flood until the machine falls over.
// hashGate lets PASSWORD_HASH_CONCURRENCY of them run at a time (one per CPU by default: more would not go
// faster), queues a few more briefly, and turns the rest away at once with errBusy, which pages answer with
// 503 and a Retry-After. So memory stays flat whatever arrives.

// errBusy is the answer when the gate is full.
var errBusy = errors.New("server: password hashing is at capacity")

// Bounds of the queue in front of the gate: how many wait per slot, and for how long.
const (
	hashQueuePerSlot = 8
	hashMaxWait      = 3 * time.Second
	busyRetryAfter   = 5 // seconds
)

type hashGate struct {
	slots   chan struct{}
	queued  atomic.Int64
	maxWait time.Duration
}

func newHashGate(n int) *hashGate {
	return &hashGate{slots: make(chan struct{}, max(n, 1)), maxWait: hashMaxWait}
}

// do runs fn holding a slot, or returns errBusy when none comes free in time (or the queue is full), or the
// request's own context error.
func (g *hashGate) do(ctx context.Context, fn func()) error {
	select {
	case g.slots <- struct{}{}:
	default:
		if g.queued.Add(1) > int64(hashQueuePerSlot*cap(g.slots)) {
			g.queued.Add(-1)
			return errBusy
		}
		t := time.NewTimer(g.maxWait)
		select {
		case g.slots <- struct{}{}:
			t.Stop()
			g.queued.Add(-1)
		case <-t.C:
			g.queued.Add(-1)
			return errBusy
		case <-ctx.Done():
			t.Stop()
			g.queued.Add(-1)
			return ctx.Err()
		}
	}
	defer func() { <-g.slots }()
	fn()
	return nil
}

// hashPassword is account.HashPassword through the gate.
func (s *Server) hashPassword(ctx context.Context, password string) (string, error) {
	var hash string
	var err error
	if gerr := s.hashes.do(ctx, func() { hash, err = account.HashPassword(password) }); gerr != nil {
		return "", gerr
	}
	return hash, err
}

// verifyPassword is account.VerifyPassword through the gate.
func (s *Server) verifyPassword(ctx context.Context, encoded, password string) (bool, error) {
	var ok bool
	var err error
	if gerr := s.hashes.do(ctx, func() { ok, err = account.VerifyPassword(encoded, password) }); gerr != nil {
		return false, gerr
	}
	return ok, err
}

// retryAfter sets the Retry-After header of a 429 or 503, in whole seconds (at least one).
func retryAfter(w http.ResponseWriter, d time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int((d+time.Second-1)/time.Second))))
}

// renderBusy answers a request the gate turned away.
func (s *Server) renderBusy(w http.ResponseWriter, r *http.Request) {
	retryAfter(w, busyRetryAfter*time.Second)
	s.renderStatus(w, r, http.StatusServiceUnavailable)
}
