package sepakat

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeAPI is a Sepakat provisioning API as the README describes it: bearer token, JSON, and replay of a
// request whose Idempotency-Key it has seen. failures makes the next calls answer 503.
type fakeAPI struct {
	mu       sync.Mutex
	accounts map[string]createBody
	replies  map[string]string // idempotency key -> the id answered
	calls    []call
	failures int
	refuse   string // answer 422 with this message to creates
}

type call struct {
	at     time.Time
	method string
	path   string
	key    string
}

func newFakeAPI(t *testing.T) (*fakeAPI, *httptest.Server) {
	api := &fakeAPI{accounts: map[string]createBody{}, replies: map[string]string{}}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	return api, srv
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	key := r.Header.Get("Idempotency-Key")
	f.calls = append(f.calls, call{time.Now(), r.Method, r.URL.Path, key})
	w.Header().Set("Content-Type", "application/json")
	if r.Header.Get("Authorization") != "Bearer rahasia-uji" {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":"token tidak sah"}`))
		return
	}
	if f.failures > 0 {
		f.failures--
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"error":"sedang pemeliharaan"}`))
		return
	}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/api/accounts":
		if id, ok := f.replies[key]; ok {
			_, _ = w.Write([]byte(`{"id":"` + id + `"}`))
			return
		}
		var b createBody
		_ = json.NewDecoder(r.Body).Decode(&b)
		if f.refuse != "" {
			w.WriteHeader(http.StatusUnprocessableEntity)
			_, _ = w.Write([]byte(`{"error":"` + f.refuse + ` (kata sandi ` + b.Password + `, operator ` + b.Operator.Nama + ` <` + b.Operator.Email + `>)"}`))
			return
		}
		if _, taken := f.accounts[b.Username]; taken {
			w.WriteHeader(http.StatusConflict)
			_, _ = w.Write([]byte(`{"error":"nama pengguna sudah ada"}`))
			return
		}
		f.accounts[b.Username] = b
		f.replies[key] = "sp-" + b.Username
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"id":"sp-` + b.Username + `"}`))
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/revoke"):
		name := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/api/accounts/"), "/revoke")
		if _, ok := f.accounts[name]; !ok {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error":"tidak ada"}`))
			return
		}
		delete(f.accounts, name)
		_, _ = w.Write([]byte(`{}`))
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/extend"):
		name := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/api/accounts/"), "/extend")
		b, ok := f.accounts[name]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error":"akun tidak ditemukan"}`))
			return
		}
		var in map[string]string
		_ = json.NewDecoder(r.Body).Decode(&in)
		b.BerlakuSampai = in["berlaku_sampai"]
		f.accounts[name] = b
		_, _ = w.Write([]byte(`{}`))
	case r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/password"):
		_, _ = w.Write([]byte(`{}`))
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

func (f *fakeAPI) snapshot() ([]call, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...), len(f.accounts)
}

func adapter(srv *httptest.Server) *HTTP {
	return &HTTP{BaseURL: srv.URL + "/api/", Token: "rahasia-uji", Client: srv.Client(), Retries: 3, Backoff: 40 * time.Millisecond}
}

var sample = Account{Username: "dinassosial.3273", Password: "Kata-Sandi-Uji-2026!", Wilayah: "32.73", JenisData: "mikro", Tingkat: 3,
	BerlakuSampai: time.Date(2027, 5, 31, 0, 0, 0, 0, time.UTC), Instansi: "Pemerintah Kota Bandung", Pengguna: "Dinas Sosial",
	OperatorNama: "Tono Sutono", OperatorEmail: "tono@bandung.go.id"}

func TestHTTPCreateSuccess(t *testing.T) {
	api, srv := newFakeAPI(t)
	id, err := adapter(srv).Create(context.Background(), "portal-regsosek/akun_buat:1", sample)
	if err != nil || id != "sp-dinassosial.3273" {
		t.Fatalf("Create = %q, %v", id, err)
	}
	calls, n := api.snapshot()
	if len(calls) != 1 || n != 1 || calls[0].key != "portal-regsosek/akun_buat:1" {
		t.Fatalf("calls %+v, %d accounts", calls, n)
	}
	got := api.accounts["dinassosial.3273"]
	if got.Wilayah != "32.73" || got.Tingkat != 3 || got.BerlakuSampai != "2027-05-31" || got.Password != sample.Password || got.Operator.Email != "tono@bandung.go.id" {
		t.Errorf("API received %+v", got)
	}
	if err := adapter(srv).Extend(context.Background(), "k2", "dinassosial.3273", time.Date(2027, 11, 30, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if api.accounts["dinassosial.3273"].BerlakuSampai != "2027-11-30" {
		t.Error("extend did not reach the API")
	}
	if err := adapter(srv).SetPassword(context.Background(), "k3", "dinassosial.3273", "Baru-2026-!xyz"); err != nil {
		t.Fatal(err)
	}
	for i := range 2 { // the second revoke meets a 404: nothing left to close, which is success
		if err := adapter(srv).Revoke(context.Background(), "k4", "dinassosial.3273", "dicabut"); err != nil {
			t.Fatalf("revoke %d: %v", i, err)
		}
	}
}

func TestHTTPRetries5xxWithBackoff(t *testing.T) {
	api, srv := newFakeAPI(t)
	api.failures = 2
	a := adapter(srv)
	if _, err := a.Create(context.Background(), "portal-regsosek/akun_buat:2", sample); err != nil {
		t.Fatalf("Create after two 503s: %v", err)
	}
	calls, n := api.snapshot()
	if len(calls) != 3 || n != 1 {
		t.Fatalf("%d calls, %d accounts; want 3 calls, 1 account", len(calls), n)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i].key != calls[0].key {
			t.Errorf("retry %d changed the idempotency key", i)
		}
		if gap, want := calls[i].at.Sub(calls[i-1].at), a.Backoff<<(i-1); gap < want {
			t.Errorf("retry %d after %v, want at least %v (doubling backoff)", i, gap, want)
		}
	}
	// Out of retries: a temporary error, for the job to try again later.
	api.failures = 10
	_, err := a.Create(context.Background(), "portal-regsosek/akun_buat:3", Account{Username: "lain.3273", Password: "x"})
	if err == nil || Permanent(err) || !strings.Contains(err.Error(), "503") {
		t.Fatalf("after the retries: %v (permanent %v)", err, Permanent(err))
	}
	if calls, _ := api.snapshot(); len(calls) != 3+4 {
		t.Errorf("%d calls; want 1 + 3 retries", len(calls)-3)
	}
}

func TestHTTP4xxIsPermanentAndNamesTheProblem(t *testing.T) {
	api, srv := newFakeAPI(t)
	api.refuse = "wilayah di luar kewenangan"
	_, err := adapter(srv).Create(context.Background(), "portal-regsosek/akun_buat:4", sample)
	var e *Error
	if !Permanent(err) || !errorsAs(err, &e) || e.Status != http.StatusUnprocessableEntity || !strings.Contains(e.Message, "wilayah di luar kewenangan") {
		t.Fatalf("4xx: %v", err)
	}
	for _, secret := range []string{sample.Password, sample.OperatorNama, sample.OperatorEmail} {
		if strings.Contains(e.Message, secret) || !strings.Contains(e.Message, "[disembunyikan]") {
			t.Errorf("%q echoed by the API was kept: %q", secret, e.Message)
		}
	}
	if calls, _ := api.snapshot(); len(calls) != 1 {
		t.Errorf("a 4xx was retried: %d calls", len(calls))
	}
	bad := adapter(srv)
	bad.Token = "salah"
	if err := bad.Extend(context.Background(), "k", "x", time.Now()); !Permanent(err) || !strings.Contains(err.Error(), "token tidak sah") {
		t.Errorf("401: %v", err)
	}
}

func TestHTTPIdempotentReplay(t *testing.T) {
	api, srv := newFakeAPI(t)
	a := adapter(srv)
	first, err := a.Create(context.Background(), "portal-regsosek/akun_buat:5", sample)
	if err != nil {
		t.Fatal(err)
	}
	// The job ran again after a crash: same key, same answer, no second account (and no 409).
	again, err := a.Create(context.Background(), "portal-regsosek/akun_buat:5", sample)
	if err != nil || again != first {
		t.Fatalf("replay = %q, %v; want %q", again, err, first)
	}
	if _, n := api.snapshot(); n != 1 {
		t.Errorf("%d accounts after a replay", n)
	}
	// A different key for the same username is a real second create, which the API refuses.
	if _, err := a.Create(context.Background(), "portal-regsosek/akun_buat:6", sample); !Permanent(err) || !strings.Contains(err.Error(), "409") {
		t.Errorf("a second create: %v", err)
	}
}

func TestHTTPNetworkFailureIsTemporary(t *testing.T) {
	a := &HTTP{BaseURL: "http://127.0.0.1:1", Token: "x", Retries: 1, Backoff: time.Millisecond}
	if err := a.Revoke(context.Background(), "k", "x", "y"); err == nil || Permanent(err) {
		t.Errorf("unreachable API: %v", err)
	}
}

func TestGeneratePassword(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		p := GeneratePassword()
		if len(p) != 20 || seen[p] || !strings.ContainsAny(p, digits) || !strings.ContainsAny(p, symbols) ||
			!strings.ContainsAny(p, upper) || !strings.ContainsAny(p, lower) || strings.ContainsAny(p, "0O1lI") {
			t.Fatalf("weak or repeated password %q", p)
		}
		seen[p] = true
	}
}

func errorsAs(err error, target **Error) bool {
	e, ok := err.(*Error)
	if ok {
		*target = e
	}
	return ok
}
