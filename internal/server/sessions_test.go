package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

func signedIn(c *webtest.Client, home string) bool { return c.Get(home).Status == http.StatusOK }

// A registrator changes the password on Akun Saya (issue 14 item 5): the current password is asked, the
// session that made the change stays, every other one ends at once, the person is emailed, and the sessions
// table holds the owner of each session but never a usable token.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	a := p.Login(t, reg.Username, servertest.RegistratorPassword)
	b := p.Login(t, reg.Username, servertest.RegistratorPassword)
	if n := count(t, p, "SELECT count(*) FROM sessions WHERE user_kind = 'registrator' AND user_id = $1", reg.PejabatID); n != 2 {
		t.Fatalf("%d sessions indexed for the registrator, want 2", n)
	}
	for _, c := range []*webtest.Client{a, b} {
		for _, ck := range c.HTTP.Jar.Cookies(mustURL(t, p.URL)) {
			if n := count(t, p, "SELECT count(*) FROM sessions WHERE token = $1", ck.Value); n != 0 {
				t.Errorf("cookie %s stored as the session key", ck.Name)
			}
		}
	}
	if !strings.Contains(a.Get("/akun").Body, `href="/akun/kata-sandi"`) {
		t.Error("Akun Saya offers no password change")
	}
	const baru = "Kopi-Tubruk-Sore-Hari-77"
	r := a.PostForm("/akun/kata-sandi", webtest.Values("password_lama", "bukan-kata-sandinya", "password", baru, "password_confirm", baru))
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Kata sandi saat ini salah") {
		t.Fatalf("wrong current password: %d", r.Status)
	}
	if !signedIn(b, "/akun") {
		t.Fatal("a refused change ended the other session")
	}
	r = a.PostForm("/akun/kata-sandi", webtest.Values("password_lama", servertest.RegistratorPassword, "password", baru, "password_confirm", baru))
	if r.Status != http.StatusSeeOther || r.Location != "/akun" {
		t.Fatalf("change: %d %q", r.Status, r.Location)
	}
	if !signedIn(a, "/akun") {
		t.Error("the session that changed the password was ended")
	}
	if signedIn(b, "/akun") {
		t.Error("the other session survived the change")
	}
	if n := count(t, p, "SELECT count(*) FROM sessions WHERE user_kind = 'registrator' AND user_id = $1", reg.PejabatID); n != 1 {
		t.Errorf("%d sessions left for the registrator, want 1", n)
	}
	if subject, _ := latestMail(t, p, reg.Email); subject != "Kata Sandi Portal Regsosek Telah Diubah" {
		t.Errorf("latest email %q", subject)
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'kata_sandi.ubah' AND object_id = $1", reg.PejabatID); n != 1 {
		t.Errorf("%d audit rows", n)
	}
	p.Login(t, reg.Username, baru)
}

// A session written back while the change commits (scs commits at the end of each request) must not come
// back to life: its sesi_versi is older than the person's.
func TestSessionWrittenBackAfterChangeStaysEnded(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ctx := context.Background()
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	a := p.Login(t, reg.Username, servertest.RegistratorPassword)
	b := p.Login(t, reg.Username, servertest.RegistratorPassword)
	if _, err := p.Store.Pool.Exec(ctx, "CREATE TABLE sesi_simpan AS SELECT * FROM sessions"); err != nil {
		t.Fatal(err)
	}
	const baru = "Kopi-Tubruk-Sore-Hari-77"
	mustStatus(t, "change", a.PostForm("/akun/kata-sandi", webtest.Values("password_lama", servertest.RegistratorPassword,
		"password", baru, "password_confirm", baru)), http.StatusSeeOther)
	if _, err := p.Store.Pool.Exec(ctx, "INSERT INTO sessions SELECT * FROM sesi_simpan ON CONFLICT (token) DO NOTHING"); err != nil {
		t.Fatal(err)
	}
	if signedIn(b, "/akun") {
		t.Error("a session written back after the change is signed in")
	}
}

// A reset through the emailed link ends every session of the person, and emails them.
func TestPasswordResetEndsEverySession(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	a := p.Login(t, reg.Username, servertest.RegistratorPassword)
	anon := webtest.NewClient(t, p.URL)
	mustStatus(t, "lupa", anon.PostForm("/lupa-kata-sandi", webtest.Values("username", reg.Username)), http.StatusOK)
	_, text := latestMail(t, p, reg.Email)
	link := regexp.MustCompile(`/atur-ulang-kata-sandi/[A-Za-z0-9_-]+`).FindString(text)
	if link == "" {
		t.Fatal("no reset link mailed")
	}
	const baru = "Kopi-Tubruk-Sore-Hari-77"
	mustStatus(t, "reset", anon.PostForm(link, webtest.Values("password", baru, "password_confirm", baru)), http.StatusSeeOther)
	if signedIn(a, "/akun") {
		t.Error("a session survived the reset")
	}
	if subject, _ := latestMail(t, p, reg.Email); subject != "Kata Sandi Portal Regsosek Telah Diubah" {
		t.Errorf("latest email %q", subject)
	}
}

// Staff change their password only with the current one (a stolen session cannot), and their other sessions end.
func TestStaffPasswordChangeAsksForCurrent(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Now())
	p := servertest.NewWithClock(t, clock)
	st := p.CreateStaff(t, "petugas.ganti", account.RoleAdmin)
	a := p.StaffLogin(t, st, clock.Now())
	clock.Advance(30 * time.Second)
	b := p.StaffLogin(t, st, clock.Now())
	const baru = "Teh-Tarik-Hangat-Pagi-42"
	r := a.PostForm("/petugas/kata-sandi", webtest.Values("password", baru, "password_confirm", baru))
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("change without the current password: %d", r.Status)
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'kata_sandi.ubah'"); n != 0 {
		t.Fatal("the refused change was recorded")
	}
	mustStatus(t, "change", a.PostForm("/petugas/kata-sandi", webtest.Values("password_lama", st.Password, "password", baru,
		"password_confirm", baru)), http.StatusSeeOther)
	if !signedIn(a, "/petugas") || signedIn(b, "/petugas") {
		t.Error("after the change the changing session must stay and the other end")
	}
	if subject, _ := latestMail(t, p, st.Username+"@bappenas.go.id"); subject != "Kata Sandi Portal Regsosek Telah Diubah" {
		t.Errorf("latest email to the staff member %q", subject)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
