package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// The end of access (issue 13 item 5): the registrator uploads the Berita Acara Pemusnahan Data of the rows
// whose access ended; one signed document may cover several.

// ownUpload loads the registrator's permohonan of an upload form and parses the form (files spill to disk
// past 1 MiB); the caller removes them (r.MultipartForm.RemoveAll) when ok.
func (s *Server) ownUpload(w http.ResponseWriter, r *http.Request) (request.Permohonan, *account.Registrator, bool) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok {
		return p, reg, false
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.renderError(w, r, err)
		return p, reg, false
	}
	return p, reg, true
}

func (s *Server) handlePemusnahanUpload(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownUpload(w, r)
	if !ok {
		return
	}
	defer r.MultipartForm.RemoveAll()
	var ids []int64
	for _, v := range r.PostForm["pemusnahan"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	back := permohonanPath(p.ID, "") + "#pemusnahan"
	file, fh := formFile(r, "berkas")
	if file == nil {
		s.renderMessage(w, r, http.StatusUnprocessableEntity, "Berkas belum dipilih", "Pilih berkas Berita Acara Pemusnahan Data (PDF), lalu unggah kembali dari halaman permohonan.")
		return
	}
	defer file.Close()
	err := s.store.UploadPemusnahan(r.Context(), p.ID, reg.AkunID, ids, dokumen.Upload{Kind: dokumen.Dokumen, Name: fh.Filename, R: file}, s.actor(r), s.now())
	var ue *dokumen.UploadError
	switch {
	case errors.As(err, &ue):
		s.renderMessage(w, r, http.StatusUnprocessableEntity, "Berkas tidak dapat diterima", ue.Message)
		return
	case errors.Is(err, store.ErrPemusnahanNone):
		s.renderMessage(w, r, http.StatusUnprocessableEntity, "Pilih hak akses", err.Error())
		return
	case err != nil:
		s.reviewFail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Berita Acara Pemusnahan Data diunggah. Terima kasih.")
	http.Redirect(w, r, back, http.StatusSeeOther)
}
