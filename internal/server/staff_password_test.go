package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// A staff account made with a one-time password must choose its own before doing anything else.
func TestStaffOneTimePasswordMustBeChanged(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Now())
	p := servertest.NewWithClock(t, clock)
	ctx := context.Background()
	key, _ := totp.Generate(totp.GenerateOpts{Issuer: "Portal Regsosek", AccountName: "baru.petugas"})
	const oneTime = "SekaliPakai-Abc123xyz"
	hash, _ := account.HashPassword(oneTime)
	if _, err := p.Store.CreateStaff(ctx, account.NewStaff{Username: "baru.petugas", Nama: "Petugas Baru", Email: "baru@bappenas.go.id",
		PasswordHash: hash, TOTPSecret: key.Secret(), Roles: []account.Role{"verifikator_teknis"}, MustChangePassword: true},
		account.Actor{Kind: account.ActorSistem}); err != nil {
		t.Fatal(err)
	}
	c := staffLogin(t, p, servertest.Staff{Username: "baru.petugas", Password: oneTime, TOTPSecret: key.Secret()}, clock.Now())
	for _, path := range []string{"/petugas", "/petugas/antrean/teknis"} {
		if r := c.Get(path); r.Status != http.StatusSeeOther || r.Location != "/petugas/kata-sandi" {
			t.Errorf("GET %s before choosing a password: %d %q", path, r.Status, r.Location)
		}
	}
	page := c.Get("/petugas/kata-sandi")
	if page.Status != 200 || !strings.Contains(page.Body, "kata sandi sekali pakai") {
		t.Fatalf("password page: %d", page.Status)
	}
	mustStatus(t, "weak", c.PostForm("/petugas/kata-sandi", webtest.Values("password_lama", oneTime, "password", "pendek", "password_confirm", "pendek")), http.StatusUnprocessableEntity)
	const mine = "Teh-Tarik-Hangat-Pagi-42"
	r := c.PostForm("/petugas/kata-sandi", webtest.Values("password_lama", oneTime, "password", mine, "password_confirm", mine))
	if r.Status != http.StatusSeeOther || r.Location != "/petugas" {
		t.Fatalf("change: %d %q", r.Status, r.Location)
	}
	if r := c.Get("/petugas"); r.Status != 200 {
		t.Errorf("/petugas after the change: %d", r.Status)
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'kata_sandi.ubah' AND object_type = 'staff'"); n != 1 {
		t.Errorf("%d audit rows for the change", n)
	}
	// The one-time password is dead; the new one works (next TOTP step: a code is single use).
	fresh := webtest.NewClient(t, p.URL)
	if r := fresh.PostForm("/masuk", webtest.Values("username", "baru.petugas", "password", oneTime)); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("one-time password after the change: %d", r.Status)
	}
	clock.Advance(30 * time.Second)
	staffLogin(t, p, servertest.Staff{Username: "baru.petugas", Password: mine, TOTPSecret: key.Secret()}, clock.Now())
}
