package server

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/percakapan"
	view "github.com/bappenas/portal-regsosek/templates/pages/layanan"
)

// Fasilitasi Bimbingan Teknis (pedoman §IV): the registrator fills the request (bimtek_form.go), downloads the
// prefilled lampiran 7 and 8, uploads them signed and submits (bimtek_dokumen.go); the pengelola layanan
// schedules, marks done or declines (bimtek_petugas.go). This file holds what both sides show.

func bimtekPath(id int64, suffix string) string {
	return "/akun/bimtek/" + strconv.FormatInt(id, 10) + suffix
}

func bimtekStaffPath(id int64, suffix string) string {
	return "/petugas/bimtek/" + strconv.FormatInt(id, 10) + suffix
}

func bimtekStatusClass(state layanan.BimtekState) string {
	return map[layanan.BimtekState]string{layanan.BimtekDraf: "tag-grey", layanan.BimtekDiajukan: "tag-blue",
		layanan.BimtekDijadwalkan: "tag-purple", layanan.BimtekSelesai: "tag-green", layanan.BimtekDitolak: "tag-red"}[state]
}

// bimtekFields summarises a request for its pages.
func bimtekFields(b layanan.Bimtek, staff bool) []view.Field {
	d := b.Data
	f := []view.Field{{Label: "Jenis Bimbingan Teknis", Value: d.Jenis(), TestID: "jenis"}}
	if staff {
		f = append([]view.Field{{Label: "Pemohon", Value: b.InstansiNama}, {Label: "Registrator", Value: b.RegistratorNama}}, f...)
	}
	if d.Pelatihan {
		f = append(f, view.Field{Label: "Versi Pelatihan", Value: d.Versi.Description()},
			view.Field{Label: "Kelas", Value: layanan.ClassesText(d.PesertaPK, d.PesertaDK), TestID: "kelas-rinci"})
	}
	if d.Konsultasi {
		f = append(f, view.Field{Label: "Topik Konsultasi", Value: d.TopikKonsultasi})
	}
	f = append(f, view.Field{Label: "Mode Pelaksanaan", Value: d.Mode.Label()},
		view.Field{Label: "Usulan Waktu", Value: indo.DateRange(d.UsulanMulai, d.UsulanSelesai)})
	if d.Catatan != "" {
		f = append(f, view.Field{Label: "Catatan", Value: d.Catatan})
	}
	n := d.Narahubung
	f = append(f, view.Field{Label: "Narahubung", Value: n.Nama + " — " + n.Jabatan + "\nNIP " + n.NIP + "\n" + n.Email + " · " + n.Phone})
	if b.SubmittedAt != nil {
		f = append(f, view.Field{Label: "Diajukan", Value: indo.DateTime(*b.SubmittedAt)})
	}
	return f
}

func jadwalFields(j *layanan.Jadwal) []view.Field {
	if j == nil {
		return nil
	}
	f := []view.Field{{Label: "Tanggal", Value: indo.DateRange(j.Mulai, j.Selesai), TestID: "jadwal-tanggal"},
		{Label: "Mode", Value: j.Mode.Label()}}
	if j.Tempat != "" {
		f = append(f, view.Field{Label: "Tempat", Value: j.Tempat, TestID: "jadwal-tempat"})
	}
	if j.Tautan != "" {
		f = append(f, view.Field{Label: "Tautan Rapat", Value: j.Tautan, TestID: "jadwal-tautan"})
	}
	if j.Catatan != "" {
		f = append(f, view.Field{Label: "Catatan", Value: j.Catatan})
	}
	return f
}

// bimtekSlot is how the pages name one of a request's documents; which ones a request needs is
// layanan's rule (BimtekData.RequiredSlots), in that order.
type bimtekSlot struct {
	label, hint   string
	template      string
	templateLabel string
}

var bimtekSlots = map[layanan.BimtekSlot]bimtekSlot{
	layanan.BimtekSurat: {"Surat Permohonan Fasilitasi Bimbingan Teknis", "PDF, maksimal 10 MB, ditandatangani pejabat yang berwenang.",
		"lampiran-7.pdf", "Templat Surat Permohonan Fasilitasi Bimbingan Teknis (Lampiran 7)"},
	layanan.BimtekKAK: {"KAK Pelatihan", "Kerangka Acuan Kegiatan pelatihan, PDF, maksimal 10 MB.",
		"lampiran-8.pdf", "Templat KAK Pelatihan Pemanfaatan Data Regsosek (Lampiran 8)"},
}

// bimtekDocLinks lists the uploaded documents, in the order of the slots.
func bimtekDocLinks(b layanan.Bimtek, href func(slot string) string) []view.Link {
	var out []view.Link
	for _, slot := range []layanan.BimtekSlot{layanan.BimtekSurat, layanan.BimtekKAK} {
		if b.DocumentID(slot) != 0 {
			out = append(out, view.Link{Label: bimtekSlots[slot].label, Href: href(string(slot))})
		}
	}
	return out
}

func (s *Server) handleBimtekShow(w http.ResponseWriter, r *http.Request) {
	b, ok := s.ownBimtek(w, r)
	if !ok {
		return
	}
	v := view.BimtekDetailView{Page: s.page(r, "Fasilitasi Bimbingan Teknis"), Reference: b.Reference,
		Status: b.State.Label(), StatusClass: bimtekStatusClass(b.State),
		Draft:        slices.Contains(layanan.BimtekActions(b, account.RoleRegistrator), layanan.EventAjukan),
		ContinueHref: bimtekPath(b.ID, "/dokumen"), Fields: bimtekFields(b, false), Jadwal: jadwalFields(b.Jadwal),
		RejectReason: b.RejectReason, Docs: bimtekDocLinks(b, func(slot string) string { return bimtekPath(b.ID, "/berkas/"+slot) })}
	peserta, err := s.store.ListPeserta(r.Context(), b.ID) // the outcomes of a Pelatihan, bimtek_peserta.go
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v.Peserta = pesertaRows(peserta, func(id string) string { return bimtekPath(b.ID, "/peserta/"+id+"/sertifikat.pdf") }, nil)
	if b.State != layanan.BimtekDraf {
		if v.Percakapan, err = s.threadLink(r, percakapan.Bimtek, b.ID); err != nil { // percakapan.go
			s.renderError(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, view.BimtekDetail(v))
}

// serveBimtekFile sends one of a request's documents, named by the {slot} of the URL.
func (s *Server) serveBimtekFile(w http.ResponseWriter, r *http.Request, b layanan.Bimtek) {
	id := b.DocumentID(layanan.BimtekSlot(chi.URLParam(r, "slot")))
	if id == 0 {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	doc, err := s.store.FindDocument(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.streamDocument(w, r, s.actor(r), doc, doc.OriginalName, "bimtek", b.ID)
}

// jakartaToday is today's date in Jakarta, at midnight UTC, as the rules compare dates.
func (s *Server) jakartaToday() time.Time {
	t := s.now().In(indo.Jakarta)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
