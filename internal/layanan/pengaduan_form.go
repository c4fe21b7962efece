package layanan

import (
	"crypto/rand"
	"encoding/base32"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// PengaduanInput is the public form as posted.
type PengaduanInput struct {
	Judul, Isi              string
	Nama, Instansi, Jabatan string
	Lokasi, Kategori, Email string
	Anonim, Rahasia         bool
	PermohonanRef           string
}

// Laporan is a valid report as its reporter sent it, before it becomes a Pengaduan with a state and a
// conversation.
type Laporan struct {
	Judul, Isi, Lokasi string
	Kategori           Kategori
	Anonim, Rahasia    bool
	Pelapor            Pelapor
	PermohonanRef      string
}

// Bounds of the report's fields, in runes.
const (
	MaxJudul = 200
	MaxIsi   = 5000
)

// ParsePengaduan checks the Pengaduan dan Pelaporan form. The pedoman marks every field but the attachment
// as required, Nama, Instansi and Jabatan included: with Anonim they are kept, apart, but hidden from staff.
// Email is optional: with it, the reporter receives the tracking code and every answer by email.
func ParsePengaduan(in PengaduanInput) (Laporan, validate.Errors) {
	var errs validate.Errors
	p := Laporan{Judul: errs.Text("judul", "Judul laporan", in.Judul, MaxJudul), Isi: errs.Lines("isi", "Isi laporan", in.Isi, MaxIsi),
		Lokasi: errs.Text("lokasi", "Lokasi", in.Lokasi, maxShort), Anonim: in.Anonim, Rahasia: in.Rahasia,
		PermohonanRef: validate.Clean(in.PermohonanRef, 40),
		Pelapor: Pelapor{Nama: errs.Text("nama", "Nama", in.Nama, maxShort), Instansi: errs.Text("instansi", "Instansi", in.Instansi, 200),
			Jabatan: errs.Text("jabatan", "Jabatan", in.Jabatan, maxShort)}}
	if p.Judul == "" {
		errs.Add("judul", "Ketik judul laporan Anda.")
	}
	if p.Isi == "" {
		errs.Add("isi", "Ketik isi laporan Anda.")
	} else if len([]rune(p.Isi)) < 20 {
		errs.Add("isi", "Isi laporan terlalu singkat. Jelaskan apa yang terjadi, kapan, dan di mana (paling sedikit 20 karakter).")
	}
	if p.Pelapor.Nama == "" {
		errs.Add("nama", "Ketik nama Anda. Jika memilih Anonim, nama tidak ditampilkan kepada petugas.")
	}
	if p.Pelapor.Instansi == "" {
		errs.Add("instansi", "Ketik instansi Anda.")
	}
	if p.Pelapor.Jabatan == "" {
		errs.Add("jabatan", "Ketik jabatan Anda.")
	}
	if p.Lokasi == "" {
		errs.Add("lokasi", "Ketik lokasi Anda, misalnya kabupaten/kota dan provinsi.")
	}
	k := Kategori(strings.TrimSpace(in.Kategori))
	if k.Label() == string(k) {
		errs.Add("kategori", "Pilih kategori laporan.")
	} else {
		p.Kategori = k
	}
	if e := strings.TrimSpace(in.Email); e != "" {
		if n, err := account.NormalizeEmail(e); err != nil {
			errs.Add("email", err.Error())
		} else {
			p.Pelapor.Email = n
		}
	}
	return p, errs
}

// ParsePesan checks a message in a report's thread: an answer, a request for information, a closing note
// or the reporter's reply. Closing may be silent; the others need text.
func ParsePesan(text string, required bool) (string, validate.Errors) {
	var errs validate.Errors
	t := errs.Lines("pesan", "Pesan", text, MaxIsi)
	if msg := validate.Reason("pesan", t); required && msg != "" {
		errs.Add("pesan", msg)
	}
	return t, errs
}

// Tracking codes: 20 random bytes (160 bits) written as 32 base32 characters in groups of four. Letters
// are read case-insensitively and 0/1/8 typed for O/I/B are accepted, so a code read aloud or retyped works.
const (
	trackingBytes = 20
	trackingLen   = 32
)

var trackingEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTrackingCode returns a fresh tracking code, such as "K7QM-2XPA-…", carrying 160 bits of randomness.
func NewTrackingCode() string {
	b := make([]byte, trackingBytes)
	_, _ = rand.Read(b) // crypto/rand.Read does not fail since Go 1.24
	s := trackingEncoding.EncodeToString(b)
	var out strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			out.WriteByte('-')
		}
		out.WriteString(s[i : i+4])
	}
	return out.String()
}

// NormalizeTrackingCode returns the canonical form of a typed code (upper case, no spaces or dashes) and
// whether it has the shape of a code. A code of the wrong shape is still looked up by callers, so that a
// mistyped code and one that does not exist take the same path and get the same answer.
func NormalizeTrackingCode(s string) (string, bool) {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t' || r == '\n' || r == '\r':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r == '0':
			return 'O'
		case r == '1':
			return 'I'
		case r == '8':
			return 'B'
		}
		return r
	}, s)
	if len(s) > 64 {
		s = s[:64]
	}
	if len(s) != trackingLen {
		return s, false
	}
	_, err := trackingEncoding.DecodeString(s)
	return s, err == nil
}
