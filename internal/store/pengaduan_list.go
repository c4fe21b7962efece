package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/layanan"
)

// Reading reports: the reporter's status page, the staff's listings and detail, the export.

// FindPengaduanByTracking returns the report whose tracking code has this HMAC, or ErrNotFound.
func (s *Store) FindPengaduanByTracking(ctx context.Context, hash []byte) (int64, error) {
	var id int64
	err := s.Pool.QueryRow(ctx, "SELECT id FROM pengaduan WHERE tracking_hash = $1", hash).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("store: find pengaduan: %w", err)
	}
	return id, nil
}

// pengaduanColumns read a report with its handler, joined as st: the handler only while still active (a
// handler who left is no handler — the report is open to every pengelola layanan again, their email gets
// no more replies).
const pengaduanColumns = `g.id, g.reference, g.judul, g.isi, g.lokasi, g.kategori, g.anonim, g.rahasia, g.state,
	coalesce(st.id, 0), coalesce(st.nama, ''), coalesce(st.email, ''), g.created_at, g.updated_at, g.closed_at`

func scanPengaduan(row pgx.Row) (layanan.Pengaduan, error) {
	var p layanan.Pengaduan
	var kat string
	err := row.Scan(&p.ID, &p.Reference, &p.Judul, &p.Isi, &p.Lokasi, &kat, &p.Anonim, &p.Rahasia, &p.State,
		&p.HandlerID, &p.HandlerNama, &p.HandlerEmail, &p.CreatedAt, &p.UpdatedAt, &p.ClosedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: pengaduan: %w", err)
	}
	p.Kategori = layanan.Kategori(kat)
	return p, nil
}

// pengaduanDB is a pool or a transaction.
type pengaduanDB interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// loadPengaduan reads a report with its conversation and attachments, without identity.
func loadPengaduan(ctx context.Context, db pengaduanDB, id int64, lock bool) (layanan.Pengaduan, error) {
	q := "SELECT " + pengaduanColumns + " FROM pengaduan g LEFT JOIN staff st ON st.id = g.handler_id AND st.active WHERE g.id = $1"
	if lock {
		q += " FOR UPDATE OF g"
	}
	p, err := scanPengaduan(db.QueryRow(ctx, q, id))
	if err != nil {
		return p, err
	}
	rows, err := db.Query(ctx, `SELECT m.id, m.jenis, coalesce(st.nama, ''), m.isi, m.created_at
		FROM pengaduan_pesan m LEFT JOIN staff st ON st.id = m.staff_id WHERE m.pengaduan_id = $1 ORDER BY m.id`, id)
	if err != nil {
		return p, fmt.Errorf("store: pengaduan pesan: %w", err)
	}
	p.Pesan, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (layanan.PengaduanPesan, error) {
		var m layanan.PengaduanPesan
		err := r.Scan(&m.ID, &m.Jenis, &m.StaffNama, &m.Isi, &m.CreatedAt)
		return m, err
	})
	if err != nil {
		return p, fmt.Errorf("store: pengaduan pesan: %w", err)
	}
	rows, err = db.Query(ctx, `SELECT l.document_id, coalesce(l.pesan_id, 0), d.original_name, d.content_type, d.size_bytes
		FROM pengaduan_lampiran l JOIN documents d ON d.id = l.document_id WHERE l.pengaduan_id = $1 ORDER BY l.document_id`, id)
	if err != nil {
		return p, fmt.Errorf("store: pengaduan lampiran: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l layanan.PengaduanLampiran
		var pesanID int64
		if err := rows.Scan(&l.DocumentID, &pesanID, &l.OriginalName, &l.ContentType, &l.Size); err != nil {
			return p, fmt.Errorf("store: pengaduan lampiran: %w", err)
		}
		if pesanID == 0 {
			p.Lampiran = append(p.Lampiran, l)
			continue
		}
		for i := range p.Pesan {
			if p.Pesan[i].ID == pesanID {
				p.Pesan[i].Lampiran = append(p.Pesan[i].Lampiran, l)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return p, fmt.Errorf("store: pengaduan lampiran: %w", err)
	}
	return p, nil
}

// readPelapor decrypts a report's identity and its links to an instansi and a permohonan.
func (s *Store) readPelapor(ctx context.Context, db pengaduanDB, p *layanan.Pengaduan) error {
	var enc []byte
	var keyID string
	err := db.QueryRow(ctx, `SELECT r.identity_enc, r.key_id, coalesce(a.instansi_nama, ''), coalesce(pm.reference, '')
		FROM pengaduan_pelapor r LEFT JOIN akun a ON a.id = r.akun_id LEFT JOIN permohonan pm ON pm.id = r.permohonan_id
		WHERE r.pengaduan_id = $1`, p.ID).Scan(&enc, &keyID, &p.Instansi, &p.PermohonanRef)
	if err != nil {
		return fmt.Errorf("store: pelapor of pengaduan %d: %w", p.ID, err)
	}
	who, err := s.openSealedPelapor(p.ID, keyID, enc)
	if err != nil {
		return err
	}
	p.Pelapor = &who.Pelapor
	if who.AkunID == 0 {
		return nil
	}
	// An Anonim report keeps where it came from sealed with the identity.
	err = db.QueryRow(ctx, `SELECT coalesce((SELECT instansi_nama FROM akun WHERE id = $1), ''),
		coalesce((SELECT reference FROM permohonan WHERE id = $2), '')`, who.AkunID, who.PermohonanID).Scan(&p.Instansi, &p.PermohonanRef)
	if err != nil {
		return fmt.Errorf("store: pelapor of pengaduan %d: %w", p.ID, err)
	}
	return nil
}

// PengaduanForPelapor returns a report as its reporter sees it on the status page, without identity.
func (s *Store) PengaduanForPelapor(ctx context.Context, id int64) (layanan.Pengaduan, error) {
	return loadPengaduan(ctx, s.Pool, id, false)
}

// PengaduanForStaff returns a report for a staff member allowed by v to see it (ErrNotFound otherwise). The
// reporter's identity is read only when the report is not Anonim, and that view is audited.
func (s *Store) PengaduanForStaff(ctx context.Context, id int64, v layanan.Viewer, actor account.Actor) (layanan.Pengaduan, error) {
	var p layanan.Pengaduan
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if p, err = loadPengaduan(ctx, tx, id, false); err != nil {
			return err
		}
		if !v.CanView(p.Rahasia, p.HandlerID) {
			return ErrNotFound
		}
		if p.Anonim {
			return nil
		}
		if err := s.readPelapor(ctx, tx, &p); err != nil {
			return err
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "pengaduan.lihat_pelapor", ObjectType: "pengaduan", ObjectID: id})
	})
	return p, err
}

func (s *Store) openPelapor(id int64, keyID string, enc []byte) (layanan.Pelapor, error) {
	who, err := s.openSealedPelapor(id, keyID, enc)
	return who.Pelapor, err
}

func (s *Store) openSealedPelapor(id int64, keyID string, enc []byte) (sealedPelapor, error) {
	var who sealedPelapor
	plain, err := s.Keys.Open(keyID, enc, pelaporAAD(id))
	if err != nil {
		return who, fmt.Errorf("store: decrypt pelapor of pengaduan %d: %w", id, err)
	}
	if err := json.Unmarshal(plain, &who); err != nil {
		return who, fmt.Errorf("store: decode pelapor of pengaduan %d: %w", id, err)
	}
	return who, nil
}

// PengaduanOfDocument returns the report an attachment belongs to, and whether its reporter chose Anonim.
func (s *Store) PengaduanOfDocument(ctx context.Context, documentID int64) (int64, bool, error) {
	var id int64
	var anonim bool
	err := s.Pool.QueryRow(ctx, `SELECT l.pengaduan_id, g.anonim FROM pengaduan_lampiran l JOIN pengaduan g ON g.id = l.pengaduan_id
		WHERE l.document_id = $1`, documentID).Scan(&id, &anonim)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, ErrNotFound
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: pengaduan of document: %w", err)
	}
	return id, anonim, nil
}

// ListPengaduanOfAkun returns the reports a registrator account sent that are neither Rahasia nor Anonim,
// newest first: Rahasia reports are in no listing but the handler's, and an Anonim one is not tied to the
// account where a later official could see it.
func (s *Store) ListPengaduanOfAkun(ctx context.Context, akunID int64) ([]layanan.PengaduanItem, error) {
	return one(ctx, s, func(r *Reads, out *[]layanan.PengaduanItem) { r.PengaduanOfAkun(akunID, out) })
}

// PengaduanOfAkun reports whether a report was sent from the account and is listed for it (neither
// Rahasia nor Anonim).
func (s *Store) PengaduanOfAkun(ctx context.Context, id, akunID int64) (bool, error) {
	var ok bool
	err := s.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pengaduan g JOIN pengaduan_pelapor r ON r.pengaduan_id = g.id
		WHERE g.id = $1 AND r.akun_id = $2 AND NOT g.rahasia AND NOT g.anonim)`, id, akunID).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("store: pengaduan of akun: %w", err)
	}
	return ok, nil
}
