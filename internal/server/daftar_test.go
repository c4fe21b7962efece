package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// reg is one registration as a browser would post it.
type reg struct {
	kategori, field, kode string
	nama, nik, email      string
	username, password    string
}

func defaultReg() reg {
	return reg{kategori: "kabupaten_kota", field: "kabupaten_kota", kode: "32.73", nama: "Budi Santoso",
		nik: "3273012706670001", email: "budi@bandung.go.id", username: "budi.bandung", password: "Kopi-Tubruk-Pagi-Hari-77"}
}

var captchaIDPattern = regexp.MustCompile(`data-captcha-id="([^"]+)"`)

func captchaAnswer(t *testing.T, c *webtest.Client, page string) (id, answer string) {
	t.Helper()
	m := captchaIDPattern.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no captcha on the page")
	}
	r := c.Get("/dev/captcha/" + m[1])
	if r.Status != 200 {
		t.Fatalf("dev captcha: %d", r.Status)
	}
	return m[1], r.Body
}

func mustStatus(t *testing.T, what string, r *webtest.Response, want int) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("%s: status %d, want %d; body: %.600s", what, r.Status, want, r.Body)
	}
}

// stepsOneToThree walks the first three steps and returns the step-4 page.
func stepsOneToThree(t *testing.T, c *webtest.Client, in reg) *webtest.Response {
	t.Helper()
	mustStatus(t, "step 1", c.PostForm("/daftar/tipe-pemohon", webtest.Values("aksi", "lanjutkan", "kategori", in.kategori, in.field, in.kode)), http.StatusSeeOther)
	mustStatus(t, "step 2", c.PostForm("/daftar/informasi-instansi", webtest.Values("aksi", "lanjutkan", "instansi", "Pemerintah Kota Bandung",
		"unit_kerja", "Bappelitbang")), http.StatusSeeOther)
	mustStatus(t, "step 3", c.PostForm("/daftar/informasi-pemohon", webtest.Values("aksi", "lanjutkan", "nama", in.nama, "nik", in.nik,
		"jabatan", "Kepala Subbidang", "email", in.email, "email_unit_kerja", "bappeda@bandung.go.id", "no_handphone", "081234567890")), http.StatusSeeOther)
	return c.Get("/daftar/pembuatan-akun")
}

func step4(t *testing.T, c *webtest.Client, page string, in reg, files ...webtest.File) *webtest.Response {
	t.Helper()
	id, answer := captchaAnswer(t, c, page)
	return c.PostMultipart("/daftar/pembuatan-akun", webtest.Values("aksi", "lanjutkan", "username", in.username,
		"password", in.password, "password_confirm", in.password, "captcha_id", id, "captcha", answer, "setuju", "ya", "benar", "ya"), files...)
}

func goodFiles(t *testing.T) []webtest.File {
	return []webtest.File{
		{Field: "ktp", Name: "ktp.png", ContentType: "image/png", Content: servertest.PNG(t)},
		{Field: "surat_tugas", Name: "surat-tugas.pdf", ContentType: "application/pdf", Content: servertest.PDF(t, "Surat Tugas")},
	}
}

// register runs the whole wizard and returns the reference number.
func register(t *testing.T, p *servertest.Portal, in reg) string {
	t.Helper()
	c := webtest.NewClient(t, p.URL)
	page := stepsOneToThree(t, c, in)
	mustStatus(t, "step 4", step4(t, c, page.Body, in, goodFiles(t)...), http.StatusSeeOther)
	mustStatus(t, "simpan", c.PostForm("/daftar/konfirmasi", webtest.Values("aksi", "simpan")), http.StatusSeeOther)
	done := c.Get("/daftar/selesai")
	m := regexp.MustCompile(`data-testid="reference">([^<]+)<`).FindStringSubmatch(done.Body)
	if m == nil {
		t.Fatalf("no reference on the confirmation page: %.500s", done.Body)
	}
	return m[1]
}

func count(t *testing.T, p *servertest.Portal, q string, args ...any) int {
	t.Helper()
	var n int
	if err := p.Store.Pool.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRegistrationCreatesOneAccountWithMailAndAudit(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	in := defaultReg()
	page := stepsOneToThree(t, c, in)
	mustStatus(t, "step 4", step4(t, c, page.Body, in, goodFiles(t)...), http.StatusSeeOther)
	// "Simpan" twice (a double click, or a second tab) creates one account.
	mustStatus(t, "simpan", c.PostForm("/daftar/konfirmasi", webtest.Values("aksi", "simpan")), http.StatusSeeOther)
	second := c.PostForm("/daftar/konfirmasi", webtest.Values("aksi", "simpan"))
	if second.Status != http.StatusSeeOther || second.Location != "/daftar/selesai" {
		t.Errorf("second Simpan: %d to %q", second.Status, second.Location)
	}
	if n := count(t, p, "SELECT count(*) FROM akun"); n != 1 {
		t.Errorf("%d accounts after two Simpan", n)
	}
	if n := count(t, p, "SELECT count(*) FROM outbox WHERE subject = 'Proses Pembukaan Akun Layanan Regsosek' AND to_address = $1", in.email); n != 1 {
		t.Errorf("%d registration emails", n)
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'akun.daftar'"); n != 1 {
		t.Errorf("%d audit rows for the registration", n)
	}
	if n := count(t, p, "SELECT count(*) FROM documents WHERE draft_id IS NULL"); n != 2 {
		t.Errorf("%d documents attached to the account, want 2", n)
	}
	// The NIK is stored encrypted: its digits appear nowhere in the official's row.
	if n := count(t, p, "SELECT count(*) FROM pejabat WHERE position($1::bytea in nik_enc) > 0", []byte(in.nik)); n != 0 {
		t.Error("NIK stored in clear")
	}
	if n := count(t, p, "SELECT count(*) FROM registration_drafts WHERE position($1::bytea in payload) > 0", []byte(in.nik)); n != 0 {
		t.Error("draft holds the NIK in clear")
	}
}

// Each rule answers bad input with its message beside the field, keeps what was typed, and stores no account.
func TestWizardValidation(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	in := defaultReg()
	step3 := func(c *webtest.Client, field, value string) *webtest.Response {
		c.PostForm("/daftar/tipe-pemohon", webtest.Values("aksi", "lanjutkan", "kategori", in.kategori, in.field, in.kode))
		c.PostForm("/daftar/informasi-instansi", webtest.Values("aksi", "lanjutkan", "instansi", "Pemerintah Kota Bandung", "unit_kerja", "Bappelitbang"))
		form := webtest.Values("aksi", "lanjutkan", "nama", in.nama, "nik", in.nik, "jabatan", "Kepala", "email", in.email,
			"email_unit_kerja", "bappeda@bandung.go.id", "no_handphone", "081234567890")
		form.Set(field, value)
		return c.PostForm("/daftar/informasi-pemohon", form)
	}
	tests := []struct {
		name, field, value, message string
	}{
		{"NIK too short", "nik", "327301270667001", "16 digit"},
		{"NIK letters", "nik", "32730127066700AB", "angka"},
		{"NIK serial 0000", "nik", "3273012706670000", "0000"},
		{"NIK impossible date", "nik", "3273013102670001", "tanggal"},
		{"NIK unknown province", "nik", "0073012706670001", "provinsi"},
		{"NIK day 72", "nik", "3273017206670001", "tanggal"},
		{"email", "email", "budi@", "email"},
		{"email unit kerja", "email_unit_kerja", "bukan email", "email"},
		{"phone landline", "no_handphone", "022 4201234", "seluler"},
		{"phone short", "no_handphone", "0812", "digit"},
		{"nama empty", "nama", "", "nama"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := webtest.NewClient(t, p.URL)
			r := step3(c, tt.field, tt.value)
			mustStatus(t, tt.name, r, http.StatusUnprocessableEntity)
			errMsg := regexp.MustCompile(`data-testid="error-` + tt.field + `"><span class="visually-hidden">Kesalahan:</span> ([^<]+)<`).FindStringSubmatch(r.Body)
			if errMsg == nil {
				t.Fatalf("no message beside %s", tt.field)
			}
			if !strings.Contains(strings.ToLower(errMsg[1]), strings.ToLower(tt.message)) {
				t.Errorf("message %q does not mention %q", errMsg[1], tt.message)
			}
			if !strings.Contains(r.Body, `data-testid="error-summary"`) || !strings.Contains(r.Body, `href="#`+tt.field+`"`) {
				t.Error("error summary does not link to the field")
			}
			// The other entries are kept.
			if tt.field != "nama" && !strings.Contains(r.Body, `value="Budi Santoso"`) {
				t.Error("Nama Lengkap not kept")
			}
		})
	}
	if n := count(t, p, "SELECT count(*) FROM akun"); n != 0 {
		t.Errorf("%d accounts stored from bad input", n)
	}
}

func TestWizardStep4Validation(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	in := defaultReg()
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 2000)...)
	tests := []struct {
		name    string
		mutate  func(*reg)
		files   []webtest.File
		field   string
		message string
	}{
		{"short password", func(r *reg) { r.password = "pendek" }, nil, "password", "12 karakter"},
		{"common password", func(r *reg) { r.password = "passwordpassword" }, nil, "password", "umum"},
		{"password with username", func(r *reg) { r.password = "Saya-budi.bandung-2026" }, nil, "password", "username"},
		{"password with NIK", func(r *reg) { r.password = "x3273012706670001x" }, nil, "password", "NIK"},
		{"bad username", func(r *reg) { r.username = "ab" }, nil, "username", "4"},
		{"renamed executable as KTP", nil, []webtest.File{{Field: "ktp", Name: "ktp.pdf", ContentType: "application/pdf", Content: exe}}, "ktp", "Jenis berkas"},
		{"executable as Surat Tugas", nil, []webtest.File{{Field: "surat_tugas", Name: "st.pdf", ContentType: "application/pdf", Content: exe}}, "surat_tugas", "PDF"},
		{"PNG as Surat Tugas", nil, []webtest.File{{Field: "surat_tugas", Name: "st.pdf", ContentType: "application/pdf", Content: servertest.PNG(t)}}, "surat_tugas", "PDF"},
		{"empty KTP", nil, []webtest.File{{Field: "ktp", Name: "ktp.png", ContentType: "image/png", Content: []byte{}}}, "ktp", "kosong"},
		{"oversized KTP", nil, []webtest.File{{Field: "ktp", Name: "ktp.pdf", ContentType: "application/pdf",
			Content: append([]byte("%PDF-1.4\n"), make([]byte, 5<<20)...)}}, "ktp", "5 MB"},
		{"no files", nil, nil, "ktp", "Unggah File KTP"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := webtest.NewClient(t, p.URL)
			page := stepsOneToThree(t, c, in)
			r := in
			if tt.mutate != nil {
				tt.mutate(&r)
			}
			files := tt.files
			if files == nil && tt.field != "ktp" {
				files = goodFiles(t)
			}
			resp := step4(t, c, page.Body, r, files...)
			mustStatus(t, tt.name, resp, http.StatusUnprocessableEntity)
			if !strings.Contains(resp.Body, `data-testid="error-`+tt.field+`"`) {
				t.Fatalf("no message beside %s; summary: %s", tt.field, between(resp.Body, `error-summary`, `</div>`))
			}
			if msg := between(resp.Body, `data-testid="error-`+tt.field+`">`, `</p>`); !strings.Contains(msg, tt.message) {
				t.Errorf("message %q lacks %q", msg, tt.message)
			}
			if tt.field != "username" && !strings.Contains(resp.Body, `value="`+r.username+`"`) {
				t.Error("username not kept")
			}
			if strings.Contains(resp.Body, r.password) {
				t.Error("password echoed back into the page")
			}
		})
	}
	if n := count(t, p, "SELECT count(*) FROM akun"); n != 0 {
		t.Errorf("%d accounts stored from bad input", n)
	}
	if n := count(t, p, "SELECT count(*) FROM documents WHERE content_type NOT IN ('application/pdf', 'image/png')"); n != 0 {
		t.Errorf("%d refused files stored", n)
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i+len(from):]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

func TestWrongCaptchaStoresNoFiles(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	in := defaultReg()
	page := stepsOneToThree(t, c, in)
	id, answer := captchaAnswer(t, c, page.Body)
	wrong := fmt.Sprintf("%06d", (atoi(answer)+1)%1000000)
	r := c.PostMultipart("/daftar/pembuatan-akun", webtest.Values("aksi", "lanjutkan", "username", in.username, "password", in.password,
		"password_confirm", in.password, "captcha_id", id, "captcha", wrong, "setuju", "ya", "benar", "ya"), goodFiles(t)...)
	mustStatus(t, "wrong captcha", r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, `data-testid="error-captcha"`) {
		t.Error("no captcha message")
	}
	if n := count(t, p, "SELECT count(*) FROM documents"); n != 0 {
		t.Errorf("%d documents stored with a wrong captcha", n)
	}
	// The challenge was used up: the right answer does not work a second time.
	r = c.PostMultipart("/daftar/pembuatan-akun", webtest.Values("aksi", "lanjutkan", "username", in.username, "password", in.password,
		"password_confirm", in.password, "captcha_id", id, "captcha", answer, "setuju", "ya", "benar", "ya"), goodFiles(t)...)
	mustStatus(t, "replayed captcha", r, http.StatusUnprocessableEntity)
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestInstansiTakenAtStepOne(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	register(t, p, defaultReg())
	c := webtest.NewClient(t, p.URL)
	r := c.PostForm("/daftar/tipe-pemohon", webtest.Values("aksi", "lanjutkan", "kategori", "kabupaten_kota", "kabupaten_kota", "32.73"))
	mustStatus(t, "taken", r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, "sudah memiliki akun layanan") || !strings.Contains(r.Body, "Penggantian Pejabat") {
		t.Errorf("message does not name the way forward: %s", between(r.Body, `data-testid="error-kabupaten_kota">`, `</p>`))
	}
	// Another kab/kota is free.
	r = c.PostForm("/daftar/tipe-pemohon", webtest.Values("aksi", "lanjutkan", "kategori", "kabupaten_kota", "kabupaten_kota", "32.04"))
	mustStatus(t, "other instansi", r, http.StatusSeeOther)
}

// Twenty browsers finish a registration for the same instansi at once: exactly one account exists.
func TestInstansiTakenConcurrently(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	const n = 20
	clients := make([]*webtest.Client, n)
	for i := range n {
		in := defaultReg()
		in.username = fmt.Sprintf("pejabat.%02d", i)
		in.email = fmt.Sprintf("pejabat%02d@bandung.go.id", i)
		clients[i] = webtest.NewClient(t, p.URL)
		page := stepsOneToThree(t, clients[i], in)
		mustStatus(t, "step 4", step4(t, clients[i], page.Body, in, goodFiles(t)...), http.StatusSeeOther)
	}
	var wg sync.WaitGroup
	statuses := make([]int, n)
	for i := range n {
		wg.Go(func() {
			statuses[i] = clients[i].PostForm("/daftar/konfirmasi", webtest.Values("aksi", "simpan")).Status
		})
	}
	wg.Wait()
	ok, conflict := 0, 0
	for _, s := range statuses {
		switch s {
		case http.StatusSeeOther:
			ok++
		case http.StatusConflict:
			conflict++
		}
	}
	if ok != 1 || conflict != n-1 {
		t.Errorf("%d succeeded and %d were told the instansi is taken (statuses %v)", ok, conflict, statuses)
	}
	if c := count(t, p, "SELECT count(*) FROM akun WHERE instansi_kode = '32.73'"); c != 1 {
		t.Errorf("%d accounts for one instansi", c)
	}
	if c := count(t, p, "SELECT count(*) FROM outbox"); c != 1 {
		t.Errorf("%d emails, want 1", c)
	}
}

// The database itself refuses a second live account for an instansi, whatever the code above it does.
func TestOneAccountPerInstansiConstraint(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ctx := context.Background()
	insert := func(ref, state string) error {
		_, err := p.Store.Pool.Exec(ctx, `INSERT INTO akun (reference, kategori, instansi_kode, instansi_nama, state, decided_at, reject_reason)
			VALUES ($1, 'provinsi', '32', 'Pemerintah Provinsi Jawa Barat', $2,
			        CASE WHEN $2 = 'menunggu_verifikasi' THEN NULL ELSE now() END,
			        CASE WHEN $2 = 'ditolak' THEN 'alasan' END)`, ref, state)
		return err
	}
	if err := insert("A-1", "ditolak"); err != nil {
		t.Fatal(err)
	}
	if err := insert("A-2", "menunggu_verifikasi"); err != nil {
		t.Fatalf("a rejected registration must free the instansi: %v", err)
	}
	if err := insert("A-3", "aktif"); err == nil || !strings.Contains(err.Error(), "akun_one_per_instansi") {
		t.Errorf("second live account accepted: %v", err)
	}
}

// A browser that closes after step 3 and comes back days later resumes where it stopped: the draft
// cookie outlives the session.
func TestWizardResumes(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	stepsOneToThree(t, c, defaultReg())
	u, _ := url.Parse(p.URL + "/daftar")
	var draft *http.Cookie
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == "regsosek_daftar" {
			draft = ck
		}
	}
	if draft == nil {
		t.Fatal("no draft cookie")
	}
	later := webtest.NewClient(t, p.URL)
	later.HTTP.Jar.SetCookies(u, []*http.Cookie{draft})
	r := later.Get("/daftar")
	if r.Status != http.StatusSeeOther || r.Location != "/daftar/pembuatan-akun" {
		t.Fatalf("resume: %d to %q", r.Status, r.Location)
	}
	if page := later.Get("/daftar/informasi-pemohon"); !strings.Contains(page.Body, `value="Budi Santoso"`) {
		t.Error("resumed wizard lost Nama Lengkap")
	}
	// Skipping ahead is not possible: a fresh browser is sent to step 1.
	if r := webtest.NewClient(t, p.URL).Get("/daftar/pembuatan-akun"); r.Location != "/daftar/tipe-pemohon" {
		t.Errorf("fresh browser at step 4 sent to %q", r.Location)
	}
}
