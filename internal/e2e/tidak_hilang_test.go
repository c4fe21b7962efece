package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bappenas/portal-regsosek/internal/account"
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
	b.Fill("Ketik Judul Laporan Anda", "Permohonan belum diverifikasi")
	b.Fill("Ketik Isi Laporan Anda", "Permohonan hak akses kami sudah tiga bulan belum diverifikasi oleh petugas.")
	b.Fill("Ketik Nama Anda", "Budi Santoso")
	b.Fill("Ketik Instansi Anda", "Bappeda Kota Bandung")
	b.Fill("Email", "budi.pelapor@bandung.go.id")
	b.Upload("Upload Lampiran", big)
	b.Fill("Masukkan kode yang Anda lihat", devCaptcha(t, p, browsertest.Eval[string](b, `document.querySelector('img.captcha').dataset.captchaId`)))
	b.ClickText("Kirim Laporan")

	if title := browsertest.Eval[string](b, `document.title`); !strings.HasPrefix(title, "Kesalahan: ") {
		t.Errorf("title %q", title)
	}
	if msg := b.Text(`[data-testid="error-lampiran"]`); !strings.Contains(msg, "melebihi batas 10 MB") {
		t.Errorf("413 page does not say the limit: %q", msg)
	}
	for label, want := range map[string]string{"Ketik Nama Anda": "Budi Santoso", "Ketik Judul Laporan Anda": "Permohonan belum diverifikasi", "Email": "budi.pelapor@bandung.go.id"} {
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

// A wrong captcha on Pembuatan Akun keeps the KTP and Surat Tugas chosen (captcha.js checks the answer
// before the files are sent and shows a new image); the right answer then sends them.
func TestWrongCaptchaKeepsTheFilesChosen(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ktp := servertest.WriteFile(t, "ktp.png", servertest.PNG(t))
	suratTugas := servertest.WriteFile(t, "surat-tugas.pdf", servertest.PDF(t, "Surat Tugas Registrator"))
	b := browsertest.New(t, p.URL, 2*time.Minute)
	b.Open("/daftar")
	b.Check("Pemerintah Kabupaten/Kota")
	b.Select("Kabupaten/Kota", "Kota Bandung")
	b.ClickText("Lanjutkan")
	b.Fill("Unit Kerja", "Badan Perencanaan Pembangunan Daerah Kota Bandung")
	b.ClickText("Lanjutkan")
	b.Fill("Nama Lengkap", "Budi Santoso")
	b.Fill("Nomor Induk Kependudukan (NIK)", "3273012706670001")
	b.Fill("Email", "budi.santoso@bandung.go.id")
	b.Fill("Email Unit Kerja", "bappeda@bandung.go.id")
	b.Fill("No Handphone", "0812 3456 7890")
	b.ClickText("Lanjutkan")

	b.Fill("Username", "budi.bandung")
	b.Fill("Kata Sandi", "Kopi-Tubruk-Pagi-Hari-77")
	b.Fill("Ulangi Kata Sandi", "Kopi-Tubruk-Pagi-Hari-77")
	b.Upload("File KTP", ktp)
	b.Upload("Surat Tugas Registrator", suratTugas)
	b.Check("Saya memahami persyaratan dan ketentuan")
	b.Check("Data yang saya isi sudah benar")
	first := browsertest.Eval[string](b, `document.querySelector('img.captcha').dataset.captchaId`)
	right := devCaptcha(t, p, first)
	wrong := "0" + right[1:]
	if wrong == right {
		wrong = "1" + right[1:]
	}
	b.Fill("Masukkan kode yang Anda lihat", wrong)
	// Pressed as a person would; the page stays (the script checks the answer first), so no new page is awaited.
	b.Do(chromedp.Click(chromedp.CSS(`main button[value="lanjutkan"]`), chromedp.NodeVisible))
	// The answer is checked in place: a message, a new image, the files still chosen.
	if err := browsertest.Eval[string](b, `(async () => { for (let i = 0; i < 50; i++) { const e = document.getElementById('captcha-error'); if (e) return e.textContent; await new Promise(r => setTimeout(r, 100)); } return ''; })()`); !strings.Contains(err, "Kode tidak sesuai") {
		t.Fatalf("no captcha message after a wrong answer: %q", err)
	}
	second := browsertest.Eval[string](b, `document.querySelector('input[name="captcha_id"]').value`)
	if second == first || browsertest.Eval[string](b, `document.querySelector('img.captcha').dataset.captchaId`) != second {
		t.Error("the image was not replaced by a new challenge")
	}
	if n := browsertest.Eval[int](b, `document.getElementById('ktp').files.length + document.getElementById('surat_tugas').files.length`); n != 2 {
		t.Fatalf("%d of the 2 files still chosen after a wrong captcha", n)
	}
	var docs int
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT count(*) FROM documents").Scan(&docs); err != nil || docs != 0 {
		t.Errorf("%d documents stored before the captcha was right (%v)", docs, err)
	}
	b.Fill("Masukkan kode yang Anda lihat", devCaptcha(t, p, second))
	b.ClickText("Lanjutkan")
	if txt := b.Text("main"); !strings.Contains(txt, "PERHATIAN!") || !strings.Contains(txt, "ktp.png") {
		t.Fatalf("after the right answer: %q", txt)
	}
}

// On a phone a staff member holding many roles sees the page, not a screen of links: the navigation waits
// behind "Menu" (menu.js) and opens on a tap; on a wide screen it is all there, with no button.
func TestStaffMenuOnAPhone(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	staff := p.CreateStaff(t, "petugas.menu", account.AllRoles...)
	b := browsertest.New(t, p.URL, 2*time.Minute)
	b.Do(chromedp.EmulateViewport(390, 844))
	staffSignIn(t, b, staff)
	visible := func(css string) bool {
		return browsertest.Eval[bool](b, `(() => { const e = document.querySelector(`+strconv.Quote(css)+`); return !!e && e.offsetParent !== null })()`)
	}
	if !visible(".menu-toggle") || visible(".site-nav ul") {
		t.Fatalf("on a phone: menu button shown %v, links shown %v", visible(".menu-toggle"), visible(".site-nav ul"))
	}
	if top := browsertest.Eval[int](b, `Math.round(document.querySelector("main h1").getBoundingClientRect().top)`); top > 844 {
		t.Errorf("the page's heading starts %d px down a 844 px screen", top)
	}
	b.Screenshot("menu-tertutup-390")
	browsertest.Eval[bool](b, `(document.querySelector(".menu-toggle").click(), true)`) // opens in place: no new page
	if !visible(".site-nav ul") || browsertest.Eval[string](b, `document.querySelector(".menu-toggle").getAttribute("aria-expanded")`) != "true" {
		t.Fatal("the menu did not open")
	}
	b.Screenshot("menu-terbuka-390")
	b.ClickTextIn(".site-nav", "Verifikasi Teknis")
	if !strings.Contains(b.Text("main h1"), "Verifikasi Teknis") {
		t.Errorf("a link in the opened menu: %q", b.Text("main h1"))
	}
	b.Do(chromedp.EmulateViewport(1280, 900))
	b.Open("/petugas")
	if visible(".menu-toggle") || !visible(".site-nav ul") {
		t.Errorf("on a wide screen: menu button shown %v, links shown %v", visible(".menu-toggle"), visible(".site-nav ul"))
	}
}
