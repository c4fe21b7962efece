// Package smtptest runs a real SMTP server on 127.0.0.1 for tests: plain, STARTTLS or implicit TLS (a
// certificate made for the test, trusted through CertPool), AUTH PLAIN and LOGIN, and what it received,
// connection by connection, so tests can check the envelope, the bytes, the login and the batching.
package smtptest

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a running test SMTP server.
type Server struct {
	Port int

	startTLS   bool     // offer STARTTLS
	implicit   bool     // TLS from the first byte
	auth       []string // mechanisms offered: "PLAIN", "LOGIN"
	user, pass string   // when set, MAIL needs a successful AUTH with these
	rejectRcpt bool
	silent     bool
	cert       tls.Certificate
	pool       *x509.CertPool

	mu       sync.Mutex
	received []Received
	conns    int
}

// Received is one accepted message: its connection's number (from 1), whether it came over TLS, the login
// (mechanism and user), the envelope and the data, dot-unstuffed, byte for byte.
type Received struct {
	Conn      int
	TLS       bool
	Mechanism string
	User      string
	From      string
	To        []string
	Data      []byte
}

// Option configures a Server.
type Option func(*Server)

// StartTLS offers STARTTLS.
func StartTLS() Option { return func(s *Server) { s.startTLS = true } }

// Implicit speaks TLS from the first byte (port 465 style).
func Implicit() Option { return func(s *Server) { s.implicit = true } }

// Auth offers mechs ("PLAIN", "LOGIN") and requires user and pass before MAIL.
func Auth(user, pass string, mechs ...string) Option {
	return func(s *Server) { s.user, s.pass, s.auth = user, pass, mechs }
}

// RejectRcpt answers every RCPT with 550.
func RejectRcpt() Option { return func(s *Server) { s.rejectRcpt = true } }

// Silent accepts connections and never answers.
func Silent() Option { return func(s *Server) { s.silent = true } }

// Start runs a server until the test ends.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{}
	for _, o := range opts {
		o(s)
	}
	s.cert, s.pool = selfSigned(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: %v", err)
	}
	s.Port = ln.Addr().(*net.TCPAddr).Port
	var wg sync.WaitGroup
	var connsMu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		ln.Close()
		connsMu.Lock()
		for _, c := range conns {
			c.Close()
		}
		connsMu.Unlock()
		wg.Wait()
	})
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			connsMu.Lock()
			conns = append(conns, conn)
			connsMu.Unlock()
			s.mu.Lock()
			s.conns++
			n := s.conns
			s.mu.Unlock()
			wg.Go(func() { s.serve(conn, n) })
		}
	})
	return s
}

// CertPool trusts the server's certificate, for the client's tls.Config RootCAs.
func (s *Server) CertPool() *x509.CertPool { return s.pool }

// Received returns the messages accepted so far.
func (s *Server) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// Connections is how many connections were accepted.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// WaitReceived waits until n messages have arrived (at most 20 seconds).
func (s *Server) WaitReceived(t testing.TB, n int) []Received {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := s.Received()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("smtptest: received %d messages, want %d", len(got), n)
		}
		time.Sleep(10 * time.Millisecond) // polling, not asserting on time
	}
}

type session struct {
	s      *Server
	conn   net.Conn
	r      *bufio.Reader
	n      int
	tls    bool
	mech   string
	user   string
	authed bool
	cur    Received
}

func (x *session) reply(lines ...string) {
	for _, l := range lines {
		_, _ = x.conn.Write([]byte(l + "\r\n"))
	}
}

func (s *Server) serve(conn net.Conn, n int) {
	defer func() { conn.Close() }()
	if s.silent {
		_, _ = conn.Read(make([]byte, 1)) // until the client or the cleanup closes it
		return
	}
	x := &session{s: s, conn: conn, n: n}
	if s.implicit {
		tc := tls.Server(conn, &tls.Config{Certificates: []tls.Certificate{s.cert}})
		if tc.Handshake() != nil {
			return
		}
		x.conn, x.tls = tc, true
	}
	_ = x.conn.SetDeadline(time.Now().Add(60 * time.Second))
	x.r = bufio.NewReader(x.conn)
	x.reply("220 test.local ESMTP ready")
	for {
		line, err := x.r.ReadString('\n')
		if err != nil {
			return
		}
		if !x.command(strings.TrimRight(line, "\r\n")) {
			return
		}
	}
}

// command answers one line; false ends the session.
func (x *session) command(line string) bool {
	s := x.s
	verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
	switch {
	case verb == "EHLO":
		ext := []string{"250-test.local"}
		if s.startTLS && !x.tls {
			ext = append(ext, "250-STARTTLS")
		}
		if len(s.auth) > 0 {
			ext = append(ext, "250-AUTH "+strings.Join(s.auth, " "))
		}
		x.reply(append(ext, "250 8BITMIME")...)
	case verb == "HELO":
		x.reply("250 test.local")
	case verb == "STARTTLS" && s.startTLS && !x.tls:
		x.reply("220 2.0.0 go ahead")
		tc := tls.Server(x.conn, &tls.Config{Certificates: []tls.Certificate{s.cert}})
		if tc.Handshake() != nil {
			return false
		}
		x.conn, x.tls, x.r = tc, true, bufio.NewReader(tc)
	case verb == "AUTH" && len(s.auth) > 0:
		x.authenticate(strings.Fields(line))
	case strings.HasPrefix(strings.ToUpper(line), "MAIL FROM:"):
		if s.user != "" && !x.authed {
			x.reply("530 5.7.0 authentication required")
			return true
		}
		x.cur = Received{Conn: x.n, TLS: x.tls, Mechanism: x.mech, User: x.user, From: between(line, "<", ">")}
		x.reply("250 2.1.0 ok")
	case strings.HasPrefix(strings.ToUpper(line), "RCPT TO:"):
		to := between(line, "<", ">")
		if s.rejectRcpt {
			x.reply("550 5.1.1 <" + to + ">: recipient unknown")
			return true
		}
		x.cur.To = append(x.cur.To, to)
		x.reply("250 2.1.5 ok")
	case verb == "DATA":
		x.reply("354 end with <CRLF>.<CRLF>")
		var data []byte
		for {
			l, err := x.r.ReadString('\n')
			if err != nil {
				return false
			}
			if l == ".\r\n" {
				break
			}
			data = append(data, strings.TrimPrefix(l, ".")...)
		}
		x.cur.Data = data
		s.mu.Lock()
		s.received = append(s.received, x.cur)
		s.mu.Unlock()
		x.cur = Received{}
		x.reply("250 2.0.0 queued")
	case verb == "RSET":
		x.cur = Received{}
		x.reply("250 2.0.0 ok")
	case verb == "NOOP":
		x.reply("250 2.0.0 ok")
	case verb == "QUIT":
		x.reply("221 2.0.0 bye")
		return false
	default:
		// RFC 5321 §4.2.4: a command this server does not offer (VRFY, EXPN, …) is answered 502, as a real
		// server answers it; the client under test must cope.
		x.reply("502 5.5.1 command not recognized")
	}
	return true
}

// authenticate runs AUTH PLAIN (initial response) or AUTH LOGIN (two challenges).
func (x *session) authenticate(f []string) {
	s := x.s
	mech := ""
	if len(f) >= 2 {
		mech = strings.ToUpper(f[1])
	}
	var user, pass string
	switch {
	case mech == "PLAIN" && contains(s.auth, "PLAIN"):
		resp := ""
		if len(f) == 3 {
			resp = f[2]
		} else {
			x.reply("334 ")
			l, _ := x.r.ReadString('\n')
			resp = strings.TrimSpace(l)
		}
		b, err := base64.StdEncoding.DecodeString(resp)
		parts := strings.Split(string(b), "\x00")
		if err != nil || len(parts) != 3 {
			x.reply("501 5.5.2 bad PLAIN response")
			return
		}
		user, pass = parts[1], parts[2]
	case mech == "LOGIN" && contains(s.auth, "LOGIN"):
		ask := func(prompt string) string {
			x.reply("334 " + base64.StdEncoding.EncodeToString([]byte(prompt)))
			l, _ := x.r.ReadString('\n')
			b, _ := base64.StdEncoding.DecodeString(strings.TrimSpace(l))
			return string(b)
		}
		user, pass = ask("Username:"), ask("Password:")
	default:
		x.reply("504 5.5.4 unsupported mechanism")
		return
	}
	if s.user != "" && (user != s.user || pass != s.pass) {
		x.reply("535 5.7.8 authentication failed")
		return
	}
	x.mech, x.user, x.authed = mech, user, true
	x.reply("235 2.7.0 authenticated")
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func between(s, open, end string) string {
	i := strings.Index(s, open)
	j := strings.LastIndex(s, end)
	if i < 0 || j < i {
		return ""
	}
	return s[i+1 : j]
}

// selfSigned makes a certificate for 127.0.0.1 and localhost, and a pool that trusts it.
func selfSigned(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "smtptest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}
