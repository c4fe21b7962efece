package store

// After access is given: the 30-day warning, the expiry and the six-month rule, revocation, extension
// and Perpanjangan requests.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/request"
)

// RunWarning does an akses_peringatan job: 30 days before the end in force, the registrator is told. A job of
// an older version (the end has moved since) only completes.
func (s *Store) RunWarning(ctx context.Context, j Job, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, j.Args.PermohonanID, 0)
		if errors.Is(err, ErrNotFound) {
			return finishJob(ctx, tx, j, now)
		}
		if err != nil {
			return err
		}
		// A warning that comes too late (the runner was down past the end) is not sent: the expiry follows.
		if l.State == request.AksesDiberikan && l.Versi == j.Args.Versi && l.AksesBerakhir != nil &&
			(l.WarnedFor == nil || !l.WarnedFor.Equal(*l.AksesBerakhir)) && now.Before(indo.DayStart(*l.AksesBerakhir).AddDate(0, 0, 1)) {
			end := indo.DayStart(*l.AksesBerakhir)
			mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
				return s.Letters.AkanBerakhir(to, l.ref(), end)
			})
			if err != nil {
				return err
			}
			if err := transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.PeringatanAkhir, role: account.RoleSistem,
				actor: account.Actor{Kind: account.ActorSistem}, note: "Hak akses berakhir " + indo.Date(end), mails: mails,
				cols: cols{}.expr("warned_for", "akses_berakhir")}, now); err != nil {
				return err
			}
		}
		return finishJob(ctx, tx, j, now)
	})
}

// RunExpiry does an akses_berakhir job: at the end in force the access becomes "berakhir" (closed under the
// six-month rule until the SK Forum Satu Data is uploaded, when that rule applied), the accounts are revoked
// in Sepakat, and the registrator is told. A job of an older version only completes.
func (s *Store) RunExpiry(ctx context.Context, j Job, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, j.Args.PermohonanID, 0)
		if errors.Is(err, ErrNotFound) {
			return finishJob(ctx, tx, j, now)
		}
		if err != nil {
			return err
		}
		if l.State != request.AksesDiberikan || l.Versi != j.Args.Versi || l.AksesBerakhir == nil {
			return finishJob(ctx, tx, j, now)
		}
		if due := indo.DayStart(*l.AksesBerakhir).AddDate(0, 0, 1); now.Before(due) {
			return &NotDueError{Until: due}
		}
		if err := s.endExpired(ctx, tx, &l, now); err != nil {
			return err
		}
		return finishJob(ctx, tx, j, now)
	})
}

// endExpired ends access in force at its end: "berakhir" (closed under the six-month rule until the SK Forum
// Satu Data is uploaded, when that rule cut it short: request.EndReason), every live account closed and revoked in Sepakat by jobs,
// the Berita Acara Pemusnahan asked for, and the registrator told.
func (s *Store) endExpired(ctx context.Context, tx pgx.Tx, l *permohonanLock, now time.Time) error {
	reason := request.EndKedaluwarsa
	if l.AksesSampai != nil && l.AksesBerakhir != nil {
		reason = request.EndReason(l.EnamBulan, *l.AksesSampai, *l.AksesBerakhir)
	}
	l.Versi++
	if err := s.closeAccounts(ctx, tx, *l, request.AkunBerakhir, reason, "", request.Kedaluwarsa, account.Sistem, now); err != nil {
		return err
	}
	tenggat, err := s.openPemusnahanDue(ctx, tx, l.ID, now)
	if err != nil {
		return err
	}
	mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
		return s.Letters.Berakhir(to, l.ref(), reason == request.EndEnamBulan, tenggat)
	})
	if err != nil {
		return err
	}
	return transitionPermohonan(ctx, tx, l, permohonanMove{event: request.Kedaluwarsa, role: account.RoleSistem, actor: account.Actor{Kind: account.ActorSistem},
		note: map[string]string{
			request.EndKedaluwarsa: "Jangka waktu hak akses berakhir.",
			request.EndEnamBulan:   "Hak akses 6 bulan tanpa SK Forum Satu Data berakhir; ditutup sampai SK diunggah (§3.2.5).",
		}[reason], detail: map[string]any{"alasan": reason}, mails: mails,
		cols: cols{}.set("ended_at", now).set("end_reason", reason).set("akses_versi", l.Versi)}, now)
}

// Revoke fires "cabut": access ends at once, with the reason; every account is closed and its link dies in
// this transaction, and Sepakat is told by jobs.
func (s *Store) Revoke(ctx context.Context, id int64, reason string, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		return s.endRevoked(ctx, tx, &l, reason, actor, now)
	})
}

// endRevoked ends access in force at once, with the reason: "dicabut", every live account closed (its link
// dead in this transaction, Sepakat told by jobs), a Perpanjangan still open refused, the Berita Acara
// Pemusnahan asked for, and the registrator told.
func (s *Store) endRevoked(ctx context.Context, tx pgx.Tx, l *permohonanLock, reason string, actor account.Actor, now time.Time) error {
	l.Versi++
	var open int64
	if err := tx.QueryRow(ctx, "SELECT coalesce(max(id), 0) FROM perpanjangan WHERE permohonan_id = $1 AND state = 'diajukan'", l.ID).Scan(&open); err != nil {
		return fmt.Errorf("store: revoke: %w", err)
	}
	if open != 0 {
		if err := transitionPerpanjangan(ctx, tx, open, request.PerpanjanganTolak, rowMove{actor: actor, partOf: "permohonan.cabut",
			cols: cols{}.set("reject_reason", "Hak akses dicabut.").set("decided_by", actor.ID).set("decided_at", now)}); err != nil {
			return err
		}
	}
	if err := s.closeAccounts(ctx, tx, *l, request.AkunDicabut, request.EndDicabut, reason, request.Cabut, actor, now); err != nil {
		return err
	}
	tenggat, err := s.openPemusnahanDue(ctx, tx, l.ID, now)
	if err != nil {
		return err
	}
	mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
		return s.Letters.Dicabut(to, l.ref(), reason, tenggat)
	})
	if err != nil {
		return err
	}
	return transitionPermohonan(ctx, tx, l, permohonanMove{event: request.Cabut, role: account.RoleProdusenData, actor: actor,
		note: reason, mails: mails, cols: cols{}.set("ended_at", now).set("end_reason", request.EndDicabut).
			set("cabut_reason", reason).set("akses_versi", l.Versi)}, now)
}

// ExtendAccess fires "perpanjang": the access runs until sampai. It extends access in force (a Perpanjangan
// request, when perpanjanganID is set, or an SK Forum Satu Data uploaded under the six-month rule), or
// re-opens access closed by the six-month rule once the SK is uploaded. While the six-month rule applies
// the SK must be on file (ErrSKForumFirst); the rule then stops applying. The accounts are extended in
// Sepakat by jobs and the new end is scheduled.
func (s *Store) ExtendAccess(ctx context.Context, id int64, sampai time.Time, perpanjanganID int64, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		end := indo.DayStart(sampai)
		if !end.After(indo.Today(now)) {
			return ErrConflict
		}
		if l.State == request.AksesDiberikan && l.AksesBerakhir != nil && !end.After(indo.DayStart(*l.AksesBerakhir)) {
			return request.ErrEndBefore
		}
		mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
			return s.Letters.Diperpanjang(to, l.ref(), end)
		})
		if err != nil {
			return err
		}
		l.Versi++
		if err := transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.Perpanjang, role: account.RoleProdusenData, actor: actor,
			note: "Hak akses berlaku sampai " + indo.Date(end), mails: mails,
			detail: map[string]any{"sampai": dateOnly(end), "perpanjangan_id": perpanjanganID},
			cols: cols{}.set("akses_sampai", dateOnly(end)).set("akses_berakhir", dateOnly(end)).set("enam_bulan", false).
				set("akses_versi", l.Versi).set("warned_for", nil).set("ended_at", nil).set("end_reason", nil)}, now); err != nil {
			return err
		}
		if perpanjanganID != 0 {
			err := transitionPerpanjangan(ctx, tx, perpanjanganID, request.PerpanjanganSetujui, rowMove{actor: actor, partOf: "permohonan.perpanjang",
				cols: cols{}.set("sampai_disetujui", dateOnly(end)).set("decided_by", actor.ID).set("decided_at", now)}.within("permohonan_id", id))
			if errors.Is(err, ErrNotFound) {
				return ErrConflict
			}
			if err != nil {
				return err
			}
		}
		if err := s.extendRows(ctx, tx, l, end, now); err != nil {
			return err
		}
		l.AksesBerakhir = &end
		if err := s.scheduleRows(ctx, tx, l, now); err != nil {
			return err
		}
		return scheduleEnd(ctx, tx, l, end, now)
	})
}

// extendRows moves the rows of a permohonan extended as a whole to its new end: every account in force, and
// those the six-month rule closed, which re-open (their Berita Acara Pemusnahan still waiting is withdrawn);
// rows that ended on their own or were revoked stay closed. The accounts' ends change now, each with its
// own warning and expiry; Sepakat follows by jobs (an account re-opened is active again once Sepakat has
// re-opened it, CompleteExtend). The Fasilitas rows follow too. The caller schedules the rows (scheduleRows).
func (s *Store) extendRows(ctx context.Context, tx pgx.Tx, l permohonanLock, end, now time.Time) error {
	list, err := lockAkunWhere(ctx, tx, l.ID, "a.state = 'aktif' OR (a.state = 'berakhir' AND a.end_reason = 'enam_bulan')")
	if err != nil {
		return err
	}
	for _, k := range list {
		versi := k.Versi + 1
		if err := cancelJobs(ctx, tx, `kind IN ('akun_peringatan', 'akun_berakhir') AND args @> jsonb_build_object('akun_id', $1::bigint)`, k.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE akses_akun SET berlaku_sampai = $2, versi = $3, warned_for = NULL, updated_at = $4 WHERE id = $1",
			k.ID, dateOnly(end), versi, now); err != nil {
			return fmt.Errorf("store: extend: %w", err)
		}
		if err := enqueueJob(ctx, tx, AkunPerpanjangArgs{AkunID: k.ID, PermohonanID: l.ID, Versi: l.Versi, AkunVersi: versi, Sampai: dateOnly(end)}, now); err != nil {
			return err
		}
		if k.State == request.AkunBerakhir {
			if err := withdrawPemusnahan(ctx, tx, k.ID, now); err != nil {
				return err
			}
		}
	}
	if _, err := tx.Exec(ctx, "UPDATE akses_fasilitas SET berlaku_sampai = $2 WHERE permohonan_id = $1", l.ID, dateOnly(end)); err != nil {
		return fmt.Errorf("store: extend: %w", err)
	}
	return nil
}

// callOffReopening stops the re-opening of the accounts an extension was re-opening (extendRows) when the
// access ends again before Sepakat has re-opened them: such an account is still closed in the portal, so
// closing the access does not reach it. Its re-opening is cancelled, and its version moves on so an attempt
// already under way, or one that failed and is tried again (RetryAccount), is stale (CompleteExtend closes Sepakat's account again if it got there first), and its
// Berita Acara Pemusnahan, withdrawn at the re-opening, is asked for again (for why the access ended now):
// the operator kept the data.
func (s *Store) callOffReopening(ctx context.Context, tx pgx.Tx, l permohonanLock, reason string, now time.Time) error {
	list, err := lockAkunWhere(ctx, tx, l.ID, `a.state = 'berakhir' AND EXISTS (SELECT 1 FROM river_job j WHERE j.kind = 'akun_perpanjang'
		AND j.state IN ('available', 'scheduled', 'retryable', 'running', 'discarded') AND j.args @> jsonb_build_object('akun_id', a.id))`)
	if err != nil {
		return err
	}
	for _, k := range list {
		if err := cancelJobs(ctx, tx, `kind = 'akun_perpanjang' AND args @> jsonb_build_object('akun_id', $1::bigint)`, k.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE akses_akun SET versi = versi + 1, updated_at = $2 WHERE id = $1", k.ID, now); err != nil {
			return fmt.Errorf("store: call off re-opening: %w", err)
		}
		if k.Provisioned {
			if err := s.openPemusnahan(ctx, tx, l, k, reason, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// CompleteExtend finishes an akun_perpanjang job: Sepakat has moved the account's end, so the account is
// open until then. If the portal closed it meanwhile (the access ended or was revoked while the call was
// under way, or the account was replaced), Sepakat now holds open an account the portal has closed: it is
// closed again by a job. A job overtaken by a later change of a live account only completes. The
// permohonan is locked first, as on every path that moves an account.
func (s *Store) CompleteExtend(ctx context.Context, j Job, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, j.Args.PermohonanID, 0)
		if err != nil {
			return err
		}
		k, err := lockAkun(ctx, tx, j.Args.AkunID, l.ID)
		if err != nil {
			return err
		}
		current := j.Args.AkunVersi == 0 || k.Versi == j.Args.AkunVersi
		switch {
		case current && l.State == request.AksesDiberikan && (k.State == request.AkunAktif || k.State == request.AkunBerakhir):
			err := transitionAksesAkun(ctx, tx, k.ID, request.AkunDiperpanjang, rowMove{actor: account.Sistem, action: "akses.akun_diperpanjang",
				detail: map[string]any{"sampai": j.Args.Sampai}, cols: cols{}.set("berlaku_sampai", j.Args.Sampai).set("last_error", nil).
					set("ended_at", nil).set("end_reason", nil)})
			if err != nil {
				return err
			}
		case !k.State.Live():
			if err := s.closeAgain(ctx, tx, l, k, now); err != nil {
				return err
			}
		}
		return finishJob(ctx, tx, j, now)
	})
}

// closeAgain tells Sepakat to close an account the portal holds closed, at a new version of the account.
func (s *Store) closeAgain(ctx context.Context, tx pgx.Tx, l permohonanLock, k akunLock, now time.Time) error {
	var reason string
	if err := tx.QueryRow(ctx, `UPDATE akses_akun SET versi = versi + 1, updated_at = $2 WHERE id = $1
		RETURNING coalesce(end_reason, $3)`, k.ID, now, request.EndDicabut).Scan(&reason); err != nil {
		return fmt.Errorf("store: close again: %w", err)
	}
	if err := audit(ctx, tx, account.Sistem, AuditEntry{Action: "akses.akun_ditutup_lagi", ObjectType: "akses_akun",
		ObjectID: k.ID, Detail: map[string]any{"permohonan_id": l.ID}}); err != nil {
		return err
	}
	return enqueueJob(ctx, tx, AkunCabutArgs{AkunID: k.ID, PermohonanID: l.ID, Versi: l.Versi, AkunVersi: k.Versi + 1, Alasan: reason}, now)
}

// UploadSKForum stores the SK Forum Satu Data uploaded after access was given under the six-month rule
// (or after it closed the access), for the produsen data to extend.
func (s *Store) UploadSKForum(ctx context.Context, id, akunID int64, u dokumen.Upload, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, akunID)
		if err != nil {
			return err
		}
		if err := mayFire(l, request.UnggahSKForum, account.RoleRegistrator, actor); err != nil {
			return err
		}
		if err := s.putAgreement(ctx, tx, id, request.DocSKForumSatuData, u, nil, actor, now); err != nil {
			return err
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.UnggahSKForum, role: account.RoleRegistrator, actor: actor}, now)
	})
}

// RequestExtension files a Perpanjangan request for access in force. ErrExtensionOpen when one waits,
// ErrSKForumFirst under the six-month rule without the SK.
func (s *Store) RequestExtension(ctx context.Context, id, akunID int64, sampai time.Time, alasan string, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, akunID)
		if err != nil {
			return err
		}
		if err := mayFire(l, request.MintaPerpanjangan, account.RoleRegistrator, actor); err != nil {
			return err
		}
		var pid int64
		err = tx.QueryRow(ctx, `INSERT INTO perpanjangan (permohonan_id, sampai_diminta, alasan, requested_by, requested_at, state)
			VALUES ($1, $2, $3, $4, $5, 'diajukan') ON CONFLICT DO NOTHING RETURNING id`, id, dateOnly(sampai), alasan, actor.ID, now).Scan(&pid)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrExtensionOpen
		}
		if err != nil {
			return fmt.Errorf("store: extension request: %w", err)
		}
		mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
			return s.Letters.PerpanjanganDiterima(to, l.ref(), sampai)
		})
		if err != nil {
			return err
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.MintaPerpanjangan, role: account.RoleRegistrator, actor: actor,
			note: "Diminta sampai " + indo.Date(sampai) + ": " + alasan, detail: map[string]any{"perpanjangan_id": pid}, mails: mails}, now)
	})
}

// RejectExtension refuses a Perpanjangan request with a reason.
func (s *Store) RejectExtension(ctx context.Context, id, perpanjanganID int64, reason string, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		err = transitionPerpanjangan(ctx, tx, perpanjanganID, request.PerpanjanganTolak, rowMove{actor: actor, partOf: "permohonan.tolak_perpanjangan",
			cols: cols{}.set("reject_reason", reason).set("decided_by", actor.ID).set("decided_at", now)}.within("permohonan_id", id))
		if errors.Is(err, ErrNotFound) {
			return ErrConflict
		}
		if err != nil {
			return err
		}
		mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
			return s.Letters.PerpanjanganDitolak(to, l.ref(), reason)
		})
		if err != nil {
			return err
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.TolakPerpanjangan, role: account.RoleProdusenData, actor: actor,
			note: reason, detail: map[string]any{"perpanjangan_id": perpanjanganID}, mails: mails}, now)
	})
}
