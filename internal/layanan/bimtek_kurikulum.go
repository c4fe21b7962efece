package layanan

import (
	"strconv"
	"strings"
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
