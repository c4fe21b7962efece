package account

import (
	"errors"
	"testing"
)

func TestRoles(t *testing.T) {
	want := map[Role]string{
		RoleVerifikatorAkun:      "Verifikator Akun",
		RoleVerifikatorTeknis:    "Verifikator Teknis",
		RoleVerifikatorSubstansi: "Verifikator Substansi",
		RoleDirekturPengampu:     "Direktur Pengampu",
		RoleProdusenData:         "Produsen Data",
		RoleOperatorSepakat:      "Operator Sepakat",
		RolePengelolaLayanan:     "Pengelola Layanan",
		RoleAdmin:                "Administrator",
	}
	if len(AllRoles) != len(want) {
		t.Fatalf("AllRoles has %d roles, want %d", len(AllRoles), len(want))
	}
	seen := map[Role]bool{}
	for _, r := range AllRoles {
		if seen[r] {
			t.Errorf("AllRoles lists %q twice", r)
		}
		seen[r] = true
		if got := r.Label(); got != want[r] {
			t.Errorf("%q.Label() = %q, want %q", r, got, want[r])
		}
		if got, err := ParseRole(string(r)); got != r || err != nil {
			t.Errorf("ParseRole(%q) = %q, %v", r, got, err)
		}
	}
	if got := Role("tamu").Label(); got != "tamu" {
		t.Errorf("unknown role label = %q, want the raw value", got)
	}
}

func TestParseRole(t *testing.T) {
	tests := []struct {
		in    string
		want  Role
		errIs error
	}{
		{in: "verifikator_teknis", want: RoleVerifikatorTeknis},
		{in: "  Admin ", want: RoleAdmin},
		{in: "PRODUSEN_DATA", want: RoleProdusenData},
		{in: "", errIs: errRoleUnknown},
		{in: "superadmin", errIs: errRoleUnknown},
		{in: "Verifikator Akun", errIs: errRoleUnknown},
	}
	for _, tt := range tests {
		got, err := ParseRole(tt.in)
		if got != tt.want || !errors.Is(err, tt.errIs) {
			t.Errorf("ParseRole(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.errIs)
		}
	}
}

func TestKategori(t *testing.T) {
	labels := map[Kategori]string{
		KategoriPusat:    "Pemerintah Pusat",
		KategoriProvinsi: "Pemerintah Provinsi",
		KategoriKabKota:  "Pemerintah Kabupaten/Kota",
	}
	if len(AllKategori) != len(labels) {
		t.Fatalf("AllKategori has %d entries, want %d", len(AllKategori), len(labels))
	}
	for _, k := range AllKategori {
		if got := k.Label(); got != labels[k] {
			t.Errorf("%q.Label() = %q, want %q", k, got, labels[k])
		}
	}

	tests := []struct {
		in    string
		want  Kategori
		errIs error
	}{
		{in: "pusat", want: KategoriPusat},
		{in: "provinsi", want: KategoriProvinsi},
		{in: " Kabupaten_Kota ", want: KategoriKabKota},
		{in: "", errIs: errKategoriEmpty},
		{in: "desa", errIs: errKategoriBad},
		{in: "Pemerintah Pusat", errIs: errKategoriBad},
	}
	for _, tt := range tests {
		got, err := ParseKategori(tt.in)
		if got != tt.want || !errors.Is(err, tt.errIs) {
			t.Errorf("ParseKategori(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.errIs)
		}
	}
}
