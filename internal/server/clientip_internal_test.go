package server

import (
	"net/netip"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/config"
)

// The proxy rule (issue 14 item 1): X-Forwarded-For counts only when the peer is a trusted proxy, and then its
// rightmost untrusted hop is the client; spoofed entries to the left of it are ignored.
func TestResolveClientIP(t *testing.T) {
	trusted, err := config.ParseProxies("10.0.0.0/8, 2001:db8:1::/48")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		peer    string
		xff     []string
		trusted []netip.Prefix
		want    string
	}{
		{"no proxies configured: the peer", "203.0.113.5:4321", []string{"198.51.100.9"}, nil, "203.0.113.5"},
		{"untrusted peer sends a header: ignored", "203.0.113.5:4321", []string{"198.51.100.9"}, trusted, "203.0.113.5"},
		{"trusted proxy, one hop", "10.0.0.2:80", []string{"198.51.100.9"}, trusted, "198.51.100.9"},
		{"trusted proxy, client spoofs a hop to the left", "10.0.0.2:80", []string{"1.2.3.4, 198.51.100.9"}, trusted, "198.51.100.9"},
		{"two trusted proxies in a chain", "10.0.0.2:80", []string{"6.6.6.6, 198.51.100.9, 10.1.2.3"}, trusted, "198.51.100.9"},
		{"header split across lines", "10.0.0.2:80", []string{"6.6.6.6", "198.51.100.9", "10.1.2.3"}, trusted, "198.51.100.9"},
		{"trusted proxy without the header: the proxy", "10.0.0.2:80", nil, trusted, "10.0.0.2"},
		{"every hop trusted: the leftmost", "10.0.0.2:80", []string{"10.9.9.9, 10.1.1.1"}, trusted, "10.9.9.9"},
		{"garbage hop: the last readable one", "10.0.0.2:80", []string{"198.51.100.7, bukan-ip, 10.1.1.1"}, trusted, "10.1.1.1"},
		{"garbage rightmost: the proxy", "10.0.0.2:80", []string{"198.51.100.7, <script>"}, trusted, "10.0.0.2"},
		{"hop with a port", "10.0.0.2:80", []string{"198.51.100.9:5555"}, trusted, "198.51.100.9"},
		{"IPv6 client via trusted IPv6 proxy", "[2001:db8:1::7]:443", []string{"[2001:db8:ff::1]:1234"}, trusted, "2001:db8:ff::1"},
		{"IPv4-mapped peer counts as IPv4", "[::ffff:10.0.0.2]:80", []string{"198.51.100.9"}, trusted, "198.51.100.9"},
		{"NUL in the header", "10.0.0.2:80", []string{"198.51.100.9\x00"}, trusted, "10.0.0.2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := resolveClientIP(tt.peer, tt.xff, tt.trusted); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
