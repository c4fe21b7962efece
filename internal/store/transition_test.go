package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/api"
	"github.com/bappenas/portal-regsosek/internal/dasbor"
	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/fsm"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/register"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/survei"
)

// Every (state, event, role) of every machine goes through its one transition against the real database:
// an allowed move changes exactly its row's state and writes one audit row (and, for a permohonan, one
// timeline entry) and the mail it carries; a refused one changes nothing and says why (ErrForbidden for a
// role that may never fire the event, ErrConflict for a state that does not allow it).

// roles are every role a transition may be fired in.
var roles = append([]account.Role{account.RoleRegistrator, account.RolePublik, account.RoleSistem}, account.AllRoles...)

// actorAs is a person acting in role.
func actorAs(role account.Role) account.Actor {
	switch role {
	case account.RoleRegistrator:
		return account.Actor{Kind: account.ActorRegistrator}
	case account.RoleSistem:
		return account.Actor{Kind: account.ActorSistem}
	case account.RolePublik:
		return account.Actor{Kind: account.ActorPublik}
	}
	return account.Actor{Kind: account.ActorStaf, Roles: []account.Role{role}}
}

// tally is what a move may change, read back after it.
type tally struct {
	state                string
	events, audits, mail int
}

func mailTo(id int64, table string) mail.Message {
	return mail.Message{To: fmt.Sprintf("%s-%d@uji.go.id", table, id), Subject: "uji", Text: "uji", HTML: "<p>uji</p>"}
}

func readTally(t *testing.T, st *store.Store, table string, id int64) tally {
	t.Helper()
	var n tally
	events := "0"
	if table == "permohonan" {
		events = "(SELECT count(*) FROM permohonan_events WHERE permohonan_id = $1)"
	}
	err := st.Pool.QueryRow(context.Background(), `SELECT (SELECT state FROM `+table+` WHERE id = $1), `+events+`,
		(SELECT count(*) FROM audit_log WHERE object_type = $2 AND object_id = $1), (SELECT count(*) FROM outbox WHERE to_address = $3)`,
		id, table, mailTo(id, table).To).Scan(&n.state, &n.events, &n.audits, &n.mail)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// checkMove compares the tallies before and after a move against what the table allowed.
func checkMove(t *testing.T, what string, before, after tally, want string, allowed bool, err error) {
	t.Helper()
	switch {
	case allowed && err != nil:
		t.Errorf("%s: allowed move failed: %v", what, err)
	case allowed:
		events := before.events
		if before.events != 0 || after.events != 0 {
			events++
		}
		if after != (tally{want, events, before.audits + 1, before.mail + 1}) {
			t.Errorf("%s: %+v → %+v, want state %s and one more event, audit row and mail", what, before, after, want)
		}
	case !errors.Is(err, store.ErrForbidden) && !errors.Is(err, store.ErrConflict):
		t.Errorf("%s: refused move gave %v, want ErrForbidden or ErrConflict", what, err)
	case after != before:
		t.Errorf("%s: refused move changed %+v → %+v", what, before, after)
	}
}

func TestPermohonanTransitions(t *testing.T) {
	t.Parallel()
	st := dbtest.New(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	var akunID int64
	if err := st.Pool.QueryRow(ctx, `INSERT INTO akun (reference, kategori, instansi_kode, instansi_nama, state, decided_at)
		VALUES ('AKUN-UJI', 'kabupaten_kota', '32.73', 'Pemerintah Kota Bandung', 'aktif', now()) RETURNING id`).Scan(&akunID); err != nil {
		t.Fatal(err)
	}
	seq := 0
	fixture := func(s request.State) int64 {
		seq++
		var id int64
		if err := st.Pool.QueryRow(ctx, `INSERT INTO permohonan (akun_id, reference, state) VALUES ($1, $2, 'draft') RETURNING id`,
			akunID, fmt.Sprintf("PHA-UJI-%05d", seq)).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if s != request.Draft {
			setState(t, st, "permohonan", id, string(s), permohonanCols(s, now))
		}
		return id
	}
	events := append(request.Machine.All(), request.Steps.All()...)
	moves := 0
	for _, s := range request.AllStates {
		for _, ev := range events {
			id := fixture(s)
			for _, role := range roles {
				next, checkErr := request.Check(request.Subject{State: s}, ev, role, 0)
				before := readTally(t, st, "permohonan", id)
				err := st.FirePermohonan(ctx, id, ev, role, actorAs(role), permohonanCols(next, now), mailTo(id, "permohonan"), now)
				checkMove(t, fmt.Sprintf("%s --%s/%s-->", s, ev, role), before, readTally(t, st, "permohonan", id), string(next), checkErr == nil, err)
				if checkErr == nil {
					moves++
					id = fixture(s)
				}
			}
		}
	}
	if moves < 21 {
		t.Errorf("only %d allowed moves were fired", moves)
	}
}

// permohonanCols are the columns a permohonan in state s carries, so each state's CHECK constraints hold.
func permohonanCols(s request.State, now time.Time) []store.Set {
	in := func(list ...request.State) bool { return slices.Contains(list, s) }
	var set []store.Set
	put := func(col string, when bool, v any) {
		if !when {
			v = nil
		}
		set = append(set, store.Set{Col: col, Val: v})
	}
	ended, endReason := in(request.Berakhir, request.Dicabut), request.EndKedaluwarsa
	if s == request.Dicabut {
		endReason = request.EndDicabut
	}
	put("submitted_at", s != request.Draft, now)
	put("withdraw_reason", s == request.Ditarik, "alasan uji")
	put("due_at", in(request.Diajukan, request.TerverifikasiTeknis, request.MenungguKeputusan), now)
	put("reject_reason", s == request.Ditolak, "alasan uji")
	put("decided_at", in(request.Disetujui, request.Ditolak, request.MenungguPKSNDA, request.PKSNDADiunggah, request.PenyiapanAkses,
		request.AksesDiberikan, request.Berakhir, request.Dicabut), now)
	put("ended_at", ended, now)
	put("end_reason", ended, endReason)
	put("cabut_reason", s == request.Dicabut, "alasan uji")
	return set
}

// rowMachine is one of the smaller machines as the test drives it.
type rowMachine struct {
	table  string
	states []string
	events []string
	next   func(state, event string, role account.Role) (string, error)
	// fixture inserts a row in state with the columns that state needs; cols are those for a move into state.
	fixture func(t *testing.T, st *store.Store, state string) int64
	cols    func(state string) []store.Set
}

func names[S ~string](list []S) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = string(s)
	}
	return out
}

func nextOf[S, E ~string](tb fsm.Table[S, E, account.Role]) func(string, string, account.Role) (string, error) {
	return func(s, e string, r account.Role) (string, error) {
		n, err := tb.Next(S(s), E(e), r)
		return string(n), err
	}
}

func TestRowTransitions(t *testing.T) {
	t.Parallel()
	st := dbtest.New(t)
	ctx := context.Background()
	f := newRowFixtures(t, st)
	machines := []rowMachine{
		{"akun", names(account.AllStates[:4]), names(account.AkunMachine.All()), nextOf(account.AkunMachine), f.akun, f.akunCols},
		{"pejabat", names(account.AllStates), names(account.PejabatMachine.All()), nextOf(account.PejabatMachine), f.pejabat, f.pejabatCols},
		{"permintaan_cetak", []string{"diminta", "dikirim"}, names(request.CetakMachine.All()), nextOf(request.CetakMachine), f.cetak, f.cetakCols},
		{"perpanjangan", []string{"diajukan", "disetujui", "ditolak"}, names(request.PerpanjanganMachine.All()), nextOf(request.PerpanjanganMachine),
			f.perpanjangan, f.perpanjanganCols},
		{"akses_akun", names(request.AllAkunStates), names(request.AkunMachine.All()), nextOf(request.AkunMachine), f.aksesAkun, f.aksesAkunCols},
		{"penggantian_operator", names(request.AllGantiStates), names(request.PenggantianMachine.All()), nextOf(request.PenggantianMachine),
			f.penggantian, f.penggantianCols},
		{"usulan_perjanjian", names(request.AllUsulanStates), names(request.UsulanMachine.All()), nextOf(request.UsulanMachine), f.usulan, f.usulanCols},
		{"pemusnahan", names(request.AllPemusnahanStates), names(request.PemusnahanMachine.All()), nextOf(request.PemusnahanMachine),
			f.pemusnahan, f.pemusnahanCols},
		{"dasbor_rilis", names([]dasbor.RilisState{dasbor.RilisDraf, dasbor.RilisTerbit, dasbor.RilisArsip}), names(dasbor.RilisMachine.All()),
			nextOf(dasbor.RilisMachine), f.rilis, f.rilisCols},
		{"register_entri", names([]register.Publication{register.Terbit, register.Ditahan}), names(register.Machine.All()), nextOf(register.Machine),
			f.registerEntri, f.registerEntriCols},
		{"api_kunci", names([]api.KeyState{api.KeyAktif, api.KeyDicabut}), names(api.KeyMachine.All()), nextOf(api.KeyMachine), f.apiKunci, f.apiKunciCols},
		{"survei_undangan", names([]survei.UndanganState{survei.Terbuka, survei.Dijawab}), names(survei.Machine.All()), nextOf(survei.Machine),
			f.surveiUndangan, f.surveiUndanganCols},
	}
	for _, m := range machines {
		moves := 0
		for _, s := range m.states {
			for _, ev := range m.events {
				id := m.fixture(t, st, s)
				for _, role := range roles {
					next, checkErr := m.next(s, ev, role)
					before := readTally(t, st, m.table, id)
					err := st.FireRow(ctx, m.table, id, ev, actorAs(role), m.cols(next), mailTo(id, m.table))
					checkMove(t, fmt.Sprintf("%s %s --%s/%s-->", m.table, s, ev, role), before, readTally(t, st, m.table, id), next, checkErr == nil, err)
					if checkErr == nil {
						moves++
						id = m.fixture(t, st, s)
					}
				}
			}
		}
		if moves == 0 {
			t.Errorf("%s: no allowed move was fired", m.table)
		}
	}
}
