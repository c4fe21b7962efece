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
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// Bimbingan teknis outcomes (issue 13 item 7): participants per class, attendance, pass or fail, a
// prefilled certificate for each who passed, and a passed participant as the training evidence of a Sepakat
// operator — in a permohonan's row and in a Penggantian Operator.

// The operator of the Dinas Sosial row in SubmitThreeSepakat (NIP …003) and a new operator's NIP.
const (
	nipOperatorSosial = "196706271998031003"
	nipOperatorBaru   = "198505052010011007"
)

// scheduledPelatihan files, submits and schedules a Pelatihan of the registrator's instansi and returns its
// staff path and the pengelola layanan's client.
func scheduledPelatihan(t *testing.T, p *servertest.Portal, c *webtest.Client, now time.Time) (string, *webtest.Client) {
	t.Helper()
	path := newBimtek(t, c, bimtekValues())
	submitBimtek(t, c, path)
	sp := "/petugas/bimtek/" + strings.TrimPrefix(path, "/akun/bimtek/")
	pengelola := staffLogin(t, p, p.CreateStaff(t, "pengelola.peserta."+strings.TrimPrefix(path, "/akun/bimtek/"), account.RolePengelolaLayanan), now)
	start := nextMonday(time.Now().AddDate(0, 1, 0))
	mustStatus(t, "jadwalkan", pengelola.PostForm(sp+"/jadwalkan", webtest.Values("jadwal_mulai", start.Format(time.DateOnly),
		"jadwal_selesai", start.AddDate(0, 0, 4).Format(time.DateOnly), "jadwal_mode", "daring", "jadwal_tautan", "https://meet.example/regsosek")), http.StatusSeeOther)
	return sp, pengelola
}

func peserta(kelas, nama, nip, email string) url.Values {
	return webtest.Values("kelas", kelas, "nama", nama, "nip", nip, "unit", "Dinas Sosial Kota Bandung", "email", email)
}

func pesertaID(t *testing.T, p *servertest.Portal, nip string) string {
	t.Helper()
	var id int64
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT id FROM bimtek_peserta WHERE nip = $1", nip).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(id, 10)
}

func TestBimtekOutcomesAndCertificates(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	sp, pengelola := scheduledPelatihan(t, p, c, time.Now())
	if review := pengelola.Get(sp); !strings.Contains(review.Body, "Peserta dan Hasil Pelatihan") {
		t.Fatal("the scheduled training does not lead to its participants")
	}
	page := pengelola.Get(sp + "/peserta")
	for _, k := range []string{"Kelas PK 1", "Kelas PK 2", "Kelas DK 1"} {
		if !strings.Contains(page.Body, k) {
			t.Errorf("class %s not offered", k)
		}
	}
	// Bad input keeps the entries and stores nothing.
	if r := pengelola.PostForm(sp+"/peserta", peserta("PK-9", "Andi", "123", "bukan")); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, `value="Andi"`) {
		t.Errorf("bad participant: %d", r.Status)
	}
	mustStatus(t, "peserta 1", pengelola.PostForm(sp+"/peserta", peserta("PK-1", "Rudi Hartono", nipOperatorSosial, "rudi@bandung.go.id")), http.StatusSeeOther)
	mustStatus(t, "peserta 2", pengelola.PostForm(sp+"/peserta", peserta("PK-1", "Budi Santoso", nipOperatorBaru, "budi.santoso@daerah.go.id")), http.StatusSeeOther)
	mustStatus(t, "peserta 3", pengelola.PostForm(sp+"/peserta", peserta("DK-1", "Wati Lestari", "3273015508850003", "wati@desa.id")), http.StatusSeeOther)
	if r := pengelola.PostForm(sp+"/peserta", peserta("PK-2", "Rudi Lagi", nipOperatorSosial, "rudi2@bandung.go.id")); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("one person twice: %d", r.Status)
	}
	// At most 30 per class, held under the request's lock.
	bid, _ := strconv.ParseInt(strings.TrimPrefix(sp, "/petugas/bimtek/"), 10, 64)
	direct := account.Actor{Kind: account.ActorStaf, ID: p.CreateStaff(t, "pengelola.langsung", account.RolePengelolaLayanan).ID}
	for i := 0; i < 28; i++ {
		nip := "19800101200501" + "1" + strconv.Itoa(100+i)
		if _, err := p.Store.AddPeserta(context.Background(), bid, layanan.Peserta{Kelas: "PK-1", Nama: "Peserta " + strconv.Itoa(i), NIP: nip,
			Unit: "Dinas", Email: "p" + strconv.Itoa(i) + "@bandung.go.id"}, direct, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if r := pengelola.PostForm(sp+"/peserta", peserta("PK-1", "Peserta Ketiga Puluh Satu", "198001012005011999", "p31@bandung.go.id")); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "sudah berisi 30 peserta") {
		t.Errorf("a 31st participant in a class: %d", r.Status)
	}

	rudi, budi, wati := pesertaID(t, p, nipOperatorSosial), pesertaID(t, p, nipOperatorBaru), pesertaID(t, p, "3273015508850003")
	// A pass without attendance is refused, and nothing is saved.
	if r := pengelola.PostForm(sp+"/peserta/hasil", webtest.Values("hasil_"+rudi, "lulus")); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "tidak hadir tidak dapat dinyatakan lulus") {
		t.Errorf("pass without attendance: %d", r.Status)
	}
	mustStatus(t, "hasil", pengelola.PostForm(sp+"/peserta/hasil", webtest.Values("hadir_"+rudi, "ya", "hasil_"+rudi, "lulus",
		"hadir_"+budi, "ya", "hasil_"+budi, "lulus", "hadir_"+wati, "ya", "hasil_"+wati, "tidak_lulus")), http.StatusSeeOther)
	if n := count(t, p, "SELECT count(*) FROM bimtek_peserta WHERE lulus AND nomor_sertifikat IS NOT NULL"); n != 2 {
		t.Fatalf("%d certificates", n)
	}
	subject, text := latestMail(t, p, "rudi@bandung.go.id")
	if subject != "Sertifikat Pelatihan Pemanfaatan Data Regsosek" {
		t.Fatalf("certificate email %q", subject)
	}
	if n := count(t, p, "SELECT count(*) FROM outbox WHERE to_address = 'wati@desa.id'"); n != 0 {
		t.Error("a certificate for a participant who did not pass")
	}
	link := regexp.MustCompile(`/sertifikat/[A-Za-z0-9_-]+`).FindString(text)
	cert := webtest.NewClient(t, p.URL).Get(link)
	if cert.Status != http.StatusOK || cert.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("the certificate link: %d %s", cert.Status, cert.Header.Get("Content-Type"))
	}
	pdf := readPDF(t, []byte(cert.Body))
	for _, want := range []string{"SERTIFIKAT", "Rudi Hartono", "19670627 199803 1 003", "LULUS", "Versi Lengkap", "Pemerintah Kota Bandung", "/BIMTEK-REGSOSEK/"} {
		if !strings.Contains(pdf, want) {
			t.Errorf("the certificate lacks %q: %s", want, pdf)
		}
	}
	if r := webtest.NewClient(t, p.URL).Get("/sertifikat/bukan-token-yang-benar"); r.Status != http.StatusNotFound {
		t.Errorf("an unknown certificate link: %d", r.Status)
	}
	// The registrator sees the results and downloads the certificates.
	bimtekPage := c.Get(strings.Replace(sp, "/petugas/bimtek/", "/akun/bimtek/", 1))
	if res := between(bimtekPage.Body, `data-testid="peserta"`, "</table>"); !strings.Contains(res, "Tidak lulus") || strings.Count(res, "Unduh Sertifikat") != 2 {
		t.Errorf("the registrator's results: %.400s", res)
	}
	if r := c.Get(strings.Replace(sp, "/petugas/bimtek/", "/akun/bimtek/", 1) + "/peserta/" + wati + "/sertifikat.pdf"); r.Status != http.StatusNotFound {
		t.Errorf("a certificate of a participant who failed: %d", r.Status)
	}
	other := p.Login(t, p.CreateRegistrator(t, "kabupaten_kota", "32.04", "Pemerintah Kabupaten Bandung").Username, servertest.RegistratorPassword)
	if r := other.Get(strings.Replace(sp, "/petugas/bimtek/", "/akun/bimtek/", 1) + "/peserta/" + rudi + "/sertifikat.pdf"); r.Status != http.StatusNotFound {
		t.Errorf("another account's certificate: %d", r.Status)
	}

	// Kapasitas: a passed participant as the training evidence of the Sepakat operator with the same NIP — a
	// further kind of issue 12's evidence record, offered on its kapasitas page.
	kc, kid := draftThreeSepakat(t, c)
	rowSosial, rowPendidikan := rowID(t, p, kid, "Dinas Sosial"), rowID(t, p, kid, "Dinas Pendidikan")
	base := "/permohonan/" + strconv.FormatInt(kid, 10)
	form := kc.Get(base + "/kebutuhan/" + rowSosial + "/kapasitas")
	if peserta := between(form.Body, `data-testid="kapasitas-peserta"`, "</section>"); !strings.Contains(peserta, "Rudi Hartono") || strings.Contains(peserta, "Budi Santoso") {
		t.Errorf("the evidence offered is not the operator's own: %.400s", peserta)
	}
	if form := kc.Get(base + "/kebutuhan/" + rowPendidikan + "/kapasitas"); strings.Contains(form.Body, `data-testid="kapasitas-peserta"`) {
		t.Error("another operator is offered Rudi's training")
	}
	kapasitas := func(row, peserta string) *webtest.Response {
		return kc.PostMultipart(base+"/kebutuhan/"+row+"/kapasitas", webtest.Values("aksi", "peserta", "peserta_id", peserta))
	}
	if r := kapasitas(rowPendidikan, rudi); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "bukan operator ini") {
		t.Errorf("another person's training as evidence: %d", r.Status)
	}
	if r := kapasitas(rowSosial, wati); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a participant who failed as evidence: %d", r.Status)
	}
	mustStatus(t, "bukti", kapasitas(rowSosial, rudi), http.StatusSeeOther)
	if n := count(t, p, "SELECT count(*) FROM operator_pelatihan WHERE row_id = $1 AND jenis = 'peserta_bimtek' AND peserta_id = $2", rowSosial, rudi); n != 1 {
		t.Error("the evidence is not recorded")
	}
	if list := kc.Get(base + "/kebutuhan"); !strings.Contains(list.Body, "Rudi Hartono") {
		t.Error("the rows do not show the evidence chosen")
	}
	// A participant chosen as evidence cannot be failed afterwards.
	if r := pengelola.PostForm(sp+"/peserta/hasil", webtest.Values("hadir_"+rudi, "ya", "hasil_"+rudi, "tidak_lulus", "hadir_"+budi, "ya", "hasil_"+budi, "lulus",
		"hadir_"+wati, "ya", "hasil_"+wati, "tidak_lulus")); r.Status != http.StatusConflict {
		t.Errorf("failing a participant chosen as evidence: %d", r.Status)
	}
}

// draftThreeSepakat starts a draft with two Sepakat rows (operators …003 and …004) for the registrator.
func draftThreeSepakat(t *testing.T, c *webtest.Client) (*webtest.Client, int64) {
	t.Helper()
	r := c.PostForm("/permohonan", nil)
	id, err := strconv.ParseInt(strings.TrimPrefix(r.Location, "/permohonan/"), 10, 64)
	if err != nil {
		t.Fatalf("create permohonan: %d %q", r.Status, r.Location)
	}
	for _, row := range [][2]string{{"Dinas Sosial", nipOperatorSosial}, {"Dinas Pendidikan", "198001012005011004"}} {
		mustStatus(t, "row", c.PostForm(r.Location+"/kebutuhan/baru", webtest.Values("aksi", "simpan", "pengguna_jenis", "opd", "pengguna", row[0],
			"tujuan", "Pemutakhiran sasaran program "+row[0], "jenis_data", "agregat_terpilah", "media", "sepakat", "penggunaan", "berkelanjutan",
			"periode_mulai", "2026-01-01", "periode_bulan", "12", "olah_data", "ya", "olah_data_keterangan", "Mengolah data SIKS-NG setiap bulan.",
			"operator_nama", "Operator "+row[0], "operator_jabatan", "Pranata Komputer", "operator_nip", row[1],
			"operator_email", "op"+row[1][15:]+"@daerah.go.id", "operator_no_hp", "081322223333")),
			http.StatusSeeOther)
	}
	return c, id
}

// A Penggantian Operator names a passed participant as the new operator's evidence; the row keeps it.
func TestPenggantianWithTrainingEvidence(t *testing.T) {
	t.Parallel()
	p, clock, _, c, id, runner := threeRowsInForce(t)
	sp, pengelola := scheduledPelatihan(t, p, c, clock.Now())
	mustStatus(t, "peserta", pengelola.PostForm(sp+"/peserta", peserta("PK-1", "Budi Santoso", nipOperatorBaru, newOperatorEmail)), http.StatusSeeOther)
	budi := pesertaID(t, p, nipOperatorBaru)
	mustStatus(t, "hasil", pengelola.PostForm(sp+"/peserta/hasil", webtest.Values("hadir_"+budi, "ya", "hasil_"+budi, "lulus")), http.StatusSeeOther)
	path := "/permohonan/" + strconv.FormatInt(id, 10) + "/ganti-operator"
	if form := c.Get(path); !strings.Contains(form.Body, "Bukti lulus pelatihan Sepakat") || !strings.Contains(form.Body, "Budi Santoso (198505052010011007)") {
		t.Fatal("the form does not offer the passed participant")
	}
	v := gantiForm(rowID(t, p, id, "Dinas Sosial"))
	v.Set("peserta", budi)
	mustStatus(t, "ganti", c.PostMultipart(path, v, skFile(t)), http.StatusSeeOther)
	staff := "/petugas/penggantian-operator/" + strconv.Itoa(count(t, p, "SELECT max(id)::int FROM penggantian_operator"))
	teknis := staffLogin(t, p, p.CreateStaff(t, "teknis.bukti", account.RoleVerifikatorTeknis), clock.Now())
	if review := teknis.Get(staff); !strings.Contains(between(review.Body, `data-testid="operator-baru"`, "</dl>"), "sertifikat") {
		t.Error("the verifier does not see the training evidence")
	}
	mustStatus(t, "sesuai", teknis.PostForm(staff+"/putuskan", webtest.Values("hasil", "sesuai")), http.StatusSeeOther)
	servertest.RunJobs(t, runner)
	if n := count(t, p, "SELECT count(*) FROM operator_pelatihan WHERE row_id = $1 AND peserta_id = $2", rowID(t, p, id, "Dinas Sosial"), budi); n != 1 {
		t.Error("the row's operator evidence is not the new operator's")
	}
}
