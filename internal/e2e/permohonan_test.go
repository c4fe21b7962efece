package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/browsertest"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

func docKinds(b *browsertest.Browser) string {
	return strings.Join(browsertest.Eval[[]string](b, `[...document.querySelectorAll('[data-testid^="doc-"]')].map(e => e.dataset.testid.slice(4))`), ",")
}

// The registrator's permohonan journey (pedoman Tahap 1.2): three rows, the documents following them, an
// "Ajukan" that names the missing document, then submission, the timeline and the receipt.
func TestPermohonanJourney(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "provinsi", "32", "Pemerintah Provinsi Jawa Barat")
	pdf := func(name string) string { return servertest.WriteFile(t, name+".pdf", servertest.PDF(t, name)) }

	b := browsertest.New(t, p.URL, 3*time.Minute)
	b.Open("/masuk")
	b.Fill("Username", reg.Username)
	b.Fill("Kata Sandi", servertest.RegistratorPassword)
	b.ClickText("Masuk")
	b.ClickText("Pengajuan Permintaan Hak Akses")
	ref := b.Text(`[data-testid="reference"]`)

	b.ClickText("Cakupan dan Narahubung")
	b.Select("Cakupan Wilayah", "Provinsi Jawa Barat")
	b.Fill("Nama", "Siti Aminah")
	b.Fill("Jabatan", "Kepala Bappeda")
	b.Fill("NIP", "19700101 200003 1 002")
	b.Fill("Email", "siti@jabarprov.go.id")
	b.Fill("No HP", "0812 1111 2222")
	b.Check("Belum")
	b.ClickText("Simpan")

	b.ClickText("Dokumen")
	if got := docKinds(b); got != "surat_permohonan,kak" {
		t.Errorf("documents before any row: %s", got)
	}
	b.ClickText("Lanjutkan")

	addRow := func(pengguna, jenis, media, purpose, nip string) {
		t.Helper()
		b.ClickText("Identifikasi Kebutuhan Hak Akses dan Media Akses")
		b.ClickText("Tambah Data")
		b.Check("Organisasi Perangkat Daerah (OPD)")
		b.Fill("Pengguna", pengguna)
		b.Fill("Tujuan Pemanfaatan", "Pemutakhiran sasaran program "+pengguna)
		b.Check(jenis)
		if purpose != "" {
			b.Check(purpose)
		}
		b.Check(media)
		if media == "Sepakat" {
			b.Check("Berkelanjutan (selama jangka waktu tertentu)")
		} else {
			b.Check("Sekali pakai (untuk satu waktu tertentu)")
		}
		b.Fill("Mulai tanggal", "01012027")
		b.Fill("Atau lama (bulan)", "12")
		if nip != "" {
			b.Fill("Nama", "Operator "+pengguna)
			b.Fill("Jabatan", "Pranata Komputer")
			b.Fill("NIP", nip)
			b.Fill("Email", "operator."+strings.ToLower(strings.Fields(pengguna)[1])+"@jabarprov.go.id")
			b.Fill("No Handphone", "0813 2222 3333")
			b.Check("Saya menyatakan operator ini mampu melakukan pengolahan data")
			b.Fill("Dasar kemampuan pengolahan data operator", "Mengolah data SIKS-NG dan Excel setiap bulan.")
		}
		b.ClickText("Simpan")
		if flash := b.Text(`[data-testid="flash"]`); flash != "Data pengguna disimpan." {
			t.Fatalf("row %s not saved: %q / %s", pengguna, flash, b.Text("main"))
		}
		b.ClickText("Simpan") // the table's Simpan returns to the permohonan
	}
	addRow("Dinas Sosial", "BNBA", "Sepakat", "Kepentingan umum dalam rangka penyelenggaraan negara", "196706271998031004")
	b.ClickText("Dokumen")
	if got := docKinds(b); got != "surat_permohonan,kak,sk_operator,sk_forum_satu_data" {
		t.Errorf("documents after a BNBA via Sepakat row: %s", got)
	}
	b.ClickText("Lanjutkan")
	addRow("Dinas Kesehatan", "Mikro", "Fasilitas Pengolahan Data Regsosek Terpadu", "", "")
	addRow("Dinas Pendidikan", "Agregat Terpilah", "Sepakat", "", "198001012005011003")
	if n := browsertest.Eval[int](b, `document.querySelectorAll('[data-testid="row"]').length`); n != 3 {
		t.Fatalf("%d rows in the table", n)
	}

	b.ClickText("Dokumen")
	if got := docKinds(b); got != "surat_permohonan,kak,sk_operator,surat_pernyataan,sk_forum_satu_data" {
		t.Errorf("documents after the three rows: %s", got)
	}
	for _, d := range []struct{ kind, label string }{
		{"surat_permohonan", "Unggah Surat Permohonan Hak Akses Data Regsosek"},
		{"kak", "Unggah KAK Pemanfaatan Data Regsosek"},
		{"sk_operator", "Unggah SK Penetapan Operator Pengelola Akun Sepakat"},
	} {
		b.Upload(d.label, pdf(d.kind))
		b.ClickTextIn(`[data-testid="doc-`+d.kind+`"]`, "Unggah")
	}
	b.Screenshot("permohonan-dokumen")
	b.ClickText("Lanjutkan")

	// Kapasitas (Tabel 3.1): each Sepakat operator's certificate of Sepakat training.
	for _, pengguna := range []string{"Dinas Sosial", "Dinas Pendidikan"} {
		b.ClickText("Identifikasi Kebutuhan Hak Akses dan Media Akses")
		b.ClickText("Bukti Pelatihan " + pengguna)
		b.Upload("Sertifikat lulus pelatihan Sepakat", pdf("sertifikat-"+strings.ToLower(strings.Fields(pengguna)[1])))
		b.ClickText("Unggah")
		if flash := b.Text(`[data-testid="flash"]`); !strings.Contains(flash, "Bukti pelatihan operator") {
			t.Fatalf("certificate of %s not saved: %q", pengguna, flash)
		}
		b.ClickText("Simpan")
	}

	// Ajukan with the Surat Pernyataan missing: told exactly that.
	b.ClickText("Periksa dan Ajukan")
	b.ClickText("Ajukan")
	problems := b.Text(`[data-testid="problems"] ul`)
	if problems != "Unggah Surat Pernyataan." {
		t.Fatalf("problems after Ajukan: %q", problems)
	}
	b.ClickText("Unggah Surat Pernyataan.")
	b.Upload("Unggah Surat Pernyataan", pdf("surat-pernyataan"))
	b.ClickTextIn(`[data-testid="doc-surat_pernyataan"]`, "Unggah")
	b.ClickText("Lanjutkan")
	b.ClickText("Periksa dan Ajukan")
	b.ClickText("Ajukan")

	if status := b.Text(`[data-testid="status"]`); status != "Diajukan" {
		t.Fatalf("status after Ajukan: %q", status)
	}
	timeline := b.Text(`[data-testid="timeline"]`)
	for _, want := range []string{"Draf permohonan dibuat", "Permohonan diajukan", "Tahap 2 Pemeriksaan Kelengkapan Dokumen", "Registrator"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("timeline lacks %q: %q", want, timeline)
		}
	}
	b.Screenshot("permohonan-lihat")
	// The receipt downloads as a PDF in this browser session.
	got := browsertest.Eval[string](b, `(async () => { const a = [...document.querySelectorAll('a')].find(a => a.textContent.trim() === 'Unduh Bukti Pengajuan');
		const r = await fetch(a.href); const buf = new Uint8Array(await r.arrayBuffer());
		return r.status + ' ' + r.headers.get('content-type') + ' ' + String.fromCharCode(...buf.slice(0, 5)); })()`)
	if got != "200 application/pdf %PDF-" {
		t.Errorf("receipt download: %q", got)
	}
	b.Open("/akun")
	if list := b.Text(`[data-testid="permohonan-list"]`); !strings.Contains(list, ref) || !strings.Contains(list, "Diajukan") {
		t.Errorf("akun page list: %q", list)
	}
}
