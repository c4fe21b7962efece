// Package browsertest drives Debian's Chromium headless through chromedp for the browser journeys. Its
// Browser wraps the actions a person takes (open, click a button by its text, fill a field by its label)
// and fails the test on the first error.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath finds the browser: CHROMIUM_PATH, then Debian's package.
func chromiumPath(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no Chromium found: run the tests with `make test`, which installs Debian's chromium package, " +
		"or set CHROMIUM_PATH")
	return ""
}

// Browser is one headless Chromium with its own empty profile, so cookies never leak between journeys.
type Browser struct {
	t    testing.TB
	Ctx  context.Context
	Base string
}

// New starts Chromium for a journey against the server at base. It ends with the test or after timeout.
func New(t testing.TB, base string, timeout time.Duration) *Browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.UserDataDir(filepath.Join(t.TempDir(), "profile")),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() {
		cancelTimeout()
		cancelBrowser()
		cancelAlloc()
	})
	b := &Browser{t: t, Ctx: ctx, Base: base}
	// Start the browser now so a missing or broken Chromium fails here, clearly.
	b.Do(chromedp.Navigate("about:blank"))
	return b
}

// Do runs actions and fails the test on error.
func (b *Browser) Do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.Ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v (at %s)", err, b.location())
	}
}

func (b *Browser) location() string {
	loc, err := chromedp.Run(b.Ctx, chromedp.Location())
	if err != nil {
		return "unknown page"
	}
	return loc
}

// Open navigates to a path of the server and waits for its main content.
func (b *Browser) Open(path string) {
	b.t.Helper()
	b.Do(chromedp.Navigate(b.Base+path), chromedp.WaitVisible(chromedp.CSS("main")))
}

// Text returns the visible text of the first element matching a CSS selector; a missing element fails
// the test at once, showing what the page says instead.
func (b *Browser) Text(css string) string {
	b.t.Helper()
	v := Eval[*string](b, fmt.Sprintf(`(() => { const e = document.querySelector(%s); return e ? e.innerText.trim() : null; })()`, strconv.Quote(css)))
	if v == nil {
		main := Eval[string](b, `(document.querySelector('main') || document.body).innerText`)
		b.t.Fatalf("browser: no %s at %s; the page says:\n%.1500s", css, b.location(), main)
	}
	return *v
}

// Eval evaluates a JavaScript expression in the page and decodes its result into T; a promise is awaited.
func Eval[T any](b *Browser, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.Ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("browser: eval: %v (at %s)", err, b.location())
	}
	return v
}

// ClickText clicks the link or button whose visible text is text, as a person would find it, and waits for
// the page it leads to.
func (b *Browser) ClickText(text string) {
	b.t.Helper()
	b.ClickTextIn("", text)
}

// ClickTextIn is ClickText limited to the element matching a CSS selector, for pages with several buttons
// of the same name (one "Unggah" per document).
func (b *Browser) ClickTextIn(within, text string) {
	b.t.Helper()
	// Buttons in the main content first, then its links, then the rest of the page (navigation): a person
	// pressing "Masuk" on the sign-in form means the form's button, not the menu link.
	expr := fmt.Sprintf(`(() => { const want = %s;
		document.querySelectorAll('[data-browsertest-click]').forEach(e => e.removeAttribute('data-browsertest-click'));
		const norm = e => e.textContent.replace(/\s+/g, ' ').trim();
		const root = %s ? document.querySelector(%s) : document;
		if (!root) return false;
		for (const sel of ['main button', 'main a', 'button', 'a']) {
			const e = [...root.querySelectorAll(sel)].concat(root.matches && root.matches(sel.split(' ').pop()) ? [root] : [])
				.find(e => norm(e) === want && e.offsetParent !== null);
			if (e) { e.setAttribute('data-browsertest-click', '1'); window.__browsertestOldPage = true; return true; }
		}
		return false; })()`, strconv.Quote(text), strconv.Quote(within), strconv.Quote(within))
	if !Eval[bool](b, expr) {
		b.t.Fatalf("browser: no link or button %q (at %s)", text, b.location())
	}
	b.Do(chromedp.Click(chromedp.CSS("[data-browsertest-click]"), chromedp.NodeVisible))
	b.waitNewPage()
}

// waitNewPage waits until the page marked by ClickText has been replaced by a fully loaded one.
func (b *Browser) waitNewPage() {
	b.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		// Evaluating during navigation can fail while the old context is torn down: try again.
		done, err := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](`!window.__browsertestOldPage && document.readyState === 'complete' && !!document.querySelector('main')`))
		if err == nil && done {
			return
		}
		if b.Ctx.Err() != nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	b.t.Fatalf("browser: no new page after a click (at %s)", b.location())
}

// idForLabel returns the id of the control a <label> with this text is for.
func (b *Browser) idForLabel(label string) string {
	b.t.Helper()
	expr := fmt.Sprintf(`(() => { const want = %s;
		for (const l of document.querySelectorAll('label, legend')) {
			const text = l.textContent.replace(/\*|\(wajib\)/g, '').replace(/\s+/g, ' ').trim();
			if (text === want) { return l.htmlFor || (l.closest('fieldset')?.querySelector('input')?.id) || ''; }
		}
		return ''; })()`, strconv.Quote(label))
	id := Eval[string](b, expr)
	if id == "" {
		b.t.Fatalf("browser: no field labelled %q (at %s)", label, b.location())
	}
	return id
}

// Fill types value into the field labelled label, replacing what was there.
func (b *Browser) Fill(label, value string) {
	b.t.Helper()
	id := b.idForLabel(label)
	// Clearing through the value property works for inputs and textareas alike.
	Eval[bool](b, fmt.Sprintf(`(() => { document.getElementById(%s).value = ''; return true })()`, strconv.Quote(id)))
	b.Do(chromedp.SendKeys(chromedp.ID(id), value))
}

// Select chooses the option with this visible text in the drop-down labelled label.
func (b *Browser) Select(label, optionText string) {
	b.t.Helper()
	id := b.idForLabel(label)
	expr := fmt.Sprintf(`(() => { const s = document.getElementById(%s);
		const o = [...s.options].find(o => o.textContent.trim() === %s);
		if (!o) return false; s.value = o.value; s.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`,
		strconv.Quote(id), strconv.Quote(optionText))
	if !Eval[bool](b, expr) {
		b.t.Fatalf("browser: %q has no option %q (at %s)", label, optionText, b.location())
	}
}

// Check ticks the checkbox or radio button labelled label.
func (b *Browser) Check(label string) {
	b.t.Helper()
	id := b.idForLabel(label)
	b.Do(chromedp.SetAttributeValue(chromedp.ID(id), "checked", "checked"))
	Eval[bool](b, fmt.Sprintf(`(() => { document.getElementById(%s).checked = true; return true })()`, strconv.Quote(id)))
}

// Upload sets the file input labelled label to a file on disk.
func (b *Browser) Upload(label, path string) {
	b.t.Helper()
	id := b.idForLabel(label)
	b.Do(chromedp.SetUploadFiles(chromedp.ID(id), []string{path}))
}

// Value returns the current value of the field labelled label.
func (b *Browser) Value(label string) string {
	b.t.Helper()
	id := b.idForLabel(label)
	v, err := chromedp.Run(b.Ctx, chromedp.Value(chromedp.ID(id)))
	if err != nil {
		b.t.Fatalf("browser: value of %q: %v", label, err)
	}
	return v
}

// Screenshot saves a full-page PNG under BROWSER_SCREENSHOTS, when set, so a person can look at what the
// journey saw.
func (b *Browser) Screenshot(name string) {
	b.t.Helper()
	dir := os.Getenv("BROWSER_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(b.Ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	_ = os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
	}
}

// Choose ticks the radio button or checkbox with this name and value, for forms that repeat the same
// labels per item ("Sesuai", "Belum Sesuai").
func (b *Browser) Choose(name, value string) {
	b.t.Helper()
	ok := Eval[bool](b, fmt.Sprintf(`(() => { const e = document.querySelector('input[name=%s][value=%s]');
		if (!e) return false; e.checked = true; return true; })()`, strconv.Quote(name), strconv.Quote(value)))
	if !ok {
		b.t.Fatalf("browser: no input %s=%s (at %s)", name, value, b.location())
	}
}

// ChooseAll ticks value on every radio group whose name starts with prefix.
func (b *Browser) ChooseAll(prefix, value string) {
	b.t.Helper()
	Eval[int](b, fmt.Sprintf(`(() => { let n = 0; document.querySelectorAll('input[type=radio][value=%s]').forEach(e => {
		if (e.name.startsWith(%s)) { e.checked = true; n++; } }); return n; })()`, strconv.Quote(value), strconv.Quote(prefix)))
}
