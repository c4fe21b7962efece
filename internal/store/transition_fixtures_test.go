package store_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/store"
)

// setState puts a fixture row straight into a state with the columns that state needs. Only tests write a
// state column this way: the portal moves rows through their transitions.
func setState(t *testing.T, st *store.Store, table string, id int64, state string, set []store.Set) {
	t.Helper()
	q, args := "UPDATE "+table+" SET state = $2", []any{id, state}
	for _, kv := range set {
		args = append(args, kv.Val)
		q += ", " + kv.Col + " = $" + strconv.Itoa(len(args))
	}
	if _, err := st.Pool.Exec(context.Background(), q+" WHERE id = $1", args...); err != nil {
		t.Fatalf("fixture %s %d in %s: %v", table, id, state, err)
	}
}

// rowFixtures makes rows of the smaller machines, each with parents of its own so one-open-per-parent
// indexes never meet.
type rowFixtures struct {
	st    *store.Store
	now   time.Time
	seq   int
	staff int64
	doc   int64
}

func newRowFixtures(t *testing.T, st *store.Store) *rowFixtures {
	f := &rowFixtures{st: st, now: time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)}
	ctx := context.Background()
	if err := st.Pool.QueryRow(ctx, `INSERT INTO staff (username, nama, email, password_hash, totp_secret_enc, totp_key_id, roles)
		VALUES ('uji.petugas', 'Petugas Uji', 'uji@bappenas.go.id', 'x', '\x00', 'k1', '{produsen_data}') RETURNING id`).Scan(&f.staff); err != nil {
		t.Fatal(err)
	}
	if err := st.Pool.QueryRow(ctx, `INSERT INTO documents (kind, original_name, content_type, size_bytes, sha256, key_id, nonce_prefix)
		VALUES ('ktp', 'ktp.png', 'image/png', 1, decode(repeat('00', 32), 'hex'), 'k1', '\x00') RETURNING id`).Scan(&f.doc); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *rowFixtures) insert(t *testing.T, q string, args ...any) int64 {
	t.Helper()
	var id int64
	if err := f.st.Pool.QueryRow(context.Background(), q, args...).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// newAkun inserts an active account of a kab/kota of its own.
func (f *rowFixtures) newAkun(t *testing.T, state string) int64 {
	f.seq++
	id := f.insert(t, `INSERT INTO akun (reference, kategori, instansi_kode, instansi_nama, state) VALUES ($1, 'kabupaten_kota', $2, 'Uji', 'menunggu_verifikasi') RETURNING id`,
		fmt.Sprintf("AKUN-UJI-%05d", f.seq), fmt.Sprintf("99.%05d", f.seq))
	if state != "menunggu_verifikasi" {
		setState(t, f.st, "akun", id, state, f.akunCols(state))
	}
	return id
}

func (f *rowFixtures) akun(t *testing.T, _ *store.Store, state string) int64 {
	return f.newAkun(t, state)
}

func (f *rowFixtures) akunCols(state string) []store.Set {
	return []store.Set{{Col: "decided_at", Val: when(state != "menunggu_verifikasi", f.now)}, {Col: "reject_reason", Val: when(state == "ditolak", "alasan uji")}}
}

func (f *rowFixtures) pejabat(t *testing.T, _ *store.Store, state string) int64 {
	akun := f.newAkun(t, "aktif")
	id := f.insert(t, `INSERT INTO pejabat (akun_id, state, instansi, unit_kerja, nama, nik_enc, nik_key_id, email, email_unit_kerja, phone, username,
			ktp_document_id, surat_tugas_document_id) VALUES ($1, 'menunggu_verifikasi', 'Uji', 'Unit', 'Pejabat Uji', '\x00', 'k1', 'p@uji.go.id',
			'u@uji.go.id', '+6281234567890', $2, $3, $3) RETURNING id`, akun, fmt.Sprintf("pejabat%05d", f.seq), f.doc)
	if state != "menunggu_verifikasi" {
		setState(t, f.st, "pejabat", id, state, f.pejabatCols(state))
	}
	return id
}

func (f *rowFixtures) pejabatCols(state string) []store.Set {
	return []store.Set{{Col: "password_hash", Val: "x"}, {Col: "activated_at", Val: when(state == "aktif" || state == "diganti", f.now)},
		{Col: "decided_at", Val: when(state != "menunggu_verifikasi", f.now)}, {Col: "reject_reason", Val: when(state == "ditolak", "alasan uji")},
		{Col: "ended_at", Val: when(state == "diganti", f.now)}}
}

// newPermohonan inserts a permohonan with access given, of an account and an official of its own.
func (f *rowFixtures) newPermohonan(t *testing.T) (permohonan, pejabat int64) {
	akun := f.newAkun(t, "aktif")
	pejabat = f.insert(t, `INSERT INTO pejabat (akun_id, state, instansi, unit_kerja, nama, nik_enc, nik_key_id, email, email_unit_kerja, phone, username,
			ktp_document_id, surat_tugas_document_id, password_hash, activated_at) VALUES ($1, 'aktif', 'Uji', 'Unit', 'Pejabat Uji', '\x00', 'k1',
			'p@uji.go.id', 'u@uji.go.id', '+6281234567890', $2, $3, $3, 'x', now()) RETURNING id`, akun, fmt.Sprintf("pemohon%05d", f.seq), f.doc)
	permohonan = f.insert(t, `INSERT INTO permohonan (akun_id, reference, state, submitted_at, decided_at) VALUES ($1, $2, 'akses_diberikan', now(), now())
		RETURNING id`, akun, fmt.Sprintf("PHA-ROW-%05d", f.seq))
	return permohonan, pejabat
}

func (f *rowFixtures) cetak(t *testing.T, _ *store.Store, state string) int64 {
	p, pj := f.newPermohonan(t)
	id := f.insert(t, `INSERT INTO permintaan_cetak (permohonan_id, penerima, alamat, phone, requested_by, requested_at, state)
		VALUES ($1, 'Penerima', 'Jalan Uji Nomor 1', '+6281234567890', $2, now(), 'diminta') RETURNING id`, p, pj)
	if state != "diminta" {
		setState(t, f.st, "permintaan_cetak", id, state, f.cetakCols(state))
	}
	return id
}

func (f *rowFixtures) cetakCols(state string) []store.Set {
	return []store.Set{{Col: "handled_at", Val: when(state == "dikirim", f.now)}, {Col: "handled_by", Val: when(state == "dikirim", f.staff)}}
}

func (f *rowFixtures) perpanjangan(t *testing.T, _ *store.Store, state string) int64 {
	p, pj := f.newPermohonan(t)
	id := f.insert(t, `INSERT INTO perpanjangan (permohonan_id, sampai_diminta, alasan, requested_by, requested_at, state)
		VALUES ($1, '2027-12-31', 'alasan perpanjangan uji', $2, now(), 'diajukan') RETURNING id`, p, pj)
	if state != "diajukan" {
		setState(t, f.st, "perpanjangan", id, state, f.perpanjanganCols(state))
	}
	return id
}

func (f *rowFixtures) perpanjanganCols(state string) []store.Set {
	return []store.Set{{Col: "decided_at", Val: when(state != "diajukan", f.now)}, {Col: "sampai_disetujui", Val: when(state == "disetujui", "2027-12-31")},
		{Col: "reject_reason", Val: when(state == "ditolak", "alasan uji")}}
}

// rilis inserts a release; the public one steps aside first, as at most one release is public.
func (f *rowFixtures) rilis(t *testing.T, _ *store.Store, state string) int64 {
	f.seq++
	if _, err := f.st.Pool.Exec(context.Background(), "UPDATE dasbor_rilis SET state = 'arsip' WHERE state = 'terbit'"); err != nil {
		t.Fatal(err)
	}
	id := f.insert(t, `INSERT INTO dasbor_rilis (versi, judul, sumber, sintetis, state) VALUES ($1, 'Rilis uji', 'Uji', true, 'draf') RETURNING id`, f.seq)
	if state != "draf" {
		setState(t, f.st, "dasbor_rilis", id, state, f.rilisCols(state))
	}
	return id
}

func (f *rowFixtures) rilisCols(state string) []store.Set {
	return []store.Set{{Col: "published_at", Val: when(state != "draf", f.now)}}
}

// when is v if cond, else NULL.
func when(cond bool, v any) any {
	if !cond {
		return nil
	}
	return v
}

func (f *rowFixtures) aksesAkun(t *testing.T, _ *store.Store, state string) int64 {
	p, _ := f.newPermohonan(t)
	row := f.insert(t, "INSERT INTO permohonan_rows (permohonan_id, pengguna, jenis_data, media) VALUES ($1, 'Dinas Uji', 'mikro', 'sepakat') RETURNING id", p)
	id := f.insert(t, `INSERT INTO akses_akun (permohonan_id, row_id, username, wilayah, jenis_data, berlaku_sampai, password_enc, password_key_id,
			state, created_at, updated_at) VALUES ($1, $2, $3, '32.73', 'mikro', '2027-12-31', '\x00', 'k1', 'disiapkan', now(), now()) RETURNING id`,
		p, row, fmt.Sprintf("dinasuji.%05d", f.seq))
	if state != "disiapkan" {
		setState(t, f.st, "akses_akun", id, state, f.aksesAkunCols(state))
	}
	return id
}

func (f *rowFixtures) aksesAkunCols(state string) []store.Set {
	ended := state == "berakhir" || state == "dicabut" || state == "diganti"
	reason := map[string]string{"berakhir": "kedaluwarsa", "dicabut": "dicabut", "diganti": "diganti"}[state]
	return []store.Set{{Col: "provisioned_at", Val: when(state != "disiapkan" && state != "gagal", f.now)},
		{Col: "last_error", Val: when(state == "gagal", "ditolak Sepakat")},
		{Col: "ended_at", Val: when(ended, f.now)}, {Col: "end_reason", Val: when(ended, reason)}}
}

// penggantian inserts a Penggantian Operator of a permohonan of its own.
func (f *rowFixtures) penggantian(t *testing.T, _ *store.Store, state string) int64 {
	p, pj := f.newPermohonan(t)
	id := f.insert(t, `INSERT INTO penggantian_operator (permohonan_id, state, operator_nama, operator_jabatan, operator_nip, operator_email,
			operator_phone, sk_document_id, diajukan_oleh, diajukan_at) VALUES ($1, 'diajukan', 'Operator Baru', 'Pranata Komputer',
			'198001012005011003', 'baru@uji.go.id', '+6281234567890', $2, $3, now()) RETURNING id`, p, f.doc, pj)
	if state != "diajukan" {
		setState(t, f.st, "penggantian_operator", id, state, f.penggantianCols(state))
	}
	return id
}

func (f *rowFixtures) penggantianCols(state string) []store.Set {
	decided := state == "disetujui" || state == "selesai" || state == "belum_sesuai"
	return []store.Set{{Col: "diputuskan_at", Val: when(decided, f.now)}, {Col: "diputuskan_oleh", Val: when(decided, f.staff)},
		{Col: "catatan_verifikator", Val: when(state == "belum_sesuai", "SK belum ditandatangani")},
		{Col: "ditutup_at", Val: when(state == "selesai" || state == "belum_sesuai" || state == "dibatalkan", f.now)}}
}

// usulan inserts a proposed PKS text of a permohonan of its own.
func (f *rowFixtures) usulan(t *testing.T, _ *store.Store, state string) int64 {
	p, pj := f.newPermohonan(t)
	id := f.insert(t, `INSERT INTO usulan_perjanjian (permohonan_id, kind, document_id, catatan, state, diajukan_oleh, diajukan_at)
		VALUES ($1, 'pks', $2, 'Pasal 5 ayat 2 diubah', 'diajukan', $3, now()) RETURNING id`, p, f.doc, pj)
	if state != "diajukan" {
		setState(t, f.st, "usulan_perjanjian", id, state, f.usulanCols(state))
	}
	return id
}

func (f *rowFixtures) usulanCols(state string) []store.Set {
	return []store.Set{{Col: "diputuskan_at", Val: when(state != "diajukan", f.now)}, {Col: "diputuskan_oleh", Val: when(state != "diajukan", f.staff)},
		{Col: "alasan_tolak", Val: when(state == "ditolak", "alasan uji")}}
}

// pemusnahan inserts a Berita Acara Pemusnahan asked for an account of its own that ended.
func (f *rowFixtures) pemusnahan(t *testing.T, st *store.Store, state string) int64 {
	akun := f.aksesAkun(t, st, "berakhir")
	id := f.insert(t, `INSERT INTO pemusnahan (permohonan_id, akun_id, row_id, alasan, berakhir_at, tenggat, state)
		SELECT permohonan_id, id, row_id, 'kedaluwarsa', now(), '2027-01-31', 'menunggu' FROM akses_akun WHERE id = $1 RETURNING id`, akun)
	if state != "menunggu" {
		setState(t, f.st, "pemusnahan", id, state, f.pemusnahanCols(state))
	}
	return id
}

func (f *rowFixtures) pemusnahanCols(state string) []store.Set {
	var pejabat int64
	_ = f.st.Pool.QueryRow(context.Background(), "SELECT min(id) FROM pejabat").Scan(&pejabat)
	return []store.Set{{Col: "document_id", Val: when(state == "diunggah", f.doc)}, {Col: "diunggah_at", Val: when(state == "diunggah", f.now)},
		{Col: "diunggah_oleh", Val: when(state == "diunggah", pejabat)}, {Col: "dibatalkan_at", Val: when(state == "dibatalkan", f.now)}}
}
