package request

import (
	"strconv"
	"strings"
)

// DocKind is a kind of document a permohonan carries.
type DocKind string

// The documents of Tabel 3.1 and §3.2.5.
const (
	DocSuratPermohonan DocKind = "surat_permohonan"
	DocKAK             DocKind = "kak"
	DocSKOperator      DocKind = "sk_operator"
	DocSKForumSatuData DocKind = "sk_forum_satu_data"
	DocSuratPernyataan DocKind = "surat_pernyataan"
	DocPKS             DocKind = "pks"
	DocNDA             DocKind = "nda"
)

// DocLabels are the documents' names as the pedoman writes them.
var DocLabels = map[DocKind]string{
	DocSuratPermohonan: "Surat Permohonan Hak Akses Data Regsosek",
	DocKAK:             "KAK Pemanfaatan Data Regsosek",
	DocSKOperator:      "SK Penetapan Operator Pengelola Akun Sepakat",
	DocSKForumSatuData: "SK Penetapan Forum Satu Data Daerah",
	DocSuratPernyataan: "Surat Pernyataan",
	DocPKS:             "Perjanjian Kerja Sama (PKS)",
	DocNDA:             "Perjanjian Kerahasiaan (NDA)",
	DocPKSTTD:          "PKS bertanda tangan kedua pihak",
	DocNDATTD:          "NDA bertanda tangan kedua pihak",
}

// Requirement is one document the permohonan needs now, and why: Why names the rows that made it necessary.
type Requirement struct {
	Kind     DocKind
	Label    string
	Why      string
	Optional bool
}

// RequiredDocuments computes the documents required now from the rows, the header and the instansi (Tabel
// 3.1, §3.2.5). The highest tier among the rows governs the whole permohonan (§III: "pemohon wajib mengikuti
// dan memenuhi ketentuan dan persyaratan pada hak akses dengan tingkat yang paling tinggi"): once any row is
// Mikro or BNBA, every row through Fasilitas Pengolahan Data makes the Surat Pernyataan necessary, whatever
// its own jenis data. PKS and NDA come after approval (Tahap 4): see Agreements.
func RequiredDocuments(inst Instansi, h Header, rows []Row) []Requirement {
	req := []Requirement{
		{Kind: DocSuratPermohonan, Why: "Wajib untuk setiap permohonan; ditandatangani " + signatory(inst) + " (§3.2.5)."},
		{Kind: DocKAK, Why: "Wajib untuk setiap permohonan; memuat identifikasi kebutuhan setiap pengguna (§3.2.5)."},
	}
	top, topRows := Highest(rows)
	sepakat, fasilitas := rowsWith(rows, Sepakat), rowsWith(rows, Fasilitas)
	if len(sepakat) > 0 {
		req = append(req, Requirement{Kind: DocSKOperator,
			Why: "Operator pengelola akun Sepakat ditetapkan dengan SK (§3.2.5 c.1), untuk " + RowList(rows, sepakat) + "."})
	}
	if top >= 3 && len(fasilitas) > 0 {
		req = append(req, Requirement{Kind: DocSuratPernyataan,
			Why: "Tingkat tertinggi permohonan ini " + TierName(top) + " (" + RowList(rows, topRows) + "); persyaratannya berlaku untuk seluruh permohonan (§III). " +
				"Karena itu Surat Pernyataan diperlukan untuk media Fasilitas Pengolahan Data Regsosek Terpadu (Tabel 3.1): " + RowList(rows, fasilitas) + "."})
	}
	if f := Forum(inst, h, rows); f.Listed {
		req = append(req, Requirement{Kind: DocSKForumSatuData, Optional: !f.Required, Why: f.Why})
	}
	for i := range req {
		req[i].Label = DocLabels[req[i].Kind]
	}
	return req
}

// ForumRule is what the SK Penetapan Forum Satu Data Daerah is for a permohonan, and why.
type ForumRule struct {
	Listed   bool // the Dokumen section lists it
	Required bool // it must be uploaded before "Ajukan"
	SixMonth bool // without it Sepakat access lasts six months (§3.2.5 Khusus a)
	Why      string
}

// Forum applies Tabel 3.1 (note **: the SK Penetapan Forum Satu Data is a requirement "untuk Pemerintah
// Daerah jika telah memiliki kelembagaan Forum Satu Data") and §3.2.5 Ketentuan Khusus a: a Pemda that
// answers it has a Forum Satu Data uploads its SK; only a Pemda without one gets it as an optional document,
// and then — when it asks for Sepakat — access for six months. A K/L is not concerned.
func Forum(inst Instansi, h Header, rows []Row) ForumRule {
	if !inst.Pemda() {
		return ForumRule{}
	}
	sepakat := len(rowsWith(rows, Sepakat)) > 0
	switch h.ForumSatuData {
	case "ya":
		return ForumRule{Listed: true, Required: true,
			Why: "Wajib: daerah Anda menyatakan telah memiliki Forum Satu Data, yang dibuktikan dengan Keputusan Gubernur/Bupati/Wali Kota (Tabel 3.1 catatan **, §3.2.5 Ketentuan Khusus a)."}
	case "tidak":
		if !sepakat {
			// Without Sepakat nothing rides on the SK: the six-month rule is Sepakat's (Ketentuan Khusus).
			return ForumRule{}
		}
		return ForumRule{Listed: true, SixMonth: true,
			Why: "Tidak wajib: daerah Anda belum memiliki Forum Satu Data. Tanpa SK Penetapan Forum Satu Data Daerah, hak akses Sepakat hanya berlaku 6 bulan sejak diberikan dan dapat diperpanjang setelah SK diunggah (§3.2.5 Ketentuan Khusus a)."}
	}
	if !sepakat {
		return ForumRule{}
	}
	return ForumRule{Listed: true, SixMonth: true,
		Why: "Jawab pertanyaan Forum Satu Data pada Cakupan dan Narahubung: bila sudah ada, SK wajib diunggah; bila belum, hak akses Sepakat hanya berlaku 6 bulan (§3.2.5 Ketentuan Khusus a)."}
}

// Highest returns the highest tier among rows and the positions (0-based) of the rows that reach it.
func Highest(rows []Row) (int, []int) {
	top := MaxTier(rows)
	var at []int
	for i, r := range rows {
		if top > 0 && Tier(r.JenisData) == top {
			at = append(at, i)
		}
	}
	return top, at
}

func rowsWith(rows []Row, media string) []int {
	var at []int
	for i, r := range rows {
		if r.Media == media {
			at = append(at, i)
		}
	}
	return at
}

// TierName names a tier as pages do: "tingkat 4 (BNBA)".
func TierName(t int) string {
	name := map[int]string{2: "Agregat Terpilah", 3: "Mikro", 4: "BNBA"}[t]
	if name == "" {
		return "-"
	}
	return "tingkat " + strconv.Itoa(t) + " (" + name + ")"
}

// RowList names rows by position, as the task list numbers them: "baris 1 (Dinas Sosial: BNBA, Fasilitas
// Pengolahan Data Regsosek Terpadu)".
func RowList(rows []Row, at []int) string {
	parts := make([]string, 0, len(at))
	for _, i := range at {
		r := rows[i]
		name := r.Pengguna
		if name == "" {
			name = "tanpa nama"
		}
		parts = append(parts, "baris "+strconv.Itoa(i+1)+" ("+name+": "+Label(JenisDataOptions, r.JenisData)+", "+Label(MediaOptions, r.Media)+")")
	}
	return strings.Join(parts, "; ")
}

func signatory(inst Instansi) string {
	switch inst.Kategori {
	case "provinsi":
		return "Gubernur"
	case "kabupaten_kota":
		return "Bupati/Wali Kota"
	}
	return "Menteri/Kepala Lembaga"
}

// SixMonthLimit reports the Forum Satu Data rule: a Pemda asking for Sepakat without an SK Forum Satu Data
// gets Sepakat access for six months only, until the SK is uploaded.
func SixMonthLimit(inst Instansi, rows []Row, hasSKForum bool) bool {
	if !inst.Pemda() || hasSKForum {
		return false
	}
	for _, r := range rows {
		if r.Media == Sepakat {
			return true
		}
	}
	return false
}
