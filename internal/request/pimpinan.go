package request

import (
	"strings"

	"github.com/bappenas/portal-regsosek/internal/account"
)

// The head of the pemohon: who signs the Surat Permohonan Hak Akses (§3.2.5 1.d, Lampiran 5) and to whom the
// Menteri PPN addresses the approval of access (SE angka 11): the Menteri or Pimpinan Lembaga, the Gubernur,
// the Bupati or Wali Kota (pedoman §1.5).

// Pimpinan returns the office of the pemohon's head for an instansi as the akun names it: "KEMENTERIAN
// SOSIAL" → "Menteri Sosial"; "BADAN PUSAT STATISTIK" → "Kepala Badan Pusat Statistik"; "Pemerintah
// Provinsi Jawa Barat" → "Gubernur Jawa Barat"; "Pemerintah Kabupaten Bogor" → "Bupati Bogor";
// "Pemerintah Kota Bandung" → "Wali Kota Bandung". A lembaga led otherwise is "Pimpinan …".
func Pimpinan(kat account.Kategori, instansi string) string {
	name := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(instansi), "Pemerintah "))
	switch kat {
	case account.KategoriProvinsi:
		return "Gubernur " + strings.TrimSpace(strings.TrimPrefix(name, "Provinsi "))
	case account.KategoriKabKota:
		if rest, ok := strings.CutPrefix(name, "Kabupaten "); ok {
			return "Bupati " + rest
		}
		return "Wali Kota " + strings.TrimSpace(strings.TrimPrefix(name, "Kota "))
	}
	var parts []string
	for p := range strings.SplitSeq(instansi, "/") {
		p = titleCase(strings.TrimSpace(p))
		switch {
		case strings.HasPrefix(p, "Kementerian "):
			parts = append(parts, "Menteri "+strings.TrimPrefix(p, "Kementerian "))
		case strings.HasPrefix(p, "Badan "), strings.HasPrefix(p, "Lembaga "), strings.HasPrefix(p, "Pusat "),
			strings.HasPrefix(p, "Arsip "), strings.HasPrefix(p, "Perpustakaan "), strings.HasPrefix(p, "Otorita "):
			parts = append(parts, "Kepala "+p)
		case p != "":
			parts = append(parts, "Pimpinan "+p)
		}
	}
	return strings.Join(parts, "/")
}

// PimpinanPlace is the place on the place-and-date line of a letter the pemohon signs, when the portal knows
// it: a kab/kota's own name ("Bandung", "Bogor"); "" otherwise (left for the signer to write).
func PimpinanPlace(kat account.Kategori, instansi string) string {
	if kat != account.KategoriKabKota {
		return ""
	}
	name := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(instansi), "Pemerintah "))
	if rest, ok := strings.CutPrefix(name, "Kabupaten "); ok {
		return rest
	}
	return strings.TrimSpace(strings.TrimPrefix(name, "Kota "))
}

// small words stay lower case inside a name; acronyms stay upper case.
var (
	smallWords = map[string]bool{"dan": true, "atau": true, "di": true, "ke": true, "dari": true, "untuk": true, "yang": true, "serta": true}
	acronyms   = map[string]bool{"RI": true, "BPN": true, "SAR": true, "PPN": true, "UMKM": true}
)

// titleCase turns an upper-case name of the K/L list into a title: "KEMENTERIAN HUKUM DAN HAK ASASI MANUSIA RI"
// → "Kementerian Hukum dan Hak Asasi Manusia RI"; words in parentheses keep their case.
func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		switch {
		case strings.HasPrefix(w, "(") || acronyms[w]:
		case i > 0 && smallWords[strings.ToLower(w)]:
			words[i] = strings.ToLower(w)
		default:
			lw := []rune(strings.ToLower(w))
			if len(lw) > 0 {
				words[i] = strings.ToUpper(string(lw[0])) + string(lw[1:])
			}
		}
	}
	return strings.Join(words, " ")
}
