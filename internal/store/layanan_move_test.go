package store_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
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
