package server_test

import (
	"context"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// The pedoman's rules on each row after the decision (issue 12): jangka waktu, the Surat Persetujuan,
// the Lampiran pages and kapasitas evidence.
// §III step 3: each row's decided end is proposed from its request, shortened only with a reason; the
// permohonan's end is the latest; each Sepakat account gets its own row's end.
func TestJangkaWaktuPerRow(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	now := time.Now()
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	sp := "/petugas/permohonan/" + strconv.FormatInt(id, 10)
	teknis := staffLogin(t, p, p.CreateStaff(t, "teknis.jw", account.RoleVerifikatorTeknis), now)
	f := teknisForm(t, p, id, "lanjut", nil)
	f["dokumen_sk_forum_satu_data"] = []string{"sesuai"}
	mustStatus(t, "teknis", teknis.PostForm(sp+"/verifikasi-teknis", f), http.StatusSeeOther)
	substansi := staffLogin(t, p, p.CreateStaff(t, "substansi.jw", account.RoleVerifikatorSubstansi), now)
	mustStatus(t, "teruskan", substansi.PostForm(sp+"/verifikasi-substansi", substansiForm(t, p, id, "lanjut")), http.StatusSeeOther)
	produsen := staffLogin(t, p, p.CreateStaff(t, "produsen.jw", account.RoleProdusenData), now)
	page := produsen.Get(sp).Body
	if !strings.Contains(page, "Jangka waktu diminta: Berkelanjutan: mulai 1 Januari 2026, selama 60 bulan") || !strings.Contains(page, "Diusulkan:") {
		t.Error("the decision form does not show the period asked and the proposal")
	}
	rows := rowIDs(t, p, id)
	short := now.AddDate(0, 3, 0).Format(time.DateOnly)
	d := decideAll(t, p, id)
	first := "baris_" + strconv.FormatInt(rows[0], 10)
	d.Set(first+"_sampai", short)
	before := tally(t, p, id)
	r := produsen.PostForm(sp+"/keputusan", d)
	mustStatus(t, "shortened without a reason", r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, "Tuliskan alasan memperpendek jangka waktu") {
		t.Error("no message on the missing reason")
	}
	d.Set(first+"_sampai", now.AddDate(3, 0, 0).Format(time.DateOnly))
	mustStatus(t, "past the proposal", produsen.PostForm(sp+"/keputusan", d), http.StatusUnprocessableEntity)
	if after := tally(t, p, id); after != before {
		t.Errorf("refused decisions changed %s → %s", before, after)
	}
	d.Set(first+"_sampai", short)
	d.Set(first+"_alasan", "Program PKH daerah berakhir tiga bulan lagi.")
	mustStatus(t, "decision", produsen.PostForm(sp+"/keputusan", d), http.StatusSeeOther)
	var latest, rowEnd, otherEnd time.Time
	if err := p.Store.Pool.QueryRow(context.Background(), `SELECT p.akses_sampai, d1.sampai, d2.sampai FROM permohonan p
		JOIN row_decisions d1 ON d1.row_id = $2 JOIN row_decisions d2 ON d2.row_id = $3 WHERE p.id = $1`, id, rows[0], rows[2]).
		Scan(&latest, &rowEnd, &otherEnd); err != nil {
		t.Fatal(err)
	}
	if rowEnd.Format(time.DateOnly) != short || !latest.Equal(otherEnd) || !otherEnd.After(rowEnd) {
		t.Errorf("ends: permohonan %v, shortened row %v, other row %v", latest, rowEnd, otherEnd)
	}
	if page := c.Get("/permohonan/" + strconv.FormatInt(id, 10)).Body; !strings.Contains(page, "(diusulkan sampai") || !strings.Contains(page, "Program PKH daerah berakhir") {
		t.Error("the registrator does not see the shortened period and its reason")
	}
	// Access: each Sepakat account keeps its own row's end.
	runner := p.JobRunner(t, time.Now, nil)
	p.GiveAccess(t, c, id, runner, now)
	var acc1, acc3 time.Time
	if err := p.Store.Pool.QueryRow(context.Background(), `SELECT (SELECT berlaku_sampai FROM akses_akun WHERE row_id = $1),
		(SELECT berlaku_sampai FROM akses_akun WHERE row_id = $2)`, rows[0], rows[2]).Scan(&acc1, &acc3); err != nil {
		t.Fatal(err)
	}
	if acc1.Format(time.DateOnly) != short || !acc3.Equal(otherEnd) {
		t.Errorf("accounts end %v and %v, want %s and %v", acc1, acc3, short, otherEnd)
	}
}

// SE angka 11: once access is given, the Surat Persetujuan names the head of the pemohon and every approved
// row, is emailed to the registrator and the narahubung, and downloads only for the account's registrator.
func TestSuratPersetujuan(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is missing: make test installs poppler-utils")
	}
	p := servertest.New(t)
	now := time.Now()
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.05", "Pemerintah Kabupaten Garut")
	c, id := p.SubmitSample(t, reg, "32.05")
	path := "/permohonan/" + strconv.FormatInt(id, 10)
	if r := c.Get(path + "/surat-persetujuan.pdf"); r.Status != http.StatusNotFound {
		t.Errorf("the letter before access: %d", r.Status)
	}
	p.Approve(t, id, now, now.AddDate(0, 10, 0))
	p.GiveAccess(t, c, id, p.JobRunner(t, time.Now, nil), now)
	r := c.Get(path + "/surat-persetujuan.pdf")
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Body, "%PDF") {
		t.Fatalf("letter: %d", r.Status)
	}
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = strings.NewReader(r.Body)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Persetujuan Pemberian Hak Akses Data Regsosek", "Yth. Bupati Garut", "Dinas Sosial", "Dinas Kesehatan",
		"Dinas Pendidikan", "BNBA", "Mikro", "Agregat", "Kabupaten Garut", "a.n. Menteri Perencanaan Pembangunan Nasional",
		"selaku Produsen Data Regsosek"} {
		if !strings.Contains(text, want) {
			t.Errorf("the letter lacks %q:\n%s", want, text)
		}
	}
	if n := count(t, p, "SELECT count(*) FROM outbox WHERE subject = 'Surat Persetujuan Pemberian Hak Akses Data Regsosek' AND to_address IN ($1, 'siti@daerah.go.id')", reg.Email); n != 2 {
		t.Errorf("%d letters mailed, want the registrator's and the narahubung's", n)
	}
	other := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	if r := p.Login(t, other.Username, servertest.RegistratorPassword).Get(path + "/surat-persetujuan.pdf"); r.Status != http.StatusNotFound {
		t.Errorf("another account's letter: %d", r.Status)
	}
}

// Lampiran 2 and 3 of the pedoman, offered on the KAK step.
func TestLampiranPages(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	c := webtest.NewClient(t, p.URL)
	for path, want := range map[string]string{"/referensi/lampiran-2": "Prevalensi stunting", "/referensi/lampiran-3": "Kementerian Kesehatan"} {
		if r := c.Get(path); r.Status != http.StatusOK || !strings.Contains(r.Body, want) {
			t.Errorf("%s: %d", path, r.Status)
		}
	}
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	rc := p.Login(t, reg.Username, servertest.RegistratorPassword)
	path := newPermohonan(t, rc)
	if page := rc.Get(path + "/dokumen").Body; !strings.Contains(page, `href="/referensi/lampiran-2"`) || !strings.Contains(page, `href="/referensi/lampiran-3"`) {
		t.Error("the KAK step does not offer Lampiran 2 and 3")
	}
}

// Kapasitas (Tabel 3.1): a completed Bimbingan Teknis of the same instansi is evidence; another's, or one not
// finished, is refused and changes nothing.
func TestKapasitasFromBimtek(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ctx := context.Background()
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	other := p.CreateRegistrator(t, "kabupaten_kota", "32.04", "Pemerintah Kabupaten Bandung")
	bimtek := func(akunID, pejabatID int64, state string) int64 {
		var id int64
		err := p.Store.Pool.QueryRow(ctx, `INSERT INTO bimtek (reference, akun_id, pejabat_id, state, pelatihan, konsultasi, versi, peserta_pk, mode,
				usulan_mulai, usulan_selesai, narahubung_nama, narahubung_jabatan, narahubung_nip, narahubung_email, narahubung_phone,
				surat_document_id, kak_document_id, jadwal_mulai, jadwal_selesai, jadwal_mode, submitted_at, decided_at)
			SELECT 'BTK-UJI-' || $1::bigint || '-' || $3::text, $1::bigint, $2::bigint, $3::text, true, false, 'ringkas', 20, 'luring', '2026-03-02', '2026-03-03', 'Siti', 'Kepala',
				'197001012000031002', 'siti@bandung.go.id', '+6281211112222', p.ktp_document_id, p.ktp_document_id, '2026-03-02', '2026-03-03',
				'luring', now(), CASE WHEN $3 = 'selesai' THEN now() END
			FROM pejabat p WHERE p.id = $2 RETURNING id`, akunID, pejabatID, state).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	done, scheduled, others := bimtek(reg.AkunID, reg.PejabatID, "selesai"), bimtek(reg.AkunID, reg.PejabatID, "dijadwalkan"), bimtek(other.AkunID, other.PejabatID, "selesai")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	path := newPermohonan(t, c)
	mustStatus(t, "header", c.PostForm(path+"/cakupan", form(header("32.73"))), http.StatusSeeOther)
	mustStatus(t, "row", c.PostForm(path+"/kebutuhan/baru", form(rowForm("Dinas Sosial", "mikro", "sepakat", "", "196706271998031004"))), http.StatusSeeOther)
	kp := path + "/kebutuhan/" + strconv.FormatInt(rowIDs(t, p, idOf(path))[0], 10) + "/kapasitas"
	page := c.Get(kp).Body
	if !strings.Contains(page, "BTK-UJI-"+strconv.FormatInt(reg.AkunID, 10)+"-selesai") || strings.Contains(page, "dijadwalkan") {
		t.Error("the page does not offer exactly the completed bimtek of this instansi")
	}
	for name, bid := range map[string]int64{"not finished": scheduled, "another instansi's": others} {
		r := c.PostMultipart(kp, webtest.Values("aksi", "bimtek", "bimtek_id", strconv.FormatInt(bid, 10)))
		mustStatus(t, name, r, http.StatusUnprocessableEntity)
		if n := count(t, p, "SELECT count(*) FROM operator_pelatihan"); n != 0 {
			t.Errorf("%s bimtek was recorded", name)
		}
	}
	mustStatus(t, "completed bimtek", c.PostMultipart(kp, webtest.Values("aksi", "bimtek", "bimtek_id", strconv.FormatInt(done, 10))), http.StatusSeeOther)
	if n := count(t, p, "SELECT count(*) FROM operator_pelatihan WHERE jenis = 'bimtek' AND bimtek_id = $1", done); n != 1 {
		t.Error("the completed bimtek is not the evidence")
	}
	if page := c.Get(path + "/kebutuhan").Body; !strings.Contains(page, "Bimbingan Teknis BTK-UJI-") {
		t.Error("the row does not show its evidence")
	}
}

// The verifikator teknis judges the kapasitas like a document: marked "Belum Sesuai", the registrator may
// replace that evidence alone; an unmarked one stays as it is.
func TestKapasitasInRevision(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	now := time.Now()
	c, path, id, _ := submitted(t, p, "32.73")
	rows := rowIDs(t, p, id)
	marked, other := strconv.FormatInt(rows[0], 10), strconv.FormatInt(rows[2], 10) // the two Sepakat rows
	teknis := staffLogin(t, p, p.CreateStaff(t, "teknis.kap", account.RoleVerifikatorTeknis), now)
	f := teknisForm(t, p, id, "belum_sesuai", map[string]string{"kapasitas_" + marked: "Sertifikat tidak terbaca; unggah ulang."})
	mustStatus(t, "return", teknis.PostForm("/petugas/permohonan/"+strconv.FormatInt(id, 10)+"/verifikasi-teknis", f), http.StatusSeeOther)
	if page := c.Get(path).Body; !strings.Contains(page, "Catatan verifikator (kapasitas): Sertifikat tidak terbaca") {
		t.Error("the note is not beside the row's kapasitas")
	}
	cert := webtest.File{Field: "sertifikat", Name: "sertifikat-baru.pdf", ContentType: "application/pdf", Content: servertest.PDF(t, "Sertifikat")}
	r := c.PostMultipart(path+"/kebutuhan/"+other+"/kapasitas", webtest.Values("aksi", "sertifikat"), cert)
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, "tidak ditandai Belum Sesuai") {
		t.Errorf("replacing unmarked evidence: %d", r.Status)
	}
	mustStatus(t, "replace marked evidence", c.PostMultipart(path+"/kebutuhan/"+marked+"/kapasitas", webtest.Values("aksi", "sertifikat"), cert), http.StatusSeeOther)
	if n := count(t, p, "SELECT count(*) FROM operator_pelatihan op JOIN documents d ON d.id = op.document_id WHERE d.original_name = 'sertifikat-baru.pdf'"); n != 1 {
		t.Errorf("%d rows carry the new certificate, want only the marked one", n)
	}
	mustStatus(t, "resubmit", c.PostForm(path+"/ajukan", nil), http.StatusSeeOther)
	if diff := teknis.Get("/petugas/permohonan/" + strconv.FormatInt(id, 10)).Body; !strings.Contains(between(diff, `data-testid="diff"`, "</section>"), "bukti pelatihan operator") {
		t.Error("the verifier does not see the replaced evidence in the diff")
	}
}

// §3.2.3 and data minimisation: a K/L may ask for kab/kota in several provinces, one province listed at a
// time without JavaScript; a mix of levels or an unknown code is refused beside the field.
func TestKLCakupanKabKota(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "pusat", "027", "KEMENTERIAN SOSIAL")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	path := newPermohonan(t, c)
	h := form(header(""))
	delete(h, "cakupan_wilayah")
	h["lingkup"], h["cakupan_kab"], h["kab_provinsi"], h["aksi"] = []string{"kabupaten_kota"}, []string{"32.05"}, []string{"33"}, []string{"pilih_provinsi"}
	r := c.PostForm(path+"/cakupan", h)
	mustStatus(t, "show Jawa Tengah", r, http.StatusOK)
	if !strings.Contains(r.Body, `value="33.01"`) || !strings.Contains(r.Body, `id="cakupan_kab-32.05" name="cakupan_kab" value="32.05" checked`) {
		t.Error("the kab/kota of the chosen province, or the one chosen before, are not listed")
	}
	if v, _ := p.Store.FindPermohonan(context.Background(), idOf(path), 0); v.HeaderSaved {
		t.Error("showing a province saved the header")
	}
	h["aksi"], h["cakupan_kab"] = []string{"simpan"}, []string{"32.05", "33.01"}
	mustStatus(t, "save two kab/kota", c.PostForm(path+"/cakupan", h), http.StatusSeeOther)
	if v, _ := p.Store.FindPermohonan(context.Background(), idOf(path), 0); v.Header.Cakupan != "32.05,33.01" {
		t.Errorf("cakupan %q", v.Header.Cakupan)
	}
	h["cakupan_kab"] = []string{"32.05", "99.99"}
	r = c.PostForm(path+"/cakupan", h)
	mustStatus(t, "unknown kab/kota", r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, "Wilayah tidak dikenal") {
		t.Error("no message on the unknown code")
	}
	direct := form(header("nasional,32"))
	mustStatus(t, "nasional mixed with a province", c.PostForm(path+"/cakupan", direct), http.StatusUnprocessableEntity)
}
