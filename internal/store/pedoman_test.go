package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/bappenas/portal-regsosek/internal/dbtest"
)

// The constraints of migration 011 hold in the database itself, whatever code writes: a training evidence
// of one kind carries its own column; an approved row carries its end, never past the end proposed; a KAK
// that could not be read lists no components.
func TestPedomanConstraints(t *testing.T) {
	t.Parallel()
	st := dbtest.New(t)
	ctx := context.Background()
	var akunID, pejabatID, permohonanID, rowID, docID, staffID int64
	setup := []struct {
		sql  string
		dest *int64
	}{
		{`INSERT INTO akun (reference, kategori, instansi_kode, instansi_nama, state, decided_at)
			VALUES ('AKUN-020', 'kabupaten_kota', '32.05', 'Pemerintah Kabupaten Garut', 'aktif', now()) RETURNING id`, &akunID},
		{`INSERT INTO documents (kind, original_name, content_type, size_bytes, sha256, key_id, nonce_prefix)
			VALUES ('dokumen', 'x.pdf', 'application/pdf', 1, decode(repeat('00', 32), 'hex'), 'k', '\x00') RETURNING id`, &docID},
		{`INSERT INTO pejabat (akun_id, state, instansi, unit_kerja, nama, nik_enc, nik_key_id, email, email_unit_kerja, phone, username,
				ktp_document_id, surat_tugas_document_id)
			SELECT $1, 'menunggu_verifikasi', 'Garut', 'Bappeda', 'Registrator', '\x00', 'k', 'r@garutkab.go.id', 'b@garutkab.go.id',
				'+6281234567890', 'registrator.020', $2, $2 RETURNING id`, &pejabatID},
		{`INSERT INTO permohonan (akun_id, reference, state) SELECT $1, 'PHA-020', 'draft' RETURNING id`, &permohonanID},
		{`INSERT INTO permohonan_rows (permohonan_id, pengguna, media) SELECT id, 'Dinas Sosial', 'sepakat' FROM permohonan WHERE reference = 'PHA-020' RETURNING id`, &rowID},
		{`INSERT INTO staff (username, nama, email, password_hash, totp_secret_enc, totp_key_id, roles)
			VALUES ('produsen.020', 'Produsen', 'p@bappenas.go.id', 'x', '\x00', 'k', ARRAY['produsen_data']) RETURNING id`, &staffID},
	}
	for _, s := range setup {
		var args []any
		switch s.dest {
		case &pejabatID:
			args = []any{akunID, docID}
		case &permohonanID:
			args = []any{akunID}
		}
		if err := st.Pool.QueryRow(ctx, s.sql, args...).Scan(s.dest); err != nil {
			t.Fatalf("setup: %v", err)
		}
	}
	refused := []struct {
		name string
		sql  string
		args []any
	}{
		{"a certificate without its document", `INSERT INTO operator_pelatihan (row_id, permohonan_id, jenis, recorded_by, recorded_at)
			VALUES ($1, $2, 'sertifikat', $3, now())`, []any{rowID, permohonanID, pejabatID}},
		{"a bimtek evidence carrying a document", `INSERT INTO operator_pelatihan (row_id, permohonan_id, jenis, document_id, recorded_by, recorded_at)
			VALUES ($1, $2, 'bimtek', $4, $3, now())`, []any{rowID, permohonanID, pejabatID, docID}},
		{"an unknown kind of evidence", `INSERT INTO operator_pelatihan (row_id, permohonan_id, jenis, document_id, recorded_by, recorded_at)
			VALUES ($1, $2, 'kursus', $4, $3, now())`, []any{rowID, permohonanID, pejabatID, docID}},
		{"an approved row without its end", `INSERT INTO row_decisions (permohonan_id, row_id, decision, jenis_data, decided_by, at)
			VALUES ($2, $1, 'setuju', 'mikro', $3, now())`, []any{rowID, permohonanID, staffID}},
		{"an end past the proposal", `INSERT INTO row_decisions (permohonan_id, row_id, decision, jenis_data, decided_by, at, sampai, usulan)
			VALUES ($2, $1, 'setuju', 'mikro', $3, now(), '2027-12-31', '2027-06-30')`, []any{rowID, permohonanID, staffID}},
		{"a period with both an end and months", `UPDATE permohonan_rows SET periode_selesai = '2027-12-31', periode_bulan = 12 WHERE id = $1`, []any{rowID}},
		{"an unreadable KAK with components", `INSERT INTO kak_bacaan (document_id, terbaca, komponen, dibaca_at) VALUES ($1, false, '{a}', now())`, []any{docID}},
		{"a component that does not exist", `INSERT INTO kak_bacaan (document_id, terbaca, komponen, dibaca_at) VALUES ($1, true, '{g}', now())`, []any{docID}},
	}
	for _, tt := range refused {
		_, err := st.Pool.Exec(ctx, tt.sql, tt.args...)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "23514" {
			t.Errorf("%s: %v, want a check violation", tt.name, err)
		}
	}
	// The valid ones pass.
	if _, err := st.Pool.Exec(ctx, `INSERT INTO operator_pelatihan (row_id, permohonan_id, jenis, document_id, recorded_by, recorded_at)
		VALUES ($1, $2, 'sertifikat', $4, $3, now())`, rowID, permohonanID, pejabatID, docID); err != nil {
		t.Errorf("a certificate: %v", err)
	}
	if _, err := st.Pool.Exec(ctx, `INSERT INTO row_decisions (permohonan_id, row_id, decision, jenis_data, decided_by, at, sampai, usulan)
		VALUES ($2, $1, 'setuju', 'mikro', $3, now(), '2027-03-31', '2027-06-30')`, rowID, permohonanID, staffID); err != nil {
		t.Errorf("a shortened end: %v", err)
	}
}
