package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/layanan"
)

// ErrPermohonanUnknown is returned by CreatePengaduan when the permohonan a registrator names is not one of
// its account's.
var ErrPermohonanUnknown = userError("Pilih salah satu permohonan instansi Anda, atau kosongkan.")

// NewPengaduan is a valid report ready to be stored.
type NewPengaduan struct {
	Report       layanan.Pengaduan
	TrackingHash []byte // HMAC of the tracking code
	// AkunID, PejabatID and PermohonanID link a signed-in registrator's report to its instansi (0 for the public).
	AkunID, PejabatID, PermohonanID int64
	Lampiran                        *Upload
}

// pelaporAAD binds the encrypted identity to its report.
func pelaporAAD(id int64) []byte { return []byte("pengaduan_pelapor:" + strconv.FormatInt(id, 10)) }

// anonymous strips what would identify an Anonim reporter from an audit actor: the account and the IP.
func anonymous(a Actor, anonim bool) Actor {
	if !anonim {
		return a
	}
	return Actor{Kind: ActorPublik}
}

// CreatePengaduan stores a report in one transaction: the report, the reporter's identity encrypted in its
// own table, the attachment (an *UploadError for a refused file, and then nothing is stored), the email
// with the tracking code when the reporter gave an address, and the audit row (which for an Anonim report
// names neither account nor IP). It returns the report's id and reference.
func (s *Store) CreatePengaduan(ctx context.Context, kr *crypt.Keyring, n NewPengaduan, mail func(reference string) *OutMail,
	actor Actor, now time.Time) (int64, string, error) {
	var id int64
	var ref string
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		r := n.Report
		if n.PermohonanID != 0 {
			var ok bool
			err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM permohonan WHERE id = $1 AND akun_id = $2)", n.PermohonanID, n.AkunID).Scan(&ok)
			if err != nil {
				return fmt.Errorf("store: pengaduan permohonan: %w", err)
			}
			if !ok {
				return ErrPermohonanUnknown
			}
		}
		err := tx.QueryRow(ctx, `INSERT INTO pengaduan (reference, tracking_hash, judul, isi, lokasi, kategori, anonim, rahasia, state,
				created_at, updated_at)
			VALUES ('PGD-' || to_char($9::timestamptz AT TIME ZONE 'Asia/Jakarta', 'YYYY') || '-' || lpad(nextval('pengaduan_reference_seq')::text, 6, '0'),
				$1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
			RETURNING id, reference`, n.TrackingHash, r.Judul, r.Isi, r.Lokasi, string(r.Kategori), r.Anonim, r.Rahasia,
			layanan.PengaduanBaru, now).Scan(&id, &ref)
		if err != nil {
			return fmt.Errorf("store: insert pengaduan: %w", err)
		}
		plain, err := json.Marshal(r.Pelapor)
		if err != nil {
			return fmt.Errorf("store: encode pelapor: %w", err)
		}
		keyID, enc, err := kr.Seal(plain, pelaporAAD(id))
		if err != nil {
			return fmt.Errorf("store: encrypt pelapor: %w", err)
		}
		_, err = tx.Exec(ctx, `INSERT INTO pengaduan_pelapor (pengaduan_id, identity_enc, key_id, akun_id, pejabat_id, permohonan_id)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, enc, keyID, nullID(n.AkunID), nullID(n.PejabatID), nullID(n.PermohonanID))
		if err != nil {
			return fmt.Errorf("store: insert pelapor: %w", err)
		}
		if n.Lampiran != nil {
			if err := attachLampiran(ctx, s, tx, kr, id, 0, *n.Lampiran); err != nil {
				return err
			}
		}
		if m := mail(ref); m != nil {
			if err := enqueue(ctx, tx, *m); err != nil {
				return err
			}
		}
		return audit(ctx, tx, anonymous(actor, r.Anonim), AuditEntry{Action: "pengaduan.kirim", ObjectType: "pengaduan", ObjectID: id,
			Detail: map[string]any{"kategori": string(r.Kategori), "anonim": r.Anonim, "rahasia": r.Rahasia, "lampiran": n.Lampiran != nil}})
	})
	return id, ref, err
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func attachLampiran(ctx context.Context, s *Store, tx pgx.Tx, kr *crypt.Keyring, pengaduanID, pesanID int64, u Upload) error {
	doc, err := s.PutDocument(ctx, tx, kr, DocLampiran, u.Name, u.R, nil)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, "INSERT INTO pengaduan_lampiran (document_id, pengaduan_id, pesan_id) VALUES ($1, $2, $3)",
		doc.ID, pengaduanID, nullID(pesanID))
	if err != nil {
		return fmt.Errorf("store: attach lampiran: %w", err)
	}
	return nil
}

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

// PengaduanPesan is one message of a report's conversation.
type PengaduanPesan struct {
	ID        int64
	Jenis     string // jawaban, permintaan_informasi, tanggapan, penutupan
	StaffNama string // empty for the reporter
	Isi       string
	CreatedAt time.Time
	Lampiran  []PengaduanLampiran
}

// PengaduanLampiran is an attachment's metadata.
type PengaduanLampiran struct {
	DocumentID   int64
	OriginalName string
	ContentType  string
	Size         int64
}

// Pengaduan is a report with its conversation. Pelapor is filled only where the caller may see it.
type Pengaduan struct {
	ID                   int64
	Reference            string
	Judul, Isi, Lokasi   string
	Kategori             layanan.Kategori
	Anonim, Rahasia      bool
	State                string
	HandlerID            int64
	HandlerNama          string
	HandlerEmail         string
	CreatedAt, UpdatedAt time.Time
	ClosedAt             *time.Time
	Lampiran             []PengaduanLampiran // with the report itself
	Pesan                []PengaduanPesan

	// Identity: only for staff on reports that are not Anonim, and for an admin's audited reveal.
	Pelapor       *layanan.Pelapor
	Instansi      string // the registrator's instansi, for a signed-in registrator's report
	PermohonanRef string
}

const pengaduanColumns = `g.id, g.reference, g.judul, g.isi, g.lokasi, g.kategori, g.anonim, g.rahasia, g.state,
	coalesce(g.handler_id, 0), coalesce(st.nama, ''), coalesce(st.email, ''), g.created_at, g.updated_at, g.closed_at`

func scanPengaduan(row pgx.Row) (Pengaduan, error) {
	var p Pengaduan
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
func loadPengaduan(ctx context.Context, db pengaduanDB, id int64, lock bool) (Pengaduan, error) {
	q := "SELECT " + pengaduanColumns + " FROM pengaduan g LEFT JOIN staff st ON st.id = g.handler_id WHERE g.id = $1"
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
	p.Pesan, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (PengaduanPesan, error) {
		var m PengaduanPesan
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
		var l PengaduanLampiran
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
func readPelapor(ctx context.Context, db pengaduanDB, kr *crypt.Keyring, p *Pengaduan) error {
	var enc []byte
	var keyID string
	err := db.QueryRow(ctx, `SELECT r.identity_enc, r.key_id, coalesce(a.instansi_nama, ''), coalesce(pm.reference, '')
		FROM pengaduan_pelapor r LEFT JOIN akun a ON a.id = r.akun_id LEFT JOIN permohonan pm ON pm.id = r.permohonan_id
		WHERE r.pengaduan_id = $1`, p.ID).Scan(&enc, &keyID, &p.Instansi, &p.PermohonanRef)
	if err != nil {
		return fmt.Errorf("store: pelapor of pengaduan %d: %w", p.ID, err)
	}
	plain, err := kr.Open(keyID, enc, pelaporAAD(p.ID))
	if err != nil {
		return fmt.Errorf("store: decrypt pelapor of pengaduan %d: %w", p.ID, err)
	}
	var who layanan.Pelapor
	if err := json.Unmarshal(plain, &who); err != nil {
		return fmt.Errorf("store: decode pelapor of pengaduan %d: %w", p.ID, err)
	}
	p.Pelapor = &who
	return nil
}

// PengaduanForPelapor returns a report as its reporter sees it on the status page, without identity.
func (s *Store) PengaduanForPelapor(ctx context.Context, id int64) (Pengaduan, error) {
	return loadPengaduan(ctx, s.Pool, id, false)
}

// PengaduanForStaff returns a report for a staff member allowed by v to see it (ErrNotFound otherwise). The
// reporter's identity is read only when the report is not Anonim, and that view is audited.
func (s *Store) PengaduanForStaff(ctx context.Context, kr *crypt.Keyring, id int64, v layanan.Viewer, actor Actor) (Pengaduan, error) {
	var p Pengaduan
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
		if err := readPelapor(ctx, tx, kr, &p); err != nil {
			return err
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "pengaduan.lihat_pelapor", ObjectType: "pengaduan", ObjectID: id})
	})
	return p, err
}

// PengaduanItem is one line of a staff listing: never the identity of an Anonim reporter.
type PengaduanItem struct {
	ID               int64
	Reference, Judul string
	Kategori         layanan.Kategori
	State            string
	Anonim, Rahasia  bool
	Nama, Instansi   string // empty for Anonim reports
	HandlerNama      string
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// ListPengaduan returns the reports a staff member's listing shows, those waiting for staff first, then
// the rest, newest first, at most 500. Rahasia reports appear only in the handlers' queue (and there, once
// taken up, only in their handler's); every other listing leaves them out.
func (s *Store) ListPengaduan(ctx context.Context, kr *crypt.Keyring, v layanan.Viewer, open bool) ([]PengaduanItem, error) {
	where := "g.state <> 'ditutup'"
	if !open {
		where = "g.state = 'ditutup'"
	}
	var args []any
	if v.ListsRahasia() {
		where += " AND (NOT g.rahasia OR g.handler_id IS NULL OR g.handler_id = $1)"
		args = append(args, v.StaffID)
	} else {
		where += " AND NOT g.rahasia"
	}
	rows, err := s.Pool.Query(ctx, `SELECT g.id, g.reference, g.judul, g.kategori, g.state, g.anonim, g.rahasia, coalesce(st.nama, ''),
			g.created_at, g.updated_at, r.identity_enc, r.key_id
		FROM pengaduan g JOIN pengaduan_pelapor r ON r.pengaduan_id = g.id LEFT JOIN staff st ON st.id = g.handler_id
		WHERE `+where+` ORDER BY (g.state = 'baru') DESC, g.updated_at DESC, g.id DESC LIMIT 500`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list pengaduan: %w", err)
	}
	defer rows.Close()
	var list []PengaduanItem
	for rows.Next() {
		var it PengaduanItem
		var kat, keyID string
		var enc []byte
		if err := rows.Scan(&it.ID, &it.Reference, &it.Judul, &kat, &it.State, &it.Anonim, &it.Rahasia, &it.HandlerNama,
			&it.CreatedAt, &it.UpdatedAt, &enc, &keyID); err != nil {
			return nil, fmt.Errorf("store: list pengaduan: %w", err)
		}
		it.Kategori = layanan.Kategori(kat)
		if !it.Anonim {
			who, err := openPelapor(kr, it.ID, keyID, enc)
			if err != nil {
				return nil, err
			}
			it.Nama, it.Instansi = who.Nama, who.Instansi
		}
		list = append(list, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list pengaduan: %w", err)
	}
	return list, nil
}

func openPelapor(kr *crypt.Keyring, id int64, keyID string, enc []byte) (layanan.Pelapor, error) {
	var who layanan.Pelapor
	plain, err := kr.Open(keyID, enc, pelaporAAD(id))
	if err != nil {
		return who, fmt.Errorf("store: decrypt pelapor of pengaduan %d: %w", id, err)
	}
	if err := json.Unmarshal(plain, &who); err != nil {
		return who, fmt.Errorf("store: decode pelapor of pengaduan %d: %w", id, err)
	}
	return who, nil
}

var pesanJenis = map[string]string{
	layanan.EventJawab:          "jawaban",
	layanan.EventMintaInformasi: "permintaan_informasi",
	layanan.EventTutup:          "penutupan",
	layanan.EventTanggapi:       "tanggapan",
}

// ActOnPengaduan applies a staff event (jawab, minta_informasi, tutup) with its message in one transaction:
// the guarded state change (ErrConflict when the report's state no longer allows it), the message, the
// handler (the first staff member to act takes the report up), the email to the reporter when they gave an
// address (mail receives the reporter, whose identity is never shown), and the audit row. ErrNotFound when v may not act
// on the report.
func (s *Store) ActOnPengaduan(ctx context.Context, kr *crypt.Keyring, id int64, event, text string, v layanan.Viewer,
	mail func(p Pengaduan, to layanan.Pelapor) *OutMail, actor Actor, now time.Time) error {
	if event == layanan.EventTanggapi {
		return fmt.Errorf("store: act on pengaduan: %s is the reporter's", event)
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		p, err := loadPengaduan(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !v.CanAct(p.Rahasia, p.HandlerID) {
			return ErrNotFound
		}
		to, err := layanan.NextPengaduan(p.State, event)
		if err != nil {
			return ErrConflict
		}
		var closed *time.Time
		if to == layanan.PengaduanDitutup {
			closed = &now
		}
		_, err = tx.Exec(ctx, `UPDATE pengaduan SET state = $2, handler_id = coalesce(handler_id, $3), updated_at = $4, closed_at = $5
			WHERE id = $1`, id, to, actor.ID, now, closed)
		if err != nil {
			return fmt.Errorf("store: act on pengaduan %d: %w", id, err)
		}
		if text != "" {
			if _, err := tx.Exec(ctx, `INSERT INTO pengaduan_pesan (pengaduan_id, jenis, staff_id, isi, created_at) VALUES ($1, $2, $3, $4, $5)`,
				id, pesanJenis[event], actor.ID, text, now); err != nil {
				return fmt.Errorf("store: act on pengaduan %d: message: %w", id, err)
			}
		}
		if p, err = loadPengaduan(ctx, tx, id, false); err != nil {
			return err
		}
		who := p
		if err := readPelapor(ctx, tx, kr, &who); err != nil {
			return err
		}
		if who.Pelapor.Email != "" {
			if m := mail(p, *who.Pelapor); m != nil {
				if err := enqueue(ctx, tx, *m); err != nil {
					return err
				}
			}
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "pengaduan." + event, ObjectType: "pengaduan", ObjectID: id,
			Detail: map[string]any{"dari": p.State, "ke": to}})
	})
}

// ReplyPengaduan adds the reporter's reply (with an optional attachment) to a report that was answered or
// waits for information, in one transaction: the message, the state back to waiting for staff, an email to
// the handler, and the audit row (without account or IP for an Anonim report). ErrConflict when the report
// does not take replies now; an *UploadError for a refused attachment (nothing stored).
func (s *Store) ReplyPengaduan(ctx context.Context, kr *crypt.Keyring, id int64, text string, u *Upload,
	mail func(p Pengaduan) *OutMail, actor Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		p, err := loadPengaduan(ctx, tx, id, true)
		if err != nil {
			return err
		}
		to, err := layanan.NextPengaduan(p.State, layanan.EventTanggapi)
		if err != nil {
			return ErrConflict
		}
		var pesanID int64
		if err := tx.QueryRow(ctx, `INSERT INTO pengaduan_pesan (pengaduan_id, jenis, isi, created_at) VALUES ($1, 'tanggapan', $2, $3)
			RETURNING id`, id, text, now).Scan(&pesanID); err != nil {
			return fmt.Errorf("store: reply pengaduan %d: %w", id, err)
		}
		if u != nil {
			if err := attachLampiran(ctx, s, tx, kr, id, pesanID, *u); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, "UPDATE pengaduan SET state = $2, updated_at = $3 WHERE id = $1", id, to, now); err != nil {
			return fmt.Errorf("store: reply pengaduan %d: %w", id, err)
		}
		if p.HandlerEmail != "" {
			if m := mail(p); m != nil {
				if err := enqueue(ctx, tx, *m); err != nil {
					return err
				}
			}
		}
		return audit(ctx, tx, anonymous(actor, p.Anonim), AuditEntry{Action: "pengaduan.tanggapi", ObjectType: "pengaduan", ObjectID: id,
			Detail: map[string]any{"dari": p.State, "ke": to, "lampiran": u != nil}})
	})
}

// RevealPelapor returns the identity of a report's reporter to an admin, and records who asked and why in
// the audit log in the same transaction.
func (s *Store) RevealPelapor(ctx context.Context, kr *crypt.Keyring, id int64, reason string, actor Actor) (Pengaduan, error) {
	var p Pengaduan
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if p, err = loadPengaduan(ctx, tx, id, false); err != nil {
			return err
		}
		if err := readPelapor(ctx, tx, kr, &p); err != nil {
			return err
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "pengaduan.buka_identitas", ObjectType: "pengaduan", ObjectID: id,
			Detail: map[string]any{"alasan": reason, "anonim": p.Anonim}})
	})
	return p, err
}

// PengaduanOfDocument returns the report an attachment belongs to; ErrNotFound when it is not an attachment.
func (s *Store) PengaduanOfDocument(ctx context.Context, documentID int64) (int64, error) {
	var id int64
	err := s.Pool.QueryRow(ctx, "SELECT pengaduan_id FROM pengaduan_lampiran WHERE document_id = $1", documentID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("store: pengaduan of document: %w", err)
	}
	return id, nil
}

// ExportPengaduan returns every report for the CSV export, oldest first, and audits the export. Rahasia
// reports are left out; the identity of Anonim reporters is never read.
func (s *Store) ExportPengaduan(ctx context.Context, kr *crypt.Keyring, actor Actor) ([]Pengaduan, error) {
	var list []Pengaduan
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT "+pengaduanColumns+` FROM pengaduan g LEFT JOIN staff st ON st.id = g.handler_id
			WHERE NOT g.rahasia ORDER BY g.id LIMIT 10000`)
		if err != nil {
			return fmt.Errorf("store: export pengaduan: %w", err)
		}
		list, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Pengaduan, error) { return scanPengaduan(r) })
		if err != nil {
			return fmt.Errorf("store: export pengaduan: %w", err)
		}
		for i := range list {
			if !list[i].Anonim {
				if err := readPelapor(ctx, tx, kr, &list[i]); err != nil {
					return err
				}
			}
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "pengaduan.ekspor", ObjectType: "pengaduan",
			Detail: map[string]any{"jumlah": len(list)}})
	})
	return list, err
}

// ListPengaduanOfAkun returns the reports a registrator account sent that are neither Rahasia nor Anonim,
// newest first: Rahasia reports are in no listing but the handler's, and an Anonim one is not tied to the
// account where a later official could see it.
func (s *Store) ListPengaduanOfAkun(ctx context.Context, akunID int64) ([]PengaduanItem, error) {
	rows, err := s.Pool.Query(ctx, `SELECT g.id, g.reference, g.judul, g.kategori, g.state, g.created_at, g.updated_at
		FROM pengaduan g JOIN pengaduan_pelapor r ON r.pengaduan_id = g.id
		WHERE r.akun_id = $1 AND NOT g.rahasia AND NOT g.anonim ORDER BY g.id DESC LIMIT 200`, akunID)
	if err != nil {
		return nil, fmt.Errorf("store: list pengaduan of akun: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (PengaduanItem, error) {
		var it PengaduanItem
		var kat string
		err := r.Scan(&it.ID, &it.Reference, &it.Judul, &kat, &it.State, &it.CreatedAt, &it.UpdatedAt)
		it.Kategori = layanan.Kategori(kat)
		return it, err
	})
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
