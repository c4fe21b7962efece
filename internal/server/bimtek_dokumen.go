package server

import (
	"errors"
	"mime"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/surat"
	"github.com/bappenas/portal-regsosek/internal/validate"
	view "github.com/bappenas/portal-regsosek/templates/pages/layanan"
)

// The registrator's documents page: the prefilled templates (lampiran 7 and 8), the uploads, and "Ajukan
// Permohonan", which submits the request.

func (s *Server) bimtekDokumenView(r *http.Request, b layanan.Bimtek, errs validate.Errors) (view.BimtekDokumenView, error) {
	v := view.BimtekDokumenView{Page: s.page(r, "Dokumen Fasilitasi Bimbingan Teknis"), Action: bimtekPath(b.ID, "/dokumen"),
		EditHref: bimtekPath(b.ID, "/ubah"), Fields: bimtekFields(b, false), Errors: errs}
	if b.Data.Pelatihan {
		v.Classes = layanan.ClassesText(b.Data.PesertaPK, b.Data.PesertaDK)
	}
	for _, slot := range b.Data.RequiredSlots() {
		sl := bimtekSlots[slot]
		d := view.DocSlot{Name: string(slot), Label: sl.label, Hint: sl.hint, TemplateHref: bimtekPath(b.ID, "/"+sl.template),
			TemplateLabel: sl.templateLabel, Error: errs.Get(string(slot))}
		if id := b.DocumentID(slot); id != 0 {
			meta, err := s.store.FindDocument(r.Context(), id)
			if err != nil {
				return v, err
			}
			d.Current = meta.OriginalName
		}
		v.Docs = append(v.Docs, d)
	}
	return v, nil
}

func (s *Server) renderBimtekDokumen(w http.ResponseWriter, r *http.Request, status int, b layanan.Bimtek, errs validate.Errors) {
	v, err := s.bimtekDokumenView(r, b, errs)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, view.BimtekDokumen(v))
}

func (s *Server) handleBimtekDokumenForm(w http.ResponseWriter, r *http.Request) {
	b, ok := s.ownBimtek(w, r)
	if !ok || !s.draftOnly(w, r, b) {
		return
	}
	s.renderBimtekDokumen(w, r, http.StatusOK, b, validate.Errors{})
}

// handleBimtekDokumen stores the uploaded documents, each on its own so a refused file does not cost the
// good one, then with "Ajukan Permohonan" submits the request.
func (s *Server) handleBimtekDokumen(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.renderError(w, r, err)
		return
	}
	defer r.MultipartForm.RemoveAll()
	b, ok := s.ownBimtek(w, r)
	if !ok || !s.draftOnly(w, r, b) {
		return
	}
	errs, err := s.saveBimtekUploads(r, b)
	if err == nil {
		b, err = s.store.FindBimtekForAkun(ctx, b.ID, b.AkunID)
	}
	switch {
	case errors.Is(err, store.ErrConflict):
		s.submitted(w, r, b.ID)
		return
	case err != nil:
		s.renderError(w, r, err)
		return
	}
	submit := r.PostFormValue("aksi") == "ajukan"
	if submit {
		for _, slot := range b.MissingDocuments() {
			if errs.Get(string(slot)) == "" {
				errs.Add(string(slot), "Unggah "+bimtekSlots[slot].label+".")
			}
		}
	}
	if errs.Any() {
		s.renderBimtekDokumen(w, r, http.StatusUnprocessableEntity, b, errs)
		return
	}
	if !submit {
		s.sessions.Put(ctx, sessFlash, "Dokumen tersimpan. Klik “Ajukan Permohonan” bila dokumen sudah lengkap.")
		http.Redirect(w, r, bimtekPath(b.ID, "/dokumen"), http.StatusSeeOther)
		return
	}
	s.submitBimtek(w, r, b)
}

// saveBimtekUploads stores each document chosen in the form. A refused file is an error beside its field;
// the request having been submitted meanwhile is store.ErrConflict.
func (s *Server) saveBimtekUploads(r *http.Request, b layanan.Bimtek) (validate.Errors, error) {
	var errs validate.Errors
	for _, slot := range b.Data.RequiredSlots() {
		f, h := formFile(r, string(slot))
		if f == nil {
			continue
		}
		err := s.store.AttachBimtekDocument(r.Context(), b.ID, b.AkunID, slot, dokumen.Upload{Kind: dokumen.Dokumen, Name: h.Filename, R: f},
			s.actor(r), s.now())
		f.Close()
		var ue *dokumen.UploadError
		switch {
		case errors.As(err, &ue):
			errs.Add(string(slot), ue.Message)
		case err != nil:
			return errs, err
		}
	}
	return errs, nil
}

// submitBimtek submits a draft whose documents are complete, with the letters to the registrator and the
// narahubung.
func (s *Server) submitBimtek(w http.ResponseWriter, r *http.Request, b layanan.Bimtek) {
	ctx := r.Context()
	// A draft written days ago may propose dates that have passed: it is checked again as it is submitted.
	in := inputOf(b.Data)
	if _, errs := layanan.ParseBimtek(in, s.jakartaToday()); errs.Any() {
		s.render(w, r, http.StatusUnprocessableEntity, view.BimtekForm(s.bimtekFormView(r, in, errs, bimtekPath(b.ID, "/ubah"),
			bimtekPath(b.ID, "/dokumen"))))
		return
	}
	err := s.store.SubmitBimtek(ctx, b.ID, b.AkunID, s.actor(r), s.now())
	switch {
	case errors.Is(err, store.ErrConflict):
		s.submitted(w, r, b.ID)
		return
	case err != nil:
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessFlash, "Permohonan fasilitasi bimbingan teknis telah diajukan. Pengelola layanan akan mengirimkan jadwal melalui email.")
	http.Redirect(w, r, bimtekPath(b.ID, ""), http.StatusSeeOther)
}

// handleBimtekTemplate serves lampiran 7 or 8 filled with the request.
func (s *Server) handleBimtekTemplate(w http.ResponseWriter, r *http.Request) {
	b, ok := s.ownBimtek(w, r)
	if !ok {
		return
	}
	d := surat.Bimtek{Instansi: b.InstansiNama, Kategori: b.Kategori, Data: b.Data, Today: s.jakartaToday()}
	var pdf []byte
	var err error
	var name string
	switch chi.URLParam(r, "lampiran") {
	case "lampiran-7.pdf":
		pdf, err = surat.SuratBimtek(d)
		name = "Lampiran 7 - Surat Permohonan Fasilitasi Bimbingan Teknis.pdf"
	case "lampiran-8.pdf":
		if !b.Data.Pelatihan {
			s.renderStatus(w, r, http.StatusNotFound)
			return
		}
		pdf, err = surat.KAKPelatihan(d)
		name = "Lampiran 8 - KAK Pelatihan Pemanfaatan Data Regsosek.pdf"
	default:
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", dokumen.TypePDF)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(pdf)))
	_, _ = w.Write(pdf)
}

func (s *Server) handleBimtekFile(w http.ResponseWriter, r *http.Request) {
	b, ok := s.ownBimtek(w, r)
	if !ok {
		return
	}
	s.serveBimtekFile(w, r, b)
}
