package server

import (
	"context"
	"time"
)

// Idle sign-out. A signed-in session ends after IdleTimeout without a request. scs can do this itself, but
// then it writes the session back on every request to move its expiry; here the session remembers when it
// was last seen and writes that at most once per touchEvery, so a signed-in page costs a session write a
// minute instead of one a request (issue 15: the staff's pages at national volume). The session row keeps
// scs' absolute lifetime (12 hours); an idle one is refused here, by its last-seen time, before that.

const (
	// IdleTimeout is how long a signed-in session lasts without a request.
	IdleTimeout = 30 * time.Minute
	// touchEvery is how stale the last-seen time may be before a request writes it again: the idle timeout
	// is honoured to within this.
	touchEvery = time.Minute
	sessSeen   = "seen" // unix seconds of the last request that wrote it
)

type idleKey struct{}

// signedIn reports whether the session holds someone (signed in, or halfway through a staff sign-in).
func (s *Server) signedIn(ctx context.Context) bool {
	return s.sessions.GetString(ctx, sessKind) != "" || s.sessions.GetInt64(ctx, sessPendingTOTP) != 0
}

// touch ends a session idle for longer than IdleTimeout (returning true) and otherwise keeps its last-seen
// time fresh. An ended session is emptied and given a new token, as a sign-out is; what the person was about
// to do is kept for after they sign in again (the return path, kit in auth_return.go).
func (s *Server) touch(ctx context.Context) (context.Context, bool) {
	if !s.signedIn(ctx) {
		return ctx, false
	}
	now := s.now()
	seen := s.sessions.GetInt64(ctx, sessSeen)
	if seen != 0 && now.Sub(time.Unix(seen, 0)) > IdleTimeout {
		if err := s.sessions.Clear(ctx); err == nil {
			_ = s.sessions.RenewToken(ctx)
		}
		s.sessions.Put(ctx, sessFlash, "Sesi Anda berakhir karena tidak ada aktivitas selama 30 menit. Silakan masuk kembali.")
		return context.WithValue(ctx, idleKey{}, true), true
	}
	if seen == 0 || now.Sub(time.Unix(seen, 0)) >= touchEvery {
		s.sessions.Put(ctx, sessSeen, now.Unix())
	}
	return ctx, false
}

// idleEnded reports whether this request found its session ended by the idle timeout.
func idleEnded(ctx context.Context) bool {
	ended, _ := ctx.Value(idleKey{}).(bool)
	return ended
}
