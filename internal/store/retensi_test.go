package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/dbtest"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// The retention schedule (issue 14 item 4): each kind of expired thing goes, what is still needed stays, a KTP
// past its retention loses its content (audited) while one awaiting verification keeps it, and a delivered
// email loses its body in production.
func TestApplyRetention(t *testing.T) {
	t.Parallel()
	st := dbtest.New(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	old, recent := now.Add(-100*24*time.Hour), now.Add(-time.Minute)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := st.Pool.Exec(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// Drafts: one expired (with an upload), one expired that became an account, one live.
	exec(`INSERT INTO registration_drafts (id, payload, key_id, expires_at, akun_id) VALUES
		('00000000-0000-4000-8000-000000000001', '\x00', 'k', $1, NULL),
		('00000000-0000-4000-8000-000000000002', '\x00', 'k', $1, 7),
		('00000000-0000-4000-8000-000000000003', '\x00', 'k', $2, NULL)`, now.Add(-time.Hour), now.Add(time.Hour))
	draft := "00000000-0000-4000-8000-000000000001"
	if err := st.SaveDraftUploads(ctx, draft, []dokumen.Upload{{Kind: dokumen.KTP, Name: "ktp.png", R: bytes.NewReader(docFile(docMagicPNG, 3000))}},
		func(map[dokumen.Kind]dokumen.Document) ([]byte, string, error) { return []byte{0}, "k", nil }, now, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	exec(`INSERT INTO rate_limits (key, count, window_start, blocked_until) VALUES ('lama', 9, $1, NULL), ('lama-masih-diblokir', 9, $1, $3),
		('baru', 1, $2, NULL)`, now.Add(-2*time.Hour), recent, now.Add(time.Minute))
	exec(`INSERT INTO captchas (id, digits, expires_at) VALUES ('lama', '1234', $1), ('baru', '1234', $2)`, recent, now.Add(time.Minute))
	exec(`INSERT INTO sessions (token, data, expiry) VALUES ('lama', '\x00', $1), ('baru', '\x00', $2)`, recent, now.Add(time.Hour))
	exec(`INSERT INTO outbox (kind, to_address, subject, body_text, body_html, state, sent_at, created_at) VALUES
		('uji', 'a@uji.go.id', 'lama', 'isi', '<p>isi</p>', 'sent', $1, $1),
		('uji', 'b@uji.go.id', 'baru', 'tautan rahasia', '<p>tautan rahasia</p>', 'sent', $2, $2),
		('uji', 'c@uji.go.id', 'menunggu', 'isi', '<p>isi</p>', 'pending', NULL, $2),
		('uji', 'd@uji.go.id', 'macet', 'isi', '<p>isi</p>', 'pending', NULL, $1)`, old, recent) // pending this long: dead

	// Officials: activated long ago, activated just now, and one waiting for verification, each with a KTP.
	f := newRowFixtures(t, st)
	ktp := func() int64 { return mustPutDoc(t, st, st.Keys, dokumen.KTP, "ktp.png", docFile(docMagicPNG, 5000)).ID }
	official := func(state string, decided time.Time) (pejabat, doc int64) {
		doc = ktp()
		pejabat = f.pejabat(t, st, "menunggu_verifikasi")
		exec("UPDATE pejabat SET ktp_document_id = $2 WHERE id = $1", pejabat, doc)
		if state != "menunggu_verifikasi" {
			exec("UPDATE pejabat SET state = $2, password_hash = 'x', activated_at = $3, decided_at = $3 WHERE id = $1", pejabat, state, decided)
		}
		return pejabat, doc
	}
	oldP, oldDoc := official("aktif", old)
	_, recentDoc := official("aktif", recent)
	_, pendingDoc := official("menunggu_verifikasi", old)
	// Approved long ago and never activated: the verifikator decided, so the KTP goes too.
	approvedP, approvedDoc := official("menunggu_verifikasi", old)
	exec("UPDATE pejabat SET state = 'disetujui', decided_at = $2 WHERE id = $1", approvedP, old)
	// Surat Tugas: the mandate of an official in office stays; a rejected official's goes.
	suratTugas := func(pejabat int64) int64 {
		doc := mustPutDoc(t, st, st.Keys, dokumen.SuratTugas, "surat-tugas.pdf", docFile(docMagicPDF, 4000)).ID
		exec("UPDATE pejabat SET surat_tugas_document_id = $2 WHERE id = $1", pejabat, doc)
		return doc
	}
	inOfficeST, approvedST := suratTugas(oldP), suratTugas(approvedP)
	rejectedP, rejectedKTP := official("menunggu_verifikasi", old)
	exec("UPDATE pejabat SET state = 'ditolak', decided_at = $2, reject_reason = 'uji' WHERE id = $1", rejectedP, old)
	rejectedST := suratTugas(rejectedP)

	// Activation and reset links: used or expired more than the grace ago go; a live one stays.
	exec(`INSERT INTO activations (pejabat_id, token_hash, code_hash, code_expires_at, link_expires_at, used_at) VALUES
		($1, '\x01', '\x01', $2, $2, $2), ($1, '\x02', '\x02', $3, $3, NULL)`, oldP, old, now.Add(time.Hour))
	exec(`INSERT INTO password_resets (pejabat_id, token_hash, expires_at, used_at) VALUES
		($1, '\x01', $2, NULL), ($1, '\x02', $3, NULL)`, oldP, old, now.Add(time.Hour))

	r, err := st.ApplyRetention(ctx, now, store.RetentionPolicy{KTP: 90 * 24 * time.Hour, Mail: 90 * 24 * time.Hour, DropMailBodies: true})
	if err != nil {
		t.Fatal(err)
	}
	want := store.RetentionReport{Drafts: 2, RateLimits: 1, Captchas: 1, Secrets: 2, Sessions: 1, Mail: 2, MailBodies: 1, KTP: 5, Unactivated: 1}
	if r != want {
		t.Errorf("report %+v, want %+v", r, want)
	}
	left := func(q string) string {
		t.Helper()
		var s string
		if err := st.Pool.QueryRow(ctx, q).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	for q, w := range map[string]string{
		"SELECT string_agg(id::text, ',' ORDER BY id) FROM registration_drafts":                                             "00000000-0000-4000-8000-000000000003",
		"SELECT count(*)::text FROM documents WHERE draft_id IS NOT NULL":                                                   "0",
		"SELECT string_agg(key, ',' ORDER BY key) FROM rate_limits":                                                         "baru,lama-masih-diblokir",
		"SELECT string_agg(id, ',') FROM captchas":                                                                          "baru",
		"SELECT string_agg(token, ',') FROM sessions":                                                                       "baru",
		"SELECT (SELECT count(*) FROM activations)::text || (SELECT count(*) FROM password_resets)::text":                   "11",
		"SELECT string_agg(subject || ':' || (body_text IS NOT NULL)::text, ',' ORDER BY id) FROM outbox":                   "baru:false,menunggu:true,Tautan Aktivasi Akun Layanan Regsosek Kedaluwarsa:true",
		fmt.Sprintf("SELECT count(*)::text FROM document_segments WHERE document_id = %d", oldDoc):                          "0",
		fmt.Sprintf("SELECT (purged_at IS NOT NULL)::text FROM documents WHERE id = %d", oldDoc):                            "true",
		fmt.Sprintf("SELECT count(*)::text FROM audit_log WHERE action = 'dokumen.hapus_retensi' AND object_id = %d", oldP): "1",
	} {
		if got := left(q); got != w {
			t.Errorf("%s = %s, want %s", q, got, w)
		}
	}
	for _, id := range []int64{recentDoc, pendingDoc, inOfficeST} {
		if err := st.WriteDocument(ctx, id, io.Discard); err != nil {
			t.Errorf("document %d still needed: %v", id, err)
		}
	}
	for _, id := range []int64{oldDoc, approvedDoc, approvedST, rejectedKTP, rejectedST} {
		if err := st.WriteDocument(ctx, id, io.Discard); !errors.Is(err, store.ErrDocumentPurged) {
			t.Errorf("purged KTP %d: %v, want ErrDocumentPurged", id, err)
		}
	}
	// A second run finds nothing more.
	if r, err := st.ApplyRetention(ctx, now, store.RetentionPolicy{KTP: 90 * 24 * time.Hour, Mail: 90 * 24 * time.Hour, DropMailBodies: true}); err != nil || r.Total() != 0 {
		t.Errorf("second run: %+v, %v", r, err)
	}
}
