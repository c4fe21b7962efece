package server_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// submitted makes a registrator of Kota Bandung submit a permohonan with three rows (BNBA via Sepakat,
// Mikro via Fasilitas, Agregat Terpilah via Sepakat) and returns the client, its path and id.
func submitted(t *testing.T, p *servertest.Portal, kode string) (*webtest.Client, string, int64, servertest.Registrator) {
	t.Helper()
	reg := p.CreateRegistrator(t, "kabupaten_kota", kode, "Pemerintah Kab/Kota "+kode)
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	path := newPermohonan(t, c)
	mustStatus(t, "header", c.PostForm(path+"/cakupan", form(header(kode))), http.StatusSeeOther)
	mustStatus(t, "row 1", c.PostForm(path+"/kebutuhan/baru", form(rowForm("Dinas Sosial", "bnba", "sepakat", "kepentingan_umum", "196706271998031004"))), http.StatusSeeOther)
	mustStatus(t, "row 2", c.PostForm(path+"/kebutuhan/baru", form(rowForm("Dinas Kesehatan", "mikro", "fasilitas", "", ""))), http.StatusSeeOther)
	mustStatus(t, "row 3", c.PostForm(path+"/kebutuhan/baru", form(rowForm("Dinas Pendidikan", "agregat_terpilah", "sepakat", "", "198001012005011003"))), http.StatusSeeOther)
	for _, kind := range []string{"surat_permohonan", "kak", "sk_operator", "surat_pernyataan"} {
		mustStatus(t, "upload "+kind, c.PostMultipart(path+"/dokumen/"+kind, nil, pdfFile(t, "berkas-"+kind)), http.StatusSeeOther)
	}
	p.UploadPelatihan(t, c, idOf(path))
	mustStatus(t, "ajukan", c.PostForm(path+"/ajukan", nil), http.StatusSeeOther)
	id, _ := strconv.ParseInt(permohonanPath.FindStringSubmatch(path)[1], 10, 64)
	return c, path, id, reg
}

func rowIDs(t *testing.T, p *servertest.Portal, id int64) []int64 {
	t.Helper()
	rows, err := p.Store.Pool.Query(context.Background(), "SELECT id FROM permohonan_rows WHERE permohonan_id = $1 ORDER BY id", id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var x int64
		_ = rows.Scan(&x)
		out = append(out, x)
	}
	return out
}

// teknisForm judges every document and row Sesuai, except the items in bad.
func teknisForm(t *testing.T, p *servertest.Portal, id int64, outcome string, bad map[string]string) map[string][]string {
	f := map[string][]string{"hasil": {outcome}}
	for _, k := range []string{"surat_permohonan", "kak", "sk_operator", "surat_pernyataan"} {
		f["dokumen_"+k] = []string{"sesuai"}
	}
	for _, r := range rowIDs(t, p, id) {
		f["baris_"+strconv.FormatInt(r, 10)] = []string{"sesuai"}
		// The kapasitas of each Sepakat operator is judged like a document (ignored for Fasilitas rows).
		f["kapasitas_"+strconv.FormatInt(r, 10)] = []string{"sesuai"}
	}
	for k, note := range bad {
		f[k], f[k+"_catatan"] = []string{"belum_sesuai"}, []string{note}
	}
	return f
}

func substansiForm(t *testing.T, p *servertest.Portal, id int64, outcome string) map[string][]string {
	f := map[string][]string{"hasil": {outcome}}
	for _, r := range rowIDs(t, p, id) {
		for _, a := range []string{"kewenangan", "tujuan"} {
			f["baris_"+strconv.FormatInt(r, 10)+"_"+a] = []string{"sesuai"}
		}
	}
	return f
}

func stateOf(t *testing.T, p *servertest.Portal, id int64) string {
	t.Helper()
	var s string
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT state FROM permohonan WHERE id = $1", id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// The whole review over HTTP: returned with a note on one document, fixed, diffed, verified, recommended,
// forwarded and decided with the BNBA row lowered to Mikro.
func TestReviewFlowOverHTTP(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	now := time.Now()
	teknis := staffLogin(t, p, p.CreateStaff(t, "verif.teknis", account.RoleVerifikatorTeknis), now)
	substansi := staffLogin(t, p, p.CreateStaff(t, "verif.substansi", account.RoleVerifikatorSubstansi), now)
	dir := p.CreateStaff(t, "direktur.sosial", account.RoleDirekturPengampu)
	direktur := staffLogin(t, p, dir, now)
	produsen := staffLogin(t, p, p.CreateStaff(t, "produsen.data", account.RoleProdusenData), now)
	c, path, id, reg := submitted(t, p, "32.73")
	sp := "/petugas/permohonan/" + strconv.FormatInt(id, 10)

	if q := teknis.Get("/petugas/antrean/teknis"); !strings.Contains(q.Body, "Pemerintah Kab/Kota 32.73") {
		t.Fatal("the submission is not in the teknis queue")
	}
	mustStatus(t, "ambil", teknis.PostForm(sp+"/ambil", nil), http.StatusSeeOther)
	// A return needs a note on what is wrong.
	r := teknis.PostForm(sp+"/verifikasi-teknis", teknisForm(t, p, id, "belum_sesuai", map[string]string{"dokumen_kak": ""}))
	mustStatus(t, "return without note", r, http.StatusUnprocessableEntity)
	mustStatus(t, "return", teknis.PostForm(sp+"/verifikasi-teknis", teknisForm(t, p, id, "belum_sesuai",
		map[string]string{"dokumen_kak": "KAK belum ditandatangani kepala daerah."})), http.StatusSeeOther)
	if s := stateOf(t, p, id); s != "perlu_perbaikan" {
		t.Fatalf("state after return: %s", s)
	}
	subject, text := latestMail(t, p, reg.Email)
	if !strings.HasPrefix(subject, "Data Belum Sesuai") || !strings.Contains(text, "KAK belum ditandatangani") {
		t.Errorf("return mail %q lacks the note", subject)
	}
	// The registrator sees the note beside the KAK and may change only that.
	page := c.Get(path)
	if !strings.Contains(page.Body, "Catatan verifikator: KAK belum ditandatangani") {
		t.Error("note not shown to the registrator")
	}
	if r := c.PostForm(path+"/cakupan", form(header("32.73"))); r.Status != http.StatusConflict || !strings.Contains(r.Body, "tidak ditandai Belum Sesuai") {
		t.Errorf("changing an unmarked header: %d", r.Status)
	}
	if r := c.PostMultipart(path+"/dokumen/surat_permohonan", nil, pdfFile(t, "berkas-surat_permohonan")); r.Status != http.StatusSeeOther || r.Location != path+"/dokumen" {
		t.Errorf("replacing an unmarked document: %d", r.Status)
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'permohonan.unggah_dokumen' AND detail->>'jenis' = 'surat_permohonan'"); n != 1 {
		t.Error("an unmarked document was replaced")
	}
	mustStatus(t, "replace KAK", c.PostMultipart(path+"/dokumen/kak", nil, pdfFile(t, "berkas-kak")), http.StatusSeeOther)
	mustStatus(t, "resubmit", c.PostForm(path+"/ajukan", nil), http.StatusSeeOther)

	// Back to the same verifier, with the diff.
	detail := teknis.Get(sp)
	if !strings.Contains(detail.Body, `data-testid="diff"`) || !strings.Contains(between(detail.Body, `data-testid="diff"`, `</section>`), "KAK Pemanfaatan Data Regsosek") {
		t.Error("the verifier does not see what changed")
	}
	if !strings.Contains(detail.Body, `data-testid="assignee">Petugas verif.teknis<`) {
		t.Error("the resubmission did not return to the same verifier")
	}
	mustStatus(t, "verified", teknis.PostForm(sp+"/verifikasi-teknis", teknisForm(t, p, id, "lanjut", nil)), http.StatusSeeOther)

	// Substansi asks the direktur, who answers; then forwards.
	mustStatus(t, "rekomendasi", substansi.PostForm(sp+"/rekomendasi", webtest.Values("direktur", strconv.FormatInt(dir.ID, 10),
		"pertanyaan", "Apakah Dinas Sosial berwenang atas data BNBA untuk PKH?")), http.StatusSeeOther)
	q := direktur.Get("/petugas/rekomendasi")
	m := regexp.MustCompile(`/petugas/rekomendasi/(\d+)/jawab`).FindStringSubmatch(q.Body)
	if m == nil {
		t.Fatal("the question did not reach the director's queue")
	}
	mustStatus(t, "jawab", direktur.PostForm(m[0], webtest.Values("rekomendasi", "Cukup data mikro; BNBA tidak diperlukan.")), http.StatusSeeOther)
	if !strings.Contains(substansi.Get(sp).Body, "Cukup data mikro; BNBA tidak diperlukan.") {
		t.Error("the recommendation is not attached to the permohonan")
	}
	mustStatus(t, "teruskan", substansi.PostForm(sp+"/verifikasi-substansi", substansiForm(t, p, id, "lanjut")), http.StatusSeeOther)

	// Keputusan: two rows approved, the BNBA row lowered to Mikro.
	rows := rowIDs(t, p, id)
	end := time.Now().AddDate(0, 5, 0).Format("2006-01-02")
	decide := map[string][]string{"aksi": {"putuskan"}, "akses_sampai": {end}, "ringkasan_publik": {servertest.Ringkasan}}
	for i, rid := range rows {
		f := "baris_" + strconv.FormatInt(rid, 10)
		decide[f] = []string{"setuju"}
		decide[f+"_jenis"] = []string{[]string{"mikro", "mikro", "agregat_terpilah"}[i]}
	}
	lowered := "baris_" + strconv.FormatInt(rows[0], 10)
	r = produsen.PostForm(sp+"/keputusan", decide)
	mustStatus(t, "lowered without reason", r, http.StatusUnprocessableEntity)
	decide[lowered+"_alasan"] = []string{"Sesuai rekomendasi direktur: cukup data mikro."}
	mustStatus(t, "keputusan", produsen.PostForm(sp+"/keputusan", decide), http.StatusSeeOther)
	if s := stateOf(t, p, id); s != "disetujui" {
		t.Fatalf("state after decision: %s", s)
	}
	page = c.Get(path)
	if !strings.Contains(page.Body, "Disetujui: Mikro (diminta BNBA; Sesuai rekomendasi direktur") {
		t.Errorf("the registrator does not see the row decision: %s", between(page.Body, `data-testid="rows"`, `</table>`))
	}
	if subject, _ := latestMail(t, p, reg.Email); subject != "Hak Akses Disetujui" {
		t.Errorf("decision mail %q", subject)
	}
	for _, action := range []string{"permohonan.kembalikan_teknis", "permohonan.verifikasi_teknis", "permohonan.minta_rekomendasi",
		"permohonan.rekomendasi", "permohonan.verifikasi_substansi", "permohonan.setujui", "permohonan.lihat"} {
		if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = $1", action); n == 0 {
			t.Errorf("no audit row for %s", action)
		}
	}
}

func TestFourEyesAndClaimServerSide(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	now := time.Now()
	both := p.CreateStaff(t, "verif.keduanya", account.RoleVerifikatorTeknis, account.RoleVerifikatorSubstansi)
	cb := staffLogin(t, p, both, now)
	other := staffLogin(t, p, p.CreateStaff(t, "verif.lain", account.RoleVerifikatorTeknis), now)
	_, _, id, _ := submitted(t, p, "32.73")
	sp := "/petugas/permohonan/" + strconv.FormatInt(id, 10)
	mustStatus(t, "ambil", cb.PostForm(sp+"/ambil", nil), http.StatusSeeOther)
	// Another verifier cannot act on a claimed permohonan, posting directly.
	if r := other.PostForm(sp+"/verifikasi-teknis", teknisForm(t, p, id, "lanjut", nil)); r.Status != http.StatusConflict {
		t.Errorf("acting on someone else's claim: %d", r.Status)
	}
	if r := other.PostForm(sp+"/ambil", nil); r.Status != http.StatusConflict {
		t.Errorf("claiming a claimed permohonan: %d", r.Status)
	}
	mustStatus(t, "verified", cb.PostForm(sp+"/verifikasi-teknis", teknisForm(t, p, id, "lanjut", nil)), http.StatusSeeOther)
	// The same person may not do the substantive verification, claim it, or ask for a recommendation.
	for name, r := range map[string]*webtest.Response{
		"substansi":   cb.PostForm(sp+"/verifikasi-substansi", substansiForm(t, p, id, "lanjut")),
		"ambil":       cb.PostForm(sp+"/ambil", nil),
		"rekomendasi": cb.PostForm(sp+"/rekomendasi", webtest.Values("direktur", "1", "pertanyaan", "Pertanyaan yang cukup panjang")),
	} {
		if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "empat mata") {
			t.Errorf("four-eyes %s: %d", name, r.Status)
		}
	}
	if s := stateOf(t, p, id); s != "terverifikasi_teknis" {
		t.Errorf("state moved: %s", s)
	}
}

// Two verifiers decide the same permohonan at the same moment: one succeeds, the other is told it was
// processed, and nothing is written twice.
func TestConcurrentReviewDecisions(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	now := time.Now()
	a := staffLogin(t, p, p.CreateStaff(t, "verif.a", account.RoleVerifikatorTeknis), now)
	b := staffLogin(t, p, p.CreateStaff(t, "verif.b", account.RoleVerifikatorTeknis), now)
	_, _, id, reg := submitted(t, p, "32.73")
	sp := "/petugas/permohonan/" + strconv.FormatInt(id, 10)
	var wg sync.WaitGroup
	var ra, rb *webtest.Response
	wg.Go(func() { ra = a.PostForm(sp+"/verifikasi-teknis", teknisForm(t, p, id, "lanjut", nil)) })
	wg.Go(func() {
		rb = b.PostForm(sp+"/verifikasi-teknis", teknisForm(t, p, id, "belum_sesuai", map[string]string{"dokumen_kak": "Tidak terbaca."}))
	})
	wg.Wait()
	ok, lost := 0, 0
	for _, r := range []*webtest.Response{ra, rb} {
		switch {
		case r.Status == http.StatusSeeOther:
			ok++
		case r.Status == http.StatusConflict && strings.Contains(r.Body, "Permohonan ini sudah diproses oleh petugas lain"):
			lost++
		}
	}
	if ok != 1 || lost != 1 {
		t.Fatalf("statuses %d and %d: want one success and one 'sudah diproses'", ra.Status, rb.Status)
	}
	if n := count(t, p, "SELECT count(DISTINCT (round, at)) FROM review_items WHERE permohonan_id = $1", id); n != 1 {
		t.Errorf("%d sets of judgements written", n)
	}
	if n := count(t, p, "SELECT count(*) FROM permohonan_events WHERE permohonan_id = $1 AND event IN ('verifikasi_teknis', 'kembalikan_teknis')", id); n != 1 {
		t.Errorf("%d timeline entries", n)
	}
	if n := count(t, p, "SELECT count(*) FROM outbox WHERE to_address = $1 AND subject LIKE 'Data Belum Sesuai%'", reg.Email); n > 1 {
		t.Errorf("%d return emails", n)
	}
}

// With 100,000 permohonan the queue is served from the index, in a fixed number of queries.
func TestQueueAt100kPermohonan(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ctx := context.Background()
	reg := p.CreateRegistrator(t, "pusat", "027", "KEMENTERIAN SOSIAL")
	_, err := p.Store.Pool.Exec(ctx, `INSERT INTO permohonan (akun_id, reference, state, submitted_at, due_at, created_at, decided_at,
			reject_reason, withdraw_reason)
		SELECT $1, 'X-' || g, s, now() - g * interval '1 minute', now() + interval '1 day', now(),
		       CASE WHEN s IN ('disetujui', 'ditolak') THEN now() END,
		       CASE WHEN s = 'ditolak' THEN 'uji' END, CASE WHEN s = 'ditarik' THEN 'uji' END
		FROM generate_series(1, 100000) g,
		     LATERAL (SELECT (ARRAY['diajukan', 'terverifikasi_teknis', 'menunggu_keputusan', 'disetujui', 'ditolak', 'ditarik'])[1 + g % 6] AS s) x`, reg.AkunID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Store.Pool.Exec(ctx, "ANALYZE permohonan"); err != nil {
		t.Fatal(err)
	}
	plan, err := p.Store.ExplainQueue(ctx, review.QueueFilter{Stage: review.Teknis, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "permohonan_queue_idx") || strings.Contains(plan, "Seq Scan on permohonan") {
		t.Errorf("queue query does not use the queue index:\n%s", plan)
	}
	c := staffLogin(t, p, p.CreateStaff(t, "verif.teknis", account.RoleVerifikatorTeknis), time.Now())
	counts := []int64{}
	for _, u := range []string{"/petugas/antrean/teknis", "/petugas/antrean/teknis?kategori=pusat"} {
		before := p.Queries.Count()
		r := c.Get(u)
		if r.Status != 200 || strings.Count(r.Body, `<tr>`) != 51 {
			t.Errorf("%s: %d with %d rows", u, r.Status, strings.Count(r.Body, `<tr>`)-1)
		}
		counts = append(counts, p.Queries.Count()-before)
		next := regexp.MustCompile(`href="(/petugas/antrean/teknis\?[^"]*setelah=[^"]*)"`).FindStringSubmatch(r.Body)
		if next == nil && u == "/petugas/antrean/teknis" {
			t.Error("no keyset link to the next page")
		}
	}
	if counts[0] > 8 {
		t.Errorf("queue page runs %d queries", counts[0])
	}
	t.Logf("queue page queries: %v", counts)
}

func TestOverdueReminderAndPausedClock(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Now())
	p := servertest.NewWithClock(t, clock)
	ctx := context.Background()
	staff := p.CreateStaff(t, "verif.teknis", account.RoleVerifikatorTeknis)
	v := staffLogin(t, p, staff, clock.Now())
	c, path, id, _ := submitted(t, p, "32.73")
	sp := "/petugas/permohonan/" + strconv.FormatInt(id, 10)
	mustStatus(t, "ambil", v.PostForm(sp+"/ambil", nil), http.StatusSeeOther)
	var due time.Time
	if err := p.Store.Pool.QueryRow(ctx, "SELECT due_at FROM permohonan WHERE id = $1", id).Scan(&due); err != nil {
		t.Fatal(err)
	}
	remind := func(at time.Time) int {
		n, err := p.Store.SendOverdueReminders(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := remind(due.Add(-time.Minute)); n != 0 {
		t.Errorf("%d reminders before the deadline", n)
	}
	if n := remind(due.Add(time.Minute)); n != 1 {
		t.Errorf("%d reminders after the deadline, want 1", n)
	}
	if n := remind(due.Add(time.Hour)); n != 0 {
		t.Errorf("a reminder was sent twice")
	}
	// Returned two days in: the clock stops while the pemohon works, and resumes with what was left.
	clock.Advance(2 * 24 * time.Hour)
	mustStatus(t, "return", v.PostForm(sp+"/verifikasi-teknis", teknisForm(t, p, id, "belum_sesuai", map[string]string{"dokumen_kak": "Tanda tangan."})), http.StatusSeeOther)
	clock.Advance(10 * 24 * time.Hour)
	mustStatus(t, "kak", c.PostMultipart(path+"/dokumen/kak", nil, pdfFile(t, "berkas-kak")), http.StatusSeeOther)
	mustStatus(t, "resubmit", c.PostForm(path+"/ajukan", nil), http.StatusSeeOther)
	var newDue time.Time
	if err := p.Store.Pool.QueryRow(ctx, "SELECT due_at FROM permohonan WHERE id = $1", id).Scan(&newDue); err != nil {
		t.Fatal(err)
	}
	want := due.Add(10 * 24 * time.Hour)
	if d := newDue.Sub(want); d < -time.Second || d > time.Second {
		t.Errorf("deadline after resubmission %v, want %v (paused 10 days)", newDue, want)
	}
}

func TestAuditViewerAndCSV(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	admin := staffLogin(t, p, p.CreateStaff(t, "admin.satu", account.RoleAdmin), time.Now())
	_, _, id, _ := submitted(t, p, "32.73")
	var ref string
	_ = p.Store.Pool.QueryRow(context.Background(), "SELECT reference FROM permohonan WHERE id = $1", id).Scan(&ref)
	r := admin.Get("/petugas/audit?permohonan=" + ref)
	if r.Status != 200 || !strings.Contains(r.Body, "permohonan.ajukan") || strings.Contains(r.Body, "masuk.berhasil") {
		t.Errorf("audit filtered by permohonan: %d", r.Status)
	}
	csv := admin.Get("/petugas/audit?format=csv&aksi=permohonan.")
	if csv.Status != 200 || !strings.HasPrefix(csv.Body, "id,waktu,pelaku,aksi,objek,ip,rincian") || !strings.Contains(csv.Body, "permohonan.ajukan") {
		t.Errorf("CSV export: %d %.200s", csv.Status, csv.Body)
	}
	if strings.Contains(csv.Body, "masuk.berhasil") {
		t.Error("CSV ignores the action filter")
	}
	other := staffLogin(t, p, p.CreateStaff(t, "verif.teknis", account.RoleVerifikatorTeknis), time.Now())
	if r := other.Get("/petugas/audit"); r.Status != http.StatusNotFound {
		t.Errorf("non-admin audit viewer: %d", r.Status)
	}
}
