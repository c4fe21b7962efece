package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dasbor"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// provincesOf returns the 38 provinces of the portal's database.
func provincesOf(t testing.TB, p *servertest.Portal) []dasbor.Wilayah {
	t.Helper()
	list, err := p.Store.ListProvinsi(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := make([]dasbor.Wilayah, len(list))
	for i, w := range list {
		out[i] = dasbor.Wilayah{Kode: w.Kode, Nama: w.Nama}
	}
	return out
}

// syntheticValues generates a release at a scale (1 synthetic person per scale people): a large scale
// gives small provinces with cells of few families.
func syntheticValues(t testing.TB, p *servertest.Portal, scale int, seed uint64) []dasbor.Value {
	t.Helper()
	agg := dasbor.NewAggregator(provincesOf(t, p))
	dasbor.Synthetic(provincesOf(t, p), dasbor.SyntheticOptions{Scale: scale, Seed: seed}, agg.Add)
	return agg.Values()
}

// publish stores values as a release and publishes it, as the seed command does.
func publish(t testing.TB, p *servertest.Portal, values []dasbor.Value, sintetis bool) dasbor.Rilis {
	t.Helper()
	ctx := context.Background()
	rl, err := p.Store.CreateDasborRilis(ctx, dasbor.NewRilis{Judul: "Rilis uji", Sumber: "Registrasi Sosial Ekonomi 2022",
		Sintetis: sintetis, Values: values}, account.Actor{Kind: account.ActorSistem})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Store.PublishDasborRilis(ctx, rl.ID, account.Actor{Kind: account.ActorSistem}); err != nil {
		t.Fatal(err)
	}
	return rl
}

func valueOf(values []dasbor.Value, ind, wil, rin string) dasbor.Value {
	for _, v := range values {
		if v.Indikator == ind && v.Wilayah == wil && v.Rincian == rin {
			return v
		}
	}
	return dasbor.Value{}
}

var (
	svgPattern      = regexp.MustCompile(`(?s)<svg [^>]*role="img"[^>]*>\s*<title id="[^"]+">([^<]+)</title><desc id="[^"]+">[^<]+</desc>`)
	jumlahKeluarga  = regexp.MustCompile(`(?s)<span class="dasbor-kartu-nilai">([0-9.]+)<span class="dasbor-kartu-satuan">keluarga</span></span>\s*<span class="dasbor-kartu-label">Jumlah Keluarga</span>`)
	wilayahTerpilih = regexp.MustCompile(`data-testid="wilayah-terpilih">([^<]+)<`)
)

func TestBerandaWithoutRelease(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	r := webtest.NewClient(t, p.URL).Get("/")
	if r.Status != 200 || !strings.Contains(r.Body, `data-testid="dasbor-kosong"`) || !strings.Contains(r.Body, "PILIH WILAYAH DATA") {
		t.Fatalf("Beranda without a release: %d", r.Status)
	}
	if strings.Contains(r.Body, "Data sintetis untuk pengembangan") {
		t.Error("synthetic banner without a synthetic release")
	}
	if r := webtest.NewClient(t, p.URL).Get("/dasbor/unduh"); r.Status != 404 {
		t.Errorf("download without a release = %d, want 404", r.Status)
	}
}

func TestBerandaShowsTheReleaseByWilayah(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	values := syntheticValues(t, p, 2000, 1)
	publish(t, p, values, true)
	c := webtest.NewClient(t, p.URL)

	nas := c.Get("/")
	if nas.Status != 200 {
		t.Fatalf("Beranda = %d", nas.Status)
	}
	for _, want := range []string{"Permintaan Akses Regsosek", `data-testid="permintaan-akses"`, "<h1", "PILIH WILAYAH DATA",
		`<form method="get" action="/"`, "Peta Penyebaran Indonesia", "Piramida Penduduk Indonesia",
		"Keluarga Dengan Akses Air Minum Layak", "Sumber: Registrasi Sosial Ekonomi 2022", "Data sintetis untuk pengembangan",
		"Cahya DSN", "Lisensi MIT", "Jumlah Perumahan Layak", "Unduh data yang ditampilkan (CSV)"} {
		if !strings.Contains(nas.Body, want) {
			t.Errorf("Beranda lacks %q", want)
		}
	}
	if strings.Contains(nas.Body, "<script") {
		t.Error("Beranda carries a script: it must work without JavaScript")
	}
	titles := svgPattern.FindAllStringSubmatch(nas.Body, -1)
	if len(titles) != 3 {
		t.Fatalf("%d charts with role=img, title and desc, want 3", len(titles))
	}
	if n := strings.Count(nas.Body, `<table class="data-table"`); n < 3 {
		t.Errorf("%d data tables, want one per chart", n)
	}
	want := indo.Int(valueOf(values, dasbor.JumlahKeluarga, dasbor.Nasional, "").Nilai)
	if m := jumlahKeluarga.FindStringSubmatch(nas.Body); m == nil || m[1] != want {
		t.Errorf("Nasional Jumlah Keluarga = %v, want %s", m, want)
	}
	if !strings.Contains(want, ".") {
		t.Errorf("%s: no thousands separator", want)
	}

	// Switching the province is a GET form: the figures of that province, no script needed.
	jabar := c.Get("/?wilayah=32&peta=" + dasbor.AirMinumLayak)
	want = indo.Int(valueOf(values, dasbor.JumlahKeluarga, "32", "").Nilai)
	if m := jumlahKeluarga.FindStringSubmatch(jabar.Body); m == nil || m[1] != want {
		t.Errorf("Jawa Barat Jumlah Keluarga = %v, want %s", m, want)
	}
	if m := wilayahTerpilih.FindStringSubmatch(jabar.Body); m == nil || m[1] != "Jawa Barat" {
		t.Errorf("chosen wilayah = %v", m)
	}
	for _, w := range []string{`<option value="32" selected>`, "Piramida Penduduk Jawa Barat", `class="terpilih"`,
		"Peta Penyebaran Indonesia: Keluarga dengan Akses Air Minum Layak (%)"} {
		if !strings.Contains(jabar.Body, w) {
			t.Errorf("Jawa Barat page lacks %q", w)
		}
	}
	// Tier 1 stops at province level; unknown codes are not pages.
	for _, path := range []string{"/?wilayah=32.73", "/?wilayah=99", "/?peta=tidak_ada", "/?peta=" + dasbor.PendudukUmurKelJK} {
		if r := c.Get(path); r.Status != 404 {
			t.Errorf("GET %s = %d, want 404", path, r.Status)
		}
	}
	// Every page says the data are synthetic while a synthetic release is public.
	if r := c.Get("/persyaratan"); !strings.Contains(r.Body, "Data sintetis untuk pengembangan") {
		t.Error("Persyaratan page lacks the synthetic banner")
	}
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func rawGet(t *testing.T, url string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func TestBerandaETagCacheControlAndGzip(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	publish(t, p, syntheticValues(t, p, 2000, 1), false)

	resp, plain := rawGet(t, p.URL+"/?wilayah=32")
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != 200 || etag == "" || resp.Header.Get("Cache-Control") != "public, max-age=60" {
		t.Fatalf("status %d, ETag %q, Cache-Control %q", resp.StatusCode, etag, resp.Header.Get("Cache-Control"))
	}
	if v := strings.Join(resp.Header.Values("Vary"), ","); !strings.Contains(v, "Accept-Encoding") || !strings.Contains(v, "Cookie") {
		t.Errorf("Vary = %q", v)
	}
	resp2, zipped := rawGet(t, p.URL+"/?wilayah=32", "Accept-Encoding", "gzip, br")
	if resp2.Header.Get("Content-Encoding") != "gzip" || resp2.Header.Get("ETag") != etag {
		t.Fatalf("gzip response: encoding %q, ETag %q", resp2.Header.Get("Content-Encoding"), resp2.Header.Get("ETag"))
	}
	if !bytes.Equal(gunzip(t, zipped), plain) || len(zipped) > len(plain)/3 {
		t.Errorf("gzip: %d bytes for %d", len(zipped), len(plain))
	}
	if r, body := rawGet(t, p.URL+"/?wilayah=32", "If-None-Match", etag); r.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("revalidation = %d with %d bytes, want 304 and none", r.StatusCode, len(body))
	}
	if r, _ := rawGet(t, p.URL+"/?wilayah=33", "If-None-Match", etag); r.StatusCode != 200 {
		t.Errorf("another province with the old ETag = %d, want 200", r.StatusCode)
	}
	// A signed-in person's page names them: only their browser keeps it, after checking.
	staff := p.CreateStaff(t, "admin.dasbor", account.RoleAdmin)
	c := staffLogin(t, p, staff, time.Now())
	req, _ := http.NewRequest(http.MethodGet, p.URL+"/?wilayah=32", nil)
	r := c.Do(req)
	if r.Status != 200 || r.Header.Get("Cache-Control") != "private, no-cache" || r.Header.Get("ETag") == etag {
		t.Errorf("signed-in Beranda: %d, Cache-Control %q, ETag %q", r.Status, r.Header.Get("Cache-Control"), r.Header.Get("ETag"))
	}
}

var assetRef = regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`)

// Beranda, its stylesheet and images, must come to less than 200 KB, even uncompressed.
func TestBerandaTransferUnder200KB(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	publish(t, p, syntheticValues(t, p, 400, 2022), true)
	for _, path := range []string{"/", "/?wilayah=32&peta=" + dasbor.AirMinumLayak} {
		for _, enc := range []string{"", "gzip"} {
			resp, body := rawGet(t, p.URL+path, "Accept-Encoding", enc)
			total := len(body)
			html := body
			if enc == "gzip" {
				html = gunzip(t, body)
			}
			assets := assetRef.FindAllStringSubmatch(string(html), -1)
			if len(assets) < 2 {
				t.Fatalf("%d assets found", len(assets))
			}
			for _, a := range assets {
				r, b := rawGet(t, p.URL+a[1], "Accept-Encoding", enc)
				if r.StatusCode != 200 {
					t.Fatalf("%s = %d", a[1], r.StatusCode)
				}
				total += len(b)
			}
			t.Logf("%s (%s): page %d bytes, with %d assets %d bytes", path, map[string]string{"": "plain", "gzip": "gzip"}[enc], len(body), len(assets), total)
			if total >= 200_000 {
				t.Errorf("%s (%q): %d bytes, want under 200 KB", path, enc, total)
			}
			_ = resp
		}
	}
}

// A province with fewer than N families in a cell shows the suppressed mark in the page, the chart and the
// CSV, and its value nowhere.
func TestSuppressionInPageChartAndCSV(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	values := syntheticValues(t, p, 20000, 3) // about 26 people in Papua Selatan
	publish(t, p, values, true)
	hidden := dasbor.Suppress(values, provincesOf(t, p), p.Config.DasborMinKeluarga)
	// A pyramid cell of a province withheld because it has few families, but not none.
	var cell dasbor.Value
	for _, v := range values {
		if v.Indikator == dasbor.PendudukUmurKelJK && v.Wilayah != dasbor.Nasional && v.Keluarga > 0 &&
			hidden[v.Key()] == dasbor.ReasonFewFamilies && strings.HasPrefix(v.Rincian, "L:") {
			cell = v
			break
		}
	}
	if cell.Indikator == "" {
		t.Fatal("the test release has no small pyramid cell")
	}
	age := strings.TrimPrefix(cell.Rincian, "L:")
	label := strings.Replace(age, "-", "–", 1)
	c := webtest.NewClient(t, p.URL)
	page := c.Get("/?wilayah=" + cell.Wilayah)
	if page.Status != 200 {
		t.Fatalf("province page = %d", page.Status)
	}
	// The table: the row of the age group shows the mark for men.
	row := regexp.MustCompile(`(?s)<th scope="row">` + regexp.QuoteMeta(label) + ` tahun</th><td class="num">(.*?)</td>`).FindStringSubmatch(page.Body)
	if row == nil || !strings.Contains(row[1], `data-testid="disembunyikan">x<`) {
		t.Errorf("pyramid table row %s: %v", label, row)
	}
	if !strings.Contains(page.Body, `data-testid="catatan-disembunyikan"`) || !strings.Contains(page.Body, "kurang dari 10 keluarga") {
		t.Error("no note explaining the mark")
	}
	// The chart: a hatched bar and the mark on the row of that age group.
	pyr := page.Body[strings.Index(page.Body, `id="grafik-piramida"`):]
	pyr = pyr[:strings.Index(pyr, "</svg>")]
	rowSVG := regexp.MustCompile(`(?s)>` + regexp.QuoteMeta(label) + `</text>(.*?)</text>`).FindStringSubmatch(pyr)
	if rowSVG == nil || !strings.Contains(rowSVG[1], `class="disembunyikan"`) || !strings.HasSuffix(rowSVG[1], ">x") {
		t.Errorf("pyramid chart row %s: %v", label, rowSVG)
	}
	// The download.
	csvResp := c.Get("/dasbor/unduh?wilayah=" + cell.Wilayah)
	if csvResp.Status != 200 || !strings.HasPrefix(csvResp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("download = %d %s", csvResp.Status, csvResp.Header.Get("Content-Type"))
	}
	rd := csv.NewReader(strings.NewReader(csvResp.Body))
	rd.FieldsPerRecord = -1
	records, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, rec := range records {
		if len(rec) == 7 && rec[0] == cell.Wilayah && rec[2] == dasbor.PendudukUmurKelJK && rec[4] == dasbor.RincianLabel(cell.Rincian) {
			found = true
			if rec[5] != "x" {
				t.Errorf("CSV shows %q for a withheld cell", rec[5])
			}
		}
	}
	if !found {
		t.Errorf("CSV has no row for %v", cell.Key())
	}
	if !strings.Contains(csvResp.Body, "Catatan: x = disembunyikan") || !strings.Contains(csvResp.Body, "Sumber: Registrasi Sosial Ekonomi 2022") {
		t.Error("CSV lacks the note or the source line")
	}
}

func TestDasborCSVDownload(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	values := syntheticValues(t, p, 2000, 1)
	publish(t, p, values, false)
	resp, body := rawGet(t, p.URL+"/dasbor/unduh?wilayah=32&peta="+dasbor.SanitasiLayak)
	if resp.StatusCode != 200 || resp.Header.Get("ETag") == "" || !strings.Contains(resp.Header.Get("Content-Disposition"), `filename="dasbor-regsosek-32.csv"`) {
		t.Fatalf("download: %d, headers %v", resp.StatusCode, resp.Header)
	}
	rd := csv.NewReader(bytes.NewReader(body))
	rd.FieldsPerRecord = -1
	records, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(records[0], ",") != strings.Join(dasbor.DownloadHeader, ",") {
		t.Errorf("header %v", records[0])
	}
	last := records[len(records)-1]
	if len(last) != 1 || !strings.HasPrefix(last[0], "Sumber: Registrasi Sosial Ekonomi 2022") {
		t.Errorf("last line %v, want the source", last)
	}
	want := map[string]bool{}
	for _, rec := range records[1:] {
		if len(rec) == 7 {
			want[rec[0]+"|"+rec[2]+"|"+rec[6]] = true
		}
	}
	// The headline figures of Jawa Barat, and the map's and the drinking-water chart's figure for every
	// province, counts and percentages.
	for _, k := range []string{"32|jumlah_keluarga|keluarga", "32|keluarga_air_minum_layak|persen", "32|penduduk_umur_jenis_kelamin|jiwa",
		"96|keluarga_sanitasi_layak|persen", "11|keluarga_air_minum_layak|keluarga", "00|keluarga_sanitasi_layak|keluarga"} {
		if !want[k] {
			t.Errorf("download lacks %s", k)
		}
	}
	jk := indo.Int(valueOf(values, dasbor.JumlahKeluarga, "32", "").Nilai)
	if !bytes.Contains(body, []byte(",Jumlah Keluarga,,"+strings.ReplaceAll(jk, ".", "")+",keluarga")) {
		t.Errorf("Jumlah Keluarga of Jawa Barat not written plainly (%s)", jk)
	}
}

func TestStatistikLayanan(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ctx := context.Background()
	kl := p.CreateRegistrator(t, "pusat", "027", "KEMENTERIAN SOSIAL")
	jabar := p.CreateRegistrator(t, "provinsi", "32", "Pemerintah Provinsi Jawa Barat")
	bandung := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	p.CreateRegistrator(t, "kabupaten_kota", "35.78", "Pemerintah Kota Surabaya") // an account, no access yet
	insert := func(akun int64, state string, submitted time.Time, decidedAfterDays int) {
		t.Helper()
		var decided *time.Time
		if decidedAfterDays >= 0 {
			d := submitted.Add(time.Duration(decidedAfterDays) * 24 * time.Hour)
			decided = &d
		}
		_, err := p.Store.Pool.Exec(ctx, `INSERT INTO permohonan (akun_id, reference, state, submitted_at, decided_at)
			VALUES ($1, 'UJI-' || nextval('permohonan_reference_seq'), $2, $3, $4)`, akun, state, submitted, decided)
		if err != nil {
			t.Fatal(err)
		}
	}
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	insert(kl.AkunID, "akses_diberikan", start, 10)
	insert(jabar.AkunID, "akses_diberikan", start, 20)
	insert(bandung.AkunID, "akses_diberikan", start, 4)
	insert(bandung.AkunID, "disetujui", start, 30)

	r := webtest.NewClient(t, p.URL).Get("/statistik-layanan")
	if r.Status != 200 {
		t.Fatalf("statistik = %d", r.Status)
	}
	rows := regexp.MustCompile(`(?s)<th scope="row">([^<]+)</th><td class="num">([0-9.]+)</td><td class="num">([0-9.]+)</td><td class="num">([0-9.]+)</td>`).FindAllStringSubmatch(r.Body, -1)
	got := map[string]string{}
	for _, m := range rows {
		got[m[1]] = m[2] + "/" + m[3] + "/" + m[4]
	}
	want := map[string]string{"Kementerian/Lembaga": "1/1/", "Pemerintah Provinsi": "1/1/38", "Pemerintah Kabupaten/Kota": "1/2/514"}
	for k, w := range want {
		if !strings.HasPrefix(got[k], w) {
			t.Errorf("%s: pengguna/akun/total = %q, want %s…", k, got[k], w)
		}
	}
	// Decisions after 4, 10, 20 and 30 days: the median is 15. Approved but not yet given access is not Pengguna.
	if !strings.Contains(r.Body, `data-testid="median-hari">15,0 hari<`) {
		t.Errorf("median days not 15,0: %s", regexp.MustCompile(`data-testid="median-hari">[^<]*`).FindString(r.Body))
	}
	// The map, and (issue 16) the charts of the times per stage and of the months.
	if n := len(svgPattern.FindAllString(r.Body, -1)); n != 3 {
		t.Errorf("%d charts with role=img and a title, want 3", n)
	}
	// Jawa Barat: the province and Kota Bandung of 1 + 27 Pemda.
	if !strings.Contains(r.Body, "<title>Jawa Barat: 2 dari 28 Pemda (7,1%)</title>") {
		t.Error("the map does not count Jawa Barat's Pemda")
	}
	for _, personal := range []string{"Registrator 32", "registrator."} {
		if strings.Contains(r.Body, personal) {
			t.Errorf("statistics page shows %q", personal)
		}
	}
}
