package account

import (
	"slices"
	"strings"
)

// Role is a Bappenas staff role (Pengelola Data Regsosek, DOMAIN.md §2). A person may hold several.
type Role string

// The staff roles.
const (
	RoleVerifikatorAkun      Role = "verifikator_akun"
	RoleVerifikatorTeknis    Role = "verifikator_teknis"
	RoleVerifikatorSubstansi Role = "verifikator_substansi"
	RoleDirekturPengampu     Role = "direktur_pengampu"
	RoleProdusenData         Role = "produsen_data"
	RoleOperatorSepakat      Role = "operator_sepakat"
	RolePengelolaLayanan     Role = "pengelola_layanan"
	RoleAdmin                Role = "admin"
)

// The actors of the state machines that are not staff: the registrator holding an akun layanan, a member of
// the public (a pengaduan's reporter), and the portal itself (jobs, expiry). They never appear in staff forms.
const (
	RoleRegistrator Role = "registrator"
	RolePublik      Role = "publik"
	RoleSistem      Role = "sistem"
)

// AllRoles lists every role in the order the workflow meets them, for forms and listings.
var AllRoles = []Role{
	RoleVerifikatorAkun,
	RoleVerifikatorTeknis,
	RoleVerifikatorSubstansi,
	RoleDirekturPengampu,
	RoleProdusenData,
	RoleOperatorSepakat,
	RolePengelolaLayanan,
	RoleAdmin,
}

var roleLabels = map[Role]string{
	RoleVerifikatorAkun:      "Verifikator Akun",
	RoleVerifikatorTeknis:    "Verifikator Teknis",
	RoleVerifikatorSubstansi: "Verifikator Substansi",
	RoleDirekturPengampu:     "Direktur Pengampu",
	RoleProdusenData:         "Produsen Data",
	RoleOperatorSepakat:      "Operator Sepakat",
	RolePengelolaLayanan:     "Pengelola Layanan",
	RoleAdmin:                "Administrator",
	RoleRegistrator:          "Registrator",
	RolePublik:               "Masyarakat",
	RoleSistem:               "Sistem",
}

// Label returns the role's Indonesian name, such as "Verifikator Akun". An unknown role returns its raw value.
func (r Role) Label() string {
	if l, ok := roleLabels[r]; ok {
		return l
	}
	return string(r)
}

// IsStaff reports whether r is one of the staff roles of AllRoles.
func (r Role) IsStaff() bool { return slices.Contains(AllRoles, r) }

// ParseRole returns the staff role whose value is s, ignoring surrounding space and case.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if !r.IsStaff() {
		return "", errRoleUnknown
	}
	return r, nil
}

// Kategori is the kind of body that applies (kategori pemohon, DOMAIN.md §2–3).
type Kategori string

// The kategori pemohon.
const (
	KategoriPusat    Kategori = "pusat"
	KategoriProvinsi Kategori = "provinsi"
	KategoriKabKota  Kategori = "kabupaten_kota"
)

// AllKategori lists the kategori in the order the registration form shows them.
var AllKategori = []Kategori{KategoriPusat, KategoriProvinsi, KategoriKabKota}

var kategoriLabels = map[Kategori]string{
	KategoriPusat:    "Pemerintah Pusat",
	KategoriProvinsi: "Pemerintah Provinsi",
	KategoriKabKota:  "Pemerintah Kabupaten/Kota",
}

// Label returns the kategori's Indonesian name, such as "Pemerintah Pusat". An unknown kategori returns its
// raw value.
func (k Kategori) Label() string {
	if l, ok := kategoriLabels[k]; ok {
		return l
	}
	return string(k)
}

// ParseKategori returns the kategori whose value is s, ignoring surrounding space and case.
func ParseKategori(s string) (Kategori, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", errKategoriEmpty
	}
	k := Kategori(s)
	if _, ok := kategoriLabels[k]; !ok {
		return "", errKategoriBad
	}
	return k, nil
}
