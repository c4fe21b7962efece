package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// The cases wapiti found (issue 14 item 7), answered at the edge: the sign-in form shows the message beside
// the username (422, the password not echoed); a staff filter with a NUL is ignored with a notice (400, the
// page served); another form names the field and stores nothing (400).
func TestInputRefusedAtTheEdge(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Now())
	p := servertest.NewWithClock(t, clock)
	anon := webtest.NewClient(t, p.URL)
	r := anon.PostForm("/masuk", url.Values{"username": {"budi\x00"}, "password": {"rahasia-sekali"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(between(r.Body, `data-testid="error-username">`, `</p>`), "karakter yang tidak diizinkan") {
		t.Errorf("sign-in with a NUL: %d %s", r.Status, between(r.Body, `data-testid="error-username">`, `</p>`))
	}
	if strings.Contains(r.Body, "rahasia-sekali") {
		t.Error("the password was echoed")
	}

	admin := p.StaffLogin(t, p.CreateStaff(t, "petugas.admin", account.RoleAdmin, account.RoleVerifikatorTeknis), clock.Now())
	for _, path := range []string{"/petugas/audit?aksi=%00&dari=%FF", "/petugas/antrean/teknis?kategori=%00x&provinsi=%C3%28"} {
		r := admin.Get(path)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `data-testid="input-notice"`) || !strings.Contains(r.Body, "<table") && !strings.Contains(r.Body, "<main") {
			t.Errorf("GET %s: %d, notice %v", path, r.Status, strings.Contains(r.Body, `data-testid="input-notice"`))
		}
	}
	if r := admin.Get("/petugas/audit?aksi=masuk.gagal"); r.Status != http.StatusOK || strings.Contains(r.Body, `data-testid="input-notice"`) {
		t.Errorf("a clean filter: %d", r.Status)
	}

	before := count(t, p, "SELECT count(*) FROM audit_log")
	r = admin.PostForm("/petugas/kata-sandi", url.Values{"password": {"Baru\x00Sekali-123"}, "password_confirm": {"Baru\x00Sekali-123"}})
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "\u201cpassword\u201d") {
		t.Errorf("staff form with a NUL: %d", r.Status)
	}
	if after := count(t, p, "SELECT count(*) FROM audit_log"); after != before {
		t.Errorf("%d audit rows written by a refused form", after-before)
	}
	if r := anon.Get("/dokumen/%00"); r.Status != http.StatusBadRequest {
		t.Errorf("NUL in the path: %d", r.Status)
	}
}
