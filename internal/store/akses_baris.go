package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/request"
)

// One account at a time (issue 13): each Sepakat account keeps its own end, with its own warning and expiry
// jobs, and the produsen data may extend or revoke one row without touching the others. After each change of
// a row the permohonan settles (settleAkses): its end in force is the latest end of its rows in force, and
// when no row is in force it ends.

// akunLock is a Sepakat account locked FOR UPDATE, with what its moves read.
type akunLock struct {
	ID, RowID   int64
	State       request.AkunState
	Versi       int
	Sampai      time.Time
	Provisioned bool
	WarnedFor   *time.Time
	Pengguna    string
	Username    string
}

const akunLockColumns = `a.id, a.row_id, a.state, a.versi, a.berlaku_sampai, a.provisioned_at IS NOT NULL, a.warned_for, r.pengguna, a.username`

func scanAkunLock(row pgx.CollectableRow) (akunLock, error) {
	var k akunLock
	err := row.Scan(&k.ID, &k.RowID, &k.State, &k.Versi, &k.Sampai, &k.Provisioned, &k.WarnedFor, &k.Pengguna, &k.Username)
	return k, err
}

// lockAkun locks one account of a permohonan; another permohonan's is ErrNotFound.
func lockAkun(ctx context.Context, tx pgx.Tx, id, permohonanID int64) (akunLock, error) {
	rows, err := tx.Query(ctx, `SELECT `+akunLockColumns+` FROM akses_akun a JOIN permohonan_rows r ON r.id = a.row_id
		WHERE a.id = $1 AND a.permohonan_id = $2 FOR UPDATE OF a`, id, permohonanID)
	if err != nil {
		return akunLock{}, fmt.Errorf("store: lock account %d: %w", id, err)
	}
	k, err := pgx.CollectExactlyOneRow(rows, scanAkunLock)
	if errors.Is(err, pgx.ErrNoRows) {
		return k, ErrNotFound
	}
	if err != nil {
		return k, fmt.Errorf("store: lock account %d: %w", id, err)
	}
	return k, nil
}

// lockAkunWhere locks the accounts of a permohonan a condition on a (akses_akun) selects, in id order.
func lockAkunWhere(ctx context.Context, tx pgx.Tx, permohonanID int64, where string, args ...any) ([]akunLock, error) {
	rows, err := tx.Query(ctx, `SELECT `+akunLockColumns+` FROM akses_akun a JOIN permohonan_rows r ON r.id = a.row_id
		WHERE a.permohonan_id = $1 AND (`+where+`) ORDER BY a.id FOR UPDATE OF a`, append([]any{permohonanID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: lock accounts: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanAkunLock)
	if err != nil {
		return nil, fmt.Errorf("store: lock accounts: %w", err)
	}
	return list, nil
}

// scheduleRow enqueues an account's own warning and expiry for its end, as version versi, and cancels those
// of its earlier versions still waiting. They act only when the account ends before the permohonan does.
func scheduleRow(ctx context.Context, tx pgx.Tx, permohonanID, akunID int64, versi int, end, now time.Time) error {
	if err := cancelJobs(ctx, tx, `kind IN ('akun_peringatan', 'akun_berakhir') AND args @> jsonb_build_object('akun_id', $1::bigint)
		AND (args->>'akun_versi')::int < $2`, akunID, versi); err != nil {
		return err
	}
	warn := indo.DayStart(end).AddDate(0, 0, -request.WarningDays)
	if warn.Before(now) {
		warn = now
	}
	day := dateOnly(end)
	if err := enqueueJob(ctx, tx, AkunPeringatanArgs{AkunID: akunID, PermohonanID: permohonanID, Versi: versi, Sampai: day}, warn); err != nil {
		return err
	}
	return enqueueJob(ctx, tx, AkunBerakhirArgs{AkunID: akunID, PermohonanID: permohonanID, Versi: versi, Sampai: day}, indo.DayStart(end).AddDate(0, 0, 1))
}

// scheduleRows gives each live account of a permohonan in force the warning and expiry of its own when it
// ends before the permohonan does, and takes them from one that now ends with it (the permohonan's own jobs
// warn and close it). Run whenever an end changes; enqueuing what is there already adds nothing.
func (s *Store) scheduleRows(ctx context.Context, tx pgx.Tx, l permohonanLock, now time.Time) error {
	if l.AksesBerakhir == nil {
		return nil
	}
	list, err := lockAkunWhere(ctx, tx, l.ID, "a.state IN ('aktif', 'disiapkan', 'gagal')")
	if err != nil {
		return err
	}
	for _, k := range list {
		if !request.RowAlone(indo.DayStart(k.Sampai), indo.DayStart(*l.AksesBerakhir)) {
			if err := cancelJobs(ctx, tx, `kind IN ('akun_peringatan', 'akun_berakhir') AND args @> jsonb_build_object('akun_id', $1::bigint)`, k.ID); err != nil {
				return err
			}
			continue
		}
		if err := scheduleRow(ctx, tx, l.ID, k.ID, k.Versi, k.Sampai, now); err != nil {
			return err
		}
	}
	return nil
}

// closing is how an account closes: into berakhir (its end came) or dicabut (revoked), why, and the move it
// is part of.
type closing struct {
	to     request.AkunState
	reason string // request.EndKedaluwarsa, EndEnamBulan or EndDicabut
	cabut  string // the produsen data's reason, for a revocation
	partOf string
	actor  account.Actor
}

// closeAccount closes one live account at once: its state with when and why, its waiting jobs cancelled, a
// revoked account's open link dead, Sepakat told by a job, and — when the operator could have used it — the
// Berita Acara Pemusnahan Data asked for. A Penggantian Operator still waiting for the row is withdrawn.
func (s *Store) closeAccount(ctx context.Context, tx pgx.Tx, l permohonanLock, k akunLock, c closing, now time.Time) error {
	// An account never provisioned has nothing to close in Sepakat: it is withdrawn (dicabut) whatever the cause.
	ev := request.AkunDicabutEvent
	if c.to == request.AkunBerakhir && k.Provisioned {
		ev = request.AkunDiakhiri
	}
	cl := cols{}.set("ended_at", now).set("end_reason", c.reason).set("versi", k.Versi+1)
	if c.reason == request.EndDicabut && c.cabut != "" {
		cl = cl.set("cabut_reason", c.cabut)
	}
	if err := transitionAksesAkun(ctx, tx, k.ID, ev, rowMove{actor: c.actor, partOf: c.partOf, cols: cl}); err != nil {
		return err
	}
	if err := cancelJobs(ctx, tx, `kind IN ('akun_peringatan', 'akun_berakhir', 'akun_perpanjang') AND args @> jsonb_build_object('akun_id', $1::bigint)`, k.ID); err != nil {
		return err
	}
	// A revoked account's link dies for good. An expired one's merely stops working while it is closed
	// (findLink checks the state), so access re-opened under the six-month rule needs no new link.
	if c.reason == request.EndDicabut {
		if _, err := tx.Exec(ctx, `UPDATE akses_tautan SET superseded_at = $2 WHERE akun_id = $1 AND used_at IS NULL AND superseded_at IS NULL`,
			k.ID, now); err != nil {
			return fmt.Errorf("store: close account: %w", err)
		}
	}
	if err := s.withdrawPenggantian(ctx, tx, l, k.RowID, now); err != nil {
		return err
	}
	if !k.Provisioned {
		return nil
	}
	if err := enqueueJob(ctx, tx, AkunCabutArgs{AkunID: k.ID, PermohonanID: l.ID, Versi: l.Versi, AkunVersi: k.Versi + 1, Alasan: c.reason}, now); err != nil {
		return err
	}
	return s.openPemusnahan(ctx, tx, l, k, c.reason, now)
}

// closeAccounts ends every live account of a permohonan (the whole access ended: to berakhir or dicabut).
func (s *Store) closeAccounts(ctx context.Context, tx pgx.Tx, l permohonanLock, to request.AkunState, reason, cabut string, cause request.Event,
	actor account.Actor, now time.Time) error {
	list, err := lockAkunWhere(ctx, tx, l.ID, "a.state IN ('aktif', 'disiapkan', 'gagal')")
	if err != nil {
		return err
	}
	for _, k := range list {
		if err := s.closeAccount(ctx, tx, l, k, closing{to: to, reason: reason, cabut: cabut, partOf: "permohonan." + string(cause), actor: actor}, now); err != nil {
			return err
		}
	}
	return s.callOffReopening(ctx, tx, l, reason, now)
}

// settleAkses makes the permohonan follow its rows after one of them changed: its end in force becomes the
// latest end of its live accounts and of its Fasilitas rows still running, with the permohonan's warning and
// expiry moved there; when no row is in force any more the permohonan ends — revoked, when end is the
// revocation of its last row, else expired. It reports whether the permohonan ended.
func (s *Store) settleAkses(ctx context.Context, tx pgx.Tx, l *permohonanLock, end *permohonanEnd, now time.Time) (bool, error) {
	if l.State != request.AksesDiberikan {
		return false, nil
	}
	rows, err := tx.Query(ctx, `SELECT berlaku_sampai FROM akses_akun WHERE permohonan_id = $1 AND state IN ('disiapkan', 'aktif', 'gagal')
		UNION ALL SELECT berlaku_sampai FROM akses_fasilitas WHERE permohonan_id = $1 AND berlaku_sampai >= $2`, l.ID, dateOnly(indo.Today(now)))
	if err != nil {
		return false, fmt.Errorf("store: settle: %w", err)
	}
	ends, err := pgx.CollectRows(rows, pgx.RowTo[time.Time])
	if err != nil {
		return false, fmt.Errorf("store: settle: %w", err)
	}
	latest, inForce := request.LatestEnd(ends)
	if !inForce {
		if end != nil && end.revoked {
			return true, s.endRevoked(ctx, tx, l, end.reason, end.actor, now)
		}
		return true, s.endExpired(ctx, tx, l, now)
	}
	if l.AksesBerakhir != nil && indo.DayStart(*l.AksesBerakhir).Equal(indo.DayStart(latest)) {
		return false, nil
	}
	l.Versi++
	if _, err := tx.Exec(ctx, "UPDATE permohonan SET akses_berakhir = $2, akses_versi = $3, updated_at = $4 WHERE id = $1",
		l.ID, dateOnly(latest), l.Versi, now); err != nil {
		return false, fmt.Errorf("store: settle: %w", err)
	}
	day := indo.DayStart(latest)
	l.AksesBerakhir = &day
	if err := scheduleEnd(ctx, tx, *l, latest, now); err != nil {
		return false, err
	}
	return false, s.scheduleRows(ctx, tx, *l, now)
}

// permohonanEnd says how a permohonan ends when its last row does by a person's act: a revocation, with
// its reason.
type permohonanEnd struct {
	revoked bool
	reason  string
	actor   account.Actor
}

// lockRowMove locks a permohonan and one of its accounts for a move of the produsen data on that row alone.
func lockRowMove(ctx context.Context, tx pgx.Tx, id, akunID int64, ev request.Event, actor account.Actor) (permohonanLock, akunLock, error) {
	l, err := lockPermohonan(ctx, tx, id, 0)
	if err != nil {
		return l, akunLock{}, err
	}
	if err := mayFire(l, ev, account.RoleProdusenData, actor); err != nil {
		return l, akunLock{}, err
	}
	k, err := lockAkun(ctx, tx, akunID, id)
	return l, k, err
}

// RevokeRow revokes one row's access at once (the produsen data, with a reason): its account is closed and
// its link dies in this transaction, Sepakat is told by a job, the registrator (and the operator) are
// emailed, and the rest of the permohonan is untouched — unless it was the last row in force, when the
// permohonan is revoked as a whole.
func (s *Store) RevokeRow(ctx context.Context, id, akunID int64, reason string, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, k, err := lockRowMove(ctx, tx, id, akunID, request.CabutBaris, actor)
		if err != nil {
			return err
		}
		if !k.State.Live() {
			return ErrConflict
		}
		if err := s.closeAccount(ctx, tx, l, k, closing{to: request.AkunDicabut, reason: request.EndDicabut, cabut: reason,
			partOf: "permohonan." + string(request.CabutBaris), actor: actor}, now); err != nil {
			return err
		}
		ended, err := s.settleAkses(ctx, tx, &l, &permohonanEnd{revoked: true, reason: reason, actor: actor}, now)
		if err != nil || ended {
			return err
		}
		op, err := rowOperator(ctx, tx, k.RowID)
		if err != nil {
			return err
		}
		mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
			return s.Letters.BarisDicabut(to, l.ref(), k.Pengguna, reason, s.pemusnahanTenggat(now, k.Provisioned))
		})
		if err != nil {
			return err
		}
		mails = append(mails, s.Letters.AkunSepakatDitutup(op, l.ref(), k.Pengguna, "dicabut oleh Pengelola Data Regsosek"))
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.CabutBaris, role: account.RoleProdusenData, actor: actor,
			note: "Hak akses " + k.Pengguna + " dicabut: " + reason, mails: mails,
			detail: map[string]any{"akses_akun_id": k.ID, "baris": k.RowID}}, now)
	})
}

// ExtendRow moves one row's end (the produsen data, within the rules already in place, CheckRowExtension):
// the account's end changes now and Sepakat follows by a job; the permohonan's end follows when this row now
// ends last. Under the six-month rule the SK Forum Satu Data must be on file (ErrSKForumFirst).
func (s *Store) ExtendRow(ctx context.Context, id, akunID int64, sampai time.Time, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, k, err := lockRowMove(ctx, tx, id, akunID, request.PerpanjangBaris, actor)
		if err != nil {
			return err
		}
		end := indo.DayStart(sampai)
		if k.State != request.AkunAktif {
			return request.ErrRowNotLive
		}
		if !end.After(indo.DayStart(k.Sampai)) || !end.After(indo.Today(now)) {
			return request.ErrRowEndBefore
		}
		versi := k.Versi + 1
		if err := transitionAksesAkun(ctx, tx, k.ID, request.AkunPerpanjangBaris, rowMove{actor: actor, partOf: "permohonan." + string(request.PerpanjangBaris),
			cols: cols{}.set("berlaku_sampai", dateOnly(end)).set("versi", versi).set("warned_for", nil)}); err != nil {
			return err
		}
		if err := enqueueJob(ctx, tx, AkunPerpanjangArgs{AkunID: k.ID, PermohonanID: id, Versi: l.Versi, AkunVersi: versi, Sampai: dateOnly(end)}, now); err != nil {
			return err
		}
		if _, err := s.settleAkses(ctx, tx, &l, nil, now); err != nil {
			return err
		}
		if err := s.scheduleRows(ctx, tx, l, now); err != nil {
			return err
		}
		mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
			return s.Letters.BarisDiperpanjang(to, l.ref(), k.Pengguna, end)
		})
		if err != nil {
			return err
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.PerpanjangBaris, role: account.RoleProdusenData, actor: actor,
			note: "Hak akses " + k.Pengguna + " berlaku sampai " + indo.Date(end), mails: mails,
			detail: map[string]any{"akses_akun_id": k.ID, "sampai": dateOnly(end)}}, now)
	})
}

// rowOperator is the operator a row names now, as a recipient.
func rowOperator(ctx context.Context, tx pgx.Tx, rowID int64) (mail.Recipient, error) {
	var r mail.Recipient
	if err := tx.QueryRow(ctx, "SELECT operator_email, operator_nama FROM permohonan_rows WHERE id = $1", rowID).Scan(&r.Email, &r.Nama); err != nil {
		return r, fmt.Errorf("store: row operator: %w", err)
	}
	return r, nil
}

// rowJob locks the permohonan and the account of a row job, and reports whether the job still applies: the
// access is in force, the account is live at the job's version, and it ends before the permohonan does (a
// row ending with the permohonan is the permohonan's own jobs' work).
func rowJob(ctx context.Context, tx pgx.Tx, j Job) (permohonanLock, akunLock, bool, error) {
	l, err := lockPermohonan(ctx, tx, j.Args.PermohonanID, 0)
	if err != nil {
		return l, akunLock{}, false, err
	}
	k, err := lockAkun(ctx, tx, j.Args.AkunID, l.ID)
	if err != nil {
		return l, k, false, err
	}
	ok := l.State == request.AksesDiberikan && l.AksesBerakhir != nil && k.State.Live() && k.Versi == j.Args.AkunVersi &&
		request.RowAlone(indo.DayStart(k.Sampai), indo.DayStart(*l.AksesBerakhir))
	return l, k, ok, nil
}

// RunRowWarning does an akun_peringatan job: 30 days before a row's own end, the registrator is told, once
// for all the rows of the permohonan ending that day. A warning too late (the end has passed) is not sent.
func (s *Store) RunRowWarning(ctx context.Context, j Job, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, k, ok, err := rowJob(ctx, tx, j)
		if errors.Is(err, ErrNotFound) {
			return finishJob(ctx, tx, j, now)
		}
		if err != nil {
			return err
		}
		end := indo.DayStart(k.Sampai)
		if !ok || !now.Before(end.AddDate(0, 0, 1)) {
			return finishJob(ctx, tx, j, now)
		}
		list, err := lockAkunWhere(ctx, tx, l.ID, "a.state IN ('disiapkan', 'aktif', 'gagal') AND a.berlaku_sampai = $2 AND a.warned_for IS DISTINCT FROM $2",
			dateOnly(end))
		if err != nil || len(list) == 0 {
			return errors.Join(err, finishJob(ctx, tx, j, now))
		}
		names := make([]string, len(list))
		for i, a := range list {
			names[i] = a.Pengguna
			if _, err := tx.Exec(ctx, "UPDATE akses_akun SET warned_for = $2 WHERE id = $1", a.ID, dateOnly(end)); err != nil {
				return fmt.Errorf("store: row warning: %w", err)
			}
		}
		mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
			return s.Letters.BarisAkanBerakhir(to, l.ref(), names, end)
		})
		if err != nil {
			return err
		}
		if err := transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.PeringatanBaris, role: account.RoleSistem, actor: account.Sistem,
			note: "Hak akses " + strings.Join(names, ", ") + " berakhir " + indo.Date(end), mails: mails}, now); err != nil {
			return err
		}
		return finishJob(ctx, tx, j, now)
	})
}

// RunRowExpiry does an akun_berakhir job: at a row's own end its account closes (closed in Sepakat by a job,
// the Berita Acara Pemusnahan asked for), with every other row of the permohonan whose end has passed, in one
// letter to the registrator. The permohonan then settles: it goes on while another row is in force.
func (s *Store) RunRowExpiry(ctx context.Context, j Job, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, k, ok, err := rowJob(ctx, tx, j)
		if errors.Is(err, ErrNotFound) {
			return finishJob(ctx, tx, j, now)
		}
		if err != nil {
			return err
		}
		if !ok {
			return finishJob(ctx, tx, j, now)
		}
		today := indo.Today(now)
		if !today.After(indo.DayStart(k.Sampai)) {
			return &NotDueError{Until: indo.DayStart(k.Sampai).AddDate(0, 0, 1)}
		}
		list, err := lockAkunWhere(ctx, tx, l.ID, "a.state IN ('disiapkan', 'aktif', 'gagal') AND a.berlaku_sampai < $2 AND a.berlaku_sampai < $3",
			dateOnly(today), dateOnly(*l.AksesBerakhir))
		if err != nil {
			return err
		}
		// Closed under the six-month rule only when the rule cut the row short of its approved end.
		approved, err := approvedEnds(ctx, tx, list)
		if err != nil {
			return err
		}
		var names []string
		provisioned, alasan := false, request.EndKedaluwarsa
		for _, a := range list {
			reason := request.EndKedaluwarsa
			if end, ok := approved[a.RowID]; ok {
				reason = request.EndReason(l.EnamBulan, end, a.Sampai)
			}
			if err := s.closeAccount(ctx, tx, l, a, closing{to: request.AkunBerakhir, reason: reason, partOf: "permohonan." + string(request.BarisBerakhir),
				actor: account.Sistem}, now); err != nil {
				return err
			}
			names, provisioned = append(names, a.Pengguna), provisioned || a.Provisioned
			if reason == request.EndEnamBulan {
				alasan = reason
			}
		}
		ended, err := s.settleAkses(ctx, tx, &l, nil, now)
		if err != nil {
			return err
		}
		if !ended && len(names) > 0 {
			mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
				return s.Letters.BarisBerakhir(to, l.ref(), names, alasan == request.EndEnamBulan, s.pemusnahanTenggat(now, provisioned))
			})
			if err != nil {
				return err
			}
			if err := transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.BarisBerakhir, role: account.RoleSistem, actor: account.Sistem,
				note: "Hak akses " + strings.Join(names, ", ") + " berakhir.", mails: mails, detail: map[string]any{"alasan": alasan}}, now); err != nil {
				return err
			}
		}
		return finishJob(ctx, tx, j, now)
	})
}

// pemusnahanTenggat is the deadline of a Berita Acara Pemusnahan asked for now, or nil when none is (the
// account was never provisioned, so no data was obtained through it).
func (s *Store) pemusnahanTenggat(now time.Time, asked bool) *time.Time {
	if !asked {
		return nil
	}
	t := request.PemusnahanTenggat(indo.Today(now), s.PemusnahanHari)
	return &t
}

// closeCreatedLate enqueues the revocation of an account Sepakat created after the portal had closed it.
func (s *Store) closeCreatedLate(ctx context.Context, tx pgx.Tx, j Job, now time.Time) error {
	var state string
	var versi int
	if err := tx.QueryRow(ctx, "SELECT state, versi FROM akses_akun WHERE id = $1", j.Args.AkunID).Scan(&state, &versi); err != nil {
		return fmt.Errorf("store: provision: %w", err)
	}
	if request.AkunState(state).Live() {
		return nil
	}
	return enqueueJob(ctx, tx, AkunCabutArgs{AkunID: j.Args.AkunID, PermohonanID: j.Args.PermohonanID, AkunVersi: versi, Alasan: "dibuat_setelah_ditutup"}, now)
}

// approvedEnds is the decided end of each account's row, by row id (a row decided without one has none).
func approvedEnds(ctx context.Context, tx pgx.Tx, list []akunLock) (map[int64]time.Time, error) {
	ids := make([]int64, len(list))
	for i, a := range list {
		ids[i] = a.RowID
	}
	rows, err := tx.Query(ctx, `SELECT row_id, max(sampai) FROM row_decisions WHERE row_id = ANY($1) AND decision = 'setuju'
		AND sampai IS NOT NULL GROUP BY row_id`, ids)
	if err != nil {
		return nil, fmt.Errorf("store: approved ends: %w", err)
	}
	ends := map[int64]time.Time{}
	var id int64
	var end time.Time
	_, err = pgx.ForEachRow(rows, []any{&id, &end}, func() error { ends[id] = end; return nil })
	if err != nil {
		return nil, fmt.Errorf("store: approved ends: %w", err)
	}
	return ends, nil
}
