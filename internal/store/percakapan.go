package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/percakapan"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Percakapan (internal/percakapan): one thread per permohonan or bimtek between the pemohon and Bappenas. A
// message, its attachment, its audit row and the email to the other side commit together.

// ErrPercakapanTutup refuses a message on a service that has not been submitted yet.
var ErrPercakapanTutup error = validate.Refusal("Percakapan dibuka setelah permohonan diajukan.")

// Pesan is one message of a thread.
type Pesan struct {
	ID        int64
	Pihak     percakapan.Pihak
	StaffNama string // the staff member who wrote it; pages for the pemohon show the institution instead
	Isi       string
	At        time.Time
	Lampiran  []dokumen.Document
}

// Thread is a thread with what pages show of its service.
type Thread struct {
	ID           int64 // 0 while no message has been written
	Jenis        percakapan.Jenis
	SubjekID     int64
	AkunID       int64
	Reference    string
	InstansiNama string
	Open         bool
	Pesan        []Pesan
}

// subjek is the service a thread is about, locked when tx is used to write.
type subjek struct {
	akunID     int64
	reference  string
	instansi   string
	open       bool
	assigneeID *int64 // who works it now, told of the pemohon's messages
}

func findSubjek(ctx context.Context, db q, j percakapan.Jenis, id, akunID int64, lock bool) (subjek, error) {
	var s subjek
	var state string
	var err error
	suffix := ""
	if lock {
		suffix = " FOR UPDATE OF x"
	}
	switch j {
	case percakapan.Permohonan:
		err = db.QueryRow(ctx, `SELECT x.akun_id, x.reference, a.instansi_nama, x.state, x.assignee_id FROM permohonan x JOIN akun a ON a.id = x.akun_id
			WHERE x.id = $1 AND ($2 = 0 OR x.akun_id = $2)`+suffix, id, akunID).Scan(&s.akunID, &s.reference, &s.instansi, &state, &s.assigneeID)
		s.open = percakapan.OpenPermohonan(request.State(state))
	case percakapan.Bimtek:
		err = db.QueryRow(ctx, `SELECT x.akun_id, coalesce(x.reference, ''), a.instansi_nama, x.state, x.handled_by FROM bimtek x JOIN akun a ON a.id = x.akun_id
			WHERE x.id = $1 AND ($2 = 0 OR x.akun_id = $2)`+suffix, id, akunID).Scan(&s.akunID, &s.reference, &s.instansi, &state, &s.assigneeID)
		s.open = percakapan.OpenBimtek(layanan.BimtekState(state))
	default:
		return s, ErrNotFound
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return s, ErrNotFound
	}
	if err != nil {
		return s, fmt.Errorf("store: percakapan subject: %w", err)
	}
	return s, nil
}

func subjekCol(j percakapan.Jenis) string {
	if j == percakapan.Bimtek {
		return "bimtek_id"
	}
	return "permohonan_id"
}

// FindThread returns the thread of a service, akunID scoping it to the registrator's account (0 for staff).
// ErrNotFound for another account's service.
func (s *Store) FindThread(ctx context.Context, j percakapan.Jenis, id, akunID int64) (Thread, error) {
	sj, err := findSubjek(ctx, s.Pool, j, id, akunID, false)
	if err != nil {
		return Thread{}, err
	}
	t := Thread{Jenis: j, SubjekID: id, AkunID: sj.akunID, Reference: sj.reference, InstansiNama: sj.instansi, Open: sj.open}
	err = s.Pool.QueryRow(ctx, "SELECT id FROM percakapan WHERE "+subjekCol(j)+" = $1", id).Scan(&t.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return t, nil
	}
	if err != nil {
		return t, fmt.Errorf("store: thread: %w", err)
	}
	rows, err := s.Pool.Query(ctx, `SELECT m.id, m.pihak, coalesce(st.nama, ''), m.isi, m.created_at,
			coalesce((SELECT json_agg(json_build_object('id', d.id, 'name', d.original_name, 'type', d.content_type, 'size', d.size_bytes) ORDER BY d.id)
				FROM percakapan_lampiran l JOIN documents d ON d.id = l.document_id WHERE l.pesan_id = m.id), '[]')
		FROM percakapan_pesan m LEFT JOIN staff st ON st.id = m.staff_id WHERE m.percakapan_id = $1 ORDER BY m.id`, t.ID)
	if err != nil {
		return t, fmt.Errorf("store: thread messages: %w", err)
	}
	t.Pesan, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Pesan, error) {
		var p Pesan
		var att []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
			Type string `json:"type"`
			Size int64  `json:"size"`
		}
		err := row.Scan(&p.ID, &p.Pihak, &p.StaffNama, &p.Isi, &p.At, &att)
		for _, a := range att {
			p.Lampiran = append(p.Lampiran, dokumen.Document{ID: a.ID, Kind: dokumen.Lampiran, OriginalName: a.Name, ContentType: a.Type, Size: a.Size})
		}
		return p, err
	})
	if err != nil {
		return t, fmt.Errorf("store: thread messages: %w", err)
	}
	return t, nil
}

// NewPesan is a message being sent, with at most one attachment.
type NewPesan struct {
	Isi      string
	Lampiran *dokumen.Upload
}

// SendPesan adds a message to the thread of a service (making the thread on the first one) and emails the
// other side: the registrator of the account for a staff message; for the pemohon's, the staff member who
// works the service now, or else the last who wrote in the thread. akunID scopes a registrator to their
// account (0 for staff). ErrNotFound for another account's service, ErrPercakapanTutup before submission, and
// *dokumen.UploadError for a refused attachment.
func (s *Store) SendPesan(ctx context.Context, j percakapan.Jenis, id, akunID int64, m NewPesan, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		sj, err := findSubjek(ctx, tx, j, id, akunID, true)
		if err != nil {
			return err
		}
		if !sj.open {
			return ErrPercakapanTutup
		}
		var thread int64
		err = tx.QueryRow(ctx, `INSERT INTO percakapan (`+subjekCol(j)+`, akun_id, created_at, terakhir_at) VALUES ($1, $2, $3, $3)
			ON CONFLICT (`+subjekCol(j)+`) DO UPDATE SET terakhir_at = $3 RETURNING id`, id, sj.akunID, now).Scan(&thread)
		if err != nil {
			return fmt.Errorf("store: thread: %w", err)
		}
		pihak, pejabat, staff := percakapan.Bappenas, any(nil), any(actor.ID)
		if actor.Kind == account.ActorRegistrator {
			pihak, pejabat, staff = percakapan.Pemohon, actor.ID, nil
		}
		var pesan int64
		if err := tx.QueryRow(ctx, `INSERT INTO percakapan_pesan (percakapan_id, pihak, pejabat_id, staff_id, isi, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, thread, pihak, pejabat, staff, m.Isi, now).Scan(&pesan); err != nil {
			return fmt.Errorf("store: message: %w", err)
		}
		if m.Lampiran != nil {
			d, err := s.PutDocument(ctx, tx, dokumen.Lampiran, m.Lampiran.Name, m.Lampiran.R, nil)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "INSERT INTO percakapan_lampiran (document_id, pesan_id) VALUES ($1, $2)", d.ID, pesan); err != nil {
				return fmt.Errorf("store: message attachment: %w", err)
			}
		}
		// What one writes, one has read.
		if pihak == percakapan.Bappenas {
			if err := markStaffRead(ctx, tx, thread, actor.ID); err != nil {
				return err
			}
		} else if _, err := tx.Exec(ctx, "UPDATE percakapan SET dibaca_pemohon = (SELECT max(id) FROM percakapan_pesan WHERE percakapan_id = $1) WHERE id = $1", thread); err != nil {
			return fmt.Errorf("store: thread read: %w", err)
		}
		mails, err := s.pesanMails(ctx, tx, j, id, thread, sj, pihak)
		if err != nil {
			return err
		}
		for _, msg := range mails {
			if err := enqueue(ctx, tx, msg); err != nil {
				return err
			}
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "percakapan.kirim", ObjectType: string(j), ObjectID: id,
			Detail: map[string]any{"pesan_id": pesan, "lampiran": m.Lampiran != nil}})
	})
}

// pesanMails are the emails telling the other side a message waits: never its text, which stays in the portal.
func (s *Store) pesanMails(ctx context.Context, tx pgx.Tx, j percakapan.Jenis, id, thread int64, sj subjek, from percakapan.Pihak) ([]mail.Message, error) {
	ref := request.Ref{ID: id, Reference: sj.reference, InstansiNama: sj.instansi}
	if from == percakapan.Bappenas {
		return toRegistrator(ctx, tx, sj.akunID, func(to mail.Recipient) mail.Message {
			return s.Letters.PesanBaruPemohon(to, j, ref)
		})
	}
	var to mail.Recipient
	err := tx.QueryRow(ctx, `SELECT email, nama FROM staff WHERE active AND id = coalesce($1,
			(SELECT staff_id FROM percakapan_pesan WHERE percakapan_id = $2 AND pihak = 'bappenas' ORDER BY id DESC LIMIT 1))`,
		sj.assigneeID, thread).Scan(&to.Email, &to.Nama)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil // nobody holds it: the message waits in every taker's Percakapan list
	}
	if err != nil {
		return nil, fmt.Errorf("store: message recipient: %w", err)
	}
	return []mail.Message{s.Letters.PesanBaruPetugas(to, j, ref)}, nil
}

func markStaffRead(ctx context.Context, tx pgx.Tx, thread, staffID int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO percakapan_baca (percakapan_id, staff_id, pesan_id)
		SELECT $1, $2, coalesce(max(id), 0) FROM percakapan_pesan WHERE percakapan_id = $1
		ON CONFLICT (percakapan_id, staff_id) DO UPDATE SET pesan_id = greatest(percakapan_baca.pesan_id, EXCLUDED.pesan_id)`, thread, staffID)
	if err != nil {
		return fmt.Errorf("store: thread read: %w", err)
	}
	return nil
}

// MarkThreadRead records that the reader has seen every message of a thread: the pemohon's side when
// staffID is 0.
func (s *Store) MarkThreadRead(ctx context.Context, thread, staffID int64) error {
	if thread == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if staffID != 0 {
			return markStaffRead(ctx, tx, thread, staffID)
		}
		_, err := tx.Exec(ctx, "UPDATE percakapan SET dibaca_pemohon = (SELECT coalesce(max(id), 0) FROM percakapan_pesan WHERE percakapan_id = $1) WHERE id = $1", thread)
		if err != nil {
			return fmt.Errorf("store: thread read: %w", err)
		}
		return nil
	})
}

// UnreadForAkun counts, per service ("permohonan:12", "bimtek:3"), the Bappenas messages an account has not
// read.
func (s *Store) UnreadForAkun(ctx context.Context, akunID int64) (map[string]int, error) {
	return one(ctx, s, func(r *Reads, out *map[string]int) { r.UnreadForAkun(akunID, out) })
}

// InboxItem is a thread in a staff member's list.
type InboxItem struct {
	Jenis        percakapan.Jenis
	SubjekID     int64
	Reference    string
	InstansiNama string
	Terakhir     time.Time
	Unread       int
	Mine         bool // the service is assigned to this staff member, or they wrote in the thread
}

// StaffInbox returns the threads of the kinds a staff member takes part in, with what they have not read,
// the unread and their own first, then the newest.
func (s *Store) StaffInbox(ctx context.Context, staffID int64, roles []account.Role) ([]InboxItem, error) {
	var kinds []string
	for _, j := range []percakapan.Jenis{percakapan.Permohonan, percakapan.Bimtek} {
		if percakapan.StaffMay(j, roles) {
			kinds = append(kinds, string(j))
		}
	}
	rows, err := s.Pool.Query(ctx, `SELECT * FROM (SELECT x.jenis, x.subjek, x.reference, a.instansi_nama, c.terakhir_at,
			(SELECT count(*)::int FROM percakapan_pesan m WHERE m.percakapan_id = c.id AND m.pihak = 'pemohon'
				AND m.id > coalesce((SELECT pesan_id FROM percakapan_baca b WHERE b.percakapan_id = c.id AND b.staff_id = $1), 0)) AS unread,
			coalesce(x.assignee = $1, false) OR EXISTS (SELECT 1 FROM percakapan_pesan m WHERE m.percakapan_id = c.id AND m.staff_id = $1) AS mine
		FROM percakapan c JOIN akun a ON a.id = c.akun_id
		CROSS JOIN LATERAL (
			SELECT 'permohonan' AS jenis, p.id AS subjek, p.reference, p.assignee_id AS assignee FROM permohonan p WHERE p.id = c.permohonan_id
			UNION ALL
			SELECT 'bimtek', b.id, coalesce(b.reference, ''), b.handled_by FROM bimtek b WHERE b.id = c.bimtek_id) x
		WHERE x.jenis = ANY($2)) t
		ORDER BY unread > 0 DESC, mine DESC, terakhir_at DESC LIMIT 200`, staffID, kinds)
	if err != nil {
		return nil, fmt.Errorf("store: inbox: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[InboxItem])
	if err != nil {
		return nil, fmt.Errorf("store: inbox: %w", err)
	}
	return list, nil
}

// ThreadDocument returns an attachment of a service's thread. ErrNotFound for a document of another thread.
func (s *Store) ThreadDocument(ctx context.Context, j percakapan.Jenis, id, documentID int64) (dokumen.Document, error) {
	var ok bool
	err := s.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM percakapan_lampiran l JOIN percakapan_pesan m ON m.id = l.pesan_id
		JOIN percakapan c ON c.id = m.percakapan_id WHERE l.document_id = $1 AND c.`+subjekCol(j)+` = $2)`, documentID, id).Scan(&ok)
	if err != nil {
		return dokumen.Document{}, fmt.Errorf("store: thread document: %w", err)
	}
	if !ok {
		return dokumen.Document{}, ErrNotFound
	}
	return s.FindDocument(ctx, documentID)
}
