package account

import (
	"errors"
	"strings"
	"testing"
)

// Verifikasi Akun (§3.2.5 Surat Tugas b–d): an approval confirms every criterion; a rejection leaves the
// ones not met, which the email names.
func TestCheckKriteria(t *testing.T) {
	all := map[string]bool{KriteriaASN: true, KriteriaSuratTugas: true, KriteriaKTP: true}
	noKTP := map[string]bool{KriteriaASN: true, KriteriaSuratTugas: true}
	tests := []struct {
		name    string
		met     map[string]bool
		approve bool
		want    error
		failed  []string
	}{
		{"approve, all met", all, true, nil, nil},
		{"approve with one unticked", noKTP, true, ErrKriteriaBelum, []string{KriteriaKTP}},
		{"approve with none", nil, true, ErrKriteriaBelum, []string{KriteriaASN, KriteriaSuratTugas, KriteriaKTP}},
		{"reject naming the KTP", noKTP, false, nil, []string{KriteriaKTP}},
		{"reject with everything met", all, false, ErrKriteriaSemuaOK, nil},
	}
	for _, tt := range tests {
		failed, err := CheckKriteria(KategoriKabKota, tt.met, tt.approve)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
		var keys []string
		for _, k := range failed {
			keys = append(keys, k.Key)
		}
		if strings.Join(keys, ",") != strings.Join(tt.failed, ",") {
			t.Errorf("%s: failed %v, want %v", tt.name, keys, tt.failed)
		}
	}
	// The officials of §3.2.5 differ by level.
	pusat, daerah := KriteriaRegistrator(KategoriPusat), KriteriaRegistrator(KategoriProvinsi)
	if !strings.Contains(pusat[1].Label, "Walidata") || !strings.Contains(daerah[1].Label, "perencanaan pembangunan daerah") ||
		!strings.Contains(pusat[0].Label, "fungsional muda") || !strings.Contains(daerah[0].Label, "eselon 4") {
		t.Errorf("criteria by level: %v / %v", pusat, daerah)
	}
}
