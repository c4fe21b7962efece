package server_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

var permohonanPath = regexp.MustCompile(`^/permohonan/(\d+)$`)

func newPermohonan(t *testing.T, c *webtest.Client) string {
	t.Helper()
	r := c.PostForm("/permohonan", nil)
	if r.Status != http.StatusSeeOther || !permohonanPath.MatchString(r.Location) {
		t.Fatalf("create permohonan: %d %q", r.Status, r.Location)
	}
	return r.Location
}

func header(cakupan string) map[string]string {
	return map[string]string{"cakupan_wilayah": cakupan, "narahubung_nama": "Siti Aminah", "narahubung_jabatan": "Kepala Bappelitbang",
		"narahubung_nip": "19700101 200003 1 002", "narahubung_email": "siti@bandung.go.id", "narahubung_no_hp": "0812-1111-2222",
		"forum_satu_data": "tidak"}
}

func form(m map[string]string) map[string][]string {
	out := map[string][]string{}
	for k, v := range m {
		out[k] = []string{v}
	}
	return out
}

func rowForm(pengguna, jenis, media, tujuanBNBA, nip string) map[string]string {
	m := map[string]string{"aksi": "simpan", "pengguna_jenis": "opd", "pengguna": pengguna, "tujuan": "Pemutakhiran sasaran program " + pengguna,
		"jenis_data": jenis, "media": media, "tujuan_bnba": tujuanBNBA, "penggunaan": "sekali_pakai", "periode_mulai": "2026-01-01",
		"periode_bulan": "60"}
	if media == "sepakat" {
		m["penggunaan"], m["olah_data"], m["olah_data_keterangan"] = "berkelanjutan", "ya", "Mengolah data SIKS-NG dan Excel setiap bulan."
		m["operator_nama"], m["operator_jabatan"], m["operator_nip"] = "Operator "+pengguna, "Analis Data", nip
		m["operator_email"], m["operator_no_hp"] = "operator@"+strings.ReplaceAll(strings.ToLower(pengguna), " ", "")+".go.id", "081322223333"
	}
	return m
}

// idOf is the id of a permohonan from its path.
func idOf(path string) int64 {
	id, _ := strconv.ParseInt(permohonanPath.FindStringSubmatch(path)[1], 10, 64)
	return id
}

func pdfFile(t *testing.T, field string) webtest.File {
	return webtest.File{Field: field, Name: field + ".pdf", ContentType: "application/pdf", Content: servertest.PDF(t, field)}
}

func requiredDocs(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`data-testid="doc-([a-z_]+)"`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestPermohonanJourneyOverHTTP(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	path := newPermohonan(t, c)
	if r := c.Get(path); !strings.Contains(r.Body, `data-testid="task-list"`) || !strings.Contains(r.Body, "Belum dimulai") {
		t.Fatal("new permohonan has no task list")
	}

	// A bad header is kept and shown with its errors.
	bad := header("32.73")
	bad["narahubung_nip"] = "1970"
	r := c.PostForm(path+"/cakupan", form(bad))
	mustStatus(t, "bad header", r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, `data-testid="error-narahubung_nip"`) || !strings.Contains(r.Body, `value="Siti Aminah"`) {
		t.Error("bad header: message or entries missing")
	}
	if again := c.Get(path + "/cakupan"); !strings.Contains(again.Body, `value="Siti Aminah"`) {
		t.Error("a draft save with errors lost what was typed")
	}
	mustStatus(t, "header", c.PostForm(path+"/cakupan", form(header("32.73"))), http.StatusSeeOther)

	// Required documents follow the rows.
	if got := requiredDocs(c.Get(path + "/dokumen").Body); strings.Join(got, ",") != "surat_permohonan,kak" {
		t.Errorf("no rows: documents %v", got)
	}
	mustStatus(t, "row 1", c.PostForm(path+"/kebutuhan/baru", form(rowForm("Dinas Sosial", "bnba", "sepakat", "kepentingan_umum", "196706271998031004"))), http.StatusSeeOther)
	if got := requiredDocs(c.Get(path + "/dokumen").Body); strings.Join(got, ",") != "surat_permohonan,kak,sk_operator,sk_forum_satu_data" {
		t.Errorf("after a Sepakat row: documents %v", got)
	}
	mustStatus(t, "row 2", c.PostForm(path+"/kebutuhan/baru", form(rowForm("Dinas Kesehatan", "mikro", "fasilitas", "", ""))), http.StatusSeeOther)
	if got := requiredDocs(c.Get(path + "/dokumen").Body); !strings.Contains(strings.Join(got, ","), "surat_pernyataan") {
		t.Errorf("after a Mikro via Fasilitas row: documents %v", got)
	}
	mustStatus(t, "row 3", c.PostForm(path+"/kebutuhan/baru", form(rowForm("Dinas Pendidikan", "agregat_terpilah", "sepakat", "", "198001012005011003"))), http.StatusSeeOther)

	// BNBA without a lawful purpose: saved as typed, refused with a message, and reported by Ajukan.
	r = c.PostForm(path+"/kebutuhan/baru", form(rowForm("Dinas Kependudukan", "bnba", "fasilitas", "", "")))
	mustStatus(t, "BNBA without purpose", r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, `data-testid="error-tujuan_bnba"`) {
		t.Error("no message beside the BNBA purpose")
	}
	m := regexp.MustCompile(`action="(/permohonan/\d+/kebutuhan/\d+)"`).FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatal("the saved draft row has no edit action")
	}
	mustStatus(t, "delete row 4", c.PostForm(m[1]+"/hapus", nil), http.StatusSeeOther)

	for _, kind := range []string{"surat_permohonan", "kak", "sk_operator"} {
		mustStatus(t, "upload "+kind, c.PostMultipart(path+"/dokumen/"+kind, nil, pdfFile(t, "berkas-"+kind)), http.StatusSeeOther)
	}
	// A renamed executable is refused by content.
	r = c.PostMultipart(path+"/dokumen/surat_pernyataan", nil, webtest.File{Field: "berkas-surat_pernyataan", Name: "pernyataan.pdf",
		ContentType: "application/pdf", Content: []byte("MZ\x90\x00 this is not a pdf")})
	mustStatus(t, "exe as pdf", r, http.StatusUnprocessableEntity)

	p.UploadPelatihan(t, c, idOf(path))
	// Ajukan with the Surat Pernyataan missing names exactly it, linking to where it is fixed.
	r = c.PostForm(path+"/ajukan", nil)
	mustStatus(t, "incomplete", r, http.StatusUnprocessableEntity)
	problems := between(r.Body, `data-testid="problems"`, `</ul>`)
	if strings.Count(problems, "<li>") != 1 || !strings.Contains(problems, "Surat Pernyataan") || !strings.Contains(problems, path+"/dokumen") {
		t.Fatalf("problems listed: %s", problems)
	}
	if n := count(t, p, "SELECT count(*) FROM permohonan WHERE state = 'draft'"); n != 1 {
		t.Error("an incomplete Ajukan changed the state")
	}
	mustStatus(t, "upload pernyataan", c.PostMultipart(path+"/dokumen/surat_pernyataan", nil, pdfFile(t, "berkas-surat_pernyataan")), http.StatusSeeOther)
	r = c.PostForm(path+"/ajukan", nil)
	if r.Status != http.StatusSeeOther || r.Location != path {
		t.Fatalf("Ajukan: %d %q %s", r.Status, r.Location, between(r.Body, `data-testid="problems"`, `</ul>`))
	}
	detail := c.Get(path)
	if !strings.Contains(detail.Body, `data-testid="status">Diajukan<`) || !strings.Contains(detail.Body, "Permohonan diajukan") {
		t.Error("detail page lacks the new status or the timeline entry")
	}
	if !strings.Contains(detail.Body, "Tingkat 4 (BNBA)") || !strings.Contains(detail.Body, `data-testid="six-month"`) {
		t.Error("tier or six-month flag missing")
	}
	if subject, _ := latestMail(t, p, reg.Email); subject != "Permohonan Hak Akses Diterima" {
		t.Errorf("mail %q", subject)
	}
	// Read-only now: a change is refused and nothing moves.
	changed := header("32.73")
	changed["narahubung_nama"] = "Orang Lain"
	if r := c.PostForm(path+"/cakupan", form(changed)); r.Status != http.StatusConflict || !strings.Contains(r.Body, "sudah diajukan") {
		t.Errorf("editing a submitted permohonan: %d", r.Status)
	}
	if n := count(t, p, "SELECT count(*) FROM permohonan WHERE narahubung_nama = 'Orang Lain'"); n != 0 {
		t.Error("a submitted permohonan was changed")
	}
	receipt := c.Get(path + "/bukti.pdf")
	if receipt.Status != 200 || !strings.HasPrefix(receipt.Body, "%PDF-") {
		t.Errorf("receipt: %d %.10q", receipt.Status, receipt.Body)
	}
	for _, name := range []string{"surat-permohonan.pdf", "kak.pdf"} {
		if r := c.Get(path + "/templat/" + name); r.Status != 200 || !strings.HasPrefix(r.Body, "%PDF-") {
			t.Errorf("template %s: %d", name, r.Status)
		}
	}
	if n := count(t, p, "SELECT count(*) FROM permohonan_events WHERE event = 'ajukan' AND snapshot IS NOT NULL"); n != 1 {
		t.Error("no snapshot of the submitted content")
	}
}

// Another instansi's registrator and anonymous visitors get 404 for everything of a permohonan.
func TestPermohonanAuthorization(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	owner := p.CreateRegistrator(t, "provinsi", "32", "Pemerintah Provinsi Jawa Barat")
	other := p.CreateRegistrator(t, "provinsi", "33", "Pemerintah Provinsi Jawa Tengah")
	c := p.Login(t, owner.Username, servertest.RegistratorPassword)
	path := newPermohonan(t, c)
	mustStatus(t, "header", c.PostForm(path+"/cakupan", form(header("32"))), http.StatusSeeOther)
	mustStatus(t, "upload", c.PostMultipart(path+"/dokumen/kak", nil, pdfFile(t, "berkas-kak")), http.StatusSeeOther)
	mustStatus(t, "row", c.PostForm(path+"/kebutuhan/baru", form(rowForm("Dinas Sosial", "mikro", "fasilitas", "", ""))), http.StatusSeeOther)
	var docID, rowID int64
	ctx := context.Background()
	if err := p.Store.Pool.QueryRow(ctx, "SELECT document_id FROM permohonan_documents").Scan(&docID); err != nil {
		t.Fatal(err)
	}
	if err := p.Store.Pool.QueryRow(ctx, "SELECT id FROM permohonan_rows").Scan(&rowID); err != nil {
		t.Fatal(err)
	}
	// Make it submitted so the receipt exists.
	if _, err := p.Store.Pool.Exec(ctx, "UPDATE permohonan SET state = 'diajukan', submitted_at = now(), due_at = now() + interval '5 days'"); err != nil {
		t.Fatal(err)
	}
	paths := []string{path, path + "/cakupan", path + "/kebutuhan", path + "/dokumen", path + "/periksa", path + "/bukti.pdf",
		path + "/templat/kak.pdf", path + "/templat/surat-permohonan.pdf", path + "/tarik",
		path + "/kebutuhan/" + strconv.FormatInt(rowID, 10), "/dokumen/" + strconv.FormatInt(docID, 10)}
	intruder := p.Login(t, other.Username, servertest.RegistratorPassword)
	for _, u := range paths {
		if r := intruder.Get(u); r.Status != http.StatusNotFound {
			t.Errorf("another instansi GET %s: %d, want 404", u, r.Status)
		}
	}
	for _, u := range []string{path + "/tarik", path + "/cakupan", path + "/hapus"} {
		if r := intruder.PostForm(u, webtest.Values("alasan", "mencoba menarik permohonan orang lain")); r.Status != http.StatusNotFound {
			t.Errorf("another instansi POST %s: %d, want 404", u, r.Status)
		}
	}
	anon := webtest.NewClient(t, p.URL)
	for _, u := range paths {
		r := anon.Get(u)
		if u[:9] == "/dokumen/" {
			if r.Status != http.StatusNotFound {
				t.Errorf("anonymous GET %s: %d, want 404", u, r.Status)
			}
		} else if r.Status != http.StatusSeeOther || r.Location != "/masuk" {
			t.Errorf("anonymous GET %s: %d %q, want the sign-in page", u, r.Status, r.Location)
		}
	}
	if r := c.Get("/dokumen/" + strconv.FormatInt(docID, 10)); r.Status != 200 {
		t.Errorf("owner cannot download their document: %d", r.Status)
	}
}

func TestPermohonanScope(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	prov := p.CreateRegistrator(t, "provinsi", "32", "Pemerintah Provinsi Jawa Barat")
	kab := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	cp := p.Login(t, prov.Username, servertest.RegistratorPassword)
	pp := newPermohonan(t, cp)
	r := cp.PostForm(pp+"/cakupan", form(header("33")))
	mustStatus(t, "province asks for another province", r, http.StatusUnprocessableEntity)
	if !strings.Contains(between(r.Body, `data-testid="error-cakupan_wilayah">`, `</p>`), "provinsinya sendiri") {
		t.Error("no scope message")
	}
	ck := p.Login(t, kab.Username, servertest.RegistratorPassword)
	pk := newPermohonan(t, ck)
	mustStatus(t, "header", ck.PostForm(pk+"/cakupan", form(header("32.73"))), http.StatusSeeOther)
	row := rowForm("", "bnba", "fasilitas", "kepentingan_umum", "")
	row["pengguna_jenis"], row["pw_kecamatan"], row["pw_desa_kelurahan"] = "desa", "32.04.01", "32.04.01.2001"
	r = ck.PostForm(pk+"/kebutuhan/baru", form(row))
	mustStatus(t, "desa of another kab/kota", r, http.StatusUnprocessableEntity)
	row["pw_kecamatan"], row["pw_desa_kelurahan"] = "32.73.01", "32.73.01.1001"
	mustStatus(t, "own desa", ck.PostForm(pk+"/kebutuhan/baru", form(row)), http.StatusSeeOther)
	var pengguna, wilayah string
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT pengguna, pengguna_wilayah FROM permohonan_rows WHERE pengguna_wilayah = '32.73.01.1001'").Scan(&pengguna, &wilayah); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(pengguna, "Pemerintah Kelurahan") {
		t.Errorf("desa pengguna named %q", pengguna)
	}
	// The cascade shows the kecamatan's desa without JavaScript.
	r = ck.PostForm(pk+"/kebutuhan/baru", webtest.Values("aksi", "pilih_wilayah", "pengguna_jenis", "desa", "pw_kecamatan", "32.73.01"))
	if r.Status != 200 || !strings.Contains(r.Body, `<select id="pw_desa_kelurahan"`) {
		t.Errorf("desa list not shown after choosing a kecamatan: %d", r.Status)
	}
}

// With 300 rows the page and the saves run as many queries as with 3.
func TestPermohonanQueriesDoNotGrowWithRows(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "pusat", "027", "KEMENTERIAN SOSIAL")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	measure := func(n int) (page, save, submit int64) {
		path := newPermohonan(t, c)
		id, _ := strconv.ParseInt(permohonanPath.FindStringSubmatch(path)[1], 10, 64)
		_, err := p.Store.Pool.Exec(context.Background(), `INSERT INTO permohonan_rows (permohonan_id, pengguna_jenis, pengguna, tujuan, jenis_data, media)
			SELECT $1, 'unit_kerja', 'Direktorat ' || g, 'Pemutakhiran sasaran program nomor ' || g, 'mikro', 'fasilitas' FROM generate_series(1, $2) g`, id, n)
		if err != nil {
			t.Fatal(err)
		}
		before := p.Queries.Count()
		if r := c.Get(path); r.Status != 200 {
			t.Fatalf("page: %d", r.Status)
		}
		page = p.Queries.Count() - before
		before = p.Queries.Count()
		mustStatus(t, "save", c.PostForm(path+"/cakupan", form(header("nasional"))), http.StatusSeeOther)
		save = p.Queries.Count() - before
		before = p.Queries.Count()
		mustStatus(t, "ajukan (incomplete)", c.PostForm(path+"/ajukan", nil), http.StatusUnprocessableEntity)
		submit = p.Queries.Count() - before
		return
	}
	p3, s3, a3 := measure(3)
	p300, s300, a300 := measure(300)
	if p300 != p3 || s300 != s3 || a300 != a3 {
		t.Errorf("queries grow with rows: page %d→%d, save %d→%d, ajukan %d→%d", p3, p300, s3, s300, a3, a300)
	}
	if p3 > 20 {
		t.Errorf("the page takes %d queries", p3)
	}
	fmt.Fprintf(testWriter{t}, "queries with 3 and 300 rows: page %d, save %d, ajukan %d", p3, s3, a3)
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) { w.t.Log(string(b)); return len(b), nil }

func TestWithdrawAndPerubahan(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	path := newPermohonan(t, c)
	ctx := context.Background()
	// A draft cannot be withdrawn, only deleted.
	if r := c.PostForm(path+"/tarik", webtest.Values("alasan", "Tidak jadi mengajukan permohonan.")); r.Status != http.StatusConflict {
		t.Errorf("withdrawing a draft: %d", r.Status)
	}
	if _, err := p.Store.Pool.Exec(ctx, "UPDATE permohonan SET state = 'diajukan', submitted_at = now(), due_at = now() + interval '5 days'"); err != nil {
		t.Fatal(err)
	}
	mustStatus(t, "short reason", c.PostForm(path+"/tarik", webtest.Values("alasan", "batal")), http.StatusUnprocessableEntity)
	mustStatus(t, "withdraw", c.PostForm(path+"/tarik", webtest.Values("alasan", "Kebutuhan data sudah terpenuhi dari sumber lain.")), http.StatusSeeOther)
	if n := count(t, p, "SELECT count(*) FROM permohonan WHERE state = 'ditarik' AND withdraw_reason LIKE 'Kebutuhan%'"); n != 1 {
		t.Error("not withdrawn")
	}
	// Perubahan: only from access given, linked, with new rows only.
	second := newPermohonan(t, c)
	mustStatus(t, "header", c.PostForm(second+"/cakupan", form(header("32.73"))), http.StatusSeeOther)
	mustStatus(t, "row", c.PostForm(second+"/kebutuhan/baru", form(rowForm("Dinas Sosial", "mikro", "fasilitas", "", ""))), http.StatusSeeOther)
	if r := c.PostForm(second+"/perubahan", nil); r.Location != second {
		t.Errorf("perubahan of a draft: %d %q", r.Status, r.Location)
	}
	id := permohonanPath.FindStringSubmatch(second)[1]
	if _, err := p.Store.Pool.Exec(ctx, "UPDATE permohonan SET state = 'akses_diberikan', submitted_at = now(), decided_at = now() WHERE id = $1", id); err != nil {
		t.Fatal(err)
	}
	r := c.PostForm(second+"/perubahan", nil)
	if r.Status != http.StatusSeeOther || !permohonanPath.MatchString(r.Location) || r.Location == second {
		t.Fatalf("perubahan: %d %q", r.Status, r.Location)
	}
	change := r.Location
	page := c.Get(change)
	if !strings.Contains(page.Body, "Perubahan permohonan atas") || !strings.Contains(page.Body, "Siti Aminah") {
		t.Error("perubahan does not show its parent or the copied narahubung")
	}
	if n := count(t, p, "SELECT count(*) FROM permohonan_rows r JOIN permohonan p ON p.id = r.permohonan_id WHERE p.parent_id = $1", id); n != 0 {
		t.Errorf("perubahan copied %d rows; only new rows go to review", n)
	}
	if n := count(t, p, "SELECT count(*) FROM permohonan WHERE id = $1 AND state = 'akses_diberikan'", id); n != 1 {
		t.Error("the original must stay in force")
	}
}
