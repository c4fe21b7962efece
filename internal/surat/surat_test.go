package surat

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/request"
)

func sample() request.Permohonan {
	now := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	return request.Permohonan{Reference: "PHA-2026-000007", State: request.Diajukan, SubmittedAt: &now,
		Kategori: "kabupaten_kota", InstansiKode: "32.73", InstansiNama: "Pemerintah Kota Bandung",
		Header: request.Header{Cakupan: "32.73", NarahubungNama: "Siti Aminah", NarahubungJabatan: "Kepala Bappelitbang",
			NarahubungNIP: "197001012000031002", NarahubungEmail: "siti@bandung.go.id", NarahubungPhone: "+6281211112222"},
		Rows: []request.Row{
			{PenggunaJenis: request.PenggunaOPD, Pengguna: "Dinas Sosial", Tujuan: "Penyaluran bansos", JenisData: request.BNBA,
				TujuanBNBA: request.TujuanKepentinganUmum, Media: request.Sepakat, OperatorNama: "Toko Sutono", OperatorNIP: "196706271998031004"},
			{PenggunaJenis: request.PenggunaDesa, Pengguna: "Pemerintah Kelurahan Sukasari", PenggunaWilayah: "32.73.01.1001",
				Tujuan: "Perencanaan kelurahan", JenisData: request.Mikro, Media: request.Fasilitas},
		},
		Docs: map[request.DocKind]dokumen.Document{request.DocKAK: {OriginalName: "kak.pdf", SHA256: make([]byte, 32)}},
	}
}

func names(code string) string {
	return map[string]string{"32.73": "Kota Bandung", "32.73.01.1001": "Kelurahan Sukasari"}[code]
}

// pdfText extracts a PDF's text with poppler's pdftotext, which the machine has; the test reads the
// document as a person's viewer would.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatalf("pdftotext (poppler-utils) is needed to read the PDFs: %v", err)
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestDocumentsCarryTheirContent(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	p := sample()
	tests := []struct {
		name string
		make func() ([]byte, error)
		want []string
	}{
		{"bukti", func() ([]byte, error) { return BuktiPengajuan(p, names, now) },
			[]string{"BUKTI PENGAJUAN", "PHA-2026-000007", "Pemerintah Kota Bandung", "Tingkat 4", "Dinas Sosial", "Sukasari", "196706271998031004", "kak.pdf"}},
		{"surat permohonan", func() ([]byte, error) { return SuratPermohonan(p, names, now) },
			[]string{"Menteri Perencanaan Pembangunan Nasional/Kepala Bappenas", "Deputi Bidang Kependudukan dan Ketenagakerjaan",
				"lingkup Kota Bandung", "Koordinator Satu Data Tingkat Daerah", "Siti Aminah", "197001012000031002", "Tembusan",
				"Kepala Pusat Data dan Informasi Perencanaan Pembangunan",
				// Lampiran 5 complete: the place-and-date line and the signer's jabatan from the instansi (§3.2.5 1.d).
				"Bandung, 22 November 2026", "Wali Kota Bandung,"}},
		{"kak", func() ([]byte, error) { return KAK(p, names, now) },
			[]string{"KERANGKA ACUAN KEGIATAN", "Pemerintah Kota Bandung", "1. Dinas Sosial", "2. Pemerintah Kelurahan Sukasari",
				"Kepentingan umum dalam rangka penyelenggaraan negara", "Toko Sutono", "Forum Satu Data"}},
		{"surat tugas", func() ([]byte, error) {
			return SuratTugas(Registrator{Nama: "Budi Santoso", Jabatan: "Kepala Subbidang", UnitKerja: "Bappelitbang", Instansi: "Pemerintah Kota Bandung"}, now)
		}, []string{"SURAT TUGAS", "Budi Santoso", "Bappelitbang", "melakukan registrasi akun"}},
	}
	for _, tt := range tests {
		b, err := tt.make()
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		text := pdfText(t, b)
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q:\n%s", tt.name, w, text)
			}
		}
	}
}

// SE angka 11: the Surat Persetujuan from the Menteri PPN, signed under the delegation, to the head of the
// pemohon, with every approved row.
func TestSuratPersetujuan(t *testing.T) {
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		kat      string
		pimpinan string
	}{{"pusat", "Menteri Sosial"}, {"provinsi", "Gubernur Jawa Barat"}, {"kabupaten_kota", "Bupati Garut"}} {
		kat, _ := account.ParseKategori(tt.kat)
		ps := request.Persetujuan{Ref: request.Ref{Reference: "PHA-2026-000123", InstansiNama: "Instansi Uji"}, Kategori: kat,
			Pimpinan: tt.pimpinan, Diajukan: now.AddDate(0, -1, 0), Diberikan: now, EnamBulan: kat == account.KategoriKabKota,
			Narahubung: "Narahubung Uji", Rows: []request.HakAkses{
				{Pengguna: "Dinas Sosial", JenisData: "BNBA", Media: "Fasilitas Pengolahan Data Regsosek Terpadu", Wilayah: "Kabupaten Garut", Sampai: now.AddDate(0, 6, 0)},
				{Pengguna: "Dinas Pendidikan", JenisData: "Agregat Terpilah", Media: "Sepakat", Wilayah: "Kabupaten Garut", Sampai: now.AddDate(1, 0, 0)}}}
		b, err := SuratPersetujuan(ps, now)
		if err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, b)
		for _, w := range []string{"Persetujuan Pemberian Hak Akses Data Regsosek", "Yth. " + tt.pimpinan, "PHA-2026-000123", "Dinas Sosial",
			"Dinas Pendidikan", "30 Mei 2027", "30 November 2027", "a.n. Menteri Perencanaan Pembangunan Nasional/",
			"selaku Produsen Data Regsosek", "Narahubung Uji"} {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the letter lacks %q:\n%s", tt.kat, w, text)
			}
		}
		if six := strings.Contains(text, "6 (enam) bulan"); six != ps.EnamBulan {
			t.Errorf("%s: six-month sentence %v", tt.kat, six)
		}
	}
}
