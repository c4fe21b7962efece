package server_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"net/http"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/jobs"
	"github.com/bappenas/portal-regsosek/internal/jobstest"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// Nothing personal left behind (issue 14, "Done when"): a registration is approved, its email (link token and
// OTP) is delivered as production delivers it, the account is activated; then a pg_dump of the whole
// database holds neither the token nor the OTP — the email kept its recipient, subject and kind but not its
// body, and every other table keeps only HMACs. The dump is read as text, and every bytea value is decoded
// and read too.
func TestDumpAfterActivationHoldsNoSecret(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Now())
	p := servertest.NewWithClock(t, clock)
	in := defaultReg()
	register(t, p, in)
	staff := staffLogin(t, p, p.CreateStaff(t, "verifikator.akun", account.RoleVerifikatorAkun), clock.Now())
	path, code := approve(t, p, staff, in.email)
	token := strings.TrimPrefix(path, "/aktivasi/")

	var delivered []string
	sender := senderFunc(func(to string) error { delivered = append(delivered, to); return nil })
	runner := jobstest.New(t, jobs.Config{Store: p.Store, Sender: sender, From: p.Config.Mail.From, Now: clock.Now,
		Retention: store.RetentionPolicy{DropMailBodies: true}}, jobstest.Queues(store.QueueSurel))
	clock.Advance(time.Minute) // past the moment the emails were written, by the database's clock
	runner.Run(t)
	if len(delivered) < 2 {
		t.Fatalf("delivered %v, want the registration and the approval", delivered)
	}
	mustStatus(t, "activate", webtest.NewClient(t, p.URL).PostForm(path, webtest.Values("otp", code)), http.StatusSeeOther)
	clock.Advance(time.Minute)
	runner.Run(t)

	var kind, subject string
	var kept bool
	if err := p.Store.Pool.QueryRow(context.Background(), `SELECT kind, subject, body_text IS NOT NULL FROM outbox
		WHERE to_address = $1 AND subject = 'Akun Layanan Regsosek Disetujui'`, in.email).Scan(&kind, &subject, &kept); err != nil {
		t.Fatal(err)
	}
	if kind != "akun_disetujui" || kept {
		t.Errorf("the approval email after delivery: kind %q, body kept %v; want akun_disetujui without its body", kind, kept)
	}

	dump := pgDump(t, p.Config.DatabaseURL)
	if bytes.Contains(dump, []byte(token)) {
		t.Error("the dump holds the activation link token")
	}
	// A 6-digit code could appear by chance inside a timestamp or a hex string: those are taken out first,
	// and the bytea values are decoded and searched on their own.
	text := timestamps.ReplaceAll(dump, nil)
	blobs := hexBlobs.FindAll(text, -1)
	text = hexBlobs.ReplaceAll(text, nil)
	if regexp.MustCompile(`(^|\D)` + code + `(\D|$)`).Match(text) {
		t.Errorf("the dump holds the OTP %s", code)
	}
	for _, b := range blobs {
		raw, err := hex.DecodeString(string(b[2:]))
		if err == nil && (bytes.Contains(raw, []byte(code)) || bytes.Contains(raw, []byte(token))) {
			t.Error("a bytea value of the dump holds the OTP or the token")
		}
	}
}

var (
	timestamps = regexp.MustCompile(`\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}(:?\d{2})?)?`)
	hexBlobs   = regexp.MustCompile(`\\\\x[0-9a-f]+`)
)

// pgDump dumps the database of databaseURL as plain SQL with the pg_dump of Debian's PostgreSQL 15.
func pgDump(t *testing.T, databaseURL string) []byte {
	t.Helper()
	bin := "/usr/lib/postgresql/15/bin/pg_dump"
	if _, err := exec.LookPath(bin); err != nil {
		bin = "pg_dump"
	}
	u, err := url.Parse(databaseURL)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--no-owner", "--data-only", u.String()).Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	if len(out) < 10000 {
		t.Fatalf("pg_dump wrote only %d bytes", len(out))
	}
	return out
}

type senderFunc func(to string) error

func (f senderFunc) Send(_ context.Context, to string, _ []byte) error { return f(to) }

var _ mail.Sender = senderFunc(nil)
