package server

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/kak"
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
		v.Periode = row.PeriodeText()
		if request.NeedsPelatihan(row) {
			v.Kapasitas = kapasitasText(p.Pelatihan[row.ID])
			v.KapasitasHref = permohonanPath(p.ID, "/kebutuhan/"+strconv.FormatInt(row.ID, 10)+"/kapasitas")
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

// kapasitasText says what training evidence a Sepakat operator has on file.
func kapasitasText(e request.Pelatihan) string {
	switch {
	case e.Document != nil:
		return "sertifikat lulus pelatihan Sepakat (" + e.Document.OriginalName + ")"
	case e.Bimtek != nil:
		return "Bimbingan Teknis " + e.Bimtek.Reference + " selesai (" + indo.DateRange(e.Bimtek.Mulai, e.Bimtek.Selesai) + ")"
	case e.Peserta != nil:
		return pesertaRefText(*e.Peserta) // bimtek_peserta.go
	}
	return "bukti lulus pelatihan Sepakat belum ada"
}

// lampiranRefs are the reference pages the pedoman points the pemohon to while writing the KAK (bab III).
var lampiranRefs = []pv.Link{
	{Label: "Lampiran 2: Prioritas Nasional yang dapat didukung Data Regsosek", Href: "/referensi/lampiran-2"},
	{Label: "Lampiran 3: Program K/L yang dapat didukung Data Regsosek", Href: "/referensi/lampiran-3"},
}

// kakView turns what was read in the KAK into the six components, each found or not.
func kakView(b *request.KAKBacaan) *pv.KakView {
	if b == nil {
		return nil
	}
	v := &pv.KakView{Terbaca: b.Terbaca,
		Unreadable: "Teks KAK tidak dapat dibaca otomatis (kemungkinan hasil pindaian gambar). Ini bukan penolakan: komponen KAK diperiksa oleh verifikator teknis."}
	for _, c := range kak.Components {
		v.Komponen = append(v.Komponen, pv.KakItem{Key: c.Key, Label: c.Label, Found: slices.Contains(b.Komponen, c.Key)})
	}
	return v
}

func (s *Server) docViews(p request.Permohonan, inst request.Instansi) []pv.DocView {
	var out []pv.DocView
	templates := map[request.DocKind]string{request.DocSuratPermohonan: "surat-permohonan", request.DocKAK: "kak"}
	for _, req := range request.RequiredDocuments(inst, p.Header, p.Rows) {
		v := pv.DocView{Kind: string(req.Kind), Label: req.Label, Why: req.Why, Optional: req.Optional}
		if t, ok := templates[req.Kind]; ok {
			v.TemplateHref = permohonanPath(p.ID, "/templat/"+t+".pdf")
		}
		if d, ok := p.Docs[req.Kind]; ok {
			v.Present, v.Name, v.Href = true, d.OriginalName, "/dokumen/"+strconv.FormatInt(d.ID, 10)
		}
		if req.Kind == request.DocKAK {
			v.Refs = lampiranRefs
			if v.Present {
				v.Kak = kakView(p.KAKBacaan)
			}
		}
		out = append(out, v)
	}
	// Documents uploaded earlier that the rows no longer require stay listed, so nothing disappears unseen.
	// The agreements of Tahap 4 are the PKS dan NDA section's.
	for kind, d := range p.Docs {
		if isAgreementDoc(kind) && kind != request.DocSKForumSatuData {
			continue
		}
		found := false
		for _, v := range out {
			found = found || v.Kind == string(kind)
		}
		if !found {
			out = append(out, pv.DocView{Kind: string(kind), Label: request.DocLabels[kind], Why: "Tidak diperlukan lagi oleh isian saat ini.",
				Optional: true, Present: true, Name: d.OriginalName, Href: "/dokumen/" + strconv.FormatInt(d.ID, 10)})
		}
	}
	return out
}

// agreementViews are the PKS and NDA Tahap 4 asks for: from the rows as approved once decided (approved is
// then non-nil), from the rows as requested before.
func agreementViews(p request.Permohonan, approved []request.ApprovedRow) []pv.DocView {
	rows := approved
	if rows == nil {
		rows = request.AsRequested(p.Rows)
	}
	var out []pv.DocView
	for _, a := range request.Agreements(rows) {
		out = append(out, pv.DocView{Kind: string(a.Kind), Label: a.Label, Why: a.Why})
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
	"minta_rekomendasi_keputusan": "Rekomendasi diminta kepada direktur pengampu oleh produsen data",
	"setujui":                     "Permohonan diputuskan: disetujui", "tolak": "Permohonan ditolak",
}

// timeline is a permohonan's timeline for staff (every entry, internal notes included) or, forPemohon, as the
// registrator may read it (request.ForPemohon: no internal steps, no internal notes).
func (s *Server) timeline(ctx context.Context, id int64, forPemohon bool) ([]pv.Event, error) {
	list, err := s.store.Timeline(ctx, id)
	if err != nil {
		return nil, err
	}
	return timelineViews(list, forPemohon), nil
}

// timelineViews shows a permohonan's events; forPemohon keeps what the registrator may see (request.ForPemohon).
func timelineViews(list []request.TimelineEntry, forPemohon bool) []pv.Event {
	out := make([]pv.Event, 0, len(list))
	for _, e := range list {
		if forPemohon {
			var ok bool
			if e, ok = request.ForPemohon(e); !ok {
				continue
			}
		}
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
		ev := pv.Event{When: indo.DateTime(e.At), Tahap: fmt.Sprintf("Tahap %d %s", n, tahap), What: what,
			Who: account.Role(e.ActorRole).Label(), Note: e.Note, Internal: e.InternalNote}
		out = append(out, ev)
	}
	return out
}

// agreementsOf lists the agreements of p: from its approved rows once decided, from its rows as requested
// before, and none once refused or withdrawn.
func (s *Server) agreementsOf(ctx context.Context, p request.Permohonan, decided bool) ([]pv.DocView, error) {
	switch {
	case p.State == request.Ditolak || p.State == request.Ditarik || tahap4On(p.State):
		// Refused, withdrawn, or in Tahap 4 already, where the PKS dan NDA section lists them.
		return nil, nil
	case !decided:
		return agreementViews(p, nil), nil
	}
	approved, err := s.store.ApprovedRows(ctx, p.ID)
	if err != nil || len(approved) == 0 {
		return nil, err
	}
	return agreementViews(p, approved), nil
}
