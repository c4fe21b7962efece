package layanan

import (
	"fmt"
	"strconv"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Bimbingan teknis outcomes (issue 13 item 7): the pengelola layanan records the participants of each class
// of a Pelatihan (nama, NIP, instansi/unit, email), their attendance and whether they passed. Each participant
// who passed gets a prefilled certificate, and may be chosen as the training evidence of a Sepakat operator
// (Kapasitas, Tabel 3.1: "Lulus pelatihan SEPAKAT").

// Peserta is one participant of a class.
type Peserta struct {
	ID         int64
	BimtekID   int64
	Kelas      string // "PK-1", "DK-2": the kelas and its number
	Nama       string
	NIP        string // 18-digit NIP, or 16-digit NIK for a desa official
	Unit       string // instansi and unit kerja
	Email      string
	Hadir      bool
	Lulus      *bool // nil until judged
	Nomor      string
	DinilaiAt  *time.Time
	BimtekRef  string // the bimtek's reference, for lists across bimtek
	BimtekEnds *time.Time
}

// Passed reports whether the participant passed.
func (p Peserta) Passed() bool { return p.Lulus != nil && *p.Lulus }

// Result names the outcome as pages show it.
func (p Peserta) Result() string {
	switch {
	case p.Lulus == nil:
		return "Belum dinilai"
	case *p.Lulus:
		return "Lulus"
	}
	return "Tidak lulus"
}

// PesertaInput is the form of one participant as typed.
type PesertaInput struct {
	Kelas, Nama, NIP, Unit, Email string
}

// ClassNames lists the classes of a training, "PK-1" … then "DK-1" …, from the numbers asked for.
func ClassNames(d BimtekData) []string {
	pk, dk := d.Classes()
	var out []string
	for i := 1; i <= pk; i++ {
		out = append(out, "PK-"+strconv.Itoa(i))
	}
	for i := 1; i <= dk; i++ {
		out = append(out, "DK-"+strconv.Itoa(i))
	}
	return out
}

// ClassLabel names a class for people: "Kelas PK 1".
func ClassLabel(kelas string) string {
	if len(kelas) > 3 {
		return "Kelas " + kelas[:2] + " " + kelas[3:]
	}
	return kelas
}

// RecordsOutcomes reports whether participants may be recorded for b: a Pelatihan that is scheduled or done.
func RecordsOutcomes(b Bimtek) bool {
	return b.Data.Pelatihan && (b.State == BimtekDijadwalkan || b.State == BimtekSelesai)
}

// Refusals of participants.
var (
	ErrPesertaClosed = validate.Refusal("Peserta hanya dapat dicatat untuk pelatihan yang sudah dijadwalkan atau selesai.")
	ErrKelasFull     = validate.Refusal(fmt.Sprintf("Kelas ini sudah berisi %d peserta, batas satu kelas pelatihan (lampiran 8).", PesertaPerKelas))
	ErrPesertaTwice  = validate.Refusal("Peserta dengan NIP/NIK ini sudah tercatat pada bimbingan teknis ini.")
	ErrLulusAbsent   = validate.Refusal("Peserta yang tidak hadir tidak dapat dinyatakan lulus.")
)

// ParsePeserta checks one participant against the classes of the training.
func ParsePeserta(in PesertaInput, classes []string) (Peserta, validate.Errors) {
	var errs validate.Errors
	// Over-long text is an error beside the field, kept whole to be shortened (issue 15), not cut.
	p := Peserta{Kelas: in.Kelas, Nama: errs.Text("nama", "Nama lengkap", in.Nama, 150),
		Unit: errs.Text("unit", "Instansi dan unit kerja", in.Unit, 200)}
	known := false
	for _, c := range classes {
		known = known || c == in.Kelas
	}
	if !known {
		errs.Add("kelas", "Pilih kelas peserta.")
	}
	if p.Nama == "" {
		errs.Add("nama", "Isi nama lengkap peserta.")
	}
	if nip, err := account.NormalizeNIPOrNIK(in.NIP); err != nil {
		errs.Add("nip", err.Error())
	} else {
		p.NIP = nip
	}
	if p.Unit == "" {
		errs.Add("unit", "Isi instansi dan unit kerja peserta, lengkap tanpa singkatan.")
	}
	if e, err := account.NormalizeEmail(in.Email); err != nil {
		errs.Add("email", err.Error())
	} else {
		p.Email = e
	}
	return p, errs
}

// Hasil is a participant's attendance and result as judged.
type Hasil struct {
	Hadir bool
	Lulus *bool
}

// CheckHasil applies the one rule of a result: only a participant who attended may pass.
func CheckHasil(h Hasil) error {
	if h.Lulus != nil && *h.Lulus && !h.Hadir {
		return ErrLulusAbsent
	}
	return nil
}

// SertifikatNomor is the certificate number of the n-th certificate issued in year.
func SertifikatNomor(n int64, year int) string {
	return fmt.Sprintf("%05d/BIMTEK-REGSOSEK/%d", n, year)
}
