package server

import (
	"bytes"
	"errors"
	"io"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/kak"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
	pv "github.com/bappenas/portal-regsosek/templates/pages/permohonan"
)

// The registrator's Dokumen section of a permohonan: the list and the uploads.

func (s *Server) handleDokumenList(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok || s.notEditable(w, r, p) {
		return
	}
	notes, err := s.notesFor(r.Context(), p)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	docs := s.docViews(p, instansiOf(reg))
	applyNotes(notes, nil, docs)
	s.render(w, r, http.StatusOK, pv.Dokumen(pv.DokumenView{Page: s.page(r, "Dokumen Persyaratan"), Back: permohonanPath(p.ID, ""), Docs: docs,
		Agreements: agreementViews(p, nil)}))
}

var uploadableKinds = map[request.DocKind]bool{request.DocSuratPermohonan: true, request.DocKAK: true, request.DocSKOperator: true,
	request.DocSKForumSatuData: true, request.DocSuratPernyataan: true}

func (s *Server) handleDokumenUpload(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok || s.notEditable(w, r, p) {
		return
	}
	kind := request.DocKind(chi.URLParam(r, "kind"))
	if !uploadableKinds[kind] {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	if notes, err := s.notesFor(r.Context(), p); err != nil {
		s.renderError(w, r, err)
		return
	} else if _, marked := notes.docs[kind]; notes.active && !marked {
		s.sessions.Put(r.Context(), sessFlash, store.ErrNotInRevision.Error())
		http.Redirect(w, r, permohonanPath(p.ID, "/dokumen"), http.StatusSeeOther)
		return
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.renderError(w, r, err)
		return
	}
	defer r.MultipartForm.RemoveAll()
	file, header := formFile(r, "berkas-"+string(kind))
	var msg string
	if file == nil {
		msg = "Pilih berkas " + request.DocLabels[kind] + "."
	} else {
		defer file.Close()
		err := s.attachUpload(r, p.ID, reg.AkunID, kind, dokumen.Upload{Kind: dokumen.Dokumen, Name: header.Filename, R: file})
		var ue *dokumen.UploadError
		switch {
		case errors.As(err, &ue):
			msg = ue.Message
		case err != nil:
			s.renderError(w, r, err)
			return
		}
	}
	if msg != "" {
		docs := s.docViews(p, instansiOf(reg))
		for i := range docs {
			if docs[i].Kind == string(kind) {
				docs[i].Error = msg
			}
		}
		s.render(w, r, http.StatusUnprocessableEntity, pv.Dokumen(pv.DokumenView{Page: s.page(r, "Dokumen Persyaratan"),
			Back: permohonanPath(p.ID, ""), Docs: docs, Agreements: agreementViews(p, nil)}))
		return
	}
	s.sessions.Put(r.Context(), sessFlash, request.DocLabels[kind]+" diunggah.")
	http.Redirect(w, r, permohonanPath(p.ID, "/dokumen"), http.StatusSeeOther)
}

// attachUpload stores an upload as a permohonan's document. A KAK is read first against its six components
// (kak.Read: a PDF whose text cannot be read is recorded as such, never refused), and the reading is stored
// with the document in the same transaction.
func (s *Server) attachUpload(r *http.Request, id, akunID int64, kind request.DocKind, u dokumen.Upload) error {
	if kind != request.DocKAK {
		return s.store.AttachDocument(r.Context(), id, akunID, kind, u, s.actor(r), s.now())
	}
	// Read at most one byte past the limit, so the store still refuses a file that is too large.
	b, err := io.ReadAll(io.LimitReader(u.R, dokumen.RuleFor(u.Kind).MaxBytes+1))
	if err != nil {
		return err
	}
	var reading kak.Reading
	if bytes.HasPrefix(b, []byte("%PDF")) {
		reading = kak.Read(r.Context(), b)
	}
	u.R = bytes.NewReader(b)
	return s.store.AttachKAK(r.Context(), id, akunID, u, reading, s.actor(r), s.now())
}
