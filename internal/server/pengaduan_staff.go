package server

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/store"
	view "github.com/bappenas/portal-regsosek/templates/pages/layanan"
)

// The staff's side of Pengaduan dan Pelaporan: a report and its three moves (answer, ask for information,
// close) and an admin's reveal of an Anonim reporter. The list and its export are in pengaduan_list.go.

func (s *Server) viewer(r *http.Request) layanan.Viewer {
	st := currentUser(r.Context()).Staff
	return layanan.ViewerFor(st.ID, st.Roles)
}

func pelaporFields(p layanan.Pengaduan) []view.Field {
	if p.Pelapor == nil {
		return nil
	}
	f := []view.Field{{Label: "Nama", Value: p.Pelapor.Nama, TestID: "pelapor-nama"}, {Label: "Instansi", Value: p.Pelapor.Instansi},
		{Label: "Jabatan", Value: p.Pelapor.Jabatan}}
	email := p.Pelapor.Email
	if email == "" {
		email = "Tidak diisi"
	}
	f = append(f, view.Field{Label: "Email", Value: email})
	if p.Instansi != "" {
		f = append(f, view.Field{Label: "Akun layanan", Value: "Dikirim oleh registrator " + p.Instansi, TestID: "pelapor-akun"})
	}
	if p.PermohonanRef != "" {
		f = append(f, view.Field{Label: "Permohonan terkait", Value: p.PermohonanRef, TestID: "pelapor-permohonan"})
	}
	return f
}

func (s *Server) pengaduanReviewView(r *http.Request, p layanan.Pengaduan, v layanan.Viewer) view.PengaduanReviewView {
	base := "/petugas/pengaduan/" + strconv.FormatInt(p.ID, 10)
	file := func(l layanan.PengaduanLampiran) view.Link {
		label := l.OriginalName
		if p.Anonim {
			label = "Lampiran " + strconv.FormatInt(l.DocumentID, 10)
		}
		return view.Link{Label: label, Href: base + "/lampiran/" + strconv.FormatInt(l.DocumentID, 10),
			Note: map[string]string{dokumen.TypePDF: "PDF", dokumen.TypeJPEG: "JPG", dokumen.TypePNG: "PNG"}[l.ContentType]}
	}
	pv := view.PengaduanReviewView{Page: s.page(r, "Laporan "+p.Reference), Reference: p.Reference, Status: p.State.Label(),
		StatusClass: pengaduanStatusClass(p.State), Action: base, Anonim: p.Anonim, Rahasia: p.Rahasia, Fields: pengaduanFields(p),
		Pelapor: pelaporFields(p)}
	// The buttons shown are the moves the table and the access rules let this staff member make now.
	actions := v.Actions(p)
	pv.CanAnswer = slices.Contains(actions, layanan.EventJawab)
	pv.CanAsk = slices.Contains(actions, layanan.EventMintaInformasi)
	pv.CanClose = slices.Contains(actions, layanan.EventTutup)
	if p.HandlerNama != "" {
		pv.Fields = append(pv.Fields, view.Field{Label: "Ditangani oleh", Value: p.HandlerNama})
	}
	for _, l := range p.Lampiran {
		pv.Files = append(pv.Files, file(l))
	}
	pv.Messages = pengaduanThread(p, true, file)
	return pv
}

// pengaduanReviewPage is pengaduanReviewView with the request to open an Anonim reporter's identity, which
// only admins see (pengaduan_identitas.go).
func (s *Server) pengaduanReviewPage(r *http.Request, p layanan.Pengaduan, v layanan.Viewer) (view.PengaduanReviewView, error) {
	pv := s.pengaduanReviewView(r, p, v)
	if !v.Admin || !p.Anonim {
		return pv, nil
	}
	return pv, s.addBuka(r, &pv, p, v)
}

func (s *Server) staffPengaduan(w http.ResponseWriter, r *http.Request) (layanan.Pengaduan, layanan.Viewer, bool) {
	v := s.viewer(r)
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return layanan.Pengaduan{}, v, false
	}
	p, err := s.store.PengaduanForStaff(r.Context(), id, v, s.actor(r))
	if err != nil {
		s.renderError(w, r, err)
		return p, v, false
	}
	return p, v, true
}

func (s *Server) handlePengaduanReview(w http.ResponseWriter, r *http.Request) {
	p, v, ok := s.staffPengaduan(w, r)
	if !ok {
		return
	}
	pv, err := s.pengaduanReviewPage(r, p, v)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, view.PengaduanReview(pv))
}

func (s *Server) handlePengaduanStaffFile(w http.ResponseWriter, r *http.Request) {
	p, _, ok := s.staffPengaduan(w, r)
	if !ok {
		return
	}
	docID, err := strconv.ParseInt(chi.URLParam(r, "doc"), 10, 64)
	if err != nil {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	s.servePengaduanFile(w, r, p.ID, docID, true)
}

// pengaduanAction answers, asks for information or closes a report.
func (s *Server) pengaduanAction(event layanan.PengaduanEvent) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, v, ok := s.staffPengaduan(w, r)
		if !ok {
			return
		}
		// Someone who may not act on this report is not shown a form error first: the same rule as the store's.
		if _, err := v.Check(p, event); errors.Is(err, layanan.ErrNotHandler) {
			s.renderStatus(w, r, http.StatusNotFound)
			return
		}
		text, errs := layanan.ParsePesan(r.PostFormValue("pesan"), event != layanan.EventTutup)
		if errs.Any() {
			pv, _ := s.pengaduanReviewPage(r, p, v)
			pv.Pesan, pv.Errors = text, errs
			s.render(w, r, http.StatusUnprocessableEntity, view.PengaduanReview(pv))
			return
		}
		err := s.store.ActOnPengaduan(r.Context(), p.ID, event, text, v, s.actor(r), s.now())
		base := "/petugas/pengaduan/" + strconv.FormatInt(p.ID, 10)
		switch {
		case errors.Is(err, store.ErrConflict):
			s.sessions.Put(r.Context(), sessFlash, "Laporan ini sudah diproses oleh petugas lain atau statusnya telah berubah.")
			http.Redirect(w, r, base, http.StatusSeeOther)
			return
		case err != nil:
			s.renderError(w, r, err)
			return
		}
		s.sessions.Put(r.Context(), sessFlash, map[layanan.PengaduanEvent]string{layanan.EventJawab: "Jawaban terkirim kepada pelapor.",
			layanan.EventMintaInformasi: "Permintaan informasi tambahan terkirim kepada pelapor.",
			layanan.EventTutup:          "Laporan ditutup."}[event])
		http.Redirect(w, r, base, http.StatusSeeOther)
	}
}

func (s *Server) handlePengaduanJawab(w http.ResponseWriter, r *http.Request) {
	s.pengaduanAction(layanan.EventJawab)(w, r)
}

func (s *Server) handlePengaduanMintaInformasi(w http.ResponseWriter, r *http.Request) {
	s.pengaduanAction(layanan.EventMintaInformasi)(w, r)
}

func (s *Server) handlePengaduanTutup(w http.ResponseWriter, r *http.Request) {
	s.pengaduanAction(layanan.EventTutup)(w, r)
}
