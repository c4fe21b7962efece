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
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// A permohonan's conversation: the registrator asks with an attachment, the verifier who holds the
// permohonan is emailed (never the text), reads it in the Percakapan list and answers; the registrator sees the
// unread count, reads "Pengelola Data Regsosek" (not the staff name) and the answer; another account, a staff
// role that does not work permohonan and a draft get nothing; every message is audited.
func TestPercakapanOverHTTP(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ctx := context.Background()
	now := time.Now()
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	ids := strconv.FormatInt(id, 10)
	thread, staffThread := "/akun/percakapan/permohonan/"+ids, "/petugas/percakapan/permohonan/"+ids

	teknisStaff := p.CreateStaff(t, "teknis.percakapan", account.RoleVerifikatorTeknis)
	teknis := p.StaffLogin(t, teknisStaff, now)
	mustStatus(t, "ambil", teknis.PostForm("/petugas/permohonan/"+ids+"/ambil", nil), http.StatusSeeOther)

	// Refusals change nothing.
	if r := c.PostMultipart(thread, webtest.Values("isi", "  \n\t ")); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Tuliskan pesan.") {
		t.Errorf("empty message: %d", r.Status)
	}
	if r := c.PostMultipart(thread, webtest.Values("isi", "Ini program saya."), webtest.File{Field: "lampiran", Name: "program.exe", Content: []byte("MZ\x90\x00binary")}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("an executable attached: %d", r.Status)
	}
	// A message over the limit is shown again whole, with the limit and its length beside it (issue 15).
	long := strings.Repeat("Pertanyaan panjang tentang KAK. ", 130) + "AKHIR-PESAN"
	if r := c.PostMultipart(thread, webtest.Values("isi", long)); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "Pesan paling banyak 4.000 karakter; isian Anda 4.171 karakter.") || !strings.Contains(r.Body, "AKHIR-PESAN") {
		t.Errorf("over-long message: %d", r.Status)
	}
	messages := func() int {
		var n int
		_ = p.Store.Pool.QueryRow(ctx, "SELECT count(*) FROM percakapan_pesan").Scan(&n)
		return n
	}
	if n := messages(); n != 0 {
		t.Fatalf("refused messages stored: %d", n)
	}

	// The pemohon asks, with the KAK draft attached.
	question := "Apakah KAK perlu memuat rencana pemutakhiran data per desa?\nTerlampir draf KAK kami."
	mustStatus(t, "kirim", c.PostMultipart(thread, webtest.Values("isi", question),
		webtest.File{Field: "lampiran", Name: "draf-kak.pdf", Content: servertest.PDF(t, "Draf KAK")}), http.StatusSeeOther)
	subject, text := latestMail(t, p, teknisStaff.Username+"@bappenas.go.id")
	if subject != "Pesan Baru dari Pemohon: Pemerintah Kota Bandung" || strings.Contains(text, "rencana pemutakhiran") || !strings.Contains(text, staffThread) {
		t.Errorf("mail to the verifier: %q %q", subject, text)
	}
	inbox := teknis.Get("/petugas/percakapan")
	if !strings.Contains(inbox.Body, `data-testid="belum-dibaca">1 baru`) {
		t.Errorf("inbox: %s", between(inbox.Body, `data-testid="percakapan-daftar"`, "</table>"))
	}
	page := teknis.Get(staffThread)
	if !strings.Contains(page.Body, "Apakah KAK perlu memuat rencana pemutakhiran data per desa?") || !strings.Contains(page.Body, "draf-kak.pdf") {
		t.Fatalf("staff thread: %s", between(page.Body, `data-testid="percakapan"`, "</ol>"))
	}
	if strings.Contains(teknis.Get("/petugas/percakapan").Body, `data-testid="belum-dibaca"`) {
		t.Error("reading the thread did not mark it read")
	}
	file := regexp.MustCompile(`/petugas/percakapan/permohonan/\d+/lampiran/\d+`).FindString(page.Body)
	if r := teknis.Get(file); r.Status != http.StatusOK || !strings.HasPrefix(r.Body, "%PDF-") {
		t.Errorf("attachment for staff: %d", r.Status)
	}

	// The answer: emailed without its text; the registrator sees it unread, from the institution.
	mustStatus(t, "jawab", teknis.PostMultipart(staffThread, webtest.Values("isi", "Ya, cantumkan pada bagian f KAK (data balikan dan pemutakhiran).")), http.StatusSeeOther)
	subject, text = latestMail(t, p, reg.Email)
	if subject != "Pesan Baru dari Pengelola Data Regsosek" || strings.Contains(text, "data balikan") {
		t.Errorf("mail to the registrator: %q %q", subject, text)
	}
	if detail := c.Get("/permohonan/" + ids); !strings.Contains(detail.Body, `data-testid="pesan-baru">1 pesan baru`) {
		t.Errorf("unread count on the permohonan page: %s", between(detail.Body, `data-testid="percakapan-tautan"`, "</p>"))
	}
	mine := c.Get(thread)
	if !strings.Contains(mine.Body, "Ya, cantumkan pada bagian f KAK") || !strings.Contains(mine.Body, "Pengelola Data Regsosek") ||
		strings.Contains(mine.Body, "Petugas teknis.percakapan") {
		t.Errorf("registrator thread: %s", between(mine.Body, `data-testid="percakapan"`, "</ol>"))
	}
	if detail := c.Get("/permohonan/" + ids); strings.Contains(detail.Body, `data-testid="pesan-baru"`) {
		t.Error("reading did not clear the unread count")
	}
	own := regexp.MustCompile(`/akun/percakapan/permohonan/\d+/lampiran/\d+`).FindString(mine.Body)
	if r := c.Get(own); r.Status != http.StatusOK {
		t.Errorf("attachment for the registrator: %d", r.Status)
	}

	// Nobody else.
	other := p.CreateRegistrator(t, "kabupaten_kota", "32.01", "Pemerintah Kabupaten Bogor")
	oc := p.Login(t, other.Username, servertest.RegistratorPassword)
	for _, path := range []string{thread, own} {
		if r := oc.Get(path); r.Status != http.StatusNotFound {
			t.Errorf("another account reads %s: %d", path, r.Status)
		}
	}
	if r := oc.PostMultipart(thread, webtest.Values("isi", "Halo")); r.Status != http.StatusNotFound {
		t.Errorf("another account writes: %d", r.Status)
	}
	layanan := p.StaffLogin(t, p.CreateStaff(t, "layanan.percakapan", account.RolePengelolaLayanan), now)
	if r := layanan.Get(staffThread); r.Status != http.StatusNotFound {
		t.Errorf("pengelola layanan reads a permohonan thread: %d", r.Status)
	}
	// A draft has no thread yet.
	draft := c.PostForm("/permohonan", nil).Location
	did := strings.TrimPrefix(draft, "/permohonan/")
	if r := c.PostMultipart("/akun/percakapan/permohonan/"+did, webtest.Values("isi", "Pertanyaan sebelum mengajukan.")); r.Status != http.StatusConflict {
		t.Errorf("message on a draft: %d", r.Status)
	}
	if n := messages(); n != 2 {
		t.Errorf("messages %d, want 2", n)
	}
	var audited int
	if err := p.Store.Pool.QueryRow(ctx, "SELECT count(*) FROM audit_log WHERE action = 'percakapan.kirim' AND object_id = $1", id).Scan(&audited); err != nil || audited != 2 {
		t.Errorf("audited messages %d, %v", audited, err)
	}
}

// A bimtek's conversation is between the registrator and the pengelola layanan: a draft has none, a verifier
// of permohonan takes no part, and the bimtek's page shows the unread answer.
func TestPercakapanBimtek(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	now := time.Now()
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	path := newBimtek(t, c, bimtekValues())
	id := strings.TrimPrefix(path, "/akun/bimtek/")
	thread := "/akun/percakapan/bimtek/" + id
	if r := c.PostMultipart(thread, webtest.Values("isi", "Apakah kelas DK dapat daring?")); r.Status != http.StatusConflict {
		t.Errorf("message on a draft bimtek: %d", r.Status)
	}
	submitBimtek(t, c, path)
	mustStatus(t, "kirim", c.PostMultipart(thread, webtest.Values("isi", "Apakah kelas DK dapat daring?")), http.StatusSeeOther)
	teknis := p.StaffLogin(t, p.CreateStaff(t, "teknis.bimtek", account.RoleVerifikatorTeknis), now)
	if r := teknis.Get("/petugas/percakapan/bimtek/" + id); r.Status != http.StatusNotFound {
		t.Errorf("a verifikator teknis reads a bimtek thread: %d", r.Status)
	}
	layanan := p.StaffLogin(t, p.CreateStaff(t, "layanan.bimtek", account.RolePengelolaLayanan), now)
	if r := layanan.Get("/petugas/bimtek/" + id); !strings.Contains(r.Body, "/petugas/percakapan/bimtek/"+id) {
		t.Error("the bimtek's staff page does not link its thread")
	}
	mustStatus(t, "jawab", layanan.PostMultipart("/petugas/percakapan/bimtek/"+id, webtest.Values("isi", "Dapat, dengan mode hybrid.")), http.StatusSeeOther)
	if r := c.Get(path); !strings.Contains(r.Body, `data-testid="pesan-baru">1 pesan baru`) {
		t.Errorf("the bimtek page: %s", between(r.Body, `data-testid="percakapan-tautan"`, "</p>"))
	}
	if r := c.Get(thread); !strings.Contains(r.Body, "Dapat, dengan mode hybrid.") {
		t.Error("the registrator does not read the answer")
	}
}
