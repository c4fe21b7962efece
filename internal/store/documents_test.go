package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/store"
)

var (
	docMagicPDF  = []byte("%PDF-1.7\n")
	docMagicJPEG = []byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F'}
	docMagicPNG  = []byte{0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}
	docMagicEXE  = []byte("MZ\x90\x00\x03\x00\x00\x00")
	docMagicZIP  = []byte("PK\x03\x04")
	docMagicHTML = []byte("<!DOCTYPE html><script>alert(1)</script>")
)

// docFile returns size bytes starting with magic, filled with a pattern that repeats only every 251 bytes.
func docFile(magic []byte, size int) []byte {
	b := make([]byte, size)
	for i := range b {
		b[i] = byte(i % 251)
	}
	copy(b, magic)
	return b
}

// keyed is st with another keyring, for the tests of keys and rotation.
func keyed(st *store.Store, kr *crypt.Keyring) *store.Store {
	k := *st
	k.Keys = kr
	return &k
}

// mustPutDoc stores content in its own committed transaction.
func mustPutDoc(t *testing.T, st *store.Store, kr *crypt.Keyring, kind dokumen.Kind, name string, content []byte) dokumen.Document {
	t.Helper()
	var doc dokumen.Document
	err := pgx.BeginFunc(context.Background(), st.Pool, func(tx pgx.Tx) error {
		var err error
		doc, err = keyed(st, kr).PutDocument(context.Background(), tx, kind, name, bytes.NewReader(content), nil)
		return err
	})
	if err != nil {
		t.Fatalf("PutDocument(%s, %q, %d bytes): %v", kind, name, len(content), err)
	}
	return doc
}

func mustReadDoc(t *testing.T, st *store.Store, kr *crypt.Keyring, id int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := keyed(st, kr).WriteDocument(context.Background(), id, &buf); err != nil {
		t.Fatalf("WriteDocument(%d): %v", id, err)
	}
	return buf.Bytes()
}

func countDocRows(t *testing.T, q pgx.Tx, st *store.Store) (docs, segs int) {
	t.Helper()
	ctx := context.Background()
	const sql = "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM document_segments)"
	var err error
	if q != nil {
		err = q.QueryRow(ctx, sql).Scan(&docs, &segs)
	} else {
		err = st.Pool.QueryRow(ctx, sql).Scan(&docs, &segs)
	}
	if err != nil {
		t.Fatal(err)
	}
	return docs, segs
}

func TestDocumentRoundTrip(t *testing.T) {
	st := dbtest.New(t)
	kr := dbtest.Keys(t, "k1")
	ctx := context.Background()
	tests := []struct {
		name     string
		kind     dokumen.Kind
		content  []byte
		wantType string
		wantSegs int
	}{
		// A 1-byte file cannot start with any accepted magic (TestDocumentUploadRules refuses it), so the
		// smallest round trip is a bare 5-byte PDF header; "64 KiB + 1" ends with a 1-byte final segment.
		{"smallest PDF, 5 bytes", dokumen.Dokumen, []byte("%PDF-"), dokumen.TypePDF, 1},
		{"64 KiB exactly", dokumen.SuratTugas, docFile(docMagicPDF, crypt.SegmentSize), dokumen.TypePDF, 1},
		{"64 KiB + 1", dokumen.SuratTugas, docFile(docMagicPDF, crypt.SegmentSize+1), dokumen.TypePDF, 2},
		{"about 3 MB", dokumen.KTP, docFile(docMagicPNG, 3<<20+12345), dokumen.TypePNG, 49},
		{"5 MB exactly", dokumen.KTP, docFile(docMagicJPEG, 5<<20), dokumen.TypeJPEG, 80},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustPutDoc(t, st, kr, tt.kind, "berkas-uji.bin", tt.content)
			sum := sha256.Sum256(tt.content)
			if doc.Size != int64(len(tt.content)) || !bytes.Equal(doc.SHA256, sum[:]) || doc.ContentType != tt.wantType {
				t.Errorf("PutDocument = size %d type %s sha %x; want %d %s %x", doc.Size, doc.ContentType, doc.SHA256,
					len(tt.content), tt.wantType, sum)
			}
			found, err := st.FindDocument(ctx, doc.ID)
			if err != nil {
				t.Fatal(err)
			}
			if found.Size != doc.Size || !bytes.Equal(found.SHA256, doc.SHA256) || found.Kind != tt.kind ||
				found.ContentType != tt.wantType || found.OriginalName != doc.OriginalName || found.DraftID != nil ||
				!found.CreatedAt.Equal(doc.CreatedAt) {
				t.Errorf("FindDocument = %+v, PutDocument returned %+v", found, doc)
			}
			var segs int
			if err := st.Pool.QueryRow(ctx, "SELECT count(*) FROM document_segments WHERE document_id = $1", doc.ID).Scan(&segs); err != nil {
				t.Fatal(err)
			}
			if segs != tt.wantSegs {
				t.Errorf("%d segments, want %d", segs, tt.wantSegs)
			}
			got := mustReadDoc(t, st, kr, doc.ID)
			if gotSum := sha256.Sum256(got); !bytes.Equal(got, tt.content) || gotSum != sum {
				t.Errorf("WriteDocument returned %d bytes (sha %x), want %d (sha %x)", len(got), gotSum, len(tt.content), sum)
			}
		})
	}
}

func TestDocumentUploadRules(t *testing.T) {
	st := dbtest.New(t)
	kr := dbtest.Keys(t, "k1")
	const (
		mustPDF = "Jenis berkas harus PDF."
		mustKTP = "Jenis berkas harus PDF, JPG atau PNG."
	)
	tests := []struct {
		name    string
		kind    dokumen.Kind
		file    string
		content []byte
		wantErr string // "" when accepted
	}{
		{"ktp pdf", dokumen.KTP, "ktp.pdf", docFile(docMagicPDF, 2000), ""},
		{"ktp jpg", dokumen.KTP, "ktp.jpg", docFile(docMagicJPEG, 2000), ""},
		{"ktp png", dokumen.KTP, "ktp.png", docFile(docMagicPNG, 2000), ""},
		{"surat tugas pdf", dokumen.SuratTugas, "st.pdf", docFile(docMagicPDF, 2000), ""},
		{"dokumen pdf", dokumen.Dokumen, "d.pdf", docFile(docMagicPDF, 2000), ""},
		{"surat tugas jpg", dokumen.SuratTugas, "st.jpg", docFile(docMagicJPEG, 2000), mustPDF},
		{"dokumen png", dokumen.Dokumen, "d.png", docFile(docMagicPNG, 2000), mustPDF},
		{"exe renamed pdf", dokumen.SuratTugas, "st.pdf", docFile(docMagicEXE, 2000), mustPDF},
		{"exe renamed jpg for ktp", dokumen.KTP, "ktp.jpg", docFile(docMagicEXE, 2000), mustKTP},
		{"zip renamed pdf", dokumen.Dokumen, "d.pdf", docFile(docMagicZIP, 2000), mustPDF},
		{"html renamed pdf", dokumen.KTP, "ktp.pdf", docMagicHTML, mustKTP},
		{"pdf header not at start", dokumen.Dokumen, "d.pdf", append([]byte(" "), docFile(docMagicPDF, 100)...), mustPDF},
		{"one byte", dokumen.Dokumen, "d.pdf", []byte("%"), mustPDF},
		{"empty", dokumen.KTP, "ktp.pdf", nil, "Berkas kosong."},
		{"empty surat tugas", dokumen.SuratTugas, "st.pdf", []byte{}, "Berkas kosong."},
		{"ktp 5 MB + 1", dokumen.KTP, "ktp.jpg", docFile(docMagicJPEG, 5<<20+1), "Ukuran berkas melebihi 5 MB."},
		{"surat tugas 10 MB + 1", dokumen.SuratTugas, "st.pdf", docFile(docMagicPDF, 10<<20+1), "Ukuran berkas melebihi 10 MB."},
		{"surat tugas 6 MB", dokumen.SuratTugas, "st.pdf", docFile(docMagicPDF, 6<<20), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := countDocRows(t, nil, st)
			var doc dokumen.Document
			err := pgx.BeginFunc(context.Background(), st.Pool, func(tx pgx.Tx) error {
				var err error
				doc, err = keyed(st, kr).PutDocument(context.Background(), tx, tt.kind, tt.file, bytes.NewReader(tt.content), nil)
				return err
			})
			after, _ := countDocRows(t, nil, st)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if after != before+1 || doc.ID == 0 {
					t.Errorf("documents went from %d to %d", before, after)
				}
				return
			}
			ue, ok := errors.AsType[*dokumen.UploadError](err)
			if !ok {
				t.Fatalf("err = %v, want *UploadError %q", err, tt.wantErr)
			}
			if ue.Message != tt.wantErr {
				t.Errorf("message = %q, want %q", ue.Message, tt.wantErr)
			}
			if after != before {
				t.Errorf("a refused upload left a row: documents went from %d to %d", before, after)
			}
		})
	}

	t.Run("unknown kind", func(t *testing.T) {
		err := pgx.BeginFunc(context.Background(), st.Pool, func(tx pgx.Tx) error {
			_, err := keyed(st, kr).PutDocument(context.Background(), tx, "foto", "a.pdf", bytes.NewReader(docFile(docMagicPDF, 10)), nil)
			return err
		})
		if err == nil {
			t.Fatal("accepted an unknown kind")
		}
		if _, ok := errors.AsType[*dokumen.UploadError](err); ok {
			t.Errorf("unknown kind is a programming error, not an UploadError: %v", err)
		}
	})
}

// endlessPDF is a PDF that never ends; it counts how much was read from it.
type endlessPDF struct{ read int64 }

func (e *endlessPDF) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
		if e.read+int64(i) < int64(len(docMagicPDF)) {
			p[i] = docMagicPDF[e.read+int64(i)]
		}
	}
	e.read += int64(len(p))
	return len(p), nil
}

func TestDocumentTooLargeStopsReadingAndKeepsTxUsable(t *testing.T) {
	st := dbtest.New(t)
	kr := dbtest.Keys(t, "k1")
	ctx := context.Background()
	tx, err := st.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	first, err := keyed(st, kr).PutDocument(ctx, tx, dokumen.KTP, "ktp.pdf", bytes.NewReader(docFile(docMagicPDF, 1000)), nil)
	if err != nil {
		t.Fatal(err)
	}

	r := &endlessPDF{}
	_, err = keyed(st, kr).PutDocument(ctx, tx, dokumen.KTP, "besar.pdf", r, nil)
	if ue, ok := errors.AsType[*dokumen.UploadError](err); !ok || ue.Message != "Ukuran berkas melebihi 5 MB." {
		t.Fatalf("err = %v, want the size UploadError", err)
	}
	if max := dokumen.RuleFor(dokumen.KTP).MaxBytes + 1; r.read > max {
		t.Errorf("read %d bytes, more than MaxBytes+1 = %d", r.read, max)
	}

	// The refused upload was rolled back to its savepoint: the transaction still works, with only the first
	// document in it.
	docs, segs := countDocRows(t, tx, st)
	if docs != 1 || segs != 1 {
		t.Errorf("after a refused upload the tx holds %d documents and %d segments, want 1 and 1", docs, segs)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatalf("commit after a refused upload: %v", err)
	}
	if got := mustReadDoc(t, st, kr, first.ID); !bytes.Equal(got, docFile(docMagicPDF, 1000)) {
		t.Error("first document damaged")
	}
}

func TestDocumentRollbackLeavesNothing(t *testing.T) {
	st := dbtest.New(t)
	kr := dbtest.Keys(t, "k1")
	ctx := context.Background()
	tx, err := st.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := keyed(st, kr).PutDocument(ctx, tx, dokumen.KTP, "ktp.png", bytes.NewReader(docFile(docMagicPNG, 300_000)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if docs, segs := countDocRows(t, tx, st); docs != 1 || segs != 5 {
		t.Fatalf("inside the tx: %d documents, %d segments; want 1 and 5", docs, segs)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if docs, segs := countDocRows(t, nil, st); docs != 0 || segs != 0 {
		t.Errorf("after rollback: %d documents, %d segments; want none", docs, segs)
	}
	if _, err := st.FindDocument(ctx, doc.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("FindDocument after rollback: err = %v, want ErrNotFound", err)
	}
}

func TestDocumentNotFound(t *testing.T) {
	st := dbtest.New(t)
	kr := dbtest.Keys(t, "k1")
	if _, err := st.FindDocument(context.Background(), 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("FindDocument: err = %v, want ErrNotFound", err)
	}
	if err := keyed(st, kr).WriteDocument(context.Background(), 999, io.Discard); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("WriteDocument: err = %v, want ErrNotFound", err)
	}
}

func TestDocumentStoredEncrypted(t *testing.T) {
	st := dbtest.New(t)
	kr := dbtest.Keys(t, "k1")
	marker := []byte("NIK 3171012345678901 BUDI SANTOSO ")
	content := append(bytes.Clone(docMagicPDF), bytes.Repeat(marker, 10000)...) // ~340 KB, 6 segments
	doc := mustPutDoc(t, st, kr, dokumen.KTP, "ktp.pdf", content)

	var withMarker, total, stored int64
	err := st.Pool.QueryRow(context.Background(), `
		SELECT count(*) FILTER (WHERE position($2::bytea IN data) > 0), count(*), sum(length(data))
		FROM document_segments WHERE document_id = $1`, doc.ID, marker).Scan(&withMarker, &total, &stored)
	if err != nil {
		t.Fatal(err)
	}
	if total != 6 {
		t.Errorf("%d segments, want 6", total)
	}
	if withMarker != 0 {
		t.Errorf("%d segments hold the plaintext", withMarker)
	}
	if want := int64(len(content)) + 16*total; stored != want {
		t.Errorf("stored %d bytes, want plaintext + one 16-byte tag per segment = %d", stored, want)
	}
	if got := mustReadDoc(t, st, kr, doc.ID); !bytes.Equal(got, content) {
		t.Error("round trip differs")
	}
}

func TestDocumentKeyRotation(t *testing.T) {
	st := dbtest.New(t)
	content := docFile(docMagicPDF, 200_000)
	doc := mustPutDoc(t, st, dbtest.Keys(t, "lama"), dokumen.SuratTugas, "st.pdf", content)

	rotated := dbtest.Keys(t, "baru", "lama")
	if got := mustReadDoc(t, st, rotated, doc.ID); !bytes.Equal(got, content) {
		t.Error("a document sealed under the old key does not read after rotation")
	}
	err := keyed(st, dbtest.Keys(t, "baru")).WriteDocument(context.Background(), doc.ID, io.Discard)
	if err == nil || !errors.Is(err, store.ErrDocumentCorrupt) || !strings.Contains(err.Error(), "unknown key id") {
		t.Errorf("reading with the old key removed: err = %v", err)
	}
}

func TestDocumentTampering(t *testing.T) {
	st := dbtest.New(t)
	kr := dbtest.Keys(t, "k1")
	ctx := context.Background()
	content := docFile(docMagicPDF, 3*crypt.SegmentSize+777) // segments 0..3
	tests := []struct {
		name string
		sql  string // $1 is the document id, $2 another document with the same content
	}{
		{"flip a byte", "UPDATE document_segments SET data = set_byte(data, 100, get_byte(data, 100) # 1) WHERE document_id = $1 AND seq = 1"},
		{"flip a tag byte of the last segment", "UPDATE document_segments SET data = set_byte(data, length(data) - 1, get_byte(data, length(data) - 1) # 128) WHERE document_id = $1 AND seq = 3"},
		{"swap two segments", "UPDATE document_segments SET seq = 100 WHERE document_id = $1 AND seq = 1; " +
			"UPDATE document_segments SET seq = 1 WHERE document_id = $1 AND seq = 2; " +
			"UPDATE document_segments SET seq = 2 WHERE document_id = $1 AND seq = 100"},
		{"drop the last segment", "DELETE FROM document_segments WHERE document_id = $1 AND seq = 3"},
		{"drop the last segment and shrink the size", "DELETE FROM document_segments WHERE document_id = $1 AND seq = 3; " +
			"UPDATE documents SET size_bytes = 3 * 65536 WHERE id = $1"},
		{"shrink the size", "UPDATE documents SET size_bytes = size_bytes - 1 WHERE id = $1"},
		{"grow the size", "UPDATE documents SET size_bytes = size_bytes + 65536 WHERE id = $1"},
		{"change the recorded hash", "UPDATE documents SET sha256 = sha256(sha256) WHERE id = $1"},
		{"change the nonce prefix", "UPDATE documents SET nonce_prefix = '\\x01020304050607' WHERE id = $1"},
		{"segments of another document", "UPDATE document_segments d SET data = o.data FROM document_segments o " +
			"WHERE d.document_id = $1 AND o.document_id = $2 AND o.seq = d.seq"},
		{"another document's segments and prefix", "UPDATE document_segments d SET data = o.data FROM document_segments o " +
			"WHERE d.document_id = $1 AND o.document_id = $2 AND o.seq = d.seq; " +
			"UPDATE documents d SET nonce_prefix = o.nonce_prefix FROM documents o WHERE d.id = $1 AND o.id = $2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustPutDoc(t, st, kr, dokumen.Dokumen, "d.pdf", content)
			other := mustPutDoc(t, st, kr, dokumen.Dokumen, "d.pdf", content)
			if got := mustReadDoc(t, st, kr, doc.ID); !bytes.Equal(got, content) {
				t.Fatal("untampered document does not read back")
			}
			err := pgx.BeginFunc(ctx, st.Pool, func(tx pgx.Tx) error {
				for stmt := range strings.SplitSeq(tt.sql, "; ") {
					args := []any{doc.ID}
					if strings.Contains(stmt, "$2") {
						args = append(args, other.ID)
					}
					if _, err := tx.Exec(ctx, stmt, args...); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatalf("tampering: %v", err)
			}
			err = keyed(st, kr).WriteDocument(ctx, doc.ID, io.Discard)
			if !errors.Is(err, store.ErrDocumentCorrupt) {
				t.Fatalf("WriteDocument after tampering: err = %v, want ErrDocumentCorrupt", err)
			}
		})
	}
}

func TestDocumentDraft(t *testing.T) {
	st := dbtest.New(t)
	kr := dbtest.Keys(t, "k1")
	ctx := context.Background()
	var draft string
	err := st.Pool.QueryRow(ctx, `
		INSERT INTO registration_drafts (id, payload, key_id, expires_at)
		VALUES (gen_random_uuid(), '\x00', 'k1', now() + interval '1 day') RETURNING id::text`).Scan(&draft)
	if err != nil {
		t.Fatal(err)
	}
	var doc dokumen.Document
	err = pgx.BeginFunc(ctx, st.Pool, func(tx pgx.Tx) error {
		doc, err = keyed(st, kr).PutDocument(ctx, tx, dokumen.KTP, "ktp.jpg", bytes.NewReader(docFile(docMagicJPEG, 5000)), &draft)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	found, err := st.FindDocument(ctx, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if found.DraftID == nil || *found.DraftID != draft {
		t.Errorf("DraftID = %v, want %s", found.DraftID, draft)
	}
	// The draft owns its documents: deleting it deletes them and their segments.
	if _, err := st.Pool.Exec(ctx, "DELETE FROM registration_drafts WHERE id = $1", draft); err != nil {
		t.Fatal(err)
	}
	if docs, segs := countDocRows(t, nil, st); docs != 0 || segs != 0 {
		t.Errorf("after deleting the draft: %d documents, %d segments", docs, segs)
	}
}

func TestDocumentStoredName(t *testing.T) {
	st := dbtest.New(t)
	kr := dbtest.Keys(t, "k1")
	tests := []struct {
		name    string
		content []byte
		want    string
	}{
		{"C:\\Users\\budi\\KTP Budi.PDF", docFile(docMagicPDF, 100), "KTP Budi.PDF"},
		{"foto.exe", docFile(docMagicJPEG, 100), "foto.exe.jpg"},
		{"scan", docFile(docMagicPNG, 100), "scan.png"},
		{"ktp.jpeg", docFile(docMagicJPEG, 100), "ktp.jpeg"},
		{"", docFile(docMagicPDF, 100), "berkas.pdf"},
		{"../../etc/passwd", docFile(docMagicPDF, 100), "passwd.pdf"},
	}
	for _, tt := range tests {
		doc := mustPutDoc(t, st, kr, dokumen.KTP, tt.name, tt.content)
		if doc.OriginalName != tt.want {
			t.Errorf("stored name for %q = %q, want %q", tt.name, doc.OriginalName, tt.want)
		}
	}
}
