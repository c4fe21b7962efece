package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Kapasitas of the Sepakat operators (Tabel 3.1): the training evidence of each operator, one record per row.

// Refusals of the training evidence.
var (
	ErrPelatihanRow  error = validate.Refusal("Bukti pelatihan hanya untuk baris dengan media akses Sepakat; simpan media akses baris ini terlebih dahulu.")
	ErrBimtekNotDone error = validate.Refusal("Pilih Fasilitasi Bimbingan Teknis (pelatihan) instansi Anda yang telah selesai.")
)

// itemKapasitas is the review item type of the evidence (review.ItemKapasitas), for revisionAllows.
const itemKapasitas = "kapasitas"

// zero is *p, or T's zero value for nil.
func zero[T any](p *T) T {
	var v T
	if p != nil {
		v = *p
	}
	return v
}

// pelatihanSQL reads the training evidence of a permohonan's operators ($1); readPelatihan reads its rows.
const pelatihanSQL = `SELECT op.row_id, op.jenis, op.recorded_at,
			d.id, d.kind, d.original_name, d.content_type, d.size_bytes, d.sha256, d.created_at,
			b.id, b.reference, coalesce(b.versi, ''), coalesce(b.jadwal_mulai, b.usulan_mulai), coalesce(b.jadwal_selesai, b.usulan_selesai),
			sp.id, sp.nama, sp.nip, sp.nomor_sertifikat, pb.reference
		FROM operator_pelatihan op LEFT JOIN documents d ON d.id = op.document_id LEFT JOIN bimtek b ON b.id = op.bimtek_id
			LEFT JOIN bimtek_peserta sp ON sp.id = op.peserta_id LEFT JOIN bimtek pb ON pb.id = sp.bimtek_id
		WHERE op.permohonan_id = $1`

func readPelatihan(rows pgx.Rows) (map[int64]request.Pelatihan, error) {
	defer rows.Close()
	out := map[int64]request.Pelatihan{}
	for rows.Next() {
		var p request.Pelatihan
		var docID, bimtekID *int64
		var d dokumen.Document
		var dKind, dName, dType *string
		var dSize *int64
		var dSHA []byte
		var dAt *time.Time
		var b request.BimtekRef
		var bRef, bVersi *string
		var bMulai, bSelesai *time.Time
		var pes request.PesertaRef
		var pesID *int64
		var pesNama, pesNIP, pesNomor, pesBimtek *string
		if err := rows.Scan(&p.RowID, &p.Jenis, &p.RecordedAt, &docID, &dKind, &dName, &dType, &dSize, &dSHA, &dAt,
			&bimtekID, &bRef, &bVersi, &bMulai, &bSelesai, &pesID, &pesNama, &pesNIP, &pesNomor, &pesBimtek); err != nil {
			return nil, fmt.Errorf("store: pelatihan: %w", err)
		}
		if docID != nil {
			d.ID, d.Kind, d.OriginalName, d.ContentType, d.Size, d.SHA256, d.CreatedAt = *docID, dokumen.Kind(*dKind), *dName, *dType, *dSize, dSHA, *dAt
			p.Document = &d
		}
		if bimtekID != nil {
			b.ID, b.Reference, b.Versi, b.Mulai, b.Selesai = *bimtekID, zero(bRef), zero(bVersi), zero(bMulai), zero(bSelesai)
			p.Bimtek = &b
		}
		if pesID != nil { // a passed participant (issue 13)
			pes.ID, pes.Nama, pes.NIP, pes.Nomor, pes.Bimtek = *pesID, zero(pesNama), zero(pesNIP), zero(pesNomor), zero(pesBimtek)
			p.Peserta = &pes
		}
		out[p.RowID] = p
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: pelatihan: %w", err)
	}
	return out, nil
}

// sepakatRow locks nothing more than the permohonan (editableItem did) and checks the row is a new Sepakat row
// of it.
func sepakatRow(ctx context.Context, tx pgx.Tx, id, rowID int64) error {
	var media string
	err := tx.QueryRow(ctx, "SELECT media FROM permohonan_rows WHERE id = $1 AND permohonan_id = $2 AND is_new", rowID, id).Scan(&media)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("store: pelatihan row: %w", err)
	}
	if media != request.Sepakat {
		return ErrPelatihanRow
	}
	return nil
}

func putPelatihan(ctx context.Context, tx pgx.Tx, id, rowID int64, jenis string, docID, bimtekID *int64, actor account.Actor, now time.Time) error {
	replaced, err := evidenceDocument(ctx, tx, rowID)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO operator_pelatihan (row_id, permohonan_id, jenis, document_id, bimtek_id, recorded_by, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (row_id) DO UPDATE SET jenis = $3, document_id = $4, bimtek_id = $5, peserta_id = NULL, recorded_by = $6, recorded_at = $7`,
		rowID, id, jenis, docID, bimtekID, actor.ID, now)
	if err != nil {
		return fmt.Errorf("store: pelatihan: %w", err)
	}
	if err := dropUnused(ctx, tx, id, replaced); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "UPDATE permohonan SET updated_at = $2 WHERE id = $1", id, now); err != nil {
		return fmt.Errorf("store: pelatihan: %w", err)
	}
	detail := map[string]any{"baris": rowID, "jenis": jenis}
	if docID != nil {
		detail["dokumen_id"] = *docID
	}
	if bimtekID != nil {
		detail["bimtek_id"] = *bimtekID
	}
	return audit(ctx, tx, actor, AuditEntry{Action: "permohonan.bukti_pelatihan", ObjectType: "permohonan", ObjectID: id, Detail: detail})
}

// SetPelatihanSertifikat stores an uploaded certificate as the training evidence of a Sepakat row's
// operator, replacing earlier evidence, in one transaction. A refused file returns *dokumen.UploadError and
// changes nothing; ErrNotInRevision when the permohonan was returned and this evidence was not marked.
func (s *Store) SetPelatihanSertifikat(ctx context.Context, id, akunID, rowID int64, u dokumen.Upload, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := editableItem(ctx, tx, id, akunID, itemKapasitas, itoa64(rowID)); err != nil {
			return err
		}
		if err := sepakatRow(ctx, tx, id, rowID); err != nil {
			return err
		}
		// A certificate is often a photo or a scan: PDF or image, as report attachments.
		d, err := s.PutDocument(ctx, tx, dokumen.Lampiran, u.Name, u.R, nil)
		if err != nil {
			return err
		}
		return putPelatihan(ctx, tx, id, rowID, request.PelatihanSertifikat, &d.ID, nil, actor, now)
	})
}

// SetPelatihanBimtek records a completed Fasilitasi Bimbingan Teknis (pelatihan) of the same account as the
// training evidence of a Sepakat row's operator. ErrBimtekNotDone when the bimtek is not the account's, not a
// pelatihan, or not finished.
func (s *Store) SetPelatihanBimtek(ctx context.Context, id, akunID, rowID, bimtekID int64, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := editableItem(ctx, tx, id, akunID, itemKapasitas, itoa64(rowID)); err != nil {
			return err
		}
		if err := sepakatRow(ctx, tx, id, rowID); err != nil {
			return err
		}
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM bimtek b JOIN permohonan p ON p.akun_id = b.akun_id
			WHERE b.id = $1 AND p.id = $2 AND b.state = 'selesai' AND b.pelatihan)`, bimtekID, id).Scan(&ok); err != nil {
			return fmt.Errorf("store: pelatihan bimtek: %w", err)
		}
		if !ok {
			return ErrBimtekNotDone
		}
		return putPelatihan(ctx, tx, id, rowID, request.PelatihanBimtek, nil, &bimtekID, actor, now)
	})
}

// CompletedPelatihan lists an account's finished Fasilitasi Bimbingan Teknis that included pelatihan, newest
// first: the evidence a registrator may choose.
func (s *Store) CompletedPelatihan(ctx context.Context, akunID int64) ([]request.BimtekRef, error) {
	rows, err := s.Pool.Query(ctx, `SELECT id, reference, coalesce(versi, ''), coalesce(jadwal_mulai, usulan_mulai), coalesce(jadwal_selesai, usulan_selesai)
		FROM bimtek WHERE akun_id = $1 AND state = 'selesai' AND pelatihan ORDER BY decided_at DESC, id DESC LIMIT 50`, akunID)
	if err != nil {
		return nil, fmt.Errorf("store: completed bimtek: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[request.BimtekRef])
	if err != nil {
		return nil, fmt.Errorf("store: completed bimtek: %w", err)
	}
	return list, nil
}
