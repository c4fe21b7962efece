package server

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// The client's address, for every limit and the audit log. Behind the reverse proxies of TRUSTED_PROXIES the
// peer is a proxy, and the client is in X-Forwarded-For: each proxy appends the address it received the
// request from, so the list is read from the right, past the proxies we trust, and the first address that is
// not one of them is the client. Everything to the left of it was written by the client itself and proves
// nothing. A peer that is not a trusted proxy is the client, whatever headers it sends.

const clientIPKey ctxKey = iota + 200

// clientAddress puts the client's address into the request's context once, for clientIP.
func (s *Server) clientAddress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := resolveClientIP(r.RemoteAddr, r.Header.Values("X-Forwarded-For"), s.cfg.TrustedProxies)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientIPKey, ip)))
	})
}

// clientIP is the client's address as clientAddress resolved it (the peer's address outside the middleware).
func clientIP(r *http.Request) string {
	if ip, ok := r.Context().Value(clientIPKey).(string); ok {
		return ip
	}
	return resolveClientIP(r.RemoteAddr, nil, nil)
}

// resolveClientIP applies the rule above to a peer address ("host:port"), the X-Forwarded-For headers in the
// order received, and the trusted prefixes.
func resolveClientIP(remoteAddr string, forwarded []string, trusted []netip.Prefix) string {
	peer, ok := parseHop(remoteAddr)
	if !ok {
		host, _, err := net.SplitHostPort(remoteAddr)
		if err != nil {
			return remoteAddr
		}
		return host
	}
	client := peer
	if !isTrusted(peer, trusted) {
		return client.String()
	}
	var hops []string
	for _, h := range forwarded {
		hops = append(hops, strings.Split(h, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		hop, ok := parseHop(hops[i])
		if !ok {
			// Garbage in the list: nothing left of it can be placed; the last hop we could read is the client.
			break
		}
		client = hop
		if !isTrusted(hop, trusted) {
			break
		}
	}
	return client.String()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseHop reads an address as proxies write it: "192.0.2.1", "192.0.2.1:5678", "2001:db8::1" or
// "[2001:db8::1]:5678". IPv4-mapped IPv6 addresses become IPv4.
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}
