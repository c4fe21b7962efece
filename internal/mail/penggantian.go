package mail

import (
	"github.com/bappenas/portal-regsosek/internal/request"
)

// The emails of a Penggantian Operator (§3.2.5 c.1 f) and of a proposed PKS/NDA text (§3.2.5 c.2–c.3).

// PenggantianDiajukan confirms to the registrator that a Penggantian Operator was filed.
func (l Letters) PenggantianDiajukan(to Recipient, p request.Ref, pengguna, operator string) Message {
	return l.akses(to, "Pengajuan Penggantian Operator Diterima", p,
		para("Pengajuan penggantian Operator Pengelola Akun Sepakat untuk "+oneLine(pengguna)+" telah kami terima dan akan diverifikasi oleh Pengelola Data Regsosek, termasuk SK Penetapan Operator yang baru."),
		block{Kind: fact, Label: "Operator pengganti", Value: oneLine(operator)},
		para("Selama verifikasi, akun Sepakat operator saat ini tetap berlaku."),
		block{Kind: button, Label: "Lihat Permohonan", Value: l.permohonan(p)})
}

// PenggantianDisetujui tells the registrator a Penggantian Operator was approved: the accounts are being
// replaced.
func (l Letters) PenggantianDisetujui(to Recipient, p request.Ref, pengguna, operator string) Message {
	return l.akses(to, "Penggantian Operator Disetujui", p,
		para("Penggantian Operator Pengelola Akun Sepakat untuk "+oneLine(pengguna)+" disetujui. Akun Sepakat operator sebelumnya ditutup dan akun baru sedang dibuat dengan hak akses data, wilayah, dan tanggal berakhir yang sama."),
		block{Kind: fact, Label: "Operator pengganti", Value: oneLine(operator)},
		para("Operator pengganti akan menerima email berisi tautan sekali pakai untuk melihat nama pengguna dan kata sandinya."),
		block{Kind: button, Label: "Lihat Permohonan", Value: l.permohonan(p)})
}

// PenggantianBelumSesuai tells the registrator a Penggantian Operator was not accepted, with the note.
func (l Letters) PenggantianBelumSesuai(to Recipient, p request.Ref, pengguna, note string) Message {
	return l.akses(to, "Penggantian Operator Belum Sesuai", p,
		para("Pengajuan penggantian Operator Pengelola Akun Sepakat untuk "+oneLine(pengguna)+" belum dapat disetujui, dengan catatan berikut:"),
		block{Kind: quote, Value: note},
		para("Akun Sepakat operator saat ini tetap berlaku. Anda dapat mengajukan penggantian kembali dengan data dan SK yang telah diperbaiki."),
		block{Kind: button, Label: "Lihat Permohonan", Value: l.permohonan(p)})
}

// PenggantianSelesai tells the registrator the new accounts are active and their operator emailed.
func (l Letters) PenggantianSelesai(to Recipient, p request.Ref, pengguna, operator string) Message {
	return l.akses(to, "Penggantian Operator Selesai", p,
		para("Akun Sepakat baru untuk "+oneLine(pengguna)+" telah aktif dan tautan kredensialnya telah dikirim kepada operator pengganti, "+oneLine(operator)+"."),
		block{Kind: button, Label: "Lihat Informasi Akun Pengguna", Value: l.permohonan(p)})
}

// UsulanDiajukan confirms to the registrator that a proposed text of an agreement (what, "PKS") was filed.
func (l Letters) UsulanDiajukan(to Recipient, p request.Ref, what string) Message {
	return l.akses(to, "Usulan Perubahan "+what+" Diterima", p,
		para("Usulan perubahan substansi "+what+" telah kami terima dan akan diputuskan oleh Produsen Data Regsosek. Selama usulan belum diputuskan, PKS dan NDA yang ditandatangani belum dapat dikirim."),
		block{Kind: button, Label: "Buka Tahap PKS dan NDA", Value: l.permohonan(p) + "/perjanjian"})
}

// UsulanDiterima tells the registrator the proposed text was accepted: it is the one to sign.
func (l Letters) UsulanDiterima(to Recipient, p request.Ref, what string) Message {
	return l.akses(to, "Usulan Perubahan "+what+" Diterima oleh Pengelola Data", p,
		para("Usulan perubahan substansi "+what+" disetujui oleh Produsen Data Regsosek. Naskah usulan tersebut kini menjadi naskah yang ditandatangani: unduh dari halaman PKS dan NDA, tandatangani, lalu unggah kembali."),
		block{Kind: button, Label: "Buka Tahap PKS dan NDA", Value: l.permohonan(p) + "/perjanjian"})
}

// UsulanDitolak tells the registrator the proposed text was declined, with the reason.
func (l Letters) UsulanDitolak(to Recipient, p request.Ref, what, reason string) Message {
	return l.akses(to, "Usulan Perubahan "+what+" Ditolak", p,
		para("Usulan perubahan substansi "+what+" tidak dapat disetujui oleh Produsen Data Regsosek, dengan alasan:"),
		block{Kind: quote, Value: reason},
		para("Naskah yang ditandatangani tetap naskah yang berlaku sebelumnya."),
		block{Kind: button, Label: "Buka Tahap PKS dan NDA", Value: l.permohonan(p) + "/perjanjian"})
}
