package mail

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
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

func greeting(nama string) string { return "Yth. Bapak/Ibu " + oneLine(nama) + "," }

const footer = "Email ini dikirim otomatis oleh Portal Regsosek, Kementerian PPN/Bappenas. Mohon tidak membalas " +
	"email ini. Pertanyaan dan pengaduan dapat disampaikan melalui ditpk@bappenas.go.id."

const signature = "Hormat kami,\nPengelola Data Regsosek\nKementerian PPN/Bappenas"

// AkunDiajukan confirms that a registration was received and is waiting for the verifikator.
func AkunDiajukan(to, nama, reference string) Message {
	return letter{
		Subject:  "Proses Pembukaan Akun Layanan Regsosek",
		Greeting: greeting(nama),
		Blocks: []block{
			para("Terima kasih. Permohonan pembukaan akun layanan Regsosek untuk instansi Anda telah kami terima dan sedang menunggu verifikasi."),
			{Kind: fact, Label: "Nomor referensi", Value: reference},
			para("Verifikator akan memeriksa kesesuaian identitas pada KTP Anda dengan identitas yang tercantum pada Surat Tugas Registrator."),
			para("Apabila permohonan disetujui, Anda akan menerima email berisi tautan \u201cKlik Disini\u201d dan kode OTP untuk mengaktifkan akun. Apabila permohonan ditolak, Anda akan menerima email berisi alasannya."),
			para("Simpan nomor referensi ini untuk keperluan komunikasi dengan Pengelola Data Regsosek."),
		},
	}.message(to)
}

// AkunDisetujui tells the registrator the account was approved and gives the activation link and OTP code.
func AkunDisetujui(to, nama, activationURL, otp string, codeValidMinutes int) Message {
	return letter{
		Subject:  "Akun Layanan Regsosek Disetujui",
		Greeting: greeting(nama),
		Blocks: append([]block{
			para("Permohonan pembukaan akun layanan Regsosek Anda telah disetujui. Untuk mengaktifkan akun, buka halaman aktivasi melalui tautan di bawah ini, isikan kode OTP, lalu klik \u201cKirim OTP\u201d."),
		}, otpBlocks(activationURL, otp, codeValidMinutes)...),
	}.message(to)
}

// KodeOTPBaru sends a new OTP code requested on the activation page.
func KodeOTPBaru(to, nama, activationURL, otp string, codeValidMinutes int) Message {
	return letter{
		Subject:  "Kode OTP Baru Akun Layanan Regsosek",
		Greeting: greeting(nama),
		Blocks: append([]block{
			para("Anda telah meminta kode OTP baru untuk mengaktifkan akun layanan Regsosek. Kode OTP yang dikirim sebelumnya tidak berlaku lagi."),
		}, otpBlocks(activationURL, otp, codeValidMinutes)...),
	}.message(to)
}

func otpBlocks(activationURL, otp string, minutes int) []block {
	return []block{
		{Kind: button, Label: "Klik Disini", Value: activationURL},
		{Kind: code, Label: "Kode OTP", Value: otp},
		para(fmt.Sprintf("Kode OTP berlaku selama %d menit dan hanya dapat digunakan satu kali. Apabila kode telah kedaluwarsa, Anda dapat meminta kode OTP baru pada halaman aktivasi tersebut.", minutes)),
		para("Jangan berikan kode OTP ini kepada siapa pun, termasuk kepada petugas yang mengatasnamakan Bappenas."),
		para("Setelah akun aktif, Anda akan diarahkan ke halaman login. Masuk dengan username dan kata sandi akun layanan Anda."),
	}
}

// AkunDitolak tells the registrator the account was rejected, and why.
func AkunDitolak(to, nama, reason string) Message {
	return letter{
		Subject:  "Pembukaan Akun Layanan Regsosek Ditolak",
		Greeting: greeting(nama),
		Blocks: []block{
			para("Mohon maaf, permohonan pembukaan akun layanan Regsosek Anda tidak dapat disetujui dengan alasan berikut:"),
			{Kind: quote, Value: reason},
			para("Instansi Anda dapat mendaftar kembali melalui Portal Regsosek dengan data dan dokumen yang telah diperbaiki, termasuk KTP dan Surat Tugas Registrator yang identitasnya sesuai."),
		},
	}.message(to)
}

// AturUlangKataSandi sends a single-use password reset link.
func AturUlangKataSandi(to, nama, resetURL string, validMinutes int) Message {
	return letter{
		Subject:  "Atur Ulang Kata Sandi Akun Layanan Regsosek",
		Greeting: greeting(nama),
		Blocks: []block{
			para("Kami menerima permintaan untuk mengatur ulang kata sandi akun layanan Regsosek Anda. Gunakan tautan berikut untuk membuat kata sandi baru:"),
			{Kind: button, Label: "Atur Ulang Kata Sandi", Value: resetURL},
			para(fmt.Sprintf("Tautan ini berlaku selama %d menit dan hanya dapat digunakan satu kali.", validMinutes)),
			para("Apabila Anda tidak meminta pengaturan ulang kata sandi, abaikan email ini. Kata sandi Anda tidak berubah."),
		},
	}.message(to)
}

// PenggantianPejabatDiajukan confirms to the new official that the handover of the account was received.
func PenggantianPejabatDiajukan(to, namaBaru, reference string) Message {
	return letter{
		Subject:  "Penggantian Pejabat Pemegang Akun Layanan Regsosek",
		Greeting: greeting(namaBaru),
		Blocks: []block{
			para("Permohonan penggantian pejabat pemegang akun layanan Regsosek instansi Anda, dengan Anda sebagai pejabat pengganti, telah kami terima dan sedang menunggu verifikasi."),
			{Kind: fact, Label: "Nomor referensi", Value: reference},
			para("Verifikator akan memeriksa kesesuaian identitas pada KTP Anda dengan identitas yang tercantum pada Surat Tugas Registrator yang baru."),
			para("Apabila disetujui, Anda akan menerima email berisi tautan \u201cKlik Disini\u201d dan kode OTP untuk mengaktifkan akun. Riwayat akun layanan instansi Anda tetap tersimpan; pejabat sebelumnya dapat menggunakan akun sampai Anda mengaktifkannya."),
		},
	}.message(to)
}

func (l letter) message(to string) Message {
	return Message{To: to, Subject: l.Subject, Text: l.text(), HTML: l.html()}
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
