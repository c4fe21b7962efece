package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/server"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// After sign-in the person lands on the page they asked for: an email's link followed while signed out.
func TestSignInReturnsToThePageAskedFor(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	owner := p.Login(t, reg.Username, servertest.RegistratorPassword)
	path := newPermohonan(t, owner)

	c := webtest.NewClient(t, p.URL)
	r := c.Get(path + "/dokumen?dari=surel")
	if r.Status != http.StatusSeeOther || r.Location != "/masuk" || strings.Contains(r.Location, "permohonan") {
		t.Fatalf("signed out: %d to %q", r.Status, r.Location)
	}
	r = c.PostForm("/masuk", webtest.Values("username", reg.Username, "password", servertest.RegistratorPassword))
	if r.Location != path+"/dokumen?dari=surel" {
		t.Errorf("after sign-in to %q, want the page asked for", r.Location)
	}
	// Once used, it is forgotten: the next sign-in goes home.
	c2 := webtest.NewClient(t, p.URL)
	c2.Get(path)
	c2.PostForm("/masuk", webtest.Values("username", reg.Username, "password", "salah-sekali-Kata-2026"))
	if r := c2.PostForm("/masuk", webtest.Values("username", reg.Username, "password", servertest.RegistratorPassword)); r.Location != path {
		t.Errorf("after a failed try then sign-in: %q", r.Location)
	}
	// A staff page asked for by a registrator, or a registrator's page by staff, leads home instead.
	c3 := webtest.NewClient(t, p.URL)
	c3.Get("/petugas/antrean/teknis")
	if r := c3.PostForm("/masuk", webtest.Values("username", reg.Username, "password", servertest.RegistratorPassword)); r.Location != "/akun" {
		t.Errorf("registrator after asking for a staff page: %q", r.Location)
	}
	staff := p.CreateStaff(t, "teknis.kembali", account.RoleVerifikatorTeknis)
	s := webtest.NewClient(t, p.URL)
	s.Get("/petugas/antrean/teknis?lewat=ya")
	mustStatus(t, "staff password", s.PostForm("/masuk", webtest.Values("username", staff.Username, "password", staff.Password)), http.StatusSeeOther)
	code, _ := totp.GenerateCode(staff.TOTPSecret, time.Now())
	if r := s.PostForm("/masuk/totp", webtest.Values("kode", code)); r.Location != "/petugas/antrean/teknis?lewat=ya" {
		t.Errorf("staff after TOTP to %q", r.Location)
	}
}

func TestSafeReturnPaths(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	for _, bad := range []string{"//contoh.invalid/akun", "/masuk", "/keluar"} {
		c := webtest.NewClient(t, p.URL)
		c.Get(bad)
		if r := c.PostForm("/masuk", webtest.Values("username", reg.Username, "password", servertest.RegistratorPassword)); r.Location != "/akun" {
			t.Errorf("after asking for %q: to %q", bad, r.Location)
		}
	}
}

// A signed-in page does not write the session back on every request: the idle timeout is kept by a
// last-seen time written at most once a minute.
func TestSignedInPagesDoNotWriteTheSessionEachTime(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Now())
	p := servertest.NewWithSessionClock(t, clock)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	c.Get("/akun")
	var before int64
	writes := func() int {
		n := 0
		for _, q := range p.Queries.Last(int(p.Queries.Count() - before)) {
			if strings.HasPrefix(q, "INSERT INTO sessions") {
				n++
			}
		}
		return n
	}
	before = p.Queries.Count()
	for range 9 {
		clock.Advance(10 * time.Second)
		c.Get("/akun")
	}
	if p.Queries.Count()-before > 100 {
		t.Fatal("too many queries to inspect")
	}
	if n := writes(); n != 1 {
		t.Errorf("%d session writes over 9 requests in 90 seconds, want 1 (the last-seen time, once a minute)", n)
	}
}

// Half an hour without a request ends the session; a form sent then is shown back, nothing stored.
func TestIdleTimeoutEndsTheSessionAndKeepsTheForm(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Now())
	p := servertest.NewWithSessionClock(t, clock)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	path := newPermohonan(t, c)
	if r := c.PostForm("/sesi/perpanjang", nil); r.Status != http.StatusNoContent {
		t.Errorf("keep alive while signed in: %d", r.Status)
	}
	clock.Advance(29 * time.Minute)
	if r := c.Get("/akun"); r.Status != http.StatusOK {
		t.Fatalf("after 29 minutes: %d", r.Status)
	}
	clock.Advance(31 * time.Minute)
	r := c.PostForm(path+"/cakupan", webtest.Values("narahubung_nama", "Siti Aminah Penelusuran", "narahubung_email", "siti@daerah.go.id"))
	if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "Sesi Anda telah berakhir") ||
		!strings.Contains(r.Body, "Siti Aminah Penelusuran") || !strings.Contains(r.Body, "belum disimpan") {
		t.Fatalf("a form sent after the idle timeout: %d %.500s", r.Status, r.Body)
	}
	if n := count(t, p, "SELECT count(*) FROM permohonan WHERE narahubung_nama = 'Siti Aminah Penelusuran'"); n != 0 {
		t.Error("the form sent after the timeout was stored")
	}
	if r := c.Get("/akun"); r.Status != http.StatusSeeOther || r.Location != "/masuk" {
		t.Errorf("after the timeout /akun: %d to %q", r.Status, r.Location)
	}
	if r := c.PostForm("/sesi/perpanjang", nil); r.Status != http.StatusUnauthorized {
		t.Errorf("keep alive after the timeout: %d", r.Status)
	}
	// Signing in again returns to the form's page... (the page before the form was the cakupan form)
	r = c.Get("/masuk")
	if !strings.Contains(r.Body, "tidak ada aktivitas selama 30 menit") && !strings.Contains(r.Body, "Silakan masuk") {
		t.Errorf("sign-in page says nothing about the ended session")
	}
	login := c.PostForm("/masuk", webtest.Values("username", reg.Username, "password", servertest.RegistratorPassword))
	if !strings.HasPrefix(login.Location, "/akun") && !strings.HasPrefix(login.Location, path) {
		t.Errorf("after signing in again: %q", login.Location)
	}
}

// The idle timeout counts from sign-in, also for a session whose first page was never asked for (a cookie
// taken from the sign-in answer).
func TestIdleTimeoutCountsFromSignIn(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Now())
	p := servertest.NewWithSessionClock(t, clock)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := webtest.NewClient(t, p.URL)
	mustStatus(t, "masuk", c.PostForm("/masuk", webtest.Values("username", reg.Username, "password", servertest.RegistratorPassword)), http.StatusSeeOther)
	clock.Advance(server.IdleTimeout + time.Minute)
	if r := c.Get("/akun"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/masuk") {
		t.Errorf("a session unused since sign-in, after the idle timeout: %d to %q, want sent to sign in", r.Status, r.Location)
	}
}
