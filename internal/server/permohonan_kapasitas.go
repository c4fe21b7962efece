package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	pv "github.com/bappenas/portal-regsosek/templates/pages/permohonan"
)

// The kapasitas of a Sepakat row's operator (Tabel 3.1): its training evidence, a certificate or a completed
// Fasilitasi Bimbingan Teknis of the instansi.

// kapasitasRow finds the new Sepakat row in the URL of the registrator's permohonan.
func (s *Server) kapasitasRow(w http.ResponseWriter, r *http.Request) (request.Permohonan, request.Row, int64, bool) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok || s.notEditable(w, r, p) {
		return p, request.Row{}, 0, false
	}
	id, _ := strconv.ParseInt(chi.URLParam(r, "row"), 10, 64)
	for _, row := range p.Rows {
		if row.ID == id && request.NeedsPelatihan(row) {
			return p, row, reg.AkunID, true
		}
	}
	s.renderStatus(w, r, http.StatusNotFound)
	return p, request.Row{}, 0, false
}

func (s *Server) kapasitasView(r *http.Request, p request.Permohonan, row request.Row, akunID int64, errs validate.Errors) (pv.KapasitasView, error) {
	path := permohonanPath(p.ID, "/kebutuhan/"+strconv.FormatInt(row.ID, 10)+"/kapasitas")
	v := pv.KapasitasView{Page: s.page(r, "Kapasitas Operator"), Action: path, Back: permohonanPath(p.ID, "/kebutuhan"), Pengguna: row.Pengguna,
		Operator: row.OperatorNama, OlahData: "Belum dinyatakan", Current: kapasitasText(p.Pelatihan[row.ID]), BimtekHref: "/akun/bimtek/baru", Errors: errs}
	if row.OlahData {
		v.OlahData = "Dinyatakan mampu: " + row.OlahDataKeterangan
	}
	if e, ok := p.Pelatihan[row.ID]; ok && e.Document != nil {
		v.CurrentHref = "/dokumen/" + strconv.FormatInt(e.Document.ID, 10)
	}
	if p.State == request.PerluPerbaikan {
		js, err := s.store.LastJudgements(r.Context(), p.ID, "")
		if err != nil {
			return v, err
		}
		note, marked := review.MarkedKapasitas(js)[row.ID]
		v.Note, v.Locked = note, !marked
	}
	done, err := s.store.CompletedPelatihan(r.Context(), akunID)
	if err != nil {
		return v, err
	}
	v.Bimtek = components.Choice{Name: "bimtek_id", Label: "Bimbingan Teknis yang telah selesai", Required: true, Error: errs.Get("bimtek_id")}
	if e, ok := p.Pelatihan[row.ID]; ok && e.Bimtek != nil {
		v.Bimtek.Selected = strconv.FormatInt(e.Bimtek.ID, 10)
	}
	for _, b := range done {
		v.Bimtek.Options = append(v.Bimtek.Options, components.Option{Value: strconv.FormatInt(b.ID, 10),
			Label: b.Reference + " — pelatihan versi " + b.Versi + ", " + indo.DateRange(b.Mulai, b.Selesai)})
	}
	v.Peserta, err = s.pesertaChoice(r, akunID, row, p.Pelatihan[row.ID], errs) // bimtek_peserta.go
	return v, err
}

func (s *Server) handleKapasitasForm(w http.ResponseWriter, r *http.Request) {
	p, row, akunID, ok := s.kapasitasRow(w, r)
	if !ok {
		return
	}
	v, err := s.kapasitasView(r, p, row, akunID, validate.Errors{})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, pv.Kapasitas(v))
}

// handleKapasitasSave records a certificate upload or a completed bimtek as the operator's evidence.
func (s *Server) handleKapasitasSave(w http.ResponseWriter, r *http.Request) {
	p, row, akunID, ok := s.kapasitasRow(w, r)
	if !ok {
		return
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.renderError(w, r, err)
		return
	}
	defer r.MultipartForm.RemoveAll()
	var errs validate.Errors
	var err error
	switch r.PostFormValue("aksi") {
	case "peserta": // a passed participant of a bimtek class (issue 13)
		pid, _ := strconv.ParseInt(r.PostFormValue("peserta_id"), 10, 64)
		err = s.store.SetPelatihanPeserta(r.Context(), p.ID, akunID, row.ID, pid, s.actor(r), s.now())
		if msg := validate.MessageOf(err); msg != "" && !errors.Is(err, store.ErrNotInRevision) {
			errs.Add("peserta_id", msg)
			err = nil
		}
	case "bimtek":
		bid, _ := strconv.ParseInt(r.PostFormValue("bimtek_id"), 10, 64)
		err = s.store.SetPelatihanBimtek(r.Context(), p.ID, akunID, row.ID, bid, s.actor(r), s.now())
		if errors.Is(err, store.ErrBimtekNotDone) {
			errs.Add("bimtek_id", err.Error())
			err = nil
		}
	default:
		file, header := formFile(r, "sertifikat")
		if file == nil {
			errs.Add("sertifikat", "Pilih berkas sertifikat lulus pelatihan Sepakat.")
			break
		}
		defer file.Close()
		err = s.store.SetPelatihanSertifikat(r.Context(), p.ID, akunID, row.ID, dokumen.Upload{Kind: dokumen.Lampiran, Name: header.Filename, R: file},
			s.actor(r), s.now())
		if ue, isUpload := errors.AsType[*dokumen.UploadError](err); isUpload {
			errs.Add("sertifikat", ue.Message)
			err = nil
		}
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if errs.Any() {
		v, verr := s.kapasitasView(r, p, row, akunID, errs)
		if verr != nil {
			s.renderError(w, r, verr)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, pv.Kapasitas(v))
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Bukti pelatihan operator "+row.OperatorNama+" disimpan.")
	http.Redirect(w, r, permohonanPath(p.ID, "/kebutuhan"), http.StatusSeeOther)
}
