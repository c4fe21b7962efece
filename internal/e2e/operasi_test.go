package e2e

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/browsertest"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// Ganti Kata Sandi from Akun Saya in Chromium (issue 14 item 5), on a desktop and on a phone: a wrong current
// password is shown beside its field with the summary linking to it; the right one changes the password, this
// browser stays signed in, and another browser of the same person is signed out at its next page.
func TestPasswordChangeJourney(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	other := browsertest.New(t, p.URL, 3*time.Minute)
	signIn(t, other, reg.Username, servertest.RegistratorPassword)
	b := browsertest.New(t, p.URL, 3*time.Minute)
	b.Do(chromedp.EmulateViewport(390, 844))
	signIn(t, b, reg.Username, servertest.RegistratorPassword)
	b.Open("/akun")
	b.ClickText("Ganti Kata Sandi")
	b.Fill("Kata Sandi Saat Ini", "bukan-kata-sandinya")
	b.Fill("Kata Sandi Baru", "Kopi-Tubruk-Sore-Hari-77")
	b.Fill("Ulangi Kata Sandi", "Kopi-Tubruk-Sore-Hari-77")
	b.ClickText("Simpan")
	if summary := b.Text(`[data-testid="error-summary"]`); !strings.Contains(summary, "Kata sandi saat ini salah") {
		t.Fatalf("error summary %q", summary)
	}
	if href := browsertest.Eval[string](b, `document.querySelector('[data-testid="error-summary"] a').getAttribute('href')`); href != "#password_lama" {
		t.Errorf("the summary links to %q, want the current password's field", href)
	}
	if described := browsertest.Eval[string](b, `document.getElementById('password_lama').getAttribute('aria-describedby') || ''`); described == "" {
		t.Error("the field is not described by its message")
	}
	b.Screenshot("ganti-kata-sandi-salah-390")

	b.Fill("Kata Sandi Saat Ini", servertest.RegistratorPassword)
	b.Fill("Kata Sandi Baru", "Kopi-Tubruk-Sore-Hari-77")
	b.Fill("Ulangi Kata Sandi", "Kopi-Tubruk-Sore-Hari-77")
	b.ClickText("Simpan")
	if path := browsertest.Eval[string](b, `location.pathname`); path != "/akun" {
		t.Fatalf("after the change the browser is at %s", path)
	}
	if flash := b.Text(`[data-testid="flash"]`); flash == "" {
		t.Error("no message after the change")
	}
	b.Screenshot("ganti-kata-sandi-berhasil-390")

	other.Do(chromedp.EmulateViewport(1280, 900))
	other.Open("/akun/kata-sandi")
	other.Screenshot("ganti-kata-sandi-sesi-lain-1280")
	if path := browsertest.Eval[string](other, `location.pathname`); path != "/masuk" {
		t.Errorf("the other browser still reaches %s after the change", path)
	}
	signIn(t, other, reg.Username, "Kopi-Tubruk-Sore-Hari-77")
	if path := browsertest.Eval[string](other, `location.pathname`); path == "/masuk" {
		t.Error("the new password does not sign in")
	}
}

// The admin's Operasi page in Chromium (issue 14 item 9): a failed email is listed by its subject and error,
// never its body, and "Kirim Ulang" puts it back for delivery.
func TestOperasiJourney(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ctx := context.Background()
	if err := pgx.BeginFunc(ctx, p.Store.Pool, func(tx pgx.Tx) error {
		return p.Store.EnqueueMail(ctx, tx, "budi@example.go.id", "Akun Portal Regsosek Aktif", "isi-rahasia", "<p>isi-rahasia</p>")
	}); err != nil {
		t.Fatal(err)
	}
	var mailID int64
	if err := p.Store.Pool.QueryRow(ctx, "SELECT id FROM outbox").Scan(&mailID); err != nil {
		t.Fatal(err)
	}
	if err := p.Store.RecordDelivery(ctx, store.Delivery{MailID: mailID, Attempt: 10, Err: errors.New("550 5.1.1 kotak surat tidak ada"),
		Final: true, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Store.Pool.Exec(ctx, "UPDATE river_job SET state = 'discarded', finalized_at = now(), attempt = 10 WHERE kind = 'kirim_surel'"); err != nil {
		t.Fatal(err)
	}
	for _, width := range []int64{1280, 390} {
		b := browsertest.New(t, p.URL, 3*time.Minute)
		b.Do(chromedp.EmulateViewport(width, 900))
		staffSignIn(t, b, p.CreateStaff(t, "admin.operasi."+map[int64]string{1280: "meja", 390: "ponsel"}[width], account.RoleAdmin))
		b.Open("/petugas/operasi")
		table := b.Text(`[data-testid="operasi-surel"]`)
		if !strings.Contains(table, "Akun Portal Regsosek Aktif") || !strings.Contains(table, "550 5.1.1 kotak surat tidak ada") {
			t.Errorf("failed emails at %d px: %q", width, table)
		}
		if strings.Contains(browsertest.Eval[string](b, `document.body.innerHTML`), "isi-rahasia") {
			t.Error("the page shows the email's body")
		}
		if overflow := browsertest.Eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth`); overflow {
			t.Errorf("the page is wider than the screen at %d px", width)
		}
		b.Screenshot("operasi-" + map[int64]string{1280: "1280", 390: "390"}[width])
		if width == 390 {
			b.ClickText("Kirim Ulang surel " + strconv.FormatInt(mailID, 10))
			if flash := b.Text(`[data-testid="flash"]`); !strings.Contains(flash, "dikirim ulang") {
				t.Errorf("flash after Kirim Ulang %q", flash)
			}
		}
	}
	var state string
	if err := p.Store.Pool.QueryRow(ctx, "SELECT state FROM outbox WHERE id = $1", mailID).Scan(&state); err != nil {
		t.Fatal(err)
	}
	if state != "pending" {
		t.Errorf("the email is %s after Kirim Ulang, want pending", state)
	}
}
