package mail_test

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"regexp"
	"strings"
	"testing"
	"time"

	portalmail "github.com/bappenas/portal-regsosek/internal/mail"
)

const testFrom = "Portal Regsosek <no-reply@regsosek.bappenas.go.id>"

// parsedMail is a rendered message read back with net/mail and mime/multipart.
type parsedMail struct {
	Header  mail.Header
	Subject string
	Parts   map[string]string // media type -> decoded content, line ends as \n
}

func mustParse(t *testing.T, raw []byte) parsedMail {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("net/mail cannot read the message: %v\n%s", err, raw)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("subject: %v", err)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/alternative" || params["boundary"] == "" {
		t.Fatalf("Content-Type = %q (%v), want multipart/alternative with a boundary", msg.Header.Get("Content-Type"), err)
	}
	p := parsedMail{Header: msg.Header, Subject: subject, Parts: map[string]string{}}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("multipart: %v", err)
		}
		ct, ctParams, err := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if err != nil || ctParams["charset"] != "utf-8" {
			t.Fatalf("part Content-Type = %q, want charset utf-8", part.Header.Get("Content-Type"))
		}
		b, err := io.ReadAll(part)
		if err != nil {
			t.Fatalf("part %s: %v", ct, err)
		}
		p.Parts[ct] = strings.ReplaceAll(string(b), "\r\n", "\n")
	}
	return p
}

func TestBuild(t *testing.T) {
	now := time.Date(2025, 3, 4, 10, 30, 0, 0, time.FixedZone("WIB", 7*3600))
	text := "Halo Bu Siti,\nKode: 123456 — berlaku 15 menit.\n.baris yang diawali titik\n" + strings.Repeat("panjang ", 40)
	html := `<p>Halo <strong>Bu Siti</strong> — “Klik Disini”</p>`
	m := portalmail.Message{To: "Siti Aminah <siti@example.go.id>", Subject: "Kode OTP Baru — Akun Layanan Regsosek", Text: text, HTML: html}
	raw, err := portalmail.Build(testFrom, m, now)
	if err != nil {
		t.Fatal(err)
	}
	p := mustParse(t, raw)

	if from, err := p.Header.AddressList("From"); err != nil || len(from) != 1 || from[0].Address != "no-reply@regsosek.bappenas.go.id" || from[0].Name != "Portal Regsosek" {
		t.Errorf("From = %v (%v)", from, err)
	}
	if to, err := p.Header.AddressList("To"); err != nil || len(to) != 1 || to[0].Address != "siti@example.go.id" {
		t.Errorf("To = %v (%v)", to, err)
	}
	if p.Subject != m.Subject {
		t.Errorf("decoded Subject = %q, want %q", p.Subject, m.Subject)
	}
	if raw := p.Header.Get("Subject"); !strings.HasPrefix(raw, "=?utf-8?q?") {
		t.Errorf("raw Subject = %q, want an RFC 2047 encoded-word", raw)
	}
	if d, err := p.Header.Date(); err != nil || !d.Equal(now) {
		t.Errorf("Date = %v (%v), want %v", d, err, now)
	}
	if id := p.Header.Get("Message-ID"); !regexp.MustCompile(`^<[0-9a-f]{32}@regsosek\.bappenas\.go\.id>$`).MatchString(id) {
		t.Errorf("Message-ID = %q", id)
	}
	if v := p.Header.Get("MIME-Version"); v != "1.0" {
		t.Errorf("MIME-Version = %q", v)
	}
	if len(p.Parts) != 2 || p.Parts["text/plain"] != text || p.Parts["text/html"] != html {
		t.Errorf("parts = %q, want the text and the HTML unchanged", p.Parts)
	}
	if bytes.Count(raw, []byte("\n")) != bytes.Count(raw, []byte("\r\n")) || bytes.Count(raw, []byte("\r")) != bytes.Count(raw, []byte("\r\n")) {
		t.Error("a line does not end in CRLF")
	}
	for i, line := range bytes.Split(raw, []byte("\r\n")) {
		if len(line) > 998 {
			t.Fatalf("line %d is %d bytes long", i+1, len(line))
		}
	}
	if bytes.ContainsFunc(raw, func(r rune) bool { return r > 127 }) {
		t.Error("the rendered message is not 7-bit ASCII")
	}

	again, _ := portalmail.Build(testFrom, m, now)
	if mustParse(t, again).Header.Get("Message-ID") == p.Header.Get("Message-ID") {
		t.Error("two messages share a Message-ID")
	}
}

func TestBuildASCIISubjectPlain(t *testing.T) {
	raw, err := portalmail.Build(testFrom, portalmail.Message{To: "a@example.go.id", Subject: "Akun Layanan Regsosek Disetujui"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if got := mustParse(t, raw).Header.Get("Subject"); got != "Akun Layanan Regsosek Disetujui" {
		t.Errorf("Subject = %q", got)
	}
}

func TestBuildRefusesHeaderInjection(t *testing.T) {
	for _, to := range []string{"", "bukan alamat", "a@example.go.id\r\nBcc: b@example.com", "a@example.go.id, b@example.com"} {
		if _, err := portalmail.Build(testFrom, portalmail.Message{To: to, Subject: "s"}, time.Now()); err == nil {
			t.Errorf("Build accepted recipient %q", to)
		}
	}
	if _, err := portalmail.Build("", portalmail.Message{To: "a@example.go.id"}, time.Now()); err == nil {
		t.Error("Build accepted an empty sender")
	}
	raw, err := portalmail.Build(testFrom, portalmail.Message{To: "a@example.go.id", Subject: "Halo\r\nBcc: b@example.com"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p := mustParse(t, raw)
	if p.Header.Get("Bcc") != "" || p.Subject != "Halo Bcc: b@example.com" {
		t.Errorf("a newline in the subject made a header: Bcc %q, Subject %q", p.Header.Get("Bcc"), p.Subject)
	}
}
