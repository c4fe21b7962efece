// Package mail renders the portal's emails and sends them: the Indonesian letters, the message builder and
// the SMTP sender. Each email waits in the store's outbox until a river job of internal/jobs sends it.
package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// Message is one email before rendering: a recipient, a subject and the same content as text and HTML, and
// the kind of letter it is (kept after delivery, when the body is not).
type Message struct {
	Kind    string
	To      string
	Subject string
	Text    string
	HTML    string
	// Rahasia: the recipient is the reporter of an Anonim report, whose address would name them; it is not
	// kept once the message is delivered (store.RecordDelivery) and never shown to staff.
	Rahasia bool
}

// Build renders an RFC 5322 message: From, To, Subject (RFC 2047 encoded when not ASCII), Date, Message-ID,
// MIME-Version, then a multipart/alternative body with a text/plain and a text/html part, both UTF-8 and
// quoted-printable. Lines end in CRLF. It fails when from or the recipient is not a valid address.
func Build(from string, m Message, now time.Time) ([]byte, error) {
	fromAddr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("mail: build: sender address: %w", err)
	}
	toAddr, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("mail: build: recipient address: %w", err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, part := range []struct{ contentType, content string }{
		{"text/plain; charset=utf-8", m.Text},
		{"text/html; charset=utf-8", m.HTML},
	} {
		if err := writePart(mw, part.contentType, part.content); err != nil {
			return nil, fmt.Errorf("mail: build: %w", err)
		}
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("mail: build: %w", err)
	}

	var b bytes.Buffer
	header := func(name, value string) { b.WriteString(name + ": " + value + "\r\n") }
	header("From", fromAddr.String())
	header("To", toAddr.String())
	header("Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject)))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", messageID(fromAddr.Address))
	header("MIME-Version", "1.0")
	header("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()}))
	header("Content-Language", "id")
	header("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	b.Write(body.Bytes())
	return b.Bytes(), nil
}

func writePart(mw *multipart.Writer, contentType, content string) error {
	w, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {contentType},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	if err != nil {
		return err
	}
	qp := quotedprintable.NewWriter(w)
	if _, err := qp.Write([]byte(strings.ReplaceAll(content, "\r\n", "\n"))); err != nil {
		return err
	}
	return qp.Close()
}

// oneLine keeps a header value on one line, whatever the caller passed.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// messageID returns a unique Message-ID in the sender's domain.
func messageID(fromAddress string) string {
	domain := "localhost"
	if at := strings.LastIndexByte(fromAddress, '@'); at >= 0 && at < len(fromAddress)-1 {
		domain = fromAddress[at+1:]
	}
	var r [16]byte
	_, _ = rand.Read(r[:])
	return "<" + hex.EncodeToString(r[:]) + "@" + domain + ">"
}
