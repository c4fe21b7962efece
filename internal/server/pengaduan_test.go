package server_test

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
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
		name string
		file webtest.File
		msg  string
	}{
		{"renamed executable", webtest.File{Field: "lampiran", Name: "bukti.pdf", ContentType: "application/pdf",
			Content: append([]byte("MZ\x90\x00\x03"), bytes.Repeat([]byte{0}, 2000)...)}, "Jenis berkas harus PDF, JPG atau PNG"},
		{"html named png", webtest.File{Field: "lampiran", Name: "foto.png", ContentType: "image/png",
			Content: []byte("<html><script>alert(1)</script></html>")}, "Jenis berkas harus PDF, JPG atau PNG"},
		{"empty", webtest.File{Field: "lampiran", Name: "kosong.pdf", Content: nil}, "Berkas kosong"},
		{"over 10 MB", webtest.File{Field: "lampiran", Name: "besar.pdf",
			Content: append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 10<<20)...)}, "melebihi 10 MB"},
	} {
		r := postPengaduan(t, c, pengaduanValues(), tt.file)
		mustStatus(t, tt.name, r, http.StatusUnprocessableEntity)
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

// An Anonim report sent by a signed-in registrator: no staff page, download or export shows who sent it,
// nor the instansi; only an admin can reveal it, and that is audited.
func TestPengaduanAnonimHidesIdentity(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Tasikmalaya Contoh")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	identity := []string{"Rahmat Sentosa Anonim", "Dinas Rahasia Sekali", "Jabatan Penanda Unik", "rahmat.anonim@contoh.go.id",
		"Pemerintah Kota Tasikmalaya Contoh", "laporan-rahmat-sentosa", reg.Username, "Registrator 32.73"}
	f := pengaduanValues()
	f.Set("nama", identity[0])
	f.Set("instansi", identity[1])
	f.Set("jabatan", identity[2])
	f.Set("email", identity[3])
	f.Set("anonim", "ya")
	code := sendPengaduan(t, c, f, webtest.File{Field: "lampiran", Name: "laporan-rahmat-sentosa.pdf", Content: servertest.PDF(t, "Bukti")})
	id := pengaduanID(t, p)

	handler := staffLogin(t, p, p.CreateStaff(t, "pengelola.satu", account.RolePengelolaLayanan), time.Now())
	admin := staffLogin(t, p, p.CreateStaff(t, "admin.satu", account.RoleAdmin), time.Now())
	// The handler answers, so the thread and the closed list are shown too.
	mustStatus(t, "answer", handler.PostForm("/petugas/pengaduan/"+id+"/jawab", webtest.Values("pesan", "Permohonan Anda sedang kami periksa.")), http.StatusSeeOther)
	var docID int64
	if err := p.Store.Pool.QueryRow(t.Context(), "SELECT document_id FROM pengaduan_lampiran").Scan(&docID); err != nil {
		t.Fatal(err)
	}
	pages := map[string]*webtest.Response{}
	for who, cl := range map[string]*webtest.Client{"handler": handler, "admin": admin} {
		for _, u := range []string{"/petugas", "/petugas/pengaduan", "/petugas/pengaduan/" + id, "/petugas/pengaduan/ekspor.csv",
			"/petugas/pengaduan/" + id + "/lampiran/" + strconv.FormatInt(docID, 10)} {
			r := cl.Get(u)
			if r.Status != http.StatusOK {
				t.Errorf("%s GET %s: %d", who, u, r.Status)
			}
			pages[who+" "+u] = r
		}
	}
	// The general document route does not serve attachments (it would offer them under their own names).
	for who, cl := range map[string]*webtest.Client{"handler": handler, "admin": admin} {
		if r := cl.Get("/dokumen/" + strconv.FormatInt(docID, 10)); r.Status != http.StatusNotFound {
			t.Errorf("%s via /dokumen: %d", who, r.Status)
		}
	}
	mustStatus(t, "close", handler.PostForm("/petugas/pengaduan/"+id+"/tutup", webtest.Values("pesan", "")), http.StatusSeeOther)
	pages["handler closed list"] = handler.Get("/petugas/pengaduan?ditutup=1")
	pages["handler closed report"] = handler.Get("/petugas/pengaduan/" + id)
	for name, r := range pages {
		text := r.Body + r.Header.Get("Content-Disposition")
		for _, secret := range identity {
			if strings.Contains(text, secret) {
				t.Errorf("%s shows %q", name, secret)
			}
		}
	}
	if !strings.Contains(pages["handler /petugas/pengaduan/"+id].Body, `data-testid="pelapor-anonim"`) {
		t.Error("the detail does not say the reporter is hidden")
	}
	if !strings.Contains(pages["admin /petugas/pengaduan/ekspor.csv"].Body, "Anonim") || !strings.Contains(pages["admin /petugas/pengaduan/ekspor.csv"].Body, "PGD-") {
		t.Error("the export lacks the anonymous report")
	}
	// The creation's audit row names no account and no IP.
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'pengaduan.kirim' AND actor_kind = 'publik' AND actor_id IS NULL AND ip IS NULL"); n != 1 {
		t.Error("the audit row of an Anonim report identifies its sender")
	}
	// The registrator's own akun page does not list it either (a later official would see it).
	if strings.Contains(c.Get("/akun").Body, "Permohonan belum diverifikasi") {
		t.Error("the akun page lists an Anonim report")
	}

	// Only an admin reveals, with a reason, and it is audited.
	if r := handler.PostForm("/petugas/pengaduan/"+id+"/identitas", webtest.Values("alasan", "Permintaan aparat penegak hukum.")); r.Status != http.StatusNotFound {
		t.Errorf("a handler reveals: %d", r.Status)
	}
	mustStatus(t, "reveal without reason", admin.PostForm("/petugas/pengaduan/"+id+"/identitas", webtest.Values("alasan", "")), http.StatusUnprocessableEntity)
	r := admin.PostForm("/petugas/pengaduan/"+id+"/identitas", webtest.Values("alasan", "Permintaan tertulis aparat penegak hukum no. 12/2026."))
	mustStatus(t, "reveal", r, http.StatusOK)
	for _, want := range identity[:5] {
		if !strings.Contains(r.Body, want) {
			t.Errorf("revealed page lacks %q", want)
		}
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'pengaduan.buka_identitas' AND object_id = $1::bigint AND detail->>'alasan' LIKE 'Permintaan tertulis%'", id); n != 1 {
		t.Errorf("%d audit rows for the reveal", n)
	}
	// Revealing once does not unmask the report for later views.
	if strings.Contains(admin.Get("/petugas/pengaduan/"+id).Body, identity[0]) {
		t.Error("the identity stays visible after the reveal")
	}
	// The reporter still follows it with the code.
	rep := webtest.NewClient(t, p.URL)
	mustStatus(t, "lacak", rep.PostForm("/pengaduan/status", webtest.Values("kode", code)), http.StatusSeeOther)
	if st := rep.Get("/pengaduan/status"); !strings.Contains(st.Body, "Permohonan Anda sedang kami periksa.") || !strings.Contains(st.Body, "Ditutup") {
		t.Error("the reporter does not see the answer and the closing")
	}
}

// A Rahasia report is in the handlers' queue only, and once taken up in its handler's only.
func TestPengaduanRahasia(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	f := pengaduanValues()
	f.Set("judul", "Dugaan penyalahgunaan data BNBA")
	f.Set("kategori", "penyalahgunaan_data")
	f.Set("rahasia", "ya")
	sendPengaduan(t, c, f)
	id := pengaduanID(t, p)
	sendPengaduan(t, webtest.NewClient(t, p.URL), pengaduanValues()) // an ordinary report beside it

	a := staffLogin(t, p, p.CreateStaff(t, "pengelola.satu", account.RolePengelolaLayanan), time.Now())
	b := staffLogin(t, p, p.CreateStaff(t, "pengelola.dua", account.RolePengelolaLayanan), time.Now())
	admin := staffLogin(t, p, p.CreateStaff(t, "admin.satu", account.RoleAdmin), time.Now())
	const title = "Dugaan penyalahgunaan data BNBA"
	for name, cl := range map[string]*webtest.Client{"handler a": a, "handler b": b} {
		if q := cl.Get("/petugas/pengaduan"); !strings.Contains(q.Body, title) {
			t.Errorf("%s: untouched Rahasia report missing from the queue", name)
		}
	}
	if q := admin.Get("/petugas/pengaduan"); strings.Contains(q.Body, title) || !strings.Contains(q.Body, "Permohonan belum diverifikasi") {
		t.Error("the admin list shows the Rahasia report, or not the ordinary one")
	}
	for name, cl := range map[string]*webtest.Client{"handler": a, "admin": admin} {
		if csv := cl.Get("/petugas/pengaduan/ekspor.csv"); strings.Contains(csv.Body, title) || !strings.Contains(csv.Body, "Permohonan belum diverifikasi") {
			t.Errorf("%s export: Rahasia report included or ordinary one missing", name)
		}
	}
	// Handler a takes it up by asking for information; from then on b neither lists nor opens it.
	mustStatus(t, "ask", a.PostForm("/petugas/pengaduan/"+id+"/minta-informasi", webtest.Values("pesan", "Mohon sebutkan nama aplikasi yang dimaksud.")), http.StatusSeeOther)
	if q := a.Get("/petugas/pengaduan"); !strings.Contains(q.Body, title) {
		t.Error("the handler's queue lost the report")
	}
	if q := b.Get("/petugas/pengaduan"); strings.Contains(q.Body, title) {
		t.Error("another handler still lists the report")
	}
	for _, u := range []string{"/petugas/pengaduan/" + id} {
		if r := b.Get(u); r.Status != http.StatusNotFound {
			t.Errorf("another handler GET %s: %d", u, r.Status)
		}
	}
	if r := b.PostForm("/petugas/pengaduan/"+id+"/jawab", webtest.Values("pesan", "Jawaban dari petugas lain.")); r.Status != http.StatusNotFound {
		t.Errorf("another handler answers: %d", r.Status)
	}
	// Staff of other roles do not reach reports at all.
	other := staffLogin(t, p, p.CreateStaff(t, "verifikator.akun", account.RoleVerifikatorAkun), time.Now())
	for _, u := range []string{"/petugas/pengaduan", "/petugas/pengaduan/" + id, "/petugas/pengaduan/ekspor.csv"} {
		if r := other.Get(u); r.Status != http.StatusNotFound {
			t.Errorf("verifikator akun GET %s: %d", u, r.Status)
		}
	}
}

// The conversation: a request for information, the reporter's reply with an attachment, the answer, and
// the closing, each with its email and audit row.
func TestPengaduanConversation(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	rep := webtest.NewClient(t, p.URL)
	f := pengaduanValues()
	f.Set("email", "budi.pelapor@bandung.go.id")
	sendPengaduan(t, rep, f)
	id := pengaduanID(t, p)
	handler := p.CreateStaff(t, "pengelola.satu", account.RolePengelolaLayanan)
	staff := staffLogin(t, p, handler, time.Now())

	mustStatus(t, "empty answer", staff.PostForm("/petugas/pengaduan/"+id+"/jawab", webtest.Values("pesan", " ")), http.StatusUnprocessableEntity)
	mustStatus(t, "ask", staff.PostForm("/petugas/pengaduan/"+id+"/minta-informasi", webtest.Values("pesan", "Mohon lampirkan nomor permohonan Anda.")), http.StatusSeeOther)
	if subject, text := latestMail(t, p, "budi.pelapor@bandung.go.id"); subject != "Informasi Tambahan untuk Laporan Anda" || !strings.Contains(text, "Mohon lampirkan nomor permohonan Anda.") {
		t.Errorf("request mail %q", subject)
	}
	// The reporter, still in the same browser session, sees the request and replies with a file.
	st := rep.Get("/pengaduan/status")
	if !strings.Contains(st.Body, "Mohon lampirkan nomor permohonan Anda.") || !strings.Contains(st.Body, "Kirim Tanggapan") {
		t.Fatalf("status page: %.600s", between(st.Body, "<main", "</main>"))
	}
	if strings.Contains(st.Body, "Petugas pengelola.satu") {
		t.Error("the reporter sees the staff member's name")
	}
	mustStatus(t, "short reply", rep.PostMultipart("/pengaduan/status/tanggapan", webtest.Values("pesan", "ok")), http.StatusUnprocessableEntity)
	mustStatus(t, "reply", rep.PostMultipart("/pengaduan/status/tanggapan", webtest.Values("pesan", "Nomor permohonan kami PHA-2026-000001."),
		webtest.File{Field: "lampiran", Name: "tangkapan-layar.png", Content: servertest.PNG(t)}), http.StatusSeeOther)
	if subject, _ := latestMail(t, p, handler.Username+"@bappenas.go.id"); !strings.HasPrefix(subject, "Tanggapan Pelapor atas Laporan PGD-") {
		t.Errorf("handler mail %q", subject)
	}
	detail := staff.Get("/petugas/pengaduan/" + id)
	if !strings.Contains(detail.Body, "Nomor permohonan kami PHA-2026-000001.") || !strings.Contains(detail.Body, "tangkapan-layar.png") {
		t.Error("the handler does not see the reply and its attachment")
	}
	// The reporter downloads the attachment; another browser cannot.
	var docID int64
	if err := p.Store.Pool.QueryRow(t.Context(), "SELECT document_id FROM pengaduan_lampiran").Scan(&docID); err != nil {
		t.Fatal(err)
	}
	fileURL := "/pengaduan/status/lampiran/" + strconv.FormatInt(docID, 10)
	if r := rep.Get(fileURL); r.Status != http.StatusOK || r.Header.Get("Content-Type") != "image/png" {
		t.Errorf("reporter download: %d", r.Status)
	}
	if r := webtest.NewClient(t, p.URL).Get(fileURL); r.Status != http.StatusNotFound {
		t.Errorf("stranger download: %d", r.Status)
	}
	mustStatus(t, "answer", staff.PostForm("/petugas/pengaduan/"+id+"/jawab", webtest.Values("pesan", "Permohonan PHA-2026-000001 telah diverifikasi hari ini.")), http.StatusSeeOther)
	if subject, _ := latestMail(t, p, "budi.pelapor@bandung.go.id"); subject != "Jawaban atas Laporan Anda" {
		t.Errorf("answer mail %q", subject)
	}
	mustStatus(t, "close", staff.PostForm("/petugas/pengaduan/"+id+"/tutup", webtest.Values("pesan", "Terima kasih atas laporan Anda.")), http.StatusSeeOther)
	st = rep.Get("/pengaduan/status")
	if !strings.Contains(st.Body, "telah diverifikasi hari ini") || !strings.Contains(st.Body, "Ditutup") || strings.Contains(st.Body, "Kirim Tanggapan") {
		t.Error("closed report: answer or state missing, or the reply form still offered")
	}
	r := rep.PostMultipart("/pengaduan/status/tanggapan", webtest.Values("pesan", "Satu hal lagi tentang laporan ini."))
	if r.Status != http.StatusSeeOther || !strings.Contains(rep.Get("/pengaduan/status").Body, "tidak sedang menunggu tanggapan") {
		t.Errorf("reply to a closed report: %d", r.Status)
	}
	if r := staff.PostForm("/petugas/pengaduan/"+id+"/jawab", webtest.Values("pesan", "Jawaban setelah ditutup.")); r.Status != http.StatusSeeOther ||
		!strings.Contains(staff.Get(r.Location).Body, "sudah diproses") {
		t.Errorf("answer to a closed report: %d", r.Status)
	}
	for _, action := range []string{"pengaduan.kirim", "pengaduan.minta_informasi", "pengaduan.tanggapi", "pengaduan.jawab", "pengaduan.tutup"} {
		if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = $1", action); n != 1 {
			t.Errorf("%d audit rows for %s", n, action)
		}
	}
	// "Selesai" forgets the report in this browser.
	mustStatus(t, "selesai", rep.PostForm("/pengaduan/status/keluar", nil), http.StatusSeeOther)
	if st := rep.Get("/pengaduan/status"); !strings.Contains(st.Body, "Kode Pelacakan") || strings.Contains(st.Body, "PGD-") {
		t.Error("the status page still shows the report after Selesai")
	}
}

// A signed-in registrator's report is linked to its instansi and may name one of its permohonan.
func TestPengaduanFromRegistrator(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	other := p.CreateRegistrator(t, "kabupaten_kota", "32.04", "Pemerintah Kabupaten Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	co := p.Login(t, other.Username, servertest.RegistratorPassword)
	mine := strings.TrimPrefix(newPermohonan(t, c), "/permohonan/")
	theirs := strings.TrimPrefix(newPermohonan(t, co), "/permohonan/")
	var ref string
	if err := p.Store.Pool.QueryRow(t.Context(), "SELECT reference FROM permohonan WHERE id = $1::bigint", mine).Scan(&ref); err != nil {
		t.Fatal(err)
	}
	// The form is prefilled from the account.
	form := c.Get("/pengaduan")
	if !strings.Contains(form.Body, `value="Pemerintah Kota Bandung"`) || !strings.Contains(form.Body, `value="Registrator 32.73"`) {
		t.Error("the form is not prefilled for a registrator")
	}
	f := pengaduanValues()
	f.Set("permohonan", theirs)
	r := postPengaduan(t, c, f)
	mustStatus(t, "another account's permohonan", r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, `data-testid="error-permohonan"`) {
		t.Error("no message beside Permohonan Terkait")
	}
	f.Set("permohonan", mine)
	sendPengaduan(t, c, f)
	id := pengaduanID(t, p)
	staff := staffLogin(t, p, p.CreateStaff(t, "pengelola.satu", account.RolePengelolaLayanan), time.Now())
	detail := staff.Get("/petugas/pengaduan/" + id)
	if !strings.Contains(detail.Body, `data-testid="pelapor-akun">Dikirim oleh registrator Pemerintah Kota Bandung<`) ||
		!strings.Contains(detail.Body, `data-testid="pelapor-permohonan">`+ref+`<`) || !strings.Contains(detail.Body, "Budi Santoso") {
		t.Errorf("staff detail: %s", between(detail.Body, `data-testid="pelapor"`, "</dl>"))
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'pengaduan.lihat_pelapor'"); n != 1 {
		t.Errorf("%d audit rows for viewing the reporter", n)
	}
	// Listed on the account's page, opened from there; not on the other account's.
	akun := c.Get("/akun")
	if !strings.Contains(between(akun.Body, `data-testid="pengaduan"`, "</ul>"), "Permohonan belum diverifikasi") {
		t.Error("the akun page does not list the report")
	}
	if r := c.Get("/akun/pengaduan/" + id); r.Status != http.StatusSeeOther || !strings.Contains(c.Get(r.Location).Body, "Permohonan belum diverifikasi") {
		t.Errorf("open from akun: %d", r.Status)
	}
	if r := co.Get("/akun/pengaduan/" + id); r.Status != http.StatusNotFound {
		t.Errorf("another account opens the report: %d", r.Status)
	}
	if strings.Contains(co.Get("/akun").Body, "Permohonan belum diverifikasi") {
		t.Error("another account's page lists the report")
	}
}
