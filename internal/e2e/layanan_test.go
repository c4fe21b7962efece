package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/browsertest"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

// setDate types a date into an <input type="date"> by its id, whatever the browser's locale shows.
func setDate(b *browsertest.Browser, id string, d time.Time) {
	browsertest.Eval[bool](b, `(() => { const e = document.getElementById(`+strconv.Quote(id)+`); e.value = `+
		strconv.Quote(d.Format("2006-01-02"))+`; return true })()`)
}

func monday(t time.Time) time.Time {
	for t.Weekday() != time.Monday {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

func signIn(t *testing.T, b *browsertest.Browser, username, password string) {
	t.Helper()
	b.Open("/masuk")
	b.Fill("Username", username)
	b.Fill("Kata Sandi", password)
	b.ClickText("Masuk")
}

func staffSignIn(t *testing.T, b *browsertest.Browser, s servertest.Staff) {
	t.Helper()
	signIn(t, b, s.Username, s.Password)
	code, err := totp.GenerateCode(s.TOTPSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b.Fill("Kode", code)
	b.ClickText("Masuk")
}

// Fasilitasi Bimbingan Teknis (pedoman §IV), from the registrator's form to the schedule the pengelola
// layanan sets, seen by the registrator on the akun page.
func TestBimtekJourney(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	staff := p.CreateStaff(t, "pengelola.layanan", account.RolePengelolaLayanan)
	surat := servertest.WriteFile(t, "surat-permohonan.pdf", servertest.PDF(t, "Surat Permohonan Fasilitasi Bimbingan Teknis"))
	kak := servertest.WriteFile(t, "kak-pelatihan.pdf", servertest.PDF(t, "KAK Pelatihan"))
	start := monday(time.Now().AddDate(0, 1, 0))

	b := browsertest.New(t, p.URL, 3*time.Minute)
	signIn(t, b, reg.Username, servertest.RegistratorPassword)
	b.ClickText("Ajukan Fasilitasi Bimbingan Teknis")
	if h := b.Text("h1"); h != "Fasilitasi Bimbingan Teknis" {
		t.Fatalf("form heading %q", h)
	}
	// A first try without the narahubung's NIP shows the message beside it and keeps the rest.
	b.Check("Pelatihan")
	b.Check("Versi Lengkap — 40 JP, 5 hari kerja")
	b.Fill("Peserta kelas Provinsi/Kabupaten/Kota (PK)", "45")
	b.Fill("Peserta kelas Desa/Kelurahan (DK)", "20")
	b.Check("Luring (tatap muka)")
	setDate(b, "usulan_mulai", start)
	setDate(b, "usulan_selesai", start.AddDate(0, 0, 4))
	b.Fill("Nama", "Siti Aminah")
	b.Fill("Jabatan", "Kepala Bidang Data")
	b.Fill("Email", "siti.narahubung@bandung.go.id")
	b.Fill("No HP", "0812 3456 7890")
	b.ClickText("Lanjutkan")
	if msg := b.Text(`[data-testid="error-narahubung_nip"]`); !strings.Contains(msg, "NIP wajib diisi") {
		t.Errorf("NIP message %q", msg)
	}
	if got := b.Value("Peserta kelas Provinsi/Kabupaten/Kota (PK)"); got != "45" {
		t.Errorf("participants not kept: %q", got)
	}
	b.Fill("NIP", "19800101 200501 2 003")
	b.Screenshot("bimtek-form")
	b.ClickText("Lanjutkan")

	// The documents page: the classes needed, the prefilled templates, the uploads.
	if kelas := b.Text(`[data-testid="kelas"]`); !strings.Contains(kelas, "2 kelas PK (45 peserta), 1 kelas DK (20 peserta)") {
		t.Errorf("classes %q", kelas)
	}
	links := browsertest.Eval[[]string](b, `[...document.querySelectorAll('[data-testid="templat"] a')].map(a => a.textContent)`)
	if strings.Join(links, "|") != "Templat Surat Permohonan Fasilitasi Bimbingan Teknis (Lampiran 7)|Templat KAK Pelatihan Pemanfaatan Data Regsosek (Lampiran 8)" {
		t.Errorf("templates offered: %q", links)
	}
	b.Upload("Surat Permohonan Fasilitasi Bimbingan Teknis", surat)
	b.Upload("KAK Pelatihan", kak)
	b.Screenshot("bimtek-dokumen")
	b.ClickText("Ajukan Permohonan")
	ref := b.Text(`[data-testid="reference"]`)
	if !strings.HasPrefix(ref, "BIMTEK-") || !strings.Contains(b.Text(`[data-testid="status"]`), "Diajukan") {
		t.Fatalf("after Ajukan: %q %q", ref, b.Text("main"))
	}
	b.ClickText("Keluar")

	// The pengelola layanan schedules it.
	staffSignIn(t, b, staff)
	b.ClickText("Bimbingan Teknis")
	b.ClickText("Lihat " + ref)
	if kelas := b.Text(`[data-testid="kelas"]`); !strings.Contains(kelas, "2 kelas PK") {
		t.Errorf("staff classes %q", kelas)
	}
	b.Fill("Tempat", "Aula Bappelitbang Kota Bandung, Jl. Wastukencana 2")
	b.Fill("Catatan untuk Pemohon", "Mohon siapkan proyektor dan jaringan internet.")
	b.ClickText("Simpan Jadwal")
	if flash := b.Text(`[data-testid="flash"]`); !strings.Contains(flash, "Jadwal tersimpan") {
		t.Fatalf("schedule: %q / %s", flash, b.Text("main"))
	}
	b.Screenshot("bimtek-petugas")
	b.ClickText("Keluar")

	// The registrator sees the status on the akun page, and the schedule on the request's page.
	signIn(t, b, reg.Username, servertest.RegistratorPassword)
	if row := b.Text(`[data-testid="bimtek"]`); !strings.Contains(row, ref) || !strings.Contains(row, "Dijadwalkan") {
		t.Errorf("akun page: %q", row)
	}
	b.ClickText("Lihat permohonan " + ref)
	if place := b.Text(`[data-testid="jadwal-tempat"]`); !strings.Contains(place, "Aula Bappelitbang") {
		t.Errorf("schedule place %q", place)
	}
	b.Screenshot("bimtek-jadwal")
	b.Open("/dev/mailbox")
	if subj := b.Text(`[data-testid="mail-subject"]`); subj != "Jadwal Fasilitasi Bimbingan Teknis" {
		t.Errorf("newest mail %q", subj)
	}
}

// Pengaduan dan Pelaporan (§VI): a member of the public reports anonymously with an attachment, keeps the
// tracking code, the pengelola layanan answers without seeing who reported, and the reporter reads the
// answer with the code.
func TestPengaduanJourney(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	staff := p.CreateStaff(t, "pengelola.layanan", account.RolePengelolaLayanan)
	bukti := servertest.WriteFile(t, "bukti-budi.png", servertest.PNG(t))
	const answer = "Terima kasih. Permohonan Anda telah kami teruskan kepada verifikator teknis."

	b := browsertest.New(t, p.URL, 3*time.Minute)
	b.Open("/")
	b.ClickText("Pengaduan")
	b.Fill("Ketik Judul Laporan Anda", "Permohonan belum diverifikasi")
	b.Fill("Ketik Isi Laporan Anda", "Permohonan hak akses kami sudah tiga bulan belum diverifikasi oleh petugas.")
	b.Fill("Ketik Nama Anda", "Budi Santoso")
	b.Fill("Ketik Instansi Anda", "Bappeda Kota Bandung")
	b.Fill("Ketik Jabatan Anda", "Analis Perencanaan")
	b.Fill("Ketik Lokasi Anda", "Kota Bandung, Jawa Barat")
	b.Select("Pilih Kategori Laporan Terkait Permintaan Data Anda", "Permohonan hak akses data Regsosek")
	b.Fill("Email", "budi.pelapor@bandung.go.id")
	b.Upload("Upload Lampiran", bukti)
	b.Check("Anonim")
	b.Fill("Masukkan kode yang Anda lihat", devCaptcha(t, p, browsertest.Eval[string](b, `document.querySelector('img.captcha').dataset.captchaId`)))
	b.Screenshot("pengaduan-form")
	b.ClickText("Kirim Laporan")
	code := b.Text(`[data-testid="kode-pelacakan"]`)
	ref := b.Text(`[data-testid="reference"]`)
	if len(strings.ReplaceAll(code, "-", "")) != 32 || !strings.HasPrefix(ref, "PGD-") {
		t.Fatalf("confirmation: code %q, reference %q", code, ref)
	}
	b.Screenshot("pengaduan-terkirim")
	b.ClickText("Lihat Status Laporan")
	if st := b.Text(`[data-testid="status"]`); !strings.Contains(st, "menunggu tindak lanjut") {
		t.Errorf("status %q", st)
	}
	b.ClickText("Selesai") // a shared computer: the next person must not see it

	// The pengelola layanan answers; the reporter's identity is nowhere on the page.
	staffSignIn(t, b, staff)
	b.ClickText("Kelola Pengaduan")
	b.ClickText("Lihat " + ref)
	page := b.Text("main")
	for _, secret := range []string{"Budi Santoso", "Bappeda Kota Bandung", "Analis Perencanaan", "budi.pelapor", "bukti-budi"} {
		if strings.Contains(page, secret) {
			t.Errorf("the staff page shows %q", secret)
		}
	}
	if hidden := b.Text(`[data-testid="pelapor-anonim"]`); !strings.Contains(hidden, "disembunyikan") {
		t.Errorf("pelapor: %q", hidden)
	}
	b.Fill("Pesan untuk Pelapor", answer)
	b.ClickText("Kirim Jawaban")
	if flash := b.Text(`[data-testid="flash"]`); !strings.Contains(flash, "Jawaban terkirim") {
		t.Fatalf("answer: %q / %s", flash, b.Text("main"))
	}
	b.Screenshot("pengaduan-petugas")
	b.ClickText("Keluar")

	// The reporter comes back with the code (typed in lower case) and reads the answer.
	b.Open("/pengaduan/status")
	b.Fill("Kode Pelacakan", "salah-"+strings.ToLower(code))
	b.ClickText("Lacak")
	if msg := b.Text(`[data-testid="error-kode"]`); !strings.Contains(msg, "tidak ditemukan") {
		t.Errorf("wrong code: %q", msg)
	}
	b.Fill("Kode Pelacakan", strings.ToLower(code))
	b.ClickText("Lacak")
	if got := b.Text(`[data-testid="thread"]`); !strings.Contains(got, answer) {
		t.Errorf("thread %q", got)
	}
	if st := b.Text(`[data-testid="status"]`); st != "Dijawab" {
		t.Errorf("status %q", st)
	}
	b.Screenshot("pengaduan-status")
	b.Open("/dev/mailbox")
	if subj := b.Text(`[data-testid="mail-subject"]`); subj != "Jawaban atas Laporan Anda" {
		t.Errorf("newest mail %q", subj)
	}
}
