package server_test

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// pengaduanValues is a complete report, without captcha.
func pengaduanValues() url.Values {
	return url.Values{
		"judul": {"Permohonan belum diverifikasi"}, "isi": {"Permohonan hak akses kami sudah tiga bulan belum diverifikasi."},
		"nama": {"Budi Santoso"}, "instansi": {"Bappeda Kota Bandung"}, "jabatan": {"Analis Perencanaan"},
		"lokasi": {"Kota Bandung, Jawa Barat"}, "kategori": {"permohonan_data"},
	}
}

var trackingCodePattern = regexp.MustCompile(`data-testid="kode-pelacakan">([A-Z2-7-]+)<`)

// sendPengaduan posts a report from c (solving the captcha) and returns the tracking code shown.
func sendPengaduan(t *testing.T, c *webtest.Client, form url.Values, files ...webtest.File) string {
	t.Helper()
	r := postPengaduan(t, c, form, files...)
	if r.Status != http.StatusSeeOther || r.Location != "/pengaduan/terkirim" {
		t.Fatalf("send pengaduan: %d to %q: %.800s", r.Status, r.Location, between(r.Body, "<main", "</main>"))
	}
	done := c.Get("/pengaduan/terkirim")
	m := trackingCodePattern.FindStringSubmatch(done.Body)
	if m == nil {
		t.Fatalf("no tracking code shown: %.600s", between(done.Body, "<main", "</main>"))
	}
	return m[1]
}

func postPengaduan(t *testing.T, c *webtest.Client, form url.Values, files ...webtest.File) *webtest.Response {
	t.Helper()
	id, answer := captchaAnswer(t, c, c.Get("/pengaduan").Body)
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set("captcha_id", id)
	f.Set("captcha", answer)
	return c.PostMultipart("/pengaduan", f, files...)
}

func pengaduanID(t *testing.T, p *servertest.Portal) string {
	t.Helper()
	return strconv.Itoa(count(t, p, "SELECT max(id)::int FROM pengaduan"))
}

func TestPengaduanValidation(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	tests := []struct {
		name   string
		change func(url.Values)
		field  string
	}{
		{"no judul", func(f url.Values) { f.Del("judul") }, "judul"},
		{"short isi", func(f url.Values) { f.Set("isi", "tolong") }, "isi"},
		{"no nama", func(f url.Values) { f.Del("nama") }, "nama"},
		{"no instansi", func(f url.Values) { f.Del("instansi") }, "instansi"},
		{"no jabatan", func(f url.Values) { f.Del("jabatan") }, "jabatan"},
		{"no lokasi", func(f url.Values) { f.Del("lokasi") }, "lokasi"},
		{"no kategori", func(f url.Values) { f.Del("kategori") }, "kategori"},
		{"bad email", func(f url.Values) { f.Set("email", "budi@") }, "email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := pengaduanValues()
			tt.change(f)
			f.Set("anonim", "ya")
			r := postPengaduan(t, c, f, webtest.File{Field: "lampiran", Name: "bukti.pdf", Content: servertest.PDF(t, "bukti")})
			mustStatus(t, tt.name, r, http.StatusUnprocessableEntity)
			if !strings.Contains(r.Body, `data-testid="error-`+tt.field+`"`) || !strings.Contains(r.Body, `href="#`+tt.field+`"`) {
				t.Errorf("no message beside %s", tt.field)
			}
			// Entries are kept (the file cannot be, and the page says so); the captcha is new.
			for _, kept := range []string{`value="Kota Bandung, Jawa Barat"`, `id="anonim" name="anonim" value="ya" checked`} {
				if tt.field != "lokasi" && !strings.Contains(r.Body, kept) {
					t.Errorf("entry %s not kept", kept)
				}
			}
			if !strings.Contains(between(r.Body, `data-testid="error-lampiran"`, "</p>"), "Pilih ulang lampiran") {
				t.Error("the page does not ask to choose the file again")
			}
		})
	}
	// A wrong captcha refuses an otherwise complete report.
	f := pengaduanValues()
	f.Set("captcha_id", "tidak-ada")
	f.Set("captcha", "123456")
	r := c.PostMultipart("/pengaduan", f)
	mustStatus(t, "wrong captcha", r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, `data-testid="error-captcha"`) || !strings.Contains(r.Body, `value="Budi Santoso"`) {
		t.Error("wrong captcha: message or entries missing")
	}
	for _, table := range []string{"pengaduan", "pengaduan_pelapor", "pengaduan_lampiran", "documents", "outbox"} {
		if n := count(t, p, "SELECT count(*) FROM "+table); n != 0 {
			t.Errorf("%d rows in %s after refused reports", n, table)
		}
	}
}

// Attachments are checked like every upload: by content, and by size.
func TestPengaduanAttachmentChecked(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	for _, tt := range []struct {
		name   string
		file   webtest.File
		msg    string
		status int
	}{
		{"renamed executable", webtest.File{Field: "lampiran", Name: "bukti.pdf", ContentType: "application/pdf",
			Content: append([]byte("MZ\x90\x00\x03"), bytes.Repeat([]byte{0}, 2000)...)}, "Jenis berkas harus PDF, JPG atau PNG", http.StatusUnprocessableEntity},
		{"html named png", webtest.File{Field: "lampiran", Name: "foto.png", ContentType: "image/png",
			Content: []byte("<html><script>alert(1)</script></html>")}, "Jenis berkas harus PDF, JPG atau PNG", http.StatusUnprocessableEntity},
		{"empty", webtest.File{Field: "lampiran", Name: "kosong.pdf", Content: nil}, "Berkas kosong", http.StatusUnprocessableEntity},
		// Issue 15: over the limit is a 413 that says the limit and the size sent, with every other entry kept.
		{"over 10 MB", webtest.File{Field: "lampiran", Name: "besar.pdf",
			Content: append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 10<<20)...)}, "berukuran 10,0 MB, melebihi batas 10 MB", http.StatusRequestEntityTooLarge},
	} {
		r := postPengaduan(t, c, pengaduanValues(), tt.file)
		mustStatus(t, tt.name, r, tt.status)
		if msg := between(r.Body, `data-testid="error-lampiran"`, "</p>"); !strings.Contains(msg, tt.msg) {
			t.Errorf("%s: %q", tt.name, msg)
		}
		if !strings.Contains(r.Body, `value="Budi Santoso"`) {
			t.Errorf("%s: entries lost", tt.name)
		}
	}
	if n := count(t, p, "SELECT count(*) FROM pengaduan"); n != 0 {
		t.Errorf("%d reports stored with refused attachments", n)
	}
	if n := count(t, p, "SELECT count(*) FROM documents"); n != 0 {
		t.Errorf("%d documents stored by refused reports", n)
	}
	// A JPEG is accepted and offered back as .jpg whatever its name.
	code := sendPengaduan(t, c, pengaduanValues(), webtest.File{Field: "lampiran", Name: "foto.exe", ContentType: "application/octet-stream",
		Content: append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte{1}, 100)...)})
	if code == "" {
		t.Fatal("no code")
	}
	var name, ctype string
	if err := p.Store.Pool.QueryRow(t.Context(), "SELECT original_name, content_type FROM documents").Scan(&name, &ctype); err != nil {
		t.Fatal(err)
	}
	if name != "foto.exe.jpg" || ctype != "image/jpeg" {
		t.Errorf("stored as %q (%s)", name, ctype)
	}
}

// Tracking codes carry 160 random bits, are stored only as HMACs, and a wrong code gets the very same
// answer as a missing or malformed one.
func TestPengaduanTrackingCode(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	f := pengaduanValues()
	f.Set("email", "budi.pelapor@bandung.go.id")
	code := sendPengaduan(t, c, f)
	if !regexp.MustCompile(`^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$`).MatchString(code) {
		t.Fatalf("code %q", code)
	}
	// Shown once: a reload of the confirmation no longer shows it.
	if again := c.Get("/pengaduan/terkirim"); strings.Contains(again.Body, code) {
		t.Error("the code is shown again on reload")
	}
	// Emailed when an address is given; nowhere else in the database in clear.
	if subject, text := latestMail(t, p, "budi.pelapor@bandung.go.id"); subject != "Laporan Anda Telah Diterima" || !strings.Contains(text, code) {
		t.Errorf("confirmation mail %q lacks the code", subject)
	}
	plain := strings.ReplaceAll(code, "-", "")
	for _, q := range []string{
		"SELECT count(*) FROM pengaduan WHERE position($1 in judul || isi || lokasi || reference) > 0 OR tracking_hash = convert_to($1, 'UTF8')",
		"SELECT count(*) FROM audit_log WHERE position($1 in detail::text) > 0",
		"SELECT count(*) FROM sessions WHERE position(convert_to($1, 'UTF8') in data) > 0",
	} {
		for _, v := range []string{code, plain} {
			if n := count(t, p, q, v); n != 0 {
				t.Errorf("the code is stored in clear: %s", q)
			}
		}
	}
	if n := count(t, p, "SELECT length(tracking_hash) FROM pengaduan"); n != 32 {
		t.Errorf("tracking hash of %d bytes", n)
	}

	// Wrong, malformed, empty and missing codes: one answer, byte for byte.
	other := webtest.NewClient(t, p.URL)
	wrong := []byte(plain)
	wrong[5] = map[bool]byte{true: 'B', false: 'A'}[wrong[5] == 'A']
	var bodies []string
	for _, k := range []string{string(wrong), strings.Repeat("A", 32), "ABCD", "", "<script>", code + "A"} {
		r := other.PostForm("/pengaduan/status", webtest.Values("kode", k))
		mustStatus(t, "code "+k, r, http.StatusUnprocessableEntity)
		bodies = append(bodies, r.Body)
	}
	for i, b := range bodies[1:] {
		if b != bodies[0] {
			t.Errorf("answer %d differs from the answer to a wrong code", i+1)
		}
	}
	if !strings.Contains(bodies[0], "Kode pelacakan tidak ditemukan") || strings.Contains(bodies[0], "<script>") {
		t.Error("the answer to a wrong code")
	}
	// The right code, typed lower case with spaces, opens the status page in another browser.
	r := other.PostForm("/pengaduan/status", webtest.Values("kode", strings.ToLower(strings.ReplaceAll(code, "-", " "))))
	if r.Status != http.StatusSeeOther || r.Location != "/pengaduan/status" {
		t.Fatalf("right code: %d to %q", r.Status, r.Location)
	}
	status := other.Get("/pengaduan/status")
	if !strings.Contains(status.Body, "Permohonan belum diverifikasi") || !strings.Contains(status.Body, "menunggu tindak lanjut") {
		t.Errorf("status page: %.500s", between(status.Body, "<main", "</main>"))
	}
	// The code never appears in a URL: the status page is bound to the session.
	if strings.Contains(status.Body, plain) || strings.Contains(status.Body, code) {
		t.Error("the status page prints the code")
	}
}

func TestPengaduanRateLimit(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	for i := range 20 {
		if r := c.PostMultipart("/pengaduan", url.Values{}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("post %d: %d", i+1, r.Status)
		}
	}
	if r := c.PostMultipart("/pengaduan", pengaduanValues()); r.Status != http.StatusTooManyRequests {
		t.Errorf("21st post in the hour: %d, want 429", r.Status)
	}
	if n := count(t, p, "SELECT count(*) FROM rate_limits WHERE key LIKE '%127.0.0.1%'"); n != 0 {
		t.Error("a rate-limit key holds the IP address")
	}
}
