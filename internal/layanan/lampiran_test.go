package layanan

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// pdfText extracts a PDF's text with poppler's pdftotext (installed by make test), as a person's viewer reads it.
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

func TestTemplates(t *testing.T) {
	b, errs := ParseBimtek(goodBimtek(), today)
	if errs.Any() {
		t.Fatal(errs.All())
	}
	b.Konsultasi, b.TopikKonsultasi = true, "Analisis (pohon masalah) untuk RKPD"
	d := TemplateData{Instansi: "Pemerintah Kota Bandung", Kategori: "kabupaten_kota", Bimtek: b, Today: today}

	surat, err := SuratPermohonan(d)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, surat)
	for _, want := range []string{"Pemerintah Kota Bandung", "adalah pelatihan dan konsultasi", "Siti Aminah", "19800101 200501 2 003",
		"siti@bandung.go.id", "+6281234567890", "Kepala Bappeda Kabupaten/Kota", "Versi Lengkap — 40 JP, 5 hari kerja",
		"2 kelas PK (45 peserta), 1 kelas DK (20 peserta)", "Analisis (pohon masalah) untuk RKPD",
		"17–21 Agustus 2026", "Deputi Bidang Kependudukan dan Ketenagakerjaan", "Tembusan",
		"Kepala Pusat Data dan Informasi Perencanaan Pembangunan"} {
		if !strings.Contains(text, want) {
			t.Errorf("lampiran 7 lacks %q:\n%s", want, text)
		}
	}

	kak, err := KAKPelatihan(d)
	if err != nil {
		t.Fatal(err)
	}
	text = pdfText(t, kak)
	for _, want := range []string{"KERANGKA ACUAN KEGIATAN (KAK)", "DI PEMERINTAH KOTA BANDUNG", "TAHUN 2026",
		"Kurikulum Lengkap Materi Pelatihan Pemanfaatan Data Regsosek", "Sepakat Kecamatan", "Monitoring dan Evaluasi SEPAKAT",
		"TOTAL 40 40", "Provinsi/Kabupaten/Kota (PK) 45 2", "Desa/Kelurahan (DK) 20 1", "Total 65 3",
		"Rencana Anggaran Biaya", "Akomodasi", "secara luring", "dalam bentuk kegiatan pelatihan dan konsultasi"} {
		if !strings.Contains(text, want) {
			t.Errorf("lampiran 8 lacks %q:\n%s", want, text)
		}
	}
	// Only the chosen version's curriculum: Ringkas's combined subject is absent.
	if strings.Contains(text, "Pengenalan Platform SEPAKAT dan Analisis SEPAKAT") {
		t.Error("lampiran 8 holds the Ringkas curriculum for a Lengkap request")
	}
	// Lengkap is chosen for both kelas, Ringkas for neither (the header says "(YA/TIDAK)" once).
	if n, m := strings.Count(text, " YA "), strings.Count(text, " TIDAK "); n != 2 || m != 2 {
		t.Errorf("options marked: %d YA, %d TIDAK; want 2 and 2", n, m)
	}

	// Ringkas for one kelas only.
	b.Versi, b.PesertaDK = VersiRingkas, 0
	kak, err = KAKPelatihan(TemplateData{Instansi: "Pemerintah Provinsi Jawa Barat", Kategori: "provinsi", Bimtek: b, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	text = pdfText(t, kak)
	for _, want := range []string{"Pengenalan Platform SEPAKAT dan Analisis SEPAKAT", "TOTAL 18 18", "Materi (2 Hari)"} {
		if !strings.Contains(text, want) {
			t.Errorf("Ringkas KAK lacks %q", want)
		}
	}

	// An empty request still gives the blank templates.
	for _, f := range []func(TemplateData) ([]byte, error){SuratPermohonan, KAKPelatihan} {
		out, err := f(TemplateData{Today: today})
		if err != nil {
			t.Fatal(err)
		}
		pdfText(t, out)
	}
}
