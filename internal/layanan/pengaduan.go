package layanan

import (
	"crypto/rand"
	"encoding/base32"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Kategori is what a report is about (§VI "Pilih Kategori Laporan Terkait Permintaan Data Anda").
type Kategori string

// The report categories.
const (
	KategoriPermohonan     Kategori = "permohonan_data"
	KategoriProses         Kategori = "proses_layanan"
	KategoriBimtek         Kategori = "bimtek"
	KategoriPenyalahgunaan Kategori = "penyalahgunaan_data"
	KategoriLainnya        Kategori = "lainnya"
)

// Kategories lists the categories in the order the form shows them.
var Kategories = []Kategori{KategoriPermohonan, KategoriProses, KategoriBimtek, KategoriPenyalahgunaan, KategoriLainnya}

// Label is the category's name on the form.
func (k Kategori) Label() string {
	switch k {
	case KategoriPermohonan:
		return "Permohonan hak akses data Regsosek"
	case KategoriProses:
		return "Proses layanan (verifikasi, keputusan, PKS/NDA, pemberian akses)"
	case KategoriBimtek:
		return "Fasilitasi bimbingan teknis"
	case KategoriPenyalahgunaan:
		return "Penyalahgunaan data Regsosek"
	case KategoriLainnya:
		return "Lainnya"
	}
	return string(k)
}

// PengaduanInput is the public form as posted.
type PengaduanInput struct {
	Judul, Isi              string
	Nama, Instansi, Jabatan string
	Lokasi, Kategori, Email string
	Anonim, Rahasia         bool
	PermohonanRef           string
}

// Pelapor is who sent a report. It is stored apart from the report, encrypted, and never shown to staff
// when the report is Anonim.
type Pelapor struct {
	Nama     string `json:"nama"`
	Instansi string `json:"instansi"`
	Jabatan  string `json:"jabatan"`
	Email    string `json:"email,omitempty"`
}

// Pengaduan is a valid report.
type Pengaduan struct {
	Judul, Isi, Lokasi string
	Kategori           Kategori
	Anonim, Rahasia    bool
	Pelapor            Pelapor
	PermohonanRef      string
}

// Bounds of the report's fields, in runes.
const (
	MaxJudul = 200
	MaxIsi   = 5000
)

// ParsePengaduan checks the Pengaduan dan Pelaporan form. The pedoman marks every field but the attachment
// as required, Nama, Instansi and Jabatan included: with Anonim they are kept, apart, but hidden from staff.
// Email is optional: with it, the reporter receives the tracking code and every answer by email.
func ParsePengaduan(in PengaduanInput) (Pengaduan, validate.Errors) {
	var errs validate.Errors
	p := Pengaduan{Judul: validate.Clean(in.Judul, MaxJudul), Isi: CleanText(in.Isi, MaxIsi), Lokasi: validate.Clean(in.Lokasi, maxShort),
		Anonim: in.Anonim, Rahasia: in.Rahasia, PermohonanRef: validate.Clean(in.PermohonanRef, 40),
		Pelapor: Pelapor{Nama: validate.Clean(in.Nama, maxShort), Instansi: validate.Clean(in.Instansi, 200), Jabatan: validate.Clean(in.Jabatan, maxShort)}}
	if p.Judul == "" {
		errs.Add("judul", "Ketik judul laporan Anda.")
	}
	if p.Isi == "" {
		errs.Add("isi", "Ketik isi laporan Anda.")
	} else if len([]rune(p.Isi)) < 20 {
		errs.Add("isi", "Isi laporan terlalu singkat. Jelaskan apa yang terjadi, kapan, dan di mana (paling sedikit 20 karakter).")
	}
	if p.Pelapor.Nama == "" {
		errs.Add("nama", "Ketik nama Anda. Jika memilih Anonim, nama tidak ditampilkan kepada petugas.")
	}
	if p.Pelapor.Instansi == "" {
		errs.Add("instansi", "Ketik instansi Anda.")
	}
	if p.Pelapor.Jabatan == "" {
		errs.Add("jabatan", "Ketik jabatan Anda.")
	}
	if p.Lokasi == "" {
		errs.Add("lokasi", "Ketik lokasi Anda, misalnya kabupaten/kota dan provinsi.")
	}
	k := Kategori(strings.TrimSpace(in.Kategori))
	if k.Label() == string(k) {
		errs.Add("kategori", "Pilih kategori laporan.")
	} else {
		p.Kategori = k
	}
	if e := strings.TrimSpace(in.Email); e != "" {
		if n, err := account.NormalizeEmail(e); err != nil {
			errs.Add("email", err.Error())
		} else {
			p.Pelapor.Email = n
		}
	}
	return p, errs
}

// ParsePesan checks a message in a report's thread: an answer, a request for information, a closing note
// or the reporter's reply. Closing may be silent; the others need text.
func ParsePesan(text string, required bool) (string, validate.Errors) {
	var errs validate.Errors
	t := CleanText(text, MaxIsi)
	if msg := validate.Reason("pesan", t); required && msg != "" {
		errs.Add("pesan", msg)
	}
	return t, errs
}

// Tracking codes: 20 random bytes (160 bits) written as 32 base32 characters in groups of four. Letters
// are read case-insensitively and 0/1/8 typed for O/I/B are accepted, so a code read aloud or retyped works.
const (
	trackingBytes = 20
	trackingLen   = 32
)

var trackingEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTrackingCode returns a fresh tracking code, such as "K7QM-2XPA-…", carrying 160 bits of randomness.
func NewTrackingCode() string {
	b := make([]byte, trackingBytes)
	_, _ = rand.Read(b) // crypto/rand.Read does not fail since Go 1.24
	s := trackingEncoding.EncodeToString(b)
	var out strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			out.WriteByte('-')
		}
		out.WriteString(s[i : i+4])
	}
	return out.String()
}

// NormalizeTrackingCode returns the canonical form of a typed code (upper case, no spaces or dashes) and
// whether it has the shape of a code. A code of the wrong shape is still looked up by callers, so that a
// mistyped code and one that does not exist take the same path and get the same answer.
func NormalizeTrackingCode(s string) (string, bool) {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t' || r == '\n' || r == '\r':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r == '0':
			return 'O'
		case r == '1':
			return 'I'
		case r == '8':
			return 'B'
		}
		return r
	}, s)
	if len(s) > 64 {
		s = s[:64]
	}
	if len(s) != trackingLen {
		return s, false
	}
	_, err := trackingEncoding.DecodeString(s)
	return s, err == nil
}

// Pengaduan states.
const (
	PengaduanBaru              = "baru"               // waiting for staff: new, or the reporter replied
	PengaduanMenungguInformasi = "menunggu_informasi" // staff asked the reporter for more
	PengaduanDijawab           = "dijawab"
	PengaduanDitutup           = "ditutup"
)

// Pengaduan events: three by staff, one by the reporter.
const (
	EventJawab          = "jawab"
	EventMintaInformasi = "minta_informasi"
	EventTutup          = "tutup"
	EventTanggapi       = "tanggapi" // the reporter replies
)

// pengaduanMoves is a report's state machine.
var pengaduanMoves = moves{
	EventJawab:          {[]string{PengaduanBaru, PengaduanMenungguInformasi, PengaduanDijawab}, PengaduanDijawab},
	EventMintaInformasi: {[]string{PengaduanBaru, PengaduanMenungguInformasi, PengaduanDijawab}, PengaduanMenungguInformasi},
	EventTutup:          {[]string{PengaduanBaru, PengaduanMenungguInformasi, PengaduanDijawab}, PengaduanDitutup},
	EventTanggapi:       {[]string{PengaduanMenungguInformasi, PengaduanDijawab}, PengaduanBaru},
}

// NextPengaduan returns the state event leads to from state, or ErrInvalidTransition.
func NextPengaduan(state, event string) (string, error) { return pengaduanMoves.next(state, event) }

// PengaduanStateLabel is a state's name for people.
func PengaduanStateLabel(state string) string {
	switch state {
	case PengaduanBaru:
		return "Diterima — menunggu tindak lanjut petugas"
	case PengaduanMenungguInformasi:
		return "Menunggu informasi tambahan dari pelapor"
	case PengaduanDijawab:
		return "Dijawab"
	case PengaduanDitutup:
		return "Ditutup"
	}
	return state
}

// Viewer is a staff member as the report rules see them.
type Viewer struct {
	StaffID int64
	Handler bool // holds pengelola_layanan
	Admin   bool
}

// ViewerFor builds a Viewer from a staff member's roles.
func ViewerFor(staffID int64, roles []account.Role) Viewer {
	v := Viewer{StaffID: staffID}
	for _, r := range roles {
		switch r {
		case account.RolePengelolaLayanan:
			v.Handler = true
		case account.RoleAdmin:
			v.Admin = true
		}
	}
	return v
}

// CanView decides whether a staff member may open a report. Handlers (pengelola_layanan) see every report,
// except that a Rahasia report, once a handler has taken it up, is seen only by that handler. An admin may
// open a report (to reveal an Anonim reporter on request) but lists without Rahasia reports. handlerID is 0
// when nobody has acted on the report yet.
func (v Viewer) CanView(rahasia bool, handlerID int64) bool {
	if v.Handler {
		return !rahasia || handlerID == 0 || handlerID == v.StaffID
	}
	return v.Admin
}

// CanAct reports whether the staff member may answer, ask for information or close a report.
func (v Viewer) CanAct(rahasia bool, handlerID int64) bool {
	return v.Handler && v.CanView(rahasia, handlerID)
}

// ListsRahasia reports whether the staff member's listing of reports includes Rahasia ones: only the
// handlers' queue does.
func (v Viewer) ListsRahasia() bool { return v.Handler }
