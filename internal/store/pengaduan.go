package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/survei"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// ErrPermohonanUnknown is returned by CreatePengaduan when the permohonan a registrator names is not one of
// its account's.
var ErrPermohonanUnknown = validate.Refusal("Pilih salah satu permohonan instansi Anda, atau kosongkan.")

// pelaporAAD binds the encrypted identity to its report.
func pelaporAAD(id int64) []byte { return []byte("pengaduan_pelapor:" + strconv.FormatInt(id, 10)) }

// sealedPelapor is what is kept encrypted of a reporter: who they said they are and, for an Anonim report
// sent by a signed-in registrator, the account, official and permohonan it came from. Kept in the open
// (pengaduan_pelapor's columns, which hold them only for a report that is not Anonim), those would name an
// Anonim reporter to anyone who reads the database; sealed, they are read only when two admins open the
// identity (pengaduan_identitas).
type sealedPelapor struct {
	layanan.Pelapor
	AkunID       int64 `json:"akun_id,omitempty"`
	PejabatID    int64 `json:"pejabat_id,omitempty"`
	PermohonanID int64 `json:"permohonan_id,omitempty"`
}

// anonymous strips what would identify an Anonim reporter from an audit actor: the account and the IP.
func anonymous(a account.Actor, anonim bool) account.Actor {
	if !anonim {
		return a
	}
	return account.Actor{Kind: account.ActorPublik}
}

// CreatePengaduan stores a report in one transaction: the report, the reporter's identity encrypted in its
// own table, the attachment (an *UploadError for a refused file, and then nothing is stored), the email
// with the tracking code (n.TrackingCode) when the reporter gave an address, and the audit row (which for an
// Anonim report names neither account nor IP). It returns the report's id and reference.
func (s *Store) CreatePengaduan(ctx context.Context, n layanan.NewPengaduan, lampiran *dokumen.Upload, actor account.Actor, now time.Time) (int64, string, error) {
	var id int64
	var ref string
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		r := n.Laporan
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
		sealed, akunID, pejabatID, permohonanID := sealedPelapor{Pelapor: r.Pelapor}, n.AkunID, n.PejabatID, n.PermohonanID
		if r.Anonim {
			sealed.AkunID, sealed.PejabatID, sealed.PermohonanID = n.AkunID, n.PejabatID, n.PermohonanID
			akunID, pejabatID, permohonanID = 0, 0, 0
		}
		keyID, enc, err := s.sealPelapor(id, sealed)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO pengaduan_pelapor (pengaduan_id, identity_enc, key_id, akun_id, pejabat_id, permohonan_id)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, enc, keyID, nullID(akunID), nullID(pejabatID), nullID(permohonanID))
		if err != nil {
			return fmt.Errorf("store: insert pelapor: %w", err)
		}
		if lampiran != nil {
			if err := s.attachLampiran(ctx, tx, id, 0, *lampiran); err != nil {
				return err
			}
		}
		if who := r.Pelapor; who.Email != "" {
			to := mail.Recipient{Email: who.Email, Nama: who.Nama}
			m := s.Letters.PengaduanDiterima(to, ref, n.TrackingCode)
			m.Rahasia = r.Anonim
			if err := enqueue(ctx, tx, m); err != nil {
				return err
			}
		}
		return audit(ctx, tx, anonymous(actor, r.Anonim), AuditEntry{Action: "pengaduan.kirim", ObjectType: "pengaduan", ObjectID: id,
			Detail: map[string]any{"kategori": string(r.Kategori), "anonim": r.Anonim, "rahasia": r.Rahasia, "lampiran": lampiran != nil}})
	})
	return id, ref, err
}

func (s *Store) sealPelapor(id int64, who sealedPelapor) (string, []byte, error) {
	plain, err := json.Marshal(who)
	if err != nil {
		return "", nil, fmt.Errorf("store: encode pelapor: %w", err)
	}
	keyID, enc, err := s.Keys.Seal(plain, pelaporAAD(id))
	if err != nil {
		return "", nil, fmt.Errorf("store: encrypt pelapor: %w", err)
	}
	return keyID, enc, nil
}

// sealAnonimLinks moves the account, official and permohonan of Anonim reports sent before they were sealed
// with the identity (sealedPelapor) into it, and clears them from the open columns: one report per
// transaction, so a failure leaves the others done and the next run continues.
func (s *Store) sealAnonimLinks(ctx context.Context) (int64, error) {
	rows, err := s.Pool.Query(ctx, `SELECT r.pengaduan_id FROM pengaduan_pelapor r JOIN pengaduan g ON g.id = r.pengaduan_id
		WHERE g.anonim AND r.akun_id IS NOT NULL ORDER BY r.pengaduan_id LIMIT 1000`)
	if err != nil {
		return 0, fmt.Errorf("store: seal anonim links: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, fmt.Errorf("store: seal anonim links: %w", err)
	}
	var n int64
	for _, id := range ids {
		moved := false
		err := s.inTx(ctx, func(tx pgx.Tx) error {
			var enc []byte
			var keyID string
			var akunID, pejabatID int64
			var permohonanID *int64
			err := tx.QueryRow(ctx, `SELECT identity_enc, key_id, akun_id, pejabat_id, permohonan_id FROM pengaduan_pelapor
				WHERE pengaduan_id = $1 AND akun_id IS NOT NULL FOR UPDATE`, id).Scan(&enc, &keyID, &akunID, &pejabatID, &permohonanID)
			if errors.Is(err, pgx.ErrNoRows) {
				return nil
			}
			if err != nil {
				return err
			}
			who, err := s.openSealedPelapor(id, keyID, enc)
			if err != nil {
				return err
			}
			who.AkunID, who.PejabatID = akunID, pejabatID
			if permohonanID != nil {
				who.PermohonanID = *permohonanID
			}
			keyID, enc, err = s.sealPelapor(id, who)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE pengaduan_pelapor SET identity_enc = $2, key_id = $3, akun_id = NULL, pejabat_id = NULL,
				permohonan_id = NULL WHERE pengaduan_id = $1`, id, enc, keyID); err != nil {
				return err
			}
			moved = true
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("store: seal anonim links: %w", err)
		}
		if moved {
			n++
		}
	}
	return n, nil
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func (s *Store) attachLampiran(ctx context.Context, tx pgx.Tx, pengaduanID, pesanID int64, u dokumen.Upload) error {
	doc, err := s.PutDocument(ctx, tx, dokumen.Lampiran, u.Name, u.R, nil)
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

// pengaduanError turns a refused move on a report into the store's sentinels: a report the staff member may
// not act on does not exist for them (ErrNotFound), as PengaduanForStaff answers.
func pengaduanError(err error) error {
	if errors.Is(err, layanan.ErrNotHandler) {
		return ErrNotFound
	}
	return moveError(err)
}

// ActOnPengaduan applies a staff event (jawab, minta_informasi, tutup) with its message in one transaction:
// v.Check decides (ErrNotFound when v may not act on the report, ErrConflict when its state no longer allows
// the event), transitionPengaduan writes the state with the handler (the first staff member to act takes the
// report up), the audit row and the email with text to the reporter when they gave an address (their
// identity is never shown), and the message is added.
func (s *Store) ActOnPengaduan(ctx context.Context, id int64, event layanan.PengaduanEvent, text string, v layanan.Viewer,
	actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		p, err := loadPengaduan(ctx, tx, id, true)
		if err != nil {
			return err
		}
		to, err := v.Check(p, event)
		if err != nil {
			return pengaduanError(err)
		}
		from := p.State
		p.State = to
		who := p
		if err := s.readPelapor(ctx, tx, &who); err != nil {
			return err
		}
		var mails []mail.Message
		if r := who.Pelapor; r.Email != "" {
			m := s.toPelapor(mail.Recipient{Email: r.Email, Nama: r.Nama}, event, p.Reference, text)
			m.Rahasia = p.Anonim
			mails = append(mails, m)
		}
		// The first staff member to act takes the report up, and so does the next one when its handler left.
		c := cols{}.expr("handler_id", "CASE WHEN EXISTS (SELECT 1 FROM staff h WHERE h.id = handler_id AND h.active) THEN handler_id ELSE ? END",
			actor.ID).set("updated_at", now)
		if to == layanan.PengaduanDitutup {
			c = c.set("closed_at", now)
			// Closing ends the service: the reporter is invited to the survey (survei.go), by email when they gave
			// one, else on the report's status page.
			if err := s.inviteSurvey(ctx, tx, survei.Pengaduan, id, 0, mail.Recipient{Email: who.Pelapor.Email, Nama: who.Pelapor.Nama},
				p.Reference, p.Anonim, now); err != nil {
				return err
			}
		}
		err = transitionPengaduan(ctx, tx, id, event, rowMove{role: v.Role(event), actor: actor, cols: c, mails: mails,
			detail: map[string]any{"dari": from, "ke": to}})
		if err != nil || text == "" {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO pengaduan_pesan (pengaduan_id, jenis, staff_id, isi, created_at) VALUES ($1, $2, $3, $4, $5)`,
			id, event.PesanJenis(), actor.ID, text, now); err != nil {
			return fmt.Errorf("store: act on pengaduan %d: message: %w", id, err)
		}
		return nil
	})
}

// toPelapor is the letter of a staff event to the reporter: the answer, the question or the closing note text.
func (s *Store) toPelapor(to mail.Recipient, event layanan.PengaduanEvent, reference, text string) mail.Message {
	switch event {
	case layanan.EventJawab:
		return s.Letters.PengaduanDijawab(to, reference, text)
	case layanan.EventMintaInformasi:
		return s.Letters.PengaduanPerluInformasi(to, reference, text)
	}
	return s.Letters.PengaduanDitutup(to, reference, text)
}

// ReplyPengaduan adds the reply of whoever holds the report's tracking code (layanan.ReporterViewer), with an
// optional attachment, to a report that was answered or waits for information, in one transaction: the
// message, the state back to waiting for staff, an email to the handler, and the audit row (without account
// or IP for an Anonim report). ErrConflict when the report does not take replies now; an *UploadError for a
// refused attachment (nothing stored).
func (s *Store) ReplyPengaduan(ctx context.Context, id int64, text string, u *dokumen.Upload, actor account.Actor, now time.Time) error {
	v, ev := layanan.ReporterViewer(actor), layanan.EventTanggapi
	return s.inTx(ctx, func(tx pgx.Tx) error {
		p, err := loadPengaduan(ctx, tx, id, true)
		if err != nil {
			return err
		}
		to, err := v.Check(p, ev)
		if err != nil {
			return pengaduanError(err)
		}
		var pesanID int64
		if err := tx.QueryRow(ctx, `INSERT INTO pengaduan_pesan (pengaduan_id, jenis, isi, created_at) VALUES ($1, $2, $3, $4)
			RETURNING id`, id, ev.PesanJenis(), text, now).Scan(&pesanID); err != nil {
			return fmt.Errorf("store: reply pengaduan %d: %w", id, err)
		}
		if u != nil {
			if err := s.attachLampiran(ctx, tx, id, pesanID, *u); err != nil {
				return err
			}
		}
		var mails []mail.Message
		if p.HandlerEmail != "" {
			mails = append(mails, s.Letters.PengaduanDitanggapi(mail.Recipient{Email: p.HandlerEmail, Nama: p.HandlerNama}, p))
		}
		return transitionPengaduan(ctx, tx, id, ev, rowMove{role: v.Role(ev), actor: anonymous(actor, p.Anonim),
			cols: cols{}.set("updated_at", now), mails: mails, detail: map[string]any{"dari": p.State, "ke": to, "lampiran": u != nil}})
	})
}
