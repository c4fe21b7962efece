package store_test

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// Key rotation (issue 14 item 11): a database written under two old keys — documents of one and of several
// segments, a draft, an official's NIK, a staff member's TOTP secret, a reporter's identity, a Sepakat
// password — is sealed again under a new key by a run stopped after two items and a second run that finishes;
// then, with the old keys gone from the keyring, every document opens byte for byte and every value reads back.
func TestRotateKeys(t *testing.T) {
	t.Parallel()
	st := dbtest.New(t)
	ctx := context.Background()
	now := time.Now()
	st.Keys = dbtest.Keys(t, "lama1")
	big := docFile(docMagicPDF, 3*64<<10+123)
	bigDoc := mustPutDoc(t, st, st.Keys, dokumen.Dokumen, "besar.pdf", big)
	st.Keys = dbtest.Keys(t, "lama2", "lama1")

	// A registration: the draft with its uploads, then the account with the official's NIK.
	draftID := "00000000-0000-4000-8000-00000000abcd"
	ktp := docFile(docMagicPNG, 4000)
	var docs map[dokumen.Kind]dokumen.Document
	payload := []byte(`{"nama":"Budi"}`)
	if err := st.SaveDraftUploads(ctx, draftID, []dokumen.Upload{{Kind: dokumen.KTP, Name: "ktp.png", R: bytes.NewReader(ktp)},
		{Kind: dokumen.SuratTugas, Name: "st.pdf", R: bytes.NewReader(docFile(docMagicPDF, 2000))}},
		func(d map[dokumen.Kind]dokumen.Document) ([]byte, string, error) {
			docs = d
			keyID, enc, err := st.Keys.Seal(payload, store.DraftAAD(draftID))
			return enc, keyID, err
		}, now, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	const nik = "3273012706670001"
	reg, err := st.CreateRegistration(ctx, draftID, account.NewRegistration{Kategori: "kabupaten_kota", InstansiKode: "32.73", InstansiNama: "Kota Bandung",
		Pejabat: account.NewPejabat{Instansi: "Kota Bandung", UnitKerja: "Unit Data", Nama: "Budi", NIK: nik, Jabatan: "Analis", Email: "budi@bandung.go.id",
			EmailUnitKerja: "data@bandung.go.id", Phone: "+6281234567890", Username: "budi.bandung", PasswordHash: "x",
			KTPDocumentID: docs[dokumen.KTP].ID, SuratTugasDocumentID: docs[dokumen.SuratTugas].ID}}, account.Actor{Kind: account.ActorSistem}, now)
	if err != nil {
		t.Fatal(err)
	}
	// The draft's payload was saved with SaveDraftUploads; CreateRegistration keeps the draft (a second Simpan finds it).
	staffID, err := st.CreateStaff(ctx, account.NewStaff{Username: "petugas.kunci", Nama: "Petugas", Email: "p@bappenas.go.id", PasswordHash: "x",
		TOTPSecret: "JBSWY3DPEHPK3PXP", Roles: []account.Role{account.RoleAdmin}}, account.Actor{Kind: account.ActorSistem})
	if err != nil {
		t.Fatal(err)
	}
	pengaduanID, _, err := st.CreatePengaduan(ctx, layanan.NewPengaduan{Laporan: layanan.Laporan{Judul: "Judul", Isi: "Isi laporan yang cukup panjang.",
		Lokasi: "Bandung", Kategori: layanan.KategoriPermohonan, Pelapor: layanan.Pelapor{Nama: "Siti Pelapor", Instansi: "Bappeda", Jabatan: "Analis",
			Email: "siti@bandung.go.id"}}, TrackingHash: bytes.Repeat([]byte{7}, 32)}, nil, account.Actor{Kind: account.ActorPublik}, now)
	if err != nil {
		t.Fatal(err)
	}
	var permohonanID, rowID, aksesID int64
	if err := st.Pool.QueryRow(ctx, `INSERT INTO permohonan (akun_id, reference, state, submitted_at, decided_at) VALUES ($1, 'PHA-KUNCI', 'akses_diberikan', now(), now())
		RETURNING id`, reg.AkunID).Scan(&permohonanID); err != nil {
		t.Fatal(err)
	}
	if err := st.Pool.QueryRow(ctx, "INSERT INTO permohonan_rows (permohonan_id, pengguna, jenis_data, media) VALUES ($1, 'Dinas', 'mikro', 'sepakat') RETURNING id",
		permohonanID).Scan(&rowID); err != nil {
		t.Fatal(err)
	}
	keyID, enc, err := st.Keys.Seal([]byte("Sandi-Sepakat-Rahasia"), store.PasswordAAD(rowID))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Pool.QueryRow(ctx, `INSERT INTO akses_akun (permohonan_id, row_id, username, wilayah, jenis_data, berlaku_sampai, password_enc, password_key_id,
		state, created_at, updated_at, provisioned_at) VALUES ($1, $2, 'dinas.3273', '32.73', 'mikro', '2027-12-31', $3, $4, 'aktif', now(), now(), now()) RETURNING id`,
		permohonanID, rowID, enc, keyID).Scan(&aksesID); err != nil {
		t.Fatal(err)
	}

	st.Keys = dbtest.Keys(t, "baru", "lama2", "lama1")
	r, err := st.RotateKeys(ctx, store.KeyRotation{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if total(r.Rotated) != 2 || r.Remaining == 0 {
		t.Fatalf("a run limited to 2: rotated %v, %d left", r.Rotated, r.Remaining)
	}
	first := r.Rotated
	r, err = st.RotateKeys(ctx, store.KeyRotation{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Remaining != 0 || r.Current != "baru" || first["dokumen"]+r.Rotated["dokumen"] != 3 || r.Rotated["nik pejabat"] != 1 ||
		r.Rotated["kata sandi Sepakat"] != 1 || r.Rotated["draf pendaftaran"] != 1 {
		t.Fatalf("second run: rotated %v after %v, %d left", r.Rotated, first, r.Remaining)
	}
	used, err := st.KeysInUse(ctx)
	if err != nil || len(used) != 1 || used["baru"] == 0 {
		t.Fatalf("keys in use after rotation: %v, %v", used, err)
	}

	st.Keys = dbtest.Keys(t, "baru") // the old keys are gone
	for _, c := range []struct {
		id   int64
		want []byte
	}{{bigDoc.ID, big}, {docs[dokumen.KTP].ID, ktp}} {
		var out bytes.Buffer
		if err := st.WriteDocument(ctx, c.id, &out); err != nil || !bytes.Equal(out.Bytes(), c.want) {
			t.Errorf("document %d after rotation: %v (equal %v)", c.id, err, bytes.Equal(out.Bytes(), c.want))
		}
	}
	if d, err := st.ViewPejabatForReview(ctx, firstPejabat(t, st, reg.AkunID), account.Sistem); err != nil || d.NIK != nik {
		t.Errorf("NIK after rotation: %q, %v", d.NIK, err)
	}
	if s, err := st.StaffTOTPSecret(ctx, staffID); err != nil || s != "JBSWY3DPEHPK3PXP" {
		t.Errorf("TOTP secret after rotation: %q, %v", s, err)
	}
	if p, err := st.PengaduanForStaff(ctx, pengaduanID, layanan.ViewerFor(staffID, []account.Role{account.RolePengelolaLayanan}), account.Sistem); err != nil ||
		p.Pelapor == nil || p.Pelapor.Nama != "Siti Pelapor" {
		t.Errorf("reporter after rotation: %+v, %v", p.Pelapor, err)
	}
	if pw, err := st.RevealPassword(ctx, permohonanID, reg.AkunID, aksesID, account.Sistem); err != nil || pw != "Sandi-Sepakat-Rahasia" {
		t.Errorf("Sepakat password after rotation: %q, %v", pw, err)
	}
	d, err := st.FindDraft(ctx, draftID, now)
	if err != nil {
		t.Fatal(err)
	}
	if plain, err := st.Keys.Open(d.KeyID, d.Payload, store.DraftAAD(draftID)); err != nil || !bytes.Equal(plain, payload) {
		t.Errorf("draft after rotation: %q, %v", plain, err)
	}
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func firstPejabat(t *testing.T, st *store.Store, akunID int64) int64 {
	t.Helper()
	var id int64
	if err := st.Pool.QueryRow(context.Background(), "SELECT id FROM pejabat WHERE akun_id = $1", akunID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// Every column of the schema that holds an encryption key id is one key rotation seals again: a new
// encrypted column must join store.sealedColumns.
func TestRotationKnowsEveryEncryptedColumn(t *testing.T) {
	t.Parallel()
	st := dbtest.New(t)
	rows, err := st.Pool.Query(context.Background(), `SELECT table_name || '.' || column_name FROM information_schema.columns
		WHERE table_schema = 'public' AND column_name LIKE '%key_id' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	known := store.SealedKeyColumns()
	for rows.Next() {
		var col string
		if err := rows.Scan(&col); err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(known, col) {
			t.Errorf("%s holds a key id but key rotation does not know it (store/keys_rotate.go, sealedColumns)", col)
		}
	}
}
