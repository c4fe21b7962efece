package request

import (
	"strings"
	"time"
	"unicode"

	"github.com/bappenas/portal-regsosek/internal/account"
)

// The countersigned copies of the agreements, uploaded by the produsen data (Tahap 4).
const (
	DocPKSTTD DocKind = "pks_ttd"
	DocNDATTD DocKind = "nda_ttd"
)

// ApprovedRow is a row the produsen data approved, with the jenis data approved for it (the requested
// one or a lower tier).
type ApprovedRow struct {
	Row
	Approved string
}

// Tier is the approved tier.
func (a ApprovedRow) Tier() int { return Tier(a.Approved) }

// NeedsNDA applies §3.2.5 and Tabel 3.1: an NDA is signed when an approved row is tier 3 or 4 (mikro or
// BNBA) with media Sepakat. Fasilitas rows sign a Surat Pernyataan instead, at submission.
func NeedsNDA(rows []ApprovedRow) bool {
	for _, r := range rows {
		if r.Media == Sepakat && r.Tier() >= 3 {
			return true
		}
	}
	return false
}

// AgreementKinds lists the agreements a permohonan signs in Tahap 4: always the PKS (every approved row is
// tier 2 or above), and the NDA when NeedsNDA.
func AgreementKinds(rows []ApprovedRow) []DocKind {
	if NeedsNDA(rows) {
		return []DocKind{DocPKS, DocNDA}
	}
	return []DocKind{DocPKS}
}

// Countersigned is the kind of the copy signed by both parties for an agreement kind.
func Countersigned(kind DocKind) DocKind {
	if kind == DocNDA {
		return DocNDATTD
	}
	return DocPKSTTD
}

// Pihak is one party of an agreement: the office that signs for it.
type Pihak struct {
	Instansi string // the body the party represents
	Jabatan  string // the signing official's office
}

const (
	bappenas     = "Kementerian Perencanaan Pembangunan Nasional/Badan Perencanaan Pembangunan Nasional"
	sesmenPPN    = "Sekretaris Kementerian PPN/Sekretaris Utama Bappenas"
	direkturPKPM = "Direktur Penanggulangan Kemiskinan dan Pemberdayaan Masyarakat Kementerian PPN/Bappenas selaku Produsen Data Regsosek"
	kapusdatin   = "Kepala Pusat Data dan Informasi Perencanaan Pembangunan"
)

// PKSParties returns the signatories of the PKS for the pemohon's level (§3.2.5 c.2 b): Pihak Kesatu is the
// Sekretaris Kementerian PPN/Sestama for K/L and provinsi, the Direktur PKPM or the Kapusdatin for a kab/kota;
// Pihak Kedua the Sekretaris Menteri/Sekretaris Utama of a K/L or the Sekretaris Daerah of a Pemda.
func PKSParties(kat account.Kategori, instansi string) (kesatu, kedua Pihak) {
	kesatu = Pihak{Instansi: bappenas, Jabatan: sesmenPPN}
	if kat == account.KategoriKabKota {
		kesatu.Jabatan = direkturPKPM + " atau " + kapusdatin
	}
	return kesatu, Pihak{Instansi: instansi, Jabatan: secondParty(kat, instansi, false)}
}

// NDAParties returns the signatories of the NDA (§3.2.5 c.3 b): Pihak Kesatu is the Sekretaris
// Kementerian PPN/Sestama for pusat and provinsi and the Direktur PKPM for a kab/kota; Pihak Kedua the
// Sekretaris Menteri/Sekretaris Utama or Sekretaris Jenderal of a K/L, or the Sekretaris Daerah.
func NDAParties(kat account.Kategori, instansi string) (kesatu, kedua Pihak) {
	kesatu = Pihak{Instansi: bappenas, Jabatan: sesmenPPN}
	if kat == account.KategoriKabKota {
		kesatu.Jabatan = direkturPKPM
	}
	return kesatu, Pihak{Instansi: instansi, Jabatan: secondParty(kat, instansi, true)}
}

func secondParty(kat account.Kategori, instansi string, nda bool) string {
	switch kat {
	case account.KategoriProvinsi, account.KategoriKabKota:
		return "Sekretaris Daerah " + strings.TrimPrefix(instansi, "Pemerintah ")
	}
	if nda {
		return "Sekretaris Menteri/Sekretaris Utama atau Sekretaris Jenderal " + instansi
	}
	return "Sekretaris Menteri/Sekretaris Utama " + instansi
}

// SixMonths is how long a Pemda without Forum Satu Data keeps Sepakat access (§3.2.5 Khusus a).
const SixMonths = 6

// AksesEnd is the end date in force when access is given on given: the approved end, cut to six months
// after given when the six-month rule applies.
func AksesEnd(approved, given time.Time, sixMonth bool) time.Time {
	if sixMonth {
		if limit := given.AddDate(0, SixMonths, 0); limit.Before(approved) {
			return limit
		}
	}
	return approved
}

// WarningDays is how long before the end the "akses akan berakhir" email goes out (DOMAIN.md §5).
const WarningDays = 30

// SepakatUsername proposes a Nama Pengguna for a row's account, in the style of the pedoman's screen
// ("Dinsos.Aceh"): the pengguna's name in lower-case letters and digits, then the wilayah code without dots.
// The store adds a suffix when it is taken.
func SepakatUsername(pengguna, wilayah string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(pengguna) {
		if b.Len() >= 24 {
			break
		}
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	name := b.String()
	if name == "" {
		name = "pengguna"
	}
	if wilayah == Nasional || wilayah == "" {
		return name + ".nasional"
	}
	return name + "." + strings.ReplaceAll(wilayah, ".", "")
}
