package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// "Ganti Pejabat Pemegang Akun" from the Masuk page (§3.2.5 g): a new official starts the handover while the
// official in force never signs in.

func gantiPejabatForm(kategori, field, kode string) url.Values {
	return webtest.Values("kategori", kategori, field, kode, "instansi", "Pemerintah Kota Bandung", "unit_kerja", "Bappelitbang",
		"nama", "Sri Wahyuni", "nik", "3273015508850003", "jabatan", "Kepala Subbidang Data", "email", "sri@bandung.go.id",
		"email_unit_kerja", "bappeda@bandung.go.id", "no_handphone", "+62 813 1111 2222", "username", "sri.bandung", "benar", "ya")
}

// postGantiPejabat posts the form with a fresh captcha, answered right unless wrong.
func postGantiPejabat(t *testing.T, c *webtest.Client, form url.Values, wrong bool) *webtest.Response {
	t.Helper()
	id, answer := captchaAnswer(t, c, c.Get("/ganti-pejabat").Body)
	if wrong {
		answer = fmt.Sprintf("%06d", (atoi(answer)+1)%1000000)
	}
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set("captcha_id", id)
	f.Set("captcha", answer)
	return c.PostMultipart("/ganti-pejabat", f, goodFiles(t)...)
}

func TestGantiPejabatTanpaPemegang(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	old := p.Login(t, reg.Username, servertest.RegistratorPassword)
	public := webtest.NewClient(t, p.URL)
	if page := public.Get("/masuk"); !strings.Contains(page.Body, `href="/ganti-pejabat"`) || !strings.Contains(page.Body, "Ganti Pejabat Pemegang Akun") {
		t.Fatal("the Masuk page does not offer Ganti Pejabat Pemegang Akun")
	}
	form := gantiPejabatForm("kabupaten_kota", "kabupaten_kota", "32.73")

	// A wrong captcha: the entries stay, the files must be chosen again, nothing is stored.
	r := postGantiPejabat(t, public, form, true)
	mustStatus(t, "wrong captcha", r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, `data-testid="error-captcha"`) || !strings.Contains(r.Body, `value="Sri Wahyuni"`) || !strings.Contains(r.Body, "Pilih ulang File KTP") {
		t.Error("the refused form lost the entries or said nothing of the files")
	}
	// An instansi without an active akun layanan.
	r = postGantiPejabat(t, public, gantiPejabatForm("kabupaten_kota", "kabupaten_kota", "32.04"), false)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "belum memiliki akun layanan yang aktif") {
		t.Errorf("no active akun: %d", r.Status)
	}
	if n := count(t, p, "SELECT count(*) FROM pejabat"); n != 1 {
		t.Fatalf("%d officials after refused forms", n)
	}
	if n := count(t, p, "SELECT count(*) FROM documents WHERE kind IN ('ktp', 'surat_tugas')"); n != 2 {
		t.Fatalf("%d identity documents stored by refused forms", n)
	}

	r = postGantiPejabat(t, public, form, false)
	mustStatus(t, "ganti pejabat", r, http.StatusSeeOther)
	if r.Location != "/ganti-pejabat/terkirim" {
		t.Errorf("redirect to %q", r.Location)
	}
	done := public.Get(r.Location)
	if !strings.Contains(done.Body, `data-testid="reference"`) {
		t.Error("no reference on the confirmation")
	}
	if n := count(t, p, "SELECT count(*) FROM pejabat WHERE akun_id = $1 AND state = 'menunggu_verifikasi' AND is_handover AND tanpa_pemegang", reg.AkunID); n != 1 {
		t.Fatal("the handover is not stored as started without the incumbent")
	}
	if subject, text := latestMail(t, p, reg.Email); subject != "Pengajuan Penggantian Pejabat Pemegang Akun Layanan Regsosek" || !strings.Contains(text, "Sri Wahyuni") {
		t.Errorf("the incumbent is not told: %q", subject)
	}
	if subject, _ := latestMail(t, p, "sri@bandung.go.id"); subject != "Penggantian Pejabat Pemegang Akun Layanan Regsosek" {
		t.Errorf("the successor's confirmation: %q", subject)
	}
	// The KTP is stored encrypted: its PNG signature appears nowhere in the segments.
	var plain bool
	if err := p.Store.Pool.QueryRow(context.Background(), `SELECT EXISTS (SELECT 1 FROM document_segments s JOIN documents d ON d.id = s.document_id
		WHERE d.kind = 'ktp' AND position(decode('89504e47', 'hex') IN s.data) > 0)`).Scan(&plain); err != nil || plain {
		t.Errorf("a KTP stored in clear (%v)", err)
	}
	// Nothing personal in the logs.
	for _, secret := range []string{"3273015508850003", "sri@bandung.go.id", "Sri Wahyuni", "6281311112222"} {
		if strings.Contains(p.Log.String(), secret) {
			t.Errorf("the log contains %q", secret)
		}
	}
	// A second handover for the same instansi waits for the first.
	r = postGantiPejabat(t, public, form, false)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "sudah diajukan dan sedang diverifikasi") {
		t.Errorf("a second handover: %d", r.Status)
	}
	// Per address: five an hour.
	if r := postGantiPejabat(t, public, form, false); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("fifth attempt: %d", r.Status)
	}
	if r := postGantiPejabat(t, public, form, false); r.Status != http.StatusTooManyRequests {
		t.Errorf("sixth attempt in an hour: %d", r.Status)
	}

	// The verifikator akun sees who did not file it, and approves as for a new account.
	verifier := staffLogin(t, p, p.CreateStaff(t, "verifikator.ganti", account.RoleVerifikatorAkun), time.Now())
	queue := verifier.Get("/petugas/verifikasi-akun")
	if !strings.Contains(queue.Body, "tanpa pemegang akun") {
		t.Error("the queue does not mark the handover")
	}
	if detail := verifier.Get("/petugas/verifikasi-akun/" + itoa64(pendingPejabatID(t, p))); !strings.Contains(detail.Body, "Diajukan dari halaman Masuk tanpa pejabat pemegang akun") {
		t.Error("the verifier is not told the incumbent did not file it")
	}
	path, code := approve(t, p, verifier, "sri@bandung.go.id")
	fresh := webtest.NewClient(t, p.URL)
	const pw = "Teh-Manis-Hangat-Sore-88"
	mustStatus(t, "activate", fresh.PostForm(path, webtest.Values("otp", code, "password", pw, "password_confirm", pw)), http.StatusSeeOther)
	if r := old.Get("/akun"); r.Status != http.StatusSeeOther {
		t.Errorf("the incumbent's session after the handover: %d", r.Status)
	}
	if r := webtest.NewClient(t, p.URL).PostForm("/masuk", webtest.Values("username", reg.Username, "password", servertest.RegistratorPassword)); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("the incumbent's password after the handover: %d", r.Status)
	}
	mustStatus(t, "new login", fresh.PostForm("/masuk", webtest.Values("username", "sri.bandung", "password", pw)), http.StatusSeeOther)
	if page := fresh.Get("/akun"); !strings.Contains(page.Body, "Sri Wahyuni") || !strings.Contains(page.Body, "Diganti") {
		t.Error("the akun page lacks the new official and the history")
	}
}

func itoa64(n int64) string { return fmt.Sprint(n) }
