package server

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
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
	s.render(w, r, http.StatusOK, pv.Dokumen(pv.DokumenView{Page: s.page(r, "Dokumen Persyaratan"), Back: permohonanPath(p.ID, ""),
		Action: permohonanPath(p.ID, "/dokumen"), Docs: docs, Agreements: agreementViews(p, nil)}))
}

var uploadableKinds = map[request.DocKind]bool{request.DocSuratPermohonan: true, request.DocKAK: true, request.DocSKOperator: true,
	request.DocSKForumSatuData: true, request.DocSuratPernyataan: true}

// handleDokumenUploadAll receives the Dokumen page, one form with a file input per document: every file
// chosen is stored, whichever "Unggah" was pressed (issue 15: choosing files for several documents used to
// keep one and drop the others without a word).
func (s *Server) handleDokumenUploadAll(w http.ResponseWriter, r *http.Request) {
	var kinds []request.DocKind
	for k := range uploadableKinds {
		kinds = append(kinds, k)
	}
	s.uploadDocuments(w, r, kinds)
}

// handleDokumenUpload receives one document's form (the address of a single upload, kept for links and
// scripts that post to it).
func (s *Server) handleDokumenUpload(w http.ResponseWriter, r *http.Request) {
	kind := request.DocKind(chi.URLParam(r, "kind"))
	if !uploadableKinds[kind] {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	s.uploadDocuments(w, r, []request.DocKind{kind})
}

// uploadDocuments stores every file chosen among kinds, each in its own transaction. A refused file is named
// beside its input, with the others stored; a file over its limit answers 413 with the limit beside it.
func (s *Server) uploadDocuments(w http.ResponseWriter, r *http.Request, kinds []request.DocKind) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok || s.notEditable(w, r, p) {
		return
	}
	notes, err := s.notesFor(r.Context(), p)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	rule := dokumen.RuleFor(dokumen.Dokumen)
	limits := map[string]int64{}
	for _, k := range kinds {
		limits["berkas-"+string(k)] = rule.MaxBytes
	}
	form, err := s.readUpload(r, limits)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	defer form.Close()
	errs, status := map[request.DocKind]string{}, http.StatusUnprocessableEntity
	var stored []string
	outsideRevision := false
	for _, kind := range kinds {
		field := "berkas-" + string(kind)
		if sent, over := form.tooLarge[field]; over {
			errs[kind], status = tooLargeMessage(request.DocLabels[kind], sent, rule), http.StatusRequestEntityTooLarge
			continue
		}
		f := form.file(field)
		if f == nil {
			continue
		}
		if _, marked := notes.docs[kind]; notes.active && !marked {
			// Its input is not offered in revision: only a stale or crafted form sends it. Nothing changes.
			outsideRevision = true
			continue
		}
		err := s.attachUpload(r, p.ID, reg.AkunID, kind, dokumen.Upload{Kind: dokumen.Dokumen, Name: f.Name, R: f.Reader()})
		var ue *dokumen.UploadError
		switch {
		case errors.As(err, &ue):
			errs[kind] = ue.Message
		case err != nil:
			s.renderError(w, r, err)
			return
		default:
			stored = append(stored, request.DocLabels[kind])
		}
	}
	if outsideRevision && len(errs) == 0 {
		s.sessions.Put(r.Context(), sessFlash, store.ErrNotInRevision.Error())
		http.Redirect(w, r, permohonanPath(p.ID, "/dokumen"), http.StatusSeeOther)
		return
	}
	if len(stored) == 0 && len(errs) == 0 && len(kinds) == 1 {
		errs[kinds[0]] = "Pilih berkas " + request.DocLabels[kinds[0]] + "."
	}
	if len(stored) == 0 && len(errs) == 0 {
		s.sessions.Put(r.Context(), sessFlash, "Belum ada berkas yang dipilih. Pilih berkas pada dokumen yang akan diunggah, lalu tekan Unggah.")
		http.Redirect(w, r, permohonanPath(p.ID, "/dokumen"), http.StatusSeeOther)
		return
	}
	if len(errs) > 0 {
		s.dokumenAgain(w, r, p, reg, notes, errs, stored, status)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, strings.Join(stored, ", ")+" diunggah.")
	http.Redirect(w, r, permohonanPath(p.ID, "/dokumen"), http.StatusSeeOther)
}

// dokumenAgain shows the Dokumen page again after an upload with refusals: each beside its document, what
// was stored said at the top.
func (s *Server) dokumenAgain(w http.ResponseWriter, r *http.Request, p request.Permohonan, reg *account.Registrator,
	notes revisionNotes, errs map[request.DocKind]string, stored []string, status int) {
	fresh, err := s.store.FindPermohonan(r.Context(), p.ID, reg.AkunID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	docs := s.docViews(fresh, instansiOf(reg))
	applyNotes(notes, nil, docs)
	for i := range docs {
		docs[i].Error = errs[request.DocKind(docs[i].Kind)]
	}
	page := s.page(r, "Dokumen Persyaratan")
	if len(stored) > 0 {
		page.Flash = strings.Join(stored, ", ") + " diunggah. Berkas lain belum tersimpan: lihat pesan di bawah."
	}
	s.render(w, r, status, pv.Dokumen(pv.DokumenView{Page: page, Back: permohonanPath(p.ID, ""), Action: permohonanPath(p.ID, "/dokumen"),
		Docs: docs, Agreements: agreementViews(fresh, nil)}))
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
