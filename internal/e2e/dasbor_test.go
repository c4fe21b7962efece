package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/browsertest"
	"github.com/bappenas/portal-regsosek/internal/dasbor"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

// publishSynthetic publishes the release `portal seed --synthetic` makes.
func publishSynthetic(t *testing.T, p *servertest.Portal) {
	t.Helper()
	ctx := context.Background()
	list, err := p.Store.ListProvinsi(ctx)
	if err != nil {
		t.Fatal(err)
	}
	provinces := make([]dasbor.Wilayah, len(list))
	for i, w := range list {
		provinces[i] = dasbor.Wilayah{Kode: w.Kode, Nama: w.Nama}
	}
	agg := dasbor.NewAggregator(provinces)
	dasbor.Synthetic(provinces, dasbor.DefaultSynthetic, agg.Add)
	rl, err := p.Store.CreateDasborRilis(ctx, dasbor.NewRilis{Judul: "Data sintetis untuk pengembangan",
		Sumber: "Registrasi Sosial Ekonomi 2022", Sintetis: true, Values: agg.Values()}, account.Actor{Kind: account.ActorSistem})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Store.PublishDasborRilis(ctx, rl.ID, account.Actor{Kind: account.ActorSistem}); err != nil {
		t.Fatal(err)
	}
}

// chartProblems lists every chart that is not an image with a title for assistive technology.
const chartProblems = `[...document.querySelectorAll('svg')].filter(s => s.closest('main')).map(s => {
	const title = s.querySelector(':scope > title'), desc = s.querySelector(':scope > desc');
	const named = (s.getAttribute('aria-labelledby') || '').split(' ')[0];
	if (s.getAttribute('role') !== 'img') return (s.id || 'svg') + ': role ' + s.getAttribute('role');
	if (!title || !title.textContent.trim() || title.id !== named) return s.id + ': no title named by aria-labelledby';
	if (!desc || !desc.textContent.trim()) return s.id + ': no desc';
	return '';
}).filter(Boolean)`

const jumlahKeluargaCard = `[...document.querySelectorAll('.dasbor-kartu')].find(k => k.querySelector('.dasbor-kartu-label').textContent.trim() === 'Jumlah Keluarga').querySelector('.dasbor-kartu-nilai').firstChild.textContent.trim()`

// Beranda at 1280 and 390 px wide, Nasional and Jawa Barat: the charts are images with titles, nothing
// overflows, the province is switched with the GET form (the page has no script at all), and everything
// the browser downloads stays under 200 KB.
func TestDasborInChromium(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	publishSynthetic(t, p)
	for _, width := range []int64{1280, 390} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			b := browsertest.New(t, p.URL, 2*time.Minute)
			b.Do(chromedp.EmulateViewport(width, 900))
			b.Open("/")
			transfer := browsertest.Eval[float64](b, `performance.getEntriesByType('navigation')[0].transferSize +
				performance.getEntriesByType('resource').reduce((s, e) => s + e.transferSize, 0)`)
			t.Logf("Beranda transfer at %d px: %.0f bytes", width, transfer)
			if transfer <= 0 || transfer >= 200_000 {
				t.Errorf("Beranda transferred %.0f bytes, want under 200 KB", transfer)
			}
			check := func(name string) {
				t.Helper()
				b.Screenshot(fmt.Sprintf("dasbor-%s-%d", name, width))
				if n := browsertest.Eval[int](b, `document.scripts.length`); n != 0 {
					t.Errorf("%s: %d scripts, want none", name, n)
				}
				if n := browsertest.Eval[int](b, `document.querySelectorAll('main svg[role="img"]').length`); n != 3 {
					t.Errorf("%s: %d charts", name, n)
				}
				if dup := browsertest.Eval[[]string](b, `[...document.querySelectorAll('[id]')].map(e => e.id).filter((id, i, a) => a.indexOf(id) !== i)`); len(dup) > 0 {
					t.Errorf("%s: ids used twice: %v", name, dup)
				}
				if probs := browsertest.Eval[[]string](b, chartProblems); len(probs) > 0 {
					t.Errorf("%s: %v", name, probs)
				}
				if scroll, client := browsertest.Eval[int](b, `document.documentElement.scrollWidth`), browsertest.Eval[int](b, `document.documentElement.clientWidth`); scroll > client {
					t.Errorf("%s: page is %d px wide on a %d px screen", name, scroll, client)
				}
				// The map takes the width of the content column, whatever the screen.
				mapW := browsertest.Eval[float64](b, `document.getElementById('grafik-peta').getBoundingClientRect().width`)
				column := browsertest.Eval[float64](b, `document.querySelector('main h1').getBoundingClientRect().width`)
				if mapW < column-2 || mapW > column+2 {
					t.Errorf("%s: map is %.0f px wide in a %.0f px column", name, mapW, column)
				}
				for _, text := range []string{"Data sintetis untuk pengembangan", "Sumber: Registrasi Sosial Ekonomi 2022", "Permintaan Akses Regsosek"} {
					if !strings.Contains(b.Text("body"), text) {
						t.Errorf("%s: page lacks %q", name, text)
					}
				}
			}
			check("nasional")
			nasional := browsertest.Eval[string](b, jumlahKeluargaCard)
			if got := b.Text(`[data-testid="wilayah-terpilih"]`); got != "Nasional" {
				t.Errorf("shows %q first, want Nasional", got)
			}

			b.Select("PILIH WILAYAH DATA", "Jawa Barat")
			b.ClickText("Tampilkan")
			check("jawa-barat")
			if loc := browsertest.Eval[string](b, `location.search`); !strings.Contains(loc, "wilayah=32") {
				t.Errorf("after the form: %q", loc)
			}
			if got := b.Text(`[data-testid="wilayah-terpilih"]`); got != "Jawa Barat" {
				t.Errorf("shows %q after choosing Jawa Barat", got)
			}
			if jabar := browsertest.Eval[string](b, jumlahKeluargaCard); jabar == nasional || !strings.Contains(jabar, ".") {
				t.Errorf("Jumlah Keluarga: Nasional %q, Jawa Barat %q", nasional, jabar)
			}
			if got := browsertest.Eval[string](b, `document.querySelector('#grafik-piramida > title').textContent`); got != "Piramida Penduduk Jawa Barat" {
				t.Errorf("pyramid title %q", got)
			}
		})
	}
}
