package store

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
)

// ErrDocumentPurged is returned by WriteDocument for a document whose content was deleted at the end of its
// retention (a KTP scan): pages say so with 410.
var ErrDocumentPurged = errors.New("store: document deleted at the end of its retention")

// ErrDocumentCorrupt is returned by WriteDocument when a stored document fails its integrity check: a segment
// that does not authenticate, is missing or out of place, or content that does not match the recorded hash.
var ErrDocumentCorrupt = errors.New("store: document failed its integrity check")

// documentAAD binds every segment to its document, so segments cannot be moved from one document to another.
func documentAAD(id int64) []byte {
	return []byte("portal-regsosek/documents/" + strconv.FormatInt(id, 10))
}

// PutDocument encrypts the content of r into the documents and document_segments tables within tx. It reads
// r one crypt.SegmentSize segment at a time (holding at most two in memory), decides the content type from
// the first bytes, and stops reading as soon as the file is over the kind's limit, so it never reads more
// than MaxBytes+1 bytes. A refused file returns an *UploadError; read errors from r are returned wrapped.
//
// The work is done under a savepoint: when PutDocument fails, tx is left as it was and can still be used or
// committed. The stored name is SanitizeFilename(originalName), with the extension of the real content type
// added when the name does not already end in one. draftID may be nil.
func (s *Store) PutDocument(ctx context.Context, tx pgx.Tx, kind dokumen.Kind, originalName string,
	r io.Reader, draftID *string) (dokumen.Document, error) {
	rule := dokumen.RuleFor(kind)
	if rule.MaxBytes == 0 {
		return dokumen.Document{}, fmt.Errorf("store: put document: unknown kind %q", kind)
	}
	sp, err := tx.Begin(ctx)
	if err != nil {
		return dokumen.Document{}, fmt.Errorf("store: put document: savepoint: %w", err)
	}
	defer sp.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	doc, err := s.putDocument(ctx, sp, kind, rule, originalName, io.LimitReader(r, rule.MaxBytes+1), draftID)
	if err != nil {
		return dokumen.Document{}, err
	}
	if err := sp.Commit(ctx); err != nil {
		return dokumen.Document{}, fmt.Errorf("store: put document: release savepoint: %w", err)
	}
	return doc, nil
}

func (s *Store) putDocument(ctx context.Context, tx pgx.Tx, kind dokumen.Kind, rule dokumen.Rule, originalName string,
	r io.Reader, draftID *string) (dokumen.Document, error) {
	cur, next := make([]byte, crypt.SegmentSize), make([]byte, crypt.SegmentSize)
	n, err := readSegment(r, cur)
	if err != nil {
		return dokumen.Document{}, err
	}
	if n == 0 {
		return dokumen.Document{}, &dokumen.UploadError{Kind: kind, Message: "Berkas kosong."}
	}
	ctype := dokumen.Sniff(cur[:n])
	if !slices.Contains(rule.Types, ctype) {
		return dokumen.Document{}, &dokumen.UploadError{Kind: kind, Message: "Jenis berkas harus " + rule.TypesText() + "."}
	}
	tooLarge := &dokumen.UploadError{Kind: kind, Message: "Ukuran berkas melebihi " + rule.SizeText() + "."}
	if int64(n) > rule.MaxBytes {
		return dokumen.Document{}, tooLarge
	}

	doc := dokumen.Document{Kind: kind, OriginalName: dokumen.WithExtension(dokumen.SanitizeFilename(originalName), ctype), ContentType: ctype, DraftID: draftID}
	// Size, hash, key id and nonce prefix are known only at the end (the nonce prefix is bound to the id
	// through the AAD, and the id comes from this insert): placeholders that satisfy the CHECKs until the
	// UPDATE below, all inside the savepoint.
	err = tx.QueryRow(ctx, `
		INSERT INTO documents (kind, original_name, content_type, size_bytes, sha256, key_id, nonce_prefix, draft_id)
		VALUES ($1, $2, $3, 1, $4, '', '\x', $5)
		RETURNING id, created_at`,
		kind, doc.OriginalName, ctype, make([]byte, sha256.Size), draftID).Scan(&doc.ID, &doc.CreatedAt)
	if err != nil {
		return dokumen.Document{}, fmt.Errorf("store: put document: %w", err)
	}

	keyID, prefix, sealer := s.Keys.NewSegmentSealer(documentAAD(doc.ID))
	h := sha256.New()
	for seq := uint32(0); ; seq++ {
		h.Write(cur[:n])
		doc.Size += int64(n)
		m := 0
		if n == crypt.SegmentSize {
			if m, err = readSegment(r, next); err != nil {
				return dokumen.Document{}, err
			}
			if doc.Size+int64(m) > rule.MaxBytes {
				return dokumen.Document{}, tooLarge
			}
		}
		final := m == 0
		_, err := tx.Exec(ctx, "INSERT INTO document_segments (document_id, seq, data) VALUES ($1, $2, $3)",
			doc.ID, int64(seq), sealer.Seal(seq, cur[:n], final))
		if err != nil {
			return dokumen.Document{}, fmt.Errorf("store: put document %d: segment %d: %w", doc.ID, seq, err)
		}
		if final {
			break
		}
		cur, next, n = next, cur, m
	}

	doc.SHA256 = h.Sum(nil)
	_, err = tx.Exec(ctx, "UPDATE documents SET size_bytes = $2, sha256 = $3, key_id = $4, nonce_prefix = $5 WHERE id = $1",
		doc.ID, doc.Size, doc.SHA256, keyID, prefix)
	if err != nil {
		return dokumen.Document{}, fmt.Errorf("store: put document %d: %w", doc.ID, err)
	}
	return doc, nil
}

// readSegment fills buf as far as r allows; a short count means r is exhausted.
func readSegment(r io.Reader, buf []byte) (int, error) {
	n, err := io.ReadFull(r, buf)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		err = nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: put document: read upload: %w", err)
	}
	return n, nil
}

// FindDocument returns a document's metadata, or ErrNotFound.
func (s *Store) FindDocument(ctx context.Context, id int64) (dokumen.Document, error) {
	var d dokumen.Document
	err := s.Pool.QueryRow(ctx, `
		SELECT id, kind, original_name, content_type, size_bytes, sha256, created_at, draft_id::text, purged_at
		FROM documents WHERE id = $1`, id).
		Scan(&d.ID, &d.Kind, &d.OriginalName, &d.ContentType, &d.Size, &d.SHA256, &d.CreatedAt, &d.DraftID, &d.PurgedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return dokumen.Document{}, ErrNotFound
	}
	if err != nil {
		return dokumen.Document{}, fmt.Errorf("store: find document %d: %w", id, err)
	}
	return d, nil
}

// WriteDocument decrypts document id into w one segment at a time, fetching each segment with its own query
// so memory stays bounded and no connection is held while w is slow. Every segment is authenticated at its
// position, the last must be marked final, and the SHA-256 of the whole is checked at the end; a failure
// returns an error wrapping ErrDocumentCorrupt, by which time w may already hold the authentic segments before
// the bad one, so handlers should send a Content-Length for a cut-short download to show. A missing document
// returns ErrNotFound.
func (s *Store) WriteDocument(ctx context.Context, id int64, w io.Writer) error {
	var (
		keyID       string
		prefix, sum []byte
		size        int64
		purged      bool
	)
	err := s.Pool.QueryRow(ctx, "SELECT key_id, nonce_prefix, size_bytes, sha256, purged_at IS NOT NULL FROM documents WHERE id = $1", id).
		Scan(&keyID, &prefix, &size, &sum, &purged)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("store: write document %d: %w", id, err)
	}
	if purged {
		return ErrDocumentPurged
	}
	o, err := s.Keys.NewSegmentOpener(keyID, prefix, documentAAD(id))
	if err != nil {
		return fmt.Errorf("store: write document %d: %w: %w", id, ErrDocumentCorrupt, err)
	}
	count := (size + crypt.SegmentSize - 1) / crypt.SegmentSize
	h := sha256.New()
	for seq := int64(0); seq < count; seq++ {
		var data []byte
		err := s.Pool.QueryRow(ctx, "SELECT data FROM document_segments WHERE document_id = $1 AND seq = $2", id, seq).Scan(&data)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("store: write document %d: segment %d missing: %w", id, seq, ErrDocumentCorrupt)
		}
		if err != nil {
			return fmt.Errorf("store: write document %d: segment %d: %w", id, seq, err)
		}
		final := seq == count-1
		plain, err := o.Open(uint32(seq), data, final)
		if err != nil {
			return fmt.Errorf("store: write document %d: %w: %w", id, ErrDocumentCorrupt, err)
		}
		if want := min(crypt.SegmentSize, size-seq*crypt.SegmentSize); int64(len(plain)) != want {
			return fmt.Errorf("store: write document %d: segment %d has %d bytes, want %d: %w", id, seq, len(plain), want, ErrDocumentCorrupt)
		}
		h.Write(plain)
		if _, err := w.Write(plain); err != nil {
			return fmt.Errorf("store: write document %d: %w", id, err)
		}
	}
	if subtle.ConstantTimeCompare(h.Sum(nil), sum) != 1 {
		return fmt.Errorf("store: write document %d: SHA-256 mismatch: %w", id, ErrDocumentCorrupt)
	}
	return nil
}
