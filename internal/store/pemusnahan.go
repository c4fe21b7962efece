package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// The end of access (issue 13 item 5): a Berita Acara Pemusnahan Data per Sepakat account whose access
// ended, due PemusnahanHari days later (BA_PEMUSNAHAN_HARI), with reminders (river jobs) until it is uploaded.

// openPemusnahan asks for the Berita Acara of an account whose access ended now, with its first reminder.
func (s *Store) openPemusnahan(ctx context.Context, tx pgx.Tx, l permohonanLock, k akunLock, alasan string, now time.Time) error {
	tenggat := request.PemusnahanTenggat(indo.Today(now), s.PemusnahanHari)
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO pemusnahan (permohonan_id, akun_id, row_id, alasan, berakhir_at, tenggat, state)
		VALUES ($1, $2, $3, $4, $5, $6, 'menunggu') ON CONFLICT DO NOTHING RETURNING id`, l.ID, k.ID, k.RowID, alasan, now, dateOnly(tenggat)).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil // one is waiting already
	}
	if err != nil {
		return fmt.Errorf("store: pemusnahan: %w", err)
	}
	return schedulePemusnahanReminder(ctx, tx, id, tenggat, 0, now)
}

// schedulePemusnahanReminder enqueues reminder sent+1 of a confirmation, if one is left.
func schedulePemusnahanReminder(ctx context.Context, tx pgx.Tx, id int64, tenggat time.Time, sent int, now time.Time) error {
	at, ok := request.NextPemusnahanReminder(indo.DayStart(tenggat), sent)
	if !ok {
		return nil
	}
	if at.Before(now) {
		at = now
	}
	return enqueueJob(ctx, tx, PemusnahanPengingatArgs{PemusnahanID: id, Ke: sent + 1}, at)
}

// openPemusnahanDue returns the deadline of the confirmations asked for now in a permohonan, or nil.
func (s *Store) openPemusnahanDue(ctx context.Context, tx pgx.Tx, permohonanID int64, now time.Time) (*time.Time, error) {
	var t *time.Time
	err := tx.QueryRow(ctx, "SELECT max(tenggat) FROM pemusnahan WHERE permohonan_id = $1 AND state = 'menunggu' AND berakhir_at = $2",
		permohonanID, now).Scan(&t)
	if err != nil {
		return nil, fmt.Errorf("store: pemusnahan due: %w", err)
	}
	return t, nil
}

// withdrawPemusnahan withdraws the confirmation an account still owes (its access re-opened).
func withdrawPemusnahan(ctx context.Context, tx pgx.Tx, akunID int64, now time.Time) error {
	var id int64
	err := tx.QueryRow(ctx, "SELECT id FROM pemusnahan WHERE akun_id = $1 AND state = 'menunggu'", akunID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: withdraw pemusnahan: %w", err)
	}
	return transitionPemusnahan(ctx, tx, id, request.PemusnahanBatal, rowMove{actor: account.Sistem, partOf: "permohonan.perpanjang",
		cols: cols{}.set("dibatalkan_at", now)})
}

const pemusnahanColumns = `m.id, m.akun_id, m.row_id, m.permohonan_id, p.reference, ak.instansi_nama, r.pengguna, a.username, m.alasan,
	m.berakhir_at, m.tenggat, m.state, coalesce(m.document_id, 0), coalesce(d.original_name, ''), m.diunggah_at, m.pengingat_ke`

const pemusnahanFrom = ` FROM pemusnahan m JOIN permohonan p ON p.id = m.permohonan_id JOIN akun ak ON ak.id = p.akun_id
	JOIN permohonan_rows r ON r.id = m.row_id JOIN akses_akun a ON a.id = m.akun_id LEFT JOIN documents d ON d.id = m.document_id`

func listPemusnahan(ctx context.Context, db q, where string, args ...any) ([]request.Pemusnahan, error) {
	rows, err := db.Query(ctx, "SELECT "+pemusnahanColumns+pemusnahanFrom+" WHERE "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: pemusnahan: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[request.Pemusnahan])
	if err != nil {
		return nil, fmt.Errorf("store: pemusnahan: %w", err)
	}
	return list, nil
}

// ListPemusnahan returns a permohonan's destruction confirmations, oldest first.
func (s *Store) ListPemusnahan(ctx context.Context, permohonanID int64) ([]request.Pemusnahan, error) {
	return one(ctx, s, func(r *Reads, out *[]request.Pemusnahan) { r.Pemusnahan(permohonanID, out) })
}

// Pemusnahan reads a permohonan's destruction confirmations, oldest first.
func (r *Reads) Pemusnahan(permohonanID int64, out *[]request.Pemusnahan) {
	queueRead(&r.b, out, collect[request.Pemusnahan]("pemusnahan"),
		"SELECT "+pemusnahanColumns+pemusnahanFrom+" WHERE m.permohonan_id = $1 AND m.state <> 'dibatalkan' ORDER BY m.id", permohonanID)
}

// ListPemusnahanTerlambat returns the confirmations past their deadline on today, oldest deadline first.
func (s *Store) ListPemusnahanTerlambat(ctx context.Context, today time.Time) ([]request.Pemusnahan, error) {
	return listPemusnahan(ctx, s.Pool, "m.state = 'menunggu' AND m.tenggat < $1 ORDER BY m.tenggat, m.id LIMIT 500", dateOnly(today))
}

// ErrPemusnahanNone refuses an upload that names no confirmation still waiting.
var ErrPemusnahanNone error = validate.Refusal("Pilih hak akses yang Berita Acara Pemusnahan Datanya diunggah.")

// UploadPemusnahan stores a Berita Acara Pemusnahan Data for the chosen confirmations of the registrator's
// permohonan (one signed document may cover several rows), with the timeline entry and a confirmation email.
// ErrPemusnahanNone when none of ids is waiting; an *UploadError for a refused file (nothing stored).
func (s *Store) UploadPemusnahan(ctx context.Context, id, akunID int64, ids []int64, u dokumen.Upload, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, akunID)
		if err != nil {
			return err
		}
		if err := mayFire(l, request.UnggahPemusnahan, account.RoleRegistrator, actor); err != nil {
			return err
		}
		list, err := listPemusnahan(ctx, tx, "m.permohonan_id = $1 AND m.id = ANY($2) AND m.state = 'menunggu' ORDER BY m.id FOR UPDATE OF m", id, ids)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return ErrPemusnahanNone
		}
		doc, err := s.PutDocument(ctx, tx, dokumen.Dokumen, u.Name, u.R, nil)
		if err != nil {
			return err
		}
		var names []string
		for _, m := range list {
			if err := transitionPemusnahan(ctx, tx, m.ID, request.PemusnahanUnggah, rowMove{actor: actor, partOf: "permohonan." + string(request.UnggahPemusnahan),
				cols: cols{}.set("document_id", doc.ID).set("diunggah_oleh", actor.ID).set("diunggah_at", now)}); err != nil {
				return err
			}
			names = append(names, m.Pengguna)
		}
		mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
			return s.Letters.PemusnahanDiterima(to, l.ref(), names)
		})
		if err != nil {
			return err
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.UnggahPemusnahan, role: account.RoleRegistrator, actor: actor,
			note: "Berita Acara Pemusnahan Data: " + strings.Join(names, ", "), mails: mails, detail: map[string]any{"pemusnahan": ids, "dokumen_id": doc.ID}}, now)
	})
}

// RunPemusnahanReminder does a pemusnahan_pengingat job: reminder Ke of a confirmation still waiting goes to
// the registrator, in one letter with the others of the permohonan due the same day at the same reminder;
// the next reminder is scheduled, until MaxPemusnahanReminders.
func (s *Store) RunPemusnahanReminder(ctx context.Context, j Job, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		// Locks in the order every other change takes them: the permohonan, then its confirmations.
		var permohonanID int64
		err := tx.QueryRow(ctx, "SELECT permohonan_id FROM pemusnahan WHERE id = $1", j.Args.PemusnahanID).Scan(&permohonanID)
		if errors.Is(err, pgx.ErrNoRows) {
			return finishJob(ctx, tx, j, now)
		}
		if err != nil {
			return fmt.Errorf("store: pemusnahan reminder: %w", err)
		}
		l, err := lockPermohonan(ctx, tx, permohonanID, 0)
		if err != nil {
			return err
		}
		var tenggat time.Time
		var state string
		var sent int
		err = tx.QueryRow(ctx, "SELECT tenggat, state, pengingat_ke FROM pemusnahan WHERE id = $1 FOR UPDATE",
			j.Args.PemusnahanID).Scan(&tenggat, &state, &sent)
		if errors.Is(err, pgx.ErrNoRows) || err == nil && state != string(request.PemusnahanMenunggu) {
			return finishJob(ctx, tx, j, now)
		}
		if err != nil {
			return fmt.Errorf("store: pemusnahan reminder: %w", err)
		}
		ke := j.Args.Gen
		if sent < ke {
			if err := s.sendPemusnahanReminder(ctx, tx, l, tenggat, ke, now); err != nil {
				return err
			}
		}
		if err := schedulePemusnahanReminder(ctx, tx, j.Args.PemusnahanID, tenggat, ke, now); err != nil {
			return err
		}
		return finishJob(ctx, tx, j, now)
	})
}

// sendPemusnahanReminder sends reminder ke for every confirmation of a permohonan due on tenggat that has not
// had it, and records it on each. The caller holds the permohonan's lock (l).
func (s *Store) sendPemusnahanReminder(ctx context.Context, tx pgx.Tx, l permohonanLock, tenggat time.Time, ke int, now time.Time) error {
	list, err := listPemusnahan(ctx, tx, "m.permohonan_id = $1 AND m.tenggat = $2 AND m.state = 'menunggu' AND m.pengingat_ke < $3 ORDER BY m.id FOR UPDATE OF m",
		l.ID, dateOnly(tenggat), ke)
	if err != nil || len(list) == 0 {
		return err
	}
	items := make([]mail.PemusnahanItem, len(list))
	for i, m := range list {
		items[i] = mail.PemusnahanItem{Pengguna: m.Pengguna, Tenggat: m.Tenggat}
		if _, err := tx.Exec(ctx, "UPDATE pemusnahan SET pengingat_ke = $2 WHERE id = $1", m.ID, ke); err != nil {
			return fmt.Errorf("store: pemusnahan reminder: %w", err)
		}
	}
	overdue := indo.Today(now).After(indo.DayStart(tenggat))
	mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
		return s.Letters.PemusnahanPengingat(to, l.ref(), items, overdue)
	})
	if err != nil {
		return err
	}
	for _, m := range mails {
		if err := enqueue(ctx, tx, m); err != nil {
			return err
		}
	}
	return audit(ctx, tx, account.Sistem, AuditEntry{Action: "pemusnahan.pengingat", ObjectType: "permohonan", ObjectID: l.ID,
		Detail: map[string]any{"ke": ke, "jumlah": len(list), "terlambat": overdue}})
}
