package review

// What the review pages and the statistics read: recommendations, decisions per row, queues and figures.

import "time"

// Rekomendasi is a director's recommendation asked for a permohonan.
type Rekomendasi struct {
	ID           int64
	PermohonanID int64
	Reference    string
	InstansiNama string
	DirekturID   int64
	DirekturNama string
	Question     string
	Answer       string
	RequestedAt  time.Time
	AnsweredAt   *time.Time
}

// RowDecisionView is a row's decision as pages show it.
type RowDecisionView struct {
	RowID     int64
	Decision  string
	JenisData string
	Reason    string
	// Sampai is the row's decided end; Usulan the end proposed from its request (nil for a refusal, and for
	// rows decided before each row had its own end).
	Sampai, Usulan *time.Time
}

// ReviewState is what the staff pages show of a permohonan's review.
type ReviewState struct {
	AssigneeID   *int64
	AssigneeNama string
	TeknisBy     *int64
	DueAt        *time.Time
	AksesSampai  *time.Time
	RejectReason string
}

// QueueFilter narrows a stage's queue. After is the keyset cursor: the (submitted_at, id) of the last item
// of the previous page.
type QueueFilter struct {
	Stage     Stage
	Kategori  string
	Provinsi  string
	Tier      int
	AfterTime *time.Time
	AfterID   int64
	Limit     int
}

// QueueItem is one permohonan in a queue.
type QueueItem struct {
	ID           int64
	Reference    string
	Kategori     string
	InstansiKode string
	InstansiNama string
	SubmittedAt  time.Time
	DueAt        *time.Time
	AssigneeID   *int64
	AssigneeNama string
	Tier         int
	Rows         int
}

// StageStats is a queue's summary on the staff home page.
type StageStats struct {
	Stage   Stage
	Count   int
	Overdue int
	Oldest  *time.Time
}

// Stats are the staff home page's figures.
type Stats struct {
	Stages            []StageStats
	Decisions30       int
	MedianDaysDecided *float64
	Rekomendasi       int
}

// ServiceStats are the public statistics of the portal itself: counts of institutions, never of people,
// and no names.
type ServiceStats struct {
	// Pengguna: instansi whose akun layanan has a permohonan with access given (pedoman §3: the pemohon
	// becomes Pengguna once PKS/NDA are complete and access is delivered).
	PenggunaKL, PenggunaProvinsi, PenggunaKabKota int
	// AkunKL…: instansi with an active akun layanan.
	AkunKL, AkunProvinsi, AkunKabKota int
	// TotalKL…: how many instansi of each kind could register.
	TotalKL, TotalProvinsi, TotalKabKota int
	// PerProvinsi is, for each province code, how many of its Pemda (the province and its kab/kota) are
	// Pengguna, and how many Pemda it has.
	PerProvinsi map[string]PemdaCount
	// Decisions is how many permohonan have been decided; MedianDays the median number of days from
	// submission to decision (0 when there is none).
	Decisions  int
	MedianDays float64
}

// PemdaCount is a province's Pemda that are Pengguna, out of all of them.
type PemdaCount struct {
	Pengguna, Total int
}
