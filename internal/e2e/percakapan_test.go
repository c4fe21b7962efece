package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/browsertest"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

// The registrator asks a question in the permohonan's conversation with an attachment; a verifier finds it
// under Percakapan and answers; the registrator sees the unread count and the answer. After access
// is given the registrator fills in the Survei Kepuasan Masyarakat from Akun Saya; the public IKM page keeps a
// single answer unpublished. On a phone nothing overflows sideways.
func TestPercakapanAndSurveyJourney(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	now := time.Now()
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	teknis := p.CreateStaff(t, "teknis.percakapan", account.RoleVerifikatorTeknis)
	s := browsertest.New(t, p.URL, 3*time.Minute)
	staffSignIn(t, s, teknis)

	b := browsertest.New(t, p.URL, 3*time.Minute)
	signIn(t, b, reg.Username, servertest.RegistratorPassword)
	b.Open("/permohonan/" + strconv.FormatInt(id, 10))
	b.ClickText("Percakapan dengan Pengelola Data Regsosek")
	b.Fill("Pesan", "Apakah KAK perlu memuat rencana pemutakhiran data per desa?")
	b.Upload("Lampiran (tidak wajib)", servertest.WriteFile(t, "draf-kak.pdf", servertest.PDF(t, "Draf KAK")))
	b.ClickText("Kirim Pesan")
	if flash := b.Text(`[data-testid="flash"]`); flash != "Pesan terkirim." {
		t.Fatalf("flash %q", flash)
	}
	b.Screenshot("percakapan-pemohon")
	b.ClickText("Keluar")

	s.ClickText("Percakapan")
	if unread := s.Text(`[data-testid="belum-dibaca"]`); unread != "1 baru" {
		t.Errorf("unread %q", unread)
	}
	reference := p.Reference(t, id)
	s.ClickTextIn(`[data-testid="percakapan-daftar"]`, "Permohonan Hak Akses "+reference)
	if thread := s.Text(`[data-testid="percakapan"]`); !strings.Contains(thread, "rencana pemutakhiran data per desa") || !strings.Contains(thread, "draf-kak.pdf") {
		t.Errorf("staff thread %q", thread)
	}
	s.Fill("Pesan", "Ya, cantumkan pada bagian f KAK (data balikan dan pemutakhiran).")
	s.ClickText("Kirim Pesan")
	s.Screenshot("percakapan-petugas")

	signIn(t, b, reg.Username, servertest.RegistratorPassword)
	if box := b.Text(`[data-testid="pesan-belum-dibaca"]`); !strings.Contains(box, "1 pesan belum dibaca") {
		t.Errorf("akun page: %q", box)
	}
	b.ClickTextIn(`[data-testid="pesan-belum-dibaca"]`, "Permohonan Hak Akses: 1 pesan belum dibaca")
	if thread := b.Text(`[data-testid="percakapan"]`); !strings.Contains(thread, "Pengelola Data Regsosek") || !strings.Contains(thread, "bagian f KAK") ||
		strings.Contains(thread, "teknis.percakapan") {
		t.Errorf("registrator thread %q", thread)
	}
	b.Do(chromedp.EmulateViewport(390, 844))
	b.Screenshot("percakapan-390")
	if scroll, client := browsertest.Eval[int](b, `document.documentElement.scrollWidth`), browsertest.Eval[int](b, `document.documentElement.clientWidth`); scroll > client {
		t.Errorf("the thread is %d px wide on a %d px screen", scroll, client)
	}
	b.Do(chromedp.EmulateViewport(1280, 900))

	// Access given: the survey, from Akun Saya.
	p.Approve(t, id, now, now.AddDate(0, 10, 0))
	p.GiveAccess(t, c, id, p.JobRunner(t, time.Now, nil), now)
	b.Open("/akun")
	b.ClickTextIn(`[data-testid="undangan-survei"]`, "Isi survei: Permohonan Hak Akses Data Regsosek "+reference)
	for i, n := range []string{"4", "4", "3", "4", "3", "4", "4", "3", "3"} {
		b.Choose("u"+strconv.Itoa(i+1), n)
	}
	b.Fill("Saran atau komentar (tidak wajib)", "Proses cepat dan jelas.")
	b.Screenshot("survei-form")
	b.ClickText("Kirim Survei")
	if h := b.Text("h1"); h != "Terima kasih atas penilaian Anda" {
		t.Errorf("after the survey: %q", h)
	}
	b.Open("/survei-kepuasan")
	// One respondent is too few to publish: their answers would be readable from the figures.
	if msg := b.Text(`[data-testid="ikm-kosong"]`); !strings.Contains(msg, "belum cukup untuk diterbitkan") {
		t.Errorf("IKM of one respondent: %q", msg)
	}
	b.Screenshot("ikm")
}
