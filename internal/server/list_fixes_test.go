package server_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// The register lists a draft (it counts in the register) without a link staff could not follow: a draft is
// the registrator's alone (its staff page answers 404).
func TestRegisterListsADraftWithoutALink(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	id := idOf(newPermohonan(t, c))
	staff := staffLogin(t, p, p.CreateStaff(t, "register.draf", account.RoleAdmin), time.Now())
	page := staff.Get("/petugas/permohonan?status=semua")
	if !strings.Contains(page.Body, `data-draf="`) || strings.Contains(page.Body, `href="/petugas/permohonan/`+strconv.FormatInt(id, 10)+`"`) {
		t.Errorf("the draft is not listed, or listed with a link: %.600s", between(page.Body, "<tbody>", "</tbody>"))
	}
	if r := staff.Get("/petugas/permohonan/" + strconv.FormatInt(id, 10)); r.Status != http.StatusNotFound {
		t.Errorf("a draft's staff page: %d", r.Status)
	}
}

// A search the session no longer holds says so on Cari.
func TestCariSaysAForgottenSearchIsGone(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	staff := staffLogin(t, p, p.CreateStaff(t, "cari.lupa", account.RoleAdmin), time.Now())
	if r := staff.Get("/petugas/cari?cari=0123456789abcdef"); r.Status != http.StatusOK || !strings.Contains(r.Body, "Pencarian ini sudah tidak tersimpan") {
		t.Errorf("a forgotten search: %d", r.Status)
	}
}

// The list's old "Ditutup" address gives way to a state chosen on it.
func TestPengaduanOldClosedAddressGivesWayToAState(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	sendPengaduan(t, webtest.NewClient(t, p.URL), pengaduanValues())
	staff := staffLogin(t, p, p.CreateStaff(t, "pengelola.ditutup", account.RolePengelolaLayanan), time.Now())
	if r := staff.Get("/petugas/pengaduan?ditutup=1&status=baru"); !strings.Contains(r.Body, "Permohonan belum diverifikasi") {
		t.Error("?ditutup=1&status=baru does not show the new report")
	}
	if r := staff.Get("/petugas/pengaduan?ditutup=1"); strings.Contains(r.Body, "Permohonan belum diverifikasi") {
		t.Error("?ditutup=1 alone shows an open report")
	}
}

// A list's filter form sends the browser back to the list, never elsewhere: a path segment that decodes to
// "../" or a backslash cannot turn the address into another site's.
func TestListFilterStaysOnTheSite(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	staff := staffLogin(t, p, p.CreateStaff(t, "filter.aman", account.RoleVerifikatorTeknis), time.Now())
	for _, u := range []string{"/petugas/antrean/..%2F..%2F%5Ccontoh.invalid", "/petugas/antrean/%5C%5Ccontoh.invalid", "/petugas/antrean/teknis"} {
		r := staff.PostForm(u, webtest.Values("x", "1"))
		if r.Status != http.StatusSeeOther && r.Status != http.StatusNotFound {
			t.Errorf("%s: %d", u, r.Status)
		}
		if loc := r.Location; strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, `/\`) || strings.Contains(loc, "contoh.invalid") {
			t.Errorf("%s sends the browser to %q", u, loc)
		}
	}
}
