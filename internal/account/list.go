package account

import "time"

// PejabatFilter narrows the staff's list of registrations and handovers (Verifikasi Akun). The zero value
// keeps everything.
type PejabatFilter struct {
	// Q finds by akun number, instansi, the official's name or username.
	Q string
	// State is the official's state chosen ("" for every state).
	State              string
	Kategori, Provinsi string
	// Jenis is "pendaftaran" (a new akun) or "penggantian" (a handover); "" for both.
	Jenis string
}

// Jenis of a registration.
const (
	JenisPendaftaran = "pendaftaran"
	JenisPenggantian = "penggantian"
)

// PejabatItem is one registration or handover in the staff's list and its export: never the NIK, the
// documents or the contact details, which the verifier opens one at a time (audited).
type PejabatItem struct {
	PendingPejabat
	InstansiKode string
	UnitKerja    string
	Jabatan      string
	Username     string
	State        string
	AkunState    string
	DecidedAt    *time.Time
	ActivatedAt  *time.Time
	EndedAt      *time.Time
}
