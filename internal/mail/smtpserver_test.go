package mail_test

import (
	"bufio"
	"encoding/base64"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// testSMTP is a minimal SMTP server on 127.0.0.1 that records what it receives. It offers no STARTTLS.
type testSMTP struct {
	Port int

	offerAuth  bool // advertise AUTH PLAIN
	rejectRcpt bool // answer RCPT with 550
	silent     bool // accept connections and never answer

	mu       sync.Mutex
	received []received
}

// received is one accepted message: the envelope, the AUTH PLAIN response and the data, dot-unstuffed,
// byte for byte.
type received struct {
	From string
	To   []string
	Auth string
	Data []byte
}

type smtpOption func(*testSMTP)

func withAuth() smtpOption      { return func(s *testSMTP) { s.offerAuth = true } }
func rejectingRcpt() smtpOption { return func(s *testSMTP) { s.rejectRcpt = true } }
func silentServer() smtpOption  { return func(s *testSMTP) { s.silent = true } }
func mustStartSMTP(t *testing.T, opts ...smtpOption) *testSMTP {
	t.Helper()
	s := &testSMTP{}
	for _, o := range opts {
		o(s)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtp test server: %v", err)
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
			wg.Go(func() { s.serve(conn) })
		}
	})
	return s
}

// Received returns the messages accepted so far.
func (s *testSMTP) Received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.received...)
}

// waitReceived waits until n messages have arrived.
func (s *testSMTP) waitReceived(t *testing.T, n int) []received {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := s.Received()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("the SMTP server received %d messages, want %d", len(got), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (s *testSMTP) serve(conn net.Conn) {
	defer conn.Close()
	if s.silent {
		_, _ = conn.Read(make([]byte, 1)) // until the client or the cleanup closes it
		return
	}
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(conn)
	reply := func(lines ...string) {
		for _, l := range lines {
			_, _ = conn.Write([]byte(l + "\r\n"))
		}
	}
	reply("220 test.local ESMTP ready")
	var cur received
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch {
		case verb == "EHLO":
			if s.offerAuth {
				reply("250-test.local", "250-AUTH PLAIN", "250 8BITMIME")
			} else {
				reply("250-test.local", "250 8BITMIME")
			}
		case verb == "HELO":
			reply("250 test.local")
		case verb == "AUTH" && s.offerAuth:
			fields := strings.Fields(line)
			if len(fields) != 3 || !strings.EqualFold(fields[1], "PLAIN") {
				reply("504 5.5.4 unsupported")
				continue
			}
			b, err := base64.StdEncoding.DecodeString(fields[2])
			if err != nil {
				reply("501 5.5.2 bad base64")
				continue
			}
			cur.Auth = string(b)
			reply("235 2.7.0 authenticated")
		case strings.HasPrefix(strings.ToUpper(line), "MAIL FROM:"):
			cur.From = between(line, "<", ">")
			reply("250 2.1.0 ok")
		case strings.HasPrefix(strings.ToUpper(line), "RCPT TO:"):
			to := between(line, "<", ">")
			if s.rejectRcpt {
				reply("550 5.1.1 <" + to + ">: recipient unknown")
				continue
			}
			cur.To = append(cur.To, to)
			reply("250 2.1.5 ok")
		case verb == "DATA":
			reply("354 end with <CRLF>.<CRLF>")
			var data []byte
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				data = append(data, strings.TrimPrefix(l, ".")...)
			}
			cur.Data = data
			s.mu.Lock()
			s.received = append(s.received, cur)
			s.mu.Unlock()
			cur = received{Auth: cur.Auth}
			reply("250 2.0.0 queued")
		case verb == "RSET":
			cur = received{Auth: cur.Auth}
			reply("250 2.0.0 ok")
		case verb == "NOOP":
			reply("250 2.0.0 ok")
		case verb == "QUIT":
			reply("221 2.0.0 bye")
			return
		default:
			reply("502 5.5.1 not implemented")
		}
	}
}

func between(s, open, end string) string {
	i := strings.Index(s, open)
	j := strings.LastIndex(s, end)
	if i < 0 || j < i {
		return ""
	}
	return s[i+1 : j]
}
