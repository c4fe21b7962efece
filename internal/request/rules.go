package request

import (
	"regexp"
	"strings"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
)

// Jenis data (DOMAIN.md §1) and the tier each is.
const (
	AgregatTerpilah = "agregat_terpilah"
	Mikro           = "mikro"
	BNBA            = "bnba"
)

// Media akses (§3.2.2).
const (
	Sepakat   = "sepakat"
	Fasilitas = "fasilitas"
)

// Kinds of pengguna: a unit kerja of a K/L, an OPD of a Pemda, or a pemerintah desa/kelurahan.
const (
	PenggunaUnitKerja = "unit_kerja"
	PenggunaOPD       = "opd"
	PenggunaDesa      = "desa"
)

// Lawful purposes for BNBA (§3.2.1.2, SE E.8).
const (
	TujuanKepentinganUmum = "kepentingan_umum"
	TujuanSektorKeuangan  = "sektor_keuangan"
	TujuanStatistik       = "statistik_penelitian"
)

// Nasional is the cakupan of the whole country.
const Nasional = "nasional"

// Option is a value with its label, in the order forms list them.
type Option struct{ Value, Label string }

// JenisDataOptions, MediaOptions and TujuanBNBAOptions are the choices with the pedoman's labels.
var (
	JenisDataOptions  = []Option{{AgregatTerpilah, "Agregat Terpilah"}, {Mikro, "Mikro"}, {BNBA, "BNBA"}}
	MediaOptions      = []Option{{Sepakat, "Sepakat"}, {Fasilitas, "Fasilitas Pengolahan Data Regsosek Terpadu"}}
	TujuanBNBAOptions = []Option{
		{TujuanKepentinganUmum, "Kepentingan umum dalam rangka penyelenggaraan negara"},
		{TujuanSektorKeuangan, "Pengawasan sektor jasa keuangan, moneter, sistem pembayaran, dan stabilitas sistem keuangan"},
		{TujuanStatistik, "Kepentingan statistik dan penelitian ilmiah"},
	}
)

// Label returns the label of value among options, or value itself.
func Label(options []Option, value string) string {
	for _, o := range options {
		if o.Value == value {
			return o.Label
		}
	}
	return value
}

// Tier returns the access tier of a jenis data: 2 agregat terpilah, 3 mikro, 4 BNBA; 0 when unknown.
func Tier(jenisData string) int {
	switch jenisData {
	case AgregatTerpilah:
		return 2
	case Mikro:
		return 3
	case BNBA:
		return 4
	}
	return 0
}

// Instansi is the pemohon as the scope rules see it.
type Instansi struct {
	Kategori account.Kategori
	Kode     string // kode BA for pusat, "32" for a province, "32.73" for a kab/kota
}

// Pemda reports whether the pemohon is a regional government.
func (i Instansi) Pemda() bool { return i.Kategori != account.KategoriPusat }

var wilayahCode = regexp.MustCompile(`^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$`)

// InScope applies §3.2.3: a K/L may ask for nasional and anything below; a province for itself and below; a
// kab/kota for itself and its desa/kelurahan.
func InScope(inst Instansi, wilayah string) bool {
	if wilayah == Nasional {
		return inst.Kategori == account.KategoriPusat
	}
	if !wilayahCode.MatchString(wilayah) {
		return false
	}
	switch inst.Kategori {
	case account.KategoriPusat:
		return true
	case account.KategoriProvinsi, account.KategoriKabKota:
		return wilayah == inst.Kode || strings.HasPrefix(wilayah, inst.Kode+".")
	}
	return false
}

// Within reports whether wilayah lies inside one of cakupan's areas (or is one).
func Within(cakupan, wilayah string) bool {
	for _, c := range CakupanCodes(cakupan) {
		if c == Nasional || wilayah == c || strings.HasPrefix(wilayah, c+".") {
			return true
		}
	}
	return false
}

// Header is the permohonan's header: cakupan and narahubung.
type Header struct {
	Cakupan                           string
	NarahubungNama, NarahubungJabatan string
	NarahubungNIP, NarahubungEmail    string
	NarahubungPhone                   string
	ForumSatuData                     string // "ya", "tidak" or "" (Pemda only)
}

// Row is one line of "Identifikasi Kebutuhan Hak Akses dan Media Akses".
type Row struct {
	ID                                                        int64
	PenggunaJenis, Pengguna, PenggunaWilayah                  string
	Tujuan, TujuanBNBA, JenisData, Media                      string
	OperatorNama, OperatorJabatan, OperatorNIP, OperatorEmail string
	OperatorPhone                                             string
	IsNew                                                     bool
	// Jangka waktu (§III, step 3 of identifying needs): one-off or continuous use, from PeriodeMulai until
	// PeriodeSelesai or for PeriodeBulan months — as typed (ISO dates, a number), checked at "Ajukan".
	Penggunaan, PeriodeMulai, PeriodeSelesai, PeriodeBulan string
	// Kapasitas (Tabel 3.1): the operator's declared ability to process data, with what it rests on.
	OlahData           bool
	OlahDataKeterangan string
}

// Wilayah is the area a row's access covers: its desa for a desa pengguna, else the permohonan's cakupan.
func (r Row) Wilayah(cakupan string) string {
	if r.PenggunaJenis == PenggunaDesa && r.PenggunaWilayah != "" {
		return r.PenggunaWilayah
	}
	return cakupan
}

// MaxTier is the highest tier among rows: its requirements apply to the whole permohonan (§III).
func MaxTier(rows []Row) int {
	t := 0
	for _, r := range rows {
		t = max(t, Tier(r.JenisData))
	}
	return t
}

func mustDate(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}
