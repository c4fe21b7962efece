package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bappenas/portal-regsosek/internal/browsertest"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

// After a permohonan gets access its entry appears in the public Register Pemanfaatan Data Regsosek, reached
// from the navigation without signing in, with the summary the produsen data wrote for publication and no
// personal data; a filter finds it; its permanent page shows every unit; the JSON download linked from the
// page validates against the schema of the OpenAPI document the portal serves.
func TestRegisterJourney(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg, _, _, nomor := p.SampleWithAccess(t, time.Now())
	personal := []string{"Siti Aminah", "197001012000031002", "siti@daerah.go.id", "Operator Dinas Sosial", "196706271998031004",
		"operator004@daerah.go.id", "081322223333", "Registrator 32.73", reg.Username, reg.Email}

	b := browsertest.New(t, p.URL, 2*time.Minute)
	b.Open("/")
	b.ClickText("Register Pemanfaatan Data")
	if h1 := b.Text("h1"); h1 != "Register Pemanfaatan Data Regsosek" {
		t.Fatalf("h1 %q", h1)
	}
	list := b.Text(`[data-testid="register"]`)
	for _, want := range []string{"Pemerintah Kota Bandung", servertest.Ringkasan, "Mikro, Agregat Terpilah", "Kota Bandung, Jawa Barat", "Berlaku", nomor} {
		if !strings.Contains(list, want) {
			t.Errorf("the register lacks %q: %s", want, list)
		}
	}
	b.Screenshot("register")
	main := b.Text("main")
	for _, s := range personal {
		if strings.Contains(main, s) {
			t.Errorf("the register shows %q", s)
		}
	}
	// Filters, without JavaScript's help: a GET form.
	b.Select("Jenis data", "BNBA")
	b.ClickText("Tampilkan")
	if total := b.Text(`[data-testid="register-total"]`); total != "0 entri" {
		t.Errorf("BNBA (lowered to Mikro at the decision): %q", total)
	}
	b.Select("Jenis data", "Mikro")
	b.ClickText("Tampilkan")
	if total := b.Text(`[data-testid="register-total"]`); total != "1 entri" {
		t.Errorf("Mikro: %q", total)
	}

	// The JSON download, fetched by the browser from the page's own link, against the OpenAPI schema.
	href := browsertest.Eval[string](b, `document.querySelector('[data-testid="unduh-json"]').href`)
	raw := browsertest.Eval[string](b, `fetch(`+jsString(href)+`).then(r => r.text())`)
	spec := browsertest.Eval[string](b, `fetch("/api/openapi.json").then(r => r.text())`)
	doc, err := openapi3.NewLoader().LoadFromData([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	var value any
	if err := json.Unmarshal([]byte(raw), &value); err != nil {
		t.Fatalf("download %q: %v", href, err)
	}
	if err := doc.Components.Schemas["RegisterDaftar"].Value.VisitJSON(value, openapi3.EnableJSONSchema2020()); err != nil {
		t.Errorf("the JSON download does not match the OpenAPI schema: %v", err)
	}
	if !strings.Contains(raw, servertest.Ringkasan) || !strings.Contains(raw, `"jumlah": 1`) {
		t.Errorf("download: %.400s", raw)
	}
	for _, s := range personal {
		if strings.Contains(raw, s) {
			t.Errorf("the JSON download holds %q", s)
		}
	}

	// The permanent page of the entry.
	b.ClickText("Pemerintah Kota Bandung")
	if got := b.Text(`[data-testid="nomor"]`); got != nomor {
		t.Errorf("entry page of %q", got)
	}
	if got := b.Text(`[data-testid="ringkasan"]`); got != servertest.Ringkasan {
		t.Errorf("published summary %q", got)
	}
	units := b.Text(`[data-testid="pengguna"]`)
	for _, want := range []string{"Dinas Sosial", "Dinas Kesehatan", "Dinas Pendidikan", "Fasilitas Pengolahan Data Regsosek Terpadu"} {
		if !strings.Contains(units, want) {
			t.Errorf("the entry lacks %q", want)
		}
	}
	b.Screenshot("register-entri")
	for _, s := range personal {
		if strings.Contains(b.Text("main"), s) {
			t.Errorf("the entry page shows %q", s)
		}
	}
	// On a phone nothing overflows sideways.
	b.Do(chromedp.EmulateViewport(390, 844))
	b.Open("/register")
	b.Screenshot("register-390")
	if scroll, client := browsertest.Eval[int](b, `document.documentElement.scrollWidth`), browsertest.Eval[int](b, `document.documentElement.clientWidth`); scroll > client {
		t.Errorf("the register is %d px wide on a %d px screen", scroll, client)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
