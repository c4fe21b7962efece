package server_test

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

// An edited or stale page address (a cursor of another sort, a key of the wrong type, bytes PostgreSQL
// refuses) shows the list from its first page: never a 500, never rows skipped.
func TestListCursorFromAnotherSortOrEdited(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	staff := staffLogin(t, p, p.CreateStaff(t, "semua.daftar", account.RoleAdmin, account.RoleVerifikatorTeknis, account.RoleVerifikatorAkun,
		account.RolePengelolaLayanan, account.RoleProdusenData, account.RoleOperatorSepakat), time.Now())
	cur := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	bad := []string{
		cur("nomor\nPHA-2026-00001\n5"),            // another sort's key
		cur("diajukan\nPHA-2026-00001\n5"),         // text where a time is read
		cur("nomor\na\x00b\n5"),                    // a NUL
		cur("nomor\n\xff\xfe\n5"),                  // not UTF-8
		cur("PHA-2026-00001\n5"),                   // the old form, without its sort
		"bukan-cursor",                             // not base64 of anything
		cur("diajukan\n2026-11-30 20:00:00+07\nx"), // id not a number
	}
	for _, list := range []string{"/petugas/permohonan", "/petugas/verifikasi-akun", "/petugas/pengaduan", "/petugas/bimtek", "/petugas/akses",
		"/petugas/penggantian-operator", "/petugas/antrean/teknis"} {
		for _, c := range bad {
			for _, dir := range []string{"setelah", "sebelum"} {
				u := list + "?" + url.Values{dir: {c}}.Encode()
				if r := staff.Get(u); r.Status != http.StatusOK {
					t.Errorf("%s: %d, want the first page", u, r.Status)
				} else if dir == "setelah" && strings.Contains(r.Body, `rel="prev"`) {
					t.Errorf("%s: a first page offers a previous one", u)
				}
			}
		}
	}
	// A cursor from the page itself still pages (the sort is in it).
	if r := staff.Get("/petugas/permohonan?" + url.Values{"setelah": {cur("diajukan\n2026-11-30 20:00:00+07\n5")}}.Encode()); r.Status != http.StatusOK {
		t.Errorf("a well-formed cursor: %d", r.Status)
	}
}
