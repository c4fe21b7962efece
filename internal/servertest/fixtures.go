package servertest

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/go-pdf/fpdf"
	"github.com/pquerna/otp/totp"

	"github.com/bappenas/portal-regsosek/internal/account"
)

// StaffPassword is the password CreateStaff gives every staff member it makes.
const StaffPassword = "Petugas-Uji-Regsosek-2026"

// Staff is a staff member made for a test, with the secret to compute TOTP codes.
type Staff struct {
	ID         int64
	Username   string
	Password   string
	TOTPSecret string
}

// CreateStaff adds a staff member with roles.
func (p *Portal) CreateStaff(t testing.TB, username string, roles ...account.Role) Staff {
	t.Helper()
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "Portal Regsosek", AccountName: username})
	if err != nil {
		t.Fatal(err)
	}
	hash, err := account.HashPassword(StaffPassword)
	if err != nil {
		t.Fatal(err)
	}
	id, err := p.Store.CreateStaff(context.Background(), account.NewStaff{Username: username, Nama: "Petugas " + username,
		Email: username + "@bappenas.go.id", PasswordHash: hash, TOTPSecret: key.Secret(), Roles: roles}, account.Actor{Kind: account.ActorSistem})
	if err != nil {
		t.Fatal(err)
	}
	return Staff{ID: id, Username: username, Password: StaffPassword, TOTPSecret: key.Secret()}
}

// PNG returns a small real PNG image (a stand-in KTP scan) with a marker pixel so tests can look for it.
func PNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 40))
	for x := range 64 {
		for y := range 40 {
			img.Set(x, y, color.RGBA{R: uint8(x * 4), G: 120, B: uint8(y * 6), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// PDF returns a small, well-formed one-page PDF carrying text.
func PDF(t testing.TB, text string) []byte {
	t.Helper()
	content := "BT /F1 12 Tf 72 720 Td (" + text + ") Tj ET"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		"<< /Length " + itoa(len(content)) + " >>\nstream\n" + content + "\nendstream",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		b.WriteString(itoa(i+1) + " 0 obj\n" + o + "\nendobj\n")
	}
	xref := b.Len()
	b.WriteString("xref\n0 " + itoa(len(objs)+1) + "\n0000000000 65535 f \n")
	for _, off := range offsets {
		s := itoa(off)
		for len(s) < 10 {
			s = "0" + s
		}
		b.WriteString(s + " 00000 n \n")
	}
	b.WriteString("trailer\n<< /Size " + itoa(len(objs)+1) + " /Root 1 0 R >>\nstartxref\n" + itoa(xref) + "\n%%EOF\n")
	return b.Bytes()
}

// WriteFile writes content into the test's temporary folder and returns its path (for browser uploads).
func WriteFile(t testing.TB, name string, content []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func itoa(n int) string { return strconv.Itoa(n) }

// TextPDF returns a PDF of paragraphs as a word processor writes it (go-pdf/fpdf: wrapped lines, real
// fonts), for the tests that read a document's text back.
func TextPDF(t testing.TB, paras ...string) []byte {
	t.Helper()
	d := fpdf.New("P", "mm", "A4", "")
	d.AddPage()
	d.SetFont("Helvetica", "", 11)
	tr := d.UnicodeTranslatorFromDescriptor("")
	for _, s := range paras {
		d.MultiCell(170, 6, tr(s), "", "L", false)
		d.Ln(2)
	}
	var b bytes.Buffer
	if err := d.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
