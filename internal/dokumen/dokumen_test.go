package dokumen_test

import (
	"strings"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/dokumen"
)

func TestDocRuleFor(t *testing.T) {
	tests := []struct {
		kind  dokumen.Kind
		types []string
		max   int64
		label string
	}{
		{dokumen.KTP, []string{dokumen.TypePDF, dokumen.TypeJPEG, dokumen.TypePNG}, 5 << 20, "PDF, JPG atau PNG, maksimal 5 MB"},
		{dokumen.SuratTugas, []string{dokumen.TypePDF}, 10 << 20, "PDF, maksimal 10 MB"},
		{dokumen.Dokumen, []string{dokumen.TypePDF}, 10 << 20, "PDF, maksimal 10 MB"},
	}
	for _, tt := range tests {
		r := dokumen.RuleFor(tt.kind)
		if strings.Join(r.Types, ",") != strings.Join(tt.types, ",") || r.MaxBytes != tt.max || r.Label != tt.label {
			t.Errorf("DocRuleFor(%s) = %+v", tt.kind, r)
		}
	}
	if r := dokumen.RuleFor("foto"); r.MaxBytes != 0 || len(r.Types) != 0 {
		t.Errorf("unknown kind: %+v, want the zero rule", r)
	}
}

func TestSanitizeFilename(t *testing.T) {
	long := strings.Repeat("a", 150)
	tests := []struct{ in, want string }{
		{"ktp.pdf", "ktp.pdf"},
		{"KTP Budi Santoso.jpg", "KTP Budi Santoso.jpg"},
		{"/etc/passwd", "passwd"},
		{"../../../rahasia.pdf", "rahasia.pdf"},
		{`C:\Users\budi\Desktop\surat tugas.pdf`, "surat tugas.pdf"},
		{"dir/", "berkas"},
		{".htaccess", "htaccess"},
		{"...pdf", "pdf"},
		{"..", "berkas"},
		{"", "berkas"},
		{"   ", "berkas"},
		{"a\x00b\x1fc\x7f.pdf", "abc.pdf"},
		{"surat\ttugas\n\r  final .pdf", "surat tugas final .pdf"},
		{"  spasi   di   mana-mana  .pdf  ", "spasi di mana-mana .pdf"},
		{"foto\u202egpj.exe", "fotogpj.exe"},   // right-to-left override
		{"a\u200bb\ufeff.png", "ab.png"},       // zero-width space, BOM
		{"a\u00a0b\u2028c.pdf", "a b c.pdf"},   // no-break space, line separator
		{`ktp<1>:"x"|?*.pdf`, "ktp1x.pdf"},     // Windows-reserved characters
		{"nama.", "nama"},                      // trailing dot
		{"KTP_Ñuñez_Ŝ.pdf", "KTP_Ñuñez_Ŝ.pdf"}, // letters kept
		{"bad\xff\xfeutf8.pdf", "badutf8.pdf"}, // invalid UTF-8 dropped
		{long + ".pdf", strings.Repeat("a", 96) + ".pdf"},
		{strings.Repeat("é", 150) + ".jpeg", strings.Repeat("é", 95) + ".jpeg"},
		{long, strings.Repeat("a", 100)},
		{strings.Repeat("a", 98) + ". b.pdf", strings.Repeat("a", 96) + ".pdf"},
		{"x." + long, "x." + strings.Repeat("a", 98)}, // an "extension" too long to keep
		{strings.Repeat("ä", 100), strings.Repeat("ä", 100)},
	}
	for _, tt := range tests {
		got := sanitizeChecked(t, tt.in)
		if got != tt.want {
			t.Errorf("SanitizeFilename(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// sanitizeChecked calls SanitizeFilename and checks what must hold for any input.
func sanitizeChecked(t *testing.T, in string) string {
	t.Helper()
	got := dokumen.SanitizeFilename(in)
	if got == "" || strings.ContainsAny(got, "/\\\x00") || strings.HasPrefix(got, ".") || len([]rune(got)) > 100 {
		t.Errorf("SanitizeFilename(%q) = %q breaks an invariant", in, got)
	}
	if again := dokumen.SanitizeFilename(got); again != got {
		t.Errorf("SanitizeFilename is not idempotent on %q: %q then %q", in, got, again)
	}
	return got
}
