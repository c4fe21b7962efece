package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/pdfsig"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Tahap 4: the PKS and NDA (pedoman §3.2.5, §3.3.5 Tahap 4). Each step locks the permohonan, asks the
// state machine, and writes the change, its timeline entry, its audit row and its email in one transaction.

// Errors of Tahap 4, with the message shown to the person acting.
var (
	ErrAgreementMissing error = validate.Refusal("Unggah dokumen yang ditandatangani untuk setiap perjanjian yang diperlukan terlebih dahulu.")
	ErrAgreementKind    error = validate.Refusal("Perjanjian ini tidak diperlukan untuk permohonan ini.")
	ErrPrintOpen        error = validate.Refusal("Permintaan cetak PKS/NDA sudah diajukan dan sedang diproses.")
	// ErrTTDTidakSah refuses a file whose electronic signature does not hold: its reason follows it.
	ErrTTDTidakSah error = validate.Refusal("Tanda tangan elektronik pada berkas ini tidak sah, sehingga berkas tidak diterima.")
)

// mayFire checks that role (as actor) may fire ev on the locked permohonan now, without firing it: for the
// uploads and edits that belong to a step (the PKS upload belongs to unggah_pks).
func mayFire(l permohonanLock, ev request.Event, role account.Role, actor account.Actor) error {
	_, err := request.Check(l.subject(), ev, role, actor.ID)
	return moveError(err)
}

// registratorOf returns the official holding an account now.
func registratorOf(ctx context.Context, tx pgx.Tx, akunID int64) (mail.Recipient, error) {
	var r mail.Recipient
	err := tx.QueryRow(ctx, "SELECT email, nama FROM pejabat WHERE akun_id = $1 AND state = 'aktif'", akunID).Scan(&r.Email, &r.Nama)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return r, fmt.Errorf("store: registrator: %w", err)
	}
	return r, nil
}

// toRegistrator builds the email to the account's official, when there is one.
func toRegistrator(ctx context.Context, tx pgx.Tx, akunID int64, write func(mail.Recipient) mail.Message) ([]mail.Message, error) {
	to, err := registratorOf(ctx, tx, akunID)
	if err != nil || to.Email == "" {
		return nil, err
	}
	return []mail.Message{write(to)}, nil
}

// ApprovedRows returns the rows the produsen data approved, with the jenis data approved for each.
func (s *Store) ApprovedRows(ctx context.Context, id int64) ([]request.ApprovedRow, error) {
	return approvedRows(ctx, s.Pool, id)
}

func approvedRows(ctx context.Context, db q, id int64) ([]request.ApprovedRow, error) {
	return queryRead(ctx, db, readApprovedRows, approvedRowsSQL, id)
}

var approvedRowsSQL = `SELECT ` + rowColumnsR + `, d.jenis_data, d.sampai
		FROM permohonan_rows r JOIN row_decisions d ON d.row_id = r.id AND d.permohonan_id = r.permohonan_id
		WHERE r.permohonan_id = $1 AND d.decision = 'setuju' ORDER BY r.id`

func readApprovedRows(rows pgx.Rows) ([]request.ApprovedRow, error) {
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (request.ApprovedRow, error) {
		var a request.ApprovedRow
		r := &a.Row
		err := row.Scan(&r.ID, &r.PenggunaJenis, &r.Pengguna, &r.PenggunaWilayah, &r.Tujuan, &r.TujuanBNBA, &r.JenisData, &r.Media,
			&r.OperatorNama, &r.OperatorJabatan, &r.OperatorNIP, &r.OperatorEmail, &r.OperatorPhone, &r.IsNew,
			&r.Penggunaan, &r.PeriodeMulai, &r.PeriodeSelesai, &r.PeriodeBulan, &r.OlahData, &r.OlahDataKeterangan, &a.Approved, &a.Sampai)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: approved rows: %w", err)
	}
	return list, nil
}

const agreementDocsSQL = `SELECT pd.kind, d.id, d.kind, d.original_name, d.content_type, d.size_bytes, d.sha256, d.created_at,
			pd.ttd_digital, pd.ttd_format, pd.uploaded_at, coalesce(pd.ttd_status, ''), pd.ttd_penanda, pd.ttd_alasan
		FROM permohonan_documents pd JOIN documents d ON d.id = pd.document_id
		WHERE pd.permohonan_id = $1 AND pd.kind IN ('pks', 'nda', 'pks_ttd', 'nda_ttd', 'sk_forum_satu_data')`

func agreementDocs(ctx context.Context, db q, id int64) (map[request.DocKind]request.AgreementDoc, error) {
	return queryRead(ctx, db, readAgreementDocs, agreementDocsSQL, id)
}

func readAgreementDocs(rows pgx.Rows) (map[request.DocKind]request.AgreementDoc, error) {
	defer rows.Close()
	out := map[request.DocKind]request.AgreementDoc{}
	for rows.Next() {
		var kind request.DocKind
		var a request.AgreementDoc
		if err := rows.Scan(&kind, &a.ID, &a.Kind, &a.OriginalName, &a.ContentType, &a.Size, &a.SHA256, &a.CreatedAt,
			&a.TTDDigital, &a.TTDFormat, &a.UploadedAt, &a.TTDStatus, &a.TTDSigners, &a.TTDReason); err != nil {
			return nil, fmt.Errorf("store: agreements: %w", err)
		}
		out[kind] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: agreements: %w", err)
	}
	return out, nil
}

// putAgreement stores an upload as a permohonan's document of kind, replacing an earlier one, with what the
// signature check found. A file whose electronic signature is not valid (changed after signing, a forged
// signature field, a certificate not valid when it signed) is refused with an *dokumen.UploadError.
func (s *Store) putAgreement(ctx context.Context, tx pgx.Tx, id int64, kind request.DocKind, u dokumen.Upload,
	sig *pdfsig.Result, actor account.Actor, now time.Time) error {
	if sig != nil && sig.Status == pdfsig.TidakSah {
		return &dokumen.UploadError{Kind: dokumen.Dokumen, Message: ErrTTDTidakSah.Error() + " " + sig.Reason}
	}
	d, err := s.PutDocument(ctx, tx, dokumen.Dokumen, u.Name, u.R, nil)
	if err != nil {
		return err
	}
	var signed *bool
	var status *pdfsig.Status
	format, reason, signers := "", "", []pdfsig.Signer{}
	if sig != nil {
		signed, format, reason = &sig.Signed, sig.SubFilter, sig.Reason
		if sig.Status != "" {
			status = &sig.Status
		}
		if sig.Signers != nil {
			signers = sig.Signers
		}
	}
	_, err = tx.Exec(ctx, `INSERT INTO permohonan_documents (permohonan_id, kind, document_id, uploaded_at, ttd_digital, ttd_format,
			ttd_status, ttd_penanda, ttd_alasan)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (permohonan_id, kind) DO UPDATE SET document_id = $3, uploaded_at = $4, ttd_digital = $5, ttd_format = $6,
			ttd_status = $7, ttd_penanda = $8, ttd_alasan = $9`,
		id, kind, d.ID, now, signed, format, status, signers, reason)
	if err != nil {
		return fmt.Errorf("store: attach %s: %w", kind, err)
	}
	detail := map[string]any{"jenis": string(kind), "dokumen_id": d.ID}
	if signed != nil {
		detail["ttd_digital"] = *signed
	}
	if status != nil {
		detail["ttd_status"] = string(*status)
	}
	return audit(ctx, tx, actor, AuditEntry{Action: "permohonan.unggah_dokumen", ObjectType: "permohonan", ObjectID: id, Detail: detail})
}

// UploadAgreement stores the PKS or NDA signed by the pemohon (e-signed, or a scan of the printed copy),
// while the permohonan waits for it. It returns ErrAgreementKind for an NDA the permohonan does not need,
// ErrConflict in another state, and *UploadError for a refused file.
func (s *Store) UploadAgreement(ctx context.Context, id, akunID int64, kind request.DocKind, u dokumen.Upload,
	sig pdfsig.Result, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, akunID)
		if err != nil {
			return err
		}
		if err := mayFire(l, request.UnggahPKS, account.RoleRegistrator, actor); err != nil {
			return err
		}
		rows, err := approvedRows(ctx, tx, id)
		if err != nil {
			return err
		}
		if !slices.Contains(request.AgreementKinds(rows), kind) {
			return ErrAgreementKind
		}
		return s.putAgreement(ctx, tx, id, kind, u, &sig, actor, now)
	})
}

// SubmitAgreements fires "unggah_pks": every agreement needed is uploaded (after the last return, if it
// was returned). ErrAgreementMissing otherwise.
func (s *Store) SubmitAgreements(ctx context.Context, id, akunID int64, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, akunID)
		if err != nil {
			return err
		}
		if err := mayFire(l, request.UnggahPKS, account.RoleRegistrator, actor); err != nil {
			return err
		}
		rows, err := approvedRows(ctx, tx, id)
		if err != nil {
			return err
		}
		docs, err := agreementDocs(ctx, tx, id)
		if err != nil {
			return err
		}
		var returned *time.Time
		if err := tx.QueryRow(ctx, "SELECT max(at) FROM permohonan_events WHERE permohonan_id = $1 AND event = 'kembalikan_pks'", id).Scan(&returned); err != nil {
			return fmt.Errorf("store: submit agreements: %w", err)
		}
		for _, k := range request.AgreementKinds(rows) {
			d, ok := docs[k]
			if !ok || returned != nil && !d.UploadedAt.After(*returned) {
				return ErrAgreementMissing
			}
		}
		mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
			return s.Letters.PKSDiterima(to, l.ref())
		})
		if err != nil {
			return err
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.UnggahPKS, role: account.RoleRegistrator, actor: actor, mails: mails}, now)
	})
}

// RequestPrint records a request for printed copies (a task for staff), while the permohonan waits for
// its agreements. ErrPrintOpen when one is already open.
func (s *Store) RequestPrint(ctx context.Context, id, akunID int64, pr request.PrintRequest, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, akunID)
		if err != nil {
			return err
		}
		if err := mayFire(l, request.MintaCetak, account.RoleRegistrator, actor); err != nil {
			return err
		}
		var cid int64
		err = tx.QueryRow(ctx, `INSERT INTO permintaan_cetak (permohonan_id, penerima, alamat, phone, requested_by, requested_at, state)
			VALUES ($1, $2, $3, $4, $5, $6, 'diminta') ON CONFLICT DO NOTHING RETURNING id`, id, pr.Penerima, pr.Alamat, pr.Phone, actor.ID, now).Scan(&cid)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrPrintOpen
		}
		if err != nil {
			return fmt.Errorf("store: print request: %w", err)
		}
		mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
			return s.Letters.CetakDiminta(to, l.ref())
		})
		if err != nil {
			return err
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.MintaCetak, role: account.RoleRegistrator, actor: actor,
			note: "Permintaan cetak PKS/NDA untuk tanda tangan basah.", detail: map[string]any{"cetak_id": cid}, mails: mails}, now)
	})
}

// MarkPrintSent closes a print request: the copies were sent. ErrConflict when it is no longer open.
func (s *Store) MarkPrintSent(ctx context.Context, id, cetakID int64, catatan string, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		err = transitionCetak(ctx, tx, cetakID, request.CetakKirim, rowMove{actor: actor, partOf: "permohonan.cetak_dikirim",
			cols: cols{}.set("handled_by", actor.ID).set("handled_at", now).set("catatan", catatan)}.within("permohonan_id", id))
		if errors.Is(err, ErrNotFound) {
			return ErrConflict
		}
		if err != nil {
			return err
		}
		mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
			return s.Letters.CetakDikirim(to, l.ref(), catatan)
		})
		if err != nil {
			return err
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.KirimCetak, role: account.RoleProdusenData, actor: actor,
			note: catatan, detail: map[string]any{"cetak_id": cetakID}, mails: mails}, now)
	})
}

// ReturnAgreements fires "kembalikan_pks": the uploaded agreements go back to the pemohon with a note.
func (s *Store) ReturnAgreements(ctx context.Context, id int64, why string, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
			return s.Letters.PKSDikembalikan(to, l.ref(), why)
		})
		if err != nil {
			return err
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.KembalikanPKS, role: account.RoleProdusenData, actor: actor,
			note: why, mails: mails}, now)
	})
}

// UploadCountersigned stores a copy signed by both parties (pks_ttd or nda_ttd), uploaded by the produsen
// data while the pemohon's agreements wait for countersignature.
func (s *Store) UploadCountersigned(ctx context.Context, id int64, kind request.DocKind, u dokumen.Upload,
	sig pdfsig.Result, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		if err := mayFire(l, request.TandatanganiPKS, account.RoleProdusenData, actor); err != nil {
			return err
		}
		rows, err := approvedRows(ctx, tx, id)
		if err != nil {
			return err
		}
		ok := false
		for _, k := range request.AgreementKinds(rows) {
			ok = ok || request.Countersigned(k) == kind
		}
		if !ok {
			return ErrAgreementKind
		}
		return s.putAgreement(ctx, tx, id, kind, u, &sig, actor, now)
	})
}

// Countersign fires "tandatangani_pks" once every countersigned copy is uploaded: the permohonan moves to
// penyiapan akses and the registrator is told the agreements are complete.
func (s *Store) Countersign(ctx context.Context, id int64, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		if err := mayFire(l, request.TandatanganiPKS, account.RoleProdusenData, actor); err != nil {
			return err
		}
		rows, err := approvedRows(ctx, tx, id)
		if err != nil {
			return err
		}
		docs, err := agreementDocs(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, k := range request.AgreementKinds(rows) {
			if _, ok := docs[request.Countersigned(k)]; !ok {
				return ErrAgreementMissing
			}
		}
		mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
			return s.Letters.PKSLengkap(to, l.ref())
		})
		if err != nil {
			return err
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.TandatanganiPKS, role: account.RoleProdusenData, actor: actor,
			mails: mails}, now)
	})
}

// AdvanceApproved fires "minta_pks" for approved permohonan, only permohonan id unless it is 0: each moves
// to menunggu PKS/NDA and the registrator gets the email with what to sign. Rows are claimed with SKIP LOCKED,
// so several instances sweeping at once handle each once. It returns how many moved.
func (s *Store) AdvanceApproved(ctx context.Context, id int64, now time.Time) (int, error) {
	moved := 0
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT id FROM permohonan WHERE state = 'disetujui' AND ($1 = 0 OR id = $1) ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED", id)
		if err != nil {
			return fmt.Errorf("store: advance approved: %w", err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return fmt.Errorf("store: advance approved: %w", err)
		}
		for _, id := range ids {
			l, err := lockPermohonan(ctx, tx, id, 0)
			if err != nil {
				return err
			}
			approved, err := approvedRows(ctx, tx, id)
			if err != nil {
				return err
			}
			nda := request.NeedsNDA(approved)
			mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
				return s.Letters.PKSDiminta(to, l.ref(), nda)
			})
			if err != nil {
				return err
			}
			if err := transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.MintaPKS, role: account.RoleSistem,
				actor: account.Actor{Kind: account.ActorSistem}, detail: map[string]any{"nda": nda}, mails: mails}, now); err != nil {
				return err
			}
		}
		moved = len(ids)
		return nil
	})
	return moved, err
}
