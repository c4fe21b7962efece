package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// The bimtek machine fired through the store; the trail, the change and the fixture are in
// layanan_move_test.go.

// bimtekSubject is the subject of the letter a move from a state sends to the registrator and the narahubung.
func bimtekSubject(ev layanan.BimtekEvent, from layanan.BimtekState) string {
	switch {
	case ev == layanan.EventJadwalkan && from == layanan.BimtekDijadwalkan:
		return "Perubahan Jadwal Fasilitasi Bimbingan Teknis"
	case ev == layanan.EventJadwalkan:
		return "Jadwal Fasilitasi Bimbingan Teknis"
	case ev == layanan.EventSelesai:
		return "Fasilitasi Bimbingan Teknis Selesai"
	case ev == layanan.EventTolak:
		return "Permohonan Fasilitasi Bimbingan Teknis Tidak Dapat Dilaksanakan"
	}
	return "Permohonan Fasilitasi Bimbingan Teknis Diterima"
}

// bimtekDraft files a consultation request with its letter uploaded.
func (f *layananFixture) bimtekDraft(t *testing.T, withLetter bool) int64 {
	t.Helper()
	ctx := context.Background()
	day := time.Date(2030, 3, 4, 0, 0, 0, 0, time.UTC)
	d := layanan.BimtekData{Konsultasi: true, TopikKonsultasi: "Pemanfaatan Sepakat", Mode: layanan.ModeDaring,
		UsulanMulai: day, UsulanSelesai: day.AddDate(0, 0, 1), Narahubung: layanan.Narahubung{Nama: "Siti", Jabatan: "Kepala Bidang",
			NIP: "198501012010012001", Email: narahubungEmail, Phone: "+6281298765432"}}
	id, err := f.st.CreateBimtekDraft(ctx, f.akunID, f.pejabatID, d, f.reg, f.now)
	if err != nil {
		t.Fatal(err)
	}
	if withLetter {
		err = f.st.AttachBimtekDocument(ctx, id, f.akunID, layanan.BimtekSurat,
			dokumen.Upload{Kind: dokumen.Dokumen, Name: "surat.pdf", R: bytes.NewReader(docFile(docMagicPDF, 3000))}, f.reg, f.now)
		if err != nil {
			t.Fatal(err)
		}
	}
	return id
}

// fireBimtek fires ev on a request through the store method that does it.
func (f *layananFixture) fireBimtek(id int64, ev layanan.BimtekEvent, actor account.Actor) error {
	ctx := context.Background()
	f.now = f.now.Add(time.Second) // each move writes its own updated_at
	day := time.Date(2030, 4, 1, 0, 0, 0, 0, time.UTC)
	switch ev {
	case layanan.EventAjukan:
		return f.st.SubmitBimtek(ctx, id, f.akunID, actor, f.now)
	case layanan.EventJadwalkan:
		j := layanan.Jadwal{Mulai: day, Selesai: day.AddDate(0, 0, 1), Mode: layanan.ModeDaring, Tautan: "https://meet.example/uji"}
		return f.st.ScheduleBimtek(ctx, id, j, actor, f.now)
	case layanan.EventSelesai:
		return f.st.FinishBimtek(ctx, id, actor, f.now)
	case layanan.EventTolak:
		return f.st.DeclineBimtek(ctx, id, "Narasumber tidak tersedia.", actor, f.now)
	}
	return fmt.Errorf("no store method for %s", ev)
}

// bimtekPath is how a request reaches each state from a draft.
var bimtekPath = map[layanan.BimtekState][]layanan.BimtekEvent{
	layanan.BimtekDraf:        nil,
	layanan.BimtekDiajukan:    {layanan.EventAjukan},
	layanan.BimtekDijadwalkan: {layanan.EventAjukan, layanan.EventJadwalkan},
	layanan.BimtekSelesai:     {layanan.EventAjukan, layanan.EventJadwalkan, layanan.EventSelesai},
	layanan.BimtekDitolak:     {layanan.EventAjukan, layanan.EventTolak},
}

func (f *layananFixture) actorFor(ev layanan.BimtekEvent) account.Actor {
	if ev == layanan.EventAjukan {
		return f.reg
	}
	return f.staff
}

// bimtekIn makes a request and moves it to state.
func (f *layananFixture) bimtekIn(t *testing.T, state layanan.BimtekState) int64 {
	t.Helper()
	id := f.bimtekDraft(t, true)
	for _, ev := range bimtekPath[state] {
		if err := f.fireBimtek(id, ev, f.actorFor(ev)); err != nil {
			t.Fatalf("%s: %v", ev, err)
		}
	}
	return id
}

func bimtekReference(t *testing.T, st *store.Store, id int64) string {
	t.Helper()
	var ref string
	if err := st.Pool.QueryRow(context.Background(), "SELECT coalesce(reference, '') FROM bimtek WHERE id = $1", id).Scan(&ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

func TestBimtekMovesThroughTheStore(t *testing.T) {
	t.Parallel()
	f := newLayananFixture(t)
	st := f.st
	f.bimtekIn(t, layanan.BimtekDijadwalkan) // a bystander, which no move below may touch
	fired := 0
	for _, from := range layanan.BimtekStates {
		for _, ev := range layanan.BimtekMachine.All() {
			actor := f.actorFor(ev)
			to, err := layanan.BimtekMachine.Next(from, ev, layanan.BimtekRole(ev, actor))
			id := f.bimtekIn(t, from)
			before := mustTrail(t, st, "bimtek")
			got := f.fireBimtek(id, ev, actor)
			c := before.since(t, st, "bimtek")
			if err != nil {
				// Refused by the table: the store answers ErrConflict and changes nothing. A draft is still the
				// registrator's own: to staff it does not exist.
				want := store.ErrConflict
				if from == layanan.BimtekDraf && actor.Kind == account.ActorStaf {
					want = store.ErrNotFound
				}
				if !errors.Is(got, want) {
					t.Errorf("%s from %s: %v, want %v", ev, from, got, want)
				}
				c.mustBeNothing(t)
				continue
			}
			fired++
			if got != nil {
				t.Errorf("%s from %s: %v", ev, from, got)
				continue
			}
			subject := bimtekSubject(ev, from)
			letters := []string{registratorEmail + ": " + subject, narahubungEmail + ": " + subject}
			if ev == layanan.EventSelesai {
				// Done ends the service: the Survei Kepuasan Masyarakat invitation comes first (issue 16).
				letters = append([]string{registratorEmail + ": Survei Kepuasan Masyarakat Portal Regsosek"}, letters...)
			}
			c.mustBeOneMove(t, id, string(from), string(to), "bimtek."+string(ev), "bimtek", letters...)
		}
	}
	if fired != 6 {
		t.Errorf("%d allowed moves fired, want 6", fired)
	}
}

// The refusals beside the table: the wrong person, another account, a submission without its letter. None
// changes anything, and a refused submission draws no reference number.
func TestBimtekRefusedMovesChangeNothing(t *testing.T) {
	t.Parallel()
	f := newLayananFixture(t)
	st := f.st
	first := f.bimtekIn(t, layanan.BimtekDiajukan)
	bare := f.bimtekDraft(t, false)
	draft := f.bimtekIn(t, layanan.BimtekDraf)
	submitted := f.bimtekIn(t, layanan.BimtekDiajukan)
	scheduled := f.bimtekIn(t, layanan.BimtekDijadwalkan)
	tests := []struct {
		name  string
		id    int64
		ev    layanan.BimtekEvent
		actor account.Actor
		err   error
	}{
		{"submit without the letter", bare, layanan.EventAjukan, f.reg, layanan.ErrBimtekDocumentsMissing},
		{"staff submits", draft, layanan.EventAjukan, f.staff, store.ErrForbidden},
		{"registrator schedules", submitted, layanan.EventJadwalkan, f.reg, store.ErrForbidden},
		{"admin finishes", scheduled, layanan.EventSelesai, f.admin, store.ErrForbidden},
		{"staff schedules a draft", draft, layanan.EventJadwalkan, f.staff, store.ErrNotFound},
		{"no such request", scheduled + 100, layanan.EventTolak, f.staff, store.ErrNotFound},
	}
	for _, tt := range tests {
		before := mustTrail(t, st, "bimtek")
		if err := f.fireBimtek(tt.id, tt.ev, tt.actor); !errors.Is(err, tt.err) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.err)
		}
		before.since(t, st, "bimtek").mustBeNothing(t)
	}
	// Another account's request is not found.
	if err := st.SubmitBimtek(context.Background(), draft, f.akunID+1, f.reg, f.now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another account submits: %v", err)
	}
	// The numbers run on without a gap: the refusals drew none.
	if err := f.fireBimtek(draft, layanan.EventAjukan, f.reg); err != nil {
		t.Fatal(err)
	}
	n := func(id int64) int {
		ref := bimtekReference(t, st, id)
		v, err := strconv.Atoi(ref[len(ref)-6:])
		if err != nil {
			t.Fatalf("reference %q", ref)
		}
		return v
	}
	if a, b, c := n(first), n(submitted), n(draft); b != a+1 || c != b+2 {
		t.Errorf("references %d, %d, %d: a refused submission drew a number", a, b, c)
	}
}
