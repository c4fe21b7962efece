// Package survei holds the Survei Kepuasan Masyarakat of the portal's services, as Peraturan Menteri PANRB
// Nomor 14 Tahun 2017 (Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik)
// sets it: nine elements (unsur) answered on a scale of 1 to 4, and the Indeks Kepuasan Masyarakat computed
// from them with equal weights, converted to 25–100 and read as a quality category A–D. Who is invited, when
// and how often, and the arithmetic, are here; answers are anonymous. Pure functions, no I/O.
package survei

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Layanan is a service whose users are surveyed.
type Layanan string

// The services: a permohonan hak akses (invited when it is refused or access is given), a Fasilitasi Bimbingan
// Teknis (when done), and a pengaduan (when closed).
const (
	Permohonan Layanan = "permohonan"
	Bimtek     Layanan = "bimtek"
	Pengaduan  Layanan = "pengaduan"
)

// AllLayanan lists the services in the order pages show them.
var AllLayanan = []Layanan{Permohonan, Bimtek, Pengaduan}

var layananLabels = map[Layanan]string{
	Permohonan: "Permohonan Hak Akses Data Regsosek",
	Bimtek:     "Fasilitasi Bimbingan Teknis",
	Pengaduan:  "Pengaduan dan Pelaporan",
}

// Label names a service.
func (l Layanan) Label() string { return layananLabels[l] }

// ParseLayanan reads a service; "" for any other value.
func ParseLayanan(s string) Layanan {
	if _, ok := layananLabels[Layanan(s)]; ok {
		return Layanan(s)
	}
	return ""
}

// Unsur is one of the nine elements of PermenPANRB 14/2017 (Lampiran, Bab II), with the question asked and
// the four answers, from 1 (worst) to 4 (best), as the regulation's sample questionnaire words them.
type Unsur struct {
	Kode, Nama, Pertanyaan string
	Jawaban                [4]string
}

// Unsurs are the nine elements, in the regulation's order.
var Unsurs = [9]Unsur{
	{"U1", "Persyaratan", "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
		[4]string{"Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"}},
	{"U2", "Sistem, Mekanisme, dan Prosedur", "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
		[4]string{"Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"}},
	{"U3", "Waktu Penyelesaian", "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
		[4]string{"Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"}},
	{"U4", "Biaya/Tarif", "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
		[4]string{"Sangat mahal", "Cukup mahal", "Murah", "Gratis"}},
	{"U5", "Produk Spesifikasi Jenis Pelayanan", "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?",
		[4]string{"Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"}},
	{"U6", "Kompetensi Pelaksana", "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
		[4]string{"Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"}},
	{"U7", "Perilaku Pelaksana", "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
		[4]string{"Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"}},
	{"U8", "Penanganan Pengaduan, Saran dan Masukan", "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
		[4]string{"Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"}},
	{"U9", "Sarana dan Prasarana", "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
		[4]string{"Buruk", "Cukup", "Baik", "Sangat baik"}},
}

// Jawaban is one respondent's answers, element by element (1–4), and an optional comment. It carries nothing
// that tells who answered.
type Jawaban struct {
	Nilai    [9]int
	Komentar string
}

// MaxKomentar is the longest comment, in characters.
const MaxKomentar = 1000

// Field is the form field of element i (0-based): "u1" … "u9".
func Field(i int) string { return "u" + strconv.Itoa(i+1) }

// Parse reads a form's answers: every element answered with 1–4; the comment cleaned. The errors name the
// fields.
func Parse(get func(string) string) (Jawaban, validate.Errors) {
	var j Jawaban
	var errs validate.Errors
	for i, u := range Unsurs {
		n, err := strconv.Atoi(get(Field(i)))
		if err != nil || n < 1 || n > 4 {
			errs.Add(Field(i), "Pilih jawaban untuk "+u.Kode+" "+u.Nama+".")
			continue
		}
		j.Nilai[i] = n
	}
	j.Komentar = validate.Clean(get("komentar"), MaxKomentar)
	return j, errs
}

// Semester is half a year: 1 for January–June, 2 for July–December, as IKM is published per semester.
type Semester struct{ Tahun, Ke int }

// SemesterOf is the semester of t in Jakarta.
func SemesterOf(t time.Time) Semester {
	t = t.In(indo.Jakarta)
	if t.Month() <= time.June {
		return Semester{t.Year(), 1}
	}
	return Semester{t.Year(), 2}
}

// String is the semester as its page's path writes it: "2026-2".
func (s Semester) String() string { return strconv.Itoa(s.Tahun) + "-" + strconv.Itoa(s.Ke) }

// Label is the semester as people read it: "Semester II 2026 (Juli–Desember)".
func (s Semester) Label() string {
	if s.Ke == 1 {
		return "Semester I " + strconv.Itoa(s.Tahun) + " (Januari–Juni)"
	}
	return "Semester II " + strconv.Itoa(s.Tahun) + " (Juli–Desember)"
}

// ParseSemester reads "2026-2".
func ParseSemester(s string) (Semester, bool) {
	y, k, ok := strings.Cut(s, "-")
	tahun, err1 := strconv.Atoi(y)
	ke, err2 := strconv.Atoi(k)
	if !ok || err1 != nil || err2 != nil || tahun < 2023 || tahun > 2100 || (ke != 1 && ke != 2) {
		return Semester{}, false
	}
	return Semester{tahun, ke}, true
}

// Bobot is each element's weight: the nine count equally, 1/9 (PermenPANRB 14/2017 writes it 0,111).
const Bobot = 1.0 / 9

// Jumlah are the sums of a set of answers: per element the total of the values and how many answered it.
type Jumlah struct {
	Total     [9]int
	Responden [9]int
}

// Add counts one respondent in.
func (s *Jumlah) Add(j Jawaban) {
	for i, n := range j.Nilai {
		if n >= 1 && n <= 4 {
			s.Total[i] += n
			s.Responden[i]++
		}
	}
}

// N is how many respondents answered (the most of any element).
func (s Jumlah) N() int {
	n := 0
	for _, r := range s.Responden {
		n = max(n, r)
	}
	return n
}

// IKM is the index of a set of answers.
type IKM struct {
	N int
	// NRR is each element's average value (nilai rata-rata), 1–4; NRRTertimbang is NRR × Bobot.
	NRR, NRRTertimbang [9]float64
	// Nilai is the index, the sum of the weighted averages (1–4); Konversi is Nilai × 25 (25–100).
	Nilai, Konversi float64
}

// Hitung computes the index of PermenPANRB 14/2017: NRR per element = total of its values / respondents who
// answered it; weighted NRR = NRR × 1/9; IKM = the sum of the weighted NRR; IKM of the unit = IKM × 25. ok is
// false when nobody answered.
func Hitung(s Jumlah) (IKM, bool) {
	k := IKM{N: s.N()}
	if k.N == 0 {
		return k, false
	}
	for i := range s.Total {
		if s.Responden[i] == 0 {
			return k, false
		}
		k.NRR[i] = float64(s.Total[i]) / float64(s.Responden[i])
		k.NRRTertimbang[i] = k.NRR[i] * Bobot
		k.Nilai += k.NRRTertimbang[i]
	}
	k.Konversi = k.Nilai * 25
	return k, true
}

// Mutu is a quality category of the index.
type Mutu struct {
	Kode    string // A, B, C, D
	Kinerja string // Sangat Baik, Baik, Kurang Baik, Tidak Baik
}

// MutuOf reads a converted value (25–100) by the regulation's table: 25,00–64,99 D (Tidak Baik); 65,00–76,60
// C (Kurang Baik); 76,61–88,30 B (Baik); 88,31–100,00 A (Sangat Baik). The value is compared at the two
// decimals the table is written in.
func MutuOf(konversi float64) Mutu {
	v := math.Round(konversi*100) / 100
	switch {
	case v < 65:
		return Mutu{"D", "Tidak Baik"}
	case v <= 76.60:
		return Mutu{"C", "Kurang Baik"}
	case v <= 88.30:
		return Mutu{"B", "Baik"}
	}
	return Mutu{"A", "Sangat Baik"}
}

// Text writes a value for people, with two decimals ("82,64").
func Text(x float64) string { return indo.Decimal(x, 2) }

// MinPublik is the fewest respondents whose index is published: with fewer, the figures per element would tell
// what one person answered. Staff see every index; the public page says the semester has too few answers.
const MinPublik = 5

// Invitations of one service last this long.
const Berlaku = 60 * 24 * time.Hour

// UndanganState is where an invitation is.
type UndanganState string

// The invitation states: open, or answered (once per service).
const (
	Terbuka UndanganState = "terbuka"
	Dijawab UndanganState = "dijawab"
)

// UndanganEvent moves an invitation.
type UndanganEvent string

// Jawab records that the invitation was answered.
const Jawab UndanganEvent = "jawab"

type move = fsm.Move[UndanganState, UndanganEvent, account.Role]

// Machine is an invitation's state machine: answered once, by the registrator of the account it was made for
// or by anyone holding its link or the pengaduan's tracking code.
var Machine = fsm.New(
	move{Event: Jawab, From: []UndanganState{Terbuka}, To: Dijawab, Roles: []account.Role{account.RoleRegistrator, account.RolePublik}},
)

// Refusals of answering.
var (
	ErrSudahDijawab = validate.Refusal("Survei untuk layanan ini sudah diisi. Terima kasih atas penilaian Anda.")
	ErrKedaluwarsa  = validate.Refusal("Undangan survei ini sudah tidak berlaku.")
)

// Describe writes a hand check of an index, element by element, for tests and the staff's page.
func (k IKM) Describe() string {
	var b strings.Builder
	for i, u := range Unsurs {
		fmt.Fprintf(&b, "%s NRR %.4f × 1/9 = %.4f\n", u.Kode, k.NRR[i], k.NRRTertimbang[i])
	}
	fmt.Fprintf(&b, "IKM %.4f × 25 = %.2f (%s)", k.Nilai, k.Konversi, MutuOf(k.Konversi).Kode)
	return b.String()
}
