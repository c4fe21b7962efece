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

// FindAkses loads the Tahap 4–6 side of a permohonan in a fixed number of queries.
func (s *Store) FindAkses(ctx context.Context, id int64) (request.Akses, error) {
	var a request.Akses
	err := s.Pool.QueryRow(ctx, `SELECT akses_sampai, akses_berakhir, akses_diberikan_at, enam_bulan,
			coalesce(end_reason, ''), coalesce(cabut_reason, '') FROM permohonan WHERE id = $1`, id).
		Scan(&a.AksesSampai, &a.AksesBerakhir, &a.AksesDiberikanAt, &a.EnamBulan, &a.EndReason, &a.CabutReason)
	if errors.Is(err, pgx.ErrNoRows) {
		return a, ErrNotFound
	}
	if err != nil {
		return a, fmt.Errorf("store: akses: %w", err)
	}
	if a.Approved, err = approvedRows(ctx, s.Pool, id); err != nil {
		return a, err
	}
	if a.Docs, err = agreementDocs(ctx, s.Pool, id); err != nil {
		return a, err
	}
	rows, err := s.Pool.Query(ctx, `SELECT a.id, a.row_id, a.username, a.wilayah, a.jenis_data, a.berlaku_sampai, a.state,
			coalesce(a.last_error, ''), a.provisioned_at, a.password_baru_enc IS NOT NULL, t.created_at, t.used_at, t.expires_at,
			a.ended_at, coalesce(a.end_reason, ''), coalesce(a.cabut_reason, ''), coalesce(a.menggantikan_id, 0)
		FROM akses_akun a LEFT JOIN LATERAL (SELECT created_at, used_at, expires_at FROM akses_tautan WHERE akun_id = a.id ORDER BY id DESC LIMIT 1) t ON true
		WHERE a.permohonan_id = $1 ORDER BY a.id`, id)
	if err != nil {
		return a, fmt.Errorf("store: akses accounts: %w", err)
	}
	if a.Akun, err = pgx.CollectRows(rows, pgx.RowToStructByPos[request.AksesAkun]); err != nil {
		return a, fmt.Errorf("store: akses accounts: %w", err)
	}
	rows, err = s.Pool.Query(ctx, `SELECT row_id, pic_nama, pic_phone, pic_email, jadwal_mulai, jadwal_selesai, tempat
		FROM akses_fasilitas WHERE permohonan_id = $1`, id)
	if err != nil {
		return a, fmt.Errorf("store: akses fasilitas: %w", err)
	}
	fas, err := pgx.CollectRows(rows, pgx.RowToStructByPos[request.FasilitasJadwal])
	if err != nil {
		return a, fmt.Errorf("store: akses fasilitas: %w", err)
	}
	a.Fasilitas = map[int64]request.FasilitasJadwal{}
	for _, f := range fas {
		a.Fasilitas[f.RowID] = f
	}
	rows, err = s.Pool.Query(ctx, `SELECT id, penerima, alamat, phone, state, requested_at, handled_at, catatan FROM permintaan_cetak
		WHERE permohonan_id = $1 ORDER BY id`, id)
	if err != nil {
		return a, fmt.Errorf("store: akses cetak: %w", err)
	}
	if a.Cetak, err = pgx.CollectRows(rows, pgx.RowToStructByPos[request.Cetak]); err != nil {
		return a, fmt.Errorf("store: akses cetak: %w", err)
	}
	rows, err = s.Pool.Query(ctx, `SELECT id, sampai_diminta, alasan, state, requested_at, sampai_disetujui,
			coalesce(reject_reason, '') FROM perpanjangan WHERE permohonan_id = $1 ORDER BY id`, id)
	if err != nil {
		return a, fmt.Errorf("store: akses perpanjangan: %w", err)
	}
	if a.Perpanjangan, err = pgx.CollectRows(rows, pgx.RowToStructByPos[request.Perpanjangan]); err != nil {
		return a, fmt.Errorf("store: akses perpanjangan: %w", err)
	}
	return a, nil
}

// ListAksesTasks returns the staff's Tahap 4–6 work, oldest first within each kind: print requests,
// agreements to countersign, access to prepare, failed accounts, extension requests, SK Forum Satu Data
// uploaded under the six-month rule, and (last) access in force, for revocation.
func (s *Store) ListAksesTasks(ctx context.Context) ([]request.AksesTask, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT p.id, p.reference, a.instansi_nama, p.state, t.task, t.since, p.akses_berakhir
		FROM (
			SELECT permohonan_id AS id, 'cetak' AS task, requested_at AS since, 1 AS ord FROM permintaan_cetak WHERE state = 'diminta'
			UNION ALL SELECT id, 'tandatangan', updated_at, 2 FROM permohonan WHERE state = 'pks_nda_diunggah'
			UNION ALL SELECT id, 'penyiapan', updated_at, 3 FROM permohonan WHERE state = 'penyiapan_akses'
			UNION ALL SELECT permohonan_id, 'gagal', max(updated_at), 4 FROM akses_akun WHERE last_error IS NOT NULL GROUP BY permohonan_id
			UNION ALL SELECT permohonan_id, 'perpanjangan', requested_at, 5 FROM perpanjangan WHERE state = 'diajukan'
			UNION ALL SELECT p.id, 'sk_forum', d.uploaded_at, 6 FROM permohonan p JOIN permohonan_documents d ON d.permohonan_id = p.id
				AND d.kind = 'sk_forum_satu_data' WHERE p.enam_bulan AND (p.state = 'akses_diberikan' OR (p.state = 'berakhir' AND p.end_reason = 'enam_bulan'))
			UNION ALL SELECT id, 'menunggu', updated_at, 7 FROM permohonan WHERE state = 'menunggu_pks_nda'
			UNION ALL (SELECT id, 'berjalan', akses_diberikan_at, 8 FROM permohonan WHERE state = 'akses_diberikan' AND akses_diberikan_at IS NOT NULL
				ORDER BY akses_berakhir LIMIT 200)
		) t JOIN permohonan p ON p.id = t.id JOIN akun a ON a.id = p.akun_id
		ORDER BY t.ord, t.since, p.id LIMIT 500`)
	if err != nil {
		return nil, fmt.Errorf("store: akses tasks: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[request.AksesTask])
	if err != nil {
		return nil, fmt.Errorf("store: akses tasks: %w", err)
	}
	return list, nil
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
			until = request.AksesEnd(indo.DayStart(*a.Sampai), indo.Today(*given), out.EnamBulan)
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
