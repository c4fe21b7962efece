package server_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

var linkRE = regexp.MustCompile(`/akses-sepakat/([A-Za-z0-9_-]{43})`)

// linksTo returns the credential link paths emailed to an address, oldest first.
func linksTo(t *testing.T, p *servertest.Portal, to string) []string {
	t.Helper()
	rows, err := p.Store.Pool.Query(context.Background(), "SELECT body_text FROM outbox WHERE to_address = $1 ORDER BY id", to)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var body string
		_ = rows.Scan(&body)
		out = append(out, linkRE.FindAllString(body, -1)...)
	}
	return out
}

var passwordRE = regexp.MustCompile(`data-testid="password">([^<]+)<`)

func shownPassword(t *testing.T, body string) string {
	t.Helper()
	m := passwordRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no password on the page: %.600s", between(body, "<main", "</main>"))
	}
	return htmlUnescape(m[1])
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&#43;", "+").Replace(s)
}

func mustState(t *testing.T, p *servertest.Portal, id int64, want string) {
	t.Helper()
	if s := stateOf(t, p, id); s != want {
		t.Fatalf("state %s, want %s", s, want)
	}
}

func rowID(t *testing.T, p *servertest.Portal, id int64, pengguna string) string {
	t.Helper()
	var rid int64
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT id FROM permohonan_rows WHERE permohonan_id = $1 AND pengguna = $2", id, pengguna).Scan(&rid); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(rid, 10)
}

// Tahap 4 over HTTP: the prefilled templates, uploads with signature detection shown to staff, the
// printed-copies task, the return of an unsigned NDA, countersignature and the countersigned copies.
func TestPKSAndNDAOverHTTP(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	now := time.Now()
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	path := "/permohonan/" + strconv.FormatInt(id, 10)
	staffPath := "/petugas/akses/" + strconv.FormatInt(id, 10)
	p.Approve(t, id, now, now.AddDate(0, 10, 0), "mikro")
	mustState(t, p, id, "disetujui")
	runner := p.JobRunner(t, time.Now, nil)
	servertest.RunJobs(t, runner)
	mustState(t, p, id, "menunggu_pks_nda")
	if subject, text := latestMail(t, p, reg.Email); subject != "Pemrosesan PKS dan NDA" || !strings.Contains(text, "dan Perjanjian Kerahasiaan (NDA)") {
		t.Errorf("Tahap 4 mail %q", subject)
	}
	page := c.Get(path)
	if !strings.Contains(page.Body, `data-testid="tahap4"`) {
		t.Error("the permohonan page does not open Tahap 4")
	}
	for _, name := range []string{"pks.pdf", "nda.pdf"} {
		r := c.Get(path + "/perjanjian/templat/" + name)
		if r.Status != 200 || r.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.Body, "%PDF-") {
			t.Errorf("template %s: %d %s", name, r.Status, r.Header.Get("Content-Type"))
		}
	}
	page = c.Get(path + "/perjanjian")
	for _, want := range []string{"Direktur Penanggulangan Kemiskinan dan Pemberdayaan Masyarakat", "Sekretaris Daerah Kota Bandung", `data-testid="perjanjian-nda"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("Tahap 4 page lacks %q", want)
		}
	}
	// Sending before uploading names what is missing.
	if r := c.PostForm(path+"/perjanjian/kirim", nil); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Unggah dokumen yang ditandatangani") {
		t.Errorf("kirim without uploads: %d", r.Status)
	}
	// Printed copies: a shipping address, then a task for staff.
	if r := c.PostForm(path+"/perjanjian/cetak", webtest.Values("penerima", "Siti Aminah", "alamat", "Jl", "no_hp", "021")); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("bad print request: %d", r.Status)
	}
	mustStatus(t, "cetak", c.PostForm(path+"/perjanjian/cetak", webtest.Values("penerima", "Siti Aminah",
		"alamat", "Jl. Wastukencana No. 2, Bandung 40117", "no_hp", "0812-1111-2222")), http.StatusSeeOther)
	if r := c.PostForm(path+"/perjanjian/cetak", webtest.Values("penerima", "Siti Aminah", "alamat", "Jl. Wastukencana No. 2, Bandung", "no_hp", "081211112222")); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a second open print request: %d", r.Status)
	}
	produsen := staffLogin(t, p, p.CreateStaff(t, "produsen.ttd", account.RoleProdusenData), now)
	if r := produsen.Get("/petugas/permohonan/" + strconv.FormatInt(id, 10)); !strings.Contains(r.Body, `href="`+staffPath+`"`) {
		t.Error("the review page does not lead to the Tahap 4–6 page")
	}
	tasks := produsen.Get("/petugas/akses")
	if !strings.Contains(between(tasks.Body, `data-testid="tasks-cetak"`, "</table>"), "Pemerintah Kota Bandung") {
		t.Error("the print request is not a staff task")
	}
	m := regexp.MustCompile(`/petugas/akses/\d+/cetak/(\d+)/dikirim`).FindString(produsen.Get(staffPath).Body)
	mustStatus(t, "dikirim", produsen.PostForm(m, webtest.Values("catatan", "JNE 1234567890")), http.StatusSeeOther)
	if subject, _ := latestMail(t, p, reg.Email); subject != "PKS dan NDA Cetak Dikirim" {
		t.Errorf("print sent mail %q", subject)
	}

	// An e-signed PKS and a plain NDA: staff see which carries a digital signature.
	up := func(kind string, content []byte) *webtest.Response {
		return c.PostMultipart(path+"/perjanjian/unggah/"+kind, nil, webtest.File{Field: "berkas-" + kind, Name: kind + ".pdf", Content: content})
	}
	// Issue 15: the page is one form; both files chosen and NDA's Unggah pressed stores both, and says so.
	both := c.PostMultipart(path+"/perjanjian/unggah/nda", nil, webtest.File{Field: "berkas-pks", Name: "pks-awal.pdf", Content: servertest.PDF(t, "PKS awal")},
		webtest.File{Field: "berkas-nda", Name: "nda-awal.pdf", Content: servertest.PDF(t, "NDA awal")})
	mustStatus(t, "both files, one Unggah", both, http.StatusSeeOther)
	if page := c.Get(path + "/perjanjian"); !strings.Contains(page.Body, "pks-awal.pdf") || !strings.Contains(page.Body, "nda-awal.pdf") {
		t.Error("one of the two files chosen was dropped")
	}
	if !strings.Contains(c.Get(path+"/perjanjian").Body, `data-testid="perjanjian-unggah"`) {
		t.Error("the agreements are not one form")
	}
	if r := up("pks", servertest.SignedPDF(t, "PKS")); r.Status != http.StatusSeeOther {
		t.Fatalf("upload pks: %d", r.Status)
	}
	if r := up("nda", servertest.PNG(t)); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Jenis berkas harus PDF") {
		t.Errorf("a PNG as NDA: %d", r.Status)
	}
	mustStatus(t, "upload nda", up("nda", servertest.PDF(t, "NDA ttd basah")), http.StatusSeeOther)
	mustStatus(t, "kirim", c.PostForm(path+"/perjanjian/kirim", nil), http.StatusSeeOther)
	mustState(t, p, id, "pks_nda_diunggah")
	if r := up("pks", servertest.SignedPDF(t, "PKS lagi")); r.Status != http.StatusConflict {
		t.Errorf("upload after sending: %d", r.Status)
	}
	detail := produsen.Get(staffPath)
	agreements := between(detail.Body, `data-testid="agreements"`, "</ul>")
	if !strings.Contains(agreements, "Sah: tanda tangan elektronik terverifikasi") || !strings.Contains(agreements, "Budi Santoso (Pemerintah Kota Bandung)") ||
		!strings.Contains(agreements, "Tidak ada tanda tangan elektronik") {
		t.Errorf("signature detection not shown to staff: %s", agreements)
	}
	// The produsen data returns it: the NDA is not signed.
	mustStatus(t, "kembalikan", produsen.PostForm(staffPath+"/kembalikan", webtest.Values("catatan", "NDA belum ditandatangani Sekretaris Daerah.")), http.StatusSeeOther)
	mustState(t, p, id, "menunggu_pks_nda")
	if !strings.Contains(c.Get(path+"/perjanjian").Body, "NDA belum ditandatangani Sekretaris Daerah.") {
		t.Error("the return note is not shown to the registrator")
	}
	// Both must be uploaded again before sending.
	mustStatus(t, "upload nda again", up("nda", servertest.SignedPDF(t, "NDA")), http.StatusSeeOther)
	if r := c.PostForm(path+"/perjanjian/kirim", nil); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("resend with the returned PKS: %d", r.Status)
	}
	mustStatus(t, "upload pks again", up("pks", servertest.SignedPDF(t, "PKS")), http.StatusSeeOther)
	mustStatus(t, "kirim again", c.PostForm(path+"/perjanjian/kirim", nil), http.StatusSeeOther)

	// Roles: an operator may not countersign; a registrator may not post staff actions.
	operator := staffLogin(t, p, p.CreateStaff(t, "operator.ttd", account.RoleOperatorSepakat), now)
	if r := operator.PostForm(staffPath+"/tandatangani", nil); r.Status != http.StatusForbidden {
		t.Errorf("operator countersigning: %d", r.Status)
	}
	if r := c.PostForm(staffPath+"/tandatangani", nil); r.Status != http.StatusForbidden {
		t.Errorf("registrator countersigning: %d", r.Status)
	}
	if r := produsen.PostForm(staffPath+"/tandatangani", nil); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("countersign without copies: %d", r.Status)
	}
	// Both copies chosen, PKS's Unggah pressed: both stored (issue 15).
	mustStatus(t, "both copies, one Unggah", produsen.PostMultipart(staffPath+"/unggah/pks_ttd", nil,
		webtest.File{Field: "berkas-pks_ttd", Name: "pks-dua-pihak.pdf", Content: servertest.PDF(t, "PKS dua pihak")},
		webtest.File{Field: "berkas-nda_ttd", Name: "nda-dua-pihak.pdf", Content: servertest.PDF(t, "NDA dua pihak")}), http.StatusSeeOther)
	if page := produsen.Get(staffPath); !strings.Contains(page.Body, "pks-dua-pihak.pdf") || !strings.Contains(page.Body, "nda-dua-pihak.pdf") {
		t.Error("one of the two countersigned copies chosen was dropped")
	}
	for _, k := range []string{"pks_ttd", "nda_ttd"} {
		mustStatus(t, "upload "+k, produsen.PostMultipart(staffPath+"/unggah/"+k, nil,
			webtest.File{Field: "berkas-" + k, Name: k + ".pdf", Content: servertest.SignedPDF(t, k)}), http.StatusSeeOther)
	}
	mustStatus(t, "tandatangani", produsen.PostForm(staffPath+"/tandatangani", nil), http.StatusSeeOther)
	mustState(t, p, id, "penyiapan_akses")
	if subject, _ := latestMail(t, p, reg.Email); subject != "PKS dan NDA Lengkap" {
		t.Errorf("countersigned mail %q", subject)
	}
	// The registrator downloads the countersigned copies; another instansi cannot; the operator sees the
	// agreements but not the other documents.
	page = c.Get(path)
	links := regexp.MustCompile(`href="(/dokumen/\d+)"`).FindAllStringSubmatch(between(page.Body, `data-testid="countersigned"`, "</section>"), -1)
	if len(links) != 2 {
		t.Fatalf("%d countersigned copies offered", len(links))
	}
	if r := c.Get(links[0][1]); r.Status != 200 || !strings.HasPrefix(r.Body, "%PDF-") {
		t.Errorf("countersigned download: %d", r.Status)
	}
	other := p.Login(t, p.CreateRegistrator(t, "kabupaten_kota", "35.78", "Pemerintah Kota Surabaya").Username, servertest.RegistratorPassword)
	for _, u := range []string{links[0][1], path + "/perjanjian", path + "/perjanjian/templat/pks.pdf"} {
		if r := other.Get(u); r.Status != http.StatusNotFound {
			t.Errorf("another instansi GET %s: %d", u, r.Status)
		}
	}
	if r := operator.Get(links[0][1]); r.Status != 200 {
		t.Errorf("operator reading the countersigned PKS: %d", r.Status)
	}
	var kak int64
	_ = p.Store.Pool.QueryRow(context.Background(), "SELECT document_id FROM permohonan_documents WHERE permohonan_id = $1 AND kind = 'kak'", id).Scan(&kak)
	if r := operator.Get("/dokumen/" + strconv.FormatInt(kak, 10)); r.Status != http.StatusNotFound {
		t.Errorf("operator reading the KAK: %d", r.Status)
	}
	for _, ev := range []string{"minta_pks", "minta_cetak", "cetak_dikirim", "unggah_pks", "kembalikan_pks", "tandatangani_pks"} {
		if n := count(t, p, "SELECT count(*) FROM permohonan_events WHERE permohonan_id = $1 AND event = $2", id, ev); n == 0 {
			t.Errorf("no timeline entry %s", ev)
		}
		if n := count(t, p, "SELECT count(*) FROM audit_log WHERE object_id = $1 AND action = $2", id, "permohonan."+ev); n == 0 {
			t.Errorf("no audit row %s", ev)
		}
	}
}

// Tahap 5–6 over HTTP: accounts scoped to each approved Sepakat row, the PIC teknis of the Fasilitas row,
// "Pengguna Data Regsosek", the registrator's view of the credentials (audited), the operator's single-use
// link, and a re-issue that sets a new password.
func TestAccessDeliveryOverHTTP(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ctx := context.Background()
	now := time.Now()
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	path := "/permohonan/" + strconv.FormatInt(id, 10)
	sampai := now.AddDate(0, 10, 0)
	p.Approve(t, id, now, sampai, "mikro")
	runner := p.JobRunner(t, time.Now, nil)
	registry := &store.SepakatRegistry{Store: p.Store, Now: time.Now}

	// Access cannot be given before it is prepared, and the operator's form wants the PIC teknis.
	servertest.RunJobs(t, runner)
	if r := c.Get("/akun"); !strings.Contains(r.Body, "Pemohon Hak Akses Data Regsosek") {
		t.Error("akun page before access")
	}
	p.GiveAccess(t, c, id, runner, now)
	mustState(t, p, id, "akses_diberikan")
	if r := c.Get("/akun"); !strings.Contains(between(r.Body, `data-testid="status-instansi">`, "<"), "Pengguna Data Regsosek") {
		t.Error("the akun page does not show Pengguna Data Regsosek")
	}
	page := c.Get(path)
	if !strings.Contains(page.Body, `data-testid="pengguna">Pengguna Data Regsosek`) || !strings.Contains(page.Body, "Rudi Hartono") {
		t.Errorf("permohonan page after access: %s", between(page.Body, `data-testid="akses"`, "</section>"))
	}
	// One account per approved Sepakat row, at the approved tier, in the row's wilayah, until the end.
	type acc struct {
		username, jenis, wilayah string
		until                    time.Time
	}
	rows, _ := p.Store.Pool.Query(ctx, "SELECT username, jenis_data, wilayah, berlaku_sampai FROM akses_akun WHERE permohonan_id = $1 ORDER BY id", id)
	var accs []acc
	for rows.Next() {
		var a acc
		_ = rows.Scan(&a.username, &a.jenis, &a.wilayah, &a.until)
		accs = append(accs, a)
	}
	rows.Close()
	if len(accs) != 2 || accs[0].username != "dinassosial.3273" || accs[0].jenis != "mikro" || accs[1].jenis != "agregat_terpilah" ||
		accs[0].wilayah != "32.73" || accs[0].until.Format(time.DateOnly) != sampai.Format(time.DateOnly) {
		t.Fatalf("accounts %+v", accs)
	}
	if n := count(t, p, "SELECT count(*) FROM sepakat_registry WHERE tingkat = 3 AND wilayah = '32.73' AND state = 'aktif'"); n != 1 {
		t.Errorf("%d tier-3 accounts in the registry", n)
	}
	if subject, _ := latestMail(t, p, reg.Email); subject != "Hak Akses Data Regsosek Tersedia" {
		t.Errorf("access mail %q", subject)
	}

	// The registrator's "Informasi Akun Pengguna": masked until asked, every reveal audited.
	sosial := path + "/akses/" + rowID(t, p, id, "Dinas Sosial")
	op := c.Get(sosial)
	if !strings.Contains(op.Body, "Detail Informasi Permohonan Operator") || !strings.Contains(op.Body, "dinassosial.3273") ||
		!strings.Contains(op.Body, `data-testid="hak-akses">Mikro`) || strings.Contains(op.Body, "<code data-testid=\"password\">") {
		t.Errorf("operator page: %s", between(op.Body, "<main", "</main>"))
	}
	password := shownPassword(t, c.PostForm(sosial+"/kata-sandi", nil).Body)
	if ok, err := registry.SepakatLogin(ctx, "dinassosial.3273", password); err != nil || !ok {
		t.Fatalf("the password shown does not open Sepakat: %v", err)
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'akses.kata_sandi_dilihat' AND actor_kind = 'registrator'"); n != 1 {
		t.Errorf("%d reveal audit rows", n)
	}
	// The Fasilitas row shows its PIC teknis and no Sepakat account.
	fas := c.Get(path + "/akses/" + rowID(t, p, id, "Dinas Kesehatan"))
	if !strings.Contains(between(fas.Body, `data-testid="pic-teknis"`, "</div>\n"), "Rudi Hartono") || !strings.Contains(between(fas.Body, `data-testid="akun-sepakat"`, "</dl>"), "Tidak Tersedia") {
		t.Errorf("fasilitas row: %s", between(fas.Body, "<main", "</main>"))
	}

	// The operator's link: a page that changes nothing, then the credentials once, then "used".
	opEmail := "operator004@daerah.go.id"
	links := linksTo(t, p, opEmail)
	if len(links) != 1 {
		t.Fatalf("%d links to the operator", len(links))
	}
	op1 := webtest.NewClient(t, p.URL)
	for range 2 {
		if r := op1.Get(links[0]); r.Status != 200 || !strings.Contains(r.Body, "Tampilkan Nama Pengguna dan Kata Sandi") || r.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("link page: %d", r.Status)
		}
	}
	r := op1.PostForm(links[0], nil)
	if r.Status != 200 || !strings.Contains(r.Body, "dinassosial.3273") || shownPassword(t, r.Body) != password {
		t.Fatalf("credentials: %d", r.Status)
	}
	for _, r := range []*webtest.Response{op1.Get(links[0]), op1.PostForm(links[0], nil)} {
		if r.Status != http.StatusGone || !strings.Contains(r.Body, "sudah digunakan") || strings.Contains(r.Body, password) {
			t.Errorf("used link: %d", r.Status)
		}
	}
	if r := op1.Get("/akses-sepakat/" + strings.Repeat("A", 43)); r.Status != http.StatusNotFound {
		t.Errorf("unknown link: %d", r.Status)
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'akses.tautan_dibuka'"); n != 1 {
		t.Errorf("%d link audit rows", n)
	}

	// Re-issue: a new password, the old link dead at once, a new link once Sepakat has it.
	pendidikan := path + "/akses/" + rowID(t, p, id, "Dinas Pendidikan")
	otherLinks := linksTo(t, p, "operator003@daerah.go.id")
	mustStatus(t, "kirim ulang", c.PostForm(pendidikan+"/kirim-ulang", nil), http.StatusSeeOther)
	if r := webtest.NewClient(t, p.URL).Get(otherLinks[0]); r.Status != http.StatusGone {
		t.Errorf("the superseded link still opens: %d", r.Status)
	}
	oldPassword := shownPassword(t, c.PostForm(pendidikan+"/kata-sandi", nil).Body)
	servertest.RunJobs(t, runner)
	fresh := linksTo(t, p, "operator003@daerah.go.id")
	if len(fresh) != 2 {
		t.Fatalf("%d links after the re-issue", len(fresh))
	}
	newPassword := shownPassword(t, webtest.NewClient(t, p.URL).PostForm(fresh[1], nil).Body)
	if newPassword == oldPassword {
		t.Error("the re-issue kept the password")
	}
	username := accs[1].username
	if ok, _ := registry.SepakatLogin(ctx, username, newPassword); !ok {
		t.Error("the new password does not open Sepakat")
	}
	if ok, _ := registry.SepakatLogin(ctx, username, oldPassword); ok {
		t.Error("the old password still opens Sepakat")
	}
	if got := shownPassword(t, c.PostForm(pendidikan+"/kata-sandi", nil).Body); got != newPassword {
		t.Error("the registrator sees the old password")
	}
	for _, ev := range []string{"siapkan_akses", "berikan_akses"} {
		if n := count(t, p, "SELECT count(*) FROM permohonan_events WHERE permohonan_id = $1 AND event = $2", id, ev); n != 1 {
			t.Errorf("%d timeline entries %s", n, ev)
		}
	}
}

// A perubahan permohonan goes through the same path and adds its own accounts; the accounts already given
// are not touched.
func TestPerubahanAddsAccounts(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	now := time.Now()
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	p.Approve(t, id, now, now.AddDate(0, 10, 0))
	runner := p.JobRunner(t, time.Now, nil)
	p.GiveAccess(t, c, id, runner, now)
	snapshot := func() string {
		var s string
		_ = p.Store.Pool.QueryRow(context.Background(), `SELECT string_agg(id || ':' || username || ':' || state || ':' || md5(password_enc) || ':' || password_gen, ',' ORDER BY id)
			FROM akses_akun WHERE permohonan_id = $1`, id).Scan(&s)
		return s
	}
	before := snapshot()

	r := c.PostForm("/permohonan/"+strconv.FormatInt(id, 10)+"/perubahan", nil)
	mustStatus(t, "perubahan", r, http.StatusSeeOther)
	change := r.Location
	mustStatus(t, "row", c.PostForm(change+"/kebutuhan/baru", form(rowForm("Dinas Sosial", "mikro", "sepakat", "", "197501012000031001"))), http.StatusSeeOther)
	for _, kind := range []string{"surat_permohonan", "kak", "sk_operator", "sk_forum_satu_data"} {
		mustStatus(t, "upload "+kind, c.PostMultipart(change+"/dokumen/"+kind, nil, pdfFile(t, "berkas-"+kind)), http.StatusSeeOther)
	}
	p.UploadPelatihan(t, c, idOf(change))
	mustStatus(t, "ajukan", c.PostForm(change+"/ajukan", nil), http.StatusSeeOther)
	cid, _ := strconv.ParseInt(strings.TrimPrefix(change, "/permohonan/"), 10, 64)
	p.Approve(t, cid, now, now.AddDate(0, 8, 0))
	p.GiveAccess(t, c, cid, runner, now)
	mustState(t, p, cid, "akses_diberikan")
	if after := snapshot(); after != before {
		t.Errorf("the perubahan touched the existing accounts:\n%s\n%s", before, after)
	}
	var username string
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT username FROM akses_akun WHERE permohonan_id = $1", cid).Scan(&username); err != nil {
		t.Fatal(err)
	}
	// The same pengguna and wilayah already has an account: the new one gets its own name.
	if username != "dinassosial.3273.2" {
		t.Errorf("perubahan account %q", username)
	}
	if n := count(t, p, "SELECT count(*) FROM sepakat_registry WHERE state = 'aktif'"); n != 3 {
		t.Errorf("%d accounts in Sepakat, want 3", n)
	}
}

// Who may do what in Tahap 4–6: each staff action checks its role, other instansi see nothing.
func TestAksesAuthorisation(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	now := time.Now()
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	p.Approve(t, id, now, now.AddDate(0, 10, 0))
	runner := p.JobRunner(t, time.Now, nil)
	p.GiveAccess(t, c, id, runner, now)
	sp := "/petugas/akses/" + strconv.FormatInt(id, 10)
	path := "/permohonan/" + strconv.FormatInt(id, 10)
	teknis := staffLogin(t, p, p.CreateStaff(t, "verif.lain", account.RoleVerifikatorTeknis), now)
	operator := staffLogin(t, p, p.CreateStaff(t, "operator.lain", account.RoleOperatorSepakat), now)
	other := p.Login(t, p.CreateRegistrator(t, "kabupaten_kota", "35.78", "Pemerintah Kota Surabaya").Username, servertest.RegistratorPassword)
	row := rowID(t, p, id, "Dinas Sosial")
	for name, tc := range map[string]struct {
		r    *webtest.Response
		want int
	}{
		"teknis opens the list":         {teknis.Get("/petugas/akses"), http.StatusNotFound},
		"teknis revokes":                {teknis.PostForm(sp+"/cabut", webtest.Values("alasan_cabut", "Alasan yang cukup panjang")), http.StatusNotFound},
		"operator revokes":              {operator.PostForm(sp+"/cabut", webtest.Values("alasan_cabut", "Alasan yang cukup panjang")), http.StatusForbidden},
		"operator extends":              {operator.PostForm(sp+"/perpanjang", webtest.Values("sampai", now.AddDate(0, 11, 0).Format(time.DateOnly))), http.StatusForbidden},
		"operator gives again":          {operator.PostForm(sp+"/berikan", nil), http.StatusConflict},
		"registrator on a staff page":   {c.Get(sp), http.StatusNotFound},
		"another instansi's account":    {other.Get(path + "/akses/" + row), http.StatusNotFound},
		"another instansi reveals":      {other.PostForm(path+"/akses/"+row+"/kata-sandi", nil), http.StatusNotFound},
		"another instansi re-issues":    {other.PostForm(path+"/akses/"+row+"/kirim-ulang", nil), http.StatusNotFound},
		"staff reveal on a registrator": {operator.PostForm(path+"/akses/"+row+"/kata-sandi", nil), http.StatusForbidden},
	} {
		if tc.r.Status != tc.want {
			t.Errorf("%s: %d, want %d", name, tc.r.Status, tc.want)
		}
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'akses.kata_sandi_dilihat'"); n != 0 {
		t.Errorf("%d reveals recorded by refused requests", n)
	}
	mustState(t, p, id, "akses_diberikan")
}
