package review

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/request"
)

// Change is one difference between the content a verifier last saw and the resubmitted one.
type Change struct {
	What, Before, After string
}

// Content is what a submission froze: the header, the rows and the document ids.
type Content struct {
	Header request.Header
	Rows   []request.Row
	Docs   map[request.DocKind]int64
	// Pelatihan is the training evidence per row ("sertifikat:12").
	Pelatihan map[int64]string
}

// Diff lists what changed from before to after, in the order of the form: header fields, documents
// replaced, added or removed, rows added, removed or changed field by field.
func Diff(before, after Content) []Change {
	var out []Change
	hb, ha := before.Header, after.Header
	for _, f := range []struct{ label, b, a string }{
		{"Cakupan wilayah", hb.Cakupan, ha.Cakupan}, {"Narahubung: nama", hb.NarahubungNama, ha.NarahubungNama},
		{"Narahubung: jabatan", hb.NarahubungJabatan, ha.NarahubungJabatan}, {"Narahubung: NIP", hb.NarahubungNIP, ha.NarahubungNIP},
		{"Narahubung: email", hb.NarahubungEmail, ha.NarahubungEmail}, {"Narahubung: No HP", hb.NarahubungPhone, ha.NarahubungPhone},
		{"Forum Satu Data", hb.ForumSatuData, ha.ForumSatuData},
	} {
		if f.b != f.a {
			out = append(out, Change{What: f.label, Before: f.b, After: f.a})
		}
	}
	for _, kind := range []request.DocKind{request.DocSuratPermohonan, request.DocKAK, request.DocSKOperator,
		request.DocSKForumSatuData, request.DocSuratPernyataan} {
		b, a := before.Docs[kind], after.Docs[kind]
		switch {
		case b == a:
		case b == 0:
			out = append(out, Change{What: request.DocLabels[kind], After: "diunggah"})
		case a == 0:
			out = append(out, Change{What: request.DocLabels[kind], Before: "ada", After: "dihapus"})
		default:
			out = append(out, Change{What: request.DocLabels[kind], Before: "berkas lama", After: "berkas baru diunggah"})
		}
	}
	old := map[int64]request.Row{}
	for _, r := range before.Rows {
		old[r.ID] = r
	}
	seen := map[int64]bool{}
	for _, r := range after.Rows {
		seen[r.ID] = true
		o, ok := old[r.ID]
		if !ok {
			out = append(out, Change{What: "Baris baru: " + r.Pengguna, After: rowSummary(r)})
			continue
		}
		for _, f := range []struct{ label, b, a string }{
			{"pengguna", o.Pengguna, r.Pengguna}, {"desa/kelurahan", o.PenggunaWilayah, r.PenggunaWilayah},
			{"tujuan pemanfaatan", o.Tujuan, r.Tujuan}, {"tujuan sah BNBA", o.TujuanBNBA, r.TujuanBNBA},
			{"jenis data", o.JenisData, r.JenisData}, {"media akses", o.Media, r.Media},
			{"operator", o.OperatorNama, r.OperatorNama}, {"jabatan operator", o.OperatorJabatan, r.OperatorJabatan},
			{"NIP operator", o.OperatorNIP, r.OperatorNIP}, {"email operator", o.OperatorEmail, r.OperatorEmail},
			{"No HP operator", o.OperatorPhone, r.OperatorPhone},
			{"penggunaan", o.Penggunaan, r.Penggunaan}, {"mulai", o.PeriodeMulai, r.PeriodeMulai},
			{"sampai", o.PeriodeSelesai, r.PeriodeSelesai}, {"lama (bulan)", o.PeriodeBulan, r.PeriodeBulan},
			{"kemampuan pengolahan data", o.OlahDataKeterangan, r.OlahDataKeterangan},
			{"bukti pelatihan operator", pelatihanText(before.Pelatihan[r.ID]), pelatihanText(after.Pelatihan[r.ID])},
		} {
			if f.b != f.a {
				out = append(out, Change{What: "Baris " + r.Pengguna + ": " + f.label, Before: f.b, After: f.a})
			}
		}
	}
	for _, r := range before.Rows {
		if !seen[r.ID] {
			out = append(out, Change{What: "Baris dihapus: " + r.Pengguna, Before: rowSummary(r)})
		}
	}
	return out
}

func pelatihanText(key string) string {
	kind, _, _ := strings.Cut(key, ":")
	switch kind {
	case request.PelatihanSertifikat:
		return "sertifikat (" + key + ")"
	case request.PelatihanBimtek:
		return "bimbingan teknis (" + key + ")"
	case request.PelatihanPeserta:
		return "peserta bimbingan teknis yang lulus (" + key + ")"
	}
	return key
}

func rowSummary(r request.Row) string {
	return fmt.Sprintf("%s, %s", request.Label(request.JenisDataOptions, r.JenisData), request.Label(request.MediaOptions, r.Media))
}

// MarkedKapasitas returns the rows whose operator's training evidence was marked "Belum Sesuai" in a return,
// with the note: the registrator may replace that evidence.
func MarkedKapasitas(js []Judgement) map[int64]string {
	out := map[int64]string{}
	for _, j := range js {
		if j.Verdict == BelumSesuai && j.Item.Type == ItemKapasitas {
			if id, err := strconv.ParseInt(j.Item.Key, 10, 64); err == nil {
				out[id] = j.Note
			}
		}
	}
	return out
}

// MarkedItems turns the "Belum Sesuai" judgements of a return into what the registrator may change:
// document kinds and row ids.
func MarkedItems(js []Judgement) (docs map[request.DocKind]string, rows map[int64]string) {
	docs, rows = map[request.DocKind]string{}, map[int64]string{}
	for _, j := range js {
		if j.Verdict != BelumSesuai {
			continue
		}
		switch j.Item.Type {
		case "dokumen":
			docs[request.DocKind(j.Item.Key)] = j.Note
		case "baris":
			id, err := strconv.ParseInt(j.Item.Key, 10, 64)
			if err == nil {
				if prev, ok := rows[id]; ok && prev != j.Note {
					rows[id] = prev + " " + j.Note
				} else {
					rows[id] = j.Note
				}
			}
		}
	}
	return docs, rows
}
