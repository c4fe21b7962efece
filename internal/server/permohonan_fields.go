package server

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	pv "github.com/bappenas/portal-regsosek/templates/pages/permohonan"
)

// What the pages of a permohonan show, for the registrator and for the staff who review it: its header, rows,
// documents and timeline.

// rowViews renders rows for the tables, with each row's first problem when the permohonan is editable.
func rowViews(p request.Permohonan, inst request.Instansi, names func(string) string, withProblems bool) []pv.RowView {
	dups := request.DuplicateRows(p.Rows)
	out := make([]pv.RowView, len(p.Rows))
	for i, row := range p.Rows {
		pengguna := row.Pengguna
		if row.PenggunaJenis == request.PenggunaDesa && row.PenggunaWilayah != "" {
			pengguna += " (" + names(row.PenggunaWilayah) + ")"
		}
		v := pv.RowView{ID: strconv.FormatInt(row.ID, 10), JenisData: request.Label(request.JenisDataOptions, row.JenisData),
			Media: request.Label(request.MediaOptions, row.Media), Pengguna: pengguna, Tujuan: row.Tujuan,
			Operator: row.OperatorNama, NIP: row.OperatorNIP, Email: row.OperatorEmail, IsNew: row.IsNew,
			EditHref:   permohonanPath(p.ID, "/kebutuhan/"+strconv.FormatInt(row.ID, 10)),
			DeleteHref: permohonanPath(p.ID, "/kebutuhan/"+strconv.FormatInt(row.ID, 10)+"/hapus")}
		if row.JenisData == request.BNBA && row.TujuanBNBA != "" {
			v.TujuanBNBA = "Tujuan sah: " + request.Label(request.TujuanBNBAOptions, row.TujuanBNBA)
		}
		if withProblems && row.IsNew {
			if _, errs := request.ValidateRow(inst, p.Header.Cakupan, row); errs.Any() {
				v.Problem = "Belum lengkap: " + errs.All()[0].Message
			} else if msg, ok := dups[row.ID]; ok {
				v.Problem = msg
			}
		}
		out[i] = v
	}
	return out
}

func (s *Server) docViews(p request.Permohonan, inst request.Instansi) []pv.DocView {
	var out []pv.DocView
	templates := map[request.DocKind]string{request.DocSuratPermohonan: "surat-permohonan", request.DocKAK: "kak"}
	for _, req := range request.RequiredDocuments(inst, p.Rows) {
		v := pv.DocView{Kind: string(req.Kind), Label: req.Label, Why: req.Why, Optional: req.Optional,
			UploadAction: permohonanPath(p.ID, "/dokumen/"+string(req.Kind))}
		if t, ok := templates[req.Kind]; ok {
			v.TemplateHref = permohonanPath(p.ID, "/templat/"+t+".pdf")
		}
		if d, ok := p.Docs[req.Kind]; ok {
			v.Present, v.Name, v.Href = true, d.OriginalName, "/dokumen/"+strconv.FormatInt(d.ID, 10)
		}
		out = append(out, v)
	}
	// Documents uploaded earlier that the rows no longer require stay listed, so nothing disappears unseen.
	for kind, d := range p.Docs {
		found := false
		for _, v := range out {
			found = found || v.Kind == string(kind)
		}
		if !found {
			out = append(out, pv.DocView{Kind: string(kind), Label: request.DocLabels[kind], Why: "Tidak diperlukan lagi oleh isian saat ini.",
				Optional: true, Present: true, Name: d.OriginalName, Href: "/dokumen/" + strconv.FormatInt(d.ID, 10),
				UploadAction: permohonanPath(p.ID, "/dokumen/"+string(kind))})
		}
	}
	return out
}

func headerFields(p request.Permohonan, names func(string) string) []pv.Field {
	role := "Walidata"
	if p.Kategori != string(account.KategoriPusat) {
		role = "Koordinator Forum Satu Data Daerah"
	}
	f := []pv.Field{
		{Label: "Pemohon", Value: p.InstansiNama},
		{Label: "Cakupan wilayah", Value: names(p.Header.Cakupan)},
		{Label: "Narahubung (" + role + ")", Value: strings.TrimSpace(p.Header.NarahubungNama + " — " + p.Header.NarahubungJabatan)},
		{Label: "NIP", Value: p.Header.NarahubungNIP},
		{Label: "Email", Value: p.Header.NarahubungEmail},
		{Label: "No HP", Value: p.Header.NarahubungPhone},
	}
	if p.Kategori != string(account.KategoriPusat) {
		f = append(f, pv.Field{Label: "Forum Satu Data", Value: map[string]string{"ya": "Sudah ada", "tidak": "Belum ada", "": "-"}[p.Header.ForumSatuData]})
	}
	return f
}

func tierLabel(t int) string {
	if t == 0 {
		return "-"
	}
	return "Tingkat " + strconv.Itoa(t) + " (" + map[int]string{2: "Agregat Terpilah", 3: "Mikro", 4: "BNBA"}[t] + ")"
}

var eventLabels = map[string]string{
	"buat": "Draf permohonan dibuat", "buat_perubahan": "Draf perubahan permohonan dibuat", "ajukan": "Permohonan diajukan",
	"ajukan_perbaikan": "Perbaikan diajukan", "tarik": "Permohonan ditarik",
	// Tahap 2–3.
	"verifikasi_teknis": "Terverifikasi: dokumen dan data sesuai", "kembalikan_teknis": "Data Belum Sesuai: dikembalikan untuk perbaikan",
	"verifikasi_substansi": "Diteruskan kepada produsen data untuk keputusan",
	"kembalikan_substansi": "Dikembalikan untuk perbaikan oleh verifikator substansi",
	"minta_rekomendasi":    "Rekomendasi diminta kepada direktur pengampu", "rekomendasi": "Rekomendasi direktur pengampu diberikan",
	"setujui": "Permohonan diputuskan: disetujui", "tolak": "Permohonan ditolak",
}

func (s *Server) timeline(ctx context.Context, id int64) ([]pv.Event, error) {
	list, err := s.store.Timeline(ctx, id)
	if err != nil {
		return nil, err
	}
	out := make([]pv.Event, len(list))
	for i, e := range list {
		n, tahap := e.ToState.Tahap()
		what := eventLabels[e.Event]
		if what == "" {
			what = aksesEventLabels[e.Event] // Tahap 4–6, akses_view.go
		}
		if what == "" {
			what = barisEventLabels[e.Event] // access over time, akses_baris_view.go
		}
		if what == "" {
			what = e.ToState.Label()
		}
		out[i] = pv.Event{When: indo.DateTime(e.At), Tahap: fmt.Sprintf("Tahap %d %s", n, tahap), What: what,
			Who: account.Role(e.ActorRole).Label(), Note: e.Note}
	}
	return out, nil
}
