// Package register holds the rules of the Register Pemanfaatan Data Regsosek: the public list of every
// permohonan that was given access — who uses which data, through which media, over which wilayah, for what
// purpose and until when — as the best data-access services publish theirs (NHS England's Data Uses Register,
// HDR UK's Data Use Register). An entry names institutions and units, never people: the purpose is the
// summary staff write for publication at the decision, checked here for personal data, and staff may
// withhold an entry with a recorded reason (UU 14/2008 on public information, Pasal 17, lists what may be
// withheld). Pure functions, no I/O.
package register

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Status is where the access of an entry stands.
type Status string

// The statuses of an entry.
const (
	Berlaku  Status = "berlaku"
	Berakhir Status = "berakhir"
	Dicabut  Status = "dicabut"
)

// AllStatus lists the statuses in the order filters show them.
var AllStatus = []Status{Berlaku, Berakhir, Dicabut}

var statusLabels = map[Status]string{Berlaku: "Berlaku", Berakhir: "Berakhir", Dicabut: "Dicabut"}

// Label is the status as the public reads it.
func (s Status) Label() string { return statusLabels[s] }

// UnitStatus is the register status of a unit whose Sepakat account is in state st while its entry is in
// force: a row revoked or ended alone says so.
func UnitStatus(st request.AkunState) Status {
	switch st {
	case request.AkunDicabut:
		return Dicabut
	case request.AkunBerakhir:
		return Berakhir
	}
	return Berlaku
}

// StatusOf is the register status of a permohonan in state st; ok is false for a permohonan that has no
// entry (access never given).
func StatusOf(st request.State) (Status, bool) {
	switch st {
	case request.AksesDiberikan:
		return Berlaku, true
	case request.Berakhir:
		return Berakhir, true
	case request.Dicabut:
		return Dicabut, true
	}
	return "", false
}

// Entry is one entry of the register: a permohonan with access given, as the public sees it.
type Entry struct {
	Nomor        string
	InstansiNama string
	Kategori     account.Kategori
	InstansiKode string
	Ringkasan    string // the purpose summarised for publication; "" when staff have not written one
	Pengguna     []Pengguna
	Mulai        time.Time // access given
	Sampai       time.Time // the end in force, or the day it ended
	Status       Status
	Diperbarui   time.Time
}

// Pengguna is a unit using the data under an entry: a unit kerja, OPD or desa, with what it was approved.
type Pengguna struct {
	Nama        string
	JenisData   string
	Media       string
	WilayahKode string
	WilayahNama string
	Sampai      time.Time // the unit's own end: rows may be approved for different periods, extended or revoked alone
	Status      Status    // the unit's own: a row revoked or ended alone (issue 13) while the entry is in force
}

// JenisData lists the distinct jenis data of an entry's units, highest tier first.
func (e Entry) JenisData() []string {
	var out []string
	for _, p := range e.Pengguna {
		if !slices.Contains(out, p.JenisData) {
			out = append(out, p.JenisData)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return request.Tier(b) - request.Tier(a) })
	return out
}

// Media lists the distinct media of an entry's units.
func (e Entry) Media() []string {
	var out []string
	for _, p := range e.Pengguna {
		if !slices.Contains(out, p.Media) {
			out = append(out, p.Media)
		}
	}
	slices.Sort(out)
	return out
}

// Wilayah lists the distinct wilayah names of an entry's units.
func (e Entry) Wilayah() []string {
	var out []string
	for _, p := range e.Pengguna {
		if !slices.Contains(out, p.WilayahNama) {
			out = append(out, p.WilayahNama)
		}
	}
	return out
}

// Publication is the publication state of an entry: published, or withheld by staff with a reason.
type Publication string

// The publication states.
const (
	Terbit  Publication = "terbit"
	Ditahan Publication = "ditahan"
)

// PublicationEvent moves an entry's publication.
type PublicationEvent string

// The publication events: withhold with a reason, publish again with a reason, or rewrite the summary (in
// place, recorded).
const (
	Tahan            PublicationEvent = "tahan"
	TerbitkanKembali PublicationEvent = "terbitkan_kembali"
	UbahRingkasan    PublicationEvent = "ubah_ringkasan"
)

type move = fsm.Move[Publication, PublicationEvent, account.Role]

// Editors may withhold an entry, publish it again and rewrite its summary: the produsen data who decides, and
// the admin.
var Editors = []account.Role{account.RoleProdusenData, account.RoleAdmin}

// Machine is an entry's publication machine.
var Machine = fsm.New(
	move{Event: Tahan, From: []Publication{Terbit}, To: Ditahan, Roles: Editors},
	move{Event: TerbitkanKembali, From: []Publication{Ditahan}, To: Terbit, Roles: Editors},
	move{Event: UbahRingkasan, From: []Publication{Terbit, Ditahan}, Roles: Editors},
)

// MaxRingkasan is the longest summary, in characters.
const MaxRingkasan = 600

var (
	longNumber = regexp.MustCompile(`\d(?:[\s.\-]?\d){9,}`)
	email      = regexp.MustCompile(`[^\s@]+@[^\s@]+\.[^\s@]+`)
)

// Messages of CheckRingkasan.
const (
	msgRingkasanPendek  = "Tuliskan ringkasan tujuan pemanfaatan untuk Register (paling sedikit 30 karakter)."
	msgRingkasanPanjang = "Ringkasan paling panjang 600 karakter."
	msgRingkasanPribadi = "Ringkasan untuk publikasi tidak boleh memuat data pribadi: hapus NIK, NIP, nomor telepon, atau alamat email."
)

// CheckRingkasan checks a summary written for publication: long enough to say what the data is used for,
// short enough to read, and free of what would identify a person (a number of ten digits or more — NIK, NIP,
// KK, a telephone number — or an email address). It returns the message to show beside the field, or "".
func CheckRingkasan(s string) string {
	n := len([]rune(s))
	switch {
	case n < 30:
		return msgRingkasanPendek
	case n > MaxRingkasan:
		return msgRingkasanPanjang
	case longNumber.MatchString(s) || email.MatchString(s):
		return msgRingkasanPribadi
	}
	return ""
}

// Refusals of the publication steps.
var (
	ErrAlasan = validate.Refusal("Tuliskan alasan (paling sedikit 10 karakter); alasan dicatat dalam log audit.")
)

// PageSize is how many entries a page of the register lists.
const PageSize = 25

// Filter narrows the register: words to look for in the instansi, the units, the summary and the number, and
// the choices of the filter form. Values that are not among the choices are dropped (Ignored says which), so a
// link someone edited still shows the register.
type Filter struct {
	Q         string
	Kategori  account.Kategori
	JenisData string
	Media     string
	Status    Status
	Provinsi  string // a province code: entries with a unit in it
	Tahun     int    // the year access was given
	Page      int    // from 1
	Ignored   []string
}

var provinsiCode = regexp.MustCompile(`^[0-9]{2}$`)

// ParseFilter reads a filter from a query string.
func ParseFilter(q url.Values) Filter {
	f := Filter{Q: validate.Clean(q.Get("q"), 100), Page: 1}
	ignore := func(name string) { f.Ignored = append(f.Ignored, name) }
	if v := q.Get("kategori"); v != "" {
		if k, err := account.ParseKategori(v); err == nil {
			f.Kategori = k
		} else {
			ignore("kategori")
		}
	}
	if v := q.Get("jenis_data"); v != "" {
		if request.Label(request.JenisDataOptions, v) != v {
			f.JenisData = v
		} else {
			ignore("jenis_data")
		}
	}
	if v := q.Get("media"); v != "" {
		if request.Label(request.MediaOptions, v) != v {
			f.Media = v
		} else {
			ignore("media")
		}
	}
	if v := q.Get("status"); v != "" {
		if slices.Contains(AllStatus, Status(v)) {
			f.Status = Status(v)
		} else {
			ignore("status")
		}
	}
	if v := q.Get("provinsi"); v != "" {
		if provinsiCode.MatchString(v) {
			f.Provinsi = v
		} else {
			ignore("provinsi")
		}
	}
	if v := q.Get("tahun"); v != "" {
		if y, err := strconv.Atoi(v); err == nil && y >= 2023 && y <= 2100 {
			f.Tahun = y
		} else {
			ignore("tahun")
		}
	}
	if v := q.Get("halaman"); v != "" {
		if p, err := strconv.Atoi(v); err == nil && p >= 1 && p <= 100000 {
			f.Page = p
		} else {
			ignore("halaman")
		}
	}
	return f
}

// Query writes the filter back as a query string (without the page), for links that keep it.
func (f Filter) Query() url.Values {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("q", f.Q)
	set("kategori", string(f.Kategori))
	set("jenis_data", f.JenisData)
	set("media", f.Media)
	set("status", string(f.Status))
	set("provinsi", f.Provinsi)
	if f.Tahun != 0 {
		q.Set("tahun", strconv.Itoa(f.Tahun))
	}
	return q
}

// Words splits the search text into the words every one of which an entry must contain.
func (f Filter) Words() []string {
	var out []string
	for _, w := range strings.Fields(strings.ToLower(f.Q)) {
		if len(out) < 8 {
			out = append(out, w)
		}
	}
	return out
}
