// Package review holds the rules of Bappenas' review of a permohonan (Tahap 2–3): which queue a state
// belongs to, what a complete judgement is, the four-eyes rule, service-level deadlines, what a decision
// may be, and what changed between two submissions. Pure functions, no I/O.
package review

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Stage is a step of the review with its own queue and deadline.
type Stage string

// The stages.
const (
	Teknis    Stage = "teknis"
	Substansi Stage = "substansi"
	Keputusan Stage = "keputusan"
)

// StageOf returns the review stage a state waits in, or "" when it waits for nobody at Bappenas.
func StageOf(s request.State) Stage {
	switch s {
	case request.Diajukan:
		return Teknis
	case request.TerverifikasiTeknis:
		return Substansi
	case request.MenungguKeputusan:
		return Keputusan
	}
	return ""
}

// StateOf is the state a stage's queue holds.
func StateOf(st Stage) request.State {
	switch st {
	case Teknis:
		return request.Diajukan
	case Substansi:
		return request.TerverifikasiTeknis
	case Keputusan:
		return request.MenungguKeputusan
	}
	return ""
}

// RoleOf is the staff role that works a stage.
func RoleOf(st Stage) account.Role {
	switch st {
	case Teknis:
		return account.RoleVerifikatorTeknis
	case Substansi:
		return account.RoleVerifikatorSubstansi
	case Keputusan:
		return account.RoleProdusenData
	}
	return ""
}

// SLA is the service level of each stage, in days.
type SLA map[Stage]int

// DefaultSLA is used when REVIEW_SLA is not set.
var DefaultSLA = SLA{Teknis: 5, Substansi: 10, Keputusan: 5}

// ParseSLA reads "teknis=5,substansi=10,keputusan=5"; stages left out keep their default.
func ParseSLA(s string) (SLA, error) {
	out := SLA{}
	for k, v := range DefaultSLA {
		out[k] = v
	}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	for part := range strings.SplitSeq(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		days, err := strconv.Atoi(v)
		if !ok || err != nil || days < 1 || days > 365 {
			return nil, fmt.Errorf("REVIEW_SLA: %q is not stage=days", part)
		}
		st := Stage(k)
		if _, known := DefaultSLA[st]; !known {
			return nil, fmt.Errorf("REVIEW_SLA: unknown stage %q", k)
		}
		out[st] = days
	}
	return out, nil
}

// Due is the deadline of a stage entered at start.
func (s SLA) Due(st Stage, start time.Time) time.Time {
	return start.Add(time.Duration(s[st]) * 24 * time.Hour)
}

// Verdict is a judgement of one item.
type Verdict string

// Verdicts.
const (
	Sesuai      Verdict = "sesuai"
	BelumSesuai Verdict = "belum_sesuai"
)

// Item is one thing judged: a document by kind, or a row by id (with an aspect in the substantive stage).
type Item struct {
	Type   string // "dokumen" or "baris"
	Key    string // document kind or row id
	Aspect string // "" for teknis; "kewenangan" or "tujuan" for substansi
	Label  string
}

// Field is the form name of an item's verdict; its note is Field()+"_catatan".
func (it Item) Field() string {
	f := it.Type + "_" + it.Key
	if it.Aspect != "" {
		f += "_" + it.Aspect
	}
	return f
}

// Judgement is a verdict with its note.
type Judgement struct {
	Item    Item
	Verdict Verdict
	Note    string
}

// ItemKapasitas is the item type of a Sepakat operator's training evidence, judged like a document.
const ItemKapasitas = "kapasitas"

// TeknisItems lists what the technical verifier must judge: every document present or required, every
// new row, and the training evidence of each new Sepakat row's operator (Kapasitas, Tabel 3.1).
func TeknisItems(inst request.Instansi, h request.Header, rows []request.Row, docs map[request.DocKind]bool) []Item {
	var items []Item
	seen := map[request.DocKind]bool{}
	for _, req := range request.RequiredDocuments(inst, h, rows) {
		if req.Optional && !docs[req.Kind] {
			continue
		}
		seen[req.Kind] = true
		items = append(items, Item{Type: "dokumen", Key: string(req.Kind), Label: req.Label})
	}
	for _, kind := range []request.DocKind{request.DocSuratPermohonan, request.DocKAK, request.DocSKOperator,
		request.DocSKForumSatuData, request.DocSuratPernyataan} {
		if docs[kind] && !seen[kind] {
			items = append(items, Item{Type: "dokumen", Key: string(kind), Label: request.DocLabels[kind]})
		}
	}
	for i, r := range rows {
		if r.IsNew {
			items = append(items, Item{Type: "baris", Key: strconv.FormatInt(r.ID, 10), Label: fmt.Sprintf("Baris %d: %s", i+1, r.Pengguna)})
		}
	}
	for i, r := range rows {
		if request.NeedsPelatihan(r) {
			items = append(items, Item{Type: ItemKapasitas, Key: strconv.FormatInt(r.ID, 10),
				Label: fmt.Sprintf("Kapasitas operator baris %d: %s (%s)", i+1, r.OperatorNama, r.Pengguna)})
		}
	}
	return items
}

// SubstansiItems lists, for each new row, its two aspects: kewenangan and kesesuaian tujuan.
func SubstansiItems(rows []request.Row) []Item {
	var items []Item
	for i, r := range rows {
		if !r.IsNew {
			continue
		}
		key := strconv.FormatInt(r.ID, 10)
		items = append(items,
			Item{Type: "baris", Key: key, Aspect: "kewenangan", Label: fmt.Sprintf("Baris %d: %s — kewenangan", i+1, r.Pengguna)},
			Item{Type: "baris", Key: key, Aspect: "tujuan", Label: fmt.Sprintf("Baris %d: %s — kesesuaian tujuan", i+1, r.Pengguna)})
	}
	return items
}

// Outcome of a verification step.
const (
	OutcomeLanjut      = "lanjut"       // Terverifikasi / teruskan ke keputusan
	OutcomeBelumSesuai = "belum_sesuai" // Data Belum Sesuai: back to the registrator
)

// CheckJudgements requires a verdict for every item, a note for every "Belum Sesuai", and an outcome that
// agrees with them: "lanjut" from the technical stage only when all is "Sesuai", "belum_sesuai" only when
// something is not.
func CheckJudgements(stage Stage, items []Item, got map[string]Judgement, outcome string) validate.Errors {
	var errs validate.Errors
	bad := 0
	for _, it := range items {
		j, ok := got[it.Field()]
		switch {
		case !ok || (j.Verdict != Sesuai && j.Verdict != BelumSesuai):
			errs.Add(it.Field(), "Nilai "+it.Label+": Sesuai atau Belum Sesuai.")
		case j.Verdict == BelumSesuai && strings.TrimSpace(j.Note) == "":
			errs.Add(it.Field()+"_catatan", "Tuliskan catatan untuk "+it.Label+" agar pemohon tahu apa yang harus diperbaiki.")
		case j.Verdict == BelumSesuai:
			bad++
		}
	}
	switch outcome {
	case OutcomeLanjut:
		if stage == Teknis && bad > 0 {
			errs.Add("hasil", "Semua dokumen dan baris harus Sesuai sebelum Terverifikasi; pilih Data Belum Sesuai untuk mengembalikan.")
		}
	case OutcomeBelumSesuai:
		if bad == 0 && !errs.Any() {
			errs.Add("hasil", "Tandai paling sedikit satu item Belum Sesuai dengan catatan untuk mengembalikan permohonan.")
		}
	default:
		errs.Add("hasil", "Pilih hasil verifikasi.")
	}
	return errs
}

// EventOf is the permohonan event a stage's outcome fires: forward ("lanjut") or back to the pemohon
// ("belum_sesuai"); Keputusan's forward event is the approval. "" for anything else.
func EventOf(st Stage, outcome string) request.Event {
	return map[Stage]map[string]request.Event{
		Teknis:    {OutcomeLanjut: request.VerifikasiTeknis, OutcomeBelumSesuai: request.KembalikanTeknis},
		Substansi: {OutcomeLanjut: request.VerifikasiSubstansi, OutcomeBelumSesuai: request.KembalikanSubstansi},
		Keputusan: {OutcomeLanjut: request.Setujui},
	}[st][outcome]
}
