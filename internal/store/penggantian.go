package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Penggantian Operator (§3.2.5 c.1 f): filed by the registrator, judged by a verifikator teknis, carried out
// by jobs — the old account closed in Sepakat (akun_cabut), then, in the transaction that records that, the
// new one's creation enqueued (akun_buat). A row is in at most one open request (the database holds it).

// NewPenggantian is a valid request to file.
type NewPenggantian struct {
	Rows      []int64
	Operator  request.Operator
	Catatan   string
	PesertaID int64 // the new operator's training evidence, a passed bimtek participant of the instansi; 0 for none
	SK        dokumen.Upload
}

// liveSepakatRows returns the rows of a permohonan whose Sepakat account is active, with that account, for a
// new request: only an active account's operator may be replaced.
func liveSepakatRows(ctx context.Context, tx pgx.Tx, id int64, all []request.Row) ([]request.Row, map[int64]int64, error) {
	rows, err := tx.Query(ctx, "SELECT row_id, id FROM akses_akun WHERE permohonan_id = $1 AND state = 'aktif'", id)
	if err != nil {
		return nil, nil, fmt.Errorf("store: live rows: %w", err)
	}
	akun := map[int64]int64{}
	for rows.Next() {
		var rowID, akunID int64
		if err := rows.Scan(&rowID, &akunID); err != nil {
			return nil, nil, fmt.Errorf("store: live rows: %w", err)
		}
		akun[rowID] = akunID
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: live rows: %w", err)
	}
	var live []request.Row
	for _, r := range all {
		if _, ok := akun[r.ID]; ok {
			live = append(live, r)
		}
	}
	return live, akun, nil
}

// CreatePenggantian files a Penggantian Operator for the registrator's permohonan (akunID scopes it). It
// returns *validate.Errors for a form that does not hold (nothing stored), ErrGantiOpen when a chosen row is
// in another open request (also under concurrency: the database's index decides), or an *UploadError for a
// refused SK.
func (s *Store) CreatePenggantian(ctx context.Context, id, akunID int64, n NewPenggantian, actor account.Actor, now time.Time) (int64, error) {
	var pid int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, akunID)
		if err != nil {
			return err
		}
		if err := mayFire(l, request.AjukanGantiOperator, account.RoleRegistrator, actor); err != nil {
			return err
		}
		all, err := permohonanRows(ctx, tx, id)
		if err != nil {
			return err
		}
		live, akun, err := liveSepakatRows(ctx, tx, id, all)
		if err != nil {
			return err
		}
		op, errs := request.ValidatePenggantian(request.PenggantianInput{Rows: n.Rows, Operator: n.Operator, Catatan: n.Catatan}, live, all)
		if n.PesertaID != 0 && errs.Get("operator_nip") == "" {
			if err := checkPeserta(ctx, tx, l.AkunID, n.PesertaID, op.NIP); validate.MessageOf(err) != "" {
				errs.Add("peserta", validate.MessageOf(err))
			} else if err != nil {
				return err
			}
		}
		if errs.Any() {
			return &errs
		}
		var open bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM penggantian_operator_baris WHERE row_id = ANY($1) AND ditutup_at IS NULL)", n.Rows).Scan(&open); err != nil {
			return fmt.Errorf("store: penggantian: %w", err)
		}
		if open {
			return request.ErrGantiOpen
		}
		sk, err := s.PutDocument(ctx, tx, dokumen.Dokumen, n.SK.Name, n.SK.R, nil)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `INSERT INTO penggantian_operator (permohonan_id, state, operator_nama, operator_jabatan, operator_nip, operator_email,
				operator_phone, sk_document_id, peserta_id, catatan, diajukan_oleh, diajukan_at)
			VALUES ($1, 'diajukan', $2, $3, $4, $5, $6, $7, NULLIF($8, 0), $9, $10, $11) RETURNING id`,
			id, op.Nama, op.Jabatan, op.NIP, op.Email, op.Phone, sk.ID, n.PesertaID, n.Catatan, actor.ID, now).Scan(&pid)
		if err != nil {
			return fmt.Errorf("store: penggantian: %w", err)
		}
		var pengguna string
		for _, r := range live {
			for _, chosen := range n.Rows {
				if r.ID != chosen {
					continue
				}
				pengguna = r.Pengguna
				_, err := tx.Exec(ctx, `INSERT INTO penggantian_operator_baris (penggantian_id, row_id, akun_lama_id, lama_nama, lama_jabatan, lama_nip,
						lama_email, lama_phone) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
					pid, r.ID, akun[r.ID], r.OperatorNama, r.OperatorJabatan, r.OperatorNIP, r.OperatorEmail, r.OperatorPhone)
				if isUniqueViolation(err, "penggantian_operator_baris_one_open") {
					return request.ErrGantiOpen
				}
				if err != nil {
					return fmt.Errorf("store: penggantian rows: %w", err)
				}
			}
		}
		mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
			return s.Letters.PenggantianDiajukan(to, l.ref(), pengguna, op.Nama)
		})
		if err != nil {
			return err
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.AjukanGantiOperator, role: account.RoleRegistrator, actor: actor,
			note: "Penggantian operator " + pengguna + ": " + op.Nama, mails: mails, detail: map[string]any{"penggantian_id": pid, "baris": n.Rows}}, now)
	})
	return pid, err
}

// permohonanRows are the rows of a permohonan as they are now.
func permohonanRows(ctx context.Context, tx pgx.Tx, id int64) ([]request.Row, error) {
	rows, err := tx.Query(ctx, `SELECT `+rowColumns("r")+` FROM permohonan_rows r WHERE r.permohonan_id = $1 ORDER BY r.id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: rows: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[request.Row])
	if err != nil {
		return nil, fmt.Errorf("store: rows: %w", err)
	}
	return list, nil
}

// gantiLock is a Penggantian Operator locked for a move.
type gantiLock struct {
	ID, PermohonanID int64
	State            request.GantiState
	Operator         request.Operator
	PesertaID        int64
	DiajukanOleh     int64 // the official who filed it (and chose the new operator's evidence)
}

func lockPenggantian(ctx context.Context, tx pgx.Tx, id int64) (gantiLock, error) {
	var g gantiLock
	err := tx.QueryRow(ctx, `SELECT id, permohonan_id, state, operator_nama, operator_jabatan, operator_nip, operator_email, operator_phone,
			coalesce(peserta_id, 0), diajukan_oleh FROM penggantian_operator WHERE id = $1 FOR UPDATE`, id).
		Scan(&g.ID, &g.PermohonanID, &g.State, &g.Operator.Nama, &g.Operator.Jabatan, &g.Operator.NIP, &g.Operator.Email, &g.Operator.Phone, &g.PesertaID,
			&g.DiajukanOleh)
	if errors.Is(err, pgx.ErrNoRows) {
		return g, ErrNotFound
	}
	if err != nil {
		return g, fmt.Errorf("store: lock penggantian %d: %w", id, err)
	}
	return g, nil
}

// penggantianOf is the permohonan of a request, for locking it first (the order every move keeps: the
// permohonan, then its rows).
func penggantianOf(ctx context.Context, tx pgx.Tx, id int64) (int64, error) {
	var permohonanID int64
	err := tx.QueryRow(ctx, "SELECT permohonan_id FROM penggantian_operator WHERE id = $1", id).Scan(&permohonanID)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("store: penggantian: %w", err)
	}
	return permohonanID, nil
}

// closeBaris releases the rows of a request that closed.
func closeBaris(ctx context.Context, tx pgx.Tx, id int64, now time.Time) error {
	if _, err := tx.Exec(ctx, "UPDATE penggantian_operator_baris SET ditutup_at = $2 WHERE penggantian_id = $1 AND ditutup_at IS NULL", id, now); err != nil {
		return fmt.Errorf("store: penggantian rows: %w", err)
	}
	return nil
}

// penggantianPengguna names the pengguna of a request's rows.
func penggantianPengguna(ctx context.Context, tx pgx.Tx, id int64) (string, error) {
	var pengguna string
	err := tx.QueryRow(ctx, `SELECT r.pengguna FROM penggantian_operator_baris b JOIN permohonan_rows r ON r.id = b.row_id
		WHERE b.penggantian_id = $1 ORDER BY r.id LIMIT 1`, id).Scan(&pengguna)
	if err != nil {
		return "", fmt.Errorf("store: penggantian pengguna: %w", err)
	}
	return pengguna, nil
}

// ErrGantiNoteMissing refuses "Belum Sesuai" without a note for the registrator.
var ErrGantiNoteMissing error = validate.Refusal("Tulis catatan untuk registrator: apa yang belum sesuai dan perlu diperbaiki.")

// DecidePenggantian records a verifikator teknis' judgement of a request. Belum Sesuai (with note) closes
// it and tells the registrator. Sesuai closes each old account at once (its link dies; Sepakat is told by a
// job), prepares the new account of each row with the same tier, wilayah and end, names the new operator on
// the row, and chains the creation in Sepakat after the closing (CompleteRevoke). Two verifiers at once: the
// second gets ErrConflict.
func (s *Store) DecidePenggantian(ctx context.Context, id int64, sesuai bool, note string, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		permohonanID, err := penggantianOf(ctx, tx, id)
		if err != nil {
			return err
		}
		l, err := lockPermohonan(ctx, tx, permohonanID, 0)
		if err != nil {
			return err
		}
		g, err := lockPenggantian(ctx, tx, id)
		if err != nil {
			return err
		}
		pengguna, err := penggantianPengguna(ctx, tx, id)
		if err != nil {
			return err
		}
		decided := cols{}.set("diputuskan_oleh", actor.ID).set("diputuskan_at", now)
		if !sesuai {
			if err := transitionPenggantian(ctx, tx, id, request.GantiTidakSesuai, rowMove{actor: actor, partOf: "permohonan." + string(request.GantiOperatorBelumSesuai),
				cols: decided.set("catatan_verifikator", note).set("ditutup_at", now)}); err != nil {
				return err
			}
			if err := closeBaris(ctx, tx, id, now); err != nil {
				return err
			}
			mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
				return s.Letters.PenggantianBelumSesuai(to, l.ref(), pengguna, note)
			})
			if err != nil {
				return err
			}
			return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.GantiOperatorBelumSesuai, role: account.RoleVerifikatorTeknis,
				actor: actor, note: note, mails: mails, detail: map[string]any{"penggantian_id": id}}, now)
		}
		if err := transitionPenggantian(ctx, tx, id, request.GantiSesuai, rowMove{actor: actor, partOf: "permohonan." + string(request.GantiOperatorSesuai),
			cols: decided}); err != nil {
			return err
		}
		mails, err := s.replaceAccounts(ctx, tx, l, g, pengguna, actor, now)
		if err != nil {
			return err
		}
		reg, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
			return s.Letters.PenggantianDisetujui(to, l.ref(), pengguna, g.Operator.Nama)
		})
		if err != nil {
			return err
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.GantiOperatorSesuai, role: account.RoleVerifikatorTeknis, actor: actor,
			note: "Operator " + pengguna + " diganti: " + g.Operator.Nama, mails: append(reg, mails...), detail: map[string]any{"penggantian_id": id}}, now)
	})
}

// replaceAccounts does the portal's side of an approved request for each of its rows: the old account closed
// now, the new one prepared, the row naming the new operator, and the Sepakat work enqueued. It returns the
// letters to the old operators.
func (s *Store) replaceAccounts(ctx context.Context, tx pgx.Tx, l permohonanLock, g gantiLock, pengguna string, actor account.Actor,
	now time.Time) ([]mail.Message, error) {
	rows, err := tx.Query(ctx, "SELECT row_id, akun_lama_id, lama_nama, lama_email FROM penggantian_operator_baris WHERE penggantian_id = $1 ORDER BY row_id", g.ID)
	if err != nil {
		return nil, fmt.Errorf("store: replace accounts: %w", err)
	}
	type baris struct {
		rowID, akunID int64
		nama, email   string
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (baris, error) {
		var b baris
		return b, r.Scan(&b.rowID, &b.akunID, &b.nama, &b.email)
	})
	if err != nil {
		return nil, fmt.Errorf("store: replace accounts: %w", err)
	}
	var letters []mail.Message
	for _, b := range list {
		k, err := lockAkun(ctx, tx, b.akunID, l.ID)
		if err != nil {
			return nil, err
		}
		if k.State != request.AkunAktif {
			return nil, ErrConflict // closed meanwhile: closeAccount withdraws the request, so this is a race lost
		}
		if err := transitionAksesAkun(ctx, tx, k.ID, request.AkunGanti, rowMove{actor: actor, partOf: "permohonan." + string(request.GantiOperatorSesuai),
			cols: cols{}.set("ended_at", now).set("end_reason", request.EndDiganti).set("versi", k.Versi+1)}); err != nil {
			return nil, err
		}
		if _, err := tx.Exec(ctx, "UPDATE akses_tautan SET superseded_at = $2 WHERE akun_id = $1 AND used_at IS NULL AND superseded_at IS NULL", k.ID, now); err != nil {
			return nil, fmt.Errorf("store: replace accounts: %w", err)
		}
		if err := cancelJobs(ctx, tx, `kind IN ('akun_peringatan', 'akun_berakhir', 'akun_perpanjang', 'akun_kata_sandi') AND args @> jsonb_build_object('akun_id', $1::bigint)`, k.ID); err != nil {
			return nil, err
		}
		var wilayah, jenis string
		if err := tx.QueryRow(ctx, "SELECT wilayah, jenis_data FROM akses_akun WHERE id = $1", k.ID).Scan(&wilayah, &jenis); err != nil {
			return nil, fmt.Errorf("store: replace accounts: %w", err)
		}
		baru, err := s.newAccount(ctx, tx, l.ID, b.rowID, request.SepakatUsername(k.Pengguna, wilayah), wilayah, jenis, k.Sampai, k.ID, now)
		if err != nil {
			return nil, err
		}
		if _, err := tx.Exec(ctx, "UPDATE penggantian_operator_baris SET akun_baru_id = $3 WHERE penggantian_id = $1 AND row_id = $2", g.ID, b.rowID, baru); err != nil {
			return nil, fmt.Errorf("store: replace accounts: %w", err)
		}
		op := g.Operator
		if _, err := tx.Exec(ctx, `UPDATE permohonan_rows SET operator_nama = $2, operator_jabatan = $3, operator_nip = $4, operator_email = $5,
				operator_phone = $6 WHERE id = $1`, b.rowID, op.Nama, op.Jabatan, op.NIP, op.Email, op.Phone); err != nil {
			return nil, fmt.Errorf("store: replace accounts: %w", err)
		}
		if err := putPelatihanPeserta(ctx, tx, l.ID, b.rowID, g.PesertaID, g.DiajukanOleh, now); err != nil {
			return nil, err
		}
		if err := enqueueJob(ctx, tx, AkunCabutArgs{AkunID: k.ID, PermohonanID: l.ID, Versi: l.Versi, AkunVersi: k.Versi + 1,
			Alasan: request.EndDiganti, Lanjut: baru}, now); err != nil {
			return nil, err
		}
		letters = append(letters, s.Letters.AkunSepakatDitutup(mail.Recipient{Email: b.email, Nama: b.nama}, l.ref(), pengguna,
			"operator diganti sesuai SK Penetapan Operator yang baru"))
	}
	return letters, s.scheduleRows(ctx, tx, l, now)
}

// afterReplacement follows a new operator's account becoming active: the operator gets the credentials link
// (access is in force), and the request completes once every new account of it is settled.
func (s *Store) afterReplacement(ctx context.Context, tx pgx.Tx, l *permohonanLock, akunID int64, now time.Time) error {
	var gid int64
	err := tx.QueryRow(ctx, `SELECT b.penggantian_id FROM penggantian_operator_baris b JOIN penggantian_operator g ON g.id = b.penggantian_id
		WHERE b.akun_baru_id = $1 AND g.state = 'disetujui'`, akunID).Scan(&gid)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: after replacement: %w", err)
	}
	if l.State == request.AksesDiberikan {
		if err := s.insertLink(ctx, tx, *l, akunID, now); err != nil {
			return err
		}
	}
	return s.settlePenggantian(ctx, tx, l, gid, now)
}

// settlePenggantian completes an approved request when none of its new accounts waits for Sepakat any more.
func (s *Store) settlePenggantian(ctx context.Context, tx pgx.Tx, l *permohonanLock, id int64, now time.Time) error {
	g, err := lockPenggantian(ctx, tx, id)
	if err != nil || g.State != request.GantiDisetujui {
		return err
	}
	var waiting bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM penggantian_operator_baris b JOIN akses_akun a ON a.id = b.akun_baru_id
		WHERE b.penggantian_id = $1 AND a.state IN ('disiapkan', 'gagal'))`, id).Scan(&waiting); err != nil {
		return fmt.Errorf("store: settle penggantian: %w", err)
	}
	if waiting {
		return nil
	}
	pengguna, err := penggantianPengguna(ctx, tx, id)
	if err != nil {
		return err
	}
	if err := transitionPenggantian(ctx, tx, id, request.GantiRampung, rowMove{actor: account.Sistem, partOf: "permohonan." + string(request.GantiOperatorSelesai),
		cols: cols{}.set("ditutup_at", now)}); err != nil {
		return err
	}
	if err := closeBaris(ctx, tx, id, now); err != nil {
		return err
	}
	mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
		return s.Letters.PenggantianSelesai(to, l.ref(), pengguna, g.Operator.Nama)
	})
	if err != nil {
		return err
	}
	return transitionPermohonan(ctx, tx, l, permohonanMove{event: request.GantiOperatorSelesai, role: account.RoleSistem, actor: account.Sistem,
		note: "Akun Sepakat " + pengguna + " untuk " + g.Operator.Nama + " aktif.", mails: mails, detail: map[string]any{"penggantian_id": id}}, now)
}

// withdrawPenggantian follows a row whose access closed: a request still waiting for it is withdrawn (by the
// system), and an approved one settles.
func (s *Store) withdrawPenggantian(ctx context.Context, tx pgx.Tx, l permohonanLock, rowID int64, now time.Time) error {
	var id int64
	var state request.GantiState
	err := tx.QueryRow(ctx, `SELECT g.id, g.state FROM penggantian_operator_baris b JOIN penggantian_operator g ON g.id = b.penggantian_id
		WHERE b.row_id = $1 AND b.ditutup_at IS NULL`, rowID).Scan(&id, &state)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: withdraw penggantian: %w", err)
	}
	if state == request.GantiDisetujui {
		return s.settlePenggantian(ctx, tx, &l, id, now)
	}
	if err := transitionPenggantian(ctx, tx, id, request.GantiBatal, rowMove{actor: account.Sistem, action: "penggantian_operator.batal_akses_berakhir",
		cols: cols{}.set("ditutup_at", now)}); err != nil {
		return err
	}
	return closeBaris(ctx, tx, id, now)
}

// WithdrawPenggantian is the registrator withdrawing a request still waiting ("Batalkan").
func (s *Store) WithdrawPenggantian(ctx context.Context, permohonanID, akunID, id int64, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, permohonanID, akunID)
		if err != nil {
			return err
		}
		if err := transitionPenggantian(ctx, tx, id, request.GantiBatal, rowMove{actor: actor, role: account.RoleRegistrator,
			partOf: "permohonan." + string(request.BatalGantiOperator), cols: cols{}.set("ditutup_at", now)}.within("permohonan_id", permohonanID)); err != nil {
			return err
		}
		if err := closeBaris(ctx, tx, id, now); err != nil {
			return err
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.BatalGantiOperator, role: account.RoleRegistrator, actor: actor,
			detail: map[string]any{"penggantian_id": id}}, now)
	})
}
