package surat

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
				"Kepala Pusat Data dan Informasi Perencanaan Pembangunan"}},
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
