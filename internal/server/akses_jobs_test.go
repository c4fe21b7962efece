package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/sepakat"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// The jobs of Tahap 5–6 on a clock the test moves (river, worked by servertest.RunJobs): the 30-day warning,
// the expiry, the six-month rule, extension, revocation, and an HTTP adapter that refuses. Runs that die
// and instances working at once are in akses_jobs_runs_test.go.

var wib = indo.Jakarta

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// moveTo sets the clock to at (it only moves forward).
func moveTo(clock *servertest.Clock, at time.Time) { clock.Advance(at.Sub(clock.Now())) }

func mails(t *testing.T, p *servertest.Portal, to, subject string) int {
	t.Helper()
	return count(t, p, "SELECT count(*) FROM outbox WHERE to_address = $1 AND subject = $2", to, subject)
}

// clockPortal starts a portal whose clock reads 2 March 2026, 10.00 WIB.
func clockPortal(t *testing.T) (*servertest.Portal, *servertest.Clock) {
	clock := servertest.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, wib))
	return servertest.NewWithClock(t, clock), clock
}

func TestExpiryWarningAndEnd(t *testing.T) {
	t.Parallel()
	p, clock := clockPortal(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	p.Approve(t, id, clock.Now(), date(2026, 6, 30))
	runner := p.JobRunner(t, clock.Now, nil)
	p.GiveAccess(t, c, id, runner, clock.Now())
	registry := &store.SepakatRegistry{Store: p.Store, Now: clock.Now}
	link := linksTo(t, p, "operator004@daerah.go.id")[0]
	const warning, ended = "Hak Akses Data Regsosek Akan Berakhir", "Hak Akses Data Regsosek Berakhir"

	moveTo(clock, time.Date(2026, 5, 30, 23, 59, 0, 0, wib))
	servertest.RunJobs(t, runner)
	if n := mails(t, p, reg.Email, warning); n != 0 {
		t.Fatalf("warning sent %d times 31 days before the end", n)
	}
	moveTo(clock, time.Date(2026, 5, 31, 0, 1, 0, 0, wib)) // 30 days before 30 June
	servertest.RunJobs(t, runner)
	servertest.RunJobs(t, runner)
	if n := mails(t, p, reg.Email, warning); n != 1 {
		t.Fatalf("%d warnings, want 1", n)
	}
	moveTo(clock, time.Date(2026, 6, 30, 23, 0, 0, 0, wib)) // the last day is still in force
	servertest.RunJobs(t, runner)
	mustState(t, p, id, "akses_diberikan")
	row := "/permohonan/" + strconv.FormatInt(id, 10) + "/akses/" + rowID(t, p, id, "Dinas Sosial")
	if r := c.PostForm(row+"/kata-sandi", nil); r.Status != 200 {
		t.Errorf("reveal on the last day: %d", r.Status)
	}
	if r := webtest.NewClient(t, p.URL).Get(link); r.Status != http.StatusGone || !strings.Contains(r.Body, "tidak berlaku") {
		t.Errorf("a link older than 7 days: %d", r.Status)
	}
	moveTo(clock, time.Date(2026, 7, 1, 0, 1, 0, 0, wib))
	servertest.RunJobs(t, runner)
	servertest.RunJobs(t, runner)
	mustState(t, p, id, "berakhir")
	if n := mails(t, p, reg.Email, ended); n != 1 {
		t.Errorf("%d end emails", n)
	}
	if n := count(t, p, "SELECT count(*) FROM akses_akun WHERE permohonan_id = $1 AND state = 'berakhir'", id); n != 2 {
		t.Errorf("%d accounts ended", n)
	}
	if n := count(t, p, "SELECT count(*) FROM sepakat_registry WHERE state = 'dicabut'"); n != 2 {
		t.Errorf("%d accounts revoked in Sepakat", n)
	}
	if ok, _ := registry.SepakatLogin(context.Background(), "dinassosial.3273", "x"); ok {
		t.Error("login after the end")
	}
	if r := webtest.NewClient(t, p.URL).Get(link); r.Status != http.StatusGone {
		t.Errorf("link after the end: %d", r.Status)
	}
	if r := c.Get("/akun"); !strings.Contains(r.Body, "Pemohon Hak Akses Data Regsosek") {
		t.Error("still Pengguna after the end")
	}
	if n := count(t, p, "SELECT count(*) FROM permohonan_events WHERE permohonan_id = $1 AND event = 'kedaluwarsa' AND actor_kind = 'sistem'", id); n != 1 {
		t.Errorf("%d expiry timeline entries", n)
	}
}

// A Pemda without Forum Satu Data: the access closes at six months, the SK is uploaded later, and the
// produsen data re-opens and extends it.
func TestSixMonthRuleAndExtensionAfterSK(t *testing.T) {
	t.Parallel()
	p, clock := clockPortal(t)
	c, path, id, reg := submitted(t, p, "32.73") // forum satu data: "tidak", no SK
	// The Sepakat rows for a year (the six-month rule cuts them six months after access is given), the
	// Fasilitas row, which the rule does not reach, until before that: the whole access ends with the cut.
	p.ApproveUntil(t, id, clock.Now(), func(r request.Row) time.Time {
		if r.Media == request.Sepakat {
			return date(2027, 3, 1)
		}
		return date(2026, 8, 31)
	})
	runner := p.JobRunner(t, clock.Now, nil)
	clock.Advance(5 * 24 * time.Hour)
	p.GiveAccess(t, c, id, runner, clock.Now())
	var six bool
	_ = p.Store.Pool.QueryRow(context.Background(), "SELECT enam_bulan FROM permohonan WHERE id = $1", id).Scan(&six)
	if !six {
		t.Fatal("the six-month rule does not apply")
	}
	if page := c.Get(path); !strings.Contains(page.Body, `data-testid="enam-bulan"`) {
		t.Error("the registrator is not told of the six-month rule")
	}
	if r := c.Get(path + "/perpanjangan"); !strings.Contains(r.Body, `data-testid="blocked"`) || !strings.Contains(r.Body, "SK Penetapan Forum Satu Data") {
		t.Error("a Perpanjangan is offered without the SK")
	}
	produsen := staffLogin(t, p, p.CreateStaff(t, "produsen.enam", account.RoleProdusenData), clock.Now())
	sp := "/petugas/akses/" + strconv.FormatInt(id, 10)
	if r := produsen.PostForm(sp+"/perpanjang", webtest.Values("sampai", "2027-03-01")); r.Status != http.StatusConflict || !strings.Contains(r.Body, "Unggah SK tersebut") {
		t.Errorf("extension without the SK: %d", r.Status)
	}

	moveTo(clock, time.Date(2026, 9, 8, 0, 5, 0, 0, wib))
	servertest.RunJobs(t, runner)
	mustState(t, p, id, "berakhir")
	if _, text := latestMail(t, p, reg.Email); !strings.Contains(text, "ditutup hingga persyaratan dipenuhi") {
		t.Errorf("the end email does not explain the six-month rule: %s", text)
	}
	if page := c.Get(path); !strings.Contains(page.Body, "batas 6 bulan") {
		t.Error("the registrator is not told why access closed")
	}
	mustStatus(t, "sk", c.PostMultipart(path+"/sk-forum", nil, webtest.File{Field: "berkas", Name: "sk-forum.pdf", Content: servertest.PDF(t, "SK Forum")}), http.StatusSeeOther)
	if tasks := produsen.Get("/petugas/akses"); !strings.Contains(between(tasks.Body, `data-testid="tasks-sk_forum"`, "</table>"), "Pemerintah Kab/Kota 32.73") {
		t.Error("the uploaded SK is not a task for the produsen data")
	}
	if r := produsen.PostForm(sp+"/perpanjang", webtest.Values("sampai", "2027-08-31")); r.Status != http.StatusSeeOther {
		t.Fatalf("perpanjang: %d\n%s", r.Status, p.Log.String())
	}
	mustState(t, p, id, "akses_diberikan")
	servertest.RunJobs(t, runner)
	if n := count(t, p, "SELECT count(*) FROM sepakat_registry WHERE state = 'aktif' AND berlaku_sampai = '2027-08-31'"); n != 2 {
		t.Errorf("%d accounts re-opened in Sepakat until the new end", n)
	}
	if n := count(t, p, "SELECT count(*) FROM akses_akun WHERE permohonan_id = $1 AND state = 'aktif' AND berlaku_sampai = '2027-08-31'", id); n != 2 {
		t.Errorf("%d accounts active until the new end", n)
	}
	if n := count(t, p, "SELECT count(*) FROM permohonan WHERE id = $1 AND NOT enam_bulan AND akses_berakhir = '2027-08-31' AND ended_at IS NULL", id); n != 1 {
		t.Error("the six-month rule still applies after the SK")
	}
	if subject, _ := latestMail(t, p, reg.Email); subject != "Hak Akses Data Regsosek Diperpanjang" {
		t.Errorf("extension mail %q", subject)
	}
	// The credentials are the same and visible again.
	if r := c.PostForm(path+"/akses/"+rowID(t, p, id, "Dinas Sosial")+"/kata-sandi", nil); r.Status != 200 {
		t.Errorf("reveal after re-opening: %d", r.Status)
	}
	// The old end passes without effect; the new one is scheduled.
	moveTo(clock, time.Date(2027, 8, 1, 9, 0, 0, 0, wib))
	servertest.RunJobs(t, runner)
	mustState(t, p, id, "akses_diberikan")
	// One warning: the first end passed while the clock jumped over it (no late warning), the new end's came.
	if n := mails(t, p, reg.Email, "Hak Akses Data Regsosek Akan Berakhir"); n != 1 {
		t.Errorf("%d warnings, want 1", n)
	}
}

func TestPerpanjanganRequest(t *testing.T) {
	t.Parallel()
	p, clock := clockPortal(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	p.Approve(t, id, clock.Now(), date(2026, 6, 30))
	runner := p.JobRunner(t, clock.Now, nil)
	p.GiveAccess(t, c, id, runner, clock.Now())
	path := "/permohonan/" + strconv.FormatInt(id, 10)
	sp := "/petugas/akses/" + strconv.FormatInt(id, 10)

	form := c.Get(path + "/perpanjangan")
	for _, want := range []string{"dinassosial.3273", "dinaspendidikan.3273", "30 Juni 2026", `value="2027-03-02"`} {
		if !strings.Contains(form.Body, want) {
			t.Errorf("the Perpanjangan form is not prefilled with %q", want)
		}
	}
	if r := c.PostForm(path+"/perpanjangan", webtest.Values("sampai", "2028-01-01", "alasan", "pendek")); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("invalid request: %d", r.Status)
	}
	// A Perpanjangan extends: an end before the one in force (30 June) is refused beside the date.
	if r := c.PostForm(path+"/perpanjangan", webtest.Values("sampai", "2026-06-15", "alasan", "Program PKH selesai pertengahan Juni.")); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "harus setelah tanggal berakhir hak akses saat ini") {
		t.Errorf("a shorter end asked as a Perpanjangan: %d", r.Status)
	}
	ask := webtest.Values("sampai", "2026-12-31", "alasan", "Program PKH berlanjut sampai akhir tahun.")
	mustStatus(t, "perpanjangan", c.PostForm(path+"/perpanjangan", ask), http.StatusSeeOther)
	if r := c.PostForm(path+"/perpanjangan", ask); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a second open request: %d", r.Status)
	}
	produsen := staffLogin(t, p, p.CreateStaff(t, "produsen.panjang", account.RoleProdusenData), clock.Now())
	if r := produsen.PostForm(sp+"/perpanjang", webtest.Values("sampai", "2026-05-01")); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "harus setelah tanggal berakhir hak akses saat ini") {
		t.Errorf("Perpanjang to an earlier end: %d", r.Status)
	}
	page := produsen.Get(sp)
	if !strings.Contains(page.Body, "Program PKH berlanjut") || !strings.Contains(page.Body, `value="2026-12-31"`) {
		t.Error("the request is not shown to the produsen data")
	}
	m := regexp.MustCompile(`/petugas/akses/\d+/perpanjangan/\d+/tolak`).FindString(page.Body)
	mustStatus(t, "tolak", produsen.PostForm(m, webtest.Values("alasan", "Lengkapi laporan pemanfaatan terlebih dahulu.")), http.StatusSeeOther)
	if subject, _ := latestMail(t, p, reg.Email); subject != "Permintaan Perpanjangan Ditolak" {
		t.Errorf("refusal mail %q", subject)
	}
	mustStatus(t, "perpanjangan 2", c.PostForm(path+"/perpanjangan", ask), http.StatusSeeOther)
	page = produsen.Get(sp)
	pid := regexp.MustCompile(`name="perpanjangan" value="(\d+)"`).FindStringSubmatch(page.Body)[1]
	mustStatus(t, "setujui", produsen.PostForm(sp+"/perpanjang", webtest.Values("sampai", "2026-12-31", "perpanjangan", pid)), http.StatusSeeOther)
	servertest.RunJobs(t, runner)
	if n := count(t, p, "SELECT count(*) FROM sepakat_registry WHERE berlaku_sampai = '2026-12-31'"); n != 2 {
		t.Errorf("%d accounts extended in Sepakat", n)
	}
	if n := count(t, p, "SELECT count(*) FROM perpanjangan WHERE permohonan_id = $1 AND state = 'disetujui'", id); n != 1 {
		t.Error("the request is not closed")
	}
	moveTo(clock, time.Date(2026, 7, 1, 0, 5, 0, 0, wib))
	servertest.RunJobs(t, runner)
	mustState(t, p, id, "akses_diberikan")
	if n := count(t, p, "SELECT count(*) FROM river_job WHERE kind = 'akses_berakhir' AND state = 'cancelled'"); n != 1 {
		t.Errorf("%d old expiry jobs cancelled", n)
	}
}

func TestRevocationIsImmediate(t *testing.T) {
	t.Parallel()
	p, clock := clockPortal(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	p.Approve(t, id, clock.Now(), date(2026, 6, 30))
	runner := p.JobRunner(t, clock.Now, nil)
	p.GiveAccess(t, c, id, runner, clock.Now())
	link := linksTo(t, p, "operator004@daerah.go.id")[0]
	sp := "/petugas/akses/" + strconv.FormatInt(id, 10)
	row := "/permohonan/" + strconv.FormatInt(id, 10) + "/akses/" + rowID(t, p, id, "Dinas Sosial")
	produsen := staffLogin(t, p, p.CreateStaff(t, "produsen.cabut", account.RoleProdusenData), clock.Now())
	if r := produsen.PostForm(sp+"/cabut", webtest.Values("alasan_cabut", "singkat")); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("revocation without a reason: %d", r.Status)
	}
	reason := "Data BNBA dibagikan kepada pihak ketiga tanpa persetujuan."
	mustStatus(t, "cabut", produsen.PostForm(sp+"/cabut", webtest.Values("alasan_cabut", reason)), http.StatusSeeOther)
	// At once, before any job runs: the link, the registrator's view and the status; the closed accounts'
	// passwords are not kept.
	mustState(t, p, id, "dicabut")
	if n := count(t, p, "SELECT count(*) FROM akses_akun WHERE permohonan_id = $1 AND (password_enc IS NOT NULL OR password_key_id IS NOT NULL)", id); n != 0 {
		t.Errorf("%d revoked accounts keep their password", n)
	}
	if r := webtest.NewClient(t, p.URL).PostForm(link, nil); r.Status != http.StatusGone {
		t.Errorf("link after revocation: %d", r.Status)
	}
	if r := c.PostForm(row+"/kata-sandi", nil); r.Status != http.StatusConflict {
		t.Errorf("reveal after revocation: %d", r.Status)
	}
	if r := c.Get("/akun"); strings.Contains(between(r.Body, `data-testid="status-instansi">`, "<"), "Pengguna") {
		t.Error("still Pengguna after revocation")
	}
	if _, text := latestMail(t, p, reg.Email); !strings.Contains(text, reason) {
		t.Error("the revocation email lacks the reason")
	}
	servertest.RunJobs(t, runner)
	if n := count(t, p, "SELECT count(*) FROM sepakat_registry WHERE state = 'dicabut'"); n != 2 {
		t.Errorf("%d accounts closed in Sepakat", n)
	}
	if n := count(t, p, "SELECT count(*) FROM permohonan_events WHERE permohonan_id = $1 AND event = 'cabut' AND note = $2", id, reason); n != 1 {
		t.Error("no timeline entry with the reason")
	}
	moveTo(clock, time.Date(2026, 7, 1, 0, 5, 0, 0, wib))
	servertest.RunJobs(t, runner)
	mustState(t, p, id, "dicabut")
	if n := mails(t, p, reg.Email, "Hak Akses Data Regsosek Berakhir"); n != 0 {
		t.Error("an expiry email after revocation")
	}
}

// The HTTP adapter in the jobs: a 4xx stops the job and shows staff the API's message, with a way to try
// again; a 5xx is retried later with backoff.
func TestHTTPAdapterFailuresReachStaff(t *testing.T) {
	t.Parallel()
	p, clock := clockPortal(t)
	var mode atomic.Value
	mode.Store("refuse")
	var calls atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Header.Get("Authorization") != "Bearer uji" || r.Header.Get("Idempotency-Key") == "":
			w.WriteHeader(http.StatusUnauthorized)
		case mode.Load() == "refuse":
			w.WriteHeader(http.StatusUnprocessableEntity)
			_, _ = w.Write([]byte(`{"error":"Wilayah 32.73 belum terdaftar di Sepakat"}`))
		case mode.Load() == "down":
			w.WriteHeader(http.StatusBadGateway)
		default:
			w.WriteHeader(http.StatusCreated)
			_, _ = w.Write([]byte(`{"id":"sp-1"}`))
		}
	}))
	t.Cleanup(api.Close)
	adapter := &sepakat.HTTP{BaseURL: api.URL, Token: "uji", Client: api.Client(), Retries: 1, Backoff: time.Millisecond}
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	p.Approve(t, id, clock.Now(), date(2026, 6, 30))
	runner := p.JobRunner(t, clock.Now, adapter)
	p.SignAgreements(t, c, id, runner, clock.Now())
	operator := p.PrepareAccess(t, id, clock.Now())
	sp := "/petugas/akses/" + strconv.FormatInt(id, 10)

	servertest.RunJobs(t, runner)
	if n := calls.Load(); n != 2 {
		t.Errorf("%d calls: a 4xx must not be retried", n)
	}
	page := operator.Get(sp)
	if !strings.Contains(page.Body, "Sepakat menjawab 422: Wilayah 32.73 belum terdaftar di Sepakat") || !strings.Contains(page.Body, "Coba Lagi") {
		t.Errorf("the refusal is not shown to staff: %s", between(page.Body, `data-testid="staff-accounts"`, "</table>"))
	}
	if tasks := operator.Get("/petugas/akses"); !strings.Contains(tasks.Body, `data-testid="tasks-gagal"`) {
		t.Error("failed accounts are not a task")
	}
	if r := operator.PostForm(sp+"/berikan", nil); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("access given with failed accounts: %d", r.Status)
	}
	// Sepakat is down: the job waits and tries again with backoff.
	mode.Store("down")
	for _, m := range regexp.MustCompile(`/petugas/akses/\d+/akun/\d+/coba-lagi`).FindAllString(page.Body, -1) {
		mustStatus(t, "coba lagi", operator.PostForm(m, nil), http.StatusSeeOther)
	}
	calls.Store(0)
	servertest.RunJobs(t, runner)
	if n := count(t, p, "SELECT count(*) FROM river_job WHERE kind = 'akun_buat' AND state = 'retryable' AND attempt = 1 AND scheduled_at > $1", clock.Now()); n != 2 {
		t.Errorf("%d jobs waiting to retry after a 5xx", n)
	}
	if n := calls.Load(); n != 4 {
		t.Errorf("%d calls: each job should try twice (one adapter retry)", n)
	}
	mode.Store("ok")
	servertest.RunJobs(t, runner)
	if n := count(t, p, "SELECT count(*) FROM akses_akun WHERE state = 'aktif'"); n != 0 {
		t.Error("a job ran before its backoff")
	}
	clock.Advance(31 * time.Second)
	servertest.RunJobs(t, runner)
	if n := count(t, p, "SELECT count(*) FROM akses_akun WHERE state = 'aktif' AND external_id = 'sp-1'"); n != 2 {
		t.Errorf("%d accounts active after the retry", n)
	}
	mustStatus(t, "berikan", operator.PostForm(sp+"/berikan", nil), http.StatusSeeOther)
}
