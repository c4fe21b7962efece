package server_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

// A signed-in page waits on PostgreSQL as few times as it can (issue 15, fast at national volume): the
// session comes with the person it belongs to in one round trip, and Akun Saya reads everything it shows in
// one more, however many permohonan, services and officials the account has; Lihat reads its permohonan in
// one and the rest of the page in another.
func TestSignedInRoundTrips(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	staff := p.CreateStaff(t, "petugas.jalan", account.RoleAdmin)
	sc := p.StaffLogin(t, staff, time.Now())
	for _, tc := range []struct {
		name, path, want string
		trips            int64
	}{
		{"Akun Saya", "/akun", "Akun Saya", 2},
		// The session, the permohonan with its rows and documents, then everything else the page shows.
		{"Lihat permohonan", "/permohonan/" + strconv.FormatInt(id, 10), "Riwayat", 3},
		{"Ganti Kata Sandi (registrator)", "/akun/kata-sandi", "Kata Sandi", 1},
		{"Ganti Kata Sandi (petugas)", "/petugas/kata-sandi", "Kata Sandi", 1},
	} {
		client := c
		if strings.HasPrefix(tc.path, "/petugas") {
			client = sc
		}
		client.Get(tc.path) // a first load fills what is kept in memory (prepared statements)
		before := p.Queries.RoundTrips()
		r := client.Get(tc.path)
		trips := p.Queries.RoundTrips() - before
		if r.Status != http.StatusOK || !strings.Contains(r.Body, tc.want) {
			t.Fatalf("%s: %d", tc.name, r.Status)
		}
		if trips != tc.trips {
			t.Errorf("%s: %d round trips, want %d (last statements: %v)", tc.name, trips, tc.trips, p.Queries.Last(8))
		}
	}
	// More of everything on the account changes nothing.
	for range 3 {
		p.SubmitSample(t, reg, "32.73")
	}
	before := p.Queries.RoundTrips()
	if r := c.Get("/akun"); r.Status != http.StatusOK {
		t.Fatalf("Akun Saya: %d", r.Status)
	}
	if trips := p.Queries.RoundTrips() - before; trips != 2 {
		t.Errorf("Akun Saya with four permohonan: %d round trips", trips)
	}
}
