package e2e

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/browsertest"
	"github.com/bappenas/portal-regsosek/internal/dasbor"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

// An admin uploads a refused file and sees each problem with its line, uploads a good one, checks the
// preview and publishes it; Beranda then shows it.
func TestDasborPublishingInChromium(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	staff := p.CreateStaff(t, "admin.dasbor", account.RoleAdmin)
	list, err := p.Store.ListProvinsi(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	provinces := make([]dasbor.Wilayah, len(list))
	for i, w := range list {
		provinces[i] = dasbor.Wilayah{Kode: w.Kode, Nama: w.Nama}
	}
	agg := dasbor.NewAggregator(provinces)
	dasbor.Synthetic(provinces, dasbor.SyntheticOptions{Scale: 2000, Seed: 9}, agg.Add)
	var buf bytes.Buffer
	if err := dasbor.WriteCSV(&buf, agg.Values()); err != nil {
		t.Fatal(err)
	}
	good := servertest.WriteFile(t, "rilis-2026.csv", buf.Bytes())
	bad := servertest.WriteFile(t, "rilis-salah.csv", []byte(strings.Replace(buf.String(), "jumlah_keluarga,11,", "jumlah_keluarga,11.01,", 1)))

	b := browsertest.New(t, p.URL, 2*time.Minute)
	b.Open("/masuk")
	b.Fill("Username", staff.Username)
	b.Fill("Kata Sandi", staff.Password)
	b.ClickText("Masuk")
	code, err := totp.GenerateCode(staff.TOTPSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b.Fill("Kode", code)
	b.ClickText("Masuk")
	b.Open("/petugas/dasbor")
	if h := b.Text("h1"); h != "Data Dasbor Nasional" {
		t.Fatalf("admin page %q", h)
	}

	b.Fill("Judul rilis", "Regsosek 2022 — uji")
	b.Upload("Berkas CSV", bad)
	b.ClickText("Unggah dan Periksa")
	b.Screenshot("dasbor-unggah-ditolak")
	if txt := b.Text(`[data-testid="masalah-berkas"]`); !strings.Contains(txt, "rilis-salah.csv baris 3: kode wilayah \"11.01\" di bawah tingkat provinsi") {
		t.Errorf("problems shown: %q", txt)
	}
	if got := b.Value("Judul rilis"); got != "Regsosek 2022 — uji" {
		t.Errorf("title after a refused upload: %q", got)
	}

	b.Upload("Berkas CSV", good)
	b.ClickText("Unggah dan Periksa")
	if h := b.Text("h1"); h != "Pratinjau Rilis Versi 1" {
		t.Fatalf("after a good upload: %q", h)
	}
	b.Screenshot("dasbor-pratinjau")
	if n := browsertest.Eval[int](b, `document.querySelectorAll('main svg[role="img"]').length`); n != 3 {
		t.Errorf("preview shows %d charts", n)
	}
	b.ClickText("Terbitkan")
	if f := b.Text(`[data-testid="flash"]`); !strings.Contains(f, "Rilis versi 1 telah diterbitkan") {
		t.Errorf("flash %q", f)
	}
	b.Screenshot("dasbor-daftar-rilis")
	b.Open("/")
	want := indo.Int(int64(0))
	for _, v := range agg.Values() {
		if v.Indikator == dasbor.JumlahKeluarga && v.Wilayah == dasbor.Nasional {
			want = indo.Int(v.Nilai)
		}
	}
	if got := browsertest.Eval[string](b, jumlahKeluargaCard); got != want {
		t.Errorf("Beranda shows %q families, want %s", got, want)
	}
}
