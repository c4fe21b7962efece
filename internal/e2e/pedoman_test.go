package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/browsertest"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

// garutKAK is a KAK with all six components of §3.2.5 point 2.
func garutKAK(t *testing.T) []byte {
	return servertest.TextPDF(t,
		"I. Latar Belakang Kebutuhan Pemanfaatan Data Regsosek: penajaman sasaran kemiskinan ekstrem Kabupaten Garut.",
		"II. Tujuan Pemanfaatan Data Regsosek: penargetan bantuan sosial daerah dan bagi pakai lintas OPD.",
		"III. Identifikasi Kebutuhan Hak Akses dan Media Akses: Dinas Sosial (BNBA, Fasilitas), Dinas Pendidikan (Agregat Terpilah, Sepakat).",
		"d) Data Diri Operator Pengelola Akun Sepakat: Operator Dinas Pendidikan, Pranata Komputer.",
		"IV. Kelembagaan Forum Satu Data di Tingkat Daerah: Keputusan Bupati Garut tentang Forum Satu Data Kabupaten Garut.",
		"V. Rencana Dukungan Pemutakhiran: data balikan hasil verifikasi lapangan setiap semester.")
}

// Issue 12's journey: a kabupaten asks for BNBA via Fasilitas and Agregat Terpilah via Sepakat. The highest
// tier governs the whole permohonan: the Dokumen section asks for the Surat Pernyataan (and says which row
// made it necessary) and, after approval, Tahap 4 asks for the NDA as well as the PKS. The registrator's page
// never shows the rekomendasi or a staff name. After access is given, the Surat Persetujuan PDF names the
// Bupati and every approved row.
func TestPedomanJourney(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is missing: make test installs poppler-utils")
	}
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.05", "Pemerintah Kabupaten Garut")
	file := func(name string, content []byte) string { return servertest.WriteFile(t, name, content) }

	b := browsertest.New(t, p.URL, 4*time.Minute)
	signIn(t, b, reg.Username, servertest.RegistratorPassword)
	b.ClickText("Pengajuan Permintaan Hak Akses")
	ref := b.Text(`[data-testid="reference"]`)

	b.ClickText("Cakupan dan Narahubung")
	b.Select("Cakupan Wilayah", "Kabupaten Garut")
	b.Fill("Nama", "Siti Aminah")
	b.Fill("Jabatan", "Kepala Bappeda")
	b.Fill("NIP", "19700101 200003 1 002")
	b.Fill("Email", "siti@garutkab.go.id")
	b.Fill("No HP", "0812 1111 2222")
	b.Check("Sudah, ada SK Penetapan Forum Satu Data Daerah")
	b.ClickText("Simpan")

	addRow := func(pengguna, jenis, media, purpose, nip string) {
		t.Helper()
		b.ClickText("Identifikasi Kebutuhan Hak Akses dan Media Akses")
		b.ClickText("Tambah Data")
		b.Check("Organisasi Perangkat Daerah (OPD)")
		b.Fill("Pengguna", pengguna)
		b.Fill("Tujuan Pemanfaatan", "Penargetan program "+pengguna+" tahun 2027")
		b.Check(jenis)
		if purpose != "" {
			b.Check(purpose)
		}
		b.Check(media)
		b.Fill("Mulai tanggal", "01012027")
		b.Fill("Atau lama (bulan)", "12")
		if nip == "" {
			b.Check("Sekali pakai (untuk satu waktu tertentu)")
		} else {
			b.Check("Berkelanjutan (selama jangka waktu tertentu)")
			b.Fill("Nama", "Operator "+pengguna)
			b.Fill("Jabatan", "Pranata Komputer")
			b.Fill("NIP", nip)
			b.Fill("Email", "operator.pendidikan@garutkab.go.id")
			b.Fill("No Handphone", "0813 2222 3333")
			b.Check("Saya menyatakan operator ini mampu melakukan pengolahan data")
			b.Fill("Dasar kemampuan pengolahan data operator", "Mengolah data Dapodik dan Excel setiap bulan.")
		}
		b.ClickText("Simpan")
		if flash := b.Text(`[data-testid="flash"]`); flash != "Data pengguna disimpan." {
			t.Fatalf("row %s not saved: %q / %s", pengguna, flash, b.Text("main"))
		}
		b.ClickText("Simpan")
	}
	addRow("Dinas Sosial", "BNBA", "Fasilitas Pengolahan Data Regsosek Terpadu", "Kepentingan umum dalam rangka penyelenggaraan negara", "")
	addRow("Dinas Pendidikan", "Agregat Terpilah", "Sepakat", "", "198001012005011003")

	// The Dokumen section: the Surat Pernyataan, and why (the BNBA row sets the tier of the whole); the SK
	// Forum Satu Data required because the kabupaten has one; the NDA announced for Tahap 4.
	b.ClickText("Dokumen")
	if got := docKinds(b); got != "surat_permohonan,kak,sk_operator,surat_pernyataan,sk_forum_satu_data" {
		t.Errorf("documents: %s", got)
	}
	if why := b.Text(`[data-testid="doc-surat_pernyataan"]`); !strings.Contains(why, "baris 1 (Dinas Sosial: BNBA") {
		t.Errorf("the Surat Pernyataan does not say which row made it necessary: %q", why)
	}
	if sk := b.Text(`[data-testid="doc-sk_forum_satu_data"]`); strings.Contains(sk, "Tidak wajib") || !strings.Contains(sk, "Wajib") {
		t.Errorf("the SK Forum Satu Data is not required: %q", sk)
	}
	if agr := b.Text(`[data-testid="agreements"]`); !strings.Contains(agr, "Perjanjian Kerahasiaan (NDA)") || !strings.Contains(agr, "baris 2 (Dinas Pendidikan") {
		t.Errorf("Tahap 4's NDA is not announced with its reason: %q", agr)
	}
	for _, d := range []struct{ kind, label string }{
		{"surat_permohonan", "Unggah Surat Permohonan Hak Akses Data Regsosek"},
		{"sk_operator", "Unggah SK Penetapan Operator Pengelola Akun Sepakat"},
		{"surat_pernyataan", "Unggah Surat Pernyataan"},
		{"sk_forum_satu_data", "Unggah SK Penetapan Forum Satu Data Daerah"},
	} {
		b.Upload(d.label, file(d.kind+".pdf", servertest.PDF(t, d.kind)))
		b.ClickTextIn(`[data-testid="doc-`+d.kind+`"]`, "Unggah")
	}
	b.Upload("Unggah KAK Pemanfaatan Data Regsosek", file("kak.pdf", garutKAK(t)))
	b.ClickTextIn(`[data-testid="doc-kak"]`, "Unggah")
	if kak := b.Text(`[data-testid="kak-reading"]`); strings.Contains(kak, "Tidak ditemukan") || strings.Count(kak, "Ditemukan") != 6 {
		t.Errorf("KAK reading: %q", kak)
	}
	b.Screenshot("pedoman-dokumen")
	b.ClickText("Lanjutkan")

	b.ClickText("Identifikasi Kebutuhan Hak Akses dan Media Akses")
	b.ClickText("Bukti Pelatihan Dinas Pendidikan")
	b.Screenshot("pedoman-kapasitas")
	b.Upload("Sertifikat lulus pelatihan Sepakat", file("sertifikat.pdf", servertest.PDF(t, "Sertifikat Pelatihan Sepakat")))
	b.ClickText("Unggah")
	b.ClickText("Simpan")
	b.ClickText("Periksa dan Ajukan")
	b.ClickText("Ajukan")
	if status := b.Text(`[data-testid="status"]`); status != "Diajukan" {
		t.Fatalf("status after Ajukan: %q / %s", status, b.Text("main"))
	}

	// Bappenas: verified, a rekomendasi asked and answered, approved as asked.
	id, err := p.Store.PermohonanIDByReference(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	const rekom = "REKOMENDASI-INTERNAL: Dinas Sosial berwenang atas BNBA untuk PKH daerah."
	now := time.Now()
	p.ApproveOnRekomendasi(t, id, now, now.AddDate(0, 10, 0), rekom)
	runner := p.JobRunner(t, time.Now, nil)
	servertest.RunJobs(t, runner) // Tahap 4 opens

	b.Open("/permohonan/" + strconv.FormatInt(id, 10))
	page := b.Text("main")
	for _, secret := range []string{"REKOMENDASI-INTERNAL", "Petugas ", "Rekomendasi diminta", "Direktur Pengampu"} {
		if strings.Contains(page, secret) {
			t.Errorf("the registrator's page shows %q", secret)
		}
	}
	b.ClickText("PKS dan NDA")
	n := browsertest.Eval[int](b, `document.querySelectorAll('[data-testid="perjanjian-pks"], [data-testid="perjanjian-nda"]').length`)
	if n != 2 {
		t.Errorf("Tahap 4 asks for %d agreements, want the PKS and the NDA: %s", n, b.Text("main"))
	}
	b.Screenshot("pedoman-tahap4")

	// Tahap 4–6, then the letter.
	p.GiveAccess(t, p.Login(t, reg.Username, servertest.RegistratorPassword), id, runner, now)
	b.Open("/permohonan/" + strconv.FormatInt(id, 10))
	if strings.Contains(b.Text("main"), "REKOMENDASI-INTERNAL") {
		t.Error("the registrator's page shows the rekomendasi after access")
	}
	b.Screenshot("pedoman-akses")
	pdf64 := browsertest.Eval[string](b, `(async () => {
		const a = document.querySelector('[data-testid="surat-persetujuan"]');
		const r = await fetch(a.href); const buf = new Uint8Array(await r.arrayBuffer());
		let s = ''; for (const c of buf) s += String.fromCharCode(c); return btoa(s); })()`)
	pdf, err := base64.StdEncoding.DecodeString(pdf64)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("letter download: %v %.20q", err, pdf)
	}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Bupati Garut", "Dinas Sosial", "Dinas Pendidikan", "BNBA", "Fasilitas Pengolahan Data Regsosek Terpadu",
		"Sepakat", "Kabupaten Garut", "Persetujuan Pemberian Hak Akses Data Regsosek"} {
		if !strings.Contains(text, want) {
			t.Errorf("the letter lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "REKOMENDASI-INTERNAL") {
		t.Error("the letter carries the rekomendasi")
	}
}
