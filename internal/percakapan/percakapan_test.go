package percakapan

import (
	"strings"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/request"
)

func TestCleanAndCheckIsi(t *testing.T) {
	tests := []struct{ in, clean, msg string }{
		{"  Halo,\r\n\r\n\r\n\r\nterima kasih.  ", "Halo,\n\nterima kasih.", ""},
		{"a\x00b\x1bc\td", "a b c d", ""},
		{" \n\t ", "", "Tuliskan pesan."},
		{strings.Repeat("x", MaxIsi), strings.Repeat("x", MaxIsi), ""},
		// Kept whole to be shortened, with the limit and how much was typed.
		{strings.Repeat("x", MaxIsi+50), strings.Repeat("x", MaxIsi+50), "Pesan paling banyak 4.000 karakter; isian Anda 4.050 karakter. Persingkat isian ini."},
	}
	for _, tt := range tests {
		got := CleanIsi(tt.in)
		if got != tt.clean || CheckIsi(got) != tt.msg {
			t.Errorf("CleanIsi(%q) = %q (%q)", tt.in, got, CheckIsi(got))
		}
	}
}

func TestWhoTakesPart(t *testing.T) {
	for _, tt := range []struct {
		j    Jenis
		role account.Role
		ok   bool
	}{
		{Permohonan, account.RoleVerifikatorTeknis, true}, {Permohonan, account.RoleVerifikatorSubstansi, true},
		{Permohonan, account.RoleProdusenData, true}, {Permohonan, account.RoleOperatorSepakat, true}, {Permohonan, account.RoleAdmin, true},
		{Permohonan, account.RolePengelolaLayanan, false}, {Permohonan, account.RoleDirekturPengampu, false}, {Permohonan, account.RoleVerifikatorAkun, false},
		{Bimtek, account.RolePengelolaLayanan, true}, {Bimtek, account.RoleAdmin, true}, {Bimtek, account.RoleVerifikatorTeknis, false},
	} {
		if got := StaffMay(tt.j, []account.Role{tt.role}); got != tt.ok {
			t.Errorf("StaffMay(%s, %s) = %v", tt.j, tt.role, got)
		}
	}
	for _, st := range request.AllStates {
		if OpenPermohonan(st) != (st != request.Draft) {
			t.Errorf("OpenPermohonan(%s)", st)
		}
	}
	for _, st := range layanan.BimtekStates {
		if OpenBimtek(st) != (st != layanan.BimtekDraf) {
			t.Errorf("OpenBimtek(%s)", st)
		}
	}
	if j, ok := ParseJenis("pengaduan"); ok || j == Permohonan {
		t.Error("ParseJenis accepts pengaduan")
	}
}
