package servertest

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/jobs"
	"github.com/bappenas/portal-regsosek/internal/jobstest"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/pdfsig/pdfsigtest"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/sepakat"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// Helpers for Tahap 4–6 tests: staff sign-in, the review of a submitted permohonan over HTTP, e-signed
// PDFs, and a river job runner on the test's clock.

// StaffLogin signs a staff member in with password and TOTP (computed at now, the server's clock).
func (p *Portal) StaffLogin(t testing.TB, s Staff, now time.Time) *webtest.Client {
	t.Helper()
	c := webtest.NewClient(t, p.URL)
	if r := c.PostForm("/masuk", webtest.Values("username", s.Username, "password", s.Password)); r.Status != http.StatusSeeOther {
		t.Fatalf("staff password %s: %d", s.Username, r.Status)
	}
	code, err := totp.GenerateCode(s.TOTPSecret, now)
	if err != nil {
		t.Fatal(err)
	}
	if r := c.PostForm("/masuk/totp", webtest.Values("kode", code)); r.Status != http.StatusSeeOther || r.Location != "/petugas" {
		t.Fatalf("staff TOTP %s: %d %q", s.Username, r.Status, r.Location)
	}
	return c
}

// Approve takes a submitted permohonan through verifikasi teknis and substansi and approves it over HTTP,
// each step by a staff member of its own made for the purpose. approved gives the jenis data approved for
// each row, in row order ("" keeps the requested one); sampai is the approved end.
func (p *Portal) Approve(t testing.TB, id int64, now time.Time, sampai time.Time, approved ...string) {
	t.Helper()
	p.approve(t, id, now, func(request.Row) time.Time { return sampai }, "", approved...)
}

// ApproveUntil is Approve with each row's end chosen by until.
func (p *Portal) ApproveUntil(t testing.TB, id int64, now time.Time, until func(request.Row) time.Time) {
	t.Helper()
	p.approve(t, id, now, until, "")
}

// ApproveOnRekomendasi is Approve with a rekomendasi asked by the verifikator substansi and answered by a
// direktur pengampu (rekom, the answer) before the permohonan is forwarded.
func (p *Portal) ApproveOnRekomendasi(t testing.TB, id int64, now time.Time, sampai time.Time, rekom string) {
	t.Helper()
	p.approve(t, id, now, func(request.Row) time.Time { return sampai }, rekom)
}

func (p *Portal) approve(t testing.TB, id int64, now time.Time, until func(request.Row) time.Time, rekom string, approved ...string) {
	t.Helper()
	ctx := context.Background()
	perm, err := p.Store.FindPermohonan(ctx, id, 0)
	if err != nil {
		t.Fatal(err)
	}
	kat, _ := account.ParseKategori(perm.Kategori)
	inst := request.Instansi{Kategori: kat, Kode: perm.InstansiKode}
	suffix := strconv.FormatInt(id, 10)
	path := "/petugas/permohonan/" + suffix
	post := func(c *webtest.Client, what, u string, form url.Values) {
		t.Helper()
		if r := c.PostForm(u, form); r.Status != http.StatusSeeOther {
			t.Fatalf("%s: %d %.400s", what, r.Status, r.Body)
		}
	}
	teknis := p.StaffLogin(t, p.CreateStaff(t, "teknis."+suffix, account.RoleVerifikatorTeknis), now)
	f := url.Values{"hasil": {"lanjut"}}
	for _, it := range review.TeknisItems(inst, perm.Header, perm.Rows, perm.DocSet()) {
		f.Set(it.Field(), "sesuai")
	}
	post(teknis, "verifikasi teknis", path+"/verifikasi-teknis", f)
	substansi := p.StaffLogin(t, p.CreateStaff(t, "substansi."+suffix, account.RoleVerifikatorSubstansi), now)
	f = url.Values{"hasil": {"lanjut"}}
	for _, it := range review.SubstansiItems(perm.Rows) {
		f.Set(it.Field(), "sesuai")
	}
	if kat == account.KategoriPusat && rekom == "" {
		// A K/L is decided on a direktur pengampu's rekomendasi (SE angka 10.d).
		rekom = "Sesuai tugas dan fungsi kementerian/lembaga."
	}
	if rekom != "" {
		p.Rekomendasi(t, substansi, id, now, rekom)
	}
	post(substansi, "verifikasi substansi", path+"/verifikasi-substansi", f)
	produsen := p.StaffLogin(t, p.CreateStaff(t, "keputusan."+suffix, account.RoleProdusenData), now)
	f = url.Values{"aksi": {"putuskan"}, "ringkasan_publik": {Ringkasan}}
	for i, row := range perm.Rows {
		field := "baris_" + strconv.FormatInt(row.ID, 10)
		jenis := row.JenisData
		if i < len(approved) && approved[i] != "" {
			jenis = approved[i]
		}
		f.Set(field, "setuju")
		f.Set(field+"_jenis", jenis)
		// Each row ends on sampai: a date before the end proposed from the request carries a reason.
		f.Set(field+"_sampai", until(row).Format(time.DateOnly))
		f.Set(field+"_alasan", "Jangka waktu disesuaikan dengan kebutuhan program.")
		if jenis != row.JenisData {
			f.Set(field+"_alasan", "Cukup data "+jenis+" untuk tujuan ini.")
		}
	}
	post(produsen, "keputusan", path+"/keputusan", f)
}

// Rekomendasi has staff (the verifikator substansi's client) ask a direktur pengampu made for the purpose about
// permohonan id, and the direktur answer, over HTTP.
func (p *Portal) Rekomendasi(t testing.TB, staff *webtest.Client, id int64, now time.Time, answer string) {
	t.Helper()
	suffix := strconv.FormatInt(id, 10)
	dir := p.CreateStaff(t, "direktur."+suffix+"."+strconv.Itoa(int(time.Now().UnixNano()%100000)), account.RoleDirekturPengampu)
	if r := staff.PostForm("/petugas/permohonan/"+suffix+"/rekomendasi", webtest.Values("direktur", strconv.FormatInt(dir.ID, 10),
		"pertanyaan", "Apakah permintaan ini sesuai tugas dan fungsi pemohon?")); r.Status != http.StatusSeeOther {
		t.Fatalf("minta rekomendasi: %d %.300s", r.Status, r.Body)
	}
	var rid int64
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT max(id) FROM rekomendasi WHERE permohonan_id = $1", id).Scan(&rid); err != nil {
		t.Fatal(err)
	}
	c := p.StaffLogin(t, dir, now)
	if r := c.PostForm("/petugas/rekomendasi/"+strconv.FormatInt(rid, 10)+"/jawab", webtest.Values("rekomendasi", answer)); r.Status != http.StatusSeeOther {
		t.Fatalf("jawab rekomendasi: %d %.300s", r.Status, r.Body)
	}
}

// Ringkasan is the purpose Approve writes for the public register.
const Ringkasan = "Pemutakhiran data sasaran program perlindungan sosial dan penanggulangan kemiskinan daerah."

// SignedPDF returns a PDF with text, e-signed as BSrE's signing leaves it: an incremental update with a real
// PAdES signature by a certificate of the test CA the portal trusts (TestCA), made now.
func SignedPDF(t testing.TB, text string) []byte {
	t.Helper()
	ca := TestCA(t)
	out, err := ca.Pemohon.Sign(PDF(t, text), SignedAt)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// SignedAt is when SignedPDF signs: before every test clock, so no signature seems to come from the future.
var SignedAt = time.Date(2026, 2, 2, 9, 0, 0, 0, time.FixedZone("WIB", 7*3600))

// TestTTE is the test's stand-in for BSrE: a root CA that every test portal trusts (TTE_TRUST_ROOTS) and
// signing certificates it issued to a pemohon's signatory and a Bappenas official.
type TestTTE struct {
	*pdfsigtest.CA
	Pemohon, Bappenas *pdfsigtest.Signer
}

var (
	tteOnce sync.Once
	tte     TestTTE
	tteErr  error
)

// TestCA returns the test CA, made once per test binary.
func TestCA(t testing.TB) TestTTE {
	t.Helper()
	tteOnce.Do(func() {
		now := time.Now()
		if tte.CA, tteErr = pdfsigtest.NewCA("Uji BSrE Root CA"); tteErr != nil {
			return
		}
		from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		if tte.Pemohon, tteErr = tte.Issue("Budi Santoso", "Pemerintah Kota Bandung", from, now.AddDate(3, 0, 0)); tteErr != nil {
			return
		}
		tte.Bappenas, tteErr = tte.Issue("Rina Wulandari", "Kementerian PPN/Bappenas", from, now.AddDate(3, 0, 0))
	})
	if tteErr != nil {
		t.Fatal(tteErr)
	}
	return tte
}

// JobRunner returns a runner of this portal's Tahap 4–6 jobs (river's default queue) on clock now, with
// prov as the Sepakat adapter (the built-in registry when nil), logging into the portal's log buffer. Email
// stays in the outbox, as the tests read it there.
func (p *Portal) JobRunner(t testing.TB, now func() time.Time, prov sepakat.Provisioner) *jobstest.Runner {
	t.Helper()
	if prov == nil {
		prov = &store.SepakatRegistry{Store: p.Store, Now: now}
	}
	return jobstest.New(t, jobs.Config{Store: p.Store, Sepakat: prov,
		Sender: mail.KeepSender{}, From: p.Config.Mail.From, Now: now,
		Log: slog.New(slog.NewTextHandler(p.Log, &slog.HandlerOptions{Level: slog.LevelDebug}))})
}

// RunJobs works every job due at the runner's clock, and what those jobs enqueue for that time, with river;
// it fails the test on an error of the machinery.
func RunJobs(t testing.TB, r *jobstest.Runner) {
	t.Helper()
	r.Run(t)
}

// GiveAccess takes an approved permohonan through Tahap 4–6 over HTTP (SignAgreements, PrepareAccess, the
// runner provisioning the accounts, then "Berikan Akses").
func (p *Portal) GiveAccess(t testing.TB, reg *webtest.Client, id int64, r *jobstest.Runner, now time.Time) {
	t.Helper()
	p.SignAgreements(t, reg, id, r, now)
	operator := p.PrepareAccess(t, id, now)
	RunJobs(t, r)
	if resp := operator.PostForm("/petugas/akses/"+strconv.FormatInt(id, 10)+"/berikan", nil); resp.Status != http.StatusSeeOther {
		t.Fatalf("berikan akses: %d %.500s", resp.Status, resp.Body)
	}
}

// SignAgreements is Tahap 4 over HTTP: the runner opens it, reg (the registrator's client) uploads an
// e-signed PKS (and NDA) and sends them, and a produsen data made for the purpose countersigns.
func (p *Portal) SignAgreements(t testing.TB, reg *webtest.Client, id int64, r *jobstest.Runner, now time.Time) {
	t.Helper()
	RunJobs(t, r) // approved → menunggu PKS/NDA
	path := "/permohonan/" + strconv.FormatInt(id, 10)
	a, err := p.Store.FindAkses(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	kinds := request.AgreementKinds(a.Approved)
	for _, k := range kinds {
		f := webtest.File{Field: "berkas-" + string(k), Name: string(k) + "-ttd.pdf", ContentType: "application/pdf", Content: SignedPDF(t, string(k))}
		if resp := reg.PostMultipart(path+"/perjanjian/unggah/"+string(k), nil, f); resp.Status != http.StatusSeeOther {
			t.Fatalf("upload %s: %d %.300s", k, resp.Status, resp.Body)
		}
	}
	if resp := reg.PostForm(path+"/perjanjian/kirim", nil); resp.Status != http.StatusSeeOther {
		t.Fatalf("kirim PKS/NDA: %d %.300s", resp.Status, resp.Body)
	}
	suffix := strconv.FormatInt(id, 10)
	staff := "/petugas/akses/" + suffix
	produsen := p.StaffLogin(t, p.CreateStaff(t, "ttd."+suffix, account.RoleProdusenData), now)
	for _, k := range kinds {
		ck := request.Countersigned(k)
		f := webtest.File{Field: "berkas-" + string(ck), Name: string(ck) + ".pdf", ContentType: "application/pdf", Content: SignedPDF(t, string(ck))}
		if resp := produsen.PostMultipart(staff+"/unggah/"+string(ck), nil, f); resp.Status != http.StatusSeeOther {
			t.Fatalf("upload %s: %d %.300s", ck, resp.Status, resp.Body)
		}
	}
	if resp := produsen.PostForm(staff+"/tandatangani", nil); resp.Status != http.StatusSeeOther {
		t.Fatalf("tandatangani: %d %.300s", resp.Status, resp.Body)
	}
}

// PrepareAccess is Tahap 5 over HTTP: an operator sepakat made for the purpose sets the PIC teknis and
// schedule of each Fasilitas row, which creates the accounts and their provisioning jobs. It returns the
// operator's client.
func (p *Portal) PrepareAccess(t testing.TB, id int64, now time.Time) *webtest.Client {
	t.Helper()
	a, err := p.Store.FindAkses(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	suffix := strconv.FormatInt(id, 10)
	operator := p.StaffLogin(t, p.CreateStaff(t, "operator."+suffix, account.RoleOperatorSepakat), now)
	form := url.Values{}
	day := now.AddDate(0, 0, 14).Format(time.DateOnly)
	for _, row := range a.Approved {
		if row.Media != request.Fasilitas {
			continue
		}
		f := "fasilitas_" + strconv.FormatInt(row.ID, 10)
		form.Set(f+"_pic", "Rudi Hartono")
		form.Set(f+"_no_hp", "0811-2345-6789")
		form.Set(f+"_email", "lab.pusdatin@bappenas.go.id")
		form.Set(f+"_mulai", day)
		form.Set(f+"_selesai", day)
		form.Set(f+"_tempat", "Lab Pusdatin, Gedung Bappenas, Jakarta")
	}
	if resp := operator.PostForm("/petugas/akses/"+suffix+"/siapkan", form); resp.Status != http.StatusSeeOther {
		t.Fatalf("siapkan: %d %.500s", resp.Status, resp.Body)
	}
	return operator
}

// Reference returns a permohonan's reference number.
func (p *Portal) Reference(t testing.TB, id int64) string {
	t.Helper()
	var ref string
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT reference FROM permohonan WHERE id = $1", id).Scan(&ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

// SampleWithAccess is the journey up to access given for a Pemerintah Kota Bandung of its own: SubmitSample,
// Approve (the BNBA row lowered to Mikro, ten months) and GiveAccess. It returns the registrator, their client,
// the permohonan's id and its reference.
func (p *Portal) SampleWithAccess(t testing.TB, now time.Time) (Registrator, *webtest.Client, int64, string) {
	t.Helper()
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	p.Approve(t, id, now, now.AddDate(0, 10, 0), "mikro")
	p.GiveAccess(t, c, id, p.JobRunner(t, time.Now, nil), now)
	return reg, c, id, p.Reference(t, id)
}
