// Package dokumen holds the rules of uploaded documents: what each kind is for, which files it accepts (by
// content, never by name), how large, and the names they are stored and offered under. No I/O: the store
// encrypts and keeps the content.
package dokumen

import (
	"bytes"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Kind is what an uploaded document is for; it decides which files are accepted.
type Kind string

// The kinds of document, as stored in documents.kind.
const (
	KTP        Kind = "ktp"
	SuratTugas Kind = "surat_tugas"
	Dokumen    Kind = "dokumen"
	Lampiran   Kind = "lampiran" // an attachment to a pengaduan, or an operator's training certificate: PDF or image
)

// Content types a document can have, decided from its first bytes.
const (
	TypePDF  = "application/pdf"
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
)

// Rule says which files a kind of document accepts.
type Rule struct {
	Types    []string // accepted content types, decided from the content
	MaxBytes int64
	Label    string // the hint shown under the file input, e.g. "PDF, JPG atau PNG, maksimal 5 MB"
}

// RuleFor returns the rule for kind: KTP takes JPEG, PNG or PDF up to 5 MB; Surat Tugas and other
// documents take PDF only, up to 10 MB; a pengaduan's lampiran takes PDF, JPEG or PNG up to 10 MB. MB here is
// 2^20 bytes, as file managers count it. An unknown kind gets the zero Rule, which accepts nothing.
func RuleFor(kind Kind) Rule {
	var r Rule
	switch kind {
	case KTP:
		r = Rule{Types: []string{TypePDF, TypeJPEG, TypePNG}, MaxBytes: 5 << 20}
	case SuratTugas, Dokumen:
		r = Rule{Types: []string{TypePDF}, MaxBytes: 10 << 20}
	case Lampiran:
		r = Rule{Types: []string{TypePDF, TypeJPEG, TypePNG}, MaxBytes: 10 << 20}
	default:
		return Rule{}
	}
	r.Label = r.TypesText() + ", maksimal " + r.SizeText()
	return r
}

// TypesText names the accepted types: "PDF, JPG atau PNG".
func (r Rule) TypesText() string {
	names := make([]string, len(r.Types))
	for i, t := range r.Types {
		names[i] = map[string]string{TypePDF: "PDF", TypeJPEG: "JPG", TypePNG: "PNG"}[t]
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " atau " + names[len(names)-1]
}

// SizeText is the limit in MB: "10 MB".
func (r Rule) SizeText() string { return strconv.FormatInt(r.MaxBytes>>20, 10) + " MB" }

// UploadError is a refused upload, with a message fit to show next to the file input.
// Kind says which upload it was, so a form with several files puts the message beside the right one.
type UploadError struct {
	Kind    Kind
	Message string
}

func (e *UploadError) Error() string { return e.Message }

// Document is a stored document's metadata. The content is read with store.WriteDocument.
type Document struct {
	ID           int64
	Kind         Kind
	OriginalName string
	ContentType  string
	Size         int64
	SHA256       []byte
	CreatedAt    time.Time
	DraftID      *string
	// PurgedAt is when the content was deleted at the end of its retention (a KTP scan); nil while kept.
	PurgedAt *time.Time
}

// Sniff decides the content type from the first bytes, never from the name or a Content-Type header. It
// returns "" for anything else.
func Sniff(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return TypePDF
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return TypeJPEG
	case bytes.HasPrefix(b, []byte{0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}):
		return TypePNG
	}
	return ""
}

// maxFilenameRunes bounds a stored file name.
const maxFilenameRunes = 100

// Upload is a file as it arrives from a form: what it is for, the name it came with, and its content.
type Upload struct {
	Kind Kind
	Name string
	R    io.Reader
}

// SanitizeFilename makes an uploaded file's name safe to store and to offer back as a download name: it keeps
// the base name only (after the last / or \), drops control and invisible formatting characters (such as the
// right-to-left override that disguises "gpj.exe") and the characters Windows forbids (<>:"|?*), collapses
// whitespace, strips leading and trailing dots and spaces, and cuts the result to 100 runes keeping the
// extension. It returns "berkas" when nothing is left.
func SanitizeFilename(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), strings.ContainsRune(`<>:"|?*`, r):
			return -1
		}
		return r
	}, name)
	name = strings.Join(strings.Fields(name), " ")
	name = strings.TrimLeft(name, ". ")
	name = strings.TrimRight(name, ". ")
	if runes := []rune(name); len(runes) > maxFilenameRunes {
		ext := []rune(extension(name))
		stem := strings.TrimRight(string(runes[:maxFilenameRunes-len(ext)]), ". ")
		name = stem + string(ext)
	}
	if name == "" {
		return "berkas"
	}
	return name
}

// extension returns name's extension with its dot, or "" when it has none worth keeping (more than 10 runes
// or containing a space).
func extension(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 {
		return ""
	}
	ext := name[i:]
	if len([]rune(ext)) > 10 || strings.ContainsRune(ext, ' ') {
		return ""
	}
	return ext
}

// WithExtension appends the extension of ctype when name does not already have a matching one, so a JPEG
// uploaded as "foto.exe" is offered back as "foto.exe.jpg", never as an executable.
func WithExtension(name, ctype string) string {
	exts := map[string][]string{TypePDF: {".pdf"}, TypeJPEG: {".jpg", ".jpeg"}, TypePNG: {".png"}}[ctype]
	if slices.Contains(exts, strings.ToLower(extension(name))) {
		return name
	}
	return SanitizeFilename(name + exts[0])
}
