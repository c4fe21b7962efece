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
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/survei"
)

const bimtekColumns = `b.id, coalesce(b.reference, ''), b.akun_id, b.pejabat_id, b.state, b.pelatihan, b.konsultasi,
	coalesce(b.versi, ''), b.peserta_pk, b.peserta_dk, b.topik_konsultasi, b.mode, b.usulan_mulai, b.usulan_selesai, b.catatan,
	b.narahubung_nama, b.narahubung_jabatan, b.narahubung_nip, b.narahubung_email, b.narahubung_phone,
	a.kategori, a.instansi_nama, a.reference, coalesce(p.nama, ''), coalesce(p.email, ''),
	coalesce(b.surat_document_id, 0), coalesce(b.kak_document_id, 0),
	b.jadwal_mulai, b.jadwal_selesai, coalesce(b.jadwal_mode, ''), coalesce(b.jadwal_tempat, ''), coalesce(b.jadwal_tautan, ''),
	coalesce(b.jadwal_catatan, ''), coalesce(b.reject_reason, ''), coalesce(st.nama, ''),
	b.created_at, b.updated_at, b.submitted_at, b.decided_at`

const bimtekFrom = ` FROM bimtek b JOIN akun a ON a.id = b.akun_id
	LEFT JOIN pejabat p ON p.akun_id = b.akun_id AND p.state = 'aktif'
	LEFT JOIN staff st ON st.id = b.handled_by`

func scanBimtek(row pgx.Row) (layanan.Bimtek, error) {
	var b layanan.Bimtek
	var versi, mode, jMode string
	var jMulai, jSelesai *time.Time
	var jTempat, jTautan, jCatatan string
	d := &b.Data
	err := row.Scan(&b.ID, &b.Reference, &b.AkunID, &b.PejabatID, &b.State, &d.Pelatihan, &d.Konsultasi,
		&versi, &d.PesertaPK, &d.PesertaDK, &d.TopikKonsultasi, &mode, &d.UsulanMulai, &d.UsulanSelesai, &d.Catatan,
		&d.Narahubung.Nama, &d.Narahubung.Jabatan, &d.Narahubung.NIP, &d.Narahubung.Email, &d.Narahubung.Phone,
		&b.Kategori, &b.InstansiNama, &b.AkunReference, &b.RegistratorNama, &b.RegistratorEmail,
		&b.SuratDocumentID, &b.KAKDocumentID,
		&jMulai, &jSelesai, &jMode, &jTempat, &jTautan, &jCatatan, &b.RejectReason, &b.HandlerNama,
		&b.CreatedAt, &b.UpdatedAt, &b.SubmittedAt, &b.DecidedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return b, ErrNotFound
	}
	if err != nil {
		return b, fmt.Errorf("store: bimtek: %w", err)
	}
	d.Versi, d.Mode = layanan.Versi(versi), layanan.Mode(mode)
	if jMulai != nil && jSelesai != nil {
		b.Jadwal = &layanan.Jadwal{Mulai: *jMulai, Selesai: *jSelesai, Mode: layanan.Mode(jMode), Tempat: jTempat,
			Tautan: jTautan, Catatan: jCatatan}
	}
	return b, nil
}

func nullVersi(v layanan.Versi) *string {
	if v == "" {
		return nil
	}
	s := string(v)
	return &s
}

// CreateBimtekDraft saves a valid request as a draft of the account, with its audit row, and returns its id.
func (s *Store) CreateBimtekDraft(ctx context.Context, akunID, pejabatID int64, d layanan.BimtekData, actor account.Actor, now time.Time) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		n := d.Narahubung
		err := tx.QueryRow(ctx, `INSERT INTO bimtek (akun_id, pejabat_id, state, pelatihan, konsultasi, versi, peserta_pk, peserta_dk,
				topik_konsultasi, mode, usulan_mulai, usulan_selesai, catatan, narahubung_nama, narahubung_jabatan, narahubung_nip,
				narahubung_email, narahubung_phone, created_at, updated_at)
			VALUES ($1, $2, 'draf', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18) RETURNING id`,
			akunID, pejabatID, d.Pelatihan, d.Konsultasi, nullVersi(d.Versi), d.PesertaPK, d.PesertaDK, d.TopikKonsultasi,
			string(d.Mode), d.UsulanMulai, d.UsulanSelesai, d.Catatan, n.Nama, n.Jabatan, n.NIP, n.Email, n.Phone, now).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: create bimtek: %w", err)
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "bimtek.buat_draf", ObjectType: "bimtek", ObjectID: id,
			Detail: map[string]any{"akun_id": akunID}})
	})
	return id, err
}

// lockBimtek locks a request FOR UPDATE and reads it. akunID scopes it to the registrator's account, so another
// account's request is ErrNotFound; with 0 (staff) a draft is ErrNotFound too, as it is still the registrator's
// own. It is the one way the store locks a request.
func lockBimtek(ctx context.Context, tx pgx.Tx, id, akunID int64) (layanan.Bimtek, error) {
	return scanBimtek(tx.QueryRow(ctx, "SELECT "+bimtekColumns+bimtekFrom+
		" WHERE b.id = $1 AND (($2 = 0 AND b.state <> 'draf') OR b.akun_id = $2) FOR UPDATE OF b", id, akunID))
}

// UpdateBimtekDraft replaces a draft's content. ErrNotFound for another account's request, ErrConflict once
// it has been submitted.
func (s *Store) UpdateBimtekDraft(ctx context.Context, id, akunID int64, d layanan.BimtekData, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		b, err := lockBimtek(ctx, tx, id, akunID)
		if err != nil {
			return err
		}
		if !b.State.Editable() {
			return ErrConflict
		}
		n := d.Narahubung
		_, err = tx.Exec(ctx, `UPDATE bimtek SET pelatihan = $2, konsultasi = $3, versi = $4, peserta_pk = $5, peserta_dk = $6,
				topik_konsultasi = $7, mode = $8, usulan_mulai = $9, usulan_selesai = $10, catatan = $11, narahubung_nama = $12,
				narahubung_jabatan = $13, narahubung_nip = $14, narahubung_email = $15, narahubung_phone = $16, updated_at = $17
			WHERE id = $1`, id, d.Pelatihan, d.Konsultasi, nullVersi(d.Versi), d.PesertaPK, d.PesertaDK, d.TopikKonsultasi,
			string(d.Mode), d.UsulanMulai, d.UsulanSelesai, d.Catatan, n.Nama, n.Jabatan, n.NIP, n.Email, n.Phone, now)
		if err != nil {
			return fmt.Errorf("store: update bimtek %d: %w", id, err)
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "bimtek.ubah_draf", ObjectType: "bimtek", ObjectID: id})
	})
}

// FindBimtekForAkun returns a request of the account; ErrNotFound for another account's request, so its
// existence is not confirmed.
func (s *Store) FindBimtekForAkun(ctx context.Context, id, akunID int64) (layanan.Bimtek, error) {
	return scanBimtek(s.Pool.QueryRow(ctx, "SELECT "+bimtekColumns+bimtekFrom+" WHERE b.id = $1 AND b.akun_id = $2", id, akunID))
}

// FindBimtek returns a submitted request for staff; drafts are the registrator's own and give ErrNotFound.
func (s *Store) FindBimtek(ctx context.Context, id int64) (layanan.Bimtek, error) {
	return scanBimtek(s.Pool.QueryRow(ctx, "SELECT "+bimtekColumns+bimtekFrom+" WHERE b.id = $1 AND b.state <> 'draf'", id))
}

// ListBimtekOfAkun returns the account's requests, drafts included, newest first.
func (s *Store) ListBimtekOfAkun(ctx context.Context, akunID int64) ([]layanan.Bimtek, error) {
	return one(ctx, s, func(r *Reads, out *[]layanan.Bimtek) { r.BimtekOfAkun(akunID, out) })
}

// AttachBimtekDocument stores one of a draft's documents, replacing the earlier upload for the same slot,
// with its audit row. A refused file returns an *UploadError and changes nothing; ErrNotFound for another
// account's request; ErrConflict once the request has been submitted.
func (s *Store) AttachBimtekDocument(ctx context.Context, id, akunID int64, slot layanan.BimtekSlot, u dokumen.Upload,
	actor account.Actor, now time.Time) error {
	col := map[layanan.BimtekSlot]string{layanan.BimtekSurat: "surat_document_id", layanan.BimtekKAK: "kak_document_id"}[slot]
	if col == "" {
		return fmt.Errorf("store: attach bimtek document: unknown slot %q", slot)
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		b, err := lockBimtek(ctx, tx, id, akunID)
		if err != nil {
			return err
		}
		if !b.State.Editable() {
			return ErrConflict
		}
		doc, err := s.PutDocument(ctx, tx, dokumen.Dokumen, u.Name, u.R, nil)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE bimtek SET "+col+" = $2, updated_at = $3 WHERE id = $1", id, doc.ID, now); err != nil {
			return fmt.Errorf("store: attach bimtek document: %w", err)
		}
		if old := b.DocumentID(slot); old != 0 {
			// The replaced upload belongs to nothing else.
			if _, err := tx.Exec(ctx, "DELETE FROM documents WHERE id = $1", old); err != nil {
				return fmt.Errorf("store: drop replaced bimtek document: %w", err)
			}
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "bimtek.unggah_dokumen", ObjectType: "bimtek", ObjectID: id,
			Detail: map[string]any{"jenis": string(slot), "dokumen_id": doc.ID}})
	})
}

// moveBimtek fires ev on a request in one transaction: the request is locked and read (akunID as for
// lockBimtek), layanan.CheckBimtek decides, apply gives the columns written with the state and brings b up
// to date with them, and transitionBimtek writes the move with its audit row and the letter written from
// the request as the move leaves it, to the registrator and the narahubung. A move the state no longer
// allows is ErrConflict (another staff member acted first).
func (s *Store) moveBimtek(ctx context.Context, id, akunID int64, ev layanan.BimtekEvent, letter func(mail.Recipient, layanan.Bimtek) mail.Message,
	apply func(tx pgx.Tx, b *layanan.Bimtek) (cols, error), actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		b, err := lockBimtek(ctx, tx, id, akunID)
		if err != nil {
			return err
		}
		role := layanan.BimtekRole(ev, actor)
		to, err := layanan.CheckBimtek(b, ev, role)
		if err != nil {
			return moveError(err)
		}
		from := b.State
		c, err := apply(tx, &b)
		if err != nil {
			return err
		}
		b.State = to
		mails := toBimtekParties(b, func(r mail.Recipient) mail.Message { return letter(r, b) })
		m := rowMove{role: role, actor: actor, cols: c.set("updated_at", now), mails: mails,
			detail: map[string]any{"dari": from, "ke": to, "akun_id": b.AkunID}}
		if akunID != 0 {
			m = m.within("akun_id", akunID)
		}
		return transitionBimtek(ctx, tx, id, ev, m)
	})
}

// toBimtekParties writes a letter to the registrator holding the account now and, when different, the
// narahubung.
func toBimtekParties(b layanan.Bimtek, write func(mail.Recipient) mail.Message) []mail.Message {
	var out []mail.Message
	if b.RegistratorEmail != "" {
		out = append(out, write(mail.Recipient{Email: b.RegistratorEmail, Nama: b.RegistratorNama}))
	}
	if n := b.Data.Narahubung; n.Email != "" && !strings.EqualFold(n.Email, b.RegistratorEmail) {
		out = append(out, write(mail.Recipient{Email: n.Email, Nama: n.Nama}))
	}
	return out
}

// SubmitBimtek submits a draft of the account: it gets its reference, the registrator and the narahubung
// get the confirmation email, and the audit row is written, in one transaction. ErrNotFound for another
// account's request, ErrConflict when it was already submitted, layanan.ErrBimtekDocumentsMissing without
// the documents.
func (s *Store) SubmitBimtek(ctx context.Context, id, akunID int64, actor account.Actor, now time.Time) error {
	return s.moveBimtek(ctx, id, akunID, layanan.EventAjukan, s.Letters.BimtekDiajukan, func(tx pgx.Tx, b *layanan.Bimtek) (cols, error) {
		// The number is drawn once the move is allowed, so a refused submission leaves no gap.
		err := tx.QueryRow(ctx, `SELECT 'BIMTEK-' || to_char($1::timestamptz AT TIME ZONE 'Asia/Jakarta', 'YYYY') || '-' ||
			lpad(nextval('bimtek_reference_seq')::text, 6, '0')`, now).Scan(&b.Reference)
		if err != nil {
			return cols{}, fmt.Errorf("store: submit bimtek %d: reference: %w", id, err)
		}
		b.SubmittedAt = &now
		return cols{}.set("reference", b.Reference).set("submitted_at", now), nil
	}, actor, now)
}

// ScheduleBimtek sets (or changes) the schedule of a submitted request, with the emails and the audit row.
// ErrNotFound for a draft or a missing request; ErrConflict when it is done or declined.
func (s *Store) ScheduleBimtek(ctx context.Context, id int64, j layanan.Jadwal, actor account.Actor, now time.Time) error {
	changed := false
	letter := func(to mail.Recipient, b layanan.Bimtek) mail.Message {
		return s.Letters.BimtekDijadwalkan(to, b, changed)
	}
	return s.moveBimtek(ctx, id, 0, layanan.EventJadwalkan, letter, func(_ pgx.Tx, b *layanan.Bimtek) (cols, error) {
		changed = b.Jadwal != nil
		b.Jadwal = &j
		return cols{}.set("jadwal_mulai", j.Mulai).set("jadwal_selesai", j.Selesai).set("jadwal_mode", string(j.Mode)).
			set("jadwal_tempat", j.Tempat).set("jadwal_tautan", j.Tautan).set("jadwal_catatan", j.Catatan).
			set("handled_by", staffRef(actor)), nil
	}, actor, now)
}

// FinishBimtek marks a scheduled request as done. ErrConflict unless it is scheduled.
func (s *Store) FinishBimtek(ctx context.Context, id int64, actor account.Actor, now time.Time) error {
	return s.moveBimtek(ctx, id, 0, layanan.EventSelesai, s.Letters.BimtekSelesai, func(tx pgx.Tx, b *layanan.Bimtek) (cols, error) {
		// Done ends the service: the registrator is invited to the survey (survei.go), before the last letter.
		if err := s.inviteSurvey(ctx, tx, survei.Bimtek, id, b.AkunID, mail.Recipient{Email: b.RegistratorEmail, Nama: b.RegistratorNama},
			b.Reference, false, now); err != nil {
			return cols{}, err
		}
		b.DecidedAt = &now
		return cols{}.set("decided_at", now).set("handled_by", staffRef(actor)), nil
	}, actor, now)
}

// DeclineBimtek declines a submitted or scheduled request with a reason. ErrConflict once done or declined.
func (s *Store) DeclineBimtek(ctx context.Context, id int64, reason string, actor account.Actor, now time.Time) error {
	letter := func(to mail.Recipient, b layanan.Bimtek) mail.Message { return s.Letters.BimtekDitolak(to, b, reason) }
	return s.moveBimtek(ctx, id, 0, layanan.EventTolak, letter, func(_ pgx.Tx, b *layanan.Bimtek) (cols, error) {
		b.RejectReason, b.DecidedAt = reason, &now
		return cols{}.set("reject_reason", reason).set("decided_at", now).set("handled_by", staffRef(actor)), nil
	}, actor, now)
}

func staffRef(a account.Actor) *int64 {
	if a.Kind != account.ActorStaf || a.ID == 0 {
		return nil
	}
	return &a.ID
}

// BimtekOfDocument returns the request and account a document belongs to; ErrNotFound when it is not a
// bimtek document.
func (s *Store) BimtekOfDocument(ctx context.Context, documentID int64) (bimtekID, akunID int64, err error) {
	err = s.Pool.QueryRow(ctx, "SELECT id, akun_id FROM bimtek WHERE surat_document_id = $1 OR kak_document_id = $1",
		documentID).Scan(&bimtekID, &akunID)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, 0, ErrNotFound
	}
	if err != nil {
		return 0, 0, fmt.Errorf("store: bimtek of document: %w", err)
	}
	return bimtekID, akunID, nil
}
