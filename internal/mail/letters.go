package mail

import (
	"bytes"
	"fmt"
	"html/template"
	"runtime"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/bappenas/portal-regsosek/internal/indo"
)

// The emails of the akun layanan (§3.3.5 Tahap 1.1). Each is written once as a list of blocks and rendered
// twice, as plain text and as simple inline-styled HTML, so the two never drift apart. Values are escaped by
// html/template; there are no external images or stylesheets.

type blockKind string

const (
	paragraph blockKind = "paragraph"
	fact      blockKind = "fact"   // Label: Value, the value in bold
	button    blockKind = "button" // a link: Label is its text, Value the URL
	code      blockKind = "code"   // a code shown large: Label, Value
	quote     blockKind = "quote"  // text quoted from a person, such as a rejection reason
)

type block struct {
	Kind  blockKind
	Label string
	Value string
}

type letter struct {
	Subject  string
	Greeting string
	Blocks   []block
}

func para(s string) block { return block{Kind: paragraph, Value: s} }

// Letters writes the portal's emails, one method a letter, from domain values. The links in them point under
// BaseURL (the portal's BASE_URL), at the pages the portal serves.
type Letters struct{ BaseURL string }

// Recipient is who an email goes to.
type Recipient struct{ Email, Nama string }

// letter addresses a letter to r, greeted by name.
func (r Recipient) letter(subject string, blocks ...block) Message {
	return letter{Subject: subject, Greeting: "Yth. Bapak/Ibu " + oneLine(r.Nama) + ",", Blocks: blocks}.message(r.Email)
}

const footer = "Email ini dikirim otomatis oleh Portal Regsosek, Kementerian PPN/Bappenas. Mohon tidak membalas " +
	"email ini. Pertanyaan dan pengaduan dapat disampaikan melalui ditpk@bappenas.go.id."

const signature = "Hormat kami,\nPengelola Data Regsosek\nKementerian PPN/Bappenas"

// AkunDiajukan confirms that a registration was received and is waiting for the verifikator.
func (Letters) AkunDiajukan(to Recipient, reference string) Message {
	return to.letter("Proses Pembukaan Akun Layanan Regsosek",
		para("Terima kasih. Permohonan pembukaan akun layanan Regsosek untuk instansi Anda telah kami terima dan sedang menunggu verifikasi."),
		block{Kind: fact, Label: "Nomor referensi", Value: reference},
		para("Verifikator akan memeriksa kesesuaian identitas pada KTP Anda dengan identitas yang tercantum pada Surat Tugas Registrator."),
		para("Apabila permohonan disetujui, Anda akan menerima email berisi tautan \u201cKlik Disini\u201d dan kode OTP untuk mengaktifkan akun. Apabila permohonan ditolak, Anda akan menerima email berisi alasannya."),
		para("Simpan nomor referensi ini untuk keperluan komunikasi dengan Pengelola Data Regsosek."))
}

// AkunDisetujui tells the registrator the account was approved and gives the activation link (of token) and
// the OTP code, valid for codeValid.
func (l Letters) AkunDisetujui(to Recipient, token, otp string, codeValid time.Duration) Message {
	return to.letter("Akun Layanan Regsosek Disetujui", append([]block{
		para("Permohonan pembukaan akun layanan Regsosek Anda telah disetujui. Untuk mengaktifkan akun, buka halaman aktivasi melalui tautan di bawah ini, isikan kode OTP, lalu klik \u201cKirim OTP\u201d."),
	}, l.otpBlocks(token, otp, codeValid)...)...)
}

// KodeOTPBaru sends a new OTP code requested on the activation page of token.
func (l Letters) KodeOTPBaru(to Recipient, token, otp string, codeValid time.Duration) Message {
	return to.letter("Kode OTP Baru Akun Layanan Regsosek", append([]block{
		para("Anda telah meminta kode OTP baru untuk mengaktifkan akun layanan Regsosek. Kode OTP yang dikirim sebelumnya tidak berlaku lagi."),
	}, l.otpBlocks(token, otp, codeValid)...)...)
}

func (l Letters) otpBlocks(token, otp string, valid time.Duration) []block {
	return []block{
		{Kind: button, Label: "Klik Disini", Value: l.BaseURL + "/aktivasi/" + token},
		{Kind: code, Label: "Kode OTP", Value: otp},
		para(fmt.Sprintf("Kode OTP berlaku selama %d menit dan hanya dapat digunakan satu kali. Apabila kode telah kedaluwarsa, Anda dapat meminta kode OTP baru pada halaman aktivasi tersebut.", int(valid.Minutes()))),
		para("Jangan berikan kode OTP ini kepada siapa pun, termasuk kepada petugas yang mengatasnamakan Bappenas."),
		para("Setelah akun aktif, Anda akan diarahkan ke halaman login. Masuk dengan username dan kata sandi akun layanan Anda."),
	}
}

// AkunDitolak tells the registrator the account was rejected, which registrator criteria of the pedoman were
// not met (failed, as account.KriteriaRegistrator words them), and why.
func (Letters) AkunDitolak(to Recipient, reason string, failed []string) Message {
	blocks := []block{para("Mohon maaf, permohonan pembukaan akun layanan Regsosek Anda tidak dapat disetujui.")}
	if len(failed) > 0 {
		blocks = append(blocks, para("Kriteria registrator yang belum terpenuhi (Pedoman Permohonan Hak Akses Data Regsosek §3.2.5):"))
		for i, f := range failed {
			blocks = append(blocks, block{Kind: fact, Label: "Kriteria " + strconv.Itoa(i+1), Value: f})
		}
	}
	blocks = append(blocks, para("Catatan verifikator:"), block{Kind: quote, Value: reason},
		para("Instansi Anda dapat mendaftar kembali melalui Portal Regsosek dengan data dan dokumen yang telah diperbaiki, termasuk KTP dan Surat Tugas Registrator yang identitasnya sesuai."))
	return to.letter("Pembukaan Akun Layanan Regsosek Ditolak", blocks...)
}

// AktivasiKedaluwarsa tells an approved official whose activation link lapsed unused that the approval has
// ended, and how to ask again.
func (Letters) AktivasiKedaluwarsa(to Recipient) Message {
	return to.letter("Tautan Aktivasi Akun Layanan Regsosek Kedaluwarsa",
		para("Pendaftaran Anda sebagai registrator akun layanan Regsosek telah disetujui, tetapi tautan aktivasinya tidak digunakan sampai masa berlakunya habis. Persetujuan tersebut kini berakhir, dan data Anda tidak lagi menunggu aktivasi."),
		para("Bila Anda masih registrator instansi Anda, ajukan pendaftaran kembali melalui Portal Regsosek (atau, bila akun instansi sudah aktif, minta pejabat yang sedang menjabat mengajukan penggantian pejabat)."))
}

// AturUlangKataSandi sends the single-use password reset link of token, valid for valid.
func (l Letters) AturUlangKataSandi(to Recipient, token string, valid time.Duration) Message {
	return to.letter("Atur Ulang Kata Sandi Akun Layanan Regsosek",
		para("Kami menerima permintaan untuk mengatur ulang kata sandi akun layanan Regsosek Anda. Gunakan tautan berikut untuk membuat kata sandi baru:"),
		block{Kind: button, Label: "Atur Ulang Kata Sandi", Value: l.BaseURL + "/atur-ulang-kata-sandi/" + token},
		para(fmt.Sprintf("Tautan ini berlaku selama %d menit dan hanya dapat digunakan satu kali.", int(valid.Minutes()))),
		para("Apabila Anda tidak meminta pengaturan ulang kata sandi, abaikan email ini. Kata sandi Anda tidak berubah."))
}

// PenggantianPejabatDiajukan confirms to the new official that the handover of the account (reference) was
// received.
func (Letters) PenggantianPejabatDiajukan(to Recipient, reference string) Message {
	return to.letter("Penggantian Pejabat Pemegang Akun Layanan Regsosek",
		para("Permohonan penggantian pejabat pemegang akun layanan Regsosek instansi Anda, dengan Anda sebagai pejabat pengganti, telah kami terima dan sedang menunggu verifikasi."),
		block{Kind: fact, Label: "Nomor referensi", Value: reference},
		para("Verifikator akan memeriksa kesesuaian identitas pada KTP Anda dengan identitas yang tercantum pada Surat Tugas Registrator yang baru."),
		para("Apabila disetujui, Anda akan menerima email berisi tautan \u201cKlik Disini\u201d dan kode OTP untuk mengaktifkan akun. Riwayat akun layanan instansi Anda tetap tersimpan; pejabat sebelumnya dapat menggunakan akun sampai Anda mengaktifkannya."))
}

func (l letter) message(to string) Message {
	return Message{Kind: kindOf(), To: to, Subject: l.Subject, Text: l.text(), HTML: l.html()}
}

// kindOf names a letter after the Letters method that wrote it ("AkunDisetujui" becomes "akun_disetujui"),
// found on the call stack, so every letter — those added later too — has a kind without naming itself twice.
func kindOf() string {
	pcs := make([]uintptr, 16)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	for {
		f, more := frames.Next()
		if i := strings.LastIndex(f.Function, ".Letters."); i >= 0 {
			if m := f.Function[i+len(".Letters."):]; m != "" && unicode.IsUpper(rune(m[0])) {
				return snake(m)
			}
		}
		if !more {
			return ""
		}
	}
}

// snake turns "AkunDisetujui" into "akun_disetujui" (and "PKSDiminta" into "pks_diminta").
func snake(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func (l letter) text() string {
	var b strings.Builder
	b.WriteString(l.Greeting + "\n\n")
	for _, bl := range l.Blocks {
		switch bl.Kind {
		case fact, button, code:
			b.WriteString(bl.Label + ": " + bl.Value)
		case quote:
			for i, line := range strings.Split(strings.TrimSpace(bl.Value), "\n") {
				if i > 0 {
					b.WriteString("\n")
				}
				b.WriteString("> " + strings.TrimRight(line, "\r"))
			}
		default:
			b.WriteString(bl.Value)
		}
		b.WriteString("\n\n")
	}
	b.WriteString(signature + "\n\n-- \n" + footer + "\n")
	return b.String()
}

func (l letter) html() string {
	var b bytes.Buffer
	data := struct {
		letter
		Signature []string
		Footer    string
	}{l, strings.Split(signature, "\n"), footer}
	if err := htmlLetter.Execute(&b, data); err != nil {
		// The template is fixed and its data plain strings: this cannot happen short of a programming error.
		panic("mail: render html: " + err.Error())
	}
	return b.String()
}

var htmlLetter = template.Must(template.New("letter").Funcs(template.FuncMap{
	"lines": func(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") },
}).Parse(`<!DOCTYPE html>
<html lang="id">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{.Subject}}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border:1px solid #d1d5db;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2937;">
<tr><td style="background:#0b3d91;color:#ffffff;padding:16px 24px;font-size:18px;font-weight:bold;">Portal Regsosek</td></tr>
<tr><td style="padding:24px;">
<h1 style="margin:0 0 16px;font-size:20px;color:#0b3d91;">{{.Subject}}</h1>
<p style="margin:0 0 16px;">{{.Greeting}}</p>
{{- range .Blocks}}
{{- if eq .Kind "fact"}}
<p style="margin:0 0 16px;">{{.Label}}: <strong>{{.Value}}</strong></p>
{{- else if eq .Kind "button"}}
<p style="margin:0 0 16px;"><a href="{{.Value}}" style="display:inline-block;background:#0b3d91;color:#ffffff;text-decoration:none;font-weight:bold;padding:10px 20px;border-radius:4px;">{{.Label}}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#4b5563;">Apabila tombol tidak dapat diklik, salin alamat berikut ke peramban Anda:<br><span style="word-break:break-all;">{{.Value}}</span></p>
{{- else if eq .Kind "code"}}
<p style="margin:0 0 4px;">{{.Label}}:</p>
<p style="margin:0 0 16px;font-family:'Courier New',Courier,monospace;font-size:28px;font-weight:bold;letter-spacing:6px;">{{.Value}}</p>
{{- else if eq .Kind "quote"}}
<blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid #d1d5db;background:#f9fafb;">{{range $i, $l := lines .Value}}{{if $i}}<br>{{end}}{{$l}}{{end}}</blockquote>
{{- else}}
<p style="margin:0 0 16px;">{{.Value}}</p>
{{- end}}
{{- end}}
<p style="margin:24px 0 0;">{{range $i, $l := .Signature}}{{if $i}}<br>{{end}}{{$l}}{{end}}</p>
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;font-size:12px;color:#6b7280;">{{.Footer}}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`))

// KataSandiDiubah tells a person their password was changed at, through a reset link or by themselves, and
// that every other session of theirs was signed out.
func (l Letters) KataSandiDiubah(to Recipient, at time.Time, reset bool) Message {
	how := "melalui halaman pengaturan akun"
	if reset {
		how = "melalui tautan atur ulang kata sandi"
	}
	return to.letter("Kata Sandi Portal Regsosek Telah Diubah",
		para("Kata sandi akun Portal Regsosek Anda telah diubah "+how+" pada "+indo.DateTime(at)+"."),
		para("Demi keamanan, semua sesi lain yang masuk dengan akun Anda telah dikeluarkan. Silakan masuk kembali dengan kata sandi baru di perangkat lain."),
		para("Apabila Anda tidak melakukan perubahan ini, segera atur ulang kata sandi melalui halaman \u201cLupa Kata Sandi\u201d dan hubungi Pengelola Data Regsosek melalui ditpk@bappenas.go.id."),
		block{Kind: button, Label: "Masuk ke Portal Regsosek", Value: l.BaseURL + "/masuk"})
}
