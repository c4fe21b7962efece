package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/request"
)

// permohonanLock is a permohonan locked FOR UPDATE for a move, with what the guards and the steps around a
// move read. It is the one way the store locks a permohonan.
type permohonanLock struct {
	ID, AkunID       int64
	Reference        string
	State            request.State
	Kategori         string
	InstansiKode     string
	InstansiNama     string
	Cakupan          string
	AssigneeID       *int64
	TeknisBy         *int64
	SubstansiBy      *int64
	DueAt            *time.Time
	Round            int // how many times it was submitted
	AksesSampai      *time.Time
	AksesBerakhir    *time.Time
	AksesDiberikanAt *time.Time
	EnamBulan        bool
	Versi            int
	EndReason        string
	WarnedFor        *time.Time
	HasSKForum       bool
	// Rekomendasi asked for and answered (request.Subject).
	RekomDiminta, RekomDijawab int
	UsulanOpen                 bool // a proposed PKS/NDA text waits (usulan.go)
}

// lockPermohonan locks a permohonan; akunID scopes it to the registrator's account (0 for staff and jobs), so
// another account's permohonan is ErrNotFound.
func lockPermohonan(ctx context.Context, tx pgx.Tx, id, akunID int64) (permohonanLock, error) {
	var l permohonanLock
	err := tx.QueryRow(ctx, `SELECT p.id, p.akun_id, p.reference, p.state, a.kategori, a.instansi_kode, a.instansi_nama, p.cakupan_wilayah,
			p.assignee_id, p.teknis_by, p.substansi_by, p.due_at,
			(SELECT count(*) FROM permohonan_events e WHERE e.permohonan_id = p.id AND e.event IN ('ajukan', 'ajukan_perbaikan')),
			p.akses_sampai, p.akses_berakhir, p.akses_diberikan_at, p.enam_bulan, p.akses_versi, coalesce(p.end_reason, ''), p.warned_for,
			EXISTS (SELECT 1 FROM permohonan_documents d WHERE d.permohonan_id = p.id AND d.kind = 'sk_forum_satu_data'),
			(SELECT count(*) FROM rekomendasi r JOIN staff d ON d.id = r.direktur_id
				WHERE r.permohonan_id = p.id AND (r.answered_at IS NOT NULL OR d.active)),
			(SELECT count(*) FROM rekomendasi r WHERE r.permohonan_id = p.id AND r.answered_at IS NOT NULL),
			EXISTS (SELECT 1 FROM usulan_perjanjian u WHERE u.permohonan_id = p.id AND u.state = 'diajukan')
		FROM permohonan p JOIN akun a ON a.id = p.akun_id WHERE p.id = $1 AND ($2 = 0 OR p.akun_id = $2) FOR UPDATE OF p`, id, akunID).
		Scan(&l.ID, &l.AkunID, &l.Reference, &l.State, &l.Kategori, &l.InstansiKode, &l.InstansiNama, &l.Cakupan,
			&l.AssigneeID, &l.TeknisBy, &l.SubstansiBy, &l.DueAt, &l.Round,
			&l.AksesSampai, &l.AksesBerakhir, &l.AksesDiberikanAt, &l.EnamBulan, &l.Versi, &l.EndReason, &l.WarnedFor, &l.HasSKForum,
			&l.RekomDiminta, &l.RekomDijawab, &l.UsulanOpen)
	if errors.Is(err, pgx.ErrNoRows) {
		return l, ErrNotFound
	}
	if err != nil {
		return l, fmt.Errorf("store: lock permohonan %d: %w", id, err)
	}
	return l, nil
}

// subject is the permohonan as the guards of the state machine see it.
func (l permohonanLock) subject() request.Subject {
	return request.Subject{State: l.State, AssigneeID: deref(l.AssigneeID), TeknisBy: deref(l.TeknisBy), SubstansiBy: deref(l.SubstansiBy),
		EnamBulan: l.EnamBulan, EndReason: l.EndReason, HasSKForum: l.HasSKForum,
		Pusat: l.Kategori == string(account.KategoriPusat), RekomDiminta: l.RekomDiminta, RekomDijawab: l.RekomDijawab, UsulanOpen: l.UsulanOpen}
}

// ref names the permohonan in its letters.
func (l permohonanLock) ref() request.Ref {
	return request.Ref{ID: l.ID, Reference: l.Reference, InstansiNama: l.InstansiNama}
}

func (l permohonanLock) instansi() request.Instansi {
	kat, _ := account.ParseKategori(l.Kategori)
	return request.Instansi{Kategori: kat, Kode: l.InstansiKode}
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// permohonanMove is one move (or step in place) of a permohonan.
type permohonanMove struct {
	event    request.Event
	role     account.Role
	actor    account.Actor
	note     string // the timeline's note, for the pemohon
	internal string // the timeline's internal note, for staff only (request.ForPemohon)
	snapshot any    // the content as submitted, kept on the timeline entry of a submission
	cols     cols   // columns written with the state
	detail   map[string]any
	mails    []mail.Message
}

// transitionPermohonan is the permohonan's one transition: the table and its guards (request.Check) decide,
// applyChange writes the state with its columns, audit row and emails, and the timeline gets its entry. l
// must be locked in tx; its State follows the move.
func transitionPermohonan(ctx context.Context, tx pgx.Tx, l *permohonanLock, m permohonanMove, now time.Time) error {
	next, err := request.Check(l.subject(), m.event, m.role, m.actor.ID)
	if err != nil {
		return moveError(err)
	}
	name := request.EventName(l.State, m.event)
	err = applyChange(ctx, tx, change{table: "permohonan", id: l.ID, from: string(l.State), to: string(next),
		cols: m.cols.set("updated_at", now), actor: m.actor, mails: m.mails,
		audit: AuditEntry{Action: "permohonan." + name, Detail: m.detail}})
	if err != nil {
		return err
	}
	if err := addEvent(ctx, tx, l.ID, name, l.State, next, m.actor, m.role, eventNotes{m.note, m.internal}, m.snapshot, now); err != nil {
		return err
	}
	l.State = next
	return nil
}

// eventNotes are a timeline entry's note for the pemohon and its internal note.
type eventNotes struct{ pemohon, internal string }

// addEvent writes a timeline entry. Only transitionPermohonan and the creation of a permohonan call it.
func addEvent(ctx context.Context, tx pgx.Tx, id int64, event string, from, to request.State, actor account.Actor, role account.Role, note eventNotes,
	snapshot any, now time.Time) error {
	kind := actor.Kind
	if kind == account.ActorPublik || kind == "" {
		kind = account.ActorSistem
	}
	var snap []byte
	if snapshot != nil {
		var err error
		if snap, err = json.Marshal(snapshot); err != nil {
			return fmt.Errorf("store: snapshot: %w", err)
		}
	}
	var actorID *int64
	if actor.ID != 0 {
		actorID = &actor.ID
	}
	_, err := tx.Exec(ctx, `INSERT INTO permohonan_events (permohonan_id, at, event, from_state, to_state, actor_kind, actor_id, actor_role, note,
			internal_note, snapshot)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, id, now, event, from, to, kind, actorID, role, note.pemohon, note.internal, snap)
	if err != nil {
		return fmt.Errorf("store: timeline: %w", err)
	}
	return nil
}
