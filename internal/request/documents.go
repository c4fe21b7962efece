package request

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

// Requirement is one document the permohonan needs now, and why.
type Requirement struct {
	Kind     DocKind
	Label    string
	Why      string
	Optional bool
}

// RequiredDocuments computes the documents required now from the rows and the instansi (Tabel 3.1, §3.2.5).
// PKS and NDA come after approval (Tahap 4) and are not listed here.
func RequiredDocuments(inst Instansi, rows []Row) []Requirement {
	req := []Requirement{
		{Kind: DocSuratPermohonan, Why: "Wajib untuk setiap permohonan; ditandatangani " + signatory(inst) + " (§3.2.5)."},
		{Kind: DocKAK, Why: "Wajib untuk setiap permohonan; memuat identifikasi kebutuhan setiap pengguna (§3.2.5)."},
	}
	sepakat, pernyataan := false, false
	for _, r := range rows {
		if r.Media == Sepakat {
			sepakat = true
		}
		if r.Media == Fasilitas && Tier(r.JenisData) >= 3 {
			pernyataan = true
		}
	}
	if sepakat {
		req = append(req, Requirement{Kind: DocSKOperator, Why: "Ada pengguna dengan media akses Sepakat: operator pengelola akun ditetapkan dengan SK (§3.2.5)."})
	}
	if pernyataan {
		req = append(req, Requirement{Kind: DocSuratPernyataan, Why: "Ada data mikro atau BNBA melalui Fasilitas Pengolahan Data Regsosek Terpadu (Tabel 3.1)."})
	}
	if inst.Pemda() && sepakat {
		req = append(req, Requirement{Kind: DocSKForumSatuData, Optional: true,
			Why: "Tidak wajib. Tanpa SK Forum Satu Data Daerah, hak akses Sepakat hanya berlaku 6 bulan (§3.2.5 Ketentuan Khusus a)."})
	}
	for i := range req {
		req[i].Label = DocLabels[req[i].Kind]
	}
	return req
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
