package server_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	rg "github.com/bappenas/portal-regsosek/internal/register"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// personalData is what SubmitSample and CreateRegistrator typed that names or reaches a person: none of it may
// reach the register.
var personalData = []string{"Siti Aminah", "197001012000031002", "siti@daerah.go.id", "Operator Dinas Sosial", "196706271998031004",
	"operator004@daerah.go.id", "081322223333", "+6281322223333", "Registrator 32.73", "3273012706670001", "Budi Santoso"}

func noPersonalData(t *testing.T, what, body string) {
	t.Helper()
	for _, s := range personalData {
		if strings.Contains(body, s) {
			t.Errorf("%s shows personal data %q", what, s)
		}
	}
}

// The public register after access is given: the entry with the published summary, its facts, filters and
// downloads, and no personal data; staff withhold it (with a reason, audited) and publish it again; a summary
// with personal data is refused at the decision and on the staff page, nothing changed.
func TestRegisterOverHTTP(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ctx := context.Background()
	now := time.Now()
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")

	// Keputusan with a summary that names a person's number: refused, nothing decided.
	produsen := p.StaffLogin(t, p.CreateStaff(t, "produsen.register", account.RoleProdusenData), now)
	sp := "/petugas/permohonan/" + strconv.FormatInt(id, 10)
	teknis := p.StaffLogin(t, p.CreateStaff(t, "teknis.register", account.RoleVerifikatorTeknis), now)
	tf := teknisForm(t, p, id, "lanjut", nil)
	tf["dokumen_sk_forum_satu_data"] = []string{"sesuai"}
	mustStatus(t, "teknis", teknis.PostForm(sp+"/verifikasi-teknis", tf), http.StatusSeeOther)
	substansi := p.StaffLogin(t, p.CreateStaff(t, "substansi.register", account.RoleVerifikatorSubstansi), now)
	mustStatus(t, "substansi", substansi.PostForm(sp+"/verifikasi-substansi", substansiForm(t, p, id, "lanjut")), http.StatusSeeOther)
	if page := produsen.Get(sp); !strings.Contains(page.Body, `name="ringkasan_publik"`) || !strings.Contains(page.Body, "Pemutakhiran sasaran program Dinas Sosial") {
		t.Error("the decision form does not offer the summary, first filled with the purposes given")
	}
	decide := map[string][]string{"aksi": {"putuskan"}, "akses_sampai": {now.AddDate(0, 10, 0).Format(time.DateOnly)},
		"ringkasan_publik": {servertest.Ringkasan + " Narahubung 081211112222."}}
	for i, row := range rowIDs(t, p, id) {
		f := "baris_" + strconv.FormatInt(row, 10)
		decide[f] = []string{"setuju"}
		decide[f+"_jenis"] = []string{[]string{"mikro", "mikro", "agregat_terpilah"}[i]}
		decide[f+"_alasan"] = []string{"Cukup data mikro untuk tujuan ini."}
	}
	r := produsen.PostForm(sp+"/keputusan", decide)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "tidak boleh memuat data pribadi") {
		t.Fatalf("summary with a phone number: %d", r.Status)
	}
	mustState(t, p, id, "menunggu_keputusan")
	decide["ringkasan_publik"] = []string{servertest.Ringkasan}
	mustStatus(t, "keputusan", produsen.PostForm(sp+"/keputusan", decide), http.StatusSeeOther)
	var nomor string
	if err := p.Store.Pool.QueryRow(ctx, "SELECT reference FROM permohonan WHERE id = $1", id).Scan(&nomor); err != nil {
		t.Fatal(err)
	}
	// Not in the register before access is given.
	if r := webtest.NewClient(t, p.URL).Get("/register/" + nomor); r.Status != http.StatusNotFound {
		t.Errorf("entry before access: %d", r.Status)
	}
	p.GiveAccess(t, c, id, p.JobRunner(t, time.Now, nil), now)

	public := webtest.NewClient(t, p.URL)
	list := public.Get("/register")
	if list.Status != http.StatusOK || !strings.Contains(list.Body, "Pemerintah Kota Bandung") || !strings.Contains(list.Body, servertest.Ringkasan) ||
		!strings.Contains(list.Body, "1 entri") {
		t.Fatalf("register: %d %s", list.Status, between(list.Body, `data-testid="register"`, "</ol>"))
	}
	noPersonalData(t, "the register", list.Body)
	entry := public.Get(rg.PathOf(nomor))
	for _, want := range []string{servertest.Ringkasan, "Dinas Sosial", "Dinas Pendidikan", "Dinas Kesehatan", "Mikro", "Agregat Terpilah",
		"Fasilitas Pengolahan Data Regsosek Terpadu", "Kota Bandung, Jawa Barat", "Berlaku"} {
		if !strings.Contains(entry.Body, want) {
			t.Errorf("entry page lacks %q", want)
		}
	}
	noPersonalData(t, "the entry page", entry.Body)

	// Filters: the BNBA row was lowered to Mikro, so BNBA finds nothing.
	for q, want := range map[string]string{"jenis_data=mikro": "1 entri", "jenis_data=bnba": "0 entri", "status=dicabut": "0 entri",
		"q=dinas+pendidikan": "1 entri", "q=tidak+ada+instansi+ini": "0 entri", "provinsi=32": "1 entri", "provinsi=31": "0 entri",
		"kategori=pusat": "0 entri", "media=fasilitas": "1 entri"} {
		if body := public.Get("/register?" + q).Body; !strings.Contains(between(body, `data-testid="register-total"`, "</p>"), want) {
			t.Errorf("%s: %s", q, between(body, `data-testid="register-total"`, "</p>"))
		}
	}
	if r := public.Get("/register?status=semua&tahun=abc"); r.Status != http.StatusOK || !strings.Contains(r.Body, "tidak dikenal dan diabaikan") {
		t.Errorf("unknown filter values: %d", r.Status)
	}

	// Downloads.
	csvAnswer := public.Get("/register/unduh.csv")
	lines, err := csv.NewReader(strings.NewReader(csvAnswer.Body)).ReadAll()
	if err != nil || len(lines) != 4 || lines[1][0] != nomor || lines[1][4] != servertest.Ringkasan {
		t.Errorf("CSV: %v %v", err, lines)
	}
	noPersonalData(t, "the CSV", csvAnswer.Body)
	var all rg.ListJSON
	jsonAnswer := public.Get("/register/unduh.json")
	if err := json.Unmarshal([]byte(jsonAnswer.Body), &all); err != nil || all.Jumlah != 1 || all.Entri[0].TujuanPemanfaatan == nil ||
		*all.Entri[0].TujuanPemanfaatan != servertest.Ringkasan || all.Entri[0].Status != rg.Berlaku {
		t.Errorf("JSON: %v %.300s", err, jsonAnswer.Body)
	}
	noPersonalData(t, "the JSON", jsonAnswer.Body)

	// Withholding: only the produsen data or the admin, with a reason.
	staffPath := "/petugas/register/" + strconv.FormatInt(id, 10)
	operator := p.StaffLogin(t, p.CreateStaff(t, "operator.register", account.RoleOperatorSepakat), now)
	if r := operator.PostForm(staffPath+"/tahan", webtest.Values("alasan", "Alasan yang cukup panjang.")); r.Status != http.StatusNotFound && r.Status != http.StatusForbidden {
		t.Errorf("operator sepakat withholds: %d", r.Status)
	}
	if r := c.PostForm(staffPath+"/tahan", webtest.Values("alasan", "Alasan yang cukup panjang.")); r.Status == http.StatusSeeOther {
		t.Error("the registrator withholds")
	}
	if r := produsen.PostForm(staffPath+"/tahan", webtest.Values("alasan", "rahasia")); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("withhold without a reason: %d", r.Status)
	}
	if r := produsen.PostForm(staffPath+"/ringkasan", webtest.Values("ringkasan_publik", servertest.Ringkasan+" NIK 3273012706670001")); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "tidak boleh memuat data pribadi") {
		t.Errorf("summary with a NIK: %d", r.Status)
	}
	if !strings.Contains(public.Get("/register").Body, "1 entri") {
		t.Fatal("a refused step changed the register")
	}
	mustStatus(t, "tahan", produsen.PostForm(staffPath+"/tahan", webtest.Values("alasan", "Memuat informasi yang dikecualikan (Pasal 17 UU 14/2008).")), http.StatusSeeOther)
	if r := produsen.PostForm(staffPath+"/tahan", webtest.Values("alasan", "Memuat informasi yang dikecualikan (Pasal 17 UU 14/2008).")); r.Status != http.StatusConflict {
		t.Errorf("withholding twice: %d", r.Status)
	}
	if b := public.Get("/register").Body; !strings.Contains(b, "0 entri") {
		t.Error("a withheld entry is listed")
	}
	for _, path := range []string{rg.PathOf(nomor), "/api/v1/register/" + nomor} {
		if r := public.Get(path); r.Status != http.StatusNotFound {
			t.Errorf("%s while withheld: %d", path, r.Status)
		}
	}
	if strings.Contains(public.Get("/register/unduh.csv").Body, nomor) {
		t.Error("a withheld entry is downloaded")
	}
	var detail string
	if err := p.Store.Pool.QueryRow(ctx, "SELECT detail->>'alasan' FROM audit_log WHERE action = 'register.tahan'").Scan(&detail); err != nil || !strings.Contains(detail, "Pasal 17") {
		t.Errorf("withholding audited: %q %v", detail, err)
	}
	if page := produsen.Get(staffPath); !strings.Contains(page.Body, "Ditahan dari publikasi: Memuat informasi") {
		t.Error("the staff page does not say why it is withheld")
	}
	mustStatus(t, "terbitkan", produsen.PostForm(staffPath+"/terbitkan", webtest.Values("alasan", "Keberatan telah diputus; informasi dapat dibuka.")), http.StatusSeeOther)
	mustStatus(t, "ringkasan", produsen.PostForm(staffPath+"/ringkasan", webtest.Values("ringkasan_publik", "Penyusunan sasaran program perlindungan sosial Kota Bandung tahun 2027.")), http.StatusSeeOther)
	if b := public.Get(rg.PathOf(nomor)).Body; !strings.Contains(b, "Penyusunan sasaran program perlindungan sosial Kota Bandung tahun 2027.") {
		t.Error("the rewritten summary is not published")
	}
}
