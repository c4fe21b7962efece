package server_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// A staff member who signs in twice within one 30-second step offers the code already spent: the page says
// to wait for the next code, not that the code is wrong.
func TestTOTPCodeUsedTwiceSaysWaitForTheNext(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	staff := p.CreateStaff(t, "dua.kali", account.RoleVerifikatorTeknis)
	// One code for both sign-ins: generated again, it would differ when the two straddle a 30-second step.
	code, _ := totp.GenerateCode(staff.TOTPSecret, time.Now())
	signIn := func() *webtest.Response {
		c := webtest.NewClient(t, p.URL)
		mustStatus(t, "password", c.PostForm("/masuk", webtest.Values("username", staff.Username, "password", staff.Password)), http.StatusSeeOther)
		return c.PostForm("/masuk/totp", webtest.Values("kode", code))
	}
	if r := signIn(); r.Status != http.StatusSeeOther {
		t.Fatalf("first sign-in: %d", r.Status)
	}
	r := signIn()
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Tunggu kode berikutnya") || strings.Contains(r.Body, "Kode autentikator salah") {
		t.Errorf("second sign-in with the same code: %d", r.Status)
	}
	c := webtest.NewClient(t, p.URL)
	c.PostForm("/masuk", webtest.Values("username", staff.Username, "password", staff.Password))
	if r := c.PostForm("/masuk/totp", webtest.Values("kode", "000000")); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Kode autentikator salah") {
		t.Errorf("a wrong code: %d", r.Status)
	}
}

var metaDescription = regexp.MustCompile(`<meta name="description" content="([^"]{40,})"`)

// Every public page has a meta description of its own, and everything on it sits inside a landmark: the
// environment banner in the header (Lighthouse's SEO audit and axe's "region" rule).
func TestPublicPagesDescribedAndInLandmarks(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	seen := map[string]string{}
	for _, path := range []string{"/", "/persyaratan", "/pengaduan", "/masuk", "/daftar/tipe-pemohon", "/lupa-kata-sandi"} {
		r := c.Get(path)
		m := metaDescription.FindStringSubmatch(r.Body)
		if r.Status != http.StatusOK || m == nil {
			t.Errorf("%s: %d, description %v", path, r.Status, m)
			continue
		}
		if other, ok := seen[m[1]]; ok && path != "/lupa-kata-sandi" {
			t.Errorf("%s has the description of %s", path, other)
		}
		seen[m[1]] = path
		body := r.Body[strings.Index(r.Body, "<body>"):]
		// Between <body> and </header>, only the skip link may stand outside the header.
		before, _, _ := strings.Cut(body, `<header class="site-header">`)
		if strings.Contains(before, "env-banner") || strings.Contains(before, "synthetic-banner") {
			t.Errorf("%s: a banner outside the landmarks", path)
		}
		// Nothing between </main> and <footer>.
		_, after, _ := strings.Cut(body, "</main>")
		if between, _, _ := strings.Cut(after, "<footer"); strings.TrimSpace(between) != "" {
			t.Errorf("%s: content between main and footer: %.80q", path, between)
		}
	}
}

// The captcha's label says what to do, in the portal's register.
func TestCaptchaLabel(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	for _, path := range []string{"/pengaduan", "/ganti-pejabat"} {
		body := c.Get(path).Body
		if !strings.Contains(body, `<label for="captcha">Masukkan kode yang Anda lihat</label>`) || strings.Contains(body, "kamu") {
			t.Errorf("%s: captcha label", path)
		}
	}
}

var titleTag = regexp.MustCompile(`<title>\s*([^<]*?)\s*</title>`)

// The registration wizard says where one is, "Langkah 1 dari 4", in its heading and its title.
func TestWizardSaysWhichStep(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	r := c.Get("/daftar/tipe-pemohon")
	title := titleTag.FindStringSubmatch(r.Body)
	if title == nil || !strings.Contains(title[1], "Langkah 1 dari 4") || !strings.Contains(r.Body, `data-testid="langkah">Langkah 1 dari 4</span>`) {
		t.Errorf("first step: title %v", title)
	}
	// Errors: the title starts with "Kesalahan: " and still says the step.
	r = c.PostForm("/daftar/tipe-pemohon", webtest.Values("aksi", "lanjutkan"))
	title = titleTag.FindStringSubmatch(r.Body)
	if r.Status != http.StatusUnprocessableEntity || title == nil || !strings.HasPrefix(title[1], "Kesalahan: ") || !strings.Contains(title[1], "Langkah 1 dari 4") {
		t.Errorf("step with errors: %d %v", r.Status, title)
	}
}

// A kabupaten that picks its province in "Provinsi" is told which list its kategori uses; once it picks its
// kabupaten/kota, the next step names the pemohon chosen, so "Instansi" reads as the office within it.
func TestTipePemohonSaysWhichListToUse(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	c.Get("/daftar/tipe-pemohon")
	r := c.PostForm("/daftar/tipe-pemohon", webtest.Values("aksi", "lanjutkan", "kategori", "kabupaten_kota", "provinsi", "32"))
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Anda memilih Pemerintah Kabupaten/Kota: pilih kabupaten/kota pada daftar Kabupaten/Kota") {
		t.Fatalf("province chosen for a kabupaten: %d", r.Status)
	}
	if !strings.Contains(r.Body, `class="tipe-daftar" data-kategori="kabupaten_kota"`) || !strings.Contains(r.Body, "js/tipe.js") {
		t.Error("the lists are not grouped by kategori for the script")
	}
	r = c.PostForm("/daftar/tipe-pemohon", webtest.Values("aksi", "lanjutkan", "kategori", "kabupaten_kota", "kabupaten_kota", "32.73"))
	mustStatus(t, "kabupaten/kota chosen", r, http.StatusSeeOther)
	r = c.Get(r.Location)
	if !strings.Contains(r.Body, `data-testid="pemohon-dipilih"`) || !strings.Contains(r.Body, "Kota Bandung") || !strings.Contains(r.Body, `autocomplete="organization"`) {
		t.Errorf("Informasi Instansi does not name the pemohon chosen: %d", r.Status)
	}
}

// The captcha's audio alternative is a WAV file of the digits, spoken in Bahasa Indonesia.
func TestCaptchaAudio(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	body := c.Get("/pengaduan").Body
	m := regexp.MustCompile(`href="(/captcha/[^"]+\.wav)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no audio link")
	}
	r := c.Get(m[1])
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Body, "RIFF") || r.Header.Get("Content-Type") != "audio/wav" || len(r.Body) < 100_000 {
		t.Errorf("audio: %d %q, %d bytes", r.Status, r.Header.Get("Content-Type"), len(r.Body))
	}
}

// Identifikasi Kebutuhan's "Simpan" is a real step (pedoman: "Apabila semua data calon pengguna telah
// diisikan, selanjutnya klik Simpan"): with no calon pengguna it says so, with links; then it goes on.
func TestKebutuhanSimpanChecksTheSection(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	path := newPermohonan(t, c)
	page := c.Get(path + "/kebutuhan")
	if !strings.Contains(page.Body, `action="`+path+`/kebutuhan"`) || !strings.Contains(page.Body, `data-testid="kebutuhan-simpan"`) {
		t.Fatal("Simpan is not a form")
	}
	r := c.PostForm(path+"/kebutuhan", nil)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `data-testid="problems"`) {
		t.Fatalf("Simpan with no calon pengguna: %d", r.Status)
	}
	mustStatus(t, "row", c.PostForm(path+"/kebutuhan/baru", form(rowForm("Dinas Kesehatan", "mikro", "fasilitas", "", ""))), http.StatusSeeOther)
	r = c.PostForm(path+"/kebutuhan", nil)
	if r.Status != http.StatusSeeOther || r.Location != path {
		t.Fatalf("Simpan with a complete row: %d %q", r.Status, r.Location)
	}
	if !strings.Contains(c.Get(path).Body, "Identifikasi kebutuhan tersimpan: 1 calon pengguna.") {
		t.Error("no word that it was saved")
	}
}

// /captcha/periksa answers captcha.js: a right answer keeps the challenge for the form; a wrong one deletes
// it and names a new one, so each challenge still gets one wrong try.
func TestCaptchaPeriksa(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	id, answer := captchaAnswer(t, c, c.Get("/pengaduan").Body)
	wrong := fmt.Sprintf("%06d", (atoi(answer)+1)%1000000)
	r := c.PostForm("/captcha/periksa", webtest.Values("captcha_id", id, "captcha", wrong))
	if r.Status != http.StatusUnprocessableEntity || len(r.Body) < 10 || r.Body == id {
		t.Fatalf("a wrong answer: %d %q", r.Status, r.Body)
	}
	if again := c.PostForm("/captcha/periksa", webtest.Values("captcha_id", id, "captcha", answer)); again.Status != http.StatusUnprocessableEntity {
		t.Errorf("the right answer after a wrong one on the same challenge: %d", again.Status)
	}
	next := r.Body
	nextAnswer := c.Get("/dev/captcha/" + next).Body
	if ok := c.PostForm("/captcha/periksa", webtest.Values("captcha_id", next, "captcha", nextAnswer)); ok.Status != http.StatusNoContent {
		t.Fatalf("the right answer: %d", ok.Status)
	}
	if n := count(t, p, "SELECT count(*) FROM captchas WHERE id = '"+next+"'"); n != 1 {
		t.Error("a right answer used the challenge up before the form was sent")
	}
}

// The Dokumen page is one form: two files chosen and one Unggah pressed store both (issue 15 item 5: one
// used to be stored and the other dropped without a word).
func TestDokumenUnggahStoresEveryFileChosen(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	path := newPermohonan(t, c)
	r := c.PostMultipart(path+"/dokumen", nil, pdfFile(t, "berkas-surat_permohonan"), pdfFile(t, "berkas-kak"))
	mustStatus(t, "one Unggah, two files", r, http.StatusSeeOther)
	if n := count(t, p, "SELECT count(*) FROM permohonan_documents WHERE kind IN ('surat_permohonan', 'kak')"); n != 2 {
		t.Errorf("%d of the 2 files chosen stored", n)
	}
}

// Text over a field's limit is an error beside the field with the text kept whole to be shortened (issue 15
// item 3: it used to be cut without a word).
func TestTextOverLimitIsAnErrorNotACut(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	path := newPermohonan(t, c)
	long := strings.Repeat("Siti Aminah ", 13) // 156 characters, over the 150 of Nama
	f := header("32.73")
	f["narahubung_nama"] = long
	r := c.PostForm(path+"/cakupan", form(f))
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `data-testid="error-narahubung_nama"`) ||
		!strings.Contains(r.Body, strings.TrimSpace(long)) {
		t.Fatalf("over the limit: %d", r.Status)
	}
	// The draft keeps what was typed, whole (a draft never loses an entry; submission checks it again).
	var got string
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT narahubung_nama FROM permohonan").Scan(&got); err != nil || got != strings.TrimSpace(long) {
		t.Errorf("the draft keeps %q (%v), want the text whole", got, err)
	}
	if strings.Contains(r.Body, `maxlength="150"`) {
		t.Error("the field still cuts pasted text with maxlength")
	}
}
