package server_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/webtest"
)

func TestZZReviewCursorAndSearch(t *testing.T) {
	p, _, c := listPortal(t, 120, 10, 10)
	ctx := context.Background()
	cur := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for _, u := range []string{
		"/petugas/permohonan?urut=diajukan&setelah=" + cur("PHA-2026-00001\n5"),
		"/petugas/permohonan?setelah=" + cur("PHA-2026-00001\n5"),
		"/petugas/permohonan?urut=nomor&setelah=" + cur("a\x00b\n5"),
		"/petugas/permohonan?urut=nomor&setelah=" + cur("\xff\xfe\n5"),
		"/petugas/permohonan?urut=nomor&setelah=" + cur("x\n99999999999999999999"),
		"/petugas/verifikasi-akun?status=semua&sebelum=" + cur("zzz\n1"),
		"/petugas/pengaduan?sebelum=" + cur("zzz\n1"),
		"/petugas/bimtek?urut=usulan&setelah=" + cur("2024-13-45\n1"),
		"/petugas/akses?urut=sejak&setelah=" + cur("1\n1"),
		"/petugas/permohonan/ekspor.csv?urut=diajukan&setelah=" + cur("zz\n1"),
	} {
		r := c.Get(u)
		t.Logf("%s -> %d", u, r.Status)
	}
	for _, q := range []string{"abc\x00def", "\xff\xfeabc", "100%", "a_b", `x\y`, "O'Brien \"q\"", strings.Repeat("é", 300)} {
		r := c.PostForm("/petugas/permohonan", webtest.Values("q", q))
		if r.Status != http.StatusSeeOther {
			t.Logf("post %q -> %d", q, r.Status)
			continue
		}
		g := c.Get(r.Location)
		t.Logf("search %q -> %d", q, g.Status)
		r = c.PostForm("/petugas/cari", webtest.Values("q", q))
		if r.Status == http.StatusSeeOther {
			g := c.Get(r.Location)
			t.Logf("cari %q -> %d", q, g.Status)
		}
	}
	// Ties: every permohonan submitted at the same instant.
	if _, err := p.Store.Pool.Exec(ctx, `UPDATE permohonan SET submitted_at = CASE WHEN submitted_at IS NULL THEN NULL ELSE '2025-01-01 00:00:00.123456+00'::timestamptz END, created_at = '2025-01-01 00:00:00.123456+00'`); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"/petugas/permohonan", "/petugas/permohonan?urut=diajukan&arah=naik", "/petugas/permohonan?urut=diajukan&arah=turun",
		"/petugas/permohonan?urut=instansi&arah=turun", "/petugas/permohonan?urut=tenggat"} {
		var pages []listed
		l := readList(t, c, u)
		pages = append(pages, l)
		for l.next != "" {
			l = readList(t, c, l.next)
			pages = append(pages, l)
		}
		var all []string
		for _, pg := range pages {
			all = append(all, pg.rows...)
		}
		seen := map[string]bool{}
		for _, x := range all {
			if seen[x] {
				t.Errorf("%s: dup %s", u, x)
			}
			seen[x] = true
		}
		if len(all) != pages[0].count {
			t.Errorf("%s: %d rows count %d", u, len(all), pages[0].count)
		}
		// walk back from the last page
		for i := len(pages) - 1; i > 0; i-- {
			if pages[i].prev == "" {
				t.Errorf("%s: page %d no prev", u, i)
				break
			}
			back := readList(t, c, pages[i].prev)
			if !slices.Equal(back.rows, pages[i-1].rows) {
				t.Errorf("%s: prev of page %d differs", u, i)
			}
			if i-1 == 0 && back.prev != "" {
				t.Errorf("%s: first page reached backward has prev", u)
			}
		}
		t.Logf("%s: %d rows %d pages", u, len(all), len(pages))
	}
}
