package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// The staff's daily digest (issue 15 item 6): from the configured hour, once a day, to each staff member who
// has not turned it off, with what came into their queues and what is past or near its deadline; nothing
// when there is nothing to say.
func TestDailyDigest(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ctx := context.Background()
	p.CreateStaff(t, "teknis.satu", account.RoleVerifikatorTeknis)
	off := p.CreateStaff(t, "teknis.dua", account.RoleVerifikatorTeknis)
	p.CreateStaff(t, "layanan.satu", account.RolePengelolaLayanan)
	_, _, id, _ := submitted(t, p, "32.73")
	// The digests of the next two mornings (today's when it is not yet 07.00 WIB, so the submission falls
	// within the first digest's last day); the permohonan is due three hours after the first.
	day := indo.Today(time.Now())
	if !time.Now().Before(day.Add(7 * time.Hour)) {
		day = day.AddDate(0, 0, 1)
	}
	var ref string
	if err := p.Store.Pool.QueryRow(ctx, "UPDATE permohonan SET due_at = $2 WHERE id = $1 RETURNING reference", id,
		day.Add(10*time.Hour+15*time.Minute)).Scan(&ref); err != nil {
		t.Fatal(err)
	}

	// The second verifier turns the digest off on their settings page.
	c := staffLogin(t, p, off, time.Now())
	if r := c.Get("/petugas/pengaturan"); r.Status != 200 || !strings.Contains(r.Body, `id="ringkasan" name="ringkasan" value="ya" checked`) ||
		!strings.Contains(r.Body, "Verifikasi Teknis") || !strings.Contains(r.Body, "07.00 WIB") {
		t.Fatalf("settings page: %d %.400s", r.Status, r.Body)
	}
	r := c.PostForm("/petugas/pengaturan", webtest.Values())
	if r.Status != http.StatusSeeOther {
		t.Fatalf("save settings: %d", r.Status)
	}
	if page := c.Get("/petugas/pengaturan"); strings.Contains(page.Body, "checked") || !strings.Contains(page.Body, "Pengaturan tersimpan") {
		t.Error("the digest is still on, or no confirmation")
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'petugas.ringkasan_harian' AND object_id = $1", off.ID); n != 1 {
		t.Errorf("%d audit rows for the setting", n)
	}

	digests := func() int {
		return count(t, p, "SELECT count(*) FROM outbox WHERE subject LIKE 'Ringkasan Harian%'")
	}
	today := day
	send := func(at time.Time) int {
		t.Helper()
		n, err := p.Store.SendDigests(ctx, at, 7)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := send(today.Add(6*time.Hour + 59*time.Minute)); n != 0 || digests() != 0 {
		t.Errorf("%d digests before 07.00 WIB", n)
	}
	if n := send(today.Add(7*time.Hour + 15*time.Minute)); n != 1 {
		t.Fatalf("%d digests at 07.15 WIB, want 1 (the second verifier turned it off, the pengelola layanan has nothing)", n)
	}
	var to, subject, body string
	if err := p.Store.Pool.QueryRow(ctx, "SELECT to_address, subject, body_text FROM outbox WHERE subject LIKE 'Ringkasan Harian%'").
		Scan(&to, &subject, &body); err != nil {
		t.Fatal(err)
	}
	if to != "teknis.satu@bappenas.go.id" || subject != "Ringkasan Harian Portal Regsosek — "+indo.Date(today) {
		t.Errorf("digest to %s: %q", to, subject)
	}
	for _, want := range []string{"Verifikasi Teknis: 1 baru · 1 menunggu · 1 mendekati tenggat", ref, "Pemerintah Kab/Kota 32.73",
		p.Config.BaseURL.String() + "/petugas/antrean/teknis", "Pengaturan"} {
		if !strings.Contains(body, want) {
			t.Errorf("digest lacks %q:\n%s", want, body)
		}
	}
	if n := send(today.Add(16 * time.Hour)); n != 0 {
		t.Errorf("%d digests later the same day", n)
	}
	// The next morning the permohonan is past its deadline: the digest says so and links the overdue list.
	if n := send(today.Add(31 * time.Hour)); n != 1 {
		t.Fatalf("%d digests the next morning", n)
	}
	if err := p.Store.Pool.QueryRow(ctx, "SELECT body_text FROM outbox WHERE subject LIKE 'Ringkasan Harian%' ORDER BY id DESC LIMIT 1").
		Scan(&body); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, "0 baru · 1 menunggu · 1 lewat tenggat") || !strings.Contains(body, "/petugas/antrean/teknis?lewat=ya") {
		t.Errorf("second digest:\n%s", body)
	}
	if n := count(t, p, "SELECT count(*) FROM outbox WHERE to_address IN ($1, $2)", "teknis.dua@bappenas.go.id", "layanan.satu@bappenas.go.id"); n != 0 {
		t.Errorf("%d digests to staff who turned it off or had nothing", n)
	}
}
