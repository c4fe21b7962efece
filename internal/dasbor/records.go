package dasbor

import "time"

// Releases as the store returns them.

// Rilis is one release of the dashboard's figures.
type Rilis struct {
	ID          int64
	Versi       int
	Judul       string
	Sumber      string
	Sintetis    bool
	State       RilisState
	Berkas      []string
	CreatedAt   time.Time
	CreatedBy   string // staff name, empty for the seed command
	PublishedAt *time.Time
	PublishedBy string
	Rows        int
}

// NewRilis is a validated release to store as a draft.
type NewRilis struct {
	Judul    string
	Sumber   string
	Sintetis bool
	Berkas   []string
	Values   []Value
}

// Stamp identifies the public release as it is now: its id and when it was published (a restored
// release gets a new time). Zero when nothing is published.
type Stamp struct {
	ID          int64
	PublishedAt time.Time
}
