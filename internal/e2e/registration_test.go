package e2e

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/browsertest"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

// The whole akun layanan journey of pedoman §3.3.5 Tahap 1.1, steps 1–13, with real files: a registrator
// registers, a verifikator akun approves, the registrator activates by OTP and signs in.
func TestRegistrationJourney(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	staff := p.CreateStaff(t, "verifikator.satu", account.RoleVerifikatorAkun)
	ktp := servertest.WriteFile(t, "ktp.png", servertest.PNG(t))
	suratTugas := servertest.WriteFile(t, "surat-tugas.pdf", servertest.PDF(t, "Surat Tugas Registrator"))
	const (
		nik      = "3273012706670001"
		phone    = "0812 3456 7890"
		email    = "budi.santoso@bandung.go.id"
		password = "Kopi-Tubruk-Pagi-Hari-77"
	)

	b := browsertest.New(t, p.URL, 3*time.Minute)
	b.Open("/")
	b.ClickText("Permintaan Akses Regsosek")
	b.ClickText("Daftar")

	// 1. Tipe Pemohon.
	if h := b.Text("h1"); h != "Tipe Pemohon" {
		t.Fatalf("first step is %q", h)
	}
	b.Check("Pemerintah Kabupaten/Kota")
	b.Select("Kabupaten/Kota", "Kota Bandung")
	b.ClickText("Lanjutkan")

	// 2. Informasi Instansi: the instansi is prefilled from step 1.
	if got := b.Value("Instansi"); got != "Pemerintah Kota Bandung" {
		t.Errorf("Instansi prefilled as %q", got)
	}
	b.Fill("Unit Kerja", "Badan Perencanaan Pembangunan Daerah Kota Bandung")
	b.ClickText("Lanjutkan")

	// 3. Informasi Pemohon.
	b.Fill("Nama Lengkap", "Budi Santoso")
	b.Fill("Nomor Induk Kependudukan (NIK)", nik)
	b.Fill("Jabatan", "Kepala Subbidang Data")
	b.Fill("Email", email)
	b.Fill("Email Unit Kerja", "bappeda@bandung.go.id")
	b.Fill("No Handphone", phone)
	b.ClickText("Lanjutkan")

	// 4. Pembuatan Akun: choose files, then go "Kembali" once and find everything kept.
	if h := b.Text("h1"); h != "Pembuatan Akun" {
		t.Fatalf("step 4 is %q", h)
	}
	b.Fill("Username", "budi.bandung")
	b.Upload("File KTP", ktp)
	b.Upload("Surat Tugas Registrator", suratTugas)
	b.ClickText("Kembali")
	if got := b.Value("Nama Lengkap"); got != "Budi Santoso" {
		t.Errorf("after Kembali, Nama Lengkap = %q", got)
	}
	if got := b.Value("No Handphone"); got != "+6281234567890" {
		t.Errorf("after Kembali, No Handphone = %q (normalised to E.164)", got)
	}
	b.ClickText("Lanjutkan")
	if got := b.Value("Username"); got != "budi.bandung" {
		t.Errorf("after Kembali and Lanjutkan, Username = %q", got)
	}
	for _, f := range []string{"ktp", "surat_tugas"} {
		if txt := b.Text(`[data-testid="current-` + f + `"]`); !strings.Contains(txt, "Berkas tersimpan") {
			t.Errorf("uploaded %s not kept: %q", f, txt)
		}
	}
	b.Fill("Kata Sandi", password)
	b.Fill("Ulangi Kata Sandi", password)
	b.Fill("Masukan yang kamu lihat", devCaptcha(t, p, browsertest.Eval[string](b, `document.querySelector('img.captcha').dataset.captchaId`)))
	b.Check("Saya memahami persyaratan dan ketentuan")
	b.Check("Data yang saya isi sudah benar")
	b.Screenshot("daftar-langkah-4")
	b.ClickText("Lanjutkan")

	// The "PERHATIAN!" screen, then Simpan.
	if txt := b.Text("main"); !strings.Contains(txt, "PERHATIAN!") || !strings.Contains(txt, "Pemerintah Kota Bandung") {
		t.Fatalf("confirmation screen lacks PERHATIAN or the answers: %q", txt)
	}
	b.ClickText("Simpan")
	ref := b.Text(`[data-testid="reference"]`)
	if !regexp.MustCompile(`^AKUN-\d{4}-\d{6}$`).MatchString(ref) {
		t.Fatalf("reference %q", ref)
	}
	b.Screenshot("daftar-selesai")

	// 10. The email "Proses Pembukaan Akun Layanan Regsosek".
	b.Open("/dev/mailbox")
	if subj := b.Text(`[data-testid="mail-subject"]`); subj != "Proses Pembukaan Akun Layanan Regsosek" {
		t.Fatalf("newest mail is %q", subj)
	}

	// A verifikator akun signs in with password and TOTP and approves.
	b.Open("/masuk")
	b.Fill("Username", staff.Username)
	b.Fill("Kata Sandi", staff.Password)
	b.ClickText("Masuk")
	if h := b.Text("h1"); h != "Kode Autentikator" {
		t.Fatalf("after staff password: %q %q", h, b.Text("main"))
	}
	code, err := totp.GenerateCode(staff.TOTPSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b.Fill("Kode", code)
	b.ClickText("Masuk")
	b.ClickText("Verifikasi Akun")
	b.ClickText("Lihat " + ref)
	if txt := b.Text(`[data-testid="data-diri"]`); !strings.Contains(txt, nik) || !strings.Contains(txt, "Budi Santoso") {
		t.Errorf("verifier does not see the data diri: %q", txt)
	}
	if n := browsertest.Eval[int](b, `document.querySelectorAll('figure.doc-preview img').length`); n != 1 {
		t.Errorf("KTP image preview count %d", n)
	}
	// Each registrator criterion of §3.2.5, confirmed one by one.
	for _, k := range account.KriteriaRegistrator(account.KategoriKabKota) {
		b.Check(k.Label)
	}
	b.Screenshot("verifikasi-detail")
	b.ClickText("Setujui")
	b.ClickText("Keluar")

	// 11–12. The approval email: "Klik Disini" and the OTP code; "Kirim OTP".
	b.Open("/dev/mailbox")
	mailText := b.Text(`[data-testid="mail"]`)
	m := regexp.MustCompile(`Kode OTP: (\d{6})`).FindStringSubmatch(mailText)
	if m == nil {
		t.Fatalf("no OTP code in the approval email: %q", mailText)
	}
	link := browsertest.Eval[string](b, `document.querySelector('[data-testid="mail"] a[href*="/aktivasi/"]').getAttribute('href')`)
	b.Do(navigate(link))
	b.Fill("Kode OTP", m[1])
	b.ClickText("Kirim OTP")

	// 13. Masuk as the registrator and land on the akun page.
	b.Fill("Username", "budi.bandung")
	b.Fill("Kata Sandi", password)
	b.ClickText("Masuk")
	if got := b.Text(`[data-testid="instansi"]`); got != "Pemerintah Kota Bandung" {
		t.Errorf("akun page instansi = %q", got)
	}
	if got := b.Text(`[data-testid="registrator"]`); !strings.Contains(got, "Budi Santoso") {
		t.Errorf("akun page registrator = %q", got)
	}
	b.Screenshot("akun")

	// Nothing personal reached the server log.
	logs := p.Log.String()
	for _, secret := range []string{nik, "81234567890", "6281234567890", email, "bappeda@bandung.go.id", password,
		staff.Password, m[1], "Budi Santoso"} {
		if strings.Contains(logs, secret) {
			t.Errorf("server log contains personal data or a secret: %q", secret)
		}
	}
}

// devCaptcha asks the test-only route for a captcha's answer, as a person would read the picture.
func devCaptcha(t *testing.T, p *servertest.Portal, id string) string {
	t.Helper()
	resp, err := http.Get(p.URL + "/dev/captcha/" + id)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("dev captcha: %d", resp.StatusCode)
	}
	return string(b)
}
