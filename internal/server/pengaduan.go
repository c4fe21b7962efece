package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/templates/components"
	view "github.com/bappenas/portal-regsosek/templates/pages/layanan"
)

// Pengaduan dan Pelaporan (pedoman §VI): a public form with captcha and a per-IP limit; the reporter gets a
// tracking code (160 random bits, stored only as an HMAC) and follows the answers on a status page opened
// with it. The status page is bound to the browser's session after the code is typed, so the code never
// travels in a URL. The reporter's pages are in pengaduan_kirim.go and pengaduan_status.go, the staff's in
// pengaduan_staff.go; this file holds what both show.

// Session keys of the reporter's side.
const (
	sessPengaduan        = "pengaduan_id"    // the report this browser may follow
	sessPengaduanKode    = "pengaduan_kode"  // the tracking code, shown once on the confirmation page
	sessPengaduanRef     = "pengaduan_ref"   // the reference of the report just sent
	sessPengaduanEmailed = "pengaduan_email" // whether the code was also emailed
)

// Limits per IP per hour: reports (an office behind one address may send several), and look-ups of codes.
const (
	pengaduanLimit = 20
	lacakLimit     = 60
)

// trackingNotFound is the one answer to a code that is wrong, malformed or empty.
const trackingNotFound = "Kode pelacakan tidak ditemukan. Periksa kembali kode yang Anda terima, termasuk huruf dan angkanya."

func pengaduanStatusClass(state layanan.PengaduanState) string {
	return map[layanan.PengaduanState]string{layanan.PengaduanBaru: "tag-blue", layanan.PengaduanMenungguInformasi: "tag-yellow",
		layanan.PengaduanDijawab: "tag-green", layanan.PengaduanDitutup: "tag-grey"}[state]
}

func kategoriOptions() []components.Option {
	var out []components.Option
	for _, k := range layanan.Kategories {
		out = append(out, components.Option{Value: string(k), Label: k.Label()})
	}
	return out
}

func pengaduanFields(p layanan.Pengaduan) []view.Field {
	f := []view.Field{{Label: "Judul Laporan", Value: p.Judul, TestID: "judul"}, {Label: "Kategori Laporan", Value: p.Kategori.Label()},
		{Label: "Lokasi", Value: p.Lokasi}, {Label: "Isi Laporan", Value: p.Isi, TestID: "isi"},
		{Label: "Dikirim", Value: indo.DateTime(p.CreatedAt)}}
	var opts []string
	if p.Anonim {
		opts = append(opts, "Anonim")
	}
	if p.Rahasia {
		opts = append(opts, "Rahasia")
	}
	if len(opts) > 0 {
		f = append(f, view.Field{Label: "Pilihan", Value: strings.Join(opts, ", ")})
	}
	return f
}

var pesanLabels = map[string]string{"jawaban": "Jawaban", "permintaan_informasi": "Permintaan informasi tambahan",
	"tanggapan": "Tanggapan pelapor", "penutupan": "Laporan ditutup"}

// pengaduanThread lists the conversation. Staff names are shown to staff only; the reporter is never named.
func pengaduanThread(p layanan.Pengaduan, staff bool, file func(layanan.PengaduanLampiran) view.Link) []view.Message {
	var out []view.Message
	for _, m := range p.Pesan {
		who := "Pelapor"
		if m.Jenis != "tanggapan" {
			who = "Pengelola Layanan"
			if staff && m.StaffNama != "" {
				who = m.StaffNama
			}
		}
		msg := view.Message{Who: who, When: indo.DateTime(m.CreatedAt), Kind: pesanLabels[m.Jenis], Text: m.Isi}
		for _, l := range m.Lampiran {
			msg.Files = append(msg.Files, file(l))
		}
		out = append(out, msg)
	}
	return out
}

// servePengaduanFile serves an attachment of report pengaduanID, to staff or to its reporter. An Anonim
// reporter's attachment is named neutrally for staff (its file name may carry the reporter's name), and the
// reporter's own download is recorded without their account or IP, as everything else they do is.
func (s *Server) servePengaduanFile(w http.ResponseWriter, r *http.Request, pengaduanID, docID int64, staff bool) {
	owner, anonim, err := s.store.PengaduanOfDocument(r.Context(), docID)
	if err != nil || owner != pengaduanID {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	neutralName, actor := staff && anonim, s.actor(r)
	if !staff && anonim {
		actor = account.Actor{Kind: account.ActorPublik}
	}
	doc, err := s.store.FindDocument(r.Context(), docID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	name := doc.OriginalName
	if neutralName {
		name = neutralFilename(pengaduanID, doc)
	}
	s.streamDocument(w, r, actor, doc, name, "pengaduan", pengaduanID)
}

// neutralFilename names an Anonim reporter's attachment for staff without the name it was uploaded
// under, which may carry the reporter's name.
func neutralFilename(pengaduanID int64, doc dokumen.Document) string {
	ext := map[string]string{dokumen.TypePDF: ".pdf", dokumen.TypeJPEG: ".jpg", dokumen.TypePNG: ".png"}[doc.ContentType]
	return "lampiran-" + strconv.FormatInt(pengaduanID, 10) + "-" + strconv.FormatInt(doc.ID, 10) + ext
}
