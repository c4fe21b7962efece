package layanan

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/fsm"
)

func TestClassesNeeded(t *testing.T) {
	tests := []struct{ peserta, classes int }{
		{-5, 0}, {0, 0}, {1, 1}, {29, 1}, {30, 1}, {31, 2}, {45, 2}, {59, 2}, {60, 2}, {61, 3}, {90, 3}, {91, 4},
		{300, 10}, {301, 11}, {MaxPeserta, 100},
	}
	for _, tt := range tests {
		if got := ClassesNeeded(tt.peserta); got != tt.classes {
			t.Errorf("ClassesNeeded(%d) = %d, want %d", tt.peserta, got, tt.classes)
		}
	}
}

func TestClassesText(t *testing.T) {
	tests := []struct {
		pk, dk int
		want   string
	}{
		{45, 20, "2 kelas PK (45 peserta), 1 kelas DK (20 peserta)"},
		{30, 0, "1 kelas PK (30 peserta)"},
		{0, 61, "3 kelas DK (61 peserta)"},
		{0, 0, ""},
	}
	for _, tt := range tests {
		if got := ClassesText(tt.pk, tt.dk); got != tt.want {
			t.Errorf("ClassesText(%d, %d) = %q, want %q", tt.pk, tt.dk, got, tt.want)
		}
	}
}

func TestVersi(t *testing.T) {
	tests := []struct {
		v        Versi
		jp, hari int
		desc     string
	}{
		{VersiLengkap, 40, 5, "Versi Lengkap — 40 JP, 5 hari kerja"},
		{VersiRingkas, 18, 2, "Versi Ringkas — 18 JP, 2 hari kerja"},
		{"lain", 0, 0, "lain — 0 JP, 0 hari kerja"},
	}
	for _, tt := range tests {
		if tt.v.JP() != tt.jp || tt.v.Hari() != tt.hari || tt.v.Description() != tt.desc {
			t.Errorf("%s: %d JP, %d hari, %q", tt.v, tt.v.JP(), tt.v.Hari(), tt.v.Description())
		}
	}
}

// The curricula copied from lampiran 8 add up to the version's jam pelajaran in both kelas.
func TestKurikulumTotals(t *testing.T) {
	for _, v := range Versions {
		rows := Kurikulum(v)
		for _, k := range []Kelas{KelasPK, KelasDK} {
			total := 0
			for _, m := range rows {
				total += m.JPFor(k)
			}
			if total != v.JP() {
				t.Errorf("%s kelas %s: %d JP, want %d", v, k, total, v.JP())
			}
		}
		for i, m := range rows {
			if m.Lesson != i+1 {
				t.Errorf("%s row %d numbered %d", v, i, m.Lesson)
			}
		}
	}
	if n := len(Kurikulum(VersiLengkap)); n != 15 {
		t.Errorf("Kurikulum Lengkap has %d subjects, the pedoman 15", n)
	}
	if n := len(Kurikulum(VersiRingkas)); n != 12 {
		t.Errorf("Kurikulum Ringkas has %d subjects, the pedoman 12", n)
	}
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestWorkingDays(t *testing.T) {
	tests := []struct {
		first, last string
		want        int
	}{
		{"2026-08-17", "2026-08-21", 5}, // Monday to Friday
		{"2026-08-17", "2026-08-17", 1},
		{"2026-08-22", "2026-08-23", 0}, // a weekend
		{"2026-08-20", "2026-08-24", 3}, // Thursday to Monday
		{"2026-08-21", "2026-08-17", 0}, // reversed
		{"2026-08-17", "2026-08-30", 10},
	}
	for _, tt := range tests {
		if got := WorkingDays(day(tt.first), day(tt.last)); got != tt.want {
			t.Errorf("WorkingDays(%s, %s) = %d, want %d", tt.first, tt.last, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2026-08-17", "17-08-2026", "17/08/2026", " 17/8/2026 "} {
		if d, ok := ParseDate(s); !ok || !d.Equal(day("2026-08-17")) {
			t.Errorf("ParseDate(%q) = %v, %v", s, d, ok)
		}
	}
	for _, s := range []string{"", "besok", "2026-02-30", "31-04-2026"} {
		if _, ok := ParseDate(s); ok {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
}

func goodBimtek() BimtekInput {
	return BimtekInput{Pelatihan: true, Versi: "lengkap", PesertaPK: "45", PesertaDK: "20", Mode: "luring",
		UsulanMulai: "2026-08-17", UsulanSelesai: "2026-08-21", Nama: "  Siti   Aminah ", Jabatan: "Kepala Bidang Data",
		NIP: "19800101 200501 2 003", Email: "siti@bandung.go.id", Phone: "0812-3456-7890"}
}

var today = day("2026-07-01")

func TestParseBimtekValid(t *testing.T) {
	b, errs := ParseBimtek(goodBimtek(), today)
	if errs.Any() {
		t.Fatalf("errors: %v", errs.All())
	}
	if b.Versi != VersiLengkap || b.PesertaPK != 45 || b.PesertaDK != 20 || b.Mode != ModeLuring {
		t.Errorf("parsed %+v", b)
	}
	if pk, dk := b.Classes(); pk != 2 || dk != 1 {
		t.Errorf("classes %d PK, %d DK", pk, dk)
	}
	n := b.Narahubung
	if n.Nama != "Siti Aminah" || n.NIP != "198001012005012003" || n.Phone != "+6281234567890" {
		t.Errorf("narahubung %+v", n)
	}
	if b.Jenis() != "Pelatihan" {
		t.Errorf("jenis %q", b.Jenis())
	}
	// Konsultasi alone needs no version, classes or working days, but a topic.
	in := goodBimtek()
	in.Pelatihan, in.Konsultasi, in.Versi, in.PesertaPK, in.PesertaDK = false, true, "", "", ""
	in.UsulanSelesai = in.UsulanMulai
	in.TopikKonsultasi = "Pemanfaatan Sepakat untuk RKPD"
	b, errs = ParseBimtek(in, today)
	if errs.Any() || b.Versi != "" || b.PesertaPK != 0 {
		t.Errorf("konsultasi: %v %+v", errs.All(), b)
	}
}

func TestParseBimtekErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(*BimtekInput)
		field  string
		msg    string
	}{
		{"no jenis", func(in *BimtekInput) { in.Pelatihan = false }, "jenis", "Pilih jenis"},
		{"no versi", func(in *BimtekInput) { in.Versi = "" }, "versi", "Pilih versi"},
		{"bad versi", func(in *BimtekInput) { in.Versi = "sedang" }, "versi", "Pilih versi"},
		{"no participants", func(in *BimtekInput) { in.PesertaPK, in.PesertaDK = "", "0" }, "peserta_pk", "paling sedikit untuk satu kelas"},
		{"participants not a number", func(in *BimtekInput) { in.PesertaDK = "dua puluh" }, "peserta_dk", "bilangan bulat"},
		{"negative participants", func(in *BimtekInput) { in.PesertaPK = "-3" }, "peserta_pk", "bilangan bulat"},
		{"too many participants", func(in *BimtekInput) { in.PesertaPK = "3001" }, "peserta_pk", "paling banyak 3.000"},
		{"konsultasi without topic", func(in *BimtekInput) { in.Konsultasi = true }, "topik_konsultasi", "topik"},
		{"no mode", func(in *BimtekInput) { in.Mode = "" }, "mode", "mode pelaksanaan"},
		{"bad mode", func(in *BimtekInput) { in.Mode = "surat" }, "mode", "mode pelaksanaan"},
		{"hybrid Pelatihan (§4.1)", func(in *BimtekInput) { in.Mode = "hybrid" }, "mode", "luring atau daring"},
		{"hybrid Pelatihan with Konsultasi", func(in *BimtekInput) { in.Mode, in.Konsultasi, in.TopikKonsultasi = "hybrid", true, "Sepakat" }, "mode", "hanya untuk konsultasi"},
		{"no start", func(in *BimtekInput) { in.UsulanMulai = "" }, "usulan_mulai", "Isi tanggal mulai"},
		{"bad start", func(in *BimtekInput) { in.UsulanMulai = "besok" }, "usulan_mulai", "tidak valid"},
		{"start in the past", func(in *BimtekInput) { in.UsulanMulai = "2026-06-30" }, "usulan_mulai", "sebelum hari ini"},
		{"end before start", func(in *BimtekInput) { in.UsulanSelesai = "2026-08-16" }, "usulan_selesai", "sebelum tanggal mulai"},
		{"too few working days", func(in *BimtekInput) { in.UsulanSelesai = "2026-08-19" }, "usulan_selesai", "5 hari kerja; rentang tanggal yang diusulkan hanya memuat 3"},
		{"range over a year", func(in *BimtekInput) { in.UsulanSelesai = "2027-09-01" }, "usulan_selesai", "satu tahun"},
		{"no narahubung", func(in *BimtekInput) { in.Nama = " " }, "narahubung_nama", "nama narahubung"},
		{"no jabatan", func(in *BimtekInput) { in.Jabatan = "" }, "narahubung_jabatan", "jabatan narahubung"},
		{"bad NIP", func(in *BimtekInput) { in.NIP = "1980" }, "narahubung_nip", "18 digit"},
		{"bad email", func(in *BimtekInput) { in.Email = "siti@" }, "narahubung_email", "Domain email"},
		{"landline", func(in *BimtekInput) { in.Phone = "022 4201234" }, "narahubung_hp", "seluler"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := goodBimtek()
			tt.change(&in)
			_, errs := ParseBimtek(in, today)
			if got := errs.Get(tt.field); !strings.Contains(got, tt.msg) {
				t.Errorf("%s: %q, want it to contain %q (all: %v)", tt.field, got, tt.msg, errs.All())
			}
		})
	}
	// A Konsultasi alone may be hybrid (§4.1.2).
	kons := BimtekInput{Konsultasi: true, TopikKonsultasi: "Pemanfaatan Sepakat untuk perencanaan", Mode: "hybrid",
		UsulanMulai: "2026-08-17", UsulanSelesai: "2026-08-17", Nama: "Siti Aminah", Jabatan: "Kepala Bidang Data",
		NIP: "198001012005012003", Email: "siti@bandung.go.id", Phone: "0812-3456-7890"}
	if _, errs := ParseBimtek(kons, today); errs.Any() {
		t.Errorf("a hybrid Konsultasi: %v", errs.All())
	}
	// Ringkas fits in two working days.
	in := goodBimtek()
	in.Versi, in.UsulanSelesai = "ringkas", "2026-08-18"
	if _, errs := ParseBimtek(in, today); errs.Any() {
		t.Errorf("ringkas over two days: %v", errs.All())
	}
}

func TestParseJadwal(t *testing.T) {
	ok := JadwalInput{Mulai: "2026-08-17", Selesai: "2026-08-21", Mode: "hybrid", Tempat: "Aula Bappeda",
		Tautan: "https://zoom.us/j/123"}
	// Hybrid is for a Konsultasi (§4.1.2); a Pelatihan is luring or daring (§4.1).
	j, errs := ParseJadwal(ok, false, "", today)
	if errs.Any() || j.Mode != ModeHybrid || j.Tempat != "Aula Bappeda" || j.Tautan != "https://zoom.us/j/123" {
		t.Fatalf("%v %+v", errs.All(), j)
	}
	if _, errs := ParseJadwal(ok, true, VersiLengkap, today); !strings.Contains(errs.Get("jadwal_mode"), "luring atau daring") {
		t.Errorf("a hybrid Pelatihan scheduled: %v", errs.All())
	}
	ok.Mode = "daring"
	tests := []struct {
		name   string
		change func(*JadwalInput)
		field  string
	}{
		{"luring without place", func(in *JadwalInput) { in.Mode, in.Tempat = "luring", "" }, "jadwal_tempat"},
		{"daring without link", func(in *JadwalInput) { in.Mode, in.Tautan = "daring", "" }, "jadwal_tautan"},
		{"http link", func(in *JadwalInput) { in.Tautan = "http://zoom.us/j/1" }, "jadwal_tautan"},
		{"script link", func(in *JadwalInput) { in.Tautan = "javascript:alert(1)" }, "jadwal_tautan"},
		{"too short for lengkap", func(in *JadwalInput) { in.Selesai = "2026-08-18" }, "jadwal_selesai"},
		{"no mode", func(in *JadwalInput) { in.Mode = "" }, "jadwal_mode"},
		{"no dates", func(in *JadwalInput) { in.Mulai = "" }, "jadwal_mulai"},
	}
	for _, tt := range tests {
		in := ok
		tt.change(&in)
		if _, errs := ParseJadwal(in, true, VersiLengkap, today); errs.Get(tt.field) == "" {
			t.Errorf("%s: no error on %s (%v)", tt.name, tt.field, errs.All())
		}
	}
	// A consultation is one day; luring drops the link, daring the place.
	j, errs = ParseJadwal(JadwalInput{Mulai: "2026-08-17", Selesai: "2026-08-17", Mode: "luring", Tempat: "Bappenas",
		Tautan: "https://x.example"}, false, "", today)
	if errs.Any() || j.Tautan != "" {
		t.Errorf("konsultasi luring: %v %+v", errs.All(), j)
	}
}

func TestNextBimtek(t *testing.T) {
	states := []BimtekState{BimtekDraf, BimtekDiajukan, BimtekDijadwalkan, BimtekSelesai, BimtekDitolak}
	events := []BimtekEvent{EventAjukan, EventJadwalkan, EventSelesai, EventTolak, "hapus"}
	want := map[[2]string]BimtekState{
		{"draf", "ajukan"}:           BimtekDiajukan,
		{"diajukan", "jadwalkan"}:    BimtekDijadwalkan,
		{"dijadwalkan", "jadwalkan"}: BimtekDijadwalkan,
		{"dijadwalkan", "selesai"}:   BimtekSelesai,
		{"diajukan", "tolak"}:        BimtekDitolak,
		{"dijadwalkan", "tolak"}:     BimtekDitolak,
	}
	for _, s := range states {
		for _, e := range events {
			got, err := BimtekMachine.Next(s, e, roleOf(BimtekMachine, e)) // the event's own role: only the state decides
			w, allowed := want[[2]string{string(s), string(e)}]
			if allowed && (err != nil || got != w) {
				t.Errorf("NextBimtek(%s, %s) = %q, %v; want %q", s, e, got, err, w)
			}
			if !allowed && !errors.Is(err, fsm.ErrInvalidTransition) {
				t.Errorf("NextBimtek(%s, %s) = %q, %v; want ErrInvalidTransition", s, e, got, err)
			}
		}
	}
}
