package server

import (
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/a-h/templ"

	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/store"
	view "github.com/bappenas/portal-regsosek/templates/pages/layanan"
)

// What the two other services (Fasilitasi Bimbingan Teknis and Pengaduan dan Pelaporan) share: the date rules
// compare, the download of their documents, and their section on the akun page.

// jakartaToday is today's date in Jakarta, at midnight UTC, as the rules compare dates.
func (s *Server) jakartaToday() time.Time {
	t := s.now().In(indo.Jakarta)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// streamDocument sends a decrypted document as a download under name, after recording the view.
func (s *Server) streamDocument(w http.ResponseWriter, r *http.Request, doc dokumen.Document, name, owner string, ownerID int64) {
	ctx := r.Context()
	if err := s.store.Audit(ctx, s.actor(r), store.AuditEntry{Action: "dokumen.lihat", ObjectType: "dokumen", ObjectID: doc.ID,
		Detail: map[string]any{"jenis": string(doc.Kind), owner + "_id": ownerID}}); err != nil {
		s.renderError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", doc.ContentType)
	h.Set("Content-Length", strconv.FormatInt(doc.Size, 10))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	if err := s.store.WriteDocument(ctx, doc.ID, w); err != nil {
		s.log.Error("document stream failed", "request_id", requestIDFrom(ctx), "document_id", doc.ID, "err", err)
	}
}

// akunLayanan is the akun page's section on the two services.
func (s *Server) akunLayanan(r *http.Request, akunID int64) (templ.Component, error) {
	list, err := s.store.ListBimtekOfAkun(r.Context(), akunID)
	if err != nil {
		return nil, err
	}
	var v view.AkunLayananView
	for _, b := range list {
		ref := b.Reference
		if ref == "" {
			ref = "Draf"
		}
		row := view.BimtekRow{Href: bimtekPath(b.ID, ""), Reference: ref, Jenis: b.Data.Jenis(),
			Status: b.State.Label(), StatusClass: bimtekStatusClass(b.State),
			Tanggal: indo.DateRange(b.Data.UsulanMulai, b.Data.UsulanSelesai)}
		if b.Jadwal != nil {
			row.Tanggal = indo.DateRange(b.Jadwal.Mulai, b.Jadwal.Selesai)
		}
		v.Bimtek = append(v.Bimtek, row)
	}
	reports, err := s.store.ListPengaduanOfAkun(r.Context(), akunID)
	if err != nil {
		return nil, err
	}
	for _, p := range reports {
		v.Pengaduan = append(v.Pengaduan, view.PengaduanRow{Href: "/akun/pengaduan/" + strconv.FormatInt(p.ID, 10), Reference: p.Reference,
			Judul: p.Judul, Status: p.State.Label(), StatusClass: pengaduanStatusClass(p.State), Created: indo.DateTime(p.CreatedAt)})
	}
	return view.AkunLayanan(v), nil
}
