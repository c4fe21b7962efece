package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bappenas/portal-regsosek/internal/browsertest"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

// Issue 15, not losing work: a link from an email followed while signed out lands on its page after sign-in.
func TestEmailLinkAfterSignIn(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")

	b := browsertest.New(t, p.URL, 2*time.Minute)
	signIn(t, b, reg.Username, servertest.RegistratorPassword)
	b.ClickText("Pengajuan Permintaan Hak Akses")
	ref := b.Text(`[data-testid="reference"]`)
	link := browsertest.Eval[string](b, `location.pathname`)
	b.ClickText("Keluar")

	// The email's link, followed in a signed-out browser: the sign-in page first, then the permohonan.
	b.Open(link + "?dari=surel")
	if path := browsertest.Eval[string](b, `location.pathname`); path != "/masuk" {
		t.Fatalf("signed out: at %s", path)
	}
	b.Fill("Username", reg.Username)
	b.Fill("Kata Sandi", servertest.RegistratorPassword)
	b.ClickText("Masuk")
	if path := browsertest.Eval[string](b, `location.pathname`); path != link {
		t.Errorf("after sign-in at %s, want %s", path, link)
	}
	if !strings.Contains(b.Text("main"), ref) {
		t.Errorf("the page asked for does not show %s", ref)
	}
}

// An attachment over the limit answers the 413 page that says the limit, with every other entry kept; the
// page fits a 390 px phone.
func TestOverLimitUploadKeepsTheForm(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	big := filepath.Join(t.TempDir(), "bukti-besar.pdf")
	if err := os.WriteFile(big, append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 11<<20)...), 0o600); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t, p.URL, 2*time.Minute)
	b.Do(chromedp.EmulateViewport(390, 844))
	b.Open("/pengaduan")
	b.Fill("Judul Laporan", "Permohonan belum diverifikasi")
	b.Fill("Isi Laporan", "Permohonan hak akses kami sudah tiga bulan belum diverifikasi oleh petugas.")
	b.Fill("Nama", "Budi Santoso")
	b.Fill("Instansi", "Bappeda Kota Bandung")
	b.Fill("Email", "budi.pelapor@bandung.go.id")
	b.Upload("Lampiran", big)
	b.Fill("Masukkan kode yang Anda lihat", devCaptcha(t, p, browsertest.Eval[string](b, `document.querySelector('img.captcha').dataset.captchaId`)))
	b.ClickText("Kirim Laporan")

	if title := browsertest.Eval[string](b, `document.title`); !strings.HasPrefix(title, "Kesalahan: ") {
		t.Errorf("title %q", title)
	}
	if msg := b.Text(`[data-testid="error-lampiran"]`); !strings.Contains(msg, "melebihi batas 10 MB") {
		t.Errorf("413 page does not say the limit: %q", msg)
	}
	for label, want := range map[string]string{"Nama": "Budi Santoso", "Judul Laporan": "Permohonan belum diverifikasi", "Email": "budi.pelapor@bandung.go.id"} {
		if got := b.Value(label); got != want {
			t.Errorf("%s after 413: %q", label, got)
		}
	}
	b.Screenshot("413-390")
	if scroll, client := browsertest.Eval[int](b, `document.documentElement.scrollWidth`), browsertest.Eval[int](b, `document.documentElement.clientWidth`); scroll > client {
		t.Errorf("413 page is %d px wide on a %d px screen", scroll, client)
	}
}

// A form sent after half an hour idle comes back on the "Sesi Anda telah berakhir" page with what was typed,
// readable on a 390 px phone.
func TestIdlePageKeepsTheFormOnAPhone(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Now())
	p := servertest.NewWithSessionClock(t, clock)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")

	b := browsertest.New(t, p.URL, 2*time.Minute)
	b.Do(chromedp.EmulateViewport(390, 844))
	signIn(t, b, reg.Username, servertest.RegistratorPassword)
	b.ClickText("Pengajuan Permintaan Hak Akses")
	b.ClickText("Cakupan dan Narahubung")
	b.Fill("Nama", "Siti Aminah Penelusuran")
	clock.Advance(31 * time.Minute)
	b.ClickText("Simpan")
	main := b.Text("main")
	typed := browsertest.Eval[[]string](b, `[...document.querySelectorAll('.sesi-isian textarea')].map(t => t.value)`)
	if !strings.Contains(main, "Sesi Anda telah berakhir") || !strings.Contains(main, "Narahubung nama") || !strings.Contains(strings.Join(typed, "|"), "Siti Aminah Penelusuran") {
		t.Errorf("the idle page: %s / %q", main, typed)
	}
	b.Screenshot("sesi-berakhir-390")
	if scroll, client := browsertest.Eval[int](b, `document.documentElement.scrollWidth`), browsertest.Eval[int](b, `document.documentElement.clientWidth`); scroll > client {
		t.Errorf("the idle page is %d px wide on a %d px screen", scroll, client)
	}
}
