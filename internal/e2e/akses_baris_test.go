package e2e

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/browsertest"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// Access over time in Chromium (issue 13). On an active permohonan with three Sepakat rows the registrator
// replaces one operator with a new SK; after the verifikator teknis' approval Sepakat shows the old account
// revoked and a new one for the new operator (same tier, wilayah and end), whose emailed link reveals the
// credentials once; the other two rows are untouched. Then the produsen data revokes one other row alone and
// extends the third.
func TestPenggantianOperatorJourney(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ctx := context.Background()
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitThreeSepakat(t, reg, "32.73")
	end := time.Now().AddDate(0, 6, 0)
	p.Approve(t, id, time.Now(), end)
	runner := p.JobRunner(t, time.Now, nil)
	p.GiveAccess(t, c, id, runner, time.Now())
	registry := &store.SepakatRegistry{Store: p.Store, Now: time.Now}
	var reference string
	if err := p.Store.Pool.QueryRow(ctx, "SELECT reference FROM permohonan WHERE id = $1", id).Scan(&reference); err != nil {
		t.Fatal(err)
	}
	type sepakatRow struct {
		state, wilayah, until string
		tingkat               int
	}
	registryRow := func(username string) sepakatRow {
		t.Helper()
		var r sepakatRow
		if err := p.Store.Pool.QueryRow(ctx, "SELECT state, wilayah, tingkat, berlaku_sampai::text FROM sepakat_registry WHERE username = $1", username).
			Scan(&r.state, &r.wilayah, &r.tingkat, &r.until); err != nil {
			t.Fatalf("Sepakat has no %s: %v", username, err)
		}
		return r
	}
	before := map[string]sepakatRow{}
	for _, u := range []string{"dinassosial.3273", "dinaspendidikan.3273", "dinaskesehatan.3273"} {
		before[u] = registryRow(u)
	}
	sk := servertest.WriteFile(t, "sk-operator-baru.pdf", servertest.PDF(t, "SK Penetapan Operator Dinas Sosial 2026"))

	// The registrator: each row's own state and end, then "Ajukan Penggantian Operator".
	b := browsertest.New(t, p.URL, 4*time.Minute)
	signIn(t, b, reg.Username, servertest.RegistratorPassword)
	b.ClickText("Lihat " + reference)
	if st := strings.Join(browsertest.Eval[[]string](b, `[...document.querySelectorAll('[data-testid="row-status"]')].map(e => e.textContent)`), ","); st != "Aktif,Aktif,Aktif" {
		t.Fatalf("row states %q", st)
	}
	b.ClickText("Ajukan Penggantian Operator")
	var sosialRow int64
	if err := p.Store.Pool.QueryRow(ctx, "SELECT id FROM permohonan_rows WHERE permohonan_id = $1 AND pengguna = 'Dinas Sosial'", id).Scan(&sosialRow); err != nil {
		t.Fatal(err)
	}
	b.Choose("baris", strconv.FormatInt(sosialRow, 10))
	b.Fill("Nama", "Budi Santoso")
	b.Fill("Jabatan", "Pranata Komputer Ahli Muda")
	b.Fill("NIP/NIK", "19850505 201001 1 007")
	b.Fill("Email", "budi.santoso@daerah.go.id")
	b.Fill("No Handphone", "0812-9876-5432")
	b.Upload("SK Penetapan Operator Pengelola Akun Sepakat yang baru", sk)
	b.Screenshot("ganti-operator-form")
	b.ClickText("Ajukan Penggantian")
	if flash := b.Text(`[data-testid="flash"]`); !strings.Contains(flash, "Penggantian operator diajukan") {
		t.Fatalf("flash %q", flash)
	}
	if st := b.Text(`[data-testid="ganti-status"]`); st != "Menunggu verifikasi" {
		t.Errorf("request status %q", st)
	}

	// The verifikator teknis judges the new SK: Sesuai.
	s := browsertest.New(t, p.URL, 4*time.Minute)
	staffSignIn(t, s, p.CreateStaff(t, "teknis.journey", account.RoleVerifikatorTeknis))
	s.ClickText("Penggantian Operator")
	s.Open(regexp.MustCompile(`/petugas/penggantian-operator/\d+`).FindString(browsertest.Eval[string](s, `document.querySelector('[data-testid="ganti-list"] a').getAttribute('href')`)))
	if txt := s.Text(`[data-testid="operator-baru"]`); !strings.Contains(txt, "Budi Santoso") || !strings.Contains(txt, "198505052010011007") {
		t.Errorf("the new operator on the review page: %q", txt)
	}
	s.Choose("hasil", "sesuai")
	s.Screenshot("ganti-operator-verifikasi")
	s.ClickText("Simpan Hasil Verifikasi")
	if st := s.Text(`[data-testid="status"]`); !strings.HasPrefix(st, "Disetujui") {
		t.Fatalf("status after Sesuai %q", st)
	}
	// The background work: close the old account, then create the new one. The second job is chained by the
	// first at the wall clock, after the moment a run works to, so it takes a second run.
	servertest.RunJobs(t, runner)
	servertest.RunJobs(t, runner)

	// Sepakat: the old account revoked, a new one for the new operator with the same tier, wilayah and end.
	old, baru := registryRow("dinassosial.3273"), registryRow("dinassosial.3273.2")
	if old.state != "dicabut" || baru.state != "aktif" {
		t.Errorf("Sepakat: old %s, new %s", old.state, baru.state)
	}
	if baru.wilayah != old.wilayah || baru.tingkat != old.tingkat || baru.until != old.until {
		t.Errorf("the new account %+v differs from the old %+v", baru, old)
	}
	for _, u := range []string{"dinaspendidikan.3273", "dinaskesehatan.3273"} {
		if got := registryRow(u); got != before[u] {
			t.Errorf("%s changed: %+v → %+v", u, before[u], got)
		}
	}

	// The new operator opens the emailed link: the credentials once.
	o := browsertest.New(t, p.URL, 3*time.Minute)
	o.Open("/dev/mailbox")
	link := browsertest.Eval[string](o, `(() => { const m = [...document.querySelectorAll('[data-testid="mail"]')]
		.find(m => m.querySelector('[data-testid="mail-to"]').textContent === 'budi.santoso@daerah.go.id' && m.querySelector('a[href*="/akses-sepakat/"]'));
		return m ? new URL(m.querySelector('a[href*="/akses-sepakat/"]').href).pathname : ''; })()`)
	if link == "" {
		t.Fatal("no credentials email to the new operator")
	}
	o.Open(link)
	o.ClickText("Tampilkan Nama Pengguna dan Kata Sandi")
	username, password := o.Text(`[data-testid="username"]`), o.Text(`[data-testid="password"]`)
	if username != "dinassosial.3273.2" {
		t.Errorf("username %q", username)
	}
	if ok, _ := registry.SepakatLogin(ctx, username, password); !ok {
		t.Error("the password shown does not open Sepakat")
	}
	o.Screenshot("ganti-operator-tautan")
	o.Open(link)
	if msg := o.Text(`[data-testid="link-message"]`); !strings.Contains(msg, "Tautan ini sudah digunakan") {
		t.Errorf("the link opened again: %q", msg)
	}

	// The produsen data revokes Dinas Pendidikan alone and extends Dinas Kesehatan.
	s.ClickText("Keluar")
	staffSignIn(t, s, p.CreateStaff(t, "produsen.journey", account.RoleProdusenData))
	s.Open("/petugas/akses/" + strconv.FormatInt(id, 10))
	s.Fill("Alasan pencabutan Dinas Pendidikan", "Program Dinas Pendidikan yang memerlukan data ini telah selesai.")
	s.ClickTextIn(`[data-testid="baris-dinaspendidikan.3273"]`, "Cabut Baris Ini")
	var kesehatan int64
	if err := p.Store.Pool.QueryRow(ctx, "SELECT id FROM akses_akun WHERE username = 'dinaskesehatan.3273'").Scan(&kesehatan); err != nil {
		t.Fatal(err)
	}
	longer := end.AddDate(0, 2, 0)
	setDate(s, "sampai_"+strconv.FormatInt(kesehatan, 10), longer)
	s.ClickTextIn(`[data-testid="baris-dinaskesehatan.3273"]`, "Perpanjang Baris Ini")
	if flash := s.Text(`[data-testid="flash"]`); !strings.Contains(flash, "diperpanjang") {
		t.Fatalf("extension flash %q", flash)
	}
	s.Screenshot("akses-per-baris")
	servertest.RunJobs(t, runner)
	if got := registryRow("dinaspendidikan.3273"); got.state != "dicabut" {
		t.Errorf("Dinas Pendidikan in Sepakat: %s", got.state)
	}
	if got := registryRow("dinaskesehatan.3273"); got.state != "aktif" || got.until != longer.Format(time.DateOnly) {
		t.Errorf("Dinas Kesehatan in Sepakat: %+v", got)
	}
	if got := registryRow("dinassosial.3273.2"); got.state != "aktif" || got.until != old.until {
		t.Errorf("the new Dinas Sosial account moved: %+v", got)
	}

	// The registrator sees each row's own state and end.
	b.Open("/permohonan/" + strconv.FormatInt(id, 10))
	if st := strings.Join(browsertest.Eval[[]string](b, `[...document.querySelectorAll('[data-testid="row-status"]')].map(e => e.textContent)`), ","); st != "Aktif,Dicabut,Aktif" {
		t.Errorf("row states %q", st)
	}
	if ends := browsertest.Eval[[]string](b, `[...document.querySelectorAll('[data-testid="row-sampai"]')].map(e => e.textContent)`); len(ends) != 3 || ends[0] == ends[2] {
		t.Errorf("row ends %v: the extended row keeps its own", ends)
	}
	b.Screenshot("akses-per-baris-registrator")
}

// "Ganti Pejabat Pemegang Akun" in Chromium: a new official starts the handover from the Masuk page while the
// official in force never signs in; after the verifikator akun's approval and the OTP activation the new
// official signs in and sees the permohonan history, and the old password fails.
func TestGantiPejabatJourney(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	_, id := p.SubmitSample(t, reg, "32.73")
	var reference string
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT reference FROM permohonan WHERE id = $1", id).Scan(&reference); err != nil {
		t.Fatal(err)
	}
	ktp := servertest.WriteFile(t, "ktp-baru.png", servertest.PNG(t))
	suratTugas := servertest.WriteFile(t, "surat-tugas-baru.pdf", servertest.PDF(t, "Surat Tugas Registrator 2026"))
	const password = "Teh-Manis-Hangat-Sore-88"

	b := browsertest.New(t, p.URL, 4*time.Minute)
	b.Open("/masuk")
	b.ClickText("Ganti Pejabat Pemegang Akun")
	b.Check("Pemerintah Kabupaten/Kota")
	b.Select("Kabupaten/Kota", "Kota Bandung")
	b.Fill("Instansi", "Pemerintah Kota Bandung")
	b.Fill("Unit Kerja", "Badan Perencanaan Pembangunan Daerah Kota Bandung")
	b.Fill("Nama Lengkap", "Sri Wahyuni")
	b.Fill("Nomor Induk Kependudukan (NIK)", "3273015508850003")
	b.Fill("Jabatan", "Kepala Subbidang Data")
	b.Fill("Email", "sri.wahyuni@bandung.go.id")
	b.Fill("Email Unit Kerja", "bappeda@bandung.go.id")
	b.Fill("No Handphone", "0813 1111 2222")
	b.Fill("Username", "sri.bandung")
	b.Upload("File KTP", ktp)
	b.Upload("Surat Tugas Registrator", suratTugas)
	b.Fill("Masukan yang kamu lihat", devCaptcha(t, p, browsertest.Eval[string](b, `document.querySelector('img.captcha').dataset.captchaId`)))
	b.Check("Data yang saya isi sudah benar dan saya adalah pejabat yang ditugaskan dalam Surat Tugas tersebut.")
	b.Screenshot("ganti-pejabat-form")
	b.ClickText("Ajukan Penggantian")
	if !strings.HasPrefix(b.Text(`[data-testid="reference"]`), "AKUN-") {
		t.Fatal("no confirmation")
	}
	if strings.Contains(browsertest.Eval[string](b, `location.href`), "sri") {
		t.Error("personal data in the URL")
	}
	b.Screenshot("ganti-pejabat-terkirim")

	// The incumbent is told by email; they never sign in.
	b.Open("/dev/mailbox")
	incumbent := browsertest.Eval[string](b, `[...document.querySelectorAll('[data-testid="mail"]')].filter(m => m.querySelector('[data-testid="mail-to"]').textContent === `+
		strconv.Quote(reg.Email)+`).map(m => m.querySelector('[data-testid="mail-subject"]').textContent).join('|')`)
	if !strings.Contains(incumbent, "Pengajuan Penggantian Pejabat Pemegang Akun Layanan Regsosek") {
		t.Errorf("the incumbent's mail: %q", incumbent)
	}

	// The verifikator akun approves as for a new account.
	v := browsertest.New(t, p.URL, 3*time.Minute)
	staffSignIn(t, v, p.CreateStaff(t, "verifikator.ganti", account.RoleVerifikatorAkun))
	v.ClickText("Verifikasi Akun")
	if q := v.Text(`[data-testid="queue"]`); !strings.Contains(q, "tanpa pemegang akun") {
		t.Errorf("queue %q", q)
	}
	v.Open(browsertest.Eval[string](v, `document.querySelector('[data-testid="queue"] a').getAttribute('href')`))
	if main := v.Text("main"); !strings.Contains(main, "tanpa pejabat pemegang akun") {
		t.Error("the verifier is not told")
	}
	for _, k := range account.KriteriaRegistrator(account.KategoriKabKota) {
		v.Check(k.Label)
	}
	v.ClickText("Setujui")

	// OTP activation with the new official's own password.
	b.Open("/dev/mailbox")
	const approval = `[...document.querySelectorAll('[data-testid="mail"]')].find(m => m.querySelector('[data-testid="mail-to"]').textContent === 'sri.wahyuni@bandung.go.id' && m.querySelector('a[href*="/aktivasi/"]'))`
	mailText := browsertest.Eval[string](b, approval+`.innerText`)
	m := regexp.MustCompile(`Kode OTP: (\d{6})`).FindStringSubmatch(mailText)
	if m == nil {
		t.Fatalf("no OTP in %q", mailText)
	}
	link := browsertest.Eval[string](b, `new URL(`+approval+`.querySelector('a[href*="/aktivasi/"]').href).pathname`)
	b.Open(link)
	b.Fill("Kode OTP", m[1])
	b.Fill("Kata Sandi", password)
	b.Fill("Ulangi Kata Sandi", password)
	b.ClickText("Kirim OTP")

	// The new official signs in and sees the permohonan history; the old password fails.
	signIn(t, b, "sri.bandung", password)
	if got := b.Text(`[data-testid="registrator"]`); !strings.Contains(got, "Sri Wahyuni") {
		t.Errorf("akun page registrator %q", got)
	}
	b.ClickText("Lihat " + reference)
	if tl := b.Text(`[data-testid="timeline"]`); !strings.Contains(tl, "Permohonan diajukan") {
		t.Errorf("the permohonan history is not there: %q", tl)
	}
	b.Screenshot("ganti-pejabat-riwayat")
	old := browsertest.New(t, p.URL, 2*time.Minute)
	signIn(t, old, reg.Username, servertest.RegistratorPassword)
	if main := old.Text("main"); !strings.Contains(main, "salah") {
		t.Errorf("the old password still signs in: %.300s", main)
	}
}
