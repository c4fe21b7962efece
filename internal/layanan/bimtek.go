// Package layanan holds the rules of the portal's two other services: Fasilitasi Bimbingan Teknis (pedoman §IV,
// lampiran 7–8) and Pengaduan dan Pelaporan (§VI). Plain functions and types, no I/O.
package layanan

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// PesertaPerKelas is the most participants one training class takes (lampiran 8 §VI: "maksimal 30
// peserta/kelas").
const PesertaPerKelas = 30

// MaxPeserta bounds the participants of one kelas in one request, so a typing slip does not ask for 300 classes.
const MaxPeserta = 3000

// ClassesNeeded is how many classes n participants fill at PesertaPerKelas per class; 0 for none.
func ClassesNeeded(n int) int {
	if n <= 0 {
		return 0
	}
	return (n + PesertaPerKelas - 1) / PesertaPerKelas
}

// Versi is the version of the training (§4.1.1).
type Versi string

// The two versions of the training.
const (
	VersiLengkap Versi = "lengkap"
	VersiRingkas Versi = "ringkas"
)

// Versions lists the versions in the order the form shows them.
var Versions = []Versi{VersiLengkap, VersiRingkas}

// JP is the version's number of jam pelajaran: 40 for Lengkap, 18 for Ringkas.
func (v Versi) JP() int {
	switch v {
	case VersiLengkap:
		return 40
	case VersiRingkas:
		return 18
	}
	return 0
}

// Hari is the number of working days the version takes: 5 for Lengkap, 2 for Ringkas.
func (v Versi) Hari() int {
	switch v {
	case VersiLengkap:
		return 5
	case VersiRingkas:
		return 2
	}
	return 0
}

// Label is the version's name as the pedoman writes it.
func (v Versi) Label() string {
	switch v {
	case VersiLengkap:
		return "Versi Lengkap"
	case VersiRingkas:
		return "Versi Ringkas"
	}
	return string(v)
}

// Description is the label with its length, "Versi Lengkap — 40 JP, 5 hari".
func (v Versi) Description() string {
	return v.Label() + " — " + strconv.Itoa(v.JP()) + " JP, " + strconv.Itoa(v.Hari()) + " hari kerja"
}

// Kelas is the level of government a training class is for (lampiran 8 §V).
type Kelas string

// The two kelas.
const (
	KelasPK Kelas = "pk"
	KelasDK Kelas = "dk"
)

// Label is the kelas's name as the pedoman writes it.
func (k Kelas) Label() string {
	switch k {
	case KelasPK:
		return "Provinsi/Kabupaten/Kota (PK)"
	case KelasDK:
		return "Desa/Kelurahan (DK)"
	}
	return string(k)
}

// Mode is how a bimtek is held: luring (on site), daring (online) or hybrid.
type Mode string

// The modes.
const (
	ModeLuring Mode = "luring"
	ModeDaring Mode = "daring"
	ModeHybrid Mode = "hybrid"
)

// Modes lists the modes in the order forms show them.
var Modes = []Mode{ModeLuring, ModeDaring, ModeHybrid}

// Label is the mode's name for forms and letters.
func (m Mode) Label() string {
	switch m {
	case ModeLuring:
		return "Luring (tatap muka)"
	case ModeDaring:
		return "Daring (dalam jaringan)"
	case ModeHybrid:
		return "Hybrid (luring dan daring)"
	}
	return string(m)
}

func parseMode(s string) (Mode, bool) {
	m := Mode(strings.TrimSpace(s))
	for _, x := range Modes {
		if m == x {
			return m, true
		}
	}
	return "", false
}

// Materi is one line of a curriculum: the subject and its jam pelajaran for the DK and PK classes (0 where the
// pedoman writes "-").
type Materi struct {
	Nama   string
	JPDK   int
	JPPK   int
	Lesson int // the line number in the pedoman's table
}

// JPFor returns the subject's jam pelajaran in kelas k.
func (m Materi) JPFor(k Kelas) int {
	if k == KelasDK {
		return m.JPDK
	}
	return m.JPPK
}

// Kurikulum returns the curriculum of a version, copied from lampiran 8 (Kurikulum Ringkas and Kurikulum
// Lengkap Materi Pelatihan Pemanfaatan Data Regsosek).
func Kurikulum(v Versi) []Materi {
	var rows []Materi
	switch v {
	case VersiRingkas:
		rows = []Materi{
			{Nama: "Pembukaan", JPDK: 1, JPPK: 1},
			{Nama: "Bina Suasana dan Orientasi Pelatihan", JPDK: 1, JPPK: 1},
			{Nama: "Pengantar Kemiskinan dan Pembangunan Inklusif", JPDK: 1, JPPK: 1},
			{Nama: "Data Literasi", JPDK: 2, JPPK: 2},
			{Nama: "Pengenalan Platform SEPAKAT dan Analisis SEPAKAT", JPDK: 3, JPPK: 3},
			{Nama: "Perencanaan dan Penganggaran SEPAKAT", JPDK: 3, JPPK: 3},
			{Nama: "Pelayanan SEPAKAT", JPDK: 1, JPPK: 1},
			{Nama: "Pemanfaatan dan Tata Kelola SEPAKAT", JPDK: 1, JPPK: 1},
			{Nama: "Perlindungan Data Pribadi", JPDK: 2, JPPK: 2},
			{Nama: "Prosedur Permintaan Hak Akses", JPDK: 1, JPPK: 1},
			{Nama: "Wrap Up / RCTL", JPDK: 1, JPPK: 1},
			{Nama: "Penutupan", JPDK: 1, JPPK: 1},
		}
	case VersiLengkap:
		rows = []Materi{
			{Nama: "Pembukaan - Pre Test", JPDK: 1, JPPK: 1},
			{Nama: "Bina Suasana dan Orientasi Pelatihan", JPDK: 2, JPPK: 2},
			{Nama: "Pengantar Kemiskinan dan Pembangunan Inklusif", JPDK: 2, JPPK: 2},
			{Nama: "Data Literasi", JPDK: 2, JPPK: 2},
			{Nama: "Pengenalan Platform SEPAKAT", JPDK: 2, JPPK: 2},
			{Nama: "Analisis SEPAKAT", JPDK: 6, JPPK: 6},
			{Nama: "Perencanaan dan Penganggaran SEPAKAT", JPDK: 8, JPPK: 8},
			{Nama: "Monitoring dan Evaluasi SEPAKAT", JPDK: 3, JPPK: 3},
			{Nama: "Pelayanan SEPAKAT", JPDK: 4, JPPK: 0},
			{Nama: "Sepakat Kecamatan", JPDK: 0, JPPK: 4},
			{Nama: "Pemanfaatan dan Tata Kelola SEPAKAT", JPDK: 5, JPPK: 5},
			{Nama: "Perlindungan Data Pribadi", JPDK: 2, JPPK: 2},
			{Nama: "Prosedur Permintaan Hak Akses", JPDK: 1, JPPK: 1},
			{Nama: "Wrap Up / RCTL", JPDK: 1, JPPK: 1},
			{Nama: "Penutupan - Post Test", JPDK: 1, JPPK: 1},
		}
	}
	for i := range rows {
		rows[i].Lesson = i + 1
	}
	return rows
}

// WorkingDays counts Monday to Friday from first to last, both included (national holidays are not known
// here). It returns 0 when last is before first.
func WorkingDays(first, last time.Time) int {
	first, last = dateOnly(first), dateOnly(last)
	n := 0
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n
}

func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseDate reads a date written YYYY-MM-DD, as <input type="date"> sends it, or DD-MM-YYYY and DD/MM/YYYY, as
// people type it where the browser shows a plain text box.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "02-01-2006", "02/01/2006", "2-1-2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// BimtekInput is the Fasilitasi Bimbingan Teknis form as posted, every value as typed.
type BimtekInput struct {
	Pelatihan, Konsultasi bool
	Versi                 string
	PesertaPK, PesertaDK  string
	TopikKonsultasi       string
	Mode                  string
	UsulanMulai           string
	UsulanSelesai         string
	Catatan               string
	Nama, Jabatan, NIP    string
	Email, Phone          string
}

// Narahubung is the official the pemohon names as contact for the bimtek (§4.2 1c).
type Narahubung struct {
	Nama, Jabatan, NIP, Email, Phone string
}

// Bimtek is a valid request's content, normalised.
type Bimtek struct {
	Pelatihan, Konsultasi bool
	Versi                 Versi // empty without Pelatihan
	PesertaPK, PesertaDK  int   // 0 without Pelatihan
	TopikKonsultasi       string
	Mode                  Mode
	UsulanMulai           time.Time
	UsulanSelesai         time.Time
	Catatan               string
	Narahubung            Narahubung
}

// Jenis names the kinds of bimtek asked for, "Pelatihan dan Konsultasi".
func (b Bimtek) Jenis() string { return JenisLabel(b.Pelatihan, b.Konsultasi) }

// JenisLabel names the kinds of bimtek asked for.
func JenisLabel(pelatihan, konsultasi bool) string {
	switch {
	case pelatihan && konsultasi:
		return "Pelatihan dan Konsultasi"
	case pelatihan:
		return "Pelatihan"
	case konsultasi:
		return "Konsultasi"
	}
	return ""
}

// Classes is the number of training classes needed for each kelas.
func (b Bimtek) Classes() (pk, dk int) { return ClassesNeeded(b.PesertaPK), ClassesNeeded(b.PesertaDK) }

// ClassesText says the classes needed, such as "2 kelas PK (45 peserta), 1 kelas DK (20 peserta)".
func ClassesText(pesertaPK, pesertaDK int) string {
	var parts []string
	if pesertaPK > 0 {
		parts = append(parts, indo.Int(int64(ClassesNeeded(pesertaPK)))+" kelas PK ("+indo.Int(int64(pesertaPK))+" peserta)")
	}
	if pesertaDK > 0 {
		parts = append(parts, indo.Int(int64(ClassesNeeded(pesertaDK)))+" kelas DK ("+indo.Int(int64(pesertaDK))+" peserta)")
	}
	return strings.Join(parts, ", ")
}

// Free-text bounds, in runes.
const (
	maxShort = 150
	maxLong  = 2000
)

// CleanText trims and bounds a multi-line field, keeping its line breaks but no trailing spaces.
func CleanText(s string, max int) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	s = strings.TrimSpace(strings.Join(lines, "\n"))
	if r := []rune(s); len(r) > max {
		s = string(r[:max])
	}
	return s
}

// ParseBimtek checks a Fasilitasi Bimbingan Teknis form. Errors are keyed by the form's input names; today
// is the date in Jakarta, before which no date may be proposed.
func ParseBimtek(in BimtekInput, today time.Time) (Bimtek, validate.Errors) {
	var errs validate.Errors
	b := Bimtek{Pelatihan: in.Pelatihan, Konsultasi: in.Konsultasi,
		TopikKonsultasi: CleanText(in.TopikKonsultasi, maxLong), Catatan: CleanText(in.Catatan, maxLong)}
	if !b.Pelatihan && !b.Konsultasi {
		errs.Add("jenis", "Pilih jenis bimbingan teknis: Pelatihan, Konsultasi, atau keduanya.")
	}
	if b.Pelatihan {
		switch v := Versi(strings.TrimSpace(in.Versi)); v {
		case VersiLengkap, VersiRingkas:
			b.Versi = v
		default:
			errs.Add("versi", "Pilih versi pelatihan: Versi Lengkap atau Versi Ringkas.")
		}
		pk, okPK := parsePeserta(in.PesertaPK, "peserta_pk", &errs)
		dk, okDK := parsePeserta(in.PesertaDK, "peserta_dk", &errs)
		if okPK && okDK && pk == 0 && dk == 0 {
			errs.Add("peserta_pk", "Isi jumlah peserta paling sedikit untuk satu kelas: Provinsi/Kabupaten/Kota (PK) atau Desa/Kelurahan (DK).")
		}
		b.PesertaPK, b.PesertaDK = pk, dk
	}
	if b.Konsultasi && b.TopikKonsultasi == "" {
		errs.Add("topik_konsultasi", "Tuliskan topik atau kebutuhan konsultasi.")
	}
	if m, ok := parseMode(in.Mode); ok {
		b.Mode = m
	} else {
		errs.Add("mode", "Pilih mode pelaksanaan: luring, daring, atau hybrid.")
	}
	b.UsulanMulai, b.UsulanSelesai = parseRange(in.UsulanMulai, in.UsulanSelesai, "usulan_mulai", "usulan_selesai", today, &errs)
	if b.Pelatihan && b.Versi != "" && !b.UsulanMulai.IsZero() && !b.UsulanSelesai.IsZero() {
		if n := WorkingDays(b.UsulanMulai, b.UsulanSelesai); n < b.Versi.Hari() {
			errs.Add("usulan_selesai", "Pelatihan "+b.Versi.Label()+" berlangsung "+strconv.Itoa(b.Versi.Hari())+
				" hari kerja; rentang tanggal yang diusulkan hanya memuat "+strconv.Itoa(n)+" hari kerja.")
		}
	}
	b.Narahubung = parseNarahubung(in, &errs)
	return b, errs
}

func parsePeserta(s, field string, errs *validate.Errors) (int, bool) {
	s = strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(s), ".", ""), " ", "")
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil || n < 0:
		errs.Add(field, "Jumlah peserta harus berupa bilangan bulat, misalnya 45.")
		return 0, false
	case n > MaxPeserta:
		errs.Add(field, "Jumlah peserta paling banyak "+indo.Int(MaxPeserta)+" untuk satu permohonan; ajukan permohonan terpisah untuk jumlah yang lebih besar.")
		return 0, false
	}
	return n, true
}

// parseRange reads a start and an end date: both required, not before today, the end not before the start,
// at most a year apart.
func parseRange(first, last, firstField, lastField string, today time.Time, errs *validate.Errors) (time.Time, time.Time) {
	today = dateOnly(today)
	var start, end time.Time
	if strings.TrimSpace(first) == "" {
		errs.Add(firstField, "Isi tanggal mulai.")
	} else if t, ok := ParseDate(first); !ok {
		errs.Add(firstField, "Tanggal mulai tidak valid. Tulis seperti 17-08-2026.")
	} else if t.Before(today) {
		errs.Add(firstField, "Tanggal mulai tidak boleh sebelum hari ini.")
	} else {
		start = t
	}
	if strings.TrimSpace(last) == "" {
		errs.Add(lastField, "Isi tanggal selesai.")
	} else if t, ok := ParseDate(last); !ok {
		errs.Add(lastField, "Tanggal selesai tidak valid. Tulis seperti 21-08-2026.")
	} else if !start.IsZero() && t.Before(start) {
		errs.Add(lastField, "Tanggal selesai tidak boleh sebelum tanggal mulai.")
	} else if !start.IsZero() && t.After(start.AddDate(1, 0, 0)) {
		errs.Add(lastField, "Rentang tanggal paling lama satu tahun.")
	} else if t.Before(today) {
		errs.Add(lastField, "Tanggal selesai tidak boleh sebelum hari ini.")
	} else {
		end = t
	}
	if start.IsZero() {
		end = time.Time{}
	}
	return start, end
}

func parseNarahubung(in BimtekInput, errs *validate.Errors) Narahubung {
	n := Narahubung{Nama: validate.Clean(in.Nama, maxShort), Jabatan: validate.Clean(in.Jabatan, maxShort), NIP: validate.Clean(in.NIP, 30),
		Email: validate.Clean(in.Email, 200), Phone: validate.Clean(in.Phone, 20)}
	if n.Nama == "" {
		errs.Add("narahubung_nama", "Isi nama narahubung.")
	}
	if n.Jabatan == "" {
		errs.Add("narahubung_jabatan", "Isi jabatan narahubung.")
	}
	if nip, err := account.NormalizeNIP(n.NIP); err != nil {
		errs.Add("narahubung_nip", err.Error())
	} else {
		n.NIP = nip
	}
	if e, err := account.NormalizeEmail(n.Email); err != nil {
		errs.Add("narahubung_email", err.Error())
	} else {
		n.Email = e
	}
	if p, err := account.NormalizePhone(n.Phone); err != nil {
		errs.Add("narahubung_hp", err.Error())
	} else {
		n.Phone = p
	}
	return n
}

// JadwalInput is the staff's schedule form as posted.
type JadwalInput struct {
	Mulai, Selesai, Mode, Tempat, Tautan, Catatan string
}

// Jadwal is a valid schedule.
type Jadwal struct {
	Mulai, Selesai time.Time
	Mode           Mode
	Tempat         string // for luring and hybrid
	Tautan         string // https meeting link, for daring and hybrid
	Catatan        string
}

// ParseJadwal checks a schedule for a request of the given kind: dates (a training needs at least its
// version's working days), mode, a place for luring and hybrid, an https meeting link for daring and hybrid.
func ParseJadwal(in JadwalInput, pelatihan bool, versi Versi, today time.Time) (Jadwal, validate.Errors) {
	var errs validate.Errors
	j := Jadwal{Tempat: validate.Clean(in.Tempat, 300), Tautan: strings.TrimSpace(in.Tautan), Catatan: CleanText(in.Catatan, maxLong)}
	j.Mulai, j.Selesai = parseRange(in.Mulai, in.Selesai, "jadwal_mulai", "jadwal_selesai", today, &errs)
	if pelatihan && versi.Hari() > 0 && !j.Mulai.IsZero() && !j.Selesai.IsZero() {
		if n := WorkingDays(j.Mulai, j.Selesai); n < versi.Hari() {
			errs.Add("jadwal_selesai", "Pelatihan "+versi.Label()+" memerlukan "+strconv.Itoa(versi.Hari())+
				" hari kerja; jadwal ini hanya memuat "+strconv.Itoa(n)+" hari kerja.")
		}
	}
	m, ok := parseMode(in.Mode)
	if !ok {
		errs.Add("jadwal_mode", "Pilih mode pelaksanaan.")
	}
	j.Mode = m
	if (m == ModeLuring || m == ModeHybrid) && j.Tempat == "" {
		errs.Add("jadwal_tempat", "Isi tempat pelaksanaan untuk bimbingan teknis luring atau hybrid.")
	}
	if m == ModeDaring || m == ModeHybrid {
		if j.Tautan == "" {
			errs.Add("jadwal_tautan", "Isi tautan rapat daring untuk bimbingan teknis daring atau hybrid.")
		} else if !validMeetingLink(j.Tautan) {
			errs.Add("jadwal_tautan", "Tautan rapat harus alamat lengkap yang diawali https://.")
		}
	}
	if m == ModeLuring {
		j.Tautan = ""
	}
	if m == ModeDaring {
		j.Tempat = ""
	}
	return j, errs
}

func validMeetingLink(s string) bool {
	if len(s) > 500 || strings.ContainsAny(s, " \t\n<>\"") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != "" && u.User == nil
}

// Bimtek request states.
const (
	BimtekDraf        = "draf"
	BimtekDiajukan    = "diajukan"
	BimtekDijadwalkan = "dijadwalkan"
	BimtekSelesai     = "selesai"
	BimtekDitolak     = "ditolak"
)

// Bimtek events.
const (
	EventAjukan    = "ajukan"
	EventJadwalkan = "jadwalkan"
	EventSelesai   = "selesai"
	EventTolak     = "tolak"
)

// ErrInvalidTransition is returned by NextBimtek and NextPengaduan for a move the state does not allow.
var ErrInvalidTransition = errors.New("layanan: invalid transition")

// moves lists, per event, the states it may start from and the state it leads to.
type moves map[string]struct {
	from []string
	to   string
}

// next returns the state event leads to from state, or ErrInvalidTransition.
func (m moves) next(state, event string) (string, error) {
	mv, ok := m[event]
	if !ok {
		return "", ErrInvalidTransition
	}
	for _, f := range mv.from {
		if f == state {
			return mv.to, nil
		}
	}
	return "", ErrInvalidTransition
}

// bimtekMoves is the bimtek request's state machine.
var bimtekMoves = moves{
	EventAjukan:    {[]string{BimtekDraf}, BimtekDiajukan},
	EventJadwalkan: {[]string{BimtekDiajukan, BimtekDijadwalkan}, BimtekDijadwalkan}, // a schedule may be changed
	EventSelesai:   {[]string{BimtekDijadwalkan}, BimtekSelesai},
	EventTolak:     {[]string{BimtekDiajukan, BimtekDijadwalkan}, BimtekDitolak},
}

// NextBimtek returns the state event leads to from state, or ErrInvalidTransition.
func NextBimtek(state, event string) (string, error) { return bimtekMoves.next(state, event) }

// BimtekStateLabel is a state's name for people.
func BimtekStateLabel(state string) string {
	switch state {
	case BimtekDraf:
		return "Draf — belum diajukan"
	case BimtekDiajukan:
		return "Diajukan — menunggu jadwal"
	case BimtekDijadwalkan:
		return "Dijadwalkan"
	case BimtekSelesai:
		return "Selesai"
	case BimtekDitolak:
		return "Ditolak"
	}
	return state
}
