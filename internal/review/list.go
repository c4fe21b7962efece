package review

import (
	"time"

	"github.com/bappenas/portal-regsosek/internal/request"
)

// ListFilter narrows the staff's lists of permohonan: the register of every permohonan and each stage's
// queue. The zero value keeps everything.
type ListFilter struct {
	// Q finds a permohonan by its nomor, its instansi (name or akun number), its registrator (name or
	// username) or the name of an operator of its rows.
	Q string
	// States are the states the list may show at all (a queue's state; none: every state); State is the one
	// chosen among them.
	States []request.State
	State  request.State
	// Kategori, Provinsi (a province code: its Pemda), Tingkat (2–4, the highest of the rows) and Media
	// (any row through Sepakat or Fasilitas) narrow by the pemohon and the rows.
	Kategori, Provinsi string
	Tingkat            int
	Media              string
	// Mine keeps what this staff member holds ("Ditangani saya"); Overdue what waits past its stage's
	// deadline at Now.
	Mine    int64
	Overdue bool
	Now     time.Time
}

// ListItem is one permohonan in a staff list and its export.
type ListItem struct {
	ID           int64
	Reference    string
	Perubahan    bool
	State        request.State
	Kategori     string
	InstansiKode string
	InstansiNama string
	Registrator  string
	CreatedAt    time.Time
	SubmittedAt  *time.Time
	DueAt        *time.Time
	DecidedAt    *time.Time
	AksesSampai  *time.Time
	AssigneeID   *int64
	AssigneeNama string
	Tier         int
	Rows         int
	Sepakat      bool
	Fasilitas    bool
}

// Overdue reports whether the item waits past its stage's deadline at now.
func (it ListItem) Overdue(now time.Time) bool {
	return StageOf(it.State) != "" && it.DueAt != nil && it.DueAt.Before(now)
}
