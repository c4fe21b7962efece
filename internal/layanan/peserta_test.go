package layanan

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestClassNames(t *testing.T) {
	got := ClassNames(BimtekData{Pelatihan: true, PesertaPK: 45, PesertaDK: 20})
	if want := []string{"PK-1", "PK-2", "DK-1"}; !slices.Equal(got, want) {
		t.Errorf("ClassNames = %v, want %v", got, want)
	}
	if ClassLabel("PK-2") != "Kelas PK 2" {
		t.Errorf("ClassLabel = %q", ClassLabel("PK-2"))
	}
}

func TestParsePeserta(t *testing.T) {
	classes := []string{"PK-1", "DK-1"}
	good := PesertaInput{Kelas: "PK-1", Nama: "  Rina   Wulandari ", NIP: "19850505 201001 2 007", Unit: "Dinas Sosial Kota Bandung", Email: "Rina@Bandung.go.id"}
	p, errs := ParsePeserta(good, classes)
	if errs.Any() || p.Nama != "Rina Wulandari" || p.NIP != "198505052010012007" || p.Email != "Rina@bandung.go.id" {
		t.Fatalf("good participant: %+v %v", p, errs.All())
	}
	nik := good
	nik.NIP = "3273012706670001"
	if _, errs := ParsePeserta(nik, classes); errs.Any() {
		t.Errorf("a desa official's NIK is accepted: %v", errs.All())
	}
	long := good
	long.Nama = strings.Repeat("Wulandari ", 16)
	if p, _ := ParsePeserta(long, classes); p.Nama != strings.TrimSpace(long.Nama) {
		t.Errorf("an over-long name is kept whole to be shortened, got %d characters", len(p.Nama))
	}
	for _, tt := range []struct {
		field string
		edit  func(*PesertaInput)
	}{
		{"kelas", func(in *PesertaInput) { in.Kelas = "PK-9" }},
		{"nama", func(in *PesertaInput) { in.Nama = " " }},
		{"nip", func(in *PesertaInput) { in.NIP = "12345" }},
		{"unit", func(in *PesertaInput) { in.Unit = "" }},
		{"email", func(in *PesertaInput) { in.Email = "bukan-email" }},
		// Over the limit is an error, not a cut (issue 15).
		{"nama", func(in *PesertaInput) { in.Nama = strings.Repeat("Wulandari ", 16) }},
		{"unit", func(in *PesertaInput) { in.Unit = strings.Repeat("Dinas Sosial ", 16) }},
	} {
		in := good
		tt.edit(&in)
		if _, errs := ParsePeserta(in, classes); errs.Get(tt.field) == "" {
			t.Errorf("%s: no error (%v)", tt.field, errs.All())
		}
	}
}

func TestHasilAndOutcomes(t *testing.T) {
	yes, no := true, false
	if err := CheckHasil(Hasil{Hadir: false, Lulus: &yes}); !errors.Is(err, ErrLulusAbsent) {
		t.Errorf("a pass without attendance: %v", err)
	}
	for _, h := range []Hasil{{Hadir: true, Lulus: &yes}, {Hadir: false, Lulus: &no}, {Hadir: true}} {
		if err := CheckHasil(h); err != nil {
			t.Errorf("%+v refused: %v", h, err)
		}
	}
	b := Bimtek{State: BimtekDijadwalkan, Data: BimtekData{Pelatihan: true}}
	if !RecordsOutcomes(b) {
		t.Error("a scheduled training records outcomes")
	}
	for _, tt := range []Bimtek{{State: BimtekDiajukan, Data: BimtekData{Pelatihan: true}}, {State: BimtekSelesai, Data: BimtekData{Konsultasi: true}}} {
		if RecordsOutcomes(tt) {
			t.Errorf("%s/pelatihan=%v records outcomes", tt.State, tt.Data.Pelatihan)
		}
	}
	if got := SertifikatNomor(42, 2026); got != "00042/BIMTEK-REGSOSEK/2026" {
		t.Errorf("SertifikatNomor = %q", got)
	}
	if (Peserta{Lulus: &yes}).Result() != "Lulus" || (Peserta{}).Result() != "Belum dinilai" || (Peserta{Lulus: &no}).Result() != "Tidak lulus" {
		t.Error("Result labels")
	}
}
