package kak

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"slices"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// kakPDF writes a PDF of paragraphs with go-pdf/fpdf, as a word processor would: headings, wrapped text,
// several pages when long.
func kakPDF(t *testing.T, paras ...string) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	tr := p.UnicodeTranslatorFromDescriptor("")
	p.AddPage()
	p.SetFont("Helvetica", "", 11)
	for _, s := range paras {
		p.MultiCell(170, 6, tr(s), "", "J", false)
		p.Ln(3)
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// scanPDF is a KAK as a scanner leaves it: a page that is one image, no text.
func scanPDF(t *testing.T) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 200, 280))
	for x := range 200 {
		for y := range 280 {
			if (x/10+y/14)%3 == 0 {
				img.Set(x, y, color.Gray{Y: 40})
			} else {
				img.Set(x, y, color.Gray{Y: 245})
			}
		}
	}
	var pngBuf bytes.Buffer
	if err := png.Encode(&pngBuf, img); err != nil {
		t.Fatal(err)
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.AddPage()
	p.RegisterImageOptionsReader("pindaian", fpdf.ImageOptions{ImageType: "PNG"}, &pngBuf)
	p.ImageOptions("pindaian", 10, 10, 190, 270, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var (
	latar = "I. Latar Belakang Kebutuhan Pemanfaatan Data Regsosek. Pemerintah Kabupaten Garut membutuhkan data sosial ekonomi " +
		"yang mutakhir untuk menajamkan sasaran program pengentasan kemiskinan ekstrem dan penurunan stunting pada tahun 2027."
	tujuan = "II. Tujuan Pemanfaatan Data Regsosek. Data digunakan untuk memetakan keluarga sasaran bantuan sosial daerah dan " +
		"rencana bagi pakai lintas OPD; pengelolaan kabupaten untuk bagi pakai di tingkat desa/kelurahan."
	kebutuhan = "III. Identifikasi Kebutuhan Hak Akses dan Media Akses. 1. Dinas Sosial: a) Tujuan Pemanfaatan: penargetan PKH daerah; " +
		"b) Jenis Data Regsosek: BNBA; c) Media Akses: Sepakat."
	operator = "d) Data Diri Operator Pengelola Akun Sepakat: Nama Tono Sutono, Jabatan Sekretaris Dinas, NIP 197001012000031002, " +
		"Email tono@garutkab.go.id, No Hp 081234567890."
	forum = "IV. Kelembagaan Forum Satu Data di Tingkat Daerah. Forum Satu Data Kabupaten Garut ditetapkan dengan Keputusan Bupati " +
		"Nomor 100.3.3.2/Kep.45-Bappeda/2024; koordinator: Kepala Bappeda."
	pemutakhiran = "V. Rencana Dukungan Pemutakhiran. Pemerintah Kabupaten Garut menyampaikan data balikan hasil verifikasi lapangan " +
		"dan mengalokasikan anggaran untuk mendukung pemutakhiran Data Regsosek setiap tahun."
)

func TestReadKAK(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		pdf     []byte
		terbaca bool
		found   []string
		absent  []string
	}{
		{"all six components", kakPDF(t, latar, tujuan, kebutuhan, operator, forum, pemutakhiran), true,
			[]string{"a", "b", "c", "d", "e", "f"}, nil},
		{"missing d and e", kakPDF(t, latar, tujuan, kebutuhan, pemutakhiran), true,
			[]string{"a", "b", "c", "f"}, []string{"d", "e"}},
		{"image only: unreadable, not failed", scanPDF(t), false, nil, []string{"a", "b", "c", "d", "e", "f"}},
		// KAKs written for other purposes share the generic headings at most, never c–f.
		{"a field-work KAK", kakPDF(t,
			"KERANGKA ACUAN KERJA PENDATAAN LAPANGAN SURVEI SOSIAL EKONOMI DAERAH TAHUN 2026",
			"A. Latar Belakang. Dinas Sosial akan melaksanakan pendataan lapangan rumah tangga miskin di 42 kecamatan dengan "+
				"melibatkan 350 petugas pencacah dan 40 pengawas.",
			"B. Maksud dan Tujuan. Maksud kegiatan adalah mengumpulkan data lapangan; tujuannya menyediakan daftar rumah tangga sasaran.",
			"C. Ruang Lingkup dan Metodologi. Pencacahan dilakukan door to door menggunakan kuesioner CAPI; petugas dilatih selama "+
				"tiga hari; pengawas memeriksa 10 persen sampel.",
			"D. Jadwal dan Anggaran. Kegiatan berlangsung Juni sampai Agustus 2026 dengan anggaran APBD. E. Keluaran: basis data hasil pencacahan."),
			true, []string{"a"}, []string{"c", "d", "e", "f"}},
		{"a DTKS synchronisation KAK", kakPDF(t,
			"KERANGKA ACUAN KERJA SINKRONISASI DAN PEMUTAKHIRAN DATA TERPADU KESEJAHTERAAN SOSIAL (DTKS)",
			"1. Latar Belakang. Pemutakhiran DTKS dilaksanakan melalui musyawarah desa/kelurahan dan diverifikasi dinas sosial sesuai "+
				"Permensos Nomor 3 Tahun 2021; hasilnya disinkronkan dengan data kependudukan Dukcapil.",
			"2. Tujuan. Menyediakan DTKS yang padan dengan NIK untuk penyaluran bantuan sosial; mendukung pemutakhiran data penerima bantuan.",
			"3. Sasaran dan Keluaran. Operator SIKS-NG kabupaten mengunggah hasil verifikasi dan validasi setiap bulan.",
			"4. Pelaksanaan. Operator desa memasukkan usulan baru; dinas sosial melakukan finalisasi dan penetapan oleh Bupati."),
			true, []string{"a"}, []string{"c", "d", "e", "f"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Read(ctx, tt.pdf)
			if r.Terbaca != tt.terbaca {
				t.Fatalf("terbaca %v, want %v (%+v)", r.Terbaca, tt.terbaca, r)
			}
			for _, k := range tt.found {
				if !r.Found(k) {
					t.Errorf("component %s not found: %v", k, r.Komponen)
				}
			}
			for _, k := range tt.absent {
				if r.Found(k) {
					t.Errorf("component %s found, want not found: %v", k, r.Komponen)
				}
			}
			if r.Halaman < 1 {
				t.Errorf("pages %d", r.Halaman)
			}
		})
	}
}

func TestReadGarbage(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("%PDF-1.4\nbukan pdf"), bytes.Repeat([]byte("x"), 1000)} {
		if r := Read(context.Background(), b); r.Terbaca || len(r.Komponen) != 0 {
			t.Errorf("garbage read as %+v", r)
		}
	}
}

// The rules on text alone, word boundaries included.
func TestAnalyse(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Latar belakang. Tujuan pemanfaatan data. " + strings.Repeat("kata ", 10), []string{"a", "b"}},
		{"Operator pengelola akun Sepakat dinas sosial, dengan data balikan. " + strings.Repeat("kata ", 10), []string{"d", "f"}},
		{"Forum Satu Data daerah; kebutuhan hak akses unit kerja. " + strings.Repeat("kata ", 10), []string{"c", "e"}},
		// "pemutakhiran" alone (DTKS) is not the Regsosek support plan; "latarbelakang" is not a heading.
		{"latarbelakang pemutakhiran DTKS setiap bulan oleh operator SIKS-NG " + strings.Repeat("kata ", 10), nil},
		{"pendek", nil},
	}
	for _, tt := range tests {
		if got := Analyse(tt.text, 1).Komponen; !slices.Equal(got, tt.want) {
			t.Errorf("%q: %v, want %v", tt.text[:20], got, tt.want)
		}
	}
}
