package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/fsm"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// Every allowed move of the bimtek and pengaduan machines, fired through the store: exactly one row changes
// state, one audit row names the move, and its letters are enqueued. A refused move changes nothing.

// trail is what the moves leave: every row's state and when it was last written, and the last audit row and
// letter before a move.
type trail struct {
	states, written     map[int64]string
	lastAudit, lastMail int64
}

func mustTrail(t *testing.T, st *store.Store, table string) trail {
	t.Helper()
	ctx := context.Background()
	tr := trail{states: map[int64]string{}, written: map[int64]string{}}
	rows, err := st.Pool.Query(ctx, "SELECT id, state, updated_at::text FROM "+table)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var s, at string
		if err := rows.Scan(&id, &s, &at); err != nil {
			t.Fatal(err)
		}
		tr.states[id], tr.written[id] = s, at
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if err := st.Pool.QueryRow(ctx, "SELECT (SELECT coalesce(max(id), 0) FROM audit_log), (SELECT coalesce(max(id), 0) FROM outbox)").
		Scan(&tr.lastAudit, &tr.lastMail); err != nil {
		t.Fatal(err)
	}
	return tr
}

// change is what happened after a trail was taken.
type change struct {
	moved   []string // "id: from -> to" of each row whose state changed
	written []int64  // the rows written
	actions []string // audit actions, with their object
	mails   []string // "to: subject" of each letter
}

func (tr trail) since(t *testing.T, st *store.Store, table string) change {
	t.Helper()
	ctx := context.Background()
	var c change
	now := mustTrail(t, st, table)
	for id, s := range now.states {
		if before, ok := tr.states[id]; !ok || before != s {
			c.moved = append(c.moved, fmt.Sprintf("%d: %s -> %s", id, before, s))
		}
		if now.written[id] != tr.written[id] {
			c.written = append(c.written, id)
		}
	}
	rows, err := st.Pool.Query(ctx, "SELECT action || ' ' || object_type || ' ' || coalesce(object_id, 0) FROM audit_log WHERE id > $1 ORDER BY id", tr.lastAudit)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		c.actions = append(c.actions, a)
	}
	rows, err = st.Pool.Query(ctx, "SELECT to_address || ': ' || subject FROM outbox WHERE id > $1 ORDER BY id", tr.lastMail)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			t.Fatal(err)
		}
		c.mails = append(c.mails, m)
	}
	return c
}

// mustBeOneMove checks that c is row id moving from -> to (written, and in the same state when from is to),
// with the audit row action on the object and exactly the letters.
func (c change) mustBeOneMove(t *testing.T, id int64, from, to, action, object string, mails ...string) {
	t.Helper()
	var want []string
	if from != to {
		want = []string{fmt.Sprintf("%d: %s -> %s", id, from, to)}
	}
	if !slices.Equal(c.moved, want) || !slices.Equal(c.written, []int64{id}) {
		t.Errorf("rows moved %v and written %v, want %v and [%d]", c.moved, c.written, want, id)
	}
	if want := []string{action + " " + object + " " + strconv.FormatInt(id, 10)}; !slices.Equal(c.actions, want) {
		t.Errorf("audit %v, want %v", c.actions, want)
	}
	if !slices.Equal(c.mails, mails) {
		t.Errorf("letters %v, want %v", c.mails, mails)
	}
}

func (c change) mustBeNothing(t *testing.T) {
	t.Helper()
	if len(c.moved)+len(c.written)+len(c.actions)+len(c.mails) != 0 {
		t.Errorf("a refused move left %v, wrote %v, audit %v, letters %v", c.moved, c.written, c.actions, c.mails)
	}
}

// layananFixture is an active akun layanan with its registrator, two pengelola layanan and an admin.
type layananFixture struct {
	st                       *store.Store
	akunID, pejabatID        int64
	reg, staff, other, admin account.Actor
	now                      time.Time
	seq                      int
}

const (
	registratorEmail = "registrator@bandung.go.id"
	narahubungEmail  = "narahubung@bandung.go.id"
	reporterEmail    = "pelapor@bandung.go.id"
)

func newLayananFixture(t *testing.T) *layananFixture {
	t.Helper()
	ctx := context.Background()
	st := dbtest.New(t)
	f := &layananFixture{st: st, now: time.Now()}
	doc := mustPutDoc(t, st, st.Keys, dokumen.Dokumen, "ktp.pdf", docFile(docMagicPDF, 2000))
	err := st.Pool.QueryRow(ctx, `INSERT INTO akun (reference, kategori, instansi_kode, instansi_nama, state, decided_at)
		VALUES ('AKUN-UJI-000001', 'kabupaten_kota', '32.73', 'Pemerintah Kota Bandung', 'aktif', now()) RETURNING id`).Scan(&f.akunID)
	if err != nil {
		t.Fatal(err)
	}
	err = st.Pool.QueryRow(ctx, `INSERT INTO pejabat (akun_id, state, instansi, unit_kerja, nama, nik_enc, nik_key_id, jabatan, email,
			email_unit_kerja, phone, username, password_hash, ktp_document_id, surat_tugas_document_id, activated_at)
		VALUES ($1, 'aktif', 'Pemerintah Kota Bandung', 'Unit Data', 'Registrator Uji', '\x00', 'k1', 'Analis', $2, 'data@bandung.go.id',
			'+6281234567890', 'registrator.uji', 'x', $3, $3, now()) RETURNING id`, f.akunID, registratorEmail, doc.ID).Scan(&f.pejabatID)
	if err != nil {
		t.Fatal(err)
	}
	f.reg = account.Actor{Kind: account.ActorRegistrator, ID: f.pejabatID}
	f.staff = f.newStaff(t, "pengelola.satu", account.RolePengelolaLayanan)
	f.other = f.newStaff(t, "pengelola.dua", account.RolePengelolaLayanan, account.RoleAdmin)
	f.admin = f.newStaff(t, "admin.uji", account.RoleAdmin)
	return f
}

func (f *layananFixture) newStaff(t *testing.T, username string, roles ...account.Role) account.Actor {
	t.Helper()
	id, err := f.st.CreateStaff(context.Background(), account.NewStaff{Username: username, Nama: "Petugas " + username,
		Email: username + "@bappenas.go.id", PasswordHash: "x", TOTPSecret: "JBSWY3DPEHPK3PXP", Roles: roles}, account.Actor{Kind: account.ActorSistem})
	if err != nil {
		t.Fatal(err)
	}
	return account.Actor{Kind: account.ActorStaf, ID: id, Roles: roles}
}

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
			c.mustBeOneMove(t, id, string(from), string(to), "bimtek."+string(ev), "bimtek",
				registratorEmail+": "+subject, narahubungEmail+": "+subject)
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
			c.mustBeOneMove(t, id, string(from), string(to), "pengaduan."+string(ev), "pengaduan", letter)
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
