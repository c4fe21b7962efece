package store

// The transitions of the smaller machines: one function each, all through moveRow.

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/api"
	"github.com/bappenas/portal-regsosek/internal/dasbor"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/register"
	"github.com/bappenas/portal-regsosek/internal/request"
)

// transitionPejabat is the one transition of an official holding an akun layanan (account.PejabatMachine).
func transitionPejabat(ctx context.Context, tx pgx.Tx, id int64, ev account.Event, m rowMove) error {
	_, err := moveRow(ctx, tx, "pejabat", account.PejabatMachine, id, ev, m)
	return err
}

// transitionAkun is the one transition of an akun layanan (account.AkunMachine).
func transitionAkun(ctx context.Context, tx pgx.Tx, id int64, ev account.Event, m rowMove) error {
	_, err := moveRow(ctx, tx, "akun", account.AkunMachine, id, ev, m)
	return err
}

// transitionCetak is the one transition of a request for printed agreements (request.CetakMachine).
func transitionCetak(ctx context.Context, tx pgx.Tx, id int64, ev request.RowEvent, m rowMove) error {
	_, err := moveRow(ctx, tx, "permintaan_cetak", request.CetakMachine, id, ev, m)
	return err
}

// transitionPerpanjangan is the one transition of a Perpanjangan request (request.PerpanjanganMachine).
func transitionPerpanjangan(ctx context.Context, tx pgx.Tx, id int64, ev request.RowEvent, m rowMove) error {
	_, err := moveRow(ctx, tx, "perpanjangan", request.PerpanjanganMachine, id, ev, m)
	return err
}

// transitionRilis is the one transition of a release of the Dasbor Nasional (dasbor.RilisMachine).
func transitionRilis(ctx context.Context, tx pgx.Tx, id int64, ev dasbor.RilisEvent, m rowMove) error {
	_, err := moveRow(ctx, tx, "dasbor_rilis", dasbor.RilisMachine, id, ev, m)
	return err
}

// transitionBimtek is the one transition of a Fasilitasi Bimbingan Teknis request (layanan.BimtekMachine).
func transitionBimtek(ctx context.Context, tx pgx.Tx, id int64, ev layanan.BimtekEvent, m rowMove) error {
	_, err := moveRow(ctx, tx, "bimtek", layanan.BimtekMachine, id, ev, m)
	return err
}

// transitionPengaduan is the one transition of a report (layanan.PengaduanMachine).
func transitionPengaduan(ctx context.Context, tx pgx.Tx, id int64, ev layanan.PengaduanEvent, m rowMove) error {
	_, err := moveRow(ctx, tx, "pengaduan", layanan.PengaduanMachine, id, ev, m)
	return err
}

// transitionAksesAkun is the one transition of a Sepakat account (request.AkunMachine).
func transitionAksesAkun(ctx context.Context, tx pgx.Tx, id int64, ev request.AkunEvent, m rowMove) error {
	if _, err := moveRow(ctx, tx, "akses_akun", request.AkunMachine, id, ev, m.withUpdatedAt()); err != nil {
		return err
	}
	// Revoked or replaced, the account is closed for good: its password is not kept (migration 034).
	if _, err := tx.Exec(ctx, `UPDATE akses_akun SET password_enc = NULL, password_key_id = NULL, password_baru_enc = NULL,
		password_baru_key_id = NULL WHERE id = $1 AND state IN ('dicabut', 'diganti') AND password_enc IS NOT NULL`, id); err != nil {
		return fmt.Errorf("store: drop closed account's password: %w", err)
	}
	return nil
}

// transitionRegister is the one transition of an entry's publication in the Register Pemanfaatan Data
// (register.Machine).
func transitionRegister(ctx context.Context, tx pgx.Tx, id int64, ev register.PublicationEvent, m rowMove) error {
	_, err := moveRow(ctx, tx, "register_entri", register.Machine, id, ev, m)
	return err
}

// transitionAPIKey is the one transition of a key of the machine API (api.KeyMachine).
func transitionAPIKey(ctx context.Context, tx pgx.Tx, id int64, ev api.KeyEvent, m rowMove) error {
	_, err := moveRow(ctx, tx, "api_kunci", api.KeyMachine, id, ev, m)
	return err
}

// transitionPenggantian is the one transition of a Penggantian Operator (request.PenggantianMachine).
func transitionPenggantian(ctx context.Context, tx pgx.Tx, id int64, ev request.GantiEvent, m rowMove) error {
	_, err := moveRow(ctx, tx, "penggantian_operator", request.PenggantianMachine, id, ev, m)
	return err
}

// transitionUsulan is the one transition of a proposed agreement text (request.UsulanMachine).
func transitionUsulan(ctx context.Context, tx pgx.Tx, id int64, ev request.UsulanEvent, m rowMove) error {
	_, err := moveRow(ctx, tx, "usulan_perjanjian", request.UsulanMachine, id, ev, m)
	return err
}

// transitionPemusnahan is the one transition of a destruction confirmation (request.PemusnahanMachine).
func transitionPemusnahan(ctx context.Context, tx pgx.Tx, id int64, ev request.PemusnahanEvent, m rowMove) error {
	_, err := moveRow(ctx, tx, "pemusnahan", request.PemusnahanMachine, id, ev, m)
	return err
}
