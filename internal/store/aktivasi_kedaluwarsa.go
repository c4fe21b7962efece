package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/mail"
)

// AlasanAktivasiKedaluwarsa is why an approval ends when its activation link lapsed unused.
const AlasanAktivasiKedaluwarsa = "Tautan aktivasi tidak digunakan sampai masa berlakunya habis. Silakan ajukan pendaftaran " +
	"(atau penggantian pejabat) kembali."

// expireUnactivated ends the approvals whose activation link lapsed unused (account.Kedaluwarsa): the official
// approved but never activated becomes ditolak, with the akun when it was a first registration. Until then
// the office waits for them — no other handover is taken, nor for a new akun another registration of the
// instansi. Each in its own transaction, with the email saying why and what to do.
func (s *Store) expireUnactivated(ctx context.Context, now time.Time) (int64, error) {
	rows, err := s.Pool.Query(ctx, `SELECT p.id FROM pejabat p WHERE p.state = 'disetujui'
		AND NOT EXISTS (SELECT 1 FROM activations x WHERE x.pejabat_id = p.id AND x.used_at IS NULL AND x.link_expires_at > $1)
		ORDER BY p.id LIMIT 1000`, now)
	if err != nil {
		return 0, fmt.Errorf("store: retention: unactivated: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, fmt.Errorf("store: retention: unactivated: %w", err)
	}
	var n int64
	for _, id := range ids {
		err := s.inTx(ctx, func(tx pgx.Tx) error {
			// Only what the move needs (the NIK stays sealed), read again under the lock: the official may have
			// activated, or been given a new link, since the list was read.
			var d struct {
				AkunID                        int64
				State, AkunState, Email, Nama string
				IsHandover, Live              bool
			}
			if err := tx.QueryRow(ctx, `SELECT p.akun_id, p.state, a.state, p.email, p.nama, p.is_handover,
					EXISTS (SELECT 1 FROM activations x WHERE x.pejabat_id = p.id AND x.used_at IS NULL AND x.link_expires_at > $2)
				FROM pejabat p JOIN akun a ON a.id = p.akun_id WHERE p.id = $1 FOR UPDATE OF p, a`, id, now).
				Scan(&d.AkunID, &d.State, &d.AkunState, &d.Email, &d.Nama, &d.IsHandover, &d.Live); err != nil {
				return err
			}
			if account.State(d.State) != account.Disetujui || d.Live {
				return nil
			}
			c := cols{}.set("reject_reason", AlasanAktivasiKedaluwarsa)
			if !d.IsHandover && account.State(d.AkunState) == account.Disetujui { // a first registration: the akun waits with them
				if err := transitionAkun(ctx, tx, d.AkunID, account.Kedaluwarsa, rowMove{actor: account.Sistem, cols: c, partOf: "pejabat.kedaluwarsa"}); err != nil {
					return err
				}
			}
			letter := s.Letters.AktivasiKedaluwarsa(mail.Recipient{Email: d.Email, Nama: d.Nama})
			if err := transitionPejabat(ctx, tx, id, account.Kedaluwarsa, rowMove{actor: account.Sistem, cols: c, mails: []mail.Message{letter},
				detail: map[string]any{"akun_id": d.AkunID, "penggantian": d.IsHandover}}); err != nil {
				return err
			}
			n++
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("store: retention: unactivated pejabat %d: %w", id, err)
		}
	}
	return n, nil
}
