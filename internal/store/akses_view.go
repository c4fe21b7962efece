package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
)

// FindAkses loads the Tahap 4–6 side of a permohonan in one round trip (Reads.Akses).
func (s *Store) FindAkses(ctx context.Context, id int64) (request.Akses, error) {
	return one(ctx, s, func(r *Reads, a *request.Akses) { r.Akses(id, a) })
}

// EndInForce is the end of a permohonan's access while it runs, nil when it does not (not yet given, ended,
// or closed and being re-opened): what a Perpanjangan must go beyond (request.CheckExtension).
func (s *Store) EndInForce(ctx context.Context, id int64) (*time.Time, error) {
	var end *time.Time
	err := s.Pool.QueryRow(ctx, "SELECT akses_berakhir FROM permohonan WHERE id = $1 AND state = $2", id, request.AksesDiberikan).Scan(&end)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: end in force: %w", err)
	}
	return end, nil
}

// Akses reads the Tahap 4–6 side of a permohonan: the access dates, the approved rows, the agreements, the
// Sepakat accounts, the Fasilitas schedules, the print requests and the extensions. ErrNotFound when there
// is no such permohonan.
func (r *Reads) Akses(id int64, a *request.Akses) {
	b := &r.b
	b.Queue(`SELECT akses_sampai, akses_berakhir, akses_diberikan_at, enam_bulan,
			coalesce(end_reason, ''), coalesce(cabut_reason, '') FROM permohonan WHERE id = $1`, id).QueryRow(func(row pgx.Row) error {
		err := row.Scan(&a.AksesSampai, &a.AksesBerakhir, &a.AksesDiberikanAt, &a.EnamBulan, &a.EndReason, &a.CabutReason)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: akses: %w", err)
		}
		return nil
	})
	queueRead(b, &a.Approved, readApprovedRows, approvedRowsSQL, id)
	queueRead(b, &a.Docs, readAgreementDocs, agreementDocsSQL, id)
	queueRead(b, &a.Akun, collect[request.AksesAkun]("akses accounts"), `SELECT a.id, a.row_id, a.username, a.wilayah, a.jenis_data,
			a.berlaku_sampai, a.state, coalesce(a.last_error, ''), a.provisioned_at, a.password_baru_enc IS NOT NULL, t.created_at,
			t.used_at, t.expires_at, a.ended_at, coalesce(a.end_reason, ''), coalesce(a.cabut_reason, ''), coalesce(a.menggantikan_id, 0)
		FROM akses_akun a LEFT JOIN LATERAL (SELECT created_at, used_at, expires_at FROM akses_tautan WHERE akun_id = a.id ORDER BY id DESC LIMIT 1) t ON true
		WHERE a.permohonan_id = $1 ORDER BY a.id`, id)
	queueRead(b, &a.Fasilitas, func(rows pgx.Rows) (map[int64]request.FasilitasJadwal, error) {
		fas, err := collect[request.FasilitasJadwal]("akses fasilitas")(rows)
		out := map[int64]request.FasilitasJadwal{}
		for _, f := range fas {
			out[f.RowID] = f
		}
		return out, err
	}, `SELECT row_id, pic_nama, pic_phone, pic_email, jadwal_mulai, jadwal_selesai, tempat FROM akses_fasilitas WHERE permohonan_id = $1`, id)
	queueRead(b, &a.Cetak, collect[request.Cetak]("akses cetak"),
		`SELECT id, penerima, alamat, phone, state, requested_at, handled_at, catatan FROM permintaan_cetak WHERE permohonan_id = $1 ORDER BY id`, id)
	queueRead(b, &a.Perpanjangan, collect[request.Perpanjangan]("akses perpanjangan"), `SELECT id, sampai_diminta, alasan, state,
			requested_at, sampai_disetujui, coalesce(reject_reason, '') FROM perpanjangan WHERE permohonan_id = $1 ORDER BY id`, id)
}

// AgreementDocumentKind returns the kind under which a document is attached to a permohonan, and the
// permohonan's account; ErrNotFound when it is attached to none.
func (s *Store) AgreementDocumentKind(ctx context.Context, documentID int64) (request.DocKind, error) {
	var kind request.DocKind
	err := s.Pool.QueryRow(ctx, "SELECT kind FROM permohonan_documents WHERE document_id = $1 LIMIT 1", documentID).Scan(&kind)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: document kind: %w", err)
	}
	return kind, nil
}

// Persetujuan loads what the Surat Persetujuan Pemberian Hak Akses says of a permohonan whose access was
// given: each approved row with its wilayah named and its end in force (a Sepakat row's account end, a
// Fasilitas row's decided end under the same six-month rule). ErrNotFound before access was given.
func (s *Store) Persetujuan(ctx context.Context, id int64) (request.Persetujuan, error) {
	return persetujuan(ctx, s.Pool, id, nil)
}

// persetujuan loads the letter; given stands for akses_diberikan_at when the access is being given in the
// caller's transaction.
func persetujuan(ctx context.Context, db q, id int64, given *time.Time) (request.Persetujuan, error) {
	var out request.Persetujuan
	var kat, cakupan, narNama string
	var submitted, givenAt *time.Time
	err := db.QueryRow(ctx, `SELECT p.id, p.reference, a.instansi_nama, a.kategori, p.cakupan_wilayah, p.submitted_at, p.akses_diberikan_at,
			p.enam_bulan, p.narahubung_nama
		FROM permohonan p JOIN akun a ON a.id = p.akun_id WHERE p.id = $1`, id).
		Scan(&out.Ref.ID, &out.Ref.Reference, &out.Ref.InstansiNama, &kat, &cakupan, &submitted, &givenAt, &out.EnamBulan, &narNama)
	if given == nil {
		given = givenAt
	}
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && given == nil) {
		return out, ErrNotFound
	}
	if err != nil {
		return out, fmt.Errorf("store: persetujuan: %w", err)
	}
	out.Kategori, _ = account.ParseKategori(kat)
	out.Pimpinan = request.Pimpinan(out.Kategori, out.Ref.InstansiNama)
	out.Diajukan, out.Diberikan = zero(submitted), *given
	role := "Walidata"
	if out.Kategori != account.KategoriPusat {
		role = "Koordinator Forum Satu Data Daerah"
	}
	out.Narahubung = role + " " + out.Ref.InstansiNama + " (" + narNama + ")"
	approved, err := approvedRows(ctx, db, id)
	if err != nil {
		return out, err
	}
	ends := map[int64]time.Time{}
	rows, err := db.Query(ctx, "SELECT row_id, berlaku_sampai FROM akses_akun WHERE permohonan_id = $1 AND state IN ('aktif', 'berakhir', 'dicabut')", id)
	if err != nil {
		return out, fmt.Errorf("store: persetujuan: %w", err)
	}
	for rows.Next() {
		var rowID int64
		var until time.Time
		if err := rows.Scan(&rowID, &until); err != nil {
			rows.Close()
			return out, fmt.Errorf("store: persetujuan: %w", err)
		}
		ends[rowID] = until
	}
	rows.Close()
	codes := []string{}
	for _, a := range approved {
		codes = append(codes, request.CakupanCodes(a.Wilayah(cakupan))...)
	}
	names, err := wilayahNames(ctx, db, codes)
	if err != nil {
		return out, err
	}
	for _, a := range approved {
		until, ok := ends[a.ID]
		if !ok && a.Sampai != nil {
			until = request.RowEnd(a, indo.DayStart(*a.Sampai), indo.Today(*given), out.EnamBulan)
		}
		var wil []string
		for _, c := range request.CakupanCodes(a.Wilayah(cakupan)) {
			wil = append(wil, names[c])
		}
		out.Rows = append(out.Rows, request.HakAkses{Pengguna: a.Pengguna, JenisData: request.Label(request.JenisDataOptions, a.Approved),
			Media: request.Label(request.MediaOptions, a.Media), Wilayah: strings.Join(wil, "; "), Sampai: indo.DayStart(until)})
	}
	return out, nil
}
