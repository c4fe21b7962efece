package server_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dasbor"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/server"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

func releaseCSV(t *testing.T, values []dasbor.Value) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := dasbor.WriteCSV(&buf, values); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func uploadForm(judul string) map[string][]string {
	return webtest.Values("judul", judul, "sumber", "Registrasi Sosial Ekonomi 2022")
}

var previewPath = regexp.MustCompile(`^/petugas/dasbor/rilis/(\d+)$`)

// dasborCounts is what must not change when an upload is refused.
func dasborCounts(t *testing.T, p *servertest.Portal) string {
	t.Helper()
	return fmt.Sprintf("%d rilis, %d nilai, %d terbit", count(t, p, "SELECT count(*) FROM dasbor_rilis"),
		count(t, p, "SELECT count(*) FROM dasbor_nilai"), count(t, p, "SELECT count(*) FROM dasbor_rilis WHERE state = 'terbit'"))
}

// An admin uploads a release, previews it, publishes it; uploads another, publishes it, and restores the
// first. The public Beranda follows each step at once.
func TestDasborPublishAndRestore(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	admin := staffLogin(t, p, p.CreateStaff(t, "admin.dasbor", account.RoleAdmin), time.Now())
	public := webtest.NewClient(t, p.URL)
	if r := public.Get("/"); !strings.Contains(r.Body, `data-testid="dasbor-kosong"`) {
		t.Fatal("a release is public before any upload")
	}
	if r := admin.Get("/petugas/dasbor"); !strings.Contains(r.Body, `<a href="/petugas/dasbor" aria-current="page">Data Dasbor</a>`) {
		t.Error("the admin's navigation lacks Data Dasbor")
	}

	first := syntheticValues(t, p, 2000, 1)
	r := admin.PostMultipart("/petugas/dasbor/unggah", uploadForm("Rilis pertama"),
		webtest.File{Field: "berkas", Name: "rilis-1.csv", ContentType: "text/csv", Content: releaseCSV(t, first)})
	m := previewPath.FindStringSubmatch(r.Location)
	if r.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("upload: %d to %q\n%.2000s", r.Status, r.Location, r.Body)
	}
	preview := admin.Get(r.Location)
	for _, want := range []string{"Pratinjau Rilis Versi 1", ">Draf<", ">Terbitkan</button>", "Hapus Draf", "rilis-1.csv",
		"Piramida Penduduk Indonesia", indo.Int(valueOf(first, dasbor.JumlahKeluarga, dasbor.Nasional, "").Nilai)} {
		if !strings.Contains(preview.Body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	// A draft is not public.
	if r := public.Get("/"); !strings.Contains(r.Body, `data-testid="dasbor-kosong"`) {
		t.Error("a draft is public")
	}
	r = admin.PostForm(r.Location+"/terbitkan", nil)
	if r.Status != http.StatusSeeOther || r.Location != "/petugas/dasbor" {
		t.Fatalf("publish: %d to %q", r.Status, r.Location)
	}
	if r := admin.Get("/petugas/dasbor"); !strings.Contains(r.Body, "Rilis versi 1 telah diterbitkan") {
		t.Error("no flash after publishing")
	}
	jk := func(values []dasbor.Value) string {
		return indo.Int(valueOf(values, dasbor.JumlahKeluarga, "32", "").Nilai)
	}
	beranda := func() string {
		m := jumlahKeluarga.FindStringSubmatch(public.Get("/?wilayah=32").Body)
		if m == nil {
			return ""
		}
		return m[1]
	}
	if got := beranda(); got != jk(first) {
		t.Fatalf("after publishing, Jawa Barat shows %q, want %s", got, jk(first))
	}

	second := syntheticValues(t, p, 1000, 2)
	r = admin.PostMultipart("/petugas/dasbor/unggah", uploadForm("Rilis kedua"),
		webtest.File{Field: "berkas", Name: "rilis-2.csv", Content: releaseCSV(t, second)})
	secondPath := r.Location
	mustStatus(t, "publish second", admin.PostForm(secondPath+"/terbitkan", nil), http.StatusSeeOther)
	if got := beranda(); got != jk(second) {
		t.Fatalf("after the second release, Jawa Barat shows %q, want %s", got, jk(second))
	}
	list := admin.Get("/petugas/dasbor").Body
	for _, want := range []string{`data-testid="rilis-1"`, `data-testid="rilis-2"`, ">Arsip<", ">Terbit<"} {
		if !strings.Contains(list, want) {
			t.Errorf("release list lacks %s", want)
		}
	}
	// Restore the first.
	firstPath := "/petugas/dasbor/rilis/" + m[1]
	if r := admin.Get(firstPath); !strings.Contains(r.Body, "Pulihkan Rilis Ini") {
		t.Error("an archived release offers no restore")
	}
	mustStatus(t, "restore", admin.PostForm(firstPath+"/terbitkan", nil), http.StatusSeeOther)
	if got := beranda(); got != jk(first) {
		t.Errorf("after restoring, Jawa Barat shows %q, want %s", got, jk(first))
	}
	if r := admin.PostForm(firstPath+"/terbitkan", nil); r.Status != http.StatusConflict {
		t.Errorf("publishing the public release again = %d, want 409", r.Status)
	}
	if r := admin.PostForm(secondPath+"/hapus", nil); r.Status != http.StatusConflict {
		t.Errorf("deleting a published release = %d, want 409", r.Status)
	}
	actions := count(t, p, "SELECT count(*) FROM audit_log WHERE object_type = 'dasbor_rilis' AND actor_kind = 'staf'")
	if actions != 5 { // two uploads, two publications, one restore
		t.Errorf("%d audit entries, want 5", actions)
	}
	if r := public.Get("/persyaratan"); strings.Contains(r.Body, "Data sintetis untuk pengembangan") {
		t.Error("synthetic banner for a release that is not synthetic")
	}
}

// Each kind of bad file is refused with its line number, and nothing changes.
func TestDasborUploadRefusesBadFiles(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	values := syntheticValues(t, p, 2000, 1)
	publish(t, p, values, false)
	admin := staffLogin(t, p, p.CreateStaff(t, "admin.dasbor", account.RoleAdmin), time.Now())
	before := dasborCounts(t, p)
	beranda := webtest.NewClient(t, p.URL).Get("/").Body

	good := string(releaseCSV(t, values))
	lines := strings.Split(good, "\n")
	lineOf := func(prefix string) int {
		for i, l := range lines {
			if strings.HasPrefix(l, prefix) {
				return i + 1
			}
		}
		t.Fatalf("no line %s", prefix)
		return 0
	}
	replaceLine := func(n int, f func(string) string) string {
		l := append([]string(nil), lines...)
		l[n-1] = f(l[n-1])
		return strings.Join(l, "\n")
	}
	nasListrik := lineOf(dasbor.ListrikPLN + ",00,,")
	bali := lineOf(dasbor.ListrikPLN + ",51,,")
	tests := []struct {
		name, file, content, want string
	}{
		{"header", "rilis.csv", strings.Replace(good, "kode_indikator", "indikator", 1), "rilis.csv baris 1: judul kolom harus"},
		{"unknown indicator", "rilis.csv", replaceLine(bali, func(s string) string { return strings.Replace(s, dasbor.ListrikPLN, "keluarga_listrik", 1) }),
			fmt.Sprintf(`rilis.csv baris %d: kode indikator &#34;keluarga_listrik&#34; tidak dikenal`, bali)},
		{"kab/kota", "rilis.csv", replaceLine(bali, func(s string) string { return strings.Replace(s, ",51,", ",51.71,", 1) }),
			fmt.Sprintf("rilis.csv baris %d: kode wilayah &#34;51.71&#34; di bawah tingkat provinsi", bali)},
		{"not a number", "rilis.csv", replaceLine(bali, func(s string) string { return s[:strings.LastIndex(s, ",")] + ",banyak" }),
			fmt.Sprintf("rilis.csv baris %d: jumlah_keluarga &#34;banyak&#34; bukan bilangan bulat", bali)},
		{"totals", "rilis.csv", replaceLine(nasListrik, func(s string) string {
			f := strings.Split(s, ",")
			f[3], f[4] = f[3]+"0", f[4]+"0"
			return strings.Join(f, ",")
		}), fmt.Sprintf("rilis.csv baris %d: nilai Nasional keluarga_listrik_pln", nasListrik)},
		{"duplicate", "rilis.csv", good + lines[bali-1] + "\n", fmt.Sprintf("rilis.csv baris %d: baris ganda", len(lines))},
		{"not CSV", "rilis.xlsx", good, "bukan berkas CSV"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := admin.PostMultipart("/petugas/dasbor/unggah", uploadForm("Rilis salah"),
				webtest.File{Field: "berkas", Name: tt.file, Content: []byte(tt.content)})
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.Status)
			}
			if !strings.Contains(r.Body, tt.want) {
				t.Errorf("page lacks %q:\n%s", tt.want, regexp.MustCompile(`(?s)<ul class="masalah-list">.*?</ul>|data-testid="error-berkas".*?</p>`).FindString(r.Body))
			}
			if !strings.Contains(r.Body, `value="Rilis salah"`) {
				t.Error("the title typed is lost")
			}
			if got := dasborCounts(t, p); got != before {
				t.Errorf("after a refused upload: %s, before %s", got, before)
			}
		})
	}
	if got := webtest.NewClient(t, p.URL).Get("/").Body; got != beranda {
		t.Error("Beranda changed after refused uploads")
	}
	// Only admins may publish.
	verifier := staffLogin(t, p, p.CreateStaff(t, "verif.dasbor", account.RoleVerifikatorAkun), time.Now())
	if r := verifier.PostMultipart("/petugas/dasbor/unggah", uploadForm("x"), webtest.File{Field: "berkas", Name: "a.csv", Content: []byte(good)}); r.Status != 404 {
		t.Errorf("upload by a verifier = %d, want 404", r.Status)
	}
	if r := verifier.Get("/petugas/dasbor"); r.Status != 404 {
		t.Errorf("release list for a verifier = %d, want 404", r.Status)
	}
	if r := webtest.NewClient(t, p.URL).Get("/petugas/dasbor"); r.Status != http.StatusSeeOther {
		t.Errorf("release list for the public = %d, want a redirect to sign in", r.Status)
	}
}

// Another instance serving the same database shows a new release without a restart: it hears the
// announcement through LISTEN/NOTIFY.
func TestDasborReleaseReachesOtherInstances(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	first := syntheticValues(t, p, 2000, 1)
	publish(t, p, first, false)

	cache := server.NewDasborCache(p.Store, slog.New(slog.NewTextHandler(p.Log, nil)), p.Config.DasborMinKeluarga)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	// A quiet interval of an hour: only the announcement can bring the new release within the test.
	go func() { defer close(done); cache.Listen(ctx, time.Hour) }()
	other := httptest.NewServer(server.New(p.Config, slog.New(slog.NewTextHandler(p.Log, nil)), p.Store,
		server.NewSessions(p.Config, p.Store), server.WithDasborCache(cache)))
	t.Cleanup(func() { other.Close(); cancel(); <-done })
	shown := func(base string) string {
		m := jumlahKeluarga.FindStringSubmatch(webtest.NewClient(t, base).Get("/?wilayah=32").Body)
		if m == nil {
			return ""
		}
		return m[1]
	}
	want1 := indo.Int(valueOf(first, dasbor.JumlahKeluarga, "32", "").Nilai)
	if a, b := shown(p.URL), shown(other.URL); a != want1 || b != want1 {
		t.Fatalf("first release: %q and %q, want %s", a, b, want1)
	}
	admin := staffLogin(t, p, p.CreateStaff(t, "admin.dasbor", account.RoleAdmin), time.Now())
	second := syntheticValues(t, p, 1000, 2)
	r := admin.PostMultipart("/petugas/dasbor/unggah", uploadForm("Rilis kedua"), webtest.File{Field: "berkas", Name: "r.csv", Content: releaseCSV(t, second)})
	mustStatus(t, "publish", admin.PostForm(r.Location+"/terbitkan", nil), http.StatusSeeOther)
	want2 := indo.Int(valueOf(second, dasbor.JumlahKeluarga, "32", "").Nilai)
	deadline := time.Now().Add(5 * time.Second)
	for shown(other.URL) != want2 {
		if time.Now().After(deadline) {
			t.Fatalf("the other instance still shows %q, want %s", shown(other.URL), want2)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
