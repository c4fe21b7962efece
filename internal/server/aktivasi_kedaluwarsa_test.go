package server_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// An approval whose activation link lapses unused ends (retention, hourly): the instansi may register again,
// and an office waiting for a successor who never activated may file a new handover.
func TestApprovalEndsWhenItsActivationLapses(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ctx := context.Background()
	staff := staffLogin(t, p, p.CreateStaff(t, "verifikator.lapse", account.RoleVerifikatorAkun), time.Now())
	// Retention run as of 8 days on, past the 7-day activation link. It also ends every session expiring by
	// then, so the staff member signs in again (a new one: a TOTP code is taken once) and so does c.
	later := func() {
		t.Helper()
		r, err := p.Store.ApplyRetention(ctx, time.Now().Add(8*24*time.Hour), store.RetentionPolicy{})
		if err != nil || r.Unactivated != 1 {
			t.Fatalf("retention: %+v, %v; want one approval ended", r, err)
		}
	}

	// A first registration, approved, never activated.
	in := defaultReg()
	register(t, p, in)
	approve(t, p, staff, in.email)
	later()
	if n := count(t, p, "SELECT count(*) FROM akun WHERE state = 'ditolak' AND reject_reason IS NOT NULL"); n != 1 {
		t.Error("the akun still waits for its first official")
	}
	if subject, _ := latestMail(t, p, in.email); subject != "Tautan Aktivasi Akun Layanan Regsosek Kedaluwarsa" {
		t.Errorf("the official is not told: %q", subject)
	}
	register(t, p, in) // the instansi registers again (register fails the test otherwise)
	staff = staffLogin(t, p, p.CreateStaff(t, "verifikator.lapse.dua", account.RoleVerifikatorAkun), time.Now())
	path, code := approve(t, p, staff, in.email)
	c := webtest.NewClient(t, p.URL)
	mustStatus(t, "activate", c.PostForm(path, webtest.Values("otp", code)), http.StatusSeeOther)
	mustStatus(t, "login", c.PostForm("/masuk", webtest.Values("username", in.username, "password", in.password)), http.StatusSeeOther)

	// A handover approved, the successor never activates: the office may file another.
	handover := webtest.Values("instansi", "Pemerintah Kota Bandung", "unit_kerja", "Bappelitbang", "nama", "Sri Wahyuni",
		"nik", "3273015508850003", "jabatan", "Kepala Subbidang Data", "email", "sri@bandung.go.id",
		"email_unit_kerja", "bappeda@bandung.go.id", "no_handphone", "+62 813 1111 2222", "username", "sri.bandung")
	mustStatus(t, "handover", c.PostMultipart("/akun/penggantian-pejabat", handover, goodFiles(t)...), http.StatusSeeOther)
	approve(t, p, staff, "sri@bandung.go.id")
	later()
	if n := count(t, p, "SELECT count(*) FROM akun WHERE state = 'aktif'"); n != 1 {
		t.Error("a lapsed successor took the akun with them")
	}
	handover.Set("username", "sri.bandung2")
	mustStatus(t, "login again", c.PostForm("/masuk", webtest.Values("username", in.username, "password", in.password)), http.StatusSeeOther)
	mustStatus(t, "a new handover", c.PostMultipart("/akun/penggantian-pejabat", handover, goodFiles(t)...), http.StatusSeeOther)
	if n := count(t, p, "SELECT count(*) FROM pejabat WHERE username = 'sri.bandung2' AND state = 'menunggu_verifikasi'"); n != 1 {
		t.Error("the new handover is not waiting for verification")
	}
}
