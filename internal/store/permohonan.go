package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/kak"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// ErrNotEditable is returned when a permohonan's content is changed outside draft or perlu perbaikan.
var ErrNotEditable error = validate.Refusal("Permohonan ini sudah diajukan dan tidak dapat diubah sampai dikembalikan untuk perbaikan.")

// CreatePermohonan starts a draft for an account and records it on the timeline.
func (s *Store) CreatePermohonan(ctx context.Context, akunID int64, parentID *int64, actor account.Actor, now time.Time) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var h request.Header
		if parentID != nil {
			var state string
			err := tx.QueryRow(ctx, `SELECT state, cakupan_wilayah, narahubung_nama, narahubung_jabatan, narahubung_nip,
				narahubung_email, narahubung_phone, forum_satu_data FROM permohonan WHERE id = $1 AND akun_id = $2`, *parentID, akunID).
				Scan(&state, &h.Cakupan, &h.NarahubungNama, &h.NarahubungJabatan, &h.NarahubungNIP, &h.NarahubungEmail,
					&h.NarahubungPhone, &h.ForumSatuData)
			if err == pgx.ErrNoRows {
				return ErrNotFound
			}
			if err != nil {
				return fmt.Errorf("store: perubahan: %w", err)
			}
			// A perubahan extends access already given (§3.2.5 f).
			if request.State(state) != request.AksesDiberikan {
				return ErrConflict
			}
		}
		err := tx.QueryRow(ctx, `INSERT INTO permohonan (akun_id, reference, parent_id, state, cakupan_wilayah, narahubung_nama,
				narahubung_jabatan, narahubung_nip, narahubung_email, narahubung_phone, forum_satu_data, header_saved, created_at, updated_at)
			VALUES ($1, 'PHA-' || to_char($3::timestamptz AT TIME ZONE 'Asia/Jakarta', 'YYYY') || '-' || lpad(nextval('permohonan_reference_seq')::text, 6, '0'),
			        $2, 'draft', $4, $5, $6, $7, $8, $9, $10, $11, $3, $3) RETURNING id`,
			akunID, parentID, now, h.Cakupan, h.NarahubungNama, h.NarahubungJabatan, h.NarahubungNIP, h.NarahubungEmail,
			h.NarahubungPhone, h.ForumSatuData, parentID != nil).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: create permohonan: %w", err)
		}
		event := "buat"
		if parentID != nil {
			event = "buat_perubahan"
		}
		if err := addEvent(ctx, tx, id, event, request.Draft, request.Draft, actor, account.RoleRegistrator, eventNotes{}, nil, now); err != nil {
			return err
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "permohonan." + event, ObjectType: "permohonan", ObjectID: id})
	})
	return id, err
}

// ListPermohonan returns an account's permohonan, newest first.
func (s *Store) ListPermohonan(ctx context.Context, akunID int64) ([]request.PermohonanSummary, error) {
	rows, err := s.Pool.Query(ctx, `SELECT p.id, p.reference, p.state, p.parent_id,
			(SELECT count(*) FROM permohonan_rows r WHERE r.permohonan_id = p.id AND r.is_new),
			coalesce((SELECT max(CASE r.jenis_data WHEN 'bnba' THEN 4 WHEN 'mikro' THEN 3 WHEN 'agregat_terpilah' THEN 2 ELSE 0 END)
				FROM permohonan_rows r WHERE r.permohonan_id = p.id), 0),
			p.created_at, p.submitted_at
		FROM permohonan p WHERE p.akun_id = $1 ORDER BY p.id DESC`, akunID)
	if err != nil {
		return nil, fmt.Errorf("store: list permohonan: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[request.PermohonanSummary])
	if err != nil {
		return nil, fmt.Errorf("store: list permohonan: %w", err)
	}
	return list, nil
}

// q is what reads take: the pool or a transaction.
type q interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// FindPermohonan loads a permohonan with its rows and documents in three queries, whatever the number of
// rows. akunID scopes the look-up to one account (0 for staff, who may see every permohonan): another
// account's permohonan is ErrNotFound, so its existence is not revealed.
func (s *Store) FindPermohonan(ctx context.Context, id, akunID int64) (request.Permohonan, error) {
	return findPermohonan(ctx, s.Pool, id, akunID, false)
}

func findPermohonan(ctx context.Context, db q, id, akunID int64, lock bool) (request.Permohonan, error) {
	var p request.Permohonan
	b := &pgx.Batch{}
	queuePermohonan(b, id, akunID, lock, &p)
	err := db.SendBatch(ctx, b).Close()
	return p, err
}

// queuePermohonan queues the four statements of a permohonan: itself (ErrNotFound when it is not there or
// not the account's), its rows, its documents and its operators' training evidence. They go in one round
// trip; the later three find nothing to read for a permohonan the first did not find.
func queuePermohonan(b *pgx.Batch, id, akunID int64, lock bool, p *request.Permohonan) {
	sql := `SELECT p.id, p.akun_id, p.reference, p.parent_id, coalesce(pp.reference, ''), p.state, p.cakupan_wilayah,
			p.narahubung_nama, p.narahubung_jabatan, p.narahubung_nip, p.narahubung_email, p.narahubung_phone, p.forum_satu_data,
			p.header_saved, p.submitted_at, coalesce(p.withdraw_reason, ''), p.created_at, p.updated_at,
			a.kategori, a.instansi_kode, a.instansi_nama, coalesce(p.assignee_id, 0), coalesce(p.teknis_by, 0), coalesce(p.substansi_by, 0), p.enam_bulan,
			coalesce(p.end_reason, ''),
			(SELECT count(*) FROM rekomendasi r JOIN staff d ON d.id = r.direktur_id
				WHERE r.permohonan_id = p.id AND (r.answered_at IS NOT NULL OR d.active)),
			(SELECT count(*) FROM rekomendasi r WHERE r.permohonan_id = p.id AND r.answered_at IS NOT NULL),
			EXISTS (SELECT 1 FROM usulan_perjanjian u WHERE u.permohonan_id = p.id AND u.state = 'diajukan'),
			p.due_at, extract(epoch FROM p.sla_remaining)::float8
		FROM permohonan p JOIN akun a ON a.id = p.akun_id LEFT JOIN permohonan pp ON pp.id = p.parent_id
		WHERE p.id = $1 AND ($2 = 0 OR p.akun_id = $2)`
	if lock {
		sql += " FOR UPDATE OF p"
	}
	b.Queue(sql, id, akunID).QueryRow(func(row pgx.Row) error {
		var remaining *float64
		err := row.Scan(&p.ID, &p.AkunID, &p.Reference, &p.ParentID, &p.ParentRef, &p.State,
			&p.Header.Cakupan, &p.Header.NarahubungNama, &p.Header.NarahubungJabatan, &p.Header.NarahubungNIP,
			&p.Header.NarahubungEmail, &p.Header.NarahubungPhone, &p.Header.ForumSatuData, &p.HeaderSaved, &p.SubmittedAt,
			&p.WithdrawReason, &p.CreatedAt, &p.UpdatedAt, &p.Kategori, &p.InstansiKode, &p.InstansiNama, &p.AssigneeID, &p.TeknisBy, &p.SubstansiBy,
			&p.EnamBulan, &p.EndReason, &p.RekomDiminta, &p.RekomDijawab, &p.UsulanOpen, &p.DueAt, &remaining)
		if err == pgx.ErrNoRows {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: find permohonan: %w", err)
		}
		if remaining != nil {
			d := time.Duration(*remaining * float64(time.Second))
			p.SLARemaining = &d
		}
		return nil
	})
	queueRead(b, &p.Rows, collect[request.Row]("permohonan rows"),
		`SELECT `+rowColumnsR+` FROM permohonan_rows r WHERE r.permohonan_id = $1 ORDER BY r.id`, id)
	b.Queue(`SELECT pd.kind, d.id, d.kind, d.original_name, d.content_type, d.size_bytes, d.sha256, d.created_at,
			kb.terbaca, kb.komponen
		FROM permohonan_documents pd JOIN documents d ON d.id = pd.document_id LEFT JOIN kak_bacaan kb ON kb.document_id = d.id
		WHERE pd.permohonan_id = $1`, id).Query(func(rows pgx.Rows) error {
		p.Docs = map[request.DocKind]dokumen.Document{}
		for rows.Next() {
			var kind request.DocKind
			var d dokumen.Document
			var terbaca *bool
			var komponen []string
			if err := rows.Scan(&kind, &d.ID, &d.Kind, &d.OriginalName, &d.ContentType, &d.Size, &d.SHA256, &d.CreatedAt,
				&terbaca, &komponen); err != nil {
				return fmt.Errorf("store: permohonan documents: %w", err)
			}
			p.Docs[kind] = d
			if kind == request.DocKAK && terbaca != nil {
				p.KAKBacaan = &request.KAKBacaan{Terbaca: *terbaca, Komponen: komponen}
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: permohonan documents: %w", err)
		}
		return nil
	})
	queueRead(b, &p.Pelatihan, readPelatihan, pelatihanSQL, id)
}

// rowColumnsR is rowColumns("r"), for statements written as constants.
var rowColumnsR = rowColumns("r")

// rowColumns are a permohonan row's columns in request.Row's order, read from the table under alias; dates
// and months come as the form sends them.
func rowColumns(alias string) string {
	a := alias + "."
	return a + "id, " + a + "pengguna_jenis, " + a + "pengguna, " + a + "pengguna_wilayah, " + a + "tujuan, " + a + "tujuan_bnba, " +
		a + "jenis_data, " + a + "media, " + a + "operator_nama, " + a + "operator_jabatan, " + a + "operator_nip, " + a + "operator_email, " +
		a + "operator_phone, " + a + "is_new, " + a + "penggunaan, coalesce(to_char(" + a + "periode_mulai, 'YYYY-MM-DD'), ''), " +
		"coalesce(to_char(" + a + "periode_selesai, 'YYYY-MM-DD'), ''), coalesce(" + a + "periode_bulan::text, ''), " +
		a + "olah_data, " + a + "olah_data_keterangan"
}

// editableItem is editable for one item: in perlu_perbaikan only what the verifier marked "Belum Sesuai"
// may change (itemType "header" is never marked, so the header is then fixed).
func editableItem(ctx context.Context, tx pgx.Tx, id, akunID int64, itemType, key string) error {
	state, err := editable(ctx, tx, id, akunID)
	if err != nil || state != request.PerluPerbaikan {
		return err
	}
	return revisionAllows(ctx, tx, id, itemType, key)
}

// editable locks a permohonan of an account and checks the registrator may still change it.
func editable(ctx context.Context, tx pgx.Tx, id, akunID int64) (request.State, error) {
	l, err := lockPermohonan(ctx, tx, id, akunID)
	if err != nil {
		return l.State, err
	}
	if !l.State.Editable() {
		return l.State, ErrNotEditable
	}
	return l.State, nil
}

// SaveHeader stores the cakupan and narahubung as typed, valid or not: a draft keeps what was entered.
func (s *Store) SaveHeader(ctx context.Context, id, akunID int64, h request.Header, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := editableItem(ctx, tx, id, akunID, "header", ""); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE permohonan SET cakupan_wilayah = $2, narahubung_nama = $3, narahubung_jabatan = $4,
			narahubung_nip = $5, narahubung_email = $6, narahubung_phone = $7, forum_satu_data = $8, header_saved = true, updated_at = $9
			WHERE id = $1`, id, h.Cakupan, h.NarahubungNama, h.NarahubungJabatan, h.NarahubungNIP, h.NarahubungEmail,
			h.NarahubungPhone, h.ForumSatuData, now)
		if err != nil {
			return fmt.Errorf("store: save header: %w", err)
		}
		return nil
	})
}

// SaveRow adds a row (r.ID == 0) or replaces one, as typed. It returns the row's id.
func (s *Store) SaveRow(ctx context.Context, id, akunID int64, r request.Row, now time.Time) (int64, error) {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := editableItem(ctx, tx, id, akunID, "baris", itoa64(r.ID)); err != nil {
			return err
		}
		mulai, selesai, bulan := periodValues(r)
		args := []any{id, r.PenggunaJenis, r.Pengguna, r.PenggunaWilayah, r.Tujuan, r.TujuanBNBA, r.JenisData, r.Media,
			r.OperatorNama, r.OperatorJabatan, r.OperatorNIP, r.OperatorEmail, r.OperatorPhone,
			penggunaanValue(r.Penggunaan), mulai, selesai, bulan, r.OlahData, r.OlahDataKeterangan}
		var err error
		if r.ID == 0 {
			err = tx.QueryRow(ctx, `INSERT INTO permohonan_rows (permohonan_id, pengguna_jenis, pengguna, pengguna_wilayah, tujuan,
				tujuan_bnba, jenis_data, media, operator_nama, operator_jabatan, operator_nip, operator_email, operator_phone,
				penggunaan, periode_mulai, periode_selesai, periode_bulan, olah_data, olah_data_keterangan)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id`, args...).Scan(&r.ID)
		} else {
			var tag interface{ RowsAffected() int64 }
			tag, err = tx.Exec(ctx, `UPDATE permohonan_rows SET pengguna_jenis = $2, pengguna = $3, pengguna_wilayah = $4, tujuan = $5,
				tujuan_bnba = $6, jenis_data = $7, media = $8, operator_nama = $9, operator_jabatan = $10, operator_nip = $11,
				operator_email = $12, operator_phone = $13, penggunaan = $14, periode_mulai = $15, periode_selesai = $16,
				periode_bulan = $17, olah_data = $18, olah_data_keterangan = $19
				WHERE permohonan_id = $1 AND id = $20 AND is_new`, append(args, r.ID)...)
			if err == nil && tag.RowsAffected() == 0 {
				return ErrNotFound
			}
		}
		if err != nil {
			return fmt.Errorf("store: save row: %w", err)
		}
		_, err = tx.Exec(ctx, "UPDATE permohonan SET updated_at = $2 WHERE id = $1", id, now)
		return err
	})
	return r.ID, err
}

// periodValues are a row's period as the columns take them: a date or a number where what was typed is one,
// NULL otherwise (the page shows what was typed; "Ajukan" refuses it). Both an end and months typed keep the
// end only, as the columns allow one.
func periodValues(r request.Row) (mulai, selesai, bulan any) {
	if t, ok := request.ParseDate(r.PeriodeMulai); ok {
		mulai = dateOnly(t)
	}
	if t, ok := request.ParseDate(r.PeriodeSelesai); ok {
		selesai = dateOnly(t)
	} else if n, err := strconv.Atoi(strings.TrimSpace(r.PeriodeBulan)); err == nil && n >= 1 && n <= request.MaxPeriodeBulan {
		bulan = n
	}
	return mulai, selesai, bulan
}

func penggunaanValue(s string) string {
	if s == request.SekaliPakai || s == request.Berkelanjutan {
		return s
	}
	return ""
}

// DeleteRow removes a row of an editable permohonan.
func (s *Store) DeleteRow(ctx context.Context, id, akunID, rowID int64, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := editableItem(ctx, tx, id, akunID, "baris", itoa64(rowID)); err != nil {
			return err
		}
		evidence, err := evidenceDocument(ctx, tx, rowID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, "DELETE FROM permohonan_rows WHERE permohonan_id = $1 AND id = $2 AND is_new", id, rowID)
		if err != nil {
			return fmt.Errorf("store: delete row: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		if err := dropUnused(ctx, tx, id, evidence); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "UPDATE permohonan SET updated_at = $2 WHERE id = $1", id, now)
		return err
	})
}

// AttachDocument stores an upload for a permohonan, replacing an earlier one of the same kind, in one
// transaction. A refused file returns *UploadError and changes nothing.
func (s *Store) AttachDocument(ctx context.Context, id, akunID int64, kind request.DocKind, u dokumen.Upload, actor account.Actor, now time.Time) error {
	return s.attach(ctx, id, akunID, kind, u, nil, actor, now)
}

// AttachKAK is AttachDocument for the KAK, with what was read in it (kak.Read), stored with the document.
func (s *Store) AttachKAK(ctx context.Context, id, akunID int64, u dokumen.Upload, reading kak.Reading, actor account.Actor, now time.Time) error {
	return s.attach(ctx, id, akunID, request.DocKAK, u, &reading, actor, now)
}

func (s *Store) attach(ctx context.Context, id, akunID int64, kind request.DocKind, u dokumen.Upload, reading *kak.Reading,
	actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := editableItem(ctx, tx, id, akunID, "dokumen", string(kind)); err != nil {
			return err
		}
		d, err := s.PutDocument(ctx, tx, u.Kind, u.Name, u.R, nil)
		if err != nil {
			return err
		}
		var replaced int64
		if err := tx.QueryRow(ctx, "SELECT coalesce((SELECT document_id FROM permohonan_documents WHERE permohonan_id = $1 AND kind = $2), 0)",
			id, kind).Scan(&replaced); err != nil {
			return fmt.Errorf("store: attach document: %w", err)
		}
		_, err = tx.Exec(ctx, `INSERT INTO permohonan_documents (permohonan_id, kind, document_id, uploaded_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (permohonan_id, kind) DO UPDATE SET document_id = $3, uploaded_at = $4`, id, kind, d.ID, now)
		if err != nil {
			return fmt.Errorf("store: attach document: %w", err)
		}
		if err := dropUnused(ctx, tx, id, replaced); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE permohonan SET updated_at = $2 WHERE id = $1", id, now); err != nil {
			return fmt.Errorf("store: attach document: %w", err)
		}
		detail := map[string]any{"jenis": string(kind), "dokumen_id": d.ID}
		if reading != nil {
			komponen := reading.Komponen
			if komponen == nil {
				komponen = []string{}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO kak_bacaan (document_id, terbaca, halaman, komponen, dibaca_at) VALUES ($1, $2, $3, $4, $5)`,
				d.ID, reading.Terbaca, reading.Halaman, komponen, now); err != nil {
				return fmt.Errorf("store: kak reading: %w", err)
			}
			detail["kak_terbaca"], detail["kak_komponen"] = reading.Terbaca, komponen
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "permohonan.unggah_dokumen", ObjectType: "permohonan", ObjectID: id, Detail: detail})
	})
}

// SubmitPermohonan fires "Ajukan" in one transaction with a fixed number of queries whatever the rows: the
// permohonan is locked and loaded, checked whole by check, moved by the state machine with a guarded
// update, and its timeline entry (with a snapshot of the content as submitted), the email to the registrator
// and the audit row are written. It returns *ErrIncomplete listing every problem, ErrNotFound, or
// ErrConflict when the state does not allow it.
func (s *Store) SubmitPermohonan(ctx context.Context, id, akunID int64, check func(request.Permohonan) []request.Problem,
	actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		p, err := findPermohonan(ctx, tx, id, akunID, true)
		if err != nil {
			return err
		}
		if problems := check(p); len(problems) > 0 {
			return &request.ErrIncomplete{Problems: problems}
		}
		l, err := lockPermohonan(ctx, tx, id, akunID)
		if err != nil {
			return err
		}
		// The teknis deadline starts on a first submission; after a revision the clock resumes where it
		// stopped, and the verifier who returned it (the technical one) gets it back.
		c := cols{}.expr("submitted_at", "coalesce(submitted_at, ?::timestamptz)", now).
			expr("stage_started_at", "coalesce(stage_started_at, ?::timestamptz)", now).
			expr("due_at", "?::timestamptz + coalesce(sla_remaining, ?::interval)", now, time.Duration(s.SLA[review.Teknis])*24*time.Hour).
			set("sla_remaining", nil).set("reminded_at", nil).
			expr("assignee_id", "coalesce(teknis_by, assignee_id)").
			expr("assigned_at", "CASE WHEN coalesce(teknis_by, assignee_id) IS NULL THEN NULL ELSE ?::timestamptz END", now)
		resubmitted := l.State == request.PerluPerbaikan
		mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
			return s.Letters.PermohonanDiterima(to, l.ref(), resubmitted)
		})
		if err != nil {
			return err
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.Ajukan, role: account.RoleRegistrator, actor: actor,
			snapshot: request.Snapshot(p), cols: c, mails: mails,
			detail: map[string]any{"baris": len(p.Rows), "tingkat": request.MaxTier(p.Rows)}}, now)
	})
}

// WithdrawPermohonan fires "tarik" with a reason.
func (s *Store) WithdrawPermohonan(ctx context.Context, id, akunID int64, reason string, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, akunID)
		if err != nil {
			return err
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.Tarik, role: account.RoleRegistrator, actor: actor,
			note: reason, cols: cols{}.set("withdraw_reason", reason)}, now)
	})
}

// DeleteDraft removes a draft that was never submitted.
func (s *Store) DeleteDraft(ctx context.Context, id, akunID int64, actor account.Actor) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT document_id FROM permohonan_documents WHERE permohonan_id = $1
			UNION SELECT document_id FROM operator_pelatihan WHERE permohonan_id = $1 AND document_id IS NOT NULL`, id)
		if err != nil {
			return fmt.Errorf("store: delete draft: %w", err)
		}
		docs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return fmt.Errorf("store: delete draft: %w", err)
		}
		tag, err := tx.Exec(ctx, "DELETE FROM permohonan WHERE id = $1 AND akun_id = $2 AND state = 'draft'", id, akunID)
		if err != nil {
			return fmt.Errorf("store: delete draft: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrConflict
		}
		// Its files go with it (dokumen_lepas.go).
		if err := dropUnused(ctx, tx, id, docs...); err != nil {
			return err
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "permohonan.hapus_draf", ObjectType: "permohonan", ObjectID: id,
			Detail: map[string]any{"dokumen_dihapus": len(docs)}})
	})
}

// Timeline returns a permohonan's events, oldest first.
func (s *Store) Timeline(ctx context.Context, id int64) ([]request.TimelineEntry, error) {
	return one(ctx, s, func(r *Reads, out *[]request.TimelineEntry) { r.Timeline(id, out) })
}

// Timeline reads a permohonan's events, oldest first.
func (r *Reads) Timeline(id int64, out *[]request.TimelineEntry) {
	queueRead(&r.b, out, collect[request.TimelineEntry]("timeline"), `SELECT at, event, from_state, to_state, actor_kind, actor_role,
			note, internal_note FROM permohonan_events WHERE permohonan_id = $1 ORDER BY id`, id)
}

// DocumentOwner is whom a document belongs to: an official (a KTP or Surat Tugas: PejabatID set) of an
// account, or a permohonan of an account (Draft when that permohonan is still the registrator's draft).
type DocumentOwner struct {
	AkunID, PejabatID int64
	Draft             bool
}

// FindDocumentOwner returns whom a document belongs to; ErrNotFound for a document that belongs to no
// account (a draft registration's upload, or none at all). A document has one owner: uploads are never
// shared between officials or permohonan.
func (s *Store) FindDocumentOwner(ctx context.Context, documentID int64) (DocumentOwner, error) {
	var o DocumentOwner
	err := s.Pool.QueryRow(ctx, `SELECT akun_id, id, false FROM pejabat WHERE ktp_document_id = $1 OR surat_tugas_document_id = $1
		UNION ALL (SELECT p.akun_id, 0, p.state = 'draft' FROM permohonan p WHERE p.id IN (
			SELECT permohonan_id FROM permohonan_documents WHERE document_id = $1
			UNION ALL SELECT permohonan_id FROM operator_pelatihan WHERE document_id = $1
			-- Documents of access over time (issue 13): a new operator's SK, a proposed PKS/NDA text, a Berita Acara.
			UNION ALL SELECT permohonan_id FROM penggantian_operator WHERE sk_document_id = $1
			UNION ALL SELECT permohonan_id FROM usulan_perjanjian WHERE document_id = $1
			UNION ALL SELECT permohonan_id FROM pemusnahan WHERE document_id = $1))
		LIMIT 1`, documentID).Scan(&o.AkunID, &o.PejabatID, &o.Draft)
	if errors.Is(err, pgx.ErrNoRows) {
		return o, ErrNotFound
	}
	if err != nil {
		return o, fmt.Errorf("store: document owner: %w", err)
	}
	return o, nil
}

// PermohonanIDByReference finds a permohonan by its reference number; ErrNotFound otherwise.
func (s *Store) PermohonanIDByReference(ctx context.Context, ref string) (int64, error) {
	var id int64
	err := s.Pool.QueryRow(ctx, "SELECT id FROM permohonan WHERE reference = $1", ref).Scan(&id)
	if err == pgx.ErrNoRows {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("store: permohonan by reference: %w", err)
	}
	return id, nil
}
