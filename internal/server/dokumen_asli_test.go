package server_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// Originals received (issue 13 item 6): the verifikator teknis records the printed Surat Permohonan during
// the review, the produsen data the PKS/NDA originals once signed; the registrator sees the dates.
func TestDokumenAsliDiterima(t *testing.T) {
	t.Parallel()
	p, clock := clockPortal(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	asli := "/petugas/permohonan/" + strconv.FormatInt(id, 10) + "/dokumen-asli"
	teknis := staffLogin(t, p, p.CreateStaff(t, "teknis.asli", account.RoleVerifikatorTeknis), clock.Now())
	if review := teknis.Get("/petugas/permohonan/" + strconv.FormatInt(id, 10)); !strings.Contains(review.Body, asli) {
		t.Error("the review page does not lead to the originals")
	}
	page := teknis.Get(asli)
	if !strings.Contains(page.Body, "Surat Permohonan Hak Akses") || strings.Contains(page.Body, `value="pks"`) {
		t.Error("the kinds offered before Tahap 4 are wrong")
	}
	for _, bad := range []struct{ jenis, tanggal string }{{"surat_permohonan", "2026-03-03"}, {"surat_permohonan", "2026-02-01"}, {"pks", "2026-03-02"}, {"", "2026-03-02"}} {
		if r := teknis.PostForm(asli, webtest.Values("jenis", bad.jenis, "diterima", bad.tanggal)); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s on %s: %d", bad.jenis, bad.tanggal, r.Status)
		}
	}
	if n := count(t, p, "SELECT count(*) FROM dokumen_asli"); n != 0 {
		t.Fatal("a refused record was stored")
	}
	operator := staffLogin(t, p, p.CreateStaff(t, "operator.asli", account.RoleOperatorSepakat), clock.Now())
	if r := operator.PostForm(asli, webtest.Values("jenis", "surat_permohonan", "diterima", "2026-03-02")); r.Status != http.StatusForbidden && r.Status != http.StatusNotFound {
		t.Errorf("an operator sepakat records an original: %d", r.Status)
	}
	mustStatus(t, "asli", teknis.PostForm(asli, webtest.Values("jenis", "surat_permohonan", "diterima", "2026-03-02", "catatan", "Agenda 123/SM/2026")), http.StatusSeeOther)
	if got := between(c.Get("/permohonan/"+strconv.FormatInt(id, 10)).Body, `data-testid="dokumen-asli"`, "</section>"); !strings.Contains(got, "Dokumen asli diterima") ||
		!strings.Contains(got, "2 Maret 2026") || strings.Contains(got, "Petugas") {
		t.Errorf("the registrator's note of the original: %q", got)
	}
	if n := count(t, p, "SELECT count(*) FROM permohonan_events WHERE permohonan_id = $1 AND event = 'dokumen_asli' AND actor_role = 'verifikator_teknis'", id); n != 1 {
		t.Error("no timeline entry")
	}
	// After the agreements are signed by hand, the produsen data records the PKS original.
	p.Approve(t, id, clock.Now(), date(2026, 6, 30))
	runner := p.JobRunner(t, clock.Now, nil)
	p.SignAgreements(t, c, id, runner, clock.Now())
	produsen := staffLogin(t, p, p.CreateStaff(t, "produsen.asli", account.RoleProdusenData), clock.Now())
	if page := produsen.Get("/petugas/akses/" + strconv.FormatInt(id, 10)); !strings.Contains(page.Body, "Catat Dokumen Asli Diterima") {
		t.Error("the akses page does not lead to the originals")
	}
	mustStatus(t, "pks asli", produsen.PostForm(asli, webtest.Values("jenis", "pks", "diterima", "2026-03-02")), http.StatusSeeOther)
	got := between(c.Get("/permohonan/"+strconv.FormatInt(id, 10)).Body, `data-testid="dokumen-asli"`, "</section>")
	if !strings.Contains(got, "Perjanjian Kerja Sama (PKS)") {
		t.Errorf("the PKS original is not shown: %q", got)
	}
}
