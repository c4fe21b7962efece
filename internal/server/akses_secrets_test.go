package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/sepakat"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// No Sepakat password and no link token is in the server's log or, in clear, anywhere in the database —
// the link tokens only in the emails that carry the link. The flow goes through every place a secret is
// handled: provisioning over HTTP (with an API that echoes the password in its refusal), the registrator's
// reveal, the operator's link, a re-issue and its new link.
func TestNoSecretsInLogsOrDatabase(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ctx := context.Background()
	now := time.Now()
	var mu sync.Mutex
	var received []string
	echo := true
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		defer mu.Unlock()
		pw, _ := body["password"].(string)
		if pw != "" {
			received = append(received, pw)
		}
		w.Header().Set("Content-Type", "application/json")
		if echo && r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/accounts") {
			w.WriteHeader(http.StatusUnprocessableEntity)
			_, _ = w.Write([]byte(`{"error":"kata sandi ` + pw + ` ditolak kebijakan"}`))
			return
		}
		_, _ = w.Write([]byte(`{"id":"sp-x"}`))
	}))
	t.Cleanup(api.Close)
	runner := p.JobRunner(t, time.Now, &sepakat.HTTP{BaseURL: api.URL, Token: "uji", Client: api.Client(), Retries: 0, Backoff: time.Millisecond})

	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	p.Approve(t, id, now, now.AddDate(0, 10, 0))
	p.SignAgreements(t, c, id, runner, now)
	operator := p.PrepareAccess(t, id, now)
	servertest.RunJobs(t, runner) // refused, with the password echoed
	page := operator.Get("/petugas/akses/" + itoa(id))
	if !strings.Contains(page.Body, "[disembunyikan]") {
		t.Errorf("the refusal is not shown with the password hidden: %s", between(page.Body, `data-testid="staff-accounts"`, "</table>"))
	}
	mu.Lock()
	echo = false
	mu.Unlock()
	for _, m := range regexp.MustCompile(`/petugas/akses/\d+/akun/\d+/coba-lagi`).FindAllString(page.Body, -1) {
		mustStatus(t, "coba lagi", operator.PostForm(m, nil), http.StatusSeeOther)
	}
	servertest.RunJobs(t, runner)
	mustStatus(t, "berikan", operator.PostForm("/petugas/akses/"+itoa(id)+"/berikan", nil), http.StatusSeeOther)

	path := "/permohonan/" + itoa(id)
	var secrets []string
	for _, pengguna := range []string{"Dinas Sosial", "Dinas Pendidikan"} {
		secrets = append(secrets, shownPassword(t, c.PostForm(path+"/akses/"+rowID(t, p, id, pengguna)+"/kata-sandi", nil).Body))
	}
	links := linksTo(t, p, "operator004@daerah.go.id")
	secrets = append(secrets, shownPassword(t, webtest.NewClient(t, p.URL).PostForm(links[0], nil).Body))
	mustStatus(t, "kirim ulang", c.PostForm(path+"/akses/"+rowID(t, p, id, "Dinas Pendidikan")+"/kirim-ulang", nil), http.StatusSeeOther)
	servertest.RunJobs(t, runner)
	fresh := linksTo(t, p, "operator003@daerah.go.id")
	secrets = append(secrets, shownPassword(t, webtest.NewClient(t, p.URL).PostForm(fresh[len(fresh)-1], nil).Body))
	mu.Lock()
	secrets = append(secrets, received...)
	mu.Unlock()
	var tokens []string
	for _, l := range append(links, fresh...) {
		tokens = append(tokens, strings.TrimPrefix(l, "/akses-sepakat/"))
	}
	if len(secrets) < 6 || len(tokens) < 3 {
		t.Fatalf("the flow produced %d passwords and %d tokens", len(secrets), len(tokens))
	}

	log := p.Log.String()
	for _, s := range append(append([]string{}, secrets...), tokens...) {
		if strings.Contains(log, s) {
			t.Errorf("a secret is in the server log: %.6s…", s)
		}
	}
	rows, err := p.Store.Pool.Query(ctx, `SELECT table_name, column_name, data_type FROM information_schema.columns
		WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'bytea', 'ARRAY')`)
	if err != nil {
		t.Fatal(err)
	}
	type column struct{ table, name, typ string }
	var cols []column
	for rows.Next() {
		var c column
		_ = rows.Scan(&c.table, &c.name, &c.typ)
		cols = append(cols, c)
	}
	rows.Close()
	if len(cols) < 50 {
		t.Fatalf("only %d columns to scan", len(cols))
	}
	scan := func(secret string, allowed map[string]bool) {
		t.Helper()
		for _, c := range cols {
			if allowed[c.table+"."+c.name] {
				continue
			}
			q := `SELECT count(*) FROM "` + c.table + `" WHERE strpos("` + c.name + `"::text, $1) > 0`
			arg := any(secret)
			if c.typ == "bytea" {
				q, arg = `SELECT count(*) FROM "`+c.table+`" WHERE position($1::bytea IN "`+c.name+`") > 0`, []byte(secret)
			}
			var n int
			if err := p.Store.Pool.QueryRow(ctx, q, arg).Scan(&n); err != nil {
				t.Fatalf("%s.%s: %v", c.table, c.name, err)
			}
			if n > 0 {
				t.Errorf("a secret (%.6s…) is in clear in %s.%s", secret, c.table, c.name)
			}
		}
	}
	for _, s := range secrets {
		scan(s, nil)
	}
	for _, tok := range tokens {
		scan(tok, map[string]bool{"outbox.body_text": true, "outbox.body_html": true})
	}
	// The emails carry the link, never the password.
	for _, s := range secrets {
		if n := count(t, p, "SELECT count(*) FROM outbox WHERE strpos(body_text || body_html, $1) > 0", s); n != 0 {
			t.Errorf("a password is in an email")
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
