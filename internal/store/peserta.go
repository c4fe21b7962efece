package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Bimbingan teknis outcomes (issue 13 item 7): participants per class, attendance, pass or fail, the
// certificate of each who passed (a link by email, its token kept as an HMAC), and a passed participant as
// the training evidence of a Sepakat operator (Kapasitas).

const pesertaColumns = `s.id, s.bimtek_id, s.kelas, s.nama, s.nip, s.unit, s.email, s.hadir, s.lulus, coalesce(s.nomor_sertifikat, ''),
	s.dinilai_at, coalesce(b.reference, ''), b.jadwal_selesai`

const pesertaFrom = ` FROM bimtek_peserta s JOIN bimtek b ON b.id = s.bimtek_id`

func listPeserta(ctx context.Context, db q, where string, args ...any) ([]layanan.Peserta, error) {
	rows, err := db.Query(ctx, "SELECT "+pesertaColumns+pesertaFrom+" WHERE "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: peserta: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[layanan.Peserta])
	if err != nil {
		return nil, fmt.Errorf("store: peserta: %w", err)
	}
	return list, nil
}

// ListPeserta returns the participants of a bimtek by class.
func (s *Store) ListPeserta(ctx context.Context, bimtekID int64) ([]layanan.Peserta, error) {
	return listPeserta(ctx, s.Pool, "s.bimtek_id = $1 ORDER BY s.kelas, s.id", bimtekID)
}

// onePeserta returns the participant a condition selects; ErrNotFound when none does.
func (s *Store) onePeserta(ctx context.Context, where string, args ...any) (layanan.Peserta, error) {
	list, err := listPeserta(ctx, s.Pool, where, args...)
	if err != nil {
		return layanan.Peserta{}, err
	}
	if len(list) == 0 {
		return layanan.Peserta{}, ErrNotFound
	}
	return list[0], nil
}

// FindPeserta returns one participant of a bimtek; akunID scopes it to the registrator's account (0 for staff).
func (s *Store) FindPeserta(ctx context.Context, bimtekID, pesertaID, akunID int64) (layanan.Peserta, error) {
	return s.onePeserta(ctx, "s.id = $1 AND s.bimtek_id = $2 AND ($3 = 0 OR b.akun_id = $3)", pesertaID, bimtekID, akunID)
}

// FindPesertaBySertifikat returns the passed participant a certificate link belongs to; ErrNotFound for an
// unknown token or a participant no longer passed.
func (s *Store) FindPesertaBySertifikat(ctx context.Context, tokenHash []byte) (layanan.Peserta, error) {
	return s.onePeserta(ctx, "s.sertifikat_token_hash = $1 AND s.lulus", tokenHash)
}

// ListPassedPeserta returns the participants who passed a training of the account, newest first; with nip,
// only that person's (the evidence of an operator is the operator's own training).
func (s *Store) ListPassedPeserta(ctx context.Context, akunID int64, nip string) ([]layanan.Peserta, error) {
	return listPeserta(ctx, s.Pool, "b.akun_id = $1 AND s.lulus AND ($2 = '' OR s.nip = $2) ORDER BY s.dinilai_at DESC, s.id DESC LIMIT 200", akunID, nip)
}

// AddPeserta records a participant of a class of a Pelatihan that is scheduled or done. Refusals:
// ErrPesertaClosed, ErrKelasFull (30 per class, checked under the bimtek's lock), ErrPesertaTwice.
func (s *Store) AddPeserta(ctx context.Context, bimtekID int64, p layanan.Peserta, actor account.Actor, now time.Time) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		b, err := lockBimtek(ctx, tx, bimtekID, 0)
		if err != nil {
			return err
		}
		if !layanan.RecordsOutcomes(b) {
			return layanan.ErrPesertaClosed
		}
		var n int
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM bimtek_peserta WHERE bimtek_id = $1 AND kelas = $2", bimtekID, p.Kelas).Scan(&n); err != nil {
			return fmt.Errorf("store: peserta: %w", err)
		}
		if n >= layanan.PesertaPerKelas {
			return layanan.ErrKelasFull
		}
		err = tx.QueryRow(ctx, `INSERT INTO bimtek_peserta (bimtek_id, kelas, nama, nip, unit, email, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`, bimtekID, p.Kelas, p.Nama, p.NIP, p.Unit, p.Email, actor.ID, now).Scan(&id)
		if isUniqueViolation(err, "bimtek_peserta_once") {
			return layanan.ErrPesertaTwice
		}
		if err != nil {
			return fmt.Errorf("store: peserta: %w", err)
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "bimtek.peserta_tambah", ObjectType: "bimtek", ObjectID: bimtekID,
			Detail: map[string]any{"peserta_id": id, "kelas": p.Kelas}})
	})
	return id, err
}

// ErrPesertaDipakai refuses removing or failing a participant chosen as an operator's training evidence.
var ErrPesertaDipakai error = validate.Refusal("Peserta ini telah dipilih sebagai bukti pelatihan operator Sepakat pada permohonan hak akses; hasilnya tidak dapat diubah menjadi tidak lulus atau dihapus.")

// RemovePeserta deletes a participant recorded by mistake, unless they passed (their certificate exists).
func (s *Store) RemovePeserta(ctx context.Context, bimtekID, pesertaID int64, actor account.Actor) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		b, err := lockBimtek(ctx, tx, bimtekID, 0)
		if err != nil {
			return err
		}
		if !layanan.RecordsOutcomes(b) {
			return layanan.ErrPesertaClosed
		}
		tag, err := tx.Exec(ctx, "DELETE FROM bimtek_peserta WHERE id = $1 AND bimtek_id = $2 AND lulus IS NOT TRUE", pesertaID, bimtekID)
		if err != nil {
			return fmt.Errorf("store: remove peserta: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrConflict
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "bimtek.peserta_hapus", ObjectType: "bimtek", ObjectID: bimtekID,
			Detail: map[string]any{"peserta_id": pesertaID}})
	})
}

// SaveHasil records attendance and results. A participant who passes for the first time gets a certificate
// number and a link to the certificate by email (newToken makes the token for the email and its HMAC); one
// who no longer passes loses the link. ErrLulusAbsent for a pass without attendance, ErrPesertaDipakai for
// failing a participant chosen as an operator's evidence; nothing is saved then.
func (s *Store) SaveHasil(ctx context.Context, bimtekID int64, hasil map[int64]layanan.Hasil, newToken func() (string, []byte),
	actor account.Actor, now time.Time) (int, error) {
	passed := 0
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		b, err := lockBimtek(ctx, tx, bimtekID, 0)
		if err != nil {
			return err
		}
		if !layanan.RecordsOutcomes(b) {
			return layanan.ErrPesertaClosed
		}
		list, err := listPeserta(ctx, tx, "s.bimtek_id = $1 ORDER BY s.id FOR UPDATE OF s", bimtekID)
		if err != nil {
			return err
		}
		for _, p := range list {
			h, ok := hasil[p.ID]
			if !ok {
				continue
			}
			if err := layanan.CheckHasil(h); err != nil {
				return err
			}
			first, err := s.saveHasil(ctx, tx, b, p, h, newToken, actor, now)
			if err != nil {
				return err
			}
			if first {
				passed++
			}
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "bimtek.hasil", ObjectType: "bimtek", ObjectID: bimtekID,
			Detail: map[string]any{"peserta": len(hasil), "lulus_baru": passed}})
	})
	return passed, err
}

// saveHasil writes one participant's result; it reports whether they passed for the first time.
func (s *Store) saveHasil(ctx context.Context, tx pgx.Tx, b layanan.Bimtek, p layanan.Peserta, h layanan.Hasil, newToken func() (string, []byte),
	actor account.Actor, now time.Time) (bool, error) {
	nowPassed := h.Lulus != nil && *h.Lulus
	if p.Passed() && !nowPassed {
		var used bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM operator_pelatihan WHERE peserta_id = $1)
			OR EXISTS (SELECT 1 FROM penggantian_operator WHERE peserta_id = $1 AND state IN ('diajukan', 'disetujui', 'selesai'))`,
			p.ID).Scan(&used); err != nil {
			return false, fmt.Errorf("store: hasil: %w", err)
		}
		if used {
			return false, ErrPesertaDipakai
		}
	}
	// A result kept as it was keeps who judged it and when.
	same := p.Lulus != nil && h.Lulus != nil && *p.Lulus == *h.Lulus
	if p.Hadir == h.Hadir && (same || p.Lulus == nil && h.Lulus == nil) {
		return false, nil
	}
	var judgedAt *time.Time
	var judgedBy *int64
	if h.Lulus != nil {
		judgedAt, judgedBy = &now, staffRef(actor)
	}
	first := nowPassed && !p.Passed()
	// Passed now: a certificate number (kept if they had one before) and a new link; no longer passed: the
	// link dies. One statement, as the table ties a pass to its number.
	var hash []byte
	var token, nomor string
	if first {
		var n int64
		if err := tx.QueryRow(ctx, "SELECT nextval('bimtek_sertifikat_seq')").Scan(&n); err != nil {
			return false, fmt.Errorf("store: hasil: %w", err)
		}
		token, hash = newToken()
		nomor = layanan.SertifikatNomor(n, now.In(indo.Jakarta).Year()) // the year of the date printed on it
	}
	if _, err := tx.Exec(ctx, `UPDATE bimtek_peserta SET hadir = $2, lulus = $3, dinilai_at = $4, dinilai_oleh = $5, updated_at = $6,
			sertifikat_token_hash = CASE WHEN $3::boolean IS NOT TRUE THEN NULL WHEN $7::bytea IS NULL THEN sertifikat_token_hash ELSE $7 END,
			nomor_sertifikat = coalesce(nomor_sertifikat, NULLIF($8, ''))
		WHERE id = $1`, p.ID, h.Hadir, h.Lulus, judgedAt, judgedBy, now, hash, nomor); err != nil {
		return false, fmt.Errorf("store: hasil: %w", err)
	}
	if !first {
		return false, nil
	}
	return true, enqueue(ctx, tx, s.Letters.SertifikatBimtek(mail.Recipient{Email: p.Email, Nama: p.Nama}, b.Reference, b.InstansiNama, token))
}

// Refusals of a passed participant chosen as an operator's training evidence.
var (
	ErrPesertaTidakLulus    error = validate.Refusal("Pilih peserta bimbingan teknis instansi Anda yang dinyatakan lulus.")
	ErrPesertaBukanOperator error = validate.Refusal(request.MsgPesertaBukanOperator)
)

// checkPeserta checks a participant chosen as an operator's training evidence: it passed a training of the
// same account, and it is the operator (same NIP/NIK).
func checkPeserta(ctx context.Context, tx pgx.Tx, akunID, pesertaID int64, nip string) error {
	// Shared-locked until the evidence is written: a result changed to "tidak lulus" meanwhile (SaveHasil, which
	// refuses once the participant is evidence) waits for it, or is seen here.
	list, err := listPeserta(ctx, tx, "s.id = $1 AND b.akun_id = $2 AND s.lulus FOR SHARE OF s", pesertaID, akunID)
	switch {
	case err != nil:
		return err
	case len(list) == 0:
		return ErrPesertaTidakLulus
	case list[0].NIP != nip:
		return ErrPesertaBukanOperator
	}
	return nil
}

// putPelatihanPeserta records a passed participant as the training evidence of a row's operator (the kind
// issue 13 adds to the record issue 12 keeps per row), replacing earlier evidence; recordedBy is the
// official who chose it. pesertaID 0 removes the row's evidence (a new operator named without any).
func putPelatihanPeserta(ctx context.Context, tx pgx.Tx, permohonanID, rowID, pesertaID, recordedBy int64, now time.Time) error {
	replaced, err := evidenceDocument(ctx, tx, rowID)
	if err != nil {
		return err
	}
	if pesertaID == 0 {
		_, err = tx.Exec(ctx, "DELETE FROM operator_pelatihan WHERE row_id = $1", rowID)
	} else {
		_, err = tx.Exec(ctx, `INSERT INTO operator_pelatihan (row_id, permohonan_id, jenis, peserta_id, recorded_by, recorded_at)
			VALUES ($1, $2, 'peserta_bimtek', $3, $4, $5)
			ON CONFLICT (row_id) DO UPDATE SET jenis = 'peserta_bimtek', document_id = NULL, bimtek_id = NULL, peserta_id = $3, recorded_by = $4,
				recorded_at = $5`, rowID, permohonanID, pesertaID, recordedBy, now)
	}
	if err != nil {
		return fmt.Errorf("store: operator training: %w", err)
	}
	if err := dropUnused(ctx, tx, permohonanID, replaced); err != nil {
		return err
	}
	return nil
}

// SetPelatihanPeserta is the registrator choosing a passed participant of the instansi's bimtek, with the
// operator's NIP/NIK, as the training evidence of a new Sepakat row while the permohonan may be changed (the
// rules of SetPelatihanSertifikat). Refusals: ErrPesertaTidakLulus, ErrPesertaBukanOperator.
func (s *Store) SetPelatihanPeserta(ctx context.Context, id, akunID, rowID, pesertaID int64, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := editableItem(ctx, tx, id, akunID, itemKapasitas, itoa64(rowID)); err != nil {
			return err
		}
		if err := sepakatRow(ctx, tx, id, rowID); err != nil {
			return err
		}
		var nip string
		if err := tx.QueryRow(ctx, "SELECT operator_nip FROM permohonan_rows WHERE id = $1", rowID).Scan(&nip); err != nil {
			return fmt.Errorf("store: operator training: %w", err)
		}
		if err := checkPeserta(ctx, tx, akunID, pesertaID, nip); err != nil {
			return err
		}
		if err := putPelatihanPeserta(ctx, tx, id, rowID, pesertaID, actor.ID, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE permohonan SET updated_at = $2 WHERE id = $1", id, now); err != nil {
			return fmt.Errorf("store: operator training: %w", err)
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "permohonan.bukti_pelatihan", ObjectType: "permohonan", ObjectID: id,
			Detail: map[string]any{"baris": rowID, "jenis": request.PelatihanPeserta, "peserta_id": pesertaID}})
	})
}

// FindPesertaAny returns one participant by id, for staff pages that show a chosen evidence.
func (s *Store) FindPesertaAny(ctx context.Context, id int64) (layanan.Peserta, error) {
	return s.onePeserta(ctx, "s.id = $1", id)
}
