package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// The permohonan rules of the pedoman (issue 12), posted as a browser would and directly, bypassing the UI.

// tally is what a refused action must leave as it was: the state, the timeline, the row decisions, the
// audit log of the permohonan and the outbox.
func tally(t *testing.T, p *servertest.Portal, id int64) string {
	t.Helper()
	var s string
	err := p.Store.Pool.QueryRow(context.Background(), `SELECT state || '/' ||
			(SELECT count(*) FROM permohonan_events WHERE permohonan_id = $1) || '/' ||
			(SELECT count(*) FROM row_decisions WHERE permohonan_id = $1) || '/' ||
			(SELECT count(*) FROM audit_log WHERE object_type = 'permohonan' AND object_id = $1 AND action <> 'permohonan.lihat') || '/' ||
			(SELECT count(*) FROM outbox) FROM permohonan WHERE id = $1`, id).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// decideAll approves every row of id at the jenis data asked, each at the proposed end.
func decideAll(t *testing.T, p *servertest.Portal, id int64) url.Values {
	f := url.Values{"aksi": {"putuskan"}, "ringkasan_publik": {servertest.Ringkasan}}
	for _, r := range rowIDs(t, p, id) {
		k := "baris_" + strconv.FormatInt(r, 10)
		var jenis string
		if err := p.Store.Pool.QueryRow(context.Background(), "SELECT jenis_data FROM permohonan_rows WHERE id = $1", r).Scan(&jenis); err != nil {
			t.Fatal(err)
		}
		f.Set(k, "setuju")
		f.Set(k+"_jenis", jenis)
	}
	return f
}

// §1.5 point 3: a province may not name a pemerintah desa/kelurahan; the form does not offer it and the
// server refuses a row posted directly, storing nothing.
func TestProvinceDesaRowRefused(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "provinsi", "32", "Pemerintah Provinsi Jawa Barat")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	path := newPermohonan(t, c)
	h := header("32")
	mustStatus(t, "header", c.PostForm(path+"/cakupan", form(h)), http.StatusSeeOther)
	if page := c.Get(path + "/kebutuhan/baru"); strings.Contains(page.Body, `value="desa"`) || !strings.Contains(page.Body, "diajukan oleh Bupati/Wali Kota") {
		t.Error("the province's row form offers desa/kelurahan or does not say why not")
	}
	row := rowForm("Pemerintah Desa Sukamaju", "mikro", "fasilitas", "", "")
	row["pengguna_jenis"], row["pw_kabupaten_kota"], row["pw_kecamatan"], row["pw_desa_kelurahan"] = "desa", "32.04", "32.04.01", "32.04.01.2001"
	r := c.PostForm(path+"/kebutuhan/baru", form(row))
	mustStatus(t, "province desa row", r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, "diajukan oleh Bupati/Wali Kota kabupaten/kotanya") {
		t.Errorf("no clear message: %s", between(r.Body, `data-testid="error-summary"`, "</ul>"))
	}
	if n := count(t, p, "SELECT count(*) FROM permohonan_rows WHERE permohonan_id = $1", idOf(path)); n != 0 {
		t.Errorf("the refused row was stored (%d rows)", n)
	}
	// A kab/kota may.
	kab := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	kc := p.Login(t, kab.Username, servertest.RegistratorPassword)
	kp := newPermohonan(t, kc)
	mustStatus(t, "kab header", kc.PostForm(kp+"/cakupan", form(header("32.73"))), http.StatusSeeOther)
	if page := kc.Get(kp + "/kebutuhan/baru"); !strings.Contains(page.Body, `value="desa"`) {
		t.Error("a kab/kota is not offered its desa/kelurahan")
	}
}

// forwardWithRekomendasi takes id through teknis and substansi; the substansi verifier asks a direktur
// pengampu first, who has not answered yet. It returns the director's client and the rekomendasi id.
func forwardWithRekomendasi(t *testing.T, p *servertest.Portal, id int64, now time.Time) (*webtest.Client, string) {
	t.Helper()
	sp := "/petugas/permohonan/" + strconv.FormatInt(id, 10)
	teknis := staffLogin(t, p, p.CreateStaff(t, "teknis.rk", account.RoleVerifikatorTeknis), now)
	mustStatus(t, "teknis", teknis.PostForm(sp+"/verifikasi-teknis", teknisForm(t, p, id, "lanjut", nil)), http.StatusSeeOther)
	substansi := staffLogin(t, p, p.CreateStaff(t, "substansi.rk", account.RoleVerifikatorSubstansi), now)
	dir := p.CreateStaff(t, "direktur.rk", account.RoleDirekturPengampu)
	mustStatus(t, "minta rekomendasi", substansi.PostForm(sp+"/rekomendasi", webtest.Values("direktur", strconv.FormatInt(dir.ID, 10),
		"pertanyaan", "Apakah Dinas Sosial berwenang atas data BNBA?")), http.StatusSeeOther)
	mustStatus(t, "teruskan", substansi.PostForm(sp+"/verifikasi-substansi", substansiForm(t, p, id, "lanjut")), http.StatusSeeOther)
	var rid int64
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT id FROM rekomendasi WHERE permohonan_id = $1", id).Scan(&rid); err != nil {
		t.Fatal(err)
	}
	return staffLogin(t, p, dir, now), strconv.FormatInt(rid, 10)
}

// §III points 3–4: the produsen data decides once the rekomendasi asked for is answered.
func TestDecisionWaitsForRekomendasi(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	now := time.Now()
	_, _, id, _ := submitted(t, p, "32.73")
	direktur, rid := forwardWithRekomendasi(t, p, id, now)
	sp := "/petugas/permohonan/" + strconv.FormatInt(id, 10)
	produsen := staffLogin(t, p, p.CreateStaff(t, "produsen.rk", account.RoleProdusenData), now)
	page := produsen.Get(sp)
	if !strings.Contains(page.Body, `data-testid="decision-blocked"`) || !strings.Contains(page.Body, "belum dijawab") {
		t.Error("the decision form does not say it waits for the rekomendasi")
	}
	before := tally(t, p, id)
	r := produsen.PostForm(sp+"/keputusan", decideAll(t, p, id))
	mustStatus(t, "decision before the rekomendasi", r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, "Rekomendasi direktur pengampu yang diminta untuk permohonan ini belum dijawab") {
		t.Errorf("no clear message: %.400s", between(r.Body, `data-testid="error-summary"`, "</ul>"))
	}
	r = produsen.PostForm(sp+"/keputusan", webtest.Values("aksi", "tolak_semua", "alasan", "Tujuan tidak sesuai kewenangan daerah."))
	mustStatus(t, "refusal before the rekomendasi", r, http.StatusUnprocessableEntity)
	if after := tally(t, p, id); after != before {
		t.Errorf("a refused decision changed %s → %s", before, after)
	}
	mustStatus(t, "jawab", direktur.PostForm("/petugas/rekomendasi/"+rid+"/jawab", webtest.Values("rekomendasi", "Sesuai kewenangan; BNBA untuk PKH daerah.")),
		http.StatusSeeOther)
	// The produsen data sees it beside the rows, then decides.
	page = produsen.Get(sp)
	if rk := between(page.Body, `data-testid="rekomendasi-keputusan"`, "</aside>"); !strings.Contains(rk, "Sesuai kewenangan; BNBA untuk PKH daerah.") {
		t.Errorf("the rekomendasi is not beside the rows: %s", rk)
	}
	mustStatus(t, "decision", produsen.PostForm(sp+"/keputusan", decideAll(t, p, id)), http.StatusSeeOther)
	if s := stateOf(t, p, id); s != "disetujui" {
		t.Errorf("state %s", s)
	}
}

// submitKL makes KEMENTERIAN SOSIAL submit a permohonan for two provinces (a K/L's cakupan as a list).
func submitKL(t *testing.T, p *servertest.Portal) (*webtest.Client, string, int64) {
	t.Helper()
	reg := p.CreateRegistrator(t, "pusat", "027", "KEMENTERIAN SOSIAL")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	path := newPermohonan(t, c)
	h := form(header(""))
	delete(h, "cakupan_wilayah")
	h["lingkup"], h["cakupan_prov"] = []string{"provinsi"}, []string{"33", "32"}
	mustStatus(t, "header", c.PostForm(path+"/cakupan", h), http.StatusSeeOther)
	row := rowForm("Direktorat Jaminan Sosial Keluarga", "bnba", "sepakat", "kepentingan_umum", "196706271998031004")
	row["pengguna_jenis"] = "unit_kerja"
	mustStatus(t, "row", c.PostForm(path+"/kebutuhan/baru", form(row)), http.StatusSeeOther)
	for _, kind := range []string{"surat_permohonan", "kak", "sk_operator"} {
		mustStatus(t, "upload "+kind, c.PostMultipart(path+"/dokumen/"+kind, nil, pdfFile(t, "berkas-"+kind)), http.StatusSeeOther)
	}
	p.UploadPelatihan(t, c, idOf(path))
	mustStatus(t, "ajukan", c.PostForm(path+"/ajukan", nil), http.StatusSeeOther)
	return c, path, idOf(path)
}

// SE angka 10.d: a K/L is decided on a rekomendasi; without one the decision is refused, and the produsen
// data may ask for one.
func TestKLDecisionNeedsRekomendasi(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	now := time.Now()
	c, path, id := submitKL(t, p)
	if v, _ := p.Store.FindPermohonan(context.Background(), id, 0); v.Header.Cakupan != "32,33" {
		t.Fatalf("K/L cakupan %q", v.Header.Cakupan)
	}
	if page := c.Get(path); !strings.Contains(page.Body, "Jawa Barat; Jawa Tengah") {
		t.Error("the cakupan of two provinces is not named")
	}
	sp := "/petugas/permohonan/" + strconv.FormatInt(id, 10)
	teknis := staffLogin(t, p, p.CreateStaff(t, "teknis.kl", account.RoleVerifikatorTeknis), now)
	mustStatus(t, "teknis", teknis.PostForm(sp+"/verifikasi-teknis", teknisForm(t, p, id, "lanjut", nil)), http.StatusSeeOther)
	substansi := staffLogin(t, p, p.CreateStaff(t, "substansi.kl", account.RoleVerifikatorSubstansi), now)
	mustStatus(t, "teruskan", substansi.PostForm(sp+"/verifikasi-substansi", substansiForm(t, p, id, "lanjut")), http.StatusSeeOther)
	produsen := staffLogin(t, p, p.CreateStaff(t, "produsen.kl", account.RoleProdusenData), now)
	before := tally(t, p, id)
	r := produsen.PostForm(sp+"/keputusan", decideAll(t, p, id))
	mustStatus(t, "K/L decision without rekomendasi", r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, "berdasarkan rekomendasi direktur pengampu") || !strings.Contains(r.Body, "10.d") {
		t.Errorf("no clear message: %.400s", between(r.Body, `data-testid="error-summary"`, "</ul>"))
	}
	if after := tally(t, p, id); after != before {
		t.Errorf("a refused decision changed %s → %s", before, after)
	}
	// The produsen data asks; the direktur answers; the decision goes through.
	p.Rekomendasi(t, produsen, id, now, "Sesuai tugas Kemensos untuk DTSEN.")
	mustStatus(t, "decision", produsen.PostForm(sp+"/keputusan", decideAll(t, p, id)), http.StatusSeeOther)
	if n := count(t, p, "SELECT count(*) FROM permohonan_events WHERE permohonan_id = $1 AND event = 'minta_rekomendasi_keputusan'", id); n != 1 {
		t.Errorf("the produsen data's request is not on the timeline (%d)", n)
	}
}

// §3.2.4: the registrator sees outcomes, dates and the notes for the pemohon; never the rekomendasi, the
// internal notes or staff names. Staff see them all.
func TestRegistratorSeesNoInternalAssessment(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	now := time.Now()
	c, path, id, _ := submitted(t, p, "32.73")
	sp := "/petugas/permohonan/" + strconv.FormatInt(id, 10)
	teknis := staffLogin(t, p, p.CreateStaff(t, "teknis.int", account.RoleVerifikatorTeknis), now)
	f := teknisForm(t, p, id, "lanjut", nil)
	f["catatan_internal"] = []string{"Catatan internal teknis: SK operator terbaru sudah dicek."}
	mustStatus(t, "teknis", teknis.PostForm(sp+"/verifikasi-teknis", f), http.StatusSeeOther)
	substansi := staffLogin(t, p, p.CreateStaff(t, "substansi.int", account.RoleVerifikatorSubstansi), now)
	p.Rekomendasi(t, substansi, id, now, "Rekomendasi rahasia: cukup data mikro.")
	mustStatus(t, "teruskan", substansi.PostForm(sp+"/verifikasi-substansi", substansiForm(t, p, id, "lanjut")), http.StatusSeeOther)
	produsen := staffLogin(t, p, p.CreateStaff(t, "produsen.int", account.RoleProdusenData), now)
	d := decideAll(t, p, id)
	d.Set("catatan_internal", "Catatan internal keputusan: ikuti rekomendasi.")
	mustStatus(t, "decision", produsen.PostForm(sp+"/keputusan", d), http.StatusSeeOther)

	page := c.Get(path).Body
	for _, secret := range []string{"Rekomendasi rahasia", "Catatan internal teknis", "Catatan internal keputusan", "Petugas ", "direktur.",
		"Rekomendasi diminta", "Direktur Pengampu"} {
		if strings.Contains(page, secret) {
			t.Errorf("the registrator's page shows %q", secret)
		}
	}
	if !strings.Contains(page, "Permohonan diputuskan: disetujui") || !strings.Contains(page, "Hak akses sampai") {
		t.Error("the registrator does not see the outcome")
	}
	staff := produsen.Get(sp).Body
	for _, want := range []string{"Rekomendasi rahasia", "Catatan internal teknis", "Catatan internal keputusan"} {
		if !strings.Contains(staff, want) {
			t.Errorf("the staff page lacks %q", want)
		}
	}
}

// Verifikasi Akun: each criterion of §3.2.5 confirmed and audited; a rejection names the failed one.
func TestVerifikasiAkunChecklist(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	verifier := p.CreateStaff(t, "verifikator.ceklis", account.RoleVerifikatorAkun)
	in := defaultReg()
	register(t, p, in)
	staff := staffLogin(t, p, verifier, time.Now())
	id := strconv.FormatInt(pendingPejabatID(t, p), 10)
	page := staff.Get("/petugas/verifikasi-akun/" + id)
	for _, k := range []string{"kriteria-asn", "kriteria-surat_tugas", "kriteria-ktp_nik", "eselon 4", "Kepala badan perencanaan pembangunan daerah"} {
		if !strings.Contains(page.Body, k) {
			t.Errorf("the checklist lacks %q", k)
		}
	}
	states := func() string {
		var s string
		_ = p.Store.Pool.QueryRow(context.Background(), "SELECT state || '/' || (SELECT count(*) FROM outbox) || '/' || (SELECT count(*) FROM audit_log WHERE action LIKE 'pejabat.%' AND action <> 'pejabat.lihat_data_diri') FROM pejabat WHERE id = $1", id).Scan(&s)
		return s
	}
	before := states()
	r := staff.PostForm("/petugas/verifikasi-akun/"+id+"/setujui", map[string][]string{"kriteria": {"asn", "surat_tugas"}})
	mustStatus(t, "approve with the KTP unchecked", r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, "Centang setiap kriteria") || !strings.Contains(r.Body, `id="kriteria-asn" name="kriteria" value="asn" checked`) {
		t.Error("the refusal does not say why or lost the ticks")
	}
	reason := "Nama pada KTP berbeda dengan nama pada Surat Tugas."
	r = staff.PostForm("/petugas/verifikasi-akun/"+id+"/tolak", map[string][]string{"kriteria": {"asn", "surat_tugas", "ktp_nik"}, "alasan": {reason}})
	mustStatus(t, "reject with everything ticked", r, http.StatusUnprocessableEntity)
	if after := states(); after != before {
		t.Errorf("refused decisions changed %s → %s", before, after)
	}
	mustStatus(t, "tolak", staff.PostForm("/petugas/verifikasi-akun/"+id+"/tolak",
		map[string][]string{"kriteria": {"asn", "surat_tugas"}, "alasan": {reason}}), http.StatusSeeOther)
	_, text := latestMail(t, p, in.email)
	if !strings.Contains(text, "Kriteria registrator yang belum terpenuhi") || !strings.Contains(text, "Identitas pada KTP sesuai dengan NIK") ||
		strings.Contains(text, "eselon 4") || !strings.Contains(text, reason) {
		t.Errorf("rejection mail does not name the failed criterion only:\n%s", text)
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'pejabat.kriteria' AND object_id = $1", id); n != 3 {
		t.Errorf("%d audit rows for the criteria, want 3", n)
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'pejabat.kriteria' AND object_id = $1 AND detail->>'kriteria' = 'ktp_nik' AND detail->>'terpenuhi' = 'false'", id); n != 1 {
		t.Error("the failed criterion is not audited as failed")
	}
}

// §3.2.5 point 2: an uploaded KAK is read against its six components, a hint beside the document for the
// registrator and the verifikator teknis, never a refusal.
func TestKAKReadOnUpload(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	path := newPermohonan(t, c)
	kak := servertest.TextPDF(t, "I. Latar Belakang Kebutuhan Pemanfaatan Data Regsosek: penajaman sasaran kemiskinan ekstrem Kota Bandung.",
		"II. Tujuan Pemanfaatan Data Regsosek: penargetan bantuan sosial daerah dan bagi pakai lintas OPD.",
		"III. Identifikasi Kebutuhan Hak Akses dan Media Akses: Dinas Sosial, BNBA, Sepakat.",
		"V. Rencana Dukungan Pemutakhiran: data balikan hasil verifikasi lapangan setiap semester.")
	f := webtest.File{Field: "berkas-kak", Name: "kak.pdf", ContentType: "application/pdf", Content: kak}
	mustStatus(t, "upload KAK", c.PostMultipart(path+"/dokumen/kak", nil, f), http.StatusSeeOther)
	page := c.Get(path + "/dokumen").Body
	found := regexp.MustCompile(`data-testid="kak-([a-f])" data-found="(ya|tidak)"`).FindAllStringSubmatch(page, -1)
	got := ""
	for _, m := range found {
		got += m[1] + "=" + m[2] + " "
	}
	if got != "a=ya b=ya c=ya d=tidak e=tidak f=ya " {
		t.Errorf("components %q", got)
	}
	// A scan: accepted, said to be unreadable.
	scan := servertest.PDF(t, "")
	f = webtest.File{Field: "berkas-kak", Name: "kak-pindaian.pdf", ContentType: "application/pdf", Content: scan}
	mustStatus(t, "upload scanned KAK", c.PostMultipart(path+"/dokumen/kak", nil, f), http.StatusSeeOther)
	if page := c.Get(path + "/dokumen").Body; !strings.Contains(page, `data-testid="kak-unreadable"`) || !strings.Contains(page, "bukan penolakan") {
		t.Error("an unreadable KAK is not said to be unreadable")
	}
	// The draft was never submitted: the replaced KAK goes with its reading (dokumen_lepas.go), the scan's stays.
	if n := count(t, p, "SELECT count(*) FROM kak_bacaan WHERE NOT terbaca"); n != 1 || count(t, p, "SELECT count(*) FROM kak_bacaan") != 1 {
		t.Errorf("%d readings of the scan stored, want it alone", n)
	}
}
