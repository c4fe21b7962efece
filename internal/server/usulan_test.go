package server_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// Usulan perubahan PKS/NDA (§3.2.5): the pemohon proposes a text in Tahap 4; the produsen data declines it
// with a reason, then accepts another, which becomes the text to sign; the timeline records both.
func TestUsulanPerubahanPKS(t *testing.T) {
	t.Parallel()
	p, clock := clockPortal(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	p.Approve(t, id, clock.Now(), date(2026, 6, 30))
	servertest.RunJobs(t, p.JobRunner(t, clock.Now, nil)) // Tahap 4 opens
	path := "/permohonan/" + strconv.FormatInt(id, 10)
	sp := "/petugas/akses/" + strconv.FormatInt(id, 10)
	page := c.Get(path + "/perjanjian")
	if !strings.Contains(page.Body, `data-testid="usulan-form-pks"`) || !strings.Contains(page.Body, `data-testid="usulan-form-nda"`) {
		t.Fatal("no proposal form on the PKS and NDA page")
	}
	usul := func(kind, note string, content []byte) *webtest.Response {
		var files []webtest.File
		if content != nil {
			files = append(files, webtest.File{Field: "usulan-" + kind, Name: "usulan-" + kind + ".pdf", ContentType: "application/pdf", Content: content})
		}
		return c.PostMultipart(path+"/perjanjian/usulan/"+kind, webtest.Values("catatan-"+kind, note), files...)
	}
	if r := usul("pks", "Pasal 7 tentang jangka waktu diubah menjadi dua tahun.", nil); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a proposal without its text: %d", r.Status)
	}
	if r := usul("pks", "pendek", servertest.PDF(t, "Usulan PKS")); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "catatan perubahan") {
		t.Errorf("a proposal without a note: %d", r.Status)
	}
	if r := usul("pks", "Pasal 7 tentang jangka waktu diubah.", []byte("GIF89a bukan pdf")); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a proposal that is not a PDF: %d", r.Status)
	}
	if n := count(t, p, "SELECT count(*) FROM usulan_perjanjian"); n != 0 {
		t.Fatalf("%d proposals stored from refused forms", n)
	}
	note := "Pasal 7 tentang jangka waktu pemanfaatan diubah mengikuti RPJMD."
	mustStatus(t, "usul pks", usul("pks", note, servertest.PDF(t, "Usulan PKS versi 1")), http.StatusSeeOther)
	if r := usul("pks", note, servertest.PDF(t, "Usulan PKS versi 1b")); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a second proposal while one waits: %d", r.Status)
	}
	// While it waits, the signed agreements cannot be sent, and the page does not offer it.
	page = c.Get(path + "/perjanjian")
	if strings.Contains(page.Body, "Kirim PKS dan NDA") {
		t.Error("sending is offered while a proposal waits")
	}
	if r := c.PostForm(path+"/perjanjian/kirim", nil); r.Status == http.StatusSeeOther {
		t.Error("sent while a proposal waits")
	}
	mustState(t, p, id, "menunggu_pks_nda")

	produsen := staffLogin(t, p, p.CreateStaff(t, "produsen.usulan", account.RoleProdusenData), clock.Now())
	staffPage := produsen.Get(sp)
	if !strings.Contains(staffPage.Body, note) || !strings.Contains(staffPage.Body, "Terima Usulan") {
		t.Fatal("the proposal is not on the produsen data's page")
	}
	uid := regexp.MustCompile(`/petugas/akses/\d+/usulan/(\d+)/tolak`).FindStringSubmatch(staffPage.Body)[1]
	field := "alasan_usulan_" + uid
	if r := produsen.PostForm(sp+"/usulan/"+uid+"/tolak", webtest.Values(field, "tidak")); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("declined without a reason: %d", r.Status)
	}
	reason := "Jangka waktu mengikuti keputusan hak akses, tidak dapat diubah dalam PKS."
	mustStatus(t, "tolak", produsen.PostForm(sp+"/usulan/"+uid+"/tolak", webtest.Values(field, reason)), http.StatusSeeOther)
	if subject, text := latestMail(t, p, reg.Email); subject != "Usulan Perubahan PKS Ditolak" || !strings.Contains(text, reason) {
		t.Errorf("decline letter %q", subject)
	}
	if r := produsen.PostForm(sp+"/usulan/"+uid+"/terima", nil); r.Status != http.StatusConflict {
		t.Errorf("a declined proposal accepted: %d", r.Status)
	}

	// A second proposal, accepted: it becomes the text to sign.
	mustStatus(t, "usul pks 2", usul("pks", "Pasal 9 tentang pelaporan diubah menjadi per semester.", servertest.PDF(t, "Usulan PKS versi 2")), http.StatusSeeOther)
	staffPage = produsen.Get(sp)
	uid2 := regexp.MustCompile(`/petugas/akses/\d+/usulan/(\d+)/terima`).FindStringSubmatch(staffPage.Body)[1]
	mustStatus(t, "terima", produsen.PostForm(sp+"/usulan/"+uid2+"/terima", nil), http.StatusSeeOther)
	page = c.Get(path + "/perjanjian")
	if !strings.Contains(page.Body, `data-testid="naskah-disetujui"`) || !strings.Contains(page.Body, "Kirim PKS dan NDA") {
		t.Error("the accepted text is not offered to sign, or sending is still blocked")
	}
	tpl := c.Get(path + "/perjanjian/templat/pks.pdf")
	if tpl.Status != http.StatusSeeOther || !strings.HasPrefix(tpl.Location, "/dokumen/") {
		t.Fatalf("the PKS to sign is not the accepted text: %d %q", tpl.Status, tpl.Location)
	}
	if doc := c.Get(tpl.Location); doc.Status != http.StatusOK || !strings.Contains(doc.Body, "Usulan PKS versi 2") {
		t.Errorf("the registrator cannot open the accepted text: %d", doc.Status)
	}
	if nda := c.Get(path + "/perjanjian/templat/nda.pdf"); nda.Status != http.StatusOK {
		t.Errorf("the NDA template (no proposal) is not the generated one: %d", nda.Status)
	}
	for ev, n := range map[string]int{"usul_perjanjian": 2, "tolak_usulan": 1, "terima_usulan": 1} {
		if got := count(t, p, "SELECT count(*) FROM permohonan_events WHERE permohonan_id = $1 AND event = $2", id, ev); got != n {
			t.Errorf("%d timeline entries %s, want %d", got, ev, n)
		}
	}
	if tl := between(c.Get(path).Body, `data-testid="timeline"`, "</ol>"); !strings.Contains(tl, "Usulan perubahan PKS/NDA ditolak") || !strings.Contains(tl, reason) {
		t.Error("the registrator's timeline lacks the decline and its reason")
	}
	// Another account sees none of it.
	other := p.Login(t, p.CreateRegistrator(t, "kabupaten_kota", "32.04", "Pemerintah Kabupaten Bandung").Username, servertest.RegistratorPassword)
	if r := other.Get(tpl.Location); r.Status != http.StatusNotFound {
		t.Errorf("another account opens the proposed text: %d", r.Status)
	}
}
