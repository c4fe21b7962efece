package account

import "time"

// Accounts and officials as the store returns them and pages show them.

// Credential is what sign-in checks a password against.
type Credential struct {
	Kind         string // ActorRegistrator or ActorStaf
	ID           int64  // pejabat id or staff id
	PasswordHash string
	SesiVersi    int // bumped at every password change: sessions signed in under an older one end
}

// Registrator is the signed-in official with the account they hold.
type Registrator struct {
	PejabatID    int64
	AkunID       int64
	Nama         string
	Username     string
	Jabatan      string
	UnitKerja    string
	Reference    string
	Kategori     string
	InstansiKode string
	InstansiNama string
	AkunState    string
	ActivatedAt  *time.Time
	Email        string
	SesiVersi    int
}

// ResetInfo names whose reset link this is, for the form.
type ResetInfo struct {
	PejabatID int64
	Username  string
}

// NewPejabat is the data diri of an official as the wizard or the handover form collected it.
type NewPejabat struct {
	Instansi, UnitKerja                 string
	Nama, NIK, Jabatan                  string
	Email, EmailUnitKerja, Phone        string
	Username, PasswordHash              string // PasswordHash empty for a handover: set at activation
	KTPDocumentID, SuratTugasDocumentID int64
}

// NewRegistration is a complete registration, ready to become an account.
type NewRegistration struct {
	Kategori, InstansiKode, InstansiNama string
	Pejabat                              NewPejabat
}

// Registration is the result of "Simpan".
type Registration struct {
	AkunID    int64
	Reference string
}

// PendingPejabat is one line of the Verifikasi Akun queue.
type PendingPejabat struct {
	PejabatID    int64
	AkunID       int64
	Reference    string
	Kategori     string
	InstansiNama string
	Nama         string
	IsHandover   bool
	CreatedAt    time.Time
	// TanpaPemegang: a handover started from the Masuk page, without the official in force (§3.2.5 g).
	TanpaPemegang bool
}

// PejabatDetail is an official's data diri as the verifier sees it, NIK decrypted.
type PejabatDetail struct {
	ID, AkunID                          int64
	Reference, Kategori                 string
	InstansiKode, InstansiNama          string
	AkunState, State                    string
	Instansi, UnitKerja, Nama, NIK      string
	Jabatan, Email, EmailUnitKerja      string
	Phone, Username                     string
	KTPDocumentID, SuratTugasDocumentID int64
	IsHandover                          bool
	RejectReason                        string
	CreatedAt                           time.Time
	DecidedAt, ActivatedAt, EndedAt     *time.Time
	TanpaPemegang                       bool
}

// PejabatEntry is one official of an account as its Akun Saya lists them: name and position, no data diri.
type PejabatEntry struct {
	Nama, Jabatan, UnitKerja, State string
	ActivatedAt                     *time.Time
}

// Activation is what an approval creates (or a new code renews): the link token and the OTP code, both
// stored as HMACs only. Token and Code in clear go into the email and nowhere else.
type Activation struct {
	Token, Code         string
	TokenHash, CodeHash []byte
	CodeExpires         time.Time
	LinkExpires         time.Time
}

// ActivationInfo is what the OTP page needs to know about a link.
type ActivationInfo struct {
	ID, PejabatID int64
	Nama, Email   string
	Username      string
	IsHandover    bool
	FailedTries   int
	CodeExpires   time.Time
}
