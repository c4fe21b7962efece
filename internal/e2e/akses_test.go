package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/browsertest"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

// The journey after the review (TestReviewJourney ends at the decision, with the BNBA row lowered to
// Mikro): PKS and NDA e-signed and uploaded → countersigned by the produsen data → access prepared by the
// operator sepakat, with accounts provisioned by the background jobs → the registrator sees "Pengguna Data
// Regsosek" and the credentials → the operator opens the emailed link and sees the username and password
// once; opening it again says the link has been used.
func TestAksesJourney(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	_, id := p.SubmitSample(t, reg, "32.73")
	p.Approve(t, id, time.Now(), time.Now().AddDate(0, 10, 0), "mikro")
	var reference string
	if err := p.Store.Pool.QueryRow(ctx, "SELECT reference FROM permohonan WHERE id = $1", id).Scan(&reference); err != nil {
		t.Fatal(err)
	}
	// The portal's river client working in the background, as `portal serve` runs it.
	p.JobRunner(t, time.Now, nil).Start(t)
	waitFor := func(what, query string, args ...any) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			var ok bool
			if err := p.Store.Pool.QueryRow(ctx, query, args...).Scan(&ok); err == nil && ok {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("waited in vain for %s", what)
	}
	waitFor("Tahap 4", "SELECT state = 'menunggu_pks_nda' FROM permohonan WHERE id = $1", id)

	// Tahap 4: the registrator uploads the e-signed PKS and NDA and sends them.
	b := browsertest.New(t, p.URL, 3*time.Minute)
	signIn(t, b, reg.Username, servertest.RegistratorPassword)
	b.ClickText("Lihat " + reference)
	b.ClickText("PKS dan NDA")
	if parties := b.Text("main"); !strings.Contains(parties, "Sekretaris Daerah Kota Bandung") || !strings.Contains(parties, "Direktur Penanggulangan Kemiskinan") {
		t.Errorf("the parties are not prefilled: %.500s", parties)
	}
	b.Upload("Unggah Perjanjian Kerja Sama (PKS) yang ditandatangani", servertest.WriteFile(t, "pks-ttd.pdf", servertest.SignedPDF(t, "PKS")))
	b.ClickTextIn(`[data-testid="perjanjian-pks"]`, "Unggah")
	if flash := b.Text(`[data-testid="flash"]`); !strings.Contains(flash, "Tanda tangan elektronik sah: Budi Santoso") {
		t.Errorf("upload flash: %q", flash)
	}
	b.Upload("Unggah Perjanjian Kerahasiaan (NDA) yang ditandatangani", servertest.WriteFile(t, "nda-ttd.pdf", servertest.SignedPDF(t, "NDA")))
	b.ClickTextIn(`[data-testid="perjanjian-nda"]`, "Unggah")
	b.Screenshot("akses-perjanjian")
	b.ClickText("Kirim PKS dan NDA")
	if st := b.Text(`[data-testid="status"]`); st != "PKS/NDA Diunggah" {
		t.Fatalf("status after sending: %q", st)
	}
	b.ClickText("Keluar")

	// The produsen data sees the signatures detected, uploads the countersigned copies and signs off.
	produsen := p.CreateStaff(t, "produsen.akses", account.RoleProdusenData)
	s := browsertest.New(t, p.URL, 3*time.Minute)
	staffSignIn(t, s, produsen)
	s.ClickText("PKS, NDA dan Akses")
	s.ClickText("Lihat " + reference)
	if ttd := s.Text(`[data-testid="agreements"]`); strings.Count(ttd, "Sah: tanda tangan elektronik terverifikasi") != 2 {
		t.Errorf("signature detection shown to staff: %q", ttd)
	}
	s.Upload("Unggah PKS bertanda tangan kedua pihak", servertest.WriteFile(t, "pks-lengkap.pdf", servertest.SignedPDF(t, "PKS lengkap")))
	s.ClickTextIn(`[data-testid="countersign-pks_ttd"]`, "Unggah")
	s.Upload("Unggah NDA bertanda tangan kedua pihak", servertest.WriteFile(t, "nda-lengkap.pdf", servertest.SignedPDF(t, "NDA lengkap")))
	s.ClickTextIn(`[data-testid="countersign-nda_ttd"]`, "Unggah")
	s.ClickText("Tandatangani dan Teruskan ke Penyiapan Akses")
	if st := s.Text(`[data-testid="status"]`); st != "Penyiapan Akses" {
		t.Fatalf("status after countersigning: %q", st)
	}
	s.ClickText("Keluar")

	// Tahap 5–6: the operator sepakat sets the PIC teknis of the Fasilitas row and prepares the accounts,
	// which the background jobs provision; then gives access.
	operator := p.CreateStaff(t, "operator.akses", account.RoleOperatorSepakat)
	staffSignIn(t, s, operator)
	s.ClickText("PKS, NDA dan Akses")
	s.ClickText("Lihat " + reference)
	var kesehatan int64
	if err := p.Store.Pool.QueryRow(ctx, "SELECT id FROM permohonan_rows WHERE permohonan_id = $1 AND pengguna = 'Dinas Kesehatan'", id).Scan(&kesehatan); err != nil {
		t.Fatal(err)
	}
	f := "fasilitas_" + strconv.FormatInt(kesehatan, 10)
	s.Fill("Nama Kontak PIC Teknis Dinas Kesehatan", "Rudi Hartono")
	s.Fill("No Handphone PIC Dinas Kesehatan", "0811-2345-6789")
	day := monday(time.Now().AddDate(0, 0, 14))
	setDate(s, f+"_mulai", day)
	setDate(s, f+"_selesai", day.AddDate(0, 0, 2))
	s.Fill("Tempat Dinas Kesehatan", "Lab Pusdatin, Gedung Bappenas, Jakarta")
	s.ClickText("Siapkan Akses")
	waitFor("the accounts", "SELECT count(*) = 2 FROM akses_akun WHERE permohonan_id = $1 AND state = 'aktif'", id)
	s.Open("/petugas/akses/" + strconv.FormatInt(id, 10))
	if st := strings.Join(browsertest.Eval[[]string](s, `[...document.querySelectorAll('[data-testid="account-status"]')].map(e => e.textContent)`), ","); st != "Aktif,Aktif" {
		t.Errorf("account statuses on the staff page: %q", st)
	}
	s.Screenshot("akses-penyiapan")
	s.ClickText("Berikan Akses")
	if flash := s.Text(`[data-testid="flash"]`); !strings.Contains(flash, "Pengguna Data Regsosek") {
		t.Fatalf("access not given: %q", flash)
	}

	// The registrator: "Pengguna Data Regsosek", and the credentials in "Informasi Akun Pengguna".
	signIn(t, b, reg.Username, servertest.RegistratorPassword)
	if st := b.Text(`[data-testid="status-instansi"]`); st != "Pengguna Data Regsosek" {
		t.Errorf("akun page status: %q", st)
	}
	b.ClickText("Lihat " + reference)
	if st := b.Text(`[data-testid="pengguna"]`); st != "Pengguna Data Regsosek" {
		t.Errorf("permohonan page status: %q", st)
	}
	if fas := b.Text(`[data-testid="fasilitas"]`); !strings.Contains(fas, "Rudi Hartono") || !strings.Contains(fas, "+6281123456789") {
		t.Errorf("PIC teknis: %q", fas)
	}
	b.ClickText("Lihat akun Dinas Sosial")
	if h := b.Text("h1"); h != "Detail Informasi Permohonan Operator" {
		t.Fatalf("page %q", h)
	}
	username := b.Text(`[data-testid="username"]`)
	if username != "dinassosial.3273" || b.Text(`[data-testid="hak-akses"]`) != "Mikro" {
		t.Errorf("account %q at %q", username, b.Text(`[data-testid="hak-akses"]`))
	}
	b.ClickText("Tampilkan Kata Sandi")
	password := b.Text(`[data-testid="password"]`)
	if len(password) != 20 {
		t.Fatalf("password shown: %d characters", len(password))
	}
	b.Screenshot("akses-informasi-akun")

	// The operator opens the emailed link: the credentials once, then "used".
	o := browsertest.New(t, p.URL, 3*time.Minute)
	o.Open("/dev/mailbox")
	link := browsertest.Eval[string](o, `(() => { const m = [...document.querySelectorAll('[data-testid="mail"]')]
		.find(m => m.querySelector('[data-testid="mail-to"]').textContent === 'operator004@daerah.go.id');
		const a = m && [...m.querySelectorAll('a')].find(a => a.href.includes('/akses-sepakat/'));
		return a ? new URL(a.href).pathname : ''; })()`)
	if link == "" {
		t.Fatal("no credentials email to the operator")
	}
	o.Open(link)
	o.ClickText("Tampilkan Nama Pengguna dan Kata Sandi")
	if u, pw := o.Text(`[data-testid="username"]`), o.Text(`[data-testid="password"]`); u != username || pw != password {
		t.Errorf("the link shows %q / a password that differs from the registrator's", u)
	}
	o.Screenshot("akses-tautan")
	o.Open(link)
	if msg := o.Text(`[data-testid="link-message"]`); !strings.Contains(msg, "Tautan ini sudah digunakan") {
		t.Errorf("the link opened again says %q", msg)
	}
	if body := o.Text("main"); strings.Contains(body, password) {
		t.Error("the used link still shows the password")
	}
}
