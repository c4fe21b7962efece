package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/mail"
)

// CountPendingPejabat counts the registrations and handovers waiting for verification.
func (s *Store) CountPendingPejabat(ctx context.Context) (int, error) {
	var n int
	if err := s.Pool.QueryRow(ctx, "SELECT count(*) FROM pejabat WHERE state = 'menunggu_verifikasi'").Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count pending: %w", err)
	}
	return n, nil
}

const pejabatColumns = `p.id, a.id, a.reference, a.kategori, a.instansi_kode, a.instansi_nama, a.state, p.state,
	p.instansi, p.unit_kerja, p.nama, p.nik_enc, p.nik_key_id, p.jabatan, p.email, p.email_unit_kerja, p.phone, p.username,
	p.ktp_document_id, p.surat_tugas_document_id, p.is_handover, coalesce(p.reject_reason, ''), p.created_at,
	p.decided_at, p.activated_at, p.ended_at, p.tanpa_pemegang`

func (s *Store) scanPejabat(row pgx.Row) (account.PejabatDetail, error) {
	var d account.PejabatDetail
	var nikEnc []byte
	var keyID string
	err := row.Scan(&d.ID, &d.AkunID, &d.Reference, &d.Kategori, &d.InstansiKode, &d.InstansiNama, &d.AkunState, &d.State,
		&d.Instansi, &d.UnitKerja, &d.Nama, &nikEnc, &keyID, &d.Jabatan, &d.Email, &d.EmailUnitKerja, &d.Phone, &d.Username,
		&d.KTPDocumentID, &d.SuratTugasDocumentID, &d.IsHandover, &d.RejectReason, &d.CreatedAt,
		&d.DecidedAt, &d.ActivatedAt, &d.EndedAt, &d.TanpaPemegang)
	if err == pgx.ErrNoRows {
		return d, ErrNotFound
	}
	if err != nil {
		return d, fmt.Errorf("store: pejabat: %w", err)
	}
	nik, err := s.Keys.Open(keyID, nikEnc, []byte("pejabat.nik"))
	if err != nil {
		return d, fmt.Errorf("store: decrypt NIK: %w", err)
	}
	d.NIK = string(nik)
	return d, nil
}

// ViewPejabatForReview returns an official's data diri for verification and records the view of personal
// data in the audit log.
func (s *Store) ViewPejabatForReview(ctx context.Context, id int64, actor account.Actor) (account.PejabatDetail, error) {
	var d account.PejabatDetail
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		d, err = s.scanPejabat(tx.QueryRow(ctx, "SELECT "+pejabatColumns+" FROM pejabat p JOIN akun a ON a.id = p.akun_id WHERE p.id = $1", id))
		if err != nil {
			return err
		}
		return audit(ctx, tx, actor, AuditEntry{Action: "pejabat.lihat_data_diri", ObjectType: "pejabat", ObjectID: id})
	})
	return d, err
}

// ListPejabatOfAkun returns an account's officials, newest first: the one in force, one waiting and the
// history of those replaced.
func (s *Store) ListPejabatOfAkun(ctx context.Context, akunID int64) ([]account.PejabatDetail, error) {
	return one(ctx, s, func(r *Reads, out *[]account.PejabatDetail) { r.PejabatOfAkun(akunID, out) })
}

// ApprovePejabat approves a waiting official, creating the activation (OTP link) the email carries: act's
// hashes are stored, its token and code go into the email only. met holds the registrator criteria the
// verifier confirmed (account.KriteriaRegistrator): all must be; account.ErrKriteriaBelum otherwise.
func (s *Store) ApprovePejabat(ctx context.Context, id int64, act account.Activation, met map[string]bool, actor account.Actor, now time.Time) error {
	return s.decidePejabat(ctx, id, account.Setujui, "", met, &act, actor, now)
}

// RejectPejabat rejects a waiting official with a reason, naming the criteria not met (those not in met; at
// least one, account.ErrKriteriaSemuaOK otherwise). A rejected first registration frees its instansi; a
// rejected handover leaves the official in force as they were.
func (s *Store) RejectPejabat(ctx context.Context, id int64, reason string, met map[string]bool, actor account.Actor, now time.Time) error {
	return s.decidePejabat(ctx, id, account.Tolak, reason, met, nil, actor, now)
}

// decidePejabat records the verifikator akun's decision in one transaction: the official's move (an official
// already decided by someone else gives ErrConflict), the account's for a first registration, the activation
// of an approval, the email and the audit row.
func (s *Store) decidePejabat(ctx context.Context, id int64, ev account.Event, reason string, met map[string]bool, act *account.Activation,
	actor account.Actor, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		d, err := s.scanPejabat(tx.QueryRow(ctx, "SELECT "+pejabatColumns+" FROM pejabat p JOIN akun a ON a.id = p.akun_id WHERE p.id = $1 FOR UPDATE OF p", id))
		if err != nil {
			return err
		}
		kat, _ := account.ParseKategori(d.Kategori)
		failed, err := account.CheckKriteria(kat, met, ev == account.Setujui)
		if err != nil {
			return err
		}
		// Each criterion as the verifier judged it, one audit row each (§3.2.5 Surat Tugas b–d).
		for _, k := range account.KriteriaRegistrator(kat) {
			if err := audit(ctx, tx, actor, AuditEntry{Action: "pejabat.kriteria", ObjectType: "pejabat", ObjectID: id,
				Detail: map[string]any{"kriteria": k.Key, "terpenuhi": met[k.Key]}}); err != nil {
				return err
			}
		}
		var failedLabels []string
		for _, k := range failed {
			failedLabels = append(failedLabels, k.Label)
		}
		c := cols{}.set("decided_at", now).expr("decided_by", "NULLIF(?::bigint, 0)", actor.ID)
		if ev == account.Tolak {
			c = c.set("reject_reason", reason)
		}
		if !d.IsHandover {
			if err := transitionAkun(ctx, tx, d.AkunID, ev, rowMove{actor: actor, cols: c, partOf: "pejabat." + string(ev)}); err != nil {
				return err
			}
		}
		if act != nil {
			if _, err := tx.Exec(ctx, `INSERT INTO activations (pejabat_id, token_hash, code_hash, code_expires_at, link_expires_at, created_at)
				VALUES ($1, $2, $3, $4, $5, $6)`, id, act.TokenHash, act.CodeHash, act.CodeExpires, act.LinkExpires, now); err != nil {
				return fmt.Errorf("store: activation: %w", err)
			}
		}
		d.RejectReason = reason
		to := mail.Recipient{Email: d.Email, Nama: d.Nama}
		var letter mail.Message
		if act != nil {
			letter = s.Letters.AkunDisetujui(to, act.Token, act.Code, OTPValidity)
		} else {
			letter = s.Letters.AkunDitolak(to, reason, failedLabels)
		}
		return transitionPejabat(ctx, tx, id, ev, rowMove{actor: actor, cols: c, mails: []mail.Message{letter},
			detail: map[string]any{"akun_id": d.AkunID, "penggantian": d.IsHandover, "kriteria_tidak_terpenuhi": kriteriaKeys(failed)}})
	})
}

func kriteriaKeys(ks []account.Kriteria) []string {
	out := []string{}
	for _, k := range ks {
		out = append(out, k.Key)
	}
	return out
}
