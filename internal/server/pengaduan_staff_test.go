package server_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// Reports once sent: what staff see of an Anonim or Rahasia report, the conversation with the reporter, and
// a registrator's own report.

// An Anonim report sent by a signed-in registrator: no staff page, download or export shows who sent it,
// nor the instansi; an admin can reveal it only with a second admin's approval, and that is audited.
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
	// The lists named no reporter, so none of their views is recorded as seeing one.
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'pengaduan.lihat_pelapor'"); n != 0 {
		t.Errorf("%d views of an Anonim reporter recorded", n)
	}
	// The creation's audit row names no account and no IP.
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'pengaduan.kirim' AND actor_kind = 'publik' AND actor_id IS NULL AND ip IS NULL"); n != 1 {
		t.Error("the audit row of an Anonim report identifies its sender")
	}
	// Nothing in the open ties it to the account or official that sent it: they are sealed with the identity.
	if n := count(t, p, "SELECT count(*) FROM pengaduan_pelapor WHERE akun_id IS NOT NULL OR pejabat_id IS NOT NULL OR permohonan_id IS NOT NULL"); n != 0 {
		t.Error("an Anonim report keeps its account or official in the open")
	}
	// The registrator's own akun page does not list it either (a later official would see it).
	if strings.Contains(c.Get("/akun").Body, "Permohonan belum diverifikasi") {
		t.Error("the akun page lists an Anonim report")
	}

	// Only an admin asks, with a reason; a second admin must approve (issue 14: two people), and only the
	// asker then opens it, once; every step is audited.
	if r := handler.PostForm("/petugas/pengaduan/"+id+"/identitas", webtest.Values("alasan", "Permintaan aparat penegak hukum.")); r.Status != http.StatusNotFound {
		t.Errorf("a handler reveals: %d", r.Status)
	}
	mustStatus(t, "reveal without reason", admin.PostForm("/petugas/pengaduan/"+id+"/identitas", webtest.Values("alasan", "")), http.StatusUnprocessableEntity)
	second := staffLogin(t, p, p.CreateStaff(t, "admin.dua", account.RoleAdmin), time.Now())
	r := admin.PostForm("/petugas/pengaduan/"+id+"/identitas", webtest.Values("alasan", "Permintaan tertulis aparat penegak hukum no. 12/2026."))
	mustStatus(t, "ask to reveal", r, http.StatusSeeOther)
	page := admin.Get("/petugas/pengaduan/" + id)
	if strings.Contains(page.Body, identity[0]) || strings.Contains(page.Body, "/setujui") || strings.Contains(page.Body, "/buka\"") {
		t.Error("the asker sees the identity, or may approve or open their own request")
	}
	var req string
	if err := p.Store.Pool.QueryRow(t.Context(), "SELECT id::text FROM pengaduan_buka_identitas").Scan(&req); err != nil {
		t.Fatal(err)
	}
	base := "/petugas/pengaduan/" + id + "/identitas/" + req
	if r := admin.PostForm(base+"/setujui", nil); r.Status != http.StatusForbidden || !strings.Contains(r.Body, "admin lain") {
		t.Errorf("the asker approves their own request: %d", r.Status)
	}
	if r := admin.PostForm(base+"/buka", nil); r.Status != http.StatusSeeOther || strings.Contains(r.Body, identity[0]) {
		t.Errorf("opened before approval: %d", r.Status)
	}
	if !strings.Contains(second.Get("/petugas/pengaduan/"+id).Body, base+"/setujui") {
		t.Fatal("the second admin is not offered the decision")
	}
	if subject, _ := latestMail(t, p, "admin.dua@bappenas.go.id"); !strings.Contains(subject, "Persetujuan Membuka Identitas") {
		t.Errorf("the second admin was not asked by email: %q", subject)
	}
	mustStatus(t, "approve", second.PostForm(base+"/setujui", nil), http.StatusSeeOther)
	if r := second.PostForm(base+"/buka", nil); r.Status != http.StatusForbidden || strings.Contains(r.Body, identity[0]) {
		t.Errorf("the approver opens it: %d", r.Status)
	}
	r = admin.PostForm(base+"/buka", nil)
	mustStatus(t, "reveal", r, http.StatusOK)
	for _, want := range identity[:5] {
		if !strings.Contains(r.Body, want) {
			t.Errorf("revealed page lacks %q", want)
		}
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'pengaduan.buka_identitas' AND (detail->>'pengaduan')::bigint = $1::bigint AND detail->>'alasan' LIKE 'Permintaan tertulis%'", id); n != 1 {
		t.Errorf("%d audit rows for the reveal", n)
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action IN ('pengaduan.identitas_minta', 'pengaduan.identitas_setujui')"); n != 2 {
		t.Errorf("%d audit rows for the request and its approval, want 2", n)
	}
	if r := admin.PostForm(base+"/buka", nil); r.Status != http.StatusSeeOther || strings.Contains(r.Body, identity[0]) {
		t.Errorf("opened twice: %d", r.Status)
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
	// Rahasia is for its handler alone (issue 14): an admin neither opens it nor asks for its reporter.
	if r := admin.Get("/petugas/pengaduan/" + id); r.Status != http.StatusNotFound {
		t.Errorf("an admin opens a Rahasia report: %d", r.Status)
	}
	if r := admin.PostForm("/petugas/pengaduan/"+id+"/identitas", webtest.Values("alasan", "Ingin tahu siapa pelapornya.")); r.Status != http.StatusNotFound {
		t.Errorf("an admin asks for a Rahasia reporter: %d", r.Status)
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
	// Handler a leaves: the report is open to every pengelola layanan again, and the next to act takes it up.
	if _, err := p.Store.Pool.Exec(t.Context(), "UPDATE staff SET active = false WHERE username = 'pengelola.satu'"); err != nil {
		t.Fatal(err)
	}
	if q := b.Get("/petugas/pengaduan"); !strings.Contains(q.Body, title) {
		t.Error("after its handler left, the report is in nobody's queue")
	}
	mustStatus(t, "b answers", b.PostForm("/petugas/pengaduan/"+id+"/jawab", webtest.Values("pesan", "Kami tindak lanjuti laporan Anda.")), http.StatusSeeOther)
	if n := count(t, p, "SELECT count(*) FROM pengaduan g JOIN staff st ON st.id = g.handler_id WHERE g.id = $1::bigint AND st.username = 'pengelola.dua'", id); n != 1 {
		t.Error("the handler who acted after the first left did not take the report up")
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
	// The list names the reporter too: each list view is recorded against the report.
	if list := staff.Get("/petugas/pengaduan"); !strings.Contains(list.Body, "Budi Santoso") {
		t.Error("the list does not name the reporter")
	}
	if n := count(t, p, `SELECT count(*) FROM audit_log WHERE action = 'pengaduan.lihat_pelapor' AND object_id = $1::bigint
		AND detail->>'dari' = 'daftar'`, id); n != 1 {
		t.Errorf("%d audit rows for the list naming the reporter, want 1", n)
	}
	mustStatus(t, "export", staff.Get("/petugas/pengaduan/ekspor.csv"), http.StatusOK)
	if n := count(t, p, `SELECT count(*) FROM audit_log WHERE action = 'pengaduan.lihat_pelapor' AND object_id = $1::bigint
		AND detail->>'dari' = 'ekspor'`, id); n != 1 {
		t.Errorf("%d audit rows for the export naming the reporter, want 1", n)
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

// An Anonim reporter downloading their own attachment is recorded as everything else they do: without
// their account or address.
func TestAnonimReporterDownloadLeavesNoName(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	f := pengaduanValues()
	f.Set("anonim", "ya")
	sendPengaduan(t, c, f, webtest.File{Field: "lampiran", Name: "bukti.pdf", Content: servertest.PDF(t, "Bukti")})
	var docID int64
	if err := p.Store.Pool.QueryRow(t.Context(), "SELECT document_id FROM pengaduan_lampiran").Scan(&docID); err != nil {
		t.Fatal(err)
	}
	mustStatus(t, "reporter download", c.Get("/pengaduan/status/lampiran/"+strconv.FormatInt(docID, 10)), http.StatusOK)
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'dokumen.lihat' AND object_id = $1", docID); n != 1 {
		t.Fatalf("%d audit rows for the download, want 1", n)
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE object_id = $1 AND (actor_id IS NOT NULL OR ip IS NOT NULL)", docID); n != 0 {
		t.Error("the Anonim reporter's download is recorded with their account or address")
	}
}

// Anonim reports sent before their links were sealed: retention moves the open account and official into the
// sealed identity and clears them.
func TestRetentionSealsAnonimLinks(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	f := pengaduanValues()
	f.Set("anonim", "ya")
	sendPengaduan(t, c, f)
	ctx := t.Context()
	var id, akunID, pejabatID int64
	if err := p.Store.Pool.QueryRow(ctx, "SELECT g.id, p.akun_id, p.id FROM pengaduan g, pejabat p WHERE p.username = $1", reg.Username).
		Scan(&id, &akunID, &pejabatID); err != nil {
		t.Fatal(err)
	}
	aad := []byte("pengaduan_pelapor:" + strconv.FormatInt(id, 10))
	// As written before: the identity alone sealed, the links open.
	keyID, enc, err := p.Store.Keys.Seal([]byte(`{"nama":"Budi Santoso","instansi":"Bappeda Kota Bandung","jabatan":"Analis"}`), aad)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Store.Pool.Exec(ctx, "UPDATE pengaduan_pelapor SET identity_enc = $2, key_id = $3, akun_id = $4, pejabat_id = $5 WHERE pengaduan_id = $1",
		id, enc, keyID, akunID, pejabatID); err != nil {
		t.Fatal(err)
	}
	r, err := p.Store.ApplyRetention(ctx, time.Now(), store.RetentionPolicy{})
	if err != nil || r.AnonimLinks != 1 {
		t.Fatalf("retention: %+v, %v; want one report's links sealed", r, err)
	}
	if n := count(t, p, "SELECT count(*) FROM pengaduan_pelapor WHERE akun_id IS NULL AND pejabat_id IS NULL"); n != 1 {
		t.Error("the links are still open")
	}
	if err := p.Store.Pool.QueryRow(ctx, "SELECT identity_enc, key_id FROM pengaduan_pelapor").Scan(&enc, &keyID); err != nil {
		t.Fatal(err)
	}
	plain, err := p.Store.Keys.Open(keyID, enc, aad)
	if err != nil {
		t.Fatal(err)
	}
	want := `"akun_id":` + strconv.FormatInt(akunID, 10)
	if !strings.Contains(string(plain), want) || !strings.Contains(string(plain), "Budi Santoso") {
		t.Errorf("sealed identity %s lacks %s or the name", plain, want)
	}
	if r, err := p.Store.ApplyRetention(ctx, time.Now(), store.RetentionPolicy{}); err != nil || r.AnonimLinks != 0 {
		t.Errorf("second run: %+v, %v", r, err)
	}
}

// The Operasi page lists a failing message to an Anonim reporter without their address.
func TestOperasiHidesAnonimReporterAddress(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	f := pengaduanValues()
	f.Set("anonim", "ya")
	f.Set("email", "rahasia.sekali@contoh.go.id")
	sendPengaduan(t, webtest.NewClient(t, p.URL), f)
	if _, err := p.Store.Pool.Exec(t.Context(), `UPDATE outbox SET state = 'failed', attempts = 10, last_error = '550 mailbox unavailable'
		WHERE to_address = 'rahasia.sekali@contoh.go.id' AND rahasia`); err != nil {
		t.Fatal(err)
	}
	admin := staffLogin(t, p, p.CreateStaff(t, "admin.operasi.anonim", account.RoleAdmin), time.Now())
	page := admin.Get("/petugas/operasi")
	if page.Status != http.StatusOK || strings.Contains(page.Body, "rahasia.sekali@contoh.go.id") || !strings.Contains(page.Body, "Pelapor Anonim") {
		t.Errorf("Operasi shows the Anonim reporter's address, or not the failing message: %d", page.Status)
	}
}
