package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

// "Simpan sementara" keeps the verifier's half-done judgement without sending it: the state stays, the form
// opens with it, another verifier cannot keep one on a permohonan not theirs, and sending the judgement
// clears it.
func TestReviewSimpanSementara(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	now := time.Now()
	teknis := staffLogin(t, p, p.CreateStaff(t, "verif.sementara", account.RoleVerifikatorTeknis), now)
	other := staffLogin(t, p, p.CreateStaff(t, "verif.lain", account.RoleVerifikatorTeknis), now)
	_, _, id, _ := submitted(t, p, "32.73")
	sp := "/petugas/permohonan/" + strconv.FormatInt(id, 10)
	mustStatus(t, "ambil", teknis.PostForm(sp+"/ambil", nil), http.StatusSeeOther)

	half := url.Values{"aksi": {"simpan_sementara"}, "dokumen_kak": {"belum_sesuai"},
		"dokumen_kak_catatan": {"Halaman tanda tangan KAK belum ada."}, "catatan_internal": {"Cek ulang lampiran."}}
	r := teknis.PostForm(sp+"/verifikasi-teknis", half)
	mustStatus(t, "simpan sementara", r, http.StatusSeeOther)
	if n := count(t, p, "SELECT count(*) FROM permohonan WHERE state = 'diajukan'"); n != 1 {
		t.Error("Simpan sementara moved the state")
	}
	if n := count(t, p, "SELECT count(*) FROM review_items"); n != 0 {
		t.Errorf("%d judgements recorded by Simpan sementara", n)
	}
	page := teknis.Get(sp)
	if !strings.Contains(page.Body, "disimpan sementara") || !strings.Contains(page.Body, `data-testid="draft-saved"`) ||
		!strings.Contains(page.Body, "Halaman tanda tangan KAK belum ada.") || !strings.Contains(page.Body, "Cek ulang lampiran.") {
		t.Fatal("the form does not open with what was kept")
	}
	// Text over its limit is an error beside its field, nothing kept.
	long := url.Values{"aksi": {"simpan_sementara"}, "catatan_internal": {strings.Repeat("x", 2001)}}
	mustStatus(t, "over the limit", teknis.PostForm(sp+"/verifikasi-teknis", long), http.StatusUnprocessableEntity)
	// Not theirs: refused, nothing kept for them.
	if r := other.PostForm(sp+"/verifikasi-teknis", half); r.Status != http.StatusConflict && r.Status != http.StatusForbidden {
		t.Errorf("another verifier's Simpan sementara: %d", r.Status)
	}
	if n := count(t, p, "SELECT count(*) FROM review_draft"); n != 1 {
		t.Errorf("%d drafts, want the one", n)
	}
	// Sending the judgement clears the draft in the same transaction.
	mustStatus(t, "verifikasi", teknis.PostForm(sp+"/verifikasi-teknis", teknisForm(t, p, id, "lanjut", nil)), http.StatusSeeOther)
	if n := count(t, p, "SELECT count(*) FROM review_draft"); n != 0 {
		t.Errorf("%d drafts left after the judgement was sent", n)
	}
}

// "Simpan sementara" sent from a second tab while the judgement is being sent: the judgement's transaction
// (held here as Verify holds it: the permohonan locked, its stage moved on, the drafts deleted) finishes
// first and the draft is refused, so no stale draft fills the form when the permohonan comes back.
func TestReviewDraftWhileTheJudgementCommits(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	teknis := staffLogin(t, p, p.CreateStaff(t, "verif.dua.tab", account.RoleVerifikatorTeknis), time.Now())
	_, _, id, _ := submitted(t, p, "32.73")
	sp := "/petugas/permohonan/" + strconv.FormatInt(id, 10)
	mustStatus(t, "ambil", teknis.PostForm(sp+"/ambil", nil), http.StatusSeeOther)

	ctx := context.Background()
	verify, err := p.Store.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer verify.Rollback(ctx) //nolint:errcheck
	if _, err := verify.Exec(ctx, "SELECT 1 FROM permohonan WHERE id = $1 FOR UPDATE", id); err != nil {
		t.Fatal(err)
	}
	if _, err := verify.Exec(ctx, "UPDATE permohonan SET state = 'perlu_perbaikan' WHERE id = $1", id); err != nil {
		t.Fatal(err)
	}
	if _, err := verify.Exec(ctx, "DELETE FROM review_draft WHERE permohonan_id = $1", id); err != nil {
		t.Fatal(err)
	}
	saved := make(chan int, 1)
	go func() {
		saved <- teknis.PostForm(sp+"/verifikasi-teknis", url.Values{"aksi": {"simpan_sementara"}, "catatan_internal": {"Dari tab kedua."}}).Status
	}()
	waitForLock(t, p)
	if err := verify.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if status := <-saved; status != http.StatusConflict {
		t.Errorf("Simpan sementara after the judgement: %d, want 409", status)
	}
	if n := count(t, p, "SELECT count(*) FROM review_draft"); n != 0 {
		t.Errorf("%d drafts outlived the judgement", n)
	}
}
