package e2e

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/browsertest"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

// The review journey of Tahap 2–3 in the browser: returned with a note on one document, fixed and
// resubmitted, verified with the diff in view, a rekomendasi asked and answered, forwarded, and decided
// with the BNBA row lowered to Mikro; the registrator sees each row's decision and the email.
func TestReviewJourney(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	_, id := p.SubmitSample(t, reg, "32.73")
	ref := "/petugas/permohonan/" + strconv.FormatInt(id, 10)
	teknisStaff := p.CreateStaff(t, "verif.teknis", account.RoleVerifikatorTeknis)
	substansi := p.CreateStaff(t, "verif.substansi", account.RoleVerifikatorSubstansi)
	direktur := p.CreateStaff(t, "direktur.pkpm", account.RoleDirekturPengampu)
	produsen := p.CreateStaff(t, "produsen.data", account.RoleProdusenData)

	// The technical verifier keeps a browser of their own: the resubmission comes back to them.
	v := browsertest.New(t, p.URL, 3*time.Minute)
	staffSignIn(t, v, teknisStaff)
	v.ClickText("Verifikasi Teknis")
	reference := v.Text(`[data-testid="queue"] tbody td`)
	v.ClickText("Lihat " + reference)
	v.ClickText("Ambil")
	if n := browsertest.Eval[int](v, `document.querySelectorAll('iframe.doc-frame').length`); n < 4 {
		t.Errorf("documents are not opened in place: %d frames", n)
	}
	v.ChooseAll("", "sesuai")
	v.Choose("dokumen_kak", "belum_sesuai")
	v.Fill("Catatan untuk pemohon: KAK Pemanfaatan Data Regsosek", "KAK belum ditandatangani kepala daerah.")
	v.Screenshot("review-teknis")
	v.ClickText("Data Belum Sesuai")

	// The registrator sees the note beside the KAK, replaces it and resubmits.
	b := browsertest.New(t, p.URL, 3*time.Minute)
	signIn(t, b, reg.Username, servertest.RegistratorPassword)
	b.ClickText("Lihat " + reference)
	if note := b.Text(`[data-testid="note"]`); !strings.Contains(note, "KAK belum ditandatangani") {
		t.Fatalf("note beside the document: %q", note)
	}
	b.ClickText("Dokumen")
	if n := browsertest.Eval[int](b, `document.querySelectorAll('input[type=file]').length`); n != 1 {
		t.Errorf("%d upload fields in revision; only the marked document may change", n)
	}
	b.Upload("Unggah KAK Pemanfaatan Data Regsosek", servertest.WriteFile(t, "kak-ttd.pdf", servertest.PDF(t, "KAK bertanda tangan")))
	b.ClickTextIn(`[data-testid="doc-kak"]`, "Unggah")
	b.ClickText("Lanjutkan")
	b.ClickText("Periksa dan Ajukan")
	b.ClickText("Ajukan")
	if st := b.Text(`[data-testid="status"]`); st != "Diajukan" {
		t.Fatalf("status after resubmission: %q", st)
	}

	// Back to the same verifier, who sees what changed and verifies.
	v.Open(ref)
	if diff := v.Text(`[data-testid="diff"]`); !strings.Contains(diff, "KAK Pemanfaatan Data Regsosek") {
		t.Errorf("diff: %q", diff)
	}
	v.ChooseAll("", "sesuai")
	v.ClickText("Terverifikasi")

	// Substansi asks the direktur pengampu. Each staff member signs in once: a TOTP code is single use,
	// so a second sign-in within the same 30 seconds would be refused.
	s := browsertest.New(t, p.URL, 3*time.Minute)
	staffSignIn(t, s, substansi)
	s.ClickText("Verifikasi Substansi")
	s.ClickText("Lihat " + reference)
	s.ClickText("Ambil")
	s.Select("Direktur pengampu", "Petugas direktur.pkpm")
	s.Fill("Pertanyaan untuk direktur pengampu", "Apakah Dinas Sosial memerlukan data BNBA untuk program ini?")
	s.ClickText("Minta Rekomendasi")
	b.ClickText("Keluar")

	staffSignIn(t, b, direktur)
	b.ClickText("Rekomendasi")
	b.Fill("Rekomendasi untuk "+reference, "Cukup data mikro; BNBA tidak diperlukan.")
	b.ClickText("Kirim Rekomendasi")
	b.ClickText("Keluar")

	s.Open(ref)
	if rk := s.Text(`[data-testid="rekomendasi"]`); !strings.Contains(rk, "Cukup data mikro") {
		t.Errorf("rekomendasi not attached: %q", rk)
	}
	s.ChooseAll("", "sesuai")
	s.ClickText("Teruskan ke Keputusan")

	// Produsen data: approves two rows as asked and lowers the BNBA row to Mikro.
	staffSignIn(t, b, produsen)
	b.ClickText("Keputusan")
	b.ClickText("Lihat " + reference)
	b.ClickText("Ambil")
	b.ChooseAll("baris_", "setuju")
	b.Select("Jenis data disetujui untuk Dinas Sosial", "Mikro")
	b.Fill("Alasan untuk Dinas Sosial", "Sesuai rekomendasi direktur: cukup data mikro.")
	b.Screenshot("review-keputusan")
	b.ClickText("Simpan Keputusan")
	if flash := b.Text(`[data-testid="flash"]`); !strings.Contains(flash, "Keputusan atas") {
		t.Fatalf("decision not saved: %q", flash)
	}
	b.ClickText("Keluar")

	// The registrator sees each row's decision, and the email.
	signIn(t, b, reg.Username, servertest.RegistratorPassword)
	b.ClickText("Lihat " + reference)
	decisions := strings.Join(browsertest.Eval[[]string](b, `[...document.querySelectorAll('[data-testid="row-decision"]')].map(e => e.textContent)`), "|")
	for _, want := range []string{"Disetujui: Mikro (diminta BNBA", "Disetujui: Mikro", "Disetujui: Agregat Terpilah"} {
		if !strings.Contains(decisions, want) {
			t.Errorf("row decisions %q lack %q", decisions, want)
		}
	}
	b.Screenshot("review-registrator")
	b.Open("/dev/mailbox")
	subjects := strings.Join(browsertest.Eval[[]string](b, `[...document.querySelectorAll('[data-testid="mail-subject"]')].map(e => e.textContent)`), "|")
	if !regexp.MustCompile(`Hak Akses Disetujui.*Data Belum Sesuai`).MatchString(subjects) {
		t.Errorf("mailbox subjects: %q", subjects)
	}
}
