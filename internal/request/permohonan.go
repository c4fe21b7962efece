package request

import (
	"fmt"
	"time"

	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/pdfsig"
)

// The permohonan and its Tahap 4–6 side as the store returns them and pages show them.

// Ref is a permohonan as a message or a link names it.
type Ref struct {
	ID                      int64
	Reference, InstansiNama string
}

// PermohonanSummary is one line of an account's list of permohonan.
type PermohonanSummary struct {
	ID          int64
	Reference   string
	State       State
	ParentID    *int64
	Rows        int
	Tier        int
	CreatedAt   time.Time
	SubmittedAt *time.Time
}

// Permohonan is a whole permohonan as pages and rules need it.
type Permohonan struct {
	ID             int64
	AkunID         int64
	Reference      string
	ParentID       *int64
	ParentRef      string
	State          State
	Header         Header
	HeaderSaved    bool
	Rows           []Row
	Docs           map[DocKind]dokumen.Document
	Pelatihan      map[int64]Pelatihan // training evidence of Sepakat operators, by row
	KAKBacaan      *KAKBacaan          // what was read in the KAK on file (nil: none, or uploaded before reading)
	SubmittedAt    *time.Time
	WithdrawReason string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	// The pemohon, for scope rules and templates.
	Kategori, InstansiKode, InstansiNama string
	// What the guards of its moves read besides the state (Subject).
	AssigneeID, TeknisBy, SubstansiBy int64
	EnamBulan                         bool
	EndReason                         string
	// Rekomendasi asked for and answered (request.Subject).
	RekomDiminta, RekomDijawab int
	UsulanOpen                 bool // a proposed PKS/NDA text waits for the produsen data
	// The review clock: the current stage's deadline, or what was left of it while with the pemohon.
	DueAt        *time.Time
	SLARemaining *time.Duration
}

// Subject is the permohonan as the guards of its state machine see it: pages ask Actions with it to
// show the buttons the store will accept.
func (p Permohonan) Subject() Subject {
	_, sk := p.Docs[DocSKForumSatuData]
	return Subject{State: p.State, AssigneeID: p.AssigneeID, TeknisBy: p.TeknisBy, SubstansiBy: p.SubstansiBy, EnamBulan: p.EnamBulan,
		EndReason: p.EndReason, HasSKForum: sk, Pusat: p.Kategori == "pusat", RekomDiminta: p.RekomDiminta, RekomDijawab: p.RekomDijawab,
		UsulanOpen: p.UsulanOpen}
}

// DocSet says which kinds of documents are present, for the rules.
func (p Permohonan) DocSet() map[DocKind]bool {
	out := map[DocKind]bool{}
	for k := range p.Docs {
		out[k] = true
	}
	return out
}

// KAKBacaan is what the portal read in the KAK on file: whether its text was readable, and the keys
// ("a"…"f") of the six components of §3.2.5 point 2 it found (package kak).
type KAKBacaan struct {
	Terbaca  bool
	Komponen []string
}

// Trained says which rows have their operator's training evidence on file.
func (p Permohonan) Trained() map[int64]bool {
	out := map[int64]bool{}
	for id := range p.Pelatihan {
		out[id] = true
	}
	return out
}

// ErrIncomplete carries what stops a submission.
type ErrIncomplete struct{ Problems []Problem }

func (e *ErrIncomplete) Error() string {
	return fmt.Sprintf("store: permohonan incomplete (%d problems)", len(e.Problems))
}

// PermohonanSnapshot is the content of a permohonan as it was submitted.
type PermohonanSnapshot struct {
	Header    Header
	Rows      []Row
	Docs      map[DocKind]int64 // document ids
	Pelatihan map[int64]string  `json:",omitempty"` // training evidence per row: "sertifikat:<document id>", "bimtek:<id>"
}

// TimelineEntry is one event of a permohonan's timeline.
type TimelineEntry struct {
	At        time.Time
	Event     string
	FromState State
	ToState   State
	ActorKind string
	ActorRole string
	Note      string // written for the pemohon
	// InternalNote is Bappenas' own (a verifier's remark, a rekomendasi): staff pages only (ForPemohon).
	InternalNote string
}

// AksesAkun is a Sepakat account as pages show it (never its password).
type AksesAkun struct {
	ID            int64
	RowID         int64
	Username      string
	Wilayah       string
	JenisData     string
	BerlakuSampai time.Time
	State         string
	LastError     string
	ProvisionedAt *time.Time
	NewPassword   bool       // a re-issued password waits for Sepakat
	LinkSentAt    *time.Time // the newest link
	LinkUsedAt    *time.Time
	LinkExpires   *time.Time
	// Its own life (issue 13): when and why it ended, and the account it replaced.
	EndedAt        *time.Time
	EndReason      string
	CabutReason    string
	MenggantikanID int64
}

// Live reports whether the account still stands for its row.
func (k AksesAkun) Live() bool { return AkunState(k.State).Live() }

// FasilitasJadwal is a Fasilitas row's PIC teknis and schedule.
type FasilitasJadwal struct {
	RowID                      int64
	PICNama, PICPhone, PICMail string
	Mulai, Selesai             time.Time
	Tempat                     string
}

// Cetak is a request for printed agreements.
type Cetak struct {
	ID                      int64
	Penerima, Alamat, Phone string
	State                   string
	RequestedAt             time.Time
	HandledAt               *time.Time
	Catatan                 string
}

// Perpanjangan is a request to extend access.
type Perpanjangan struct {
	ID              int64
	SampaiDiminta   time.Time
	Alasan          string
	State           string
	RequestedAt     time.Time
	SampaiDisetujui *time.Time
	RejectReason    string
}

// Akses is everything Tahap 4–6 pages show of a permohonan.
type Akses struct {
	AksesSampai      *time.Time
	AksesBerakhir    *time.Time
	AksesDiberikanAt *time.Time
	EnamBulan        bool
	EndReason        string
	CabutReason      string
	Approved         []ApprovedRow
	Docs             map[DocKind]AgreementDoc
	Akun             []AksesAkun
	Fasilitas        map[int64]FasilitasJadwal
	Cetak            []Cetak
	Perpanjangan     []Perpanjangan
}

// AkunFor returns the account of a row, if it has one: the newest, as a row's operator may have been
// replaced (the accounts come in the order they were made).
func (a Akses) AkunFor(rowID int64) (AksesAkun, bool) {
	var out AksesAkun
	found := false
	for _, k := range a.Akun {
		if k.RowID == rowID {
			out, found = k, true
		}
	}
	return out, found
}

// History returns a row's earlier accounts, newest first: those of operators replaced.
func (a Akses) History(rowID int64) []AksesAkun {
	var out []AksesAkun
	for _, k := range a.Akun {
		if k.RowID == rowID {
			out = append([]AksesAkun{k}, out...)
		}
	}
	if len(out) > 0 {
		out = out[1:]
	}
	return out
}

// OpenPerpanjangan returns the request waiting for a decision, if any.
func (a Akses) OpenPerpanjangan() (Perpanjangan, bool) {
	for _, p := range a.Perpanjangan {
		if p.State == "diajukan" {
			return p, true
		}
	}
	return Perpanjangan{}, false
}

// AksesTask is one item of the staff's Tahap 4–6 work list.
type AksesTask struct {
	PermohonanID int64
	Reference    string
	InstansiNama string
	State        State
	Task         string // cetak, tandatangan, penyiapan, gagal, perpanjangan, sk_forum, berjalan
	Since        time.Time
	Until        *time.Time
}

// AgreementDoc is an uploaded PKS or NDA (or its countersigned copy) with what signature detection found.
type AgreementDoc struct {
	dokumen.Document
	TTDDigital *bool
	TTDFormat  string
	UploadedAt time.Time
	// The cryptographic check (internal/pdfsig): the verdict ("" for uploads made before it existed), each
	// signer, and why the verdict is not "sah".
	TTDStatus  pdfsig.Status
	TTDSigners []pdfsig.Signer
	TTDReason  string
}

// PrintRequest asks for printed PKS/NDA to sign by hand, and where to send them.
type PrintRequest struct {
	Penerima, Alamat, Phone string
}

// FasilitasInput is the PIC teknis and schedule the operator sets for a Fasilitas row.
type FasilitasInput struct {
	RowID                      int64
	PICNama, PICPhone, PICMail string
	Mulai, Selesai             time.Time
	Tempat                     string
}

// LinkInfo is what the credentials page says before the button is pressed.
type LinkInfo struct {
	Pengguna, Instansi string
	Expires            time.Time
}

// Credentials are what a link shows once.
type Credentials struct {
	LinkInfo
	Username, Password string
}

// Snapshot freezes a permohonan's content for the timeline.
func Snapshot(p Permohonan) PermohonanSnapshot {
	docs := map[DocKind]int64{}
	for k, d := range p.Docs {
		docs[k] = d.ID
	}
	pel := map[int64]string{}
	for id, e := range p.Pelatihan {
		pel[id] = e.Key()
	}
	return PermohonanSnapshot{Header: p.Header, Rows: p.Rows, Docs: docs, Pelatihan: pel}
}
