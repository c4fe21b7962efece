package server

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/layout"
	"github.com/bappenas/portal-regsosek/templates/pages/public"
)

// View helpers shared by several areas: the paths of a permohonan's pages, the names of its wilayah, refusals
// shown as a page, and files sent to the browser.

// renderMessage renders the error page with a specific message.
func (s *Server) renderMessage(w http.ResponseWriter, r *http.Request, status int, heading, message string) {
	v := public.ErrorView{Page: layout.Page{Title: heading, Path: r.URL.Path, Env: s.cfg.Env}, Status: status,
		Heading: heading, Message: message, RequestID: requestIDFrom(r.Context())}
	s.render(w, r, status, public.Error(v))
}

// reviewFail maps the review errors: 403 for a rule about who may act, 409 for a state that moved on.
func (s *Server) reviewFail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, request.ErrFourEyes), errors.Is(err, request.ErrVerifierDecides):
		s.renderMessage(w, r, http.StatusForbidden, "Tidak dapat diproses", err.Error())
	case errors.Is(err, store.ErrForbidden):
		s.renderMessage(w, r, http.StatusForbidden, "Akses ditolak", "Peran Anda tidak berwenang melakukan tindakan ini pada permohonan ini.")
	case errors.Is(err, request.ErrClaimed):
		s.renderMessage(w, r, http.StatusConflict, "Sedang ditangani petugas lain", err.Error())
	case errors.Is(err, store.ErrConflict):
		s.renderMessage(w, r, http.StatusConflict, "Sudah diproses", alreadyProcessed)
	case validate.MessageOf(err) != "":
		// A guard of the move said no (the rekomendasi rule, …): its sentence, and nothing changed.
		s.renderMessage(w, r, http.StatusConflict, "Belum dapat diproses", validate.MessageOf(err))
	default:
		s.renderError(w, r, err)
	}
}

func permohonanPath(id int64, rest string) string {
	return "/permohonan/" + strconv.FormatInt(id, 10) + rest
}

func aksesPath(id int64, rest string) string {
	return "/petugas/akses/" + strconv.FormatInt(id, 10) + rest
}

// names resolves every wilayah a permohonan mentions, in one query. A cakupan of several areas (a K/L's
// provinces or kab/kota) is named area by area: "Jawa Barat; Jawa Tengah".
func (s *Server) names(ctx context.Context, p request.Permohonan) (func(string) string, error) {
	m, err := s.store.WilayahNames(ctx, wilayahCodes(p))
	if err != nil {
		return nil, err
	}
	return namer(m), nil
}

// wilayahCodes are the wilayah a permohonan names: its cakupan and its rows' users.
func wilayahCodes(p request.Permohonan) []string {
	codes := request.CakupanCodes(p.Header.Cakupan)
	for _, row := range p.Rows {
		if row.PenggunaWilayah != "" {
			codes = append(codes, row.PenggunaWilayah)
		}
	}
	return codes
}

// namer names a cakupan or wilayah code from the names read (store.WilayahNames); a code not found is shown
// as it is.
func namer(m map[string]string) func(string) string {
	return func(code string) string {
		var out []string
		for _, c := range request.CakupanCodes(code) {
			if n, ok := m[c]; ok {
				out = append(out, n)
			} else {
				out = append(out, c)
			}
		}
		return strings.Join(out, "; ")
	}
}

func instansiOf(reg *account.Registrator) request.Instansi {
	kat, _ := account.ParseKategori(reg.Kategori)
	return request.Instansi{Kategori: kat, Kode: reg.InstansiKode}
}

// tahap4On reports whether the permohonan has reached Tahap 4.
func tahap4On(st request.State) bool {
	switch st {
	case request.MenungguPKSNDA, request.PKSNDADiunggah, request.PenyiapanAkses, request.AksesDiberikan, request.Berakhir, request.Dicabut:
		return true
	}
	return false
}

func (s *Server) writePDF(w http.ResponseWriter, r *http.Request, name string, b []byte, err error) {
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(b)
}

// streamDocument sends a decrypted document as a download under name, after recording the view.
func (s *Server) streamDocument(w http.ResponseWriter, r *http.Request, actor account.Actor, doc dokumen.Document, name, owner string, ownerID int64) {
	ctx := r.Context()
	if doc.PurgedAt != nil {
		s.renderError(w, r, store.ErrDocumentPurged)
		return
	}
	if err := s.store.Audit(ctx, actor, store.AuditEntry{Action: "dokumen.lihat", ObjectType: "dokumen", ObjectID: doc.ID,
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

var stateLabels = map[string]string{
	"menunggu_verifikasi": "Menunggu Verifikasi", "disetujui": "Disetujui — menunggu aktivasi OTP",
	"aktif": "Aktif", "ditolak": "Ditolak", "diganti": "Diganti",
}
