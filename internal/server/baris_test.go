package server_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/jobstest"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// One account at a time (issue 13): the produsen data revokes one row and extends another; each row keeps
// its own end, warning and expiry; the permohonan stays in force while a row is, and ends with the last.

// akunOf returns the newest Sepakat account of a row, by its pengguna.
func akunOf(t *testing.T, p *servertest.Portal, id int64, pengguna string) (akunID int64, username, state string) {
	t.Helper()
	err := p.Store.Pool.QueryRow(context.Background(), `SELECT a.id, a.username, a.state FROM akses_akun a JOIN permohonan_rows r ON r.id = a.row_id
		WHERE a.permohonan_id = $1 AND r.pengguna = $2 ORDER BY a.id DESC LIMIT 1`, id, pengguna).Scan(&akunID, &username, &state)
	if err != nil {
		t.Fatal(err)
	}
	return akunID, username, state
}

// threeRowsInForce gives a kab/kota access with three Sepakat rows until 30 June 2026 on the test's clock.
func threeRowsInForce(t *testing.T) (*servertest.Portal, *servertest.Clock, servertest.Registrator, *webtest.Client, int64, *jobstest.Runner) {
	t.Helper()
	p, clock := clockPortal(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitThreeSepakat(t, reg, "32.73")
	p.Approve(t, id, clock.Now(), date(2026, 6, 30))
	runner := p.JobRunner(t, clock.Now, nil)
	p.GiveAccess(t, c, id, runner, clock.Now())
	return p, clock, reg, c, id, runner
}

func registryState(t *testing.T, p *servertest.Portal, username string) (state, until string) {
	t.Helper()
	var d time.Time
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT state, berlaku_sampai FROM sepakat_registry WHERE username = $1", username).Scan(&state, &d); err != nil {
		t.Fatalf("registry %s: %v", username, err)
	}
	return state, d.Format(time.DateOnly)
}

func TestOneRowRevokedAnotherExtended(t *testing.T) {
	t.Parallel()
	p, clock, reg, c, id, runner := threeRowsInForce(t)
	sp := "/petugas/akses/" + strconv.FormatInt(id, 10)
	produsen := staffLogin(t, p, p.CreateStaff(t, "produsen.baris", account.RoleProdusenData), clock.Now())
	sosial, sosialUser, _ := akunOf(t, p, id, "Dinas Sosial")
	pendidikan, pendidikanUser, _ := akunOf(t, p, id, "Dinas Pendidikan")
	_, kesehatanUser, _ := akunOf(t, p, id, "Dinas Kesehatan")
	page := produsen.Get(sp)
	if strings.Count(page.Body, "Cabut Baris Ini") != 3 || strings.Count(page.Body, "Perpanjang Baris Ini") != 3 {
		t.Fatalf("the per-row actions are not offered: %s", between(page.Body, "Hak Akses per Baris", "Riwayat Proses"))
	}
	sosialLink := linksTo(t, p, "operator003@daerah.go.id")[0]

	// Revoke Dinas Sosial alone: a reason is required, nothing changes without one.
	cabut := sp + "/akun/" + strconv.FormatInt(sosial, 10) + "/cabut"
	field := "alasan_" + strconv.FormatInt(sosial, 10)
	if r := produsen.PostForm(cabut, webtest.Values(field, "singkat")); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "alasan pencabutan") {
		t.Fatalf("revocation without a reason: %d", r.Status)
	}
	if _, _, st := akunOf(t, p, id, "Dinas Sosial"); st != "aktif" {
		t.Fatal("a refused revocation changed the account")
	}
	reason := "Operator Dinas Sosial membagikan data kepada pihak ketiga."
	mustStatus(t, "cabut baris", produsen.PostForm(cabut, webtest.Values(field, reason)), http.StatusSeeOther)
	mustState(t, p, id, "akses_diberikan")
	if _, _, st := akunOf(t, p, id, "Dinas Sosial"); st != "dicabut" {
		t.Errorf("Dinas Sosial is %s", st)
	}
	for _, u := range []string{"Dinas Pendidikan", "Dinas Kesehatan"} {
		if _, _, st := akunOf(t, p, id, u); st != "aktif" {
			t.Errorf("%s touched: %s", u, st)
		}
	}
	if r := webtest.NewClient(t, p.URL).Get(sosialLink); r.Status != http.StatusGone {
		t.Errorf("the revoked row's link still opens: %d", r.Status)
	}
	if subject, text := latestMail(t, p, reg.Email); !strings.Contains(subject, "Dicabut: Dinas Sosial") || !strings.Contains(text, reason) ||
		!strings.Contains(text, "Berita Acara Pemusnahan Data") {
		t.Errorf("the registrator's letter: %s\n%s", subject, text)
	}
	if subject, _ := latestMail(t, p, "operator003@daerah.go.id"); !strings.Contains(subject, "Tidak Berlaku Lagi") {
		t.Errorf("the operator is not told: %q", subject)
	}
	if n := count(t, p, "SELECT count(*) FROM permohonan_events WHERE permohonan_id = $1 AND event = 'cabut_baris' AND actor_role = 'produsen_data'", id); n != 1 {
		t.Errorf("%d timeline entries of the row's revocation", n)
	}
	if n := count(t, p, "SELECT count(*) FROM pemusnahan WHERE akun_id = $1 AND state = 'menunggu' AND tenggat = '2026-04-01'", sosial); n != 1 {
		t.Error("no Berita Acara Pemusnahan asked for, due 30 days later")
	}
	servertest.RunJobs(t, runner)
	if st, _ := registryState(t, p, sosialUser); st != "dicabut" {
		t.Errorf("Sepakat still has %s %s", sosialUser, st)
	}
	for _, u := range []string{pendidikanUser, kesehatanUser} {
		if st, _ := registryState(t, p, u); st != "aktif" {
			t.Errorf("Sepakat closed %s", u)
		}
	}

	// Extend Dinas Pendidikan alone, within the rules in place.
	perpanjang := sp + "/akun/" + strconv.FormatInt(pendidikan, 10) + "/perpanjang"
	sampai := "sampai_" + strconv.FormatInt(pendidikan, 10)
	for _, bad := range []string{"2026-03-01", "2026-06-30", "2027-12-31", "bukan tanggal"} {
		if r := produsen.PostForm(perpanjang, webtest.Values(sampai, bad)); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("extension to %q: %d", bad, r.Status)
		}
	}
	mustStatus(t, "perpanjang baris", produsen.PostForm(perpanjang, webtest.Values(sampai, "2026-12-31")), http.StatusSeeOther)
	if n := count(t, p, "SELECT count(*) FROM akses_akun WHERE id = $1 AND berlaku_sampai = '2026-12-31' AND state = 'aktif'", pendidikan); n != 1 {
		t.Error("the row's end did not move")
	}
	if n := count(t, p, "SELECT count(*) FROM permohonan WHERE id = $1 AND akses_berakhir = '2026-12-31'", id); n != 1 {
		t.Error("the permohonan's end in force is not its latest row's")
	}
	servertest.RunJobs(t, runner)
	if _, until := registryState(t, p, pendidikanUser); until != "2026-12-31" {
		t.Errorf("Sepakat has %s until %s", pendidikanUser, until)
	}
	if _, until := registryState(t, p, kesehatanUser); until != "2026-06-30" {
		t.Errorf("Sepakat moved %s to %s", kesehatanUser, until)
	}

	// The registrator sees each row's own state and end.
	rows := between(c.Get("/permohonan/"+strconv.FormatInt(id, 10)).Body, `data-testid="accounts"`, "</table>")
	for _, want := range []string{"Dicabut", "31 Desember 2026", "30 Juni 2026", reason} {
		if !strings.Contains(rows, want) {
			t.Errorf("the registrator's table lacks %q", want)
		}
	}

	// Dinas Kesehatan now ends before the permohonan: its own warning, then its own end.
	moveTo(clock, time.Date(2026, 5, 31, 8, 0, 0, 0, wib))
	servertest.RunJobs(t, runner)
	if n := mails(t, p, reg.Email, "Hak Akses Sepakat Akan Berakhir: Dinas Kesehatan"); n != 1 {
		t.Errorf("%d warnings of the row alone", n)
	}
	if n := mails(t, p, reg.Email, "Hak Akses Data Regsosek Akan Berakhir"); n != 0 {
		t.Error("the permohonan's warning went out for one row")
	}
	moveTo(clock, time.Date(2026, 7, 1, 0, 5, 0, 0, wib))
	servertest.RunJobs(t, runner)
	servertest.RunJobs(t, runner)
	mustState(t, p, id, "akses_diberikan")
	if _, _, st := akunOf(t, p, id, "Dinas Kesehatan"); st != "berakhir" {
		t.Errorf("Dinas Kesehatan is %s after its end", st)
	}
	if st, _ := registryState(t, p, kesehatanUser); st != "dicabut" {
		t.Error("Sepakat did not close the ended row")
	}
	if n := mails(t, p, reg.Email, "Hak Akses Sepakat Berakhir: Dinas Kesehatan"); n != 1 {
		t.Errorf("%d end letters of the row", n)
	}
	if n := count(t, p, "SELECT count(*) FROM permohonan_events WHERE permohonan_id = $1 AND event = 'baris_berakhir' AND actor_kind = 'sistem'", id); n != 1 {
		t.Errorf("%d timeline entries of the row's end", n)
	}

	// The last row in force revoked: the permohonan ends with it.
	last := "alasan_" + strconv.FormatInt(pendidikan, 10)
	mustStatus(t, "cabut terakhir", produsen.PostForm(sp+"/akun/"+strconv.FormatInt(pendidikan, 10)+"/cabut",
		webtest.Values(last, "Kegiatan pemutakhiran Dinas Pendidikan dihentikan.")), http.StatusSeeOther)
	mustState(t, p, id, "dicabut")
	if subject, _ := latestMail(t, p, reg.Email); subject != "Hak Akses Data Regsosek Dicabut" {
		t.Errorf("the last row's revocation letter: %q", subject)
	}
	if n := count(t, p, "SELECT count(*) FROM pemusnahan WHERE permohonan_id = $1 AND state = 'menunggu'", id); n != 3 {
		t.Errorf("%d Berita Acara waiting, want one per row that ended", n)
	}
}

// Under the six-month rule no row is extended alone before the SK Forum Satu Data (§3.2.5 Khusus a).
func TestRowExtensionUnderSixMonthRule(t *testing.T) {
	t.Parallel()
	p, clock := clockPortal(t)
	c, _, id, _ := submitted(t, p, "32.73")
	p.Approve(t, id, clock.Now(), date(2026, 9, 1))
	runner := p.JobRunner(t, clock.Now, nil)
	p.GiveAccess(t, c, id, runner, clock.Now())
	produsen := staffLogin(t, p, p.CreateStaff(t, "produsen.enam.baris", account.RoleProdusenData), clock.Now())
	akun, _, _ := akunOf(t, p, id, "Dinas Sosial")
	r := produsen.PostForm("/petugas/akses/"+strconv.FormatInt(id, 10)+"/akun/"+strconv.FormatInt(akun, 10)+"/perpanjang",
		webtest.Values("sampai_"+strconv.FormatInt(akun, 10), "2026-10-01"))
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, "SK Penetapan Forum Satu Data") {
		t.Errorf("one row extended without the SK: %d", r.Status)
	}
	if page := produsen.Get("/petugas/akses/" + strconv.FormatInt(id, 10)); strings.Contains(page.Body, "Perpanjang Baris Ini") {
		t.Error("the per-row extension is offered under the six-month rule")
	}
}
