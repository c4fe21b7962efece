package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/api"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

var kunciRE = regexp.MustCompile(`data-testid="kunci">(rgsk_[A-Za-z0-9_-]{43})<`)

// issueKey issues a key through the admin's form and returns the token shown once.
func issueKey(t *testing.T, admin *webtest.Client, form url.Values) string {
	t.Helper()
	r := admin.PostForm("/petugas/api-kunci", form)
	m := kunciRE.FindStringSubmatch(r.Body)
	if r.Status != http.StatusOK || m == nil {
		t.Fatalf("issue key: %d %.500s", r.Status, between(r.Body, `data-testid="error-summary"`, "</div>"))
	}
	return m[1]
}

type apiAnswer struct {
	status int
	header http.Header
	body   []byte
}

func callAPI(t *testing.T, p *servertest.Portal, path, key string) apiAnswer {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, p.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	if resp.Header.Get("Set-Cookie") != "" {
		t.Errorf("%s sets a cookie", path)
	}
	return apiAnswer{resp.StatusCode, resp.Header, []byte(b.String())}
}

func (a apiAnswer) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("decode %s: %v", a.body, err)
	}
}

// problem checks an error answer: its status, its content type and its stable code.
func (a apiAnswer) problem(t *testing.T, what string, status int, code api.Code) {
	t.Helper()
	var p api.Problem
	if a.status != status || !strings.HasPrefix(a.header.Get("Content-Type"), "application/problem+json") || json.Unmarshal(a.body, &p) != nil ||
		p.Kode != code || p.Status != status || p.Detail == "" {
		t.Errorf("%s: %d %s %s, want %d %s", what, a.status, a.header.Get("Content-Type"), a.body, status, code)
	}
}

func apiCalls(t *testing.T, p *servertest.Portal) int {
	t.Helper()
	var n int
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT count(*) FROM audit_log WHERE actor_kind = 'api' AND action = 'api.panggil'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// waitFeed reads the changes feed after cursor until it holds n changes of kind for the permohonan nomor: a
// change shows once every older transaction of the cluster has ended, usually at once.
func waitFeed(t *testing.T, p *servertest.Portal, key, cursor, nomor string, kind api.ChangeKind, n int) api.PerubahanList {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var f api.PerubahanList
		callAPI(t, p, "/api/v1/perubahan?kursor="+url.QueryEscape(cursor), key).decode(t, &f)
		if len(f.Perubahan) > 0 && f.KursorBerikutnya != f.Perubahan[len(f.Perubahan)-1].Kursor {
			t.Errorf("kursor_berikutnya %q is not the last change's", f.KursorBerikutnya)
		}
		seen := 0
		for _, ch := range f.Perubahan {
			if ch.Jenis == kind && ch.Permohonan == nomor {
				seen++
			}
		}
		if seen >= n {
			return f
		}
		if time.Now().After(deadline) {
			t.Fatalf("not %d %s after cursor %q: %+v", n, kind, cursor, f)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The API for Sepakat and K/L systems: a key sees the entitlement after "Berikan Akses" and the revocation in
// the changes feed after "Cabut Hak Akses"; every call with a key is audited; a revoked key gets 401; a key
// gets 429 past its limit; scopes and the instansi a key is limited to hold.
func TestAPIEntitlementsAndChanges(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	now := time.Now()
	_, _, id, nomor := p.SampleWithAccess(t, now)
	mustState(t, p, id, "akses_diberikan")

	admin := p.StaffLogin(t, p.CreateStaff(t, "admin.api", account.RoleAdmin), now)
	// Issuing refuses a form without a scope, keeping what was typed.
	if r := admin.PostForm("/petugas/api-kunci", webtest.Values("nama", "Sepakat produksi", "batas", "60")); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "Pilih paling sedikit satu cakupan.") || !strings.Contains(r.Body, `value="Sepakat produksi"`) {
		t.Errorf("key without scope: %d", r.Status)
	}
	sepakat := issueKey(t, admin, url.Values{"nama": {"Sepakat produksi"}, "batas": {"60"}, "cakupan": {"hak_akses", "perubahan", "permohonan"}})
	var hash []byte
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT token_hash FROM api_kunci WHERE nama = 'Sepakat produksi'").Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(hash), sepakat) || strings.Contains(p.Log.String(), sepakat) {
		t.Error("the key is kept or logged in clear")
	}
	if list := admin.Get("/petugas/api-kunci"); strings.Contains(list.Body, sepakat) || !strings.Contains(list.Body, api.Hint(sepakat)) {
		t.Error("the list shows the whole key, or not its hint")
	}

	// Without a key, or with a wrong one.
	callAPI(t, p, "/api/v1/hak-akses", "").problem(t, "no key", http.StatusUnauthorized, api.CodeKunciDiperlukan)
	callAPI(t, p, "/api/v1/hak-akses", "rgsk_"+strings.Repeat("A", 43)).problem(t, "unknown key", http.StatusUnauthorized, api.CodeKunciTidakValid)
	callAPI(t, p, "/api/v1/hak-akses", "bukan-kunci").problem(t, "malformed key", http.StatusUnauthorized, api.CodeKunciTidakValid)

	// After "Berikan Akses": an entitlement per Sepakat row (Dinas Sosial lowered to Mikro, Dinas Pendidikan
	// Agregat Terpilah), and the grant in the feed.
	var hak api.HakAksesList
	r := callAPI(t, p, "/api/v1/hak-akses", sepakat)
	if r.status != http.StatusOK {
		t.Fatalf("hak-akses: %d %s", r.status, r.body)
	}
	r.decode(t, &hak)
	if len(hak.HakAkses) != 2 {
		t.Fatalf("entitlements: %s", r.body)
	}
	for _, h := range hak.HakAkses {
		want := map[string]int{"Dinas Sosial": 3, "Dinas Pendidikan": 2}[h.Pengguna]
		if h.Tingkat != want || h.Permohonan != nomor || h.Instansi.Nama != "Pemerintah Kota Bandung" || h.Wilayah.Kode != "32.73" ||
			!strings.HasPrefix(h.Wilayah.Nama, "Kota Bandung") || h.BerlakuSampai == "" || h.AkunOperator == "" {
			t.Errorf("entitlement %+v", h)
		}
	}
	var feed api.PerubahanList
	feed = waitFeed(t, p, sepakat, "", nomor, api.AksesDiberikan, 2)
	if len(feed.Perubahan) != 2 || feed.KursorBerikutnya != feed.Perubahan[1].Kursor {
		t.Errorf("feed: %+v", feed)
	}
	for _, ch := range feed.Perubahan {
		if ch.AkunOperator == "" || ch.StatusHakAksesSaatIni != "aktif" || ch.StatusPermohonanSaatIni != "akses_diberikan" || ch.BerlakuSampai == "" ||
			ch.Menggantikan != nil || !slices.ContainsFunc(hak.HakAkses, func(h api.HakAkses) bool { return h.ID == ch.HakAksesID && h.AkunOperator == ch.AkunOperator }) {
			t.Errorf("grant in the feed: %+v", ch)
		}
	}
	cursor := feed.KursorBerikutnya
	var again api.PerubahanList
	callAPI(t, p, "/api/v1/perubahan?kursor="+url.QueryEscape(cursor), sepakat).decode(t, &again)
	if len(again.Perubahan) != 0 || again.KursorBerikutnya != cursor || again.Lagi {
		t.Errorf("nothing new after the cursor: %+v", again)
	}
	callAPI(t, p, "/api/v1/perubahan?kursor=bukan-kursor", sepakat).problem(t, "bad cursor", http.StatusBadRequest, api.CodeKursor)
	callAPI(t, p, "/api/v1/hak-akses?batas=0", sepakat).problem(t, "bad batas", http.StatusBadRequest, api.CodeParameter)

	// "Cabut Hak Akses": the revocation in the feed after the cursor; no entitlement left.
	produsen := p.StaffLogin(t, p.CreateStaff(t, "produsen.api", account.RoleProdusenData), now)
	mustStatus(t, "cabut", produsen.PostForm("/petugas/akses/"+strconv.FormatInt(id, 10)+"/cabut",
		webtest.Values("alasan_cabut", "Data dipakai di luar tujuan yang disetujui.")), http.StatusSeeOther)
	feed = waitFeed(t, p, sepakat, cursor, nomor, api.AksesDicabut, 2)
	for _, ch := range feed.Perubahan {
		if ch.Jenis != api.AksesDicabut || ch.StatusPermohonanSaatIni != "dicabut" || ch.StatusHakAksesSaatIni != "dicabut" {
			t.Errorf("revocation: %+v", ch)
		}
	}
	callAPI(t, p, "/api/v1/hak-akses", sepakat).decode(t, &hak)
	if len(hak.HakAkses) != 0 {
		t.Errorf("entitlements after revocation: %+v", hak)
	}
	var st api.StatusPermohonan
	callAPI(t, p, "/api/v1/permohonan/"+nomor, sepakat).decode(t, &st)
	if st.Status != "dicabut" || st.Tahap != 6 || len(st.Baris) != 3 || st.Baris[0].StatusAkun == nil || *st.Baris[0].StatusAkun != "dicabut" {
		t.Errorf("status: %+v", st)
	}
	callAPI(t, p, "/api/v1/permohonan/PHA-1999-999999", sepakat).problem(t, "unknown permohonan", http.StatusNotFound, api.CodeTidakDitemukan)

	// Scopes and instansi: a Pemda system's key with hak_akses only, limited to another instansi.
	other := p.CreateRegistrator(t, "kabupaten_kota", "32.01", "Pemerintah Kabupaten Bogor")
	pemda := issueKey(t, admin, url.Values{"nama": {"Sistem Kabupaten Bogor"}, "batas": {"60"}, "cakupan": {"permohonan"},
		"akun": {strconv.FormatInt(other.AkunID, 10)}})
	callAPI(t, p, "/api/v1/perubahan", pemda).problem(t, "scope", http.StatusForbidden, api.CodeCakupan)
	callAPI(t, p, "/api/v1/permohonan/"+nomor, pemda).problem(t, "another instansi's permohonan", http.StatusNotFound, api.CodeTidakDitemukan)

	// Every call with a key is audited, whatever its answer.
	before := apiCalls(t, p)
	callAPI(t, p, "/api/v1/hak-akses", sepakat)
	callAPI(t, p, "/api/v1/perubahan", pemda)
	if n := apiCalls(t, p); n != before+2 {
		t.Errorf("audited calls %d, want %d", n, before+2)
	}
	var route string
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT detail->>'rute' FROM audit_log WHERE actor_kind = 'api' ORDER BY id DESC LIMIT 1").Scan(&route); err != nil || route != "/api/v1/perubahan" {
		t.Errorf("audited route %q, %v", route, err)
	}

	// Revoked by the admin: 401 from then on.
	revoke := regexp.MustCompile(`/petugas/api-kunci/(\d+)/cabut`).FindAllStringSubmatch(admin.Get("/petugas/api-kunci").Body, -1)
	var sepakatID string
	for _, m := range revoke {
		var name string
		_ = p.Store.Pool.QueryRow(context.Background(), "SELECT nama FROM api_kunci WHERE id = $1", m[1]).Scan(&name)
		if name == "Sepakat produksi" {
			sepakatID = m[1]
		}
	}
	if r := admin.PostForm("/petugas/api-kunci/"+sepakatID+"/cabut", webtest.Values("alasan-"+sepakatID, "x")); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("revoke without reason: %d", r.Status)
	}
	callAPI(t, p, "/api/v1/hak-akses", sepakat).decode(t, &hak) // still works
	mustStatus(t, "cabut kunci", admin.PostForm("/petugas/api-kunci/"+sepakatID+"/cabut", webtest.Values("alasan-"+sepakatID, "Kunci bocor ke repositori publik.")), http.StatusSeeOther)
	callAPI(t, p, "/api/v1/hak-akses", sepakat).problem(t, "revoked key", http.StatusUnauthorized, api.CodeKunciTidakValid)
	if r := admin.PostForm("/petugas/api-kunci/"+sepakatID+"/cabut", webtest.Values("alasan-"+sepakatID, "Kunci bocor ke repositori publik.")); r.Status != http.StatusConflict {
		t.Errorf("revoking twice: %d", r.Status)
	}
}

// A key gets 429 with Retry-After past its limit per minute, and the refused call is audited too.
func TestAPIRateLimit(t *testing.T) {
	t.Parallel()
	clock := servertest.NewClock(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	p := servertest.NewWithClock(t, clock)
	admin := p.StaffLogin(t, p.CreateStaff(t, "admin.batas", account.RoleAdmin), clock.Now())
	key := issueKey(t, admin, url.Values{"nama": {"Sistem uji batas"}, "batas": {"3"}, "cakupan": {"hak_akses"}})
	for i := range 3 {
		if r := callAPI(t, p, "/api/v1/hak-akses", key); r.status != http.StatusOK {
			t.Fatalf("call %d: %d", i+1, r.status)
		}
	}
	r := callAPI(t, p, "/api/v1/hak-akses", key)
	r.problem(t, "fourth call", http.StatusTooManyRequests, api.CodeBatasPermintaan)
	if ra, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || ra < 1 || ra > 60 {
		t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
	}
	if n := apiCalls(t, p); n != 4 {
		t.Errorf("audited calls %d, want 4", n)
	}
	clock.Advance(time.Minute)
	if r := callAPI(t, p, "/api/v1/hak-akses", key); r.status != http.StatusOK {
		t.Errorf("after the window: %d", r.status)
	}
}
