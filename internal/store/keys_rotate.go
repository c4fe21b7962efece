package store

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/crypt"
)

// Key rotation (issue 14 item 11, `portal keys rotate`): every value and document sealed under a key other than
// the current one (the first of ENCRYPTION_KEYS) is opened with its own key and sealed again under the current
// one. Each value, and each document with all its segments, is one transaction that checks the key it read is
// still the row's, so a rotation stopped half-way (a crash, a deploy, Limit) leaves every row whole under one
// key or the other, and the next run carries on from where it stopped. The portal serves meanwhile: a row
// being rotated is locked for an instant, a new one is written under the current key anyway.

// DraftAAD binds a registration draft's payload to its id.
func DraftAAD(id string) []byte { return []byte("registration_draft:" + id) }

// sealedColumn is one encrypted column: the table, the key of a row (as text), the column the associated data
// is made from, and how.
type sealedColumn struct {
	name     string // for the report
	table    string
	id       string // the row's key column
	aadFrom  string // the column the AAD is made from
	enc, key string // the ciphertext and its key id
	aad      func(from string) []byte
	nullable bool
}

// sealedColumns lists every encrypted column of the schema. A new one must be added here (the rotation test
// lists the columns holding a key id and fails on one that is missing).
var sealedColumns = []sealedColumn{
	{name: "nik pejabat", table: "pejabat", id: "id", aadFrom: "id", enc: "nik_enc", key: "nik_key_id",
		aad: func(string) []byte { return []byte("pejabat.nik") }},
	{name: "rahasia TOTP petugas", table: "staff", id: "id", aadFrom: "id", enc: "totp_secret_enc", key: "totp_key_id",
		aad: func(string) []byte { return []byte("staff.totp") }},
	{name: "draf pendaftaran", table: "registration_drafts", id: "id", aadFrom: "id", enc: "payload", key: "key_id",
		aad: DraftAAD},
	{name: "identitas pelapor", table: "pengaduan_pelapor", id: "pengaduan_id", aadFrom: "pengaduan_id", enc: "identity_enc", key: "key_id",
		aad: func(id string) []byte { return []byte("pengaduan_pelapor:" + id) }},
	{name: "kata sandi Sepakat", table: "akses_akun", id: "id", aadFrom: "row_id", enc: "password_enc", key: "password_key_id",
		aad: func(row string) []byte { return []byte("portal-regsosek/akses_akun/row/" + row) }},
	{name: "kata sandi Sepakat baru", table: "akses_akun", id: "id", aadFrom: "row_id", enc: "password_baru_enc", key: "password_baru_key_id",
		aad: func(row string) []byte { return []byte("portal-regsosek/akses_akun/row/" + row) }, nullable: true},
}

// KeyRotation bounds a run: at most Limit values and documents (0: all).
type KeyRotation struct{ Limit int }

// RotationReport counts what a run sealed again, by kind ("dokumen" and each sealedColumn's name), and what is
// still under an older key.
type RotationReport struct {
	Current   string
	Rotated   map[string]int
	Remaining int
}

// RotateKeys seals under the current key whatever is under another (see above).
func (s *Store) RotateKeys(ctx context.Context, opt KeyRotation) (RotationReport, error) {
	cur := s.Keys.CurrentKeyID()
	r := RotationReport{Current: cur, Rotated: map[string]int{}}
	budget := func() int {
		if opt.Limit == 0 {
			return 1 << 30
		}
		n := 0
		for _, v := range r.Rotated {
			n += v
		}
		return opt.Limit - n
	}
	for budget() > 0 {
		done, err := s.rotateDocument(ctx, cur)
		if err != nil {
			return r, err
		}
		if !done {
			break
		}
		r.Rotated["dokumen"]++
	}
	// A purged document has no content left to seal: its key id simply moves on.
	if _, err := s.Pool.Exec(ctx, "UPDATE documents SET key_id = $1 WHERE purged_at IS NOT NULL AND key_id <> $1", cur); err != nil {
		return r, fmt.Errorf("store: rotate keys: %w", err)
	}
	for _, c := range sealedColumns {
		for budget() > 0 {
			n, err := s.rotateColumn(ctx, c, cur, min(budget(), 100))
			if err != nil {
				return r, err
			}
			if n == 0 {
				break
			}
			r.Rotated[c.name] += n
		}
	}
	var err error
	r.Remaining, err = s.underOtherKeys(ctx, cur)
	return r, err
}

// rotateColumn seals again up to limit values of c under cur, in one transaction.
func (s *Store) rotateColumn(ctx context.Context, c sealedColumn, cur string, limit int) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+c.id+`::text, `+c.aadFrom+`::text, `+c.enc+`, `+c.key+` FROM `+c.table+`
			WHERE `+c.key+` <> $1 AND `+c.enc+` IS NOT NULL ORDER BY `+c.id+` LIMIT $2 FOR UPDATE SKIP LOCKED`, cur, limit)
		if err != nil {
			return err
		}
		type item struct {
			id, aad, key string
			enc          []byte
		}
		list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (item, error) {
			var it item
			return it, r.Scan(&it.id, &it.aad, &it.enc, &it.key)
		})
		if err != nil {
			return err
		}
		for _, it := range list {
			plain, err := s.Keys.Open(it.key, it.enc, c.aad(it.aad))
			if err != nil {
				return fmt.Errorf("%s %s: %w", c.table, it.id, err)
			}
			keyID, enc, err := s.Keys.Seal(plain, c.aad(it.aad))
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE `+c.table+` SET `+c.enc+` = $2, `+c.key+` = $3 WHERE `+c.id+`::text = $1 AND `+c.key+` = $4`,
				it.id, enc, keyID, it.key); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: rotate keys: %s: %w", c.name, err)
	}
	return n, nil
}

// rotateDocument seals again one document under cur: every segment, under a fresh nonce prefix, checked
// against the document's SHA-256 on the way. It reports false when none is left.
func (s *Store) rotateDocument(ctx context.Context, cur string) (bool, error) {
	found := false
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var (
			id          int64
			keyID       string
			prefix, sum []byte
			size        int64
		)
		err := tx.QueryRow(ctx, `SELECT id, key_id, nonce_prefix, sha256, size_bytes FROM documents
			WHERE key_id <> $1 AND purged_at IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`, cur).Scan(&id, &keyID, &prefix, &sum, &size)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		o, err := s.Keys.NewSegmentOpener(keyID, prefix, documentAAD(id))
		if err != nil {
			return fmt.Errorf("document %d: %w", id, err)
		}
		newKey, newPrefix, sealer := s.Keys.NewSegmentSealer(documentAAD(id))
		count := (size + crypt.SegmentSize - 1) / crypt.SegmentSize
		h := sha256.New()
		for seq := int64(0); seq < count; seq++ {
			var data []byte
			if err := tx.QueryRow(ctx, "SELECT data FROM document_segments WHERE document_id = $1 AND seq = $2", id, seq).Scan(&data); err != nil {
				return fmt.Errorf("document %d segment %d: %w", id, seq, err)
			}
			final := seq == count-1
			plain, err := o.Open(uint32(seq), data, final)
			if err != nil {
				return fmt.Errorf("document %d: %w", id, err)
			}
			h.Write(plain)
			if _, err := tx.Exec(ctx, "UPDATE document_segments SET data = $3 WHERE document_id = $1 AND seq = $2",
				id, seq, sealer.Seal(uint32(seq), plain, final)); err != nil {
				return err
			}
		}
		if subtle.ConstantTimeCompare(h.Sum(nil), sum) != 1 {
			return fmt.Errorf("document %d: SHA-256 mismatch: %w", id, ErrDocumentCorrupt)
		}
		_, err = tx.Exec(ctx, "UPDATE documents SET key_id = $2, nonce_prefix = $3 WHERE id = $1", id, newKey, newPrefix)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: rotate keys: %w", err)
	}
	return found, nil
}

// underOtherKeys counts the values and documents not under cur.
func (s *Store) underOtherKeys(ctx context.Context, cur string) (int, error) {
	total := 0
	q := "SELECT count(*) FROM documents WHERE key_id <> $1"
	for _, c := range sealedColumns {
		q += " UNION ALL SELECT count(*) FROM " + c.table + " WHERE " + c.key + " <> $1 AND " + c.enc + " IS NOT NULL"
	}
	rows, err := s.Pool.Query(ctx, q, cur)
	if err != nil {
		return 0, fmt.Errorf("store: keys in use: %w", err)
	}
	counts, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, fmt.Errorf("store: keys in use: %w", err)
	}
	for _, n := range counts {
		total += int(n)
	}
	return total, nil
}

// KeysInUse counts, per key id, the documents and values sealed under it: before a key is taken out of
// ENCRYPTION_KEYS, its count must be zero.
func (s *Store) KeysInUse(ctx context.Context) (map[string]int, error) {
	q := "SELECT key_id, count(*) FROM documents GROUP BY key_id"
	for _, c := range sealedColumns {
		q += " UNION ALL SELECT " + c.key + ", count(*) FROM " + c.table + " WHERE " + c.enc + " IS NOT NULL GROUP BY " + c.key
	}
	rows, err := s.Pool.Query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: keys in use: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return nil, fmt.Errorf("store: keys in use: %w", err)
		}
		out[k] += int(n)
	}
	return out, rows.Err()
}
