package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/survei"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

var surveyLinkRE = regexp.MustCompile(`/survei/([A-Za-z0-9_-]{43})`)

// answers is a complete survey form.
func answers(values [9]int, komentar string) url.Values {
	f := url.Values{"komentar": {komentar}}
	for i, n := range values {
		f.Set(survei.Field(i), strconv.Itoa(n))
	}
	return f
}

// After "Berikan Akses" the registrator is invited (by email before the access letter, and on the akun page),
// answers once; the answer is stored with no tie to the account, the permohonan or the moment; the emailed link
// of the same invitation then says it was answered.
func TestSurveyAfterAccess(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ctx := context.Background()
	now := time.Now()
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	p.Approve(t, id, now, now.AddDate(0, 10, 0), "mikro")
	if n := count(t, p, "SELECT count(*) FROM survei_undangan"); n != 0 {
		t.Fatalf("invited before the service ended: %d", n)
	}
	p.GiveAccess(t, c, id, p.JobRunner(t, time.Now, nil), now)
	if subject, _ := latestMail(t, p, reg.Email); subject != "Hak Akses Data Regsosek Tersedia" {
		t.Errorf("the access letter is not the newest: %q", subject)
	}
	var body string
	if err := p.Store.Pool.QueryRow(ctx, "SELECT body_text FROM outbox WHERE to_address = $1 AND subject = 'Survei Kepuasan Masyarakat Portal Regsosek'", reg.Email).Scan(&body); err != nil {
		t.Fatalf("no invitation email: %v", err)
	}
	link := surveyLinkRE.FindString(body)
	if link == "" {
		t.Fatalf("no link in %q", body)
	}

	home := c.Get("/akun")
	own := regexp.MustCompile(`/akun/survei/\d+`).FindString(between(home.Body, `data-testid="undangan-survei"`, "</section>"))
	if own == "" {
		t.Fatal("the akun page does not invite")
	}
	form := c.Get(own)
	for i, u := range survei.Unsurs {
		if !strings.Contains(form.Body, u.Pertanyaan) || !strings.Contains(form.Body, `name="`+survei.Field(i)+`"`) {
			t.Errorf("the form lacks %s", u.Kode)
		}
	}
	// Incomplete: refused beside the field, what was chosen kept, nothing stored.
	partial := answers([9]int{4, 4, 3, 4, 3, 4, 4, 3, 3}, "Cepat.")
	partial.Del("u7")
	r := c.PostForm(own, partial)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Pilih jawaban untuk U7 Perilaku Pelaksana.") {
		t.Errorf("incomplete answers: %d", r.Status)
	}
	if n := count(t, p, "SELECT count(*) FROM survei_jawaban"); n != 0 {
		t.Fatal("an incomplete answer was stored")
	}
	mustStatus(t, "jawab", c.PostForm(own, answers([9]int{4, 4, 3, 4, 3, 4, 4, 3, 3}, "Proses cepat dan jelas.")), http.StatusOK)
	if r := c.PostForm(own, answers([9]int{1, 1, 1, 1, 1, 1, 1, 1, 1}, "")); r.Status != http.StatusConflict {
		t.Errorf("a second answer: %d", r.Status)
	}
	public := webtest.NewClient(t, p.URL)
	if r := public.Get(link); !strings.Contains(r.Body, "sudah diisi") || strings.Contains(r.Body, "Kirim Survei") {
		t.Error("the emailed link still offers the form")
	}
	if r := public.PostForm(link, answers([9]int{2, 2, 2, 2, 2, 2, 2, 2, 2}, "")); r.Status != http.StatusConflict {
		t.Errorf("a second answer by the link: %d", r.Status)
	}
	if r := public.Get("/survei/" + strings.Repeat("A", 43)); r.Status != http.StatusNotFound {
		t.Errorf("an unknown link: %d", r.Status)
	}
	// One answer, anonymous: its row holds the kind of service, the semester and the values only.
	var layanan, komentar string
	var tahun, semester, u1 int
	if err := p.Store.Pool.QueryRow(ctx, "SELECT layanan, tahun, semester, u1, komentar FROM survei_jawaban").Scan(&layanan, &tahun, &semester, &u1, &komentar); err != nil ||
		layanan != "permohonan" || u1 != 4 || komentar != "Proses cepat dan jelas." || (survei.Semester{Tahun: tahun, Ke: semester}) != survei.SemesterOf(now) {
		t.Errorf("answer %s %d-%d %d %q %v", layanan, tahun, semester, u1, komentar, err)
	}
	var columns []string
	rows, _ := p.Store.Pool.Query(ctx, "SELECT column_name FROM information_schema.columns WHERE table_name = 'survei_jawaban'")
	for rows.Next() {
		var c string
		_ = rows.Scan(&c)
		columns = append(columns, c)
	}
	rows.Close()
	for _, c := range columns {
		if strings.Contains(c, "akun") || strings.Contains(c, "undangan") || strings.Contains(c, "subjek") || strings.Contains(c, "_at") || strings.Contains(c, "pejabat") {
			t.Errorf("survei_jawaban keeps %s", c)
		}
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'survei.dijawab' AND detail::text NOT LIKE '%Proses cepat%' AND detail::text NOT LIKE '%u1%'"); n != 1 {
		t.Errorf("the answer's audit row: %d", n)
	}
	// Answered "tanpa nama, akun": the audit row names neither the registrator nor the address.
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'survei.dijawab' AND (actor_id IS NOT NULL OR ip IS NOT NULL)"); n != 0 {
		t.Error("the survey answer's audit row names who answered")
	}
	if strings.Contains(c.Get("/akun").Body, `data-testid="undangan-survei"`) {
		t.Error("an answered invitation is still offered")
	}
}

// A refused permohonan and a closed report invite too; a report's reporter answers from its status page; an
// invitation past its end is refused.
func TestSurveyAfterRefusalAndReport(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Now())
	p := servertest.NewWithClock(t, clock)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	_, id := p.SubmitSample(t, reg, "32.73")
	ids := strconv.FormatInt(id, 10)
	sp := "/petugas/permohonan/" + ids
	teknis := p.StaffLogin(t, p.CreateStaff(t, "teknis.survei", account.RoleVerifikatorTeknis), clock.Now())
	tf := teknisForm(t, p, id, "lanjut", nil)
	tf["dokumen_sk_forum_satu_data"] = []string{"sesuai"}
	mustStatus(t, "teknis", teknis.PostForm(sp+"/verifikasi-teknis", tf), http.StatusSeeOther)
	substansi := p.StaffLogin(t, p.CreateStaff(t, "substansi.survei", account.RoleVerifikatorSubstansi), clock.Now())
	mustStatus(t, "substansi", substansi.PostForm(sp+"/verifikasi-substansi", substansiForm(t, p, id, "lanjut")), http.StatusSeeOther)
	produsen := p.StaffLogin(t, p.CreateStaff(t, "produsen.survei", account.RoleProdusenData), clock.Now())
	mustStatus(t, "tolak", produsen.PostForm(sp+"/keputusan", webtest.Values("aksi", "tolak_semua", "alasan", "Tujuan pemanfaatan tidak sesuai kewenangan.")), http.StatusSeeOther)
	if subject, _ := latestMail(t, p, reg.Email); subject != "Hak Akses Ditolak" {
		t.Errorf("the refusal letter is not the newest: %q", subject)
	}
	if n := count(t, p, "SELECT count(*) FROM survei_undangan WHERE layanan = 'permohonan' AND subjek_id = $1", id); n != 1 {
		t.Errorf("no invitation after the refusal")
	}

	// A report with an email: closed, the reporter answers from the status page.
	rep := webtest.NewClient(t, p.URL)
	f := pengaduanValues()
	f.Set("email", "budi.pelapor@bandung.go.id")
	code := sendPengaduan(t, rep, f)
	pid := pengaduanID(t, p)
	handler := p.StaffLogin(t, p.CreateStaff(t, "pengelola.survei", account.RolePengelolaLayanan), clock.Now())
	mustStatus(t, "tutup", handler.PostForm("/petugas/pengaduan/"+pid+"/tutup", webtest.Values("pesan", "Permohonan Anda telah diverifikasi.")), http.StatusSeeOther)
	if subject, _ := latestMail(t, p, "budi.pelapor@bandung.go.id"); subject != "Laporan Anda Telah Ditutup" {
		t.Errorf("the closing letter is not the newest: %q", subject)
	}
	mustStatus(t, "lacak", rep.PostForm("/pengaduan/status", webtest.Values("kode", code)), http.StatusSeeOther)
	st := rep.Get("/pengaduan/status")
	if !strings.Contains(st.Body, `href="/pengaduan/status/survei"`) {
		t.Fatal("the status page does not invite")
	}
	mustStatus(t, "jawab", rep.PostForm("/pengaduan/status/survei", answers([9]int{3, 3, 3, 4, 3, 3, 3, 4, 3}, "")), http.StatusOK)
	if strings.Contains(rep.Get("/pengaduan/status").Body, `href="/pengaduan/status/survei"`) {
		t.Error("an answered survey is still offered")
	}
	if r := webtest.NewClient(t, p.URL).Get("/pengaduan/status/survei"); r.Status != http.StatusSeeOther {
		t.Errorf("the status page's survey without the code: %d", r.Status)
	}

	// The refused permohonan's invitation, 61 days later: past its end.
	clock.Advance(61 * 24 * time.Hour)
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	var inv int64
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT id FROM survei_undangan WHERE layanan = 'permohonan'").Scan(&inv); err != nil {
		t.Fatal(err)
	}
	if r := c.PostForm("/akun/survei/"+strconv.FormatInt(inv, 10), answers([9]int{3, 3, 3, 3, 3, 3, 3, 3, 3}, "")); r.Status != http.StatusGone {
		t.Errorf("an expired invitation: %d", r.Status)
	}
	if n := count(t, p, "SELECT count(*) FROM survei_jawaban"); n != 1 {
		t.Errorf("answers %d, want 1", n)
	}
}

// The IKM equals the hand-worked value of survei.TestHitungByHand for the same four answers (80,56, mutu B),
// which staff see with the comments; the public page withholds an index of fewer than five respondents, and
// publishes the fifth answer's (all 3) without comments:
//
//	totals 14+3 … = 17, 15, 13, 19, 16, 17, 18, 14, 14 = 143; IKM = 143 / (5 × 9) = 3,1778; × 25 = 79,44, mutu B.
func TestIKMPages(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ctx := context.Background()
	now := time.Now()
	answer := func(i int, a [9]int) {
		t.Helper()
		var id int64
		if err := p.Store.Pool.QueryRow(ctx, `INSERT INTO survei_undangan (layanan, subjek_id, token_hash, created_at, expires_at)
			VALUES ('bimtek', $1::bigint, decode(lpad(to_hex($1::int), 64, 'b'), 'hex'), $2, $3) RETURNING id`, i+1, now, now.Add(time.Hour)).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if err := p.Store.AnswerSurvey(ctx, id, survei.Jawaban{Nilai: a, Komentar: "Komentar ke-" + strconv.Itoa(i+1)}, account.Actor{Kind: account.ActorPublik}, now); err != nil {
			t.Fatal(err)
		}
	}
	for i, a := range [][9]int{
		{4, 4, 3, 4, 3, 4, 4, 3, 3},
		{3, 3, 2, 4, 3, 3, 4, 3, 3},
		{4, 3, 3, 4, 4, 4, 4, 2, 3},
		{3, 2, 2, 4, 3, 3, 3, 3, 2},
	} {
		answer(i, a)
	}
	sem := survei.SemesterOf(now)
	public := webtest.NewClient(t, p.URL)
	page := public.Get("/survei-kepuasan/" + sem.String())
	if page.Status != http.StatusOK || !strings.Contains(page.Body, "belum cukup untuk diterbitkan") || strings.Contains(page.Body, "80,56") {
		t.Errorf("four respondents published: %s", between(page.Body, "<main", "</main>"))
	}
	staff := p.StaffLogin(t, p.CreateStaff(t, "layanan.ikm", account.RolePengelolaLayanan), now)
	sp := staff.Get("/petugas/survei?layanan=bimtek")
	if between(sp.Body, `data-testid="ikm">`, "<") != "80,56" || between(sp.Body, `data-testid="mutu">`, "<") != "B" || !strings.Contains(sp.Body, "Komentar ke-3") {
		t.Errorf("staff page: %s", between(sp.Body, `class="dasbor-angka"`, "</ul>"))
	}
	for _, want := range []string{"3,50", "0,3889", "2,50", "3,2222"} {
		if !strings.Contains(sp.Body, want) {
			t.Errorf("staff page lacks %q", want)
		}
	}
	if r := staff.Get("/petugas/survei?layanan=pengaduan"); !strings.Contains(r.Body, `data-testid="ikm-kosong"`) {
		t.Error("a service without answers shows an index")
	}

	answer(4, [9]int{3, 3, 3, 3, 3, 3, 3, 3, 3})
	page = public.Get("/survei-kepuasan/" + sem.String())
	if between(page.Body, `data-testid="ikm">`, "<") != "79,44" || between(page.Body, `data-testid="mutu">`, "<") != "B" ||
		between(page.Body, `data-testid="responden">`, "<") != "5" || !strings.Contains(page.Body, "Fasilitasi Bimbingan Teknis") {
		t.Fatalf("IKM page: %s", between(page.Body, `class="dasbor-angka"`, "</ul>"))
	}
	if strings.Contains(page.Body, "Komentar ke-") {
		t.Error("the public page shows comments")
	}
	if !strings.Contains(public.Get("/survei-kepuasan").Body, "79,44") {
		t.Error("the current semester's page does not show the index")
	}
	if r := public.Get("/survei-kepuasan/2026-3"); r.Status != http.StatusNotFound {
		t.Errorf("a semester that does not exist: %d", r.Status)
	}
}
