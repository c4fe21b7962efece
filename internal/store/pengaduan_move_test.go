package store_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// The pengaduan machine fired through the store; the trail, the change and the fixture are in
// layanan_move_test.go.

// pengaduan makes a report from the public, with the reporter's email.
func (f *layananFixture) pengaduan(t *testing.T, rahasia bool) int64 {
	t.Helper()
	f.seq++
	hash := sha256.Sum256([]byte("kode " + strconv.Itoa(f.seq)))
	l := layanan.Laporan{Judul: "Permohonan belum diproses", Isi: "Permohonan kami belum diverifikasi sejak tiga bulan lalu.",
		Lokasi: "Kota Bandung", Kategori: layanan.KategoriPermohonan, Rahasia: rahasia,
		Pelapor: layanan.Pelapor{Nama: "Budi", Instansi: "Bappeda", Jabatan: "Analis", Email: reporterEmail}}
	id, _, err := f.st.CreatePengaduan(context.Background(), layanan.NewPengaduan{Laporan: l, TrackingHash: hash[:]}, nil,
		account.Actor{Kind: account.ActorPublik}, f.now)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// pengaduanSubject is the subject of the letter a staff move sends to the reporter.
var pengaduanSubject = map[layanan.PengaduanEvent]string{
	layanan.EventJawab:          "Jawaban atas Laporan Anda",
	layanan.EventMintaInformasi: "Informasi Tambahan untuk Laporan Anda",
	layanan.EventTutup:          "Laporan Anda Telah Ditutup",
}

// firePengaduan fires ev as v (a staff move) or as whoever holds the tracking code (the reply).
func (f *layananFixture) firePengaduan(id int64, ev layanan.PengaduanEvent, actor account.Actor) error {
	ctx := context.Background()
	f.now = f.now.Add(time.Second) // each move writes its own updated_at
	if ev == layanan.EventTanggapi {
		return f.st.ReplyPengaduan(ctx, id, "Nomor permohonan kami PHA-2026-000001.", nil, actor, f.now)
	}
	v := layanan.ViewerFor(actor.ID, actor.Roles)
	return f.st.ActOnPengaduan(ctx, id, ev, "Pesan dari pengelola layanan.", v, actor, f.now)
}

var pengaduanPath = map[layanan.PengaduanState][]layanan.PengaduanEvent{
	layanan.PengaduanBaru:              nil,
	layanan.PengaduanMenungguInformasi: {layanan.EventMintaInformasi},
	layanan.PengaduanDijawab:           {layanan.EventJawab},
	layanan.PengaduanDitutup:           {layanan.EventTutup},
}

func (f *layananFixture) pengaduanActor(ev layanan.PengaduanEvent) account.Actor {
	if ev == layanan.EventTanggapi {
		return account.Actor{Kind: account.ActorPublik, IP: "203.0.113.9"}
	}
	return f.staff
}

func (f *layananFixture) pengaduanIn(t *testing.T, state layanan.PengaduanState, rahasia bool) int64 {
	t.Helper()
	id := f.pengaduan(t, rahasia)
	for _, ev := range pengaduanPath[state] {
		if err := f.firePengaduan(id, ev, f.staff); err != nil {
			t.Fatalf("%s: %v", ev, err)
		}
	}
	return id
}

func pengaduanReference(t *testing.T, st *store.Store, id int64) string {
	t.Helper()
	var ref string
	if err := st.Pool.QueryRow(context.Background(), "SELECT reference FROM pengaduan WHERE id = $1", id).Scan(&ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

func TestPengaduanMovesThroughTheStore(t *testing.T) {
	t.Parallel()
	f := newLayananFixture(t)
	st := f.st
	f.pengaduanIn(t, layanan.PengaduanDijawab, false) // a bystander
	fired := 0
	for _, from := range layanan.PengaduanStates {
		for _, ev := range layanan.PengaduanMachine.All() {
			actor := f.pengaduanActor(ev)
			role := layanan.ViewerFor(actor.ID, actor.Roles).Role(ev)
			if ev == layanan.EventTanggapi {
				role = layanan.ReporterViewer(actor).Role(ev)
			}
			to, err := layanan.PengaduanMachine.Next(from, ev, role)
			id := f.pengaduanIn(t, from, false)
			before := mustTrail(t, st, "pengaduan")
			got := f.firePengaduan(id, ev, actor)
			c := before.since(t, st, "pengaduan")
			if err != nil {
				if !errors.Is(got, store.ErrConflict) {
					t.Errorf("%s from %s: %v, want ErrConflict", ev, from, got)
				}
				c.mustBeNothing(t)
				continue
			}
			fired++
			if got != nil {
				t.Errorf("%s from %s: %v", ev, from, got)
				continue
			}
			ref := pengaduanReference(t, st, id)
			letter := reporterEmail + ": " + pengaduanSubject[ev]
			if ev == layanan.EventTanggapi {
				letter = "pengelola.satu@bappenas.go.id: Tanggapan Pelapor atas Laporan " + ref
			}
			letters := []string{letter}
			if ev == layanan.EventTutup {
				// Closing ends the service: the Survei Kepuasan Masyarakat invitation comes first (issue 16).
				letters = append([]string{reporterEmail + ": Survei Kepuasan Masyarakat Portal Regsosek"}, letters...)
			}
			c.mustBeOneMove(t, id, string(from), string(to), "pengaduan."+string(ev), "pengaduan", letters...)
		}
	}
	if fired != 11 {
		t.Errorf("%d allowed moves fired, want 11", fired)
	}
	// The move wrote its columns: the handler who first acted, closed_at with the closing.
	var handlers, closedWithoutDate int
	if err := st.Pool.QueryRow(context.Background(), `SELECT count(DISTINCT handler_id), count(*) FILTER (WHERE state = 'ditutup' AND closed_at IS NULL)
		FROM pengaduan WHERE handler_id IS NOT NULL`).Scan(&handlers, &closedWithoutDate); err != nil || handlers != 1 || closedWithoutDate != 0 {
		t.Errorf("%d handlers, %d closed without a date (%v)", handlers, closedWithoutDate, err)
	}
}

// The access rules beside the table: an admin, and another handler on a Rahasia report, are told it does not
// exist; a reply by staff through the staff's path is forbidden. Nothing changes.
func TestPengaduanRefusedMovesChangeNothing(t *testing.T) {
	t.Parallel()
	f := newLayananFixture(t)
	st := f.st
	open := f.pengaduanIn(t, layanan.PengaduanBaru, false)
	secret := f.pengaduanIn(t, layanan.PengaduanDijawab, true) // taken up by f.staff
	closed := f.pengaduanIn(t, layanan.PengaduanDitutup, false)
	tests := []struct {
		name  string
		id    int64
		ev    layanan.PengaduanEvent
		actor account.Actor
		err   error
	}{
		{"admin answers", open, layanan.EventJawab, f.admin, store.ErrNotFound},
		{"another handler on a Rahasia report", secret, layanan.EventTutup, f.other, store.ErrNotFound},
		{"another handler on a closed Rahasia report is not told it is closed", secret, layanan.EventJawab, f.other, store.ErrNotFound},
		{"answer to a closed report", closed, layanan.EventJawab, f.staff, store.ErrConflict},
		{"reply while waiting for staff", open, layanan.EventTanggapi, account.Actor{Kind: account.ActorPublik}, store.ErrConflict},
		{"no such report", closed + 100, layanan.EventJawab, f.staff, store.ErrNotFound},
	}
	for _, tt := range tests {
		before := mustTrail(t, st, "pengaduan")
		if err := f.firePengaduan(tt.id, tt.ev, tt.actor); !errors.Is(err, tt.err) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.err)
		}
		before.since(t, st, "pengaduan").mustBeNothing(t)
	}
	// The staff's path does not take the reporter's event.
	before := mustTrail(t, st, "pengaduan")
	err := st.ActOnPengaduan(context.Background(), secret, layanan.EventTanggapi, "Balasan.", layanan.ViewerFor(f.staff.ID, f.staff.Roles),
		f.staff, f.now)
	if !errors.Is(err, store.ErrForbidden) {
		t.Errorf("reply through the staff's path: %v", err)
	}
	before.since(t, st, "pengaduan").mustBeNothing(t)
	if _, err := layanan.PengaduanMachine.Next(layanan.PengaduanDijawab, layanan.EventTanggapi, account.RolePengelolaLayanan); !errors.Is(err, fsm.ErrForbidden) {
		t.Errorf("table: %v", err)
	}
}
