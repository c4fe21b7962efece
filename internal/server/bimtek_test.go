package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// bimtekValues is a valid Fasilitasi Bimbingan Teknis form: Pelatihan Versi Lengkap for 45 PK and 20 DK
// participants, proposed for a working week a month ahead.
func bimtekValues() url.Values {
	start := nextMonday(time.Now().AddDate(0, 1, 0))
	return url.Values{
		"jenis": {"pelatihan"}, "versi": {"lengkap"}, "peserta_pk": {"45"}, "peserta_dk": {"20"}, "mode": {"luring"},
		"usulan_mulai": {start.Format("2006-01-02")}, "usulan_selesai": {start.AddDate(0, 0, 4).Format("2006-01-02")},
		"catatan":         {"Usulan tempat: Aula Bappelitbang."},
		"narahubung_nama": {"Siti Aminah"}, "narahubung_jabatan": {"Kepala Bidang Data"},
		"narahubung_nip": {"19800101 200501 2 003"}, "narahubung_email": {"siti.narahubung@bandung.go.id"},
		"narahubung_hp": {"0812-3456-7890"},
	}
}

func nextMonday(t time.Time) time.Time {
	for t.Weekday() != time.Monday {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

var bimtekDokumenPath = regexp.MustCompile(`^/akun/bimtek/(\d+)/dokumen$`)

// newBimtek files a draft and returns its path (/akun/bimtek/{id}).
func newBimtek(t *testing.T, c *webtest.Client, form url.Values) string {
	t.Helper()
	r := c.PostForm("/akun/bimtek", form)
	m := bimtekDokumenPath.FindStringSubmatch(r.Location)
	if r.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("create bimtek: %d to %q: %.600s", r.Status, r.Location, between(r.Body, "<main", "</main>"))
	}
	return "/akun/bimtek/" + m[1]
}

// submitBimtek uploads the two documents and submits.
func submitBimtek(t *testing.T, c *webtest.Client, path string) {
	t.Helper()
	r := c.PostMultipart(path+"/dokumen", webtest.Values("aksi", "ajukan"),
		webtest.File{Field: "surat_permohonan", Name: "surat-permohonan.pdf", Content: servertest.PDF(t, "Surat Permohonan")},
		webtest.File{Field: "kak", Name: "kak.pdf", Content: servertest.PDF(t, "KAK Pelatihan")})
	if r.Status != http.StatusSeeOther || r.Location != path {
		t.Fatalf("submit bimtek: %d to %q: %.800s", r.Status, r.Location, between(r.Body, "<main", "</main>"))
	}
}

func TestBimtekValidation(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	if r := c.Get("/akun/bimtek/baru"); r.Status != http.StatusOK || !strings.Contains(r.Body, "Pemerintah Kota Bandung") {
		t.Fatalf("form: %d", r.Status)
	}

	tests := []struct {
		name   string
		change func(url.Values)
		field  string
		msg    string
	}{
		{"no jenis", func(f url.Values) { f.Del("jenis") }, "jenis", "Pilih jenis bimbingan teknis"},
		{"no version", func(f url.Values) { f.Del("versi") }, "versi", "Pilih versi pelatihan"},
		{"no participants", func(f url.Values) { f.Set("peserta_pk", ""); f.Set("peserta_dk", "") }, "peserta_pk", "paling sedikit untuk satu kelas"},
		{"konsultasi without topic", func(f url.Values) { f.Add("jenis", "konsultasi") }, "topik_konsultasi", "topik"},
		{"two working days for Lengkap", func(f url.Values) { f.Set("usulan_selesai", f.Get("usulan_mulai")) }, "usulan_selesai", "5 hari kerja"},
		{"bad NIP", func(f url.Values) { f.Set("narahubung_nip", "1980 0101") }, "narahubung_nip", "18 digit"},
		{"landline", func(f url.Values) { f.Set("narahubung_hp", "022-4201234") }, "narahubung_hp", "seluler"},
		{"past date", func(f url.Values) { f.Set("usulan_mulai", "2020-01-06") }, "usulan_mulai", "sebelum hari ini"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := bimtekValues()
			tt.change(f)
			r := c.PostForm("/akun/bimtek", f)
			mustStatus(t, tt.name, r, http.StatusUnprocessableEntity)
			// The message is beside its field (and in the summary, linking to it).
			field := between(r.Body, `data-testid="error-`+tt.field+`"`, "</p>")
			if !strings.Contains(field, tt.msg) {
				t.Errorf("message beside %s: %q, want %q", tt.field, field, tt.msg)
			}
			if !strings.Contains(r.Body, `href="#`+tt.field+`"`) {
				t.Errorf("the error summary does not link to #%s", tt.field)
			}
			// What was typed is kept.
			for _, kept := range []string{`value="Siti Aminah"`, `value="Kepala Bidang Data"`, `value="siti.narahubung@bandung.go.id"`,
				"Usulan tempat: Aula Bappelitbang."} {
				if !strings.Contains(r.Body, kept) {
					t.Errorf("entry %s not kept", kept)
				}
			}
		})
	}
	if n := count(t, p, "SELECT count(*) FROM bimtek"); n != 0 {
		t.Errorf("%d requests stored by invalid forms", n)
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE object_type = 'bimtek'"); n != 0 {
		t.Errorf("%d audit rows for invalid forms", n)
	}
}

func TestBimtekJourneyOverHTTP(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	path := newBimtek(t, c, bimtekValues())

	// The documents page shows the classes the participants need and the prefilled templates.
	docs := c.Get(path + "/dokumen")
	mustStatus(t, "documents page", docs, http.StatusOK)
	if kelas := between(docs.Body, `data-testid="kelas"`, "</p>"); !strings.Contains(kelas, "2 kelas PK (45 peserta), 1 kelas DK (20 peserta)") {
		t.Errorf("classes: %q", kelas)
	}
	for _, tpl := range []string{"/lampiran-7.pdf", "/lampiran-8.pdf"} {
		r := c.Get(path + tpl)
		if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.Body, "%PDF-") {
			t.Errorf("%s: %d %s", tpl, r.Status, r.Header.Get("Content-Type"))
		}
		if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("%s: Cache-Control %q", tpl, cc)
		}
	}

	// "Ajukan" without documents names both; a renamed executable is refused by content.
	r := c.PostMultipart(path+"/dokumen", webtest.Values("aksi", "ajukan"))
	mustStatus(t, "no documents", r, http.StatusUnprocessableEntity)
	for _, f := range []string{"surat_permohonan", "kak"} {
		if !strings.Contains(r.Body, `data-testid="error-`+f+`"`) {
			t.Errorf("no message beside %s", f)
		}
	}
	r = c.PostMultipart(path+"/dokumen", webtest.Values("aksi", "ajukan"),
		webtest.File{Field: "surat_permohonan", Name: "surat.pdf", ContentType: "application/pdf", Content: []byte("MZ\x90\x00 not a pdf")},
		webtest.File{Field: "kak", Name: "kak.pdf", Content: servertest.PDF(t, "KAK")})
	mustStatus(t, "exe as pdf", r, http.StatusUnprocessableEntity)
	if msg := between(r.Body, `data-testid="error-surat_permohonan"`, "</p>"); !strings.Contains(msg, "Jenis berkas harus PDF") {
		t.Errorf("renamed exe: %q", msg)
	}
	// The good KAK was kept while the bad letter was refused.
	if !strings.Contains(r.Body, `data-testid="current-kak"`) {
		t.Error("the good KAK was lost with the refused letter")
	}
	if n := count(t, p, "SELECT count(*) FROM bimtek WHERE state = 'draf'"); n != 1 {
		t.Errorf("state changed by a refused upload")
	}
	submitBimtek(t, c, path)
	show := c.Get(path)
	ref := regexp.MustCompile(`data-testid="reference">(BIMTEK-\d{4}-\d{6})<`).FindStringSubmatch(show.Body)
	if ref == nil || !strings.Contains(show.Body, "Diajukan") {
		t.Fatalf("request page: %.600s", between(show.Body, "<main", "</main>"))
	}
	// Registrator and narahubung are told.
	for _, to := range []string{reg.Email, "siti.narahubung@bandung.go.id"} {
		if subject, text := latestMail(t, p, to); subject != "Permohonan Fasilitasi Bimbingan Teknis Diterima" || !strings.Contains(text, ref[1]) {
			t.Errorf("mail to %s: %q", to, subject)
		}
	}
	// Once submitted the request can no longer be changed.
	if r := c.PostForm(path+"/ubah", bimtekValues()); r.Status != http.StatusSeeOther || r.Location != path {
		t.Errorf("change after submission: %d to %q", r.Status, r.Location)
	}

	// The pengelola layanan schedules: a link that is not https is refused beside its field.
	staff := staffLogin(t, p, p.CreateStaff(t, "pengelola.layanan", account.RolePengelolaLayanan), time.Now())
	queue := staff.Get("/petugas/bimtek")
	if !strings.Contains(queue.Body, ref[1]) || !strings.Contains(queue.Body, "Pemerintah Kota Bandung") {
		t.Fatal("queue does not list the request")
	}
	id := strings.TrimPrefix(path, "/akun/bimtek/")
	review := staff.Get("/petugas/bimtek/" + id)
	if !strings.Contains(review.Body, "2 kelas PK (45 peserta), 1 kelas DK (20 peserta)") || !strings.Contains(review.Body, "Siti Aminah") {
		t.Error("review page lacks the classes or the narahubung")
	}
	// The narahubung's personal data was shown: the view is recorded.
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'bimtek.lihat' AND object_id = $1::bigint AND actor_kind = 'staf'", id); n != 1 {
		t.Errorf("%d audit rows for the review page, want 1", n)
	}
	for _, doc := range []string{"surat_permohonan", "kak"} {
		if r := staff.Get("/petugas/bimtek/" + id + "/berkas/" + doc); r.Status != http.StatusOK || !strings.HasPrefix(r.Body, "%PDF-") {
			t.Errorf("staff download %s: %d", doc, r.Status)
		}
	}
	start := nextMonday(time.Now().AddDate(0, 1, 14))
	jadwal := webtest.Values("jadwal_mulai", start.Format("2006-01-02"), "jadwal_selesai", start.AddDate(0, 0, 4).Format("2006-01-02"),
		"jadwal_mode", "hybrid", "jadwal_tempat", "Aula Bappelitbang Kota Bandung", "jadwal_tautan", "http://zoom.example/j/1")
	// A Pelatihan is luring or daring (§4.1), and a meeting link is https.
	r = staff.PostForm("/petugas/bimtek/"+id+"/jadwalkan", jadwal)
	mustStatus(t, "hybrid training, http link", r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, `data-testid="error-jadwal_tautan"`) || !strings.Contains(r.Body, `data-testid="error-jadwal_mode"`) ||
		!strings.Contains(r.Body, `value="Aula Bappelitbang Kota Bandung"`) {
		t.Error("schedule errors not beside the mode and the link, or entries lost")
	}
	jadwal.Set("jadwal_mode", "luring")
	jadwal.Set("jadwal_tautan", "")
	mustStatus(t, "schedule", staff.PostForm("/petugas/bimtek/"+id+"/jadwalkan", jadwal), http.StatusSeeOther)
	subject, text := latestMail(t, p, "siti.narahubung@bandung.go.id")
	if subject != "Jadwal Fasilitasi Bimbingan Teknis" || !strings.Contains(text, "Aula Bappelitbang Kota Bandung") {
		t.Errorf("schedule mail %q: %s", subject, text)
	}
	// The registrator sees the status and the schedule on the akun page and the request's page.
	akun := c.Get("/akun")
	if row := between(akun.Body, `data-testid="bimtek"`, "</table>"); !strings.Contains(row, ref[1]) || !strings.Contains(row, "Dijadwalkan") {
		t.Errorf("akun page: %s", row)
	}
	if show := c.Get(path); !strings.Contains(show.Body, `data-testid="jadwal-tempat">Aula Bappelitbang Kota Bandung<`) {
		t.Error("the request page lacks the schedule")
	}

	mustStatus(t, "finish", staff.PostForm("/petugas/bimtek/"+id+"/selesai", nil), http.StatusSeeOther)
	if subject, _ := latestMail(t, p, reg.Email); subject != "Fasilitasi Bimbingan Teknis Selesai" {
		t.Errorf("finish mail %q", subject)
	}
	// A second decision finds it processed: no state change, no mail, a clear message.
	before := count(t, p, "SELECT count(*) FROM outbox")
	r = staff.PostForm("/petugas/bimtek/"+id+"/tolak", webtest.Values("alasan", "Narasumber tidak tersedia pada tanggal tersebut."))
	if r.Status != http.StatusSeeOther || !strings.Contains(staff.Get(r.Location).Body, "sudah diproses") {
		t.Errorf("decline after finish: %d", r.Status)
	}
	if after := count(t, p, "SELECT count(*) FROM outbox"); after != before {
		t.Error("a refused decision sent mail")
	}
	for _, action := range []string{"bimtek.buat_draf", "bimtek.unggah_dokumen", "bimtek.ajukan", "bimtek.jadwalkan", "bimtek.selesai"} {
		if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = $1", action); n == 0 {
			t.Errorf("no audit row for %s", action)
		}
	}
	if row := between(c.Get("/akun").Body, `data-testid="bimtek"`, "</table>"); !strings.Contains(row, "Selesai") {
		t.Errorf("akun page after finish: %s", row)
	}
}

func TestBimtekDecline(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "provinsi", "32", "Pemerintah Provinsi Jawa Barat")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	f := bimtekValues()
	f["jenis"] = []string{"konsultasi"}
	f.Set("topik_konsultasi", "Pemanfaatan Sepakat untuk penyusunan RKPD")
	path := newBimtek(t, c, f)
	// Konsultasi alone needs only the Surat Permohonan; no KAK template is offered.
	if r := c.Get(path + "/lampiran-8.pdf"); r.Status != http.StatusNotFound {
		t.Errorf("KAK template for a consultation: %d", r.Status)
	}
	mustStatus(t, "submit", c.PostMultipart(path+"/dokumen", webtest.Values("aksi", "ajukan"),
		webtest.File{Field: "surat_permohonan", Name: "surat.pdf", Content: servertest.PDF(t, "Surat")}), http.StatusSeeOther)
	staff := staffLogin(t, p, p.CreateStaff(t, "pengelola.layanan", account.RolePengelolaLayanan), time.Now())
	id := strings.TrimPrefix(path, "/akun/bimtek/")
	mustStatus(t, "short reason", staff.PostForm("/petugas/bimtek/"+id+"/tolak", webtest.Values("alasan", "tidak")), http.StatusUnprocessableEntity)
	reason := "Jadwal narasumber penuh sampai akhir tahun."
	mustStatus(t, "decline", staff.PostForm("/petugas/bimtek/"+id+"/tolak", webtest.Values("alasan", reason)), http.StatusSeeOther)
	if subject, text := latestMail(t, p, reg.Email); !strings.Contains(subject, "Tidak Dapat Dilaksanakan") || !strings.Contains(text, reason) {
		t.Errorf("decline mail %q", subject)
	}
	if show := c.Get(path); !strings.Contains(show.Body, "Ditolak") || !strings.Contains(show.Body, reason) {
		t.Error("the registrator does not see the decline and its reason")
	}
}

// Another registrator, the public and staff without the role are told the request does not exist.
func TestBimtekAuthorization(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	a := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	b := p.CreateRegistrator(t, "kabupaten_kota", "32.04", "Pemerintah Kabupaten Bandung")
	ca, cb := p.Login(t, a.Username, servertest.RegistratorPassword), p.Login(t, b.Username, servertest.RegistratorPassword)
	path := newBimtek(t, ca, bimtekValues())
	draftID := strings.TrimPrefix(path, "/akun/bimtek/")

	// A pengelola layanan does not see a draft: it is still the registrator's.
	staff := staffLogin(t, p, p.CreateStaff(t, "pengelola.layanan", account.RolePengelolaLayanan), time.Now())
	if r := staff.Get("/petugas/bimtek/" + draftID); r.Status != http.StatusNotFound {
		t.Errorf("staff sees a draft: %d", r.Status)
	}
	submitBimtek(t, ca, path)

	for _, get := range []string{"", "/dokumen", "/ubah", "/lampiran-7.pdf", "/lampiran-8.pdf", "/berkas/surat_permohonan", "/berkas/kak"} {
		if r := cb.Get(path + get); r.Status != http.StatusNotFound {
			t.Errorf("another registrator GET %s: %d, want 404", get, r.Status)
		}
	}
	if r := cb.PostForm(path+"/ubah", bimtekValues()); r.Status != http.StatusNotFound {
		t.Errorf("another registrator changes the request: %d", r.Status)
	}
	if r := cb.PostMultipart(path+"/dokumen", webtest.Values("aksi", "ajukan"),
		webtest.File{Field: "surat_permohonan", Name: "x.pdf", Content: servertest.PDF(t, "x")}); r.Status != http.StatusNotFound {
		t.Errorf("another registrator uploads: %d", r.Status)
	}
	if row := cb.Get("/akun"); strings.Contains(row.Body, "BIMTEK-") {
		t.Error("another registrator's akun page lists the request")
	}
	anon := webtest.NewClient(t, p.URL)
	if r := anon.Get(path); r.Status != http.StatusSeeOther || r.Location != "/masuk" {
		t.Errorf("anonymous: %d to %q", r.Status, r.Location)
	}
	other := staffLogin(t, p, p.CreateStaff(t, "verifikator.akun", account.RoleVerifikatorAkun), time.Now())
	for _, u := range []string{"/petugas/bimtek", "/petugas/bimtek/" + draftID, "/petugas/bimtek/" + draftID + "/berkas/kak"} {
		if r := other.Get(u); r.Status != http.StatusNotFound {
			t.Errorf("verifikator akun GET %s: %d, want 404", u, r.Status)
		}
	}
	if r := other.PostForm("/petugas/bimtek/"+draftID+"/selesai", nil); r.Status != http.StatusNotFound {
		t.Errorf("verifikator akun decides: %d", r.Status)
	}
	// The documents are not reachable through the general document route either.
	var docID int64
	if err := p.Store.Pool.QueryRow(t.Context(), "SELECT surat_document_id FROM bimtek").Scan(&docID); err != nil {
		t.Fatal(err)
	}
	for name, cl := range map[string]*webtest.Client{"other registrator": cb, "verifikator akun": other} {
		if r := cl.Get("/dokumen/" + strconv.FormatInt(docID, 10)); r.Status != http.StatusNotFound {
			t.Errorf("%s via /dokumen: %d", name, r.Status)
		}
	}
	if r := staff.Get("/petugas/bimtek/" + draftID); r.Status != http.StatusOK {
		t.Errorf("pengelola layanan after submission: %d", r.Status)
	}
}

// Two pengelola layanan decide the same scheduled request at once: one wins, the other is told it was
// processed; one decision is audited and mailed.
func TestBimtekConcurrentDecisions(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	path := newBimtek(t, c, bimtekValues())
	submitBimtek(t, c, path)
	id := strings.TrimPrefix(path, "/akun/bimtek/")
	sa := staffLogin(t, p, p.CreateStaff(t, "pengelola.a", account.RolePengelolaLayanan), time.Now())
	sb := staffLogin(t, p, p.CreateStaff(t, "pengelola.b", account.RolePengelolaLayanan), time.Now())
	start := nextMonday(time.Now().AddDate(0, 2, 0))
	mustStatus(t, "schedule", sa.PostForm("/petugas/bimtek/"+id+"/jadwalkan", webtest.Values("jadwal_mulai", start.Format("2006-01-02"),
		"jadwal_selesai", start.AddDate(0, 0, 4).Format("2006-01-02"), "jadwal_mode", "daring", "jadwal_tautan", "https://meet.example/abc")), http.StatusSeeOther)
	before := count(t, p, "SELECT count(*) FROM outbox")
	var wg sync.WaitGroup
	var ra, rb *webtest.Response
	wg.Go(func() { ra = sa.PostForm("/petugas/bimtek/"+id+"/selesai", nil) })
	wg.Go(func() {
		rb = sb.PostForm("/petugas/bimtek/"+id+"/tolak", webtest.Values("alasan", "Anggaran pemohon belum tersedia."))
	})
	wg.Wait()
	winners := 0
	for _, pair := range []struct {
		c *webtest.Client
		r *webtest.Response
	}{{sa, ra}, {sb, rb}} {
		if pair.r.Status != http.StatusSeeOther {
			t.Fatalf("decision: %d", pair.r.Status)
		}
		if !strings.Contains(pair.c.Get(pair.r.Location).Body, "sudah diproses") {
			winners++
		}
	}
	if winners != 1 {
		t.Errorf("%d staff were told they decided", winners)
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action IN ('bimtek.selesai', 'bimtek.tolak')"); n != 1 {
		t.Errorf("%d decisions audited", n)
	}
	// One decision, mailed to the registrator and the narahubung (a bimtek done also invites the registrator
	// to the Survei Kepuasan Masyarakat, issue 16: that letter is counted apart, once at most).
	if n := count(t, p, "SELECT count(*) FROM outbox WHERE subject <> 'Survei Kepuasan Masyarakat Portal Regsosek'") - before; n != 2 {
		t.Errorf("%d decision emails, want 2", n)
	}
	if n := count(t, p, "SELECT count(*) FROM outbox WHERE subject = 'Survei Kepuasan Masyarakat Portal Regsosek'"); n > 1 {
		t.Errorf("%d survey invitations", n)
	}
}
