package server

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/surat"
)

// The PDFs of a permohonan: the Bukti Pengajuan and the prefilled templates (lampiran 4 to 6).

func (s *Server) handleBukti(w http.ResponseWriter, r *http.Request) {
	p, _, ok := s.ownPermohonan(w, r)
	if !ok {
		return
	}
	if p.SubmittedAt == nil {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	names, err := s.names(r.Context(), p)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	b, err := surat.BuktiPengajuan(p, names, s.now())
	s.writePDF(w, r, "bukti-pengajuan-"+strings.ToLower(p.Reference)+".pdf", b, err)
}

func (s *Server) handleTemplat(w http.ResponseWriter, r *http.Request) {
	p, _, ok := s.ownPermohonan(w, r)
	if !ok {
		return
	}
	names, err := s.names(r.Context(), p)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	switch chi.URLParam(r, "name") {
	case "surat-permohonan.pdf":
		b, err := surat.SuratPermohonan(p, names, s.now())
		s.writePDF(w, r, "surat-permohonan-"+strings.ToLower(p.Reference)+".pdf", b, err)
	case "kak.pdf":
		b, err := surat.KAK(p, names, s.now())
		s.writePDF(w, r, "kak-"+strings.ToLower(p.Reference)+".pdf", b, err)
	default:
		s.renderStatus(w, r, http.StatusNotFound)
	}
}

// handleTemplatSuratTugas is Lampiran 4 filled with the official on record.
func (s *Server) handleTemplatSuratTugas(w http.ResponseWriter, r *http.Request) {
	reg := currentUser(r.Context()).Registrator
	b, err := surat.SuratTugas(surat.Registrator{Nama: reg.Nama, Jabatan: reg.Jabatan, UnitKerja: reg.UnitKerja, Instansi: reg.InstansiNama}, s.now())
	s.writePDF(w, r, "surat-tugas-registrator.pdf", b, err)
}

// handleSuratPersetujuan is the Surat Persetujuan Pemberian Hak Akses Data Regsosek (SE angka 11) of the
// registrator's permohonan, once access was given.
func (s *Server) handleSuratPersetujuan(w http.ResponseWriter, r *http.Request) {
	p, _, ok := s.ownPermohonan(w, r)
	if !ok {
		return
	}
	s.writePersetujuan(w, r, p.ID)
}

// handleStaffSuratPersetujuan is the same letter for the staff of Tahap 4–6.
func (s *Server) handleStaffSuratPersetujuan(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	s.writePersetujuan(w, r, id)
}

func (s *Server) writePersetujuan(w http.ResponseWriter, r *http.Request, id int64) {
	ps, err := s.store.Persetujuan(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	b, err := surat.SuratPersetujuan(ps, s.now())
	s.writePDF(w, r, "surat-persetujuan-"+strings.ToLower(ps.Ref.Reference)+".pdf", b, err)
}
