package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/api"
	"github.com/bappenas/portal-regsosek/internal/dasbor"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/register"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/survei"
)

// Set is a column and its value, for the tests of the transitions.
type Set struct {
	Col string
	Val any
}

func colsOf(set []Set) cols {
	c := cols{}
	for _, kv := range set {
		c = c.set(kv.Col, kv.Val)
	}
	return c
}

// FirePermohonan fires ev on permohonan id through its one transition, writing set with the state.
func (s *Store) FirePermohonan(ctx context.Context, id int64, ev request.Event, role account.Role, actor account.Actor, set []Set, letter mail.Message, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: ev, role: role, actor: actor, cols: colsOf(set),
			mails: []mail.Message{letter}}, now)
	})
}

// FireRow fires ev on a row of one of the smaller machines (named by its table) through its transition.
func (s *Store) FireRow(ctx context.Context, table string, id int64, ev string, actor account.Actor, set []Set, letter mail.Message) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		m := rowMove{actor: actor, cols: colsOf(set), mails: []mail.Message{letter}}
		switch table {
		case "akun":
			return transitionAkun(ctx, tx, id, account.Event(ev), m)
		case "pejabat":
			return transitionPejabat(ctx, tx, id, account.Event(ev), m)
		case "permintaan_cetak":
			return transitionCetak(ctx, tx, id, request.RowEvent(ev), m)
		case "perpanjangan":
			return transitionPerpanjangan(ctx, tx, id, request.RowEvent(ev), m)
		case "akses_akun":
			return transitionAksesAkun(ctx, tx, id, request.AkunEvent(ev), m)
		case "dasbor_rilis":
			return transitionRilis(ctx, tx, id, dasbor.RilisEvent(ev), m)
		case "register_entri":
			return transitionRegister(ctx, tx, id, register.PublicationEvent(ev), m)
		case "survei_undangan":
			_, err := moveRow(ctx, tx, "survei_undangan", survei.Machine, id, survei.UndanganEvent(ev), m)
			return err
		case "api_kunci":
			return transitionAPIKey(ctx, tx, id, api.KeyEvent(ev), m)
		case "penggantian_operator":
			return transitionPenggantian(ctx, tx, id, request.GantiEvent(ev), m)
		case "usulan_perjanjian":
			return transitionUsulan(ctx, tx, id, request.UsulanEvent(ev), m)
		case "pemusnahan":
			return transitionPemusnahan(ctx, tx, id, request.PemusnahanEvent(ev), m)
		}
		panic("FireRow: no machine " + table)
	})
}

// PasswordAAD is passwordAAD, for the key rotation test's fixtures.
var PasswordAAD = passwordAAD

// SealedKeyColumns lists "table.key_column" of every encrypted column key rotation knows, documents included.
func SealedKeyColumns() []string {
	out := []string{"documents.key_id"}
	for _, c := range sealedColumns {
		out = append(out, c.table+"."+c.key)
	}
	return out
}
