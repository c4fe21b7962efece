package server_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/config"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// The end of access (NDA): every Sepakat row that ends asks for a Berita Acara Pemusnahan Data within
// BA_PEMUSNAHAN_HARI days; reminders follow (seven days before, the day after, then every fourteen days),
// grouped by permohonan and deadline; staff see the overdue ones; an upload covers the rows it names.
func TestBeritaAcaraPemusnahan(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, wib))
	p := servertest.NewWithClock(t, clock, func(c *config.Config) { c.PemusnahanHari = 20 })
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitThreeSepakat(t, reg, "32.73")
	p.Approve(t, id, clock.Now(), date(2026, 6, 30))
	runner := p.JobRunner(t, clock.Now, nil)
	p.GiveAccess(t, c, id, runner, clock.Now())
	path, sp := "/permohonan/"+strconv.FormatInt(id, 10), "/petugas/akses/"+strconv.FormatInt(id, 10)
	produsen := staffLogin(t, p, p.CreateStaff(t, "produsen.pemusnahan", account.RoleProdusenData), clock.Now())
	for _, u := range []string{"Dinas Sosial", "Dinas Kesehatan"} {
		akun, _, _ := akunOf(t, p, id, u)
		f := "alasan_" + strconv.FormatInt(akun, 10)
		mustStatus(t, "cabut "+u, produsen.PostForm(sp+"/akun/"+strconv.FormatInt(akun, 10)+"/cabut",
			webtest.Values(f, "Unit "+u+" tidak lagi melaksanakan program perlindungan sosial.")), http.StatusSeeOther)
	}
	if n := count(t, p, "SELECT count(*) FROM pemusnahan WHERE permohonan_id = $1 AND tenggat = '2026-03-22' AND state = 'menunggu'", id); n != 2 {
		t.Fatalf("%d Berita Acara asked for, due in 20 days", n)
	}
	page := c.Get(path)
	if ba := between(page.Body, `id="pemusnahan"`, "</section>"); !strings.Contains(ba, "Dinas Sosial") || !strings.Contains(ba, "22 Maret 2026") ||
		!strings.Contains(ba, "Unggah Berita Acara") {
		t.Errorf("the registrator is not asked: %.600s", ba)
	}
	const pengingat, terlambat = "Pengingat: Berita Acara Pemusnahan Data", "Berita Acara Pemusnahan Data Terlambat"

	moveTo(clock, time.Date(2026, 3, 14, 23, 0, 0, 0, wib))
	servertest.RunJobs(t, runner)
	if n := mails(t, p, reg.Email, pengingat); n != 0 {
		t.Fatalf("a reminder %d days early", 8)
	}
	moveTo(clock, time.Date(2026, 3, 15, 8, 0, 0, 0, wib))
	servertest.RunJobs(t, runner)
	if n := mails(t, p, reg.Email, pengingat); n != 1 {
		t.Fatalf("%d reminders a week before, want one for both rows", n)
	}
	if _, text := latestMail(t, p, reg.Email); !strings.Contains(text, "Dinas Sosial") || !strings.Contains(text, "Dinas Kesehatan") {
		t.Error("the reminder does not list both rows")
	}
	if tasks := produsen.Get("/petugas/akses"); strings.Contains(tasks.Body, `data-testid="tasks-pemusnahan"`) {
		t.Error("overdue before the deadline")
	}

	moveTo(clock, time.Date(2026, 3, 23, 8, 0, 0, 0, wib))
	servertest.RunJobs(t, runner)
	if n := mails(t, p, reg.Email, terlambat); n != 1 {
		t.Fatalf("%d overdue reminders", n)
	}
	tasks := produsen.Get("/petugas/akses")
	if late := between(tasks.Body, `data-testid="tasks-pemusnahan"`, "</table>"); strings.Count(late, "Belum diunggah") != 2 {
		t.Errorf("staff do not see the two overdue: %.500s", late)
	}
	// A kind of task chosen, or a search, shows what it asked for: not the late Berita Acara too.
	for _, u := range []string{"/petugas/akses?status=cetak", "/petugas/akses?status=berjalan"} {
		if r := produsen.Get(u); strings.Contains(r.Body, `data-testid="tasks-pemusnahan"`) {
			t.Errorf("%s lists the late Berita Acara", u)
		}
	}
	if st := produsen.Get(sp); !strings.Contains(between(st.Body, "Berita Acara Pemusnahan Data", "Dokumen Asli"), "Terlambat") {
		t.Error("the staff page does not mark it overdue")
	}

	// One upload for Dinas Sosial only.
	ids := regexp.MustCompile(`name="pemusnahan" value="(\d+)"`).FindAllStringSubmatch(c.Get(path).Body, -1)
	if len(ids) != 2 {
		t.Fatalf("%d rows offered for the upload", len(ids))
	}
	sosial := ids[0][1]
	upload := func(client *webtest.Client, content []byte, ids ...string) *webtest.Response {
		v := webtest.Values()
		for _, id := range ids {
			v.Add("pemusnahan", id)
		}
		var files []webtest.File
		if content != nil {
			files = append(files, webtest.File{Field: "berkas", Name: "berita-acara.pdf", ContentType: "application/pdf", Content: content})
		}
		return client.PostMultipart(path+"/pemusnahan", v, files...)
	}
	if r := upload(c, nil, sosial); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("an upload without the file: %d", r.Status)
	}
	if r := upload(c, servertest.PDF(t, "BA"), "999999"); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("an upload naming no row waiting: %d", r.Status)
	}
	other := p.Login(t, p.CreateRegistrator(t, "kabupaten_kota", "32.04", "Pemerintah Kabupaten Bandung").Username, servertest.RegistratorPassword)
	if r := upload(other, servertest.PDF(t, "BA"), sosial); r.Status != http.StatusNotFound {
		t.Errorf("another account's upload: %d", r.Status)
	}
	if n := count(t, p, "SELECT count(*) FROM pemusnahan WHERE state = 'diunggah'"); n != 0 {
		t.Fatal("a refused upload was stored")
	}
	mustStatus(t, "unggah", upload(c, servertest.PDF(t, "Berita Acara Pemusnahan Data Dinas Sosial"), sosial), http.StatusSeeOther)
	if n := count(t, p, "SELECT count(*) FROM pemusnahan WHERE id = $1 AND state = 'diunggah' AND document_id IS NOT NULL", sosial); n != 1 {
		t.Error("the Berita Acara is not recorded")
	}
	if subject, _ := latestMail(t, p, reg.Email); subject != "Berita Acara Pemusnahan Data Diterima" {
		t.Errorf("confirmation %q", subject)
	}
	if n := count(t, p, "SELECT count(*) FROM permohonan_events WHERE permohonan_id = $1 AND event = 'unggah_pemusnahan'", id); n != 1 {
		t.Error("no timeline entry")
	}

	// The next reminder names only the row still waiting; after its upload none follows.
	moveTo(clock, time.Date(2026, 4, 6, 8, 0, 0, 0, wib))
	servertest.RunJobs(t, runner)
	if n := mails(t, p, reg.Email, terlambat); n != 2 {
		t.Fatalf("%d overdue reminders after fourteen days", n)
	}
	if _, text := latestMail(t, p, reg.Email); strings.Contains(text, "Dinas Sosial") || !strings.Contains(text, "Dinas Kesehatan") {
		t.Error("the reminder lists a Berita Acara already uploaded")
	}
	mustStatus(t, "unggah 2", upload(c, servertest.PDF(t, "BA Dinas Kesehatan"), ids[1][1]), http.StatusSeeOther)
	moveTo(clock, time.Date(2026, 5, 30, 8, 0, 0, 0, wib))
	servertest.RunJobs(t, runner)
	if n := mails(t, p, reg.Email, terlambat); n != 2 {
		t.Errorf("%d overdue reminders after every upload", n)
	}
	if tasks := produsen.Get("/petugas/akses"); strings.Contains(tasks.Body, `data-testid="tasks-pemusnahan"`) {
		t.Error("still overdue after the uploads")
	}
}

// Access closed by the six-month rule asks for the Berita Acara; re-opened once the SK is uploaded, it no
// longer does.
func TestPemusnahanWithdrawnWhenReopened(t *testing.T) {
	t.Parallel()
	p, clock := clockPortal(t)
	c, path, id, reg := submitted(t, p, "32.73")
	// The Sepakat rows for a year (the six-month rule cuts them six months after access is given), the
	// Fasilitas row, which the rule does not reach, until before that: the whole access ends with the cut.
	p.ApproveUntil(t, id, clock.Now(), func(r request.Row) time.Time {
		if r.Media == request.Sepakat {
			return date(2027, 3, 1)
		}
		return date(2026, 8, 31)
	})
	runner := p.JobRunner(t, clock.Now, nil)
	p.GiveAccess(t, c, id, runner, clock.Now())
	moveTo(clock, time.Date(2026, 9, 3, 0, 5, 0, 0, wib))
	servertest.RunJobs(t, runner)
	mustState(t, p, id, "berakhir")
	if n := count(t, p, "SELECT count(*) FROM pemusnahan WHERE permohonan_id = $1 AND state = 'menunggu' AND alasan = 'enam_bulan'", id); n != 2 {
		t.Fatalf("%d Berita Acara asked for at the six-month close", n)
	}
	if _, text := latestMail(t, p, reg.Email); !strings.Contains(text, "Berita Acara Pemusnahan Data") {
		t.Error("the end letter does not ask for the Berita Acara")
	}
	mustStatus(t, "sk", c.PostMultipart(path+"/sk-forum", nil, webtest.File{Field: "berkas", Name: "sk-forum.pdf", Content: servertest.PDF(t, "SK Forum")}), http.StatusSeeOther)
	produsen := staffLogin(t, p, p.CreateStaff(t, "produsen.buka", account.RoleProdusenData), clock.Now())
	mustStatus(t, "perpanjang", produsen.PostForm("/petugas/akses/"+strconv.FormatInt(id, 10)+"/perpanjang", webtest.Values("sampai", "2027-08-31")), http.StatusSeeOther)
	if n := count(t, p, "SELECT count(*) FROM pemusnahan WHERE permohonan_id = $1 AND state = 'dibatalkan'", id); n != 2 {
		t.Errorf("%d Berita Acara withdrawn at the re-opening", n)
	}
	before := mails(t, p, reg.Email, "Pengingat: Berita Acara Pemusnahan Data")
	moveTo(clock, time.Date(2026, 10, 30, 8, 0, 0, 0, wib))
	servertest.RunJobs(t, runner)
	if n := mails(t, p, reg.Email, "Pengingat: Berita Acara Pemusnahan Data") + mails(t, p, reg.Email, "Berita Acara Pemusnahan Data Terlambat"); n != before {
		t.Error("reminders for a withdrawn Berita Acara")
	}
}
