package mail

import (
	"strconv"
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
)

// The emails of a permohonan hak akses up to its decision (Tahap 1–3), and the reviewers' reminders.

// permohonan is the registrator's page of a permohonan.
func (l Letters) permohonan(p request.Ref) string {
	return l.BaseURL + "/permohonan/" + strconv.FormatInt(p.ID, 10)
}

// PermohonanDiterima confirms a submitted permohonan hak akses with its reference number; resubmitted after
// a return for revision.
func (l Letters) PermohonanDiterima(to Recipient, p request.Ref, resubmitted bool) Message {
	intro := "Permohonan hak akses Data Regsosek " + oneLine(p.InstansiNama) + " telah kami terima dan akan diperiksa kelengkapan dokumennya oleh Verifikator Teknis (Tahap 2)."
	if resubmitted {
		intro = "Perbaikan permohonan hak akses Data Regsosek " + oneLine(p.InstansiNama) + " telah kami terima dan akan diperiksa kembali oleh verifikator."
	}
	return to.letter("Permohonan Hak Akses Diterima",
		para(intro),
		block{Kind: fact, Label: "Nomor referensi", Value: p.Reference},
		block{Kind: button, Label: "Lihat Permohonan", Value: l.permohonan(p)},
		para("Anda dapat melihat proses permohonan kapan saja melalui menu \u201cLihat\u201d pada akun layanan Anda. Apabila dokumen belum memenuhi ketentuan, Anda akan menerima email \u201cData Belum Sesuai\u201d berisi catatan perbaikan."))
}

// DataBelumSesuai returns a permohonan to the registrator with the verifier's notes: each judgement "belum
// sesuai" of js (pedoman Tahap 2).
func (l Letters) DataBelumSesuai(to Recipient, p request.Ref, js []review.Judgement) Message {
	blocks := []block{
		para("Hasil pemeriksaan permohonan hak akses Data Regsosek Anda: Data Belum Sesuai. Perbaiki bagian berikut, lalu ajukan kembali."),
		{Kind: fact, Label: "Nomor referensi", Value: p.Reference},
	}
	for _, j := range js {
		if j.Verdict == review.BelumSesuai {
			blocks = append(blocks, block{Kind: fact, Label: j.Item.Label, Value: j.Note})
		}
	}
	blocks = append(blocks, block{Kind: button, Label: "Lihat dan Perbaiki", Value: l.permohonan(p)},
		para("Hanya bagian yang ditandai yang dapat diubah. Setelah diperbaiki, klik \u201cAjukan\u201d; permohonan kembali kepada verifikator yang sama."))
	return to.letter("Data Belum Sesuai: Permohonan "+oneLine(p.Reference), blocks...)
}

// HakAksesDisetujui tells the registrator the decision d on each of the permohonan's rows (pedoman Tahap 3).
func (l Letters) HakAksesDisetujui(to Recipient, p request.Ref, d review.Decision, rows []request.Row) Message {
	blocks := []block{
		para("Permohonan hak akses Data Regsosek Anda telah diputuskan oleh Pengelola Data Regsosek."),
		{Kind: fact, Label: "Nomor referensi", Value: p.Reference},
		{Kind: fact, Label: "Hak akses berlaku paling lama sampai", Value: indo.Date(d.AksesSampai())},
	}
	byID := map[int64]review.RowDecision{}
	for _, rd := range d.Rows {
		byID[rd.RowID] = rd
	}
	var approved []request.ApprovedRow
	for _, row := range rows {
		if rd, ok := byID[row.ID]; ok {
			blocks = append(blocks, block{Kind: fact, Label: row.Pengguna, Value: review.DecisionText(row, rd.View())})
			if rd.Setuju {
				approved = append(approved, request.ApprovedRow{Row: row, Approved: rd.JenisData})
			}
		}
	}
	next := "Tahap berikutnya adalah penandatanganan Perjanjian Kerja Sama (PKS)."
	if request.NeedsNDA(approved) {
		next = "Tahap berikutnya adalah penandatanganan Perjanjian Kerja Sama (PKS) dan Perjanjian Kerahasiaan (NDA): tingkat tertinggi yang disetujui berlaku untuk seluruh permohonan, termasuk setiap pengguna melalui Sepakat."
	}
	blocks = append(blocks, block{Kind: button, Label: "Lihat Keputusan", Value: l.permohonan(p)}, para(next))
	return to.letter("Hak Akses Disetujui", blocks...)
}

// HakAksesDitolak tells the registrator the permohonan was refused, with the reason.
func (l Letters) HakAksesDitolak(to Recipient, p request.Ref, reason string) Message {
	return to.letter("Hak Akses Ditolak",
		para("Permohonan hak akses Data Regsosek Anda tidak dapat disetujui."),
		block{Kind: fact, Label: "Nomor referensi", Value: p.Reference},
		block{Kind: quote, Value: reason},
		block{Kind: button, Label: "Lihat Permohonan", Value: l.permohonan(p)},
		para("Anda dapat mengajukan permohonan baru yang disesuaikan dengan alasan di atas."))
}

// RekomendasiDiminta asks a direktur pengampu for a recommendation.
func (l Letters) RekomendasiDiminta(to Recipient, p request.Ref) Message {
	return to.letter("Permintaan Rekomendasi: Permohonan "+oneLine(p.Reference),
		para("Verifikator substansi meminta rekomendasi Anda atas permohonan hak akses Data Regsosek "+oneLine(p.InstansiNama)+"."),
		block{Kind: fact, Label: "Nomor referensi", Value: p.Reference},
		block{Kind: button, Label: "Buka Antrean Rekomendasi", Value: l.BaseURL + "/petugas/rekomendasi"})
}

// PengingatTenggat reminds the assignee that a permohonan passed its service-level deadline, due.
func (l Letters) PengingatTenggat(to Recipient, p request.Ref, due time.Time) Message {
	return to.letter("Pengingat: Permohonan "+oneLine(p.Reference)+" Melewati Tenggat",
		para("Permohonan berikut yang Anda tangani telah melewati tenggat layanan."),
		block{Kind: fact, Label: "Nomor referensi", Value: p.Reference},
		block{Kind: fact, Label: "Tenggat", Value: indo.DateTime(due)},
		block{Kind: button, Label: "Buka Permohonan", Value: l.BaseURL + "/petugas"})
}
