package server_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/config"
	"github.com/bappenas/portal-regsosek/internal/server"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

func staffLogin(t *testing.T, p *servertest.Portal, s servertest.Staff, now time.Time) *webtest.Client {
	t.Helper()
	c := webtest.NewClient(t, p.URL)
	mustStatus(t, "staff password", c.PostForm("/masuk", webtest.Values("username", s.Username, "password", s.Password)), http.StatusSeeOther)
	code, err := totp.GenerateCode(s.TOTPSecret, now)
	if err != nil {
		t.Fatal(err)
	}
	r := c.PostForm("/masuk/totp", webtest.Values("kode", code))
	if r.Status != http.StatusSeeOther || r.Location != "/petugas" {
		t.Fatalf("staff TOTP: %d to %q", r.Status, r.Location)
	}
	return c
}

func pendingPejabatID(t *testing.T, p *servertest.Portal) int64 {
	t.Helper()
	var id int64
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT id FROM pejabat WHERE state = 'menunggu_verifikasi' ORDER BY id LIMIT 1").Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

var otpPattern = regexp.MustCompile(`Kode OTP: (\d{6})`)
var activationLink = regexp.MustCompile(`/aktivasi/([A-Za-z0-9_-]+)`)

// latestMail returns the newest outbox message to an address.
func latestMail(t *testing.T, p *servertest.Portal, to string) (subject, text string) {
	t.Helper()
	err := p.Store.Pool.QueryRow(context.Background(), "SELECT subject, body_text FROM outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1", to).Scan(&subject, &text)
	if err != nil {
		t.Fatalf("no mail to %s: %v", to, err)
	}
	return subject, text
}

// kriteriaMet is the Verifikasi Akun checklist with every registrator criterion of §3.2.5 ticked.
func kriteriaMet() map[string][]string {
	return map[string][]string{"kriteria": {"asn", "surat_tugas", "ktp_nik"}}
}

// approveAndActivate approves the pending official and activates them by OTP; it returns the approval
// email's activation path and code.
func approve(t *testing.T, p *servertest.Portal, staff *webtest.Client, email string) (path, code string) {
	t.Helper()
	id := pendingPejabatID(t, p)
	mustStatus(t, "setujui", staff.PostForm("/petugas/verifikasi-akun/"+strconv.FormatInt(id, 10)+"/setujui", kriteriaMet()), http.StatusSeeOther)
	subject, text := latestMail(t, p, email)
	if subject != "Akun Layanan Regsosek Disetujui" {
		t.Fatalf("approval mail subject %q", subject)
	}
	return "/aktivasi/" + activationLink.FindStringSubmatch(text)[1], otpPattern.FindStringSubmatch(text)[1]
}

func TestVerifikasiApproveActivateLogin(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Now())
	p := servertest.NewWithClock(t, clock)
	verifier := p.CreateStaff(t, "verifikator.akun", account.RoleVerifikatorAkun)
	in := defaultReg()
	register(t, p, in)
	staff := staffLogin(t, p, verifier, clock.Now())

	queue := staff.Get("/petugas/verifikasi-akun")
	if !strings.Contains(queue.Body, "Pemerintah Kota Bandung") || !strings.Contains(queue.Body, "Budi Santoso") {
		t.Fatal("queue does not list the registration")
	}
	id := pendingPejabatID(t, p)
	detail := staff.Get("/petugas/verifikasi-akun/" + strconv.FormatInt(id, 10))
	if !strings.Contains(detail.Body, in.nik) {
		t.Error("verifier does not see the NIK")
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'pejabat.lihat_data_diri' AND object_id = $1", id); n != 1 {
		t.Errorf("%d audit rows for viewing the data diri", n)
	}

	path, code := approve(t, p, staff, in.email)
	c := webtest.NewClient(t, p.URL)
	// Before activation the registrator cannot sign in.
	if r := c.PostForm("/masuk", webtest.Values("username", in.username, "password", in.password)); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("sign-in before activation: %d", r.Status)
	}
	// A pasted code with spaces and a newline is accepted.
	r := c.PostForm(path, webtest.Values("otp", " "+code[:3]+" "+code[3:]+"\n"))
	if r.Status != http.StatusSeeOther || r.Location != "/masuk" {
		t.Fatalf("activation: %d to %q: %.400s", r.Status, r.Location, r.Body)
	}
	// The link is single use.
	if r := c.Get(path); r.Status != http.StatusSeeOther || r.Location != "/masuk" {
		t.Errorf("used link: %d to %q", r.Status, r.Location)
	}
	cookieBefore := sessionCookie(c, p)
	r = c.PostForm("/masuk", webtest.Values("username", strings.ToUpper(in.username), "password", in.password))
	if r.Status != http.StatusSeeOther || r.Location != "/akun" {
		t.Fatalf("sign-in: %d to %q", r.Status, r.Location)
	}
	if after := sessionCookie(c, p); after == "" || after == cookieBefore {
		t.Error("session id not renewed at sign-in")
	}
	akun := c.Get("/akun")
	if !strings.Contains(akun.Body, `data-testid="instansi">Pemerintah Kota Bandung<`) {
		t.Errorf("akun page: %.300s", between(akun.Body, "<main", "</main>"))
	}
	for _, action := range []string{"akun.daftar", "pejabat.setujui", "otp.aktivasi", "masuk.berhasil", "masuk.gagal"} {
		if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = $1", action); n == 0 {
			t.Errorf("no audit row for %s", action)
		}
	}
	// Sign-out renews the session and ends access.
	c.PostForm("/keluar", nil)
	if r := c.Get("/akun"); r.Status != http.StatusSeeOther {
		t.Errorf("/akun after sign-out: %d", r.Status)
	}
}

func sessionCookie(c *webtest.Client, p *servertest.Portal) string {
	u, _ := http.NewRequest(http.MethodGet, p.URL, nil)
	for _, ck := range c.HTTP.Jar.Cookies(u.URL) {
		if ck.Name == "regsosek_sesi" {
			return ck.Value
		}
	}
	return ""
}

func TestRejectFreesInstansiAndEmailsReason(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	verifier := p.CreateStaff(t, "verifikator.akun", account.RoleVerifikatorAkun)
	in := defaultReg()
	register(t, p, in)
	staff := staffLogin(t, p, verifier, time.Now())
	id := strconv.FormatInt(pendingPejabatID(t, p), 10)
	r := staff.PostForm("/petugas/verifikasi-akun/"+id+"/tolak", webtest.Values("alasan", "pendek"))
	mustStatus(t, "short reason", r, http.StatusUnprocessableEntity)
	reason := "Nama pada KTP tidak sesuai dengan Surat Tugas."
	mustStatus(t, "tolak", staff.PostForm("/petugas/verifikasi-akun/"+id+"/tolak", webtest.Values("alasan", reason)), http.StatusSeeOther)
	subject, text := latestMail(t, p, in.email)
	if subject != "Pembukaan Akun Layanan Regsosek Ditolak" || !strings.Contains(text, reason) {
		t.Errorf("rejection mail %q lacks the reason", subject)
	}
	// The instansi is free again.
	c := webtest.NewClient(t, p.URL)
	mustStatus(t, "register again", c.PostForm("/daftar/tipe-pemohon", webtest.Values("aksi", "lanjutkan", "kategori", "kabupaten_kota", "kabupaten_kota", "32.73")), http.StatusSeeOther)
}

// Two verifiers decide the same registration at once: one succeeds, the other is told it was processed.
func TestConcurrentDecisions(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	a := p.CreateStaff(t, "verifikator.a", account.RoleVerifikatorAkun)
	b := p.CreateStaff(t, "verifikator.b", account.RoleVerifikatorAkun)
	register(t, p, defaultReg())
	ca, cb := staffLogin(t, p, a, time.Now()), staffLogin(t, p, b, time.Now())
	id := strconv.FormatInt(pendingPejabatID(t, p), 10)
	var wg sync.WaitGroup
	var ra, rb *webtest.Response
	wg.Go(func() { ra = ca.PostForm("/petugas/verifikasi-akun/"+id+"/setujui", kriteriaMet()) })
	wg.Go(func() {
		rb = cb.PostForm("/petugas/verifikasi-akun/"+id+"/tolak", webtest.Values("alasan", "Dokumen tidak terbaca dengan jelas."))
	})
	wg.Wait()
	winners := 0
	for _, pair := range []struct {
		c *webtest.Client
		r *webtest.Response
	}{{ca, ra}, {cb, rb}} {
		page := pair.c.Get(pair.r.Location)
		if strings.Contains(page.Body, "sudah diproses oleh petugas lain") {
			continue
		}
		winners++
	}
	if winners != 1 {
		t.Errorf("%d verifiers were told they decided", winners)
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action IN ('pejabat.setujui', 'pejabat.tolak')"); n != 1 {
		t.Errorf("%d decisions audited", n)
	}
	if n := count(t, p, "SELECT count(*) FROM outbox WHERE subject <> 'Proses Pembukaan Akun Layanan Regsosek'"); n != 1 {
		t.Errorf("%d decision emails", n)
	}
}

func TestOTPExpiryAndAttemptLimit(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Now())
	p := servertest.NewWithClock(t, clock)
	verifier := p.CreateStaff(t, "verifikator.akun", account.RoleVerifikatorAkun)
	in := defaultReg()
	register(t, p, in)
	path, code := approve(t, p, staffLogin(t, p, verifier, clock.Now()), in.email)
	c := webtest.NewClient(t, p.URL)

	// Expired after 10 minutes.
	clock.Advance(10*time.Minute + time.Second)
	r := c.PostForm(path, webtest.Values("otp", code))
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "kedaluwarsa") {
		t.Fatalf("expired code: %d", r.Status)
	}
	// A new code; the old one no longer works.
	mustStatus(t, "kode baru", c.PostForm(path+"/kode-baru", nil), http.StatusSeeOther)
	subject, text := latestMail(t, p, in.email)
	if subject != "Kode OTP Baru Akun Layanan Regsosek" {
		t.Fatalf("new-code mail %q", subject)
	}
	newCode := otpPattern.FindStringSubmatch(text)[1]
	wrong := "000000"
	if newCode == wrong {
		wrong = "111111"
	}
	// Five wrong tries lock the code, even the right one.
	for i := range 5 {
		r := c.PostForm(path, webtest.Values("otp", wrong))
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong try %d: %d", i, r.Status)
		}
	}
	r = c.PostForm(path, webtest.Values("otp", newCode))
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "lima kali") {
		t.Fatalf("right code after five wrong tries: %d", r.Status)
	}
	if !strings.Contains(c.Get(path).Body, "Kirim Kode OTP Baru") {
		t.Error("locked page does not offer a new code")
	}
	mustStatus(t, "kode baru", c.PostForm(path+"/kode-baru", nil), http.StatusSeeOther)
	_, text = latestMail(t, p, in.email)
	r = c.PostForm(path, webtest.Values("otp", otpPattern.FindStringSubmatch(text)[1]))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("fresh code after lock: %d", r.Status)
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'otp.salah'"); n != 5 {
		t.Errorf("%d wrong OTP tries audited, want 5", n)
	}
}

func TestLoginThrottling(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Now())
	p := servertest.NewWithClock(t, clock)
	c := webtest.NewClient(t, p.URL)
	// Unknown and known usernames get the same answer.
	staff := p.CreateStaff(t, "petugas.satu", account.RoleAdmin)
	known := c.PostForm("/masuk", webtest.Values("username", staff.Username, "password", "salah-sekali-kata-sandinya"))
	unknown := c.PostForm("/masuk", webtest.Values("username", "tidak.ada", "password", "salah-sekali-kata-sandinya"))
	if known.Status != unknown.Status || between(known.Body, `data-testid="error-username">`, `</p>`) != between(unknown.Body, `data-testid="error-username">`, `</p>`) {
		t.Error("sign-in answers differ for a known and an unknown username")
	}
	// Failures 3 and 4 on the same account: the fourth starts a block that even the right password meets.
	c.PostForm("/masuk", webtest.Values("username", staff.Username, "password", "salah-lagi-kata-sandinya"))
	c.PostForm("/masuk", webtest.Values("username", staff.Username, "password", "salah-lagi-kata-sandinya"))
	r := c.PostForm("/masuk", webtest.Values("username", staff.Username, "password", staff.Password))
	if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "Terlalu banyak percobaan") {
		t.Fatalf("blocked sign-in: %d", r.Status)
	}
	// The delay grows: after it passes, the right password works.
	clock.Advance(3 * time.Second)
	r = c.PostForm("/masuk", webtest.Values("username", staff.Username, "password", staff.Password))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("sign-in after the delay: %d", r.Status)
	}
}

func TestFailureDelayGrows(t *testing.T) {
	failureDelay := server.FailureDelay
	prev := time.Duration(0)
	for n := 1; n <= 20; n++ {
		d := failureDelay(n)
		if d < prev || d > 15*time.Minute {
			t.Errorf("delay after %d failures = %v", n, d)
		}
		prev = d
	}
	if failureDelay(3) != 0 || failureDelay(4) == 0 {
		t.Error("the first three failures must not block and the fourth must")
	}
}

func TestStaffTOTPRequiredAndSingleUse(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Now())
	p := servertest.NewWithClock(t, clock)
	staff := p.CreateStaff(t, "petugas.dua", account.RoleVerifikatorAkun)
	c := webtest.NewClient(t, p.URL)
	mustStatus(t, "password", c.PostForm("/masuk", webtest.Values("username", staff.Username, "password", staff.Password)), http.StatusSeeOther)
	// Without the code there is no staff session.
	if r := c.Get("/petugas"); r.Status != http.StatusSeeOther || r.Location != "/masuk" {
		t.Errorf("/petugas before TOTP: %d", r.Status)
	}
	mustStatus(t, "wrong code", c.PostForm("/masuk/totp", webtest.Values("kode", "12345")), http.StatusUnprocessableEntity)
	code, _ := totp.GenerateCode(staff.TOTPSecret, clock.Now())
	mustStatus(t, "right code", c.PostForm("/masuk/totp", webtest.Values("kode", code)), http.StatusSeeOther)
	// The same code cannot be replayed in another browser.
	c2 := webtest.NewClient(t, p.URL)
	c2.PostForm("/masuk", webtest.Values("username", staff.Username, "password", staff.Password))
	mustStatus(t, "replayed code", c2.PostForm("/masuk/totp", webtest.Values("kode", code)), http.StatusUnprocessableEntity)
}

// Documents are shown to their own account and to the staff who need them; anyone else gets 404.
func TestDocumentAccess(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	verifier := p.CreateStaff(t, "verifikator.akun", account.RoleVerifikatorAkun)
	other := p.CreateStaff(t, "operator.sepakat", account.RoleOperatorSepakat)
	a, b := defaultReg(), defaultReg()
	b.kode, b.username, b.email, b.nik = "32.04", "siti.bandungkab", "siti@bandungkab.go.id", "3204014506800002"
	register(t, p, a)
	staff := staffLogin(t, p, verifier, time.Now())
	pathA, codeA := approve(t, p, staff, a.email)
	register(t, p, b)
	pathB, codeB := approve(t, p, staff, b.email)
	ca, cb := webtest.NewClient(t, p.URL), webtest.NewClient(t, p.URL)
	mustStatus(t, "activate a", ca.PostForm(pathA, webtest.Values("otp", codeA)), http.StatusSeeOther)
	mustStatus(t, "activate b", cb.PostForm(pathB, webtest.Values("otp", codeB)), http.StatusSeeOther)
	mustStatus(t, "login a", ca.PostForm("/masuk", webtest.Values("username", a.username, "password", a.password)), http.StatusSeeOther)
	mustStatus(t, "login b", cb.PostForm("/masuk", webtest.Values("username", b.username, "password", b.password)), http.StatusSeeOther)

	var ktpA int64
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT ktp_document_id FROM pejabat WHERE username = $1", a.username).Scan(&ktpA); err != nil {
		t.Fatal(err)
	}
	path := "/dokumen/" + strconv.FormatInt(ktpA, 10)
	before := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'dokumen.lihat' AND object_id = $1", ktpA)
	for name, c := range map[string]*webtest.Client{
		"anonymous": webtest.NewClient(t, p.URL), "another registrator": cb, "staff without the role": staffLogin(t, p, other, time.Now()),
	} {
		if r := c.Get(path); r.Status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", name, r.Status)
		}
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'dokumen.lihat' AND object_id = $1", ktpA); n != before {
		t.Error("a refused view was audited as a view")
	}
	for name, c := range map[string]*webtest.Client{"own registrator": ca, "verifikator akun": staff} {
		r := c.Get(path)
		if r.Status != 200 || r.Header.Get("Content-Type") != "image/png" || r.Body != string(servertest.PNG(t)) {
			t.Errorf("%s: %d %s", name, r.Status, r.Header.Get("Content-Type"))
		}
		if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("%s: Cache-Control %q", name, cc)
		}
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'dokumen.lihat' AND object_id = $1", ktpA); n != before+2 {
		t.Errorf("views audited: %d, want %d", n, before+2)
	}
}

func TestHandover(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	verifier := p.CreateStaff(t, "verifikator.akun", account.RoleVerifikatorAkun)
	in := defaultReg()
	register(t, p, in)
	staff := staffLogin(t, p, verifier, time.Now())
	path, code := approve(t, p, staff, in.email)
	old := webtest.NewClient(t, p.URL)
	mustStatus(t, "activate", old.PostForm(path, webtest.Values("otp", code)), http.StatusSeeOther)
	mustStatus(t, "login", old.PostForm("/masuk", webtest.Values("username", in.username, "password", in.password)), http.StatusSeeOther)

	form := webtest.Values("instansi", "Pemerintah Kota Bandung", "unit_kerja", "Bappelitbang", "nama", "Sri Wahyuni",
		"nik", "3273015508850003", "jabatan", "Kepala Subbidang Data", "email", "sri@bandung.go.id",
		"email_unit_kerja", "bappeda@bandung.go.id", "no_handphone", "+62 813 1111 2222", "username", "sri.bandung")
	// Bad input keeps the entries and stores nothing.
	bad := old.PostMultipart("/akun/penggantian-pejabat", form, webtest.File{Field: "ktp", Name: "ktp.pdf", Content: []byte("MZ-not-a-pdf")},
		goodFiles(t)[1])
	mustStatus(t, "bad KTP", bad, http.StatusUnprocessableEntity)
	if !strings.Contains(bad.Body, `value="Sri Wahyuni"`) || !strings.Contains(bad.Body, `data-testid="error-ktp"`) {
		t.Error("bad handover did not keep entries or show the KTP message")
	}
	if n := count(t, p, "SELECT count(*) FROM pejabat"); n != 1 {
		t.Fatalf("%d officials after a refused handover", n)
	}
	mustStatus(t, "handover", old.PostMultipart("/akun/penggantian-pejabat", form, goodFiles(t)...), http.StatusSeeOther)
	// Until the new official activates, the old one keeps working.
	if r := old.Get("/akun"); r.Status != 200 || !strings.Contains(r.Body, `data-testid="handover-pending"`) {
		t.Fatalf("akun during handover: %d", r.Status)
	}
	newPath, newCode := approve(t, p, staff, "sri@bandung.go.id")
	fresh := webtest.NewClient(t, p.URL)
	const newPassword = "Teh-Manis-Hangat-Sore-88"
	mustStatus(t, "activate new", fresh.PostForm(newPath, webtest.Values("otp", newCode, "password", newPassword, "password_confirm", newPassword)), http.StatusSeeOther)

	// At that moment the old credentials and the old session stop working.
	if r := old.Get("/akun"); r.Status != http.StatusSeeOther {
		t.Errorf("old session after handover: %d", r.Status)
	}
	if r := webtest.NewClient(t, p.URL).PostForm("/masuk", webtest.Values("username", in.username, "password", in.password)); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("old credentials after handover: %d", r.Status)
	}
	mustStatus(t, "new login", fresh.PostForm("/masuk", webtest.Values("username", "sri.bandung", "password", newPassword)), http.StatusSeeOther)
	page := fresh.Get("/akun")
	if !strings.Contains(page.Body, "Sri Wahyuni") || !strings.Contains(page.Body, "Budi Santoso") || !strings.Contains(page.Body, "Diganti") {
		t.Error("akun page does not show the new official and the history")
	}
	if n := count(t, p, "SELECT count(*) FROM akun"); n != 1 {
		t.Errorf("%d accounts: a handover keeps the same account", n)
	}
}

func TestPasswordReset(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	verifier := p.CreateStaff(t, "verifikator.akun", account.RoleVerifikatorAkun)
	in := defaultReg()
	register(t, p, in)
	path, code := approve(t, p, staffLogin(t, p, verifier, time.Now()), in.email)
	c := webtest.NewClient(t, p.URL)
	mustStatus(t, "activate", c.PostForm(path, webtest.Values("otp", code)), http.StatusSeeOther)
	c.Get("/masuk") // shows and clears the activation flash

	unknown := c.PostForm("/lupa-kata-sandi", webtest.Values("username", "tidak.ada"))
	known := c.PostForm("/lupa-kata-sandi", webtest.Values("username", in.username))
	if unknown.Status != 200 || known.Status != 200 || between(unknown.Body, "<main", "</main>") != between(known.Body, "<main", "</main>") {
		t.Errorf("reset answers differ for known and unknown usernames:\n%s\n%s", between(unknown.Body, "<main", "</main>"), between(known.Body, "<main", "</main>"))
	}
	subject, text := latestMail(t, p, in.email)
	if subject != "Atur Ulang Kata Sandi Akun Layanan Regsosek" {
		t.Fatalf("reset mail %q", subject)
	}
	link := regexp.MustCompile(`/atur-ulang-kata-sandi/[A-Za-z0-9_-]+`).FindString(text)
	const pw = "Nasi-Goreng-Kampung-Pedas-9"
	mustStatus(t, "reset", c.PostForm(link, webtest.Values("password", pw, "password_confirm", pw)), http.StatusSeeOther)
	if r := c.PostForm(link, webtest.Values("password", pw, "password_confirm", pw)); r.Location != "/lupa-kata-sandi" {
		t.Error("reset link worked twice")
	}
	mustStatus(t, "login with new password", c.PostForm("/masuk", webtest.Values("username", in.username, "password", pw)), http.StatusSeeOther)
}

// The development helpers do not exist in production.
func TestDevRoutesAbsentInProduction(t *testing.T) {
	t.Parallel()
	for _, env := range []string{config.EnvTest, config.EnvProduction} {
		p := servertest.New(t, func(c *config.Config) { c.Env = env })
		c := webtest.NewClient(t, p.URL)
		mailbox := c.Get("/dev/mailbox").Status
		captcha := c.Get("/dev/captcha/abc").Status
		if env == config.EnvProduction && (mailbox != 404 || captcha != 404) {
			t.Errorf("production serves /dev: mailbox %d, captcha %d", mailbox, captcha)
		}
		if env == config.EnvTest && mailbox != 200 {
			t.Errorf("test mode lacks /dev/mailbox: %d", mailbox)
		}
	}
}

// The audit log refuses to be changed, whoever asks.
func TestAuditLogAppendOnly(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ctx := context.Background()
	if _, err := p.Store.Pool.Exec(ctx, "INSERT INTO audit_log (actor_kind, action) VALUES ('sistem', 'uji')"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"UPDATE audit_log SET action = 'diubah'", "DELETE FROM audit_log", "TRUNCATE audit_log"} {
		if _, err := p.Store.Pool.Exec(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'uji'"); n != 1 {
		t.Error("audit row changed")
	}
}
