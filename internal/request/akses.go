package request

import (
	"strings"
	"time"
	"unicode"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
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
	// Sampai is the row's decided end (NULL-free since migration 011: rows decided before it carry their
	// permohonan's end).
	Sampai *time.Time
}

// Tier is the approved tier.
func (a ApprovedRow) Tier() int { return Tier(a.Approved) }

// NeedsNDA applies Tabel 3.1 with §III: the highest approved tier governs the whole permohonan, so once an
// approved row is tier 3 or 4 (mikro or BNBA), the NDA is signed for every approved row through Sepakat —
// an Agregat Terpilah row via Sepakat beside a BNBA row via Fasilitas needs it too. Fasilitas rows sign a
// Surat Pernyataan instead, at submission.
func NeedsNDA(rows []ApprovedRow) bool {
	top, sepakat := 0, false
	for _, r := range rows {
		top = max(top, r.Tier())
		sepakat = sepakat || r.Media == Sepakat
	}
	return top >= 3 && sepakat
}

// AgreementKinds lists the agreements a permohonan signs in Tahap 4: always the PKS (every approved row is
// tier 2 or above), and the NDA when NeedsNDA.
func AgreementKinds(rows []ApprovedRow) []DocKind {
	if NeedsNDA(rows) {
		return []DocKind{DocPKS, DocNDA}
	}
	return []DocKind{DocPKS}
}

// AsRequested treats rows as approved at the jenis data they ask for, to tell before the decision which
// agreements Tahap 4 will ask for.
func AsRequested(rows []Row) []ApprovedRow {
	out := make([]ApprovedRow, len(rows))
	for i, r := range rows {
		out[i] = ApprovedRow{Row: r, Approved: r.JenisData}
	}
	return out
}

// Agreements lists the PKS and NDA with why, from rows as approved (or AsRequested before the decision):
// which row set the highest tier, and which rows go through Sepakat (Tabel 3.1, §III).
func Agreements(rows []ApprovedRow) []Requirement {
	plain := make([]Row, len(rows))
	top := 0
	for i, r := range rows {
		plain[i] = r.Row
		plain[i].JenisData = r.Approved
		top = max(top, r.Tier())
	}
	if top == 0 {
		return nil
	}
	_, topRows := Highest(plain)
	out := []Requirement{{Kind: DocPKS, Label: DocLabels[DocPKS],
		Why: "Setiap hak akses tingkat 2 sampai 4 dilengkapi PKS (SE angka 10.f; Tabel 3.1)."}}
	if NeedsNDA(rows) {
		out = append(out, Requirement{Kind: DocNDA, Label: DocLabels[DocNDA],
			Why: "Tingkat tertinggi " + TierName(top) + " (" + RowList(plain, topRows) + ") berlaku untuk seluruh permohonan (§III), sehingga NDA diperlukan untuk media Sepakat: " +
				RowList(plain, rowsWith(plain, Sepakat)) + " (Tabel 3.1)."})
	}
	return out
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

// AksesEnd is the end date in force of Sepakat access given on given: the approved end, cut to six months
// after given when the six-month rule applies. The six months run from the day access is given, not from
// the decision (§3.2.5 Ketentuan Khusus a: "hanya dapat diakses selama 6 bulan").
func AksesEnd(approved, given time.Time, sixMonth bool) time.Time {
	if sixMonth {
		if limit := indo.AddMonths(given, SixMonths); limit.Before(approved) {
			return limit
		}
	}
	return approved
}

// RowEnd is the end in force of an approved row given on given: its decided end (fallback, the permohonan's,
// for a row decided without one), and for a Sepakat row AksesEnd's cut. The six-month rule is Sepakat's
// alone (§3.2.5 Ketentuan Khusus: "persyaratan tambahan … dengan pengajuan media akses Sepakat"): a
// Fasilitas row keeps its decided end.
func RowEnd(a ApprovedRow, fallback, given time.Time, sixMonth bool) time.Time {
	end := fallback
	if a.Sampai != nil {
		end = indo.DayStart(*a.Sampai)
	}
	if a.Media != Sepakat {
		return end
	}
	return AksesEnd(end, given, sixMonth)
}

// EndReason says why access that reached its end in force ended: the six-month rule when that rule cut it
// short of its approved end (EndEnamBulan: closed until the SK Forum Satu Data is uploaded), otherwise its
// own period (EndKedaluwarsa). Access approved for less than six months ends by its own period even where
// the rule applies.
func EndReason(sixMonth bool, approved, inForce time.Time) string {
	if sixMonth && indo.DayStart(approved).After(indo.DayStart(inForce)) {
		return EndEnamBulan
	}
	return EndKedaluwarsa
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
	// A cakupan of several areas names each, dot-separated ("32,33" → "32.33"), so it never reads as one
	// kab/kota code ("32.33" → "3233").
	codes := CakupanCodes(wilayah)
	for i, c := range codes {
		codes[i] = strings.ReplaceAll(c, ".", "")
	}
	out := name + "." + strings.Join(codes, ".")
	if len(out) > 40 {
		out = strings.TrimRight(out[:40], ".")
	}
	return out
}

// HakAkses is one approved row as the Surat Persetujuan Pemberian Hak Akses lists it (SE angka 11): the
// pengguna, the jenis data approved, the media, the wilayah and the end in force.
type HakAkses struct {
	Pengguna, JenisData, Media, Wilayah string
	Sampai                              time.Time
}

// Persetujuan is what the Surat Persetujuan Pemberian Hak Akses Data Regsosek says: from the Menteri PPN
// (signed under the delegation to the Produsen Data, SE angka 10.c) to the head of the pemohon, once access
// is given.
type Persetujuan struct {
	Ref        Ref
	Kategori   account.Kategori
	Pimpinan   string // the addressee: Pimpinan(kategori, instansi)
	Diajukan   time.Time
	Diberikan  time.Time
	EnamBulan  bool
	Rows       []HakAkses
	Narahubung string // the narahubung's role and name, for the copy
}
