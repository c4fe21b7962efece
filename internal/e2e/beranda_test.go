// Package e2e holds the browser journeys: a real Chromium against the real portal on a fresh database.
package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bappenas/portal-regsosek/internal/browsertest"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

func TestBerandaInChromium(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	b := browsertest.New(t, p.URL, time.Minute)
	b.Open("/")
	b.Screenshot("beranda")
	if lang := browsertest.Eval[string](b, `document.documentElement.lang`); lang != "id" {
		t.Errorf(`<html lang> = %q, want "id"`, lang)
	}
	nav := browsertest.Eval[[]string](b, `[...document.querySelectorAll('nav[aria-label="Navigasi utama"] a')].map(a => a.textContent.trim())`)
	for _, want := range []string{"Beranda", "Persyaratan dan Ketentuan", "Pengaduan", "Masuk", "Daftar"} {
		if !strings.Contains(strings.Join(nav, "|"), want) {
			t.Errorf("navigation %v lacks %q", nav, want)
		}
	}
	// The navigation leads where it says.
	b.ClickText("Persyaratan dan Ketentuan")
	if h1 := b.Text("h1"); h1 != "Persyaratan dan Ketentuan" {
		t.Errorf("h1 after following the link = %q", h1)
	}
	// The skip link is the first thing a keyboard reaches and points at the main content.
	first := browsertest.Eval[string](b, `document.querySelector('body a').getAttribute('href')`)
	if first != "#konten" {
		t.Errorf("first link = %q, want the skip link to #konten", first)
	}
}

// On a phone-sized screen nothing overflows sideways.
func TestBerandaOnPhoneWidth(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	b := browsertest.New(t, p.URL, time.Minute)
	b.Do(chromedp.EmulateViewport(360, 740))
	b.Open("/")
	b.Screenshot("beranda-360")
	scroll := browsertest.Eval[int](b, `document.documentElement.scrollWidth`)
	client := browsertest.Eval[int](b, `document.documentElement.clientWidth`)
	if scroll > client {
		t.Errorf("page is %d px wide on a %d px screen", scroll, client)
	}
}

func navigate(url string) chromedp.Action[chromedp.Void] {
	return chromedp.Navigate(url)
}
