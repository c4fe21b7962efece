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
	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/sepakat"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Tahap 5–6: penyiapan akses by the operator sepakat, access given, and what follows it (expiry, the
// six-month rule, extension, revocation). Calls to Sepakat run as river jobs (jobs.go), enqueued here in the
// transaction of the change that needs them.

// Errors of Tahap 5–6, with the message shown to the person acting.
var (
	ErrAksesNotReady error = validate.Refusal("Akses belum dapat diberikan: setiap akun Sepakat harus sudah aktif dan setiap baris Fasilitas harus memiliki PIC teknis dan jadwal.")
	ErrExtensionOpen error = validate.Refusal("Permintaan perpanjangan sudah diajukan dan sedang menunggu keputusan.")
	ErrCredLinkUsed  error = validate.Refusal("Tautan ini sudah digunakan. Kata sandi hanya ditampilkan satu kali; minta registrator instansi Anda mengirim ulang tautan.")
	ErrCredLinkGone  error = validate.Refusal("Tautan ini sudah tidak berlaku. Minta registrator instansi Anda mengirim ulang tautan.")
)

// LinkValidity is how long a credentials link stays valid.
const LinkValidity = 7 * 24 * time.Hour

func dateOnly(t time.Time) string { return t.Format(time.DateOnly) }

func passwordAAD(rowID int64) []byte {
	return []byte("portal-regsosek/akses_akun/row/" + strconv.FormatInt(rowID, 10))
}

// PrepareAccess is Tahap 5 by the operator sepakat: it records the PIC teknis and schedule of each approved
// Fasilitas row, and creates an account for each approved Sepakat row that has none yet (a random password,
// stored encrypted) with a job to provision it in Sepakat. Rows that already have an account are left as they
// are, so it can be repeated. The access end in force is fixed here: each row's approved end, a Sepakat row's
// cut to six months when the six-month rule applies (request.RowEnd), and the latest of them for the permohonan.
func (s *Store) PrepareAccess(ctx context.Context, id int64, fas []request.FasilitasInput, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		if err := mayFire(l, request.SiapkanAkses, account.RoleOperatorSepakat, actor); err != nil {
			return err
		}
		approved, err := approvedRows(ctx, tx, id)
		if err != nil {
			return err
		}
		byID := map[int64]request.ApprovedRow{}
		rows := make([]request.Row, len(approved))
		for i, a := range approved {
			byID[a.ID], rows[i] = a, a.Row
		}
		for _, f := range fas {
			if a, ok := byID[f.RowID]; !ok || a.Media != request.Fasilitas {
				return ErrNotFound
			}
			_, err := tx.Exec(ctx, `INSERT INTO akses_fasilitas (row_id, permohonan_id, pic_nama, pic_phone, pic_email, jadwal_mulai, jadwal_selesai,
					tempat, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
				ON CONFLICT (row_id) DO UPDATE SET pic_nama = $3, pic_phone = $4, pic_email = $5, jadwal_mulai = $6, jadwal_selesai = $7,
					tempat = $8, updated_by = $9, updated_at = $10`,
				f.RowID, id, f.PICNama, f.PICPhone, f.PICMail, dateOnly(f.Mulai), dateOnly(f.Selesai), f.Tempat, actor.ID, now)
			if err != nil {
				return fmt.Errorf("store: fasilitas: %w", err)
			}
		}
		if l.AksesSampai == nil {
			return ErrConflict
		}
		six := request.SixMonthLimit(l.instansi(), rows, l.HasSKForum)
		// Each row keeps its own end (jangka waktu per row); the six-month rule cuts the Sepakat rows. The
		// permohonan's end in force is the latest of them.
		var end time.Time
		for _, a := range approved {
			if e := request.RowEnd(a, indo.DayStart(*l.AksesSampai), indo.Today(now), six); e.After(end) {
				end = e
			}
		}
		created := 0
		for _, a := range approved {
			if a.Media != request.Sepakat {
				continue
			}
			rowEnd := request.RowEnd(a, indo.DayStart(*l.AksesSampai), indo.Today(now), six)
			ok, err := s.createAccount(ctx, tx, l, a, rowEnd, now)
			if err != nil {
				return err
			}
			if ok {
				created++
			}
		}
		return transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.SiapkanAkses, role: account.RoleOperatorSepakat, actor: actor,
			cols:   cols{}.set("akses_berakhir", dateOnly(end)).set("enam_bulan", six),
			detail: map[string]any{"akun_baru": created, "fasilitas": len(fas)}}, now)
	})
}

// createAccount adds the account of an approved Sepakat row, unless it has one, with its provisioning job,
// open until end (the row's own).
func (s *Store) createAccount(ctx context.Context, tx pgx.Tx, l permohonanLock, a request.ApprovedRow, end, now time.Time) (bool, error) {
	var exists bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM akses_akun WHERE row_id = $1)", a.ID).Scan(&exists); err != nil {
		return false, fmt.Errorf("store: account: %w", err)
	}
	if exists {
		return false, nil
	}
	akunID, err := s.newAccount(ctx, tx, l.ID, a.ID, request.SepakatUsername(a.Pengguna, a.Wilayah(l.Cakupan)), a.Wilayah(l.Cakupan), a.Approved, end, 0, now)
	if err != nil {
		return false, err
	}
	if err := enqueueJob(ctx, tx, AkunBuatArgs{AkunID: akunID, PermohonanID: l.ID}, now); err != nil {
		return false, err
	}
	return true, nil
}

// newAccount inserts a prepared account for a row (a username from base, free in the portal and in the
// registry, and a random password stored encrypted); menggantikan names the account it replaces, or 0.
func (s *Store) newAccount(ctx context.Context, tx pgx.Tx, permohonanID, rowID int64, base, wilayah, jenis string, end time.Time, menggantikan int64,
	now time.Time) (int64, error) {
	username := base
	for n := 2; ; n++ {
		var taken bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM akses_akun WHERE username = $1) OR EXISTS (SELECT 1 FROM sepakat_registry WHERE username = $1)",
			username).Scan(&taken); err != nil {
			return 0, fmt.Errorf("store: account: %w", err)
		}
		if !taken {
			break
		}
		username = base + "." + strconv.Itoa(n)
	}
	keyID, enc, err := s.Keys.Seal([]byte(sepakat.GeneratePassword()), passwordAAD(rowID))
	if err != nil {
		return 0, fmt.Errorf("store: account: %w", err)
	}
	var akunID int64
	err = tx.QueryRow(ctx, `INSERT INTO akses_akun (permohonan_id, row_id, username, wilayah, jenis_data, berlaku_sampai, password_enc,
			password_key_id, state, created_at, updated_at, menggantikan_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'disiapkan', $9, $9, NULLIF($10, 0))
		RETURNING id`, permohonanID, rowID, username, wilayah, jenis, dateOnly(end), enc, keyID, now, menggantikan).Scan(&akunID)
	if err != nil {
		return 0, fmt.Errorf("store: account: %w", err)
	}
	return akunID, audit(ctx, tx, account.Actor{Kind: account.ActorSistem}, AuditEntry{Action: "akses.akun_disiapkan", ObjectType: "akses_akun", ObjectID: akunID,
		Detail: map[string]any{"permohonan_id": permohonanID, "baris": rowID, "menggantikan": menggantikan}})
}

// NewLink makes a credentials link: the token for the email and the HMAC stored in its place.
type NewLink func() (token string, hash []byte)

// LinkTokenKind is the HMAC domain of credentials link tokens.
const LinkTokenKind = "akses-sepakat"

// CredentialLinks makes random credentials links whose tokens are stored as their HMAC under secret (config
// SESSION_SECRET), as the link's page looks them up.
func CredentialLinks(secret []byte) NewLink {
	return func() (string, []byte) {
		token := crypt.RandomToken()
		return token, crypt.MAC(secret, LinkTokenKind, token)
	}
}

// insertLink stores a link for an account's current password and enqueues the operator's email.
func (s *Store) insertLink(ctx context.Context, tx pgx.Tx, l permohonanLock, akunID int64, now time.Time) error {
	var gen int
	var username, pengguna, opNama, opEmail string
	err := tx.QueryRow(ctx, `SELECT a.password_gen, a.username, r.pengguna, r.operator_nama, r.operator_email
		FROM akses_akun a JOIN permohonan_rows r ON r.id = a.row_id WHERE a.id = $1`, akunID).Scan(&gen, &username, &pengguna, &opNama, &opEmail)
	if err != nil {
		return fmt.Errorf("store: link: %w", err)
	}
	if _, err := tx.Exec(ctx, "UPDATE akses_tautan SET superseded_at = $2 WHERE akun_id = $1 AND used_at IS NULL AND superseded_at IS NULL AND password_gen < $3",
		akunID, now, gen); err != nil {
		return fmt.Errorf("store: link: %w", err)
	}
	token, hash := s.NewLink()
	expires := now.Add(LinkValidity)
	tag, err := tx.Exec(ctx, `INSERT INTO akses_tautan (akun_id, token_hash, password_gen, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (akun_id, password_gen) DO NOTHING`, akunID, hash, gen, expires, now)
	if err != nil {
		return fmt.Errorf("store: link: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return nil // this password's link was already sent
	}
	if err := enqueue(ctx, tx, s.Letters.Kredensial(mail.Recipient{Email: opEmail, Nama: opNama}, l.ref(), pengguna, token, expires)); err != nil {
		return err
	}
	return audit(ctx, tx, account.Actor{Kind: account.ActorSistem}, AuditEntry{Action: "akses.tautan_dikirim", ObjectType: "akses_akun", ObjectID: akunID,
		Detail: map[string]any{"kata_sandi_ke": gen}})
}

// scheduleEnd enqueues the 30-day warning and the expiry of the end in force, and cancels those of
// earlier versions still waiting (their workers would also do nothing: they check the version).
func scheduleEnd(ctx context.Context, tx pgx.Tx, l permohonanLock, end time.Time, now time.Time) error {
	if err := cancelJobs(ctx, tx, `kind IN ('akses_peringatan', 'akses_berakhir') AND args @> jsonb_build_object('permohonan_id', $1::bigint)
		AND (args->>'versi')::int < $2`, l.ID, l.Versi); err != nil {
		return err
	}
	warn := indo.DayStart(end).AddDate(0, 0, -request.WarningDays)
	if warn.Before(now) {
		warn = now
	}
	if err := enqueueJob(ctx, tx, AksesPeringatanArgs{PermohonanID: l.ID, Versi: l.Versi, Sampai: dateOnly(end)}, warn); err != nil {
		return err
	}
	return enqueueJob(ctx, tx, AksesBerakhirArgs{PermohonanID: l.ID, Versi: l.Versi, Sampai: dateOnly(end)}, indo.DayStart(end).AddDate(0, 0, 1))
}

// GiveAccess fires "berikan_akses" (Tahap 6) once every approved Sepakat row has an active account and every
// Fasilitas row its PIC teknis: the pemohon becomes Pengguna Data Regsosek, each operator is emailed a
// single-use link to their credentials, the registrator is told, and the warning and the expiry are
// scheduled. ErrAksesNotReady otherwise.
func (s *Store) GiveAccess(ctx context.Context, id int64, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		l, err := lockPermohonan(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		if err := mayFire(l, request.BerikanAkses, account.RoleOperatorSepakat, actor); err != nil {
			return err
		}
		var missing int
		err = tx.QueryRow(ctx, `SELECT count(*) FROM row_decisions d JOIN permohonan_rows r ON r.id = d.row_id
			WHERE d.permohonan_id = $1 AND d.decision = 'setuju' AND (
				(r.media = 'sepakat' AND NOT EXISTS (SELECT 1 FROM akses_akun a WHERE a.row_id = r.id AND a.state = 'aktif')) OR
				(r.media = 'fasilitas' AND NOT EXISTS (SELECT 1 FROM akses_fasilitas f WHERE f.row_id = r.id)))`, id).Scan(&missing)
		if err != nil {
			return fmt.Errorf("store: give access: %w", err)
		}
		if missing > 0 || l.AksesBerakhir == nil {
			return ErrAksesNotReady
		}
		end := indo.DayStart(*l.AksesBerakhir)
		l.Versi++
		// Access given ends the service: the survey's invitation comes before the access letter (survei.go).
		if err := s.inviteRegistrator(ctx, tx, l, now); err != nil {
			return err
		}
		// The Surat Persetujuan first, then "akses tersedia": the registrator's last email says what to do now.
		if err := s.mailPersetujuan(ctx, tx, l, now); err != nil {
			return err
		}
		mails, err := toRegistrator(ctx, tx, l.AkunID, func(to mail.Recipient) mail.Message {
			return s.Letters.AksesTersedia(to, l.ref(), end, l.EnamBulan)
		})
		if err != nil {
			return err
		}
		if err := transitionPermohonan(ctx, tx, &l, permohonanMove{event: request.BerikanAkses, role: account.RoleOperatorSepakat, actor: actor,
			note: "Hak akses berlaku sampai " + indo.Date(end), mails: mails,
			cols: cols{}.set("akses_diberikan_at", now).set("akses_versi", l.Versi).set("warned_for", nil)}, now); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, "SELECT id FROM akses_akun WHERE permohonan_id = $1 AND state = 'aktif' ORDER BY id", id)
		if err != nil {
			return fmt.Errorf("store: give access: %w", err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return fmt.Errorf("store: give access: %w", err)
		}
		for _, akunID := range ids {
			if err := s.insertLink(ctx, tx, l, akunID, now); err != nil {
				return err
			}
		}
		if err := s.scheduleRows(ctx, tx, l, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE akses_fasilitas SET berlaku_sampai = $2 WHERE permohonan_id = $1", id, dateOnly(end)); err != nil {
			return fmt.Errorf("store: give access: %w", err)
		}
		return scheduleEnd(ctx, tx, l, end, now)
	})
}

// mailPersetujuan sends the Surat Persetujuan Pemberian Hak Akses (SE angka 11) to the registrator and the
// narahubung: the letter's content in the email, the PDF behind the registrator's sign-in (the outbox keeps
// text only).
func (s *Store) mailPersetujuan(ctx context.Context, tx pgx.Tx, l permohonanLock, given time.Time) error {
	ps, err := persetujuan(ctx, tx, l.ID, &given)
	if err != nil {
		return err
	}
	reg, err := registratorOf(ctx, tx, l.AkunID)
	if err != nil {
		return err
	}
	if reg.Email != "" {
		if err := enqueue(ctx, tx, s.Letters.SuratPersetujuan(reg, ps, true)); err != nil {
			return err
		}
	}
	var nar mail.Recipient
	if err := tx.QueryRow(ctx, "SELECT narahubung_email, narahubung_nama FROM permohonan WHERE id = $1", l.ID).Scan(&nar.Email, &nar.Nama); err != nil {
		return fmt.Errorf("store: narahubung: %w", err)
	}
	if nar.Email == "" || strings.EqualFold(nar.Email, reg.Email) {
		return nil
	}
	return enqueue(ctx, tx, s.Letters.SuratPersetujuan(nar, ps, false))
}

// SepakatJob is what a job needs to call Sepakat for one account. Password is the one to send: the current
// one for a creation, the re-issued one for akun_kata_sandi.
type SepakatJob struct {
	Account        sepakat.Account
	State          string
	PermohonanVer  int
	PermohonanID   int64
	PasswordSeq    int
	HasNewPassword bool
	AkunVersi      int // the account's own version (issue 13)
}

// AccountForJob loads and decrypts what a job sends to Sepakat for an account.
func (s *Store) AccountForJob(ctx context.Context, akunID int64, newPassword bool) (SepakatJob, error) {
	var j SepakatJob
	var rowID int64
	var enc, encNew []byte
	var keyID, keyNew *string
	var until time.Time
	a := &j.Account
	err := s.Pool.QueryRow(ctx, `SELECT a.row_id, a.username, a.wilayah, a.jenis_data, a.berlaku_sampai, a.state, a.password_enc,
			a.password_key_id, a.password_baru_enc, a.password_baru_key_id, a.password_baru_seq, p.id, p.akses_versi, ak.instansi_nama,
			r.pengguna, r.operator_nama, r.operator_email, a.versi
		FROM akses_akun a JOIN permohonan p ON p.id = a.permohonan_id JOIN akun ak ON ak.id = p.akun_id JOIN permohonan_rows r ON r.id = a.row_id
		WHERE a.id = $1`, akunID).Scan(&rowID, &a.Username, &a.Wilayah, &a.JenisData, &until, &j.State, &enc, &keyID, &encNew, &keyNew,
		&j.PasswordSeq, &j.PermohonanID, &j.PermohonanVer, &a.Instansi, &a.Pengguna, &a.OperatorNama, &a.OperatorEmail, &j.AkunVersi)
	if errors.Is(err, pgx.ErrNoRows) {
		return j, ErrNotFound
	}
	if err != nil {
		return j, fmt.Errorf("store: account for job: %w", err)
	}
	a.Tingkat, a.BerlakuSampai = request.Tier(a.JenisData), until
	if newPassword {
		j.HasNewPassword = encNew != nil
		if !j.HasNewPassword {
			return j, nil
		}
		enc, keyID = encNew, keyNew
	}
	if enc == nil || keyID == nil {
		return j, nil // revoked or replaced: no password kept, and none needed to close it (migration 034)
	}
	plain, err := s.Keys.Open(*keyID, enc, passwordAAD(rowID))
	if err != nil {
		return j, fmt.Errorf("store: account %d password: %w", akunID, err)
	}
	a.Password = string(plain)
	return j, nil
}

// CompleteProvision finishes an akun_buat job: the account exists in Sepakat and is active. The account of a
// new operator (Penggantian Operator) gets its credentials link at once, and its request completes when
// every new account is active. An account no longer wanted when Sepakat created it (revoked meanwhile) is
// closed in Sepakat again by a job of its own, so it never stays open there.
func (s *Store) CompleteProvision(ctx context.Context, j Job, externalID string, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		// The permohonan first, as every move of its rows locks it first.
		l, err := lockPermohonan(ctx, tx, j.Args.PermohonanID, 0)
		if err != nil {
			return err
		}
		err = transitionAksesAkun(ctx, tx, j.Args.AkunID, request.AkunDibuat, rowMove{actor: account.Sistem, action: "akses.akun_dibuat",
			cols: cols{}.set("external_id", externalID).expr("provisioned_at", "coalesce(provisioned_at, ?::timestamptz)", now).set("last_error", nil)})
		switch {
		case errors.Is(err, ErrConflict):
			if err := s.closeCreatedLate(ctx, tx, j, now); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if err := s.afterReplacement(ctx, tx, &l, j.Args.AkunID, now); err != nil {
				return err
			}
		}
		return finishJob(ctx, tx, j, now)
	})
}

// CompleteRevoke finishes an akun_cabut job: Sepakat has closed the account. When the account's operator is
// being replaced, the new account's creation is enqueued now, in the transaction that records the closing:
// Sepakat never holds the old and the new open together, and a run that dies between the two leaves the
// creation to do (or, before this commit, the closing to repeat under the same idempotency key).
func (s *Store) CompleteRevoke(ctx context.Context, j Job, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := audit(ctx, tx, account.Actor{Kind: account.ActorSistem}, AuditEntry{Action: "akses.akun_ditutup", ObjectType: "akses_akun", ObjectID: j.Args.AkunID}); err != nil {
			return err
		}
		if j.Args.Lanjut != 0 {
			if err := enqueueJob(ctx, tx, AkunBuatArgs{AkunID: j.Args.Lanjut, PermohonanID: j.Args.PermohonanID}, now); err != nil {
				return err
			}
		}
		return finishJob(ctx, tx, j, now)
	})
}

// CompleteSetPassword finishes an akun_kata_sandi job: the re-issued password replaces the old one and the
// operator is emailed a new link. A job overtaken by a newer re-issue only completes.
func (s *Store) CompleteSetPassword(ctx context.Context, j Job, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		// The permohonan is locked before the account, as on every path that moves an account.
		var permohonanID int64
		if err := tx.QueryRow(ctx, "SELECT permohonan_id FROM akses_akun WHERE id = $1", j.Args.AkunID).Scan(&permohonanID); err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		l, err := lockPermohonan(ctx, tx, permohonanID, 0)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE akses_akun SET password_enc = password_baru_enc, password_key_id = password_baru_key_id,
				password_gen = password_gen + 1, password_baru_enc = NULL, password_baru_key_id = NULL, updated_at = $3
			WHERE id = $1 AND password_baru_seq = $2 AND password_baru_enc IS NOT NULL AND state = 'aktif'`, j.Args.AkunID, j.Args.Gen, now)
		if err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return finishJob(ctx, tx, j, now)
		}
		if err := s.insertLink(ctx, tx, l, j.Args.AkunID, now); err != nil {
			return err
		}
		return finishJob(ctx, tx, j, now)
	})
}

// RetryAccount sends a failed account back to its jobs: the stopped ones run again from the first attempt. A
// failed creation goes back to disiapkan; another account keeps its state.
func (s *Store) RetryAccount(ctx context.Context, id, aksesAkunID int64, actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := lockPermohonan(ctx, tx, id, 0); err != nil {
			return err
		}
		var state request.AkunState
		err := tx.QueryRow(ctx, `SELECT state FROM akses_akun WHERE id = $1 AND permohonan_id = $2 AND last_error IS NOT NULL FOR UPDATE`,
			aksesAkunID, id).Scan(&state)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrConflict
		}
		if err != nil {
			return fmt.Errorf("store: retry account: %w", err)
		}
		ev := request.AkunUlangi
		if state == request.AkunGagal {
			ev = request.AkunCobaLagi
		}
		if err := transitionAksesAkun(ctx, tx, aksesAkunID, ev, rowMove{actor: actor, action: "akses.coba_lagi",
			cols: cols{}.set("last_error", nil)}); err != nil {
			return err
		}
		return retryJobs(ctx, tx, now, `kind IN ('akun_buat', 'akun_perpanjang', 'akun_cabut', 'akun_kata_sandi')
			AND args @> jsonb_build_object('akun_id', $1::bigint)`, aksesAkunID)
	})
}

// IsPengguna reports whether an instansi has access in force: it is then "Pengguna Data Regsosek".
func (s *Store) IsPengguna(ctx context.Context, akunID int64) (bool, error) {
	return one(ctx, s, func(r *Reads, out *bool) { r.Pengguna(akunID, out) })
}

// UserMessage is the sentence of a refusal meant for the person acting, or "".
func UserMessage(err error) string { return validate.MessageOf(err) }
