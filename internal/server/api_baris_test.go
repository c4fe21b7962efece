package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/api"
	rg "github.com/bappenas/portal-regsosek/internal/register"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// The API follows access one account at a time (issue 13): an operator replaced, one row revoked and another
// extended each reach Sepakat's key through the entitlements and the changes feed, while the rows left alone
// stay as they were.
func TestAPIFollowsEachRow(t *testing.T) {
	t.Parallel()
	p, clock, _, c, id, runner := threeRowsInForce(t)
	admin := staffLogin(t, p, p.CreateStaff(t, "admin.api.baris", account.RoleAdmin), clock.Now())
	sepakat := issueKey(t, admin, url.Values{"nama": {"Sepakat produksi"}, "batas": {"600"}, "cakupan": {"hak_akses", "perubahan", "permohonan"}})
	var nomor string
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT reference FROM permohonan WHERE id = $1", id).Scan(&nomor); err != nil {
		t.Fatal(err)
	}
	feed := waitFeed(t, p, sepakat, "", nomor, api.AksesDiberikan, 3)
	cursor := feed.KursorBerikutnya
	entitlements := func() map[string]api.HakAkses {
		var list api.HakAksesList
		callAPI(t, p, "/api/v1/hak-akses", sepakat).decode(t, &list)
		out := map[string]api.HakAkses{}
		for _, h := range list.HakAkses {
			out[h.Pengguna] = h
		}
		return out
	}
	before := entitlements()
	if len(before) != 3 {
		t.Fatalf("entitlements: %+v", before)
	}

	// Penggantian Operator of Dinas Sosial: the old account is replaced, the new one given, naming the old.
	sosialOld, sosialOldUser, _ := akunOf(t, p, id, "Dinas Sosial")
	staff := fileGanti(t, p, c, id)
	teknis := staffLogin(t, p, p.CreateStaff(t, "teknis.api", account.RoleVerifikatorTeknis), clock.Now())
	mustStatus(t, "sesuai", teknis.PostForm(staff+"/putuskan", webtest.Values("hasil", "sesuai")), http.StatusSeeOther)
	servertest.RunJobs(t, runner)
	sosialNew, sosialNewUser, _ := akunOf(t, p, id, "Dinas Sosial")
	feed = waitFeed(t, p, sepakat, cursor, nomor, api.AksesDiberikan, 1)
	if len(feed.Perubahan) != 2 {
		t.Fatalf("the replacement's changes: %+v", feed.Perubahan)
	}
	if ch := feed.Perubahan[0]; ch.Jenis != api.OperatorDiganti || ch.HakAksesID != sosialOld || ch.AkunOperator != sosialOldUser || ch.StatusHakAksesSaatIni != "diganti" {
		t.Errorf("the old operator's account: %+v", ch)
	}
	if ch := feed.Perubahan[1]; ch.HakAksesID != sosialNew || ch.AkunOperator != sosialNewUser || ch.Menggantikan == nil || *ch.Menggantikan != sosialOldUser ||
		ch.BerlakuSampai != before["Dinas Sosial"].BerlakuSampai || ch.Tingkat != before["Dinas Sosial"].Tingkat || ch.StatusPermohonanSaatIni != "akses_diberikan" {
		t.Errorf("the new operator's account: %+v", ch)
	}
	if now := entitlements(); now["Dinas Sosial"].ID != sosialNew || now["Dinas Sosial"].AkunOperator != sosialNewUser || len(now) != 3 {
		t.Errorf("entitlements after the replacement: %+v", now)
	}
	cursor = feed.KursorBerikutnya

	// Dinas Kesehatan revoked alone: its revocation, the others untouched.
	sp := "/petugas/akses/" + strconv.FormatInt(id, 10)
	produsen := staffLogin(t, p, p.CreateStaff(t, "produsen.api.baris", account.RoleProdusenData), clock.Now())
	kesehatan, _, _ := akunOf(t, p, id, "Dinas Kesehatan")
	k := strconv.FormatInt(kesehatan, 10)
	mustStatus(t, "cabut baris", produsen.PostForm(sp+"/akun/"+k+"/cabut", webtest.Values("alasan_"+k, "Operator Dinas Kesehatan membagikan data kepada pihak ketiga.")),
		http.StatusSeeOther)
	feed = waitFeed(t, p, sepakat, cursor, nomor, api.AksesDicabut, 1)
	if len(feed.Perubahan) != 1 || feed.Perubahan[0].HakAksesID != kesehatan || feed.Perubahan[0].StatusPermohonanSaatIni != "akses_diberikan" {
		t.Errorf("the row's revocation: %+v", feed.Perubahan)
	}
	cursor = feed.KursorBerikutnya

	// Dinas Pendidikan extended alone: the new end in the feed and in the entitlements; its permohonan follows.
	pendidikan, _, _ := akunOf(t, p, id, "Dinas Pendidikan")
	k = strconv.FormatInt(pendidikan, 10)
	mustStatus(t, "perpanjang baris", produsen.PostForm(sp+"/akun/"+k+"/perpanjang", webtest.Values("sampai_"+k, "2026-12-31")), http.StatusSeeOther)
	servertest.RunJobs(t, runner)
	feed = waitFeed(t, p, sepakat, cursor, nomor, api.AksesDiperpanjang, 1)
	if len(feed.Perubahan) != 1 || feed.Perubahan[0].HakAksesID != pendidikan || feed.Perubahan[0].BerlakuSampai != "2026-12-31" {
		t.Errorf("the row's extension: %+v", feed.Perubahan)
	}
	now := entitlements()
	if len(now) != 2 || now["Dinas Pendidikan"].BerlakuSampai != "2026-12-31" || now["Dinas Sosial"].BerlakuSampai != before["Dinas Sosial"].BerlakuSampai {
		t.Errorf("entitlements after the row's moves: %+v", now)
	}
	var st api.StatusPermohonan
	callAPI(t, p, "/api/v1/permohonan/"+nomor, sepakat).decode(t, &st)
	want := map[string][2]string{"Dinas Sosial": {"aktif", before["Dinas Sosial"].BerlakuSampai}, "Dinas Pendidikan": {"aktif", "2026-12-31"},
		"Dinas Kesehatan": {"dicabut", before["Dinas Kesehatan"].BerlakuSampai}}
	for _, b := range st.Baris {
		if b.StatusAkun == nil || b.BerlakuSampai == nil || [2]string{*b.StatusAkun, *b.BerlakuSampai} != want[b.Pengguna] {
			t.Errorf("the status of %s: %v %v", b.Pengguna, b.StatusAkun, b.BerlakuSampai)
		}
	}
	if len(st.Baris) != 3 || st.Status != "akses_diberikan" || st.BerlakuSampai == nil || *st.BerlakuSampai != "2026-12-31" {
		t.Errorf("the permohonan's status: %+v", st)
	}

	// The public register shows each unit where it stands: Dinas Kesehatan revoked alone, Dinas Pendidikan
	// until its own new end, while the entry is in force.
	var entry rg.EntryJSON
	callAPI(t, p, "/api/v1/register/"+nomor, "").decode(t, &entry)
	units := map[string][2]string{}
	for _, u := range entry.Pengguna {
		units[u.Nama] = [2]string{string(u.Status), u.Sampai}
	}
	if entry.Status != rg.Berlaku || units["Dinas Kesehatan"][0] != "dicabut" || units["Dinas Pendidikan"] != [2]string{"berlaku", "2026-12-31"} ||
		units["Dinas Sosial"] != [2]string{"berlaku", before["Dinas Sosial"].BerlakuSampai} {
		t.Errorf("the register entry: %s %v", entry.Status, units)
	}
	if page := webtest.NewClient(t, p.URL).Get("/register/" + nomor); !strings.Contains(between(page.Body, `data-testid="pengguna"`, "</table>"), "Dicabut") {
		t.Error("the register's page does not show the revoked unit")
	}
}
