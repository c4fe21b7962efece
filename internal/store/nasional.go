package store

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/dokumen"
)

// The national-volume data set of `portal seed --nasional` (development and benchmarks only): an active akun
// for every province, kab/kota and active kementerian/lembaga, permohonan spread over every state as the
// years of a running service would leave them, bimtek and pengaduan, and a long audit log. It is written with
// set-based INSERTs that satisfy every CHECK of the schema, so the pages read it as they read real data.

// NasionalOptions sizes the data set.
type NasionalOptions struct {
	Permohonan, Bimtek, Pengaduan, Audit int
	// PasswordHash is every registrator's password; StaffID acts in the review columns and decisions.
	PasswordHash string
	StaffID      int64
	Now          time.Time
}

// NasionalResult says what is there and names a registrator to sign in as, with one of their permohonan.
type NasionalResult struct {
	Akun, Permohonan, Audit int
	Username                string
	PermohonanID            int64
	SearchTerm              string
	Loaded                  bool // false when the data set was already there
}

// nasionalStates spreads the permohonan over the states, per mille of m (0–999): a service some years old,
// where most permohonan are decided and in force or ended, and a few hundred wait in each queue.
const nasionalStates = `CASE WHEN m < 30 THEN 'draft' WHEN m < 34 THEN 'diajukan' WHEN m < 37 THEN 'perlu_perbaikan' WHEN m < 40 THEN 'terverifikasi_teknis' WHEN m < 42 THEN 'menunggu_keputusan' WHEN m < 43 THEN 'disetujui' WHEN m < 133 THEN 'ditolak' WHEN m < 138 THEN 'menunggu_pks_nda' WHEN m < 141 THEN 'pks_nda_diunggah' WHEN m < 144 THEN 'penyiapan_akses' WHEN m < 544 THEN 'akses_diberikan' WHEN m < 894 THEN 'berakhir' WHEN m < 914 THEN 'dicabut' ELSE 'ditarik' END`

// SeedNasional loads the data set unless a previous run left it (then it only reports what is there), and
// vacuums what it wrote, as autovacuum would in the days after such a load.
func (s *Store) SeedNasional(ctx context.Context, o NasionalOptions) (NasionalResult, error) {
	var res NasionalResult
	defer func() {
		if res.Loaded {
			_, _ = s.Pool.Exec(ctx, "VACUUM ANALYZE")
		}
	}()
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM akun WHERE reference LIKE 'NAS-%'").Scan(&n); err != nil {
			return fmt.Errorf("store: nasional: %w", err)
		}
		if n == 0 {
			res.Loaded = true
			if err := s.seedNasional(ctx, tx, o); err != nil {
				return err
			}
		}
		err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM akun), (SELECT count(*) FROM permohonan),
				(SELECT count(*) FROM audit_log), pj.username, p.id, regexp_replace(a.instansi_nama, '^Pemerintah (Kabupaten |Kota )?', '')
			FROM akun a JOIN pejabat pj ON pj.akun_id = a.id AND pj.state = 'aktif'
			JOIN permohonan p ON p.akun_id = a.id
			WHERE a.reference LIKE 'NAS-%' AND a.kategori = 'kabupaten_kota' ORDER BY p.state = 'akses_diberikan' DESC, a.id, p.id LIMIT 1`).
			Scan(&res.Akun, &res.Permohonan, &res.Audit, &res.Username, &res.PermohonanID, &res.SearchTerm)
		if err != nil {
			return fmt.Errorf("store: nasional: summary: %w", err)
		}
		return nil
	})
	return res, err
}

func (s *Store) seedNasional(ctx context.Context, tx pgx.Tx, o NasionalOptions) error {
	// One stand-in scan serves every KTP, Surat Tugas and permohonan document of the set: nobody opens them.
	doc, err := s.PutDocument(ctx, tx, dokumen.Dokumen, "dokumen-nasional.pdf", bytes.NewReader(nasionalPDF), nil)
	if err != nil {
		return fmt.Errorf("store: nasional: document: %w", err)
	}
	keyID, nikEnc, err := s.Keys.Seal([]byte("3273010101900001"), []byte("pejabat.nik"))
	if err != nil {
		return err
	}
	steps := []struct {
		name string
		sql  string
		args []any
	}{
		{"akun", `INSERT INTO akun (reference, kategori, instansi_kode, instansi_nama, state, created_at, decided_at, decided_by)
			SELECT 'NAS-' || lpad(row_number() OVER (ORDER BY k, kode)::text, 5, '0'), kat, kode, nama, 'aktif',
				$1::timestamptz - interval '4 years', $1::timestamptz - interval '4 years' + interval '2 days', $2
			FROM (SELECT 1 AS k, 'provinsi' AS kat, kode, 'Pemerintah Provinsi ' || nama AS nama FROM provinsi
				UNION ALL SELECT 2, 'kabupaten_kota', kode, 'Pemerintah ' || nama FROM kabupaten_kota
				UNION ALL SELECT 3, 'pusat', kode_ba, nama FROM kementerian_lembaga WHERE aktif) i
			ON CONFLICT DO NOTHING`, []any{o.Now, o.StaffID}},
		{"pejabat", `INSERT INTO pejabat (akun_id, state, instansi, unit_kerja, nama, nik_enc, nik_key_id, jabatan, email,
				email_unit_kerja, phone, username, password_hash, ktp_document_id, surat_tugas_document_id, created_at,
				decided_at, decided_by, activated_at)
			SELECT a.id, 'aktif', a.instansi_nama, 'Bagian Data dan Informasi',
				(ARRAY['Budi','Siti','Agus','Dewi','Rahmat','Nur','Hendra','Ratna','Yusuf','Wulan'])[1 + a.id % 10] || ' ' ||
				(ARRAY['Santoso','Rahayu','Pratama','Lestari','Hidayat','Kusuma','Wijaya','Saputra','Permata','Nugroho'])[1 + (a.id / 10) % 10],
				$1, $2, 'Kepala Bidang Statistik', 'registrator' || a.id || '@contoh.go.id', 'data' || a.id || '@contoh.go.id',
				'+62812' || lpad(a.id::text, 7, '0'), 'nas.' || replace(lower(a.kategori), '_', '') || '.' || replace(a.instansi_kode, '.', ''),
				$3, $4, $4, a.created_at, a.decided_at, a.decided_by, a.decided_at
			FROM akun a WHERE a.reference LIKE 'NAS-%'`, []any{nikEnc, keyID, o.PasswordHash, doc.ID}},
		{"permohonan", `WITH a AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i, count(*) OVER () AS n FROM akun WHERE reference LIKE 'NAS-%'),
			g AS (SELECT gs AS i, ` + nasionalStates + ` AS state,
				$1::timestamptz - (gs % 1400) * interval '1 day' - (gs % 1440) * interval '1 minute' AS created
				FROM generate_series(1, $2::int) gs, LATERAL (SELECT (gs * 7919) % 1000 AS m) x)
			INSERT INTO permohonan (akun_id, reference, state, cakupan_wilayah, narahubung_nama, narahubung_jabatan, narahubung_nip,
				narahubung_email, narahubung_phone, forum_satu_data, header_saved, created_at, updated_at, submitted_at,
				withdraw_reason, decided_at, decided_by, reject_reason, assignee_id, assigned_at, teknis_by, stage_started_at,
				due_at, akses_sampai, akses_diberikan_at, ended_at, end_reason, cabut_reason)
			SELECT a.id, 'PHA-' || to_char(g.created AT TIME ZONE 'Asia/Jakarta', 'YYYY') || '-' || lpad(nextval('permohonan_reference_seq')::text, 6, '0'),
				g.state, '', 'Narahubung ' || g.i, 'Kepala Bidang', '197001012000031002', 'narahubung' || g.i || '@contoh.go.id',
				'+6281211112222', 'ya', true, g.created, g.created + interval '3 days',
				CASE WHEN g.state <> 'draft' THEN g.created + interval '1 day' END,
				CASE WHEN g.state = 'ditarik' THEN 'Kebutuhan data sudah terpenuhi dari sumber lain.' END,
				CASE WHEN g.state IN ('disetujui','ditolak','menunggu_pks_nda','pks_nda_diunggah','penyiapan_akses','akses_diberikan','berakhir','dicabut')
					THEN g.created + interval '20 days' END,
				CASE WHEN g.state IN ('disetujui','ditolak','menunggu_pks_nda','pks_nda_diunggah','penyiapan_akses','akses_diberikan','berakhir','dicabut')
					THEN $3::bigint END,
				CASE WHEN g.state = 'ditolak' THEN 'Tujuan pemanfaatan tidak sesuai dengan tugas dan fungsi instansi.' END,
				CASE WHEN g.state IN ('terverifikasi_teknis','menunggu_keputusan') OR (g.state = 'diajukan' AND g.i % 3 = 0) THEN $3::bigint END,
				CASE WHEN g.state IN ('terverifikasi_teknis','menunggu_keputusan') OR (g.state = 'diajukan' AND g.i % 3 = 0) THEN g.created + interval '2 days' END,
				CASE WHEN g.state NOT IN ('draft','diajukan','perlu_perbaikan','ditarik') THEN $3::bigint END,
				CASE WHEN g.state IN ('diajukan','terverifikasi_teknis','menunggu_keputusan') THEN g.created + interval '1 day' END,
				CASE WHEN g.state IN ('diajukan','terverifikasi_teknis','menunggu_keputusan') THEN g.created + interval '6 days' END,
				CASE WHEN g.state IN ('disetujui','menunggu_pks_nda','pks_nda_diunggah','penyiapan_akses','akses_diberikan','berakhir','dicabut')
					THEN (g.created + interval '1 year')::date END,
				CASE WHEN g.state IN ('akses_diberikan','berakhir','dicabut') THEN g.created + interval '40 days' END,
				CASE WHEN g.state IN ('berakhir','dicabut') THEN g.created + interval '1 year' END,
				CASE g.state WHEN 'berakhir' THEN 'kedaluwarsa' WHEN 'dicabut' THEN 'dicabut' END,
				CASE WHEN g.state = 'dicabut' THEN 'Data digunakan di luar tujuan yang disetujui.' END
			FROM g JOIN a ON a.i = g.i % a.n ORDER BY g.i`, []any{o.Now, o.Permohonan, o.StaffID}},
		{"baris", `INSERT INTO permohonan_rows (permohonan_id, pengguna_jenis, pengguna, tujuan, tujuan_bnba, jenis_data, media,
				operator_nama, operator_jabatan, operator_nip, operator_email, operator_phone, created_at)
			SELECT p.id, 'opd', (ARRAY['Dinas Sosial','Dinas Kesehatan','Dinas Pendidikan','Bappeda','Dinas Kependudukan'])[1 + (p.id + k) % 5],
				'Pemutakhiran sasaran program perlindungan sosial', CASE WHEN (p.id + k) % 3 = 0 THEN 'kepentingan_umum' ELSE '' END,
				(ARRAY['agregat_terpilah','mikro','bnba'])[1 + (p.id + k) % 3], m.media,
				CASE WHEN m.media = 'sepakat' THEN (ARRAY['Andi','Bayu','Citra','Dian','Eko','Fitri','Gita','Hadi','Indah','Joko'])[1 + (p.id * 3 + k) % 10]
					|| ' ' || (ARRAY['Setiawan','Gunawan','Maharani','Purnomo','Susanti','Firmansyah','Anggraini','Kurniawan'])[1 + (p.id + k * 5) % 8] ELSE '' END,
				CASE WHEN m.media = 'sepakat' THEN 'Pranata Komputer' ELSE '' END,
				CASE WHEN m.media = 'sepakat' THEN '198001012005011003' ELSE '' END,
				CASE WHEN m.media = 'sepakat' THEN 'operator' || p.id || '.' || k || '@contoh.go.id' ELSE '' END,
				CASE WHEN m.media = 'sepakat' THEN '+6281322223333' ELSE '' END, p.created_at
			FROM permohonan p CROSS JOIN LATERAL generate_series(1, 1 + p.id::int % 3) k
			CROSS JOIN LATERAL (SELECT CASE WHEN (p.id + k) % 4 = 0 THEN 'fasilitas' ELSE 'sepakat' END AS media) m
			WHERE p.akun_id IN (SELECT id FROM akun WHERE reference LIKE 'NAS-%')`, nil},
		{"dokumen", `INSERT INTO permohonan_documents (permohonan_id, kind, document_id, uploaded_at)
			SELECT p.id, k, $1, p.created_at FROM permohonan p CROSS JOIN unnest(ARRAY['surat_permohonan','kak']) k
			WHERE p.state <> 'draft' AND p.akun_id IN (SELECT id FROM akun WHERE reference LIKE 'NAS-%')`, []any{doc.ID}},
		{"keputusan", `INSERT INTO row_decisions (permohonan_id, row_id, decision, jenis_data, reason, decided_by, at, sampai, usulan)
			SELECT p.id, r.id, 'setuju', r.jenis_data, '', $1, p.decided_at, p.akses_sampai, p.akses_sampai
			FROM permohonan p JOIN permohonan_rows r ON r.permohonan_id = p.id
			WHERE p.state IN ('disetujui','menunggu_pks_nda','pks_nda_diunggah','penyiapan_akses','akses_diberikan','berakhir','dicabut')
				AND p.akun_id IN (SELECT id FROM akun WHERE reference LIKE 'NAS-%')`, []any{o.StaffID}},
		{"linimasa", `INSERT INTO permohonan_events (permohonan_id, at, event, from_state, to_state, actor_kind, actor_id, actor_role, note)
			SELECT p.id, p.submitted_at, 'ajukan', 'draft', 'diajukan', 'registrator', pj.id, 'registrator', ''
			FROM permohonan p JOIN pejabat pj ON pj.akun_id = p.akun_id AND pj.state = 'aktif'
			WHERE p.state <> 'draft' AND p.akun_id IN (SELECT id FROM akun WHERE reference LIKE 'NAS-%')
			UNION ALL
			SELECT p.id, p.decided_at, CASE p.state WHEN 'ditolak' THEN 'tolak' ELSE 'setujui' END, 'menunggu_keputusan',
				CASE p.state WHEN 'ditolak' THEN 'ditolak' ELSE 'disetujui' END, 'staf', $1, 'produsen_data', ''
			FROM permohonan p WHERE p.decided_at IS NOT NULL AND p.akun_id IN (SELECT id FROM akun WHERE reference LIKE 'NAS-%')`, []any{o.StaffID}},
		{"bimtek", `INSERT INTO bimtek (reference, akun_id, pejabat_id, state, pelatihan, konsultasi, versi, peserta_pk, peserta_dk, mode,
				usulan_mulai, usulan_selesai, narahubung_nama, narahubung_jabatan, narahubung_nip, narahubung_email, narahubung_phone,
				surat_document_id, kak_document_id, jadwal_mulai, jadwal_selesai, jadwal_mode, reject_reason, handled_by,
				created_at, updated_at, submitted_at, decided_at)
			SELECT 'BTK-' || to_char(c AT TIME ZONE 'Asia/Jakarta', 'YYYY') || '-' || lpad(nextval('bimtek_reference_seq')::text, 6, '0'),
				pj.akun_id, pj.id, st, true, gs % 2 = 0, CASE WHEN gs % 3 = 0 THEN 'lengkap' ELSE 'ringkas' END, 30, gs % 40,
				(ARRAY['luring','daring','hybrid'])[1 + gs % 3], (c + interval '30 days')::date, (c + interval '32 days')::date,
				'Narahubung Bimtek ' || gs, 'Kepala Seksi', '197001012000031002', 'bimtek' || gs || '@contoh.go.id', '+6281211113333',
				$1, $1,
				CASE WHEN st IN ('dijadwalkan','selesai') THEN (c + interval '35 days')::date END,
				CASE WHEN st IN ('dijadwalkan','selesai') THEN (c + interval '37 days')::date END,
				CASE WHEN st IN ('dijadwalkan','selesai') THEN 'daring' END,
				CASE WHEN st = 'ditolak' THEN 'Jadwal narasumber penuh pada periode yang diusulkan.' END,
				CASE WHEN st <> 'diajukan' THEN $2::bigint END, c, c, c,
				CASE WHEN st IN ('selesai','ditolak') THEN c + interval '40 days' END
			FROM generate_series(1, $3::int) gs
			CROSS JOIN LATERAL (SELECT (ARRAY['diajukan','dijadwalkan','selesai','selesai','ditolak'])[1 + gs % 5] AS st,
				$4::timestamptz - (gs % 1000) * interval '1 day' AS c) x
			JOIN LATERAL (SELECT id, akun_id FROM pejabat WHERE state = 'aktif' AND akun_id IN (SELECT id FROM akun WHERE reference LIKE 'NAS-%')
				ORDER BY id OFFSET gs % 600 LIMIT 1) pj ON true`, []any{doc.ID, o.StaffID, o.Bimtek, o.Now}},
		{"audit", `INSERT INTO audit_log (at, actor_kind, actor_id, action, object_type, object_id, ip, detail)
			SELECT $1::timestamptz - (gs % 1400) * interval '1 day' - (gs % 86400) * interval '1 second',
				CASE WHEN gs % 3 = 0 THEN 'staf' ELSE 'registrator' END, CASE WHEN gs % 3 = 0 THEN $2::bigint ELSE 1 + gs % 600 END,
				(ARRAY['masuk.berhasil','permohonan.ajukan','permohonan.verifikasi_teknis','dokumen.unggah','permohonan.lihat','keluar'])[1 + gs % 6],
				CASE WHEN gs % 6 IN (1, 2, 4) THEN 'permohonan' WHEN gs % 6 = 3 THEN 'dokumen' ELSE 'sesi' END,
				CASE WHEN gs % 6 IN (1, 2, 4) THEN 1 + gs % $3::int END, '10.0.0.1', '{}'
			FROM generate_series(1, $4::int) gs`, []any{o.Now, o.StaffID, max(o.Permohonan, 1), o.Audit}},
	}
	for _, st := range steps {
		if _, err := tx.Exec(ctx, st.sql, st.args...); err != nil {
			return fmt.Errorf("store: nasional: %s: %w", st.name, err)
		}
	}
	return s.seedNasionalPengaduan(ctx, tx, o)
}

// seedNasionalPengaduan adds reports in every state, each with its reporter's identity encrypted to its own
// id as CreatePengaduan stores it; one in five is Anonim and one in ten Rahasia.
func (s *Store) seedNasionalPengaduan(ctx context.Context, tx pgx.Tx, o NasionalOptions) error {
	rows, err := tx.Query(ctx, `INSERT INTO pengaduan (reference, tracking_hash, judul, isi, lokasi, kategori, anonim, rahasia, state,
			handler_id, created_at, updated_at, closed_at)
		SELECT 'PGD-' || to_char(c AT TIME ZONE 'Asia/Jakarta', 'YYYY') || '-' || lpad(nextval('pengaduan_reference_seq')::text, 6, '0'),
			sha256(('nasional-' || gs)::bytea),
			(ARRAY['Data penerima bantuan tidak sesuai','Akses Sepakat tidak dapat dibuka','Permohonan belum diproses',
				'Jadwal bimtek berubah','Dugaan penyalahgunaan data'])[1 + gs % 5] || ' (' || gs || ')',
			'Uraian laporan nomor ' || gs || '.', 'Kabupaten Contoh', (ARRAY['permohonan_data','proses_layanan','bimtek',
				'penyalahgunaan_data','lainnya'])[1 + gs % 5], gs % 5 = 0, gs % 10 = 3, st,
			CASE WHEN st <> 'baru' THEN $1::bigint END, c, c + interval '2 days', CASE WHEN st = 'ditutup' THEN c + interval '9 days' END
		FROM generate_series(1, $2::int) gs
		CROSS JOIN LATERAL (SELECT (ARRAY['baru','menunggu_informasi','dijawab','ditutup','ditutup'])[1 + gs % 5] AS st,
			$3::timestamptz - (gs % 1000) * interval '1 day' AS c) x
		RETURNING id`, o.StaffID, o.Pengaduan, o.Now)
	if err != nil {
		return fmt.Errorf("store: nasional: pengaduan: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("store: nasional: pengaduan: %w", err)
	}
	batch := &pgx.Batch{}
	for _, id := range ids {
		plain := fmt.Appendf(nil, `{"nama":"Pelapor %d","instansi":"Dinas Sosial","jabatan":"Staf","email":""}`, id)
		keyID, enc, err := s.Keys.Seal(plain, pelaporAAD(id))
		if err != nil {
			return err
		}
		batch.Queue("INSERT INTO pengaduan_pelapor (pengaduan_id, identity_enc, key_id) VALUES ($1, $2, $3)", id, enc, keyID)
	}
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("store: nasional: pelapor: %w", err)
	}
	return nil
}

// nasionalPDF is a minimal well-formed PDF, the one stand-in document of the set.
var nasionalPDF = []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
	"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
