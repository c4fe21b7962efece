package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	akv "github.com/bappenas/portal-regsosek/templates/pages/akses"
)

// Kapasitas (Tabel 3.1, tiers 2–4: "Lulus pelatihan SEPAKAT"): while a permohonan may be changed, the
// registrator chooses for a Sepakat row's operator a participant of the instansi's bimtek who passed, with
// the operator's NIP/NIK. Issue 12 keeps an operator's training evidence as a record with a kind; this is
// the kind "peserta_bimtek" (store/peserta.go).

// pelatihanItems lists the Sepakat rows of an editable permohonan with their evidence, when the instansi has
// a passed participant to choose or a row has one.
func (s *Server) pelatihanItems(r *http.Request, p request.Permohonan) ([]akv.PelatihanItem, error) {
	chosen, err := s.store.RowPelatihan(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	passed, err := s.store.ListPassedPeserta(r.Context(), p.AkunID, "")
	if err != nil {
		return nil, err
	}
	if len(passed) == 0 && len(chosen) == 0 {
		return nil, nil
	}
	var out []akv.PelatihanItem
	for _, row := range p.Rows {
		if row.Media != request.Sepakat {
			continue
		}
		it := akv.PelatihanItem{Pengguna: row.Pengguna, Operator: row.OperatorNama, Bukti: "Belum dipilih",
			Href: permohonanPath(p.ID, "/kebutuhan/"+strconv.FormatInt(row.ID, 10)+"/pelatihan")}
		if c, ok := chosen[row.ID]; ok {
			it.Bukti = pesertaLabel(c)
		}
		out = append(out, it)
	}
	return out, nil
}

func (s *Server) pelatihanForm(r *http.Request, p request.Permohonan, row request.Row, selected string, errs validate.Errors) (akv.PelatihanFormView, error) {
	nip := row.OperatorNIP
	list, err := s.store.ListPassedPeserta(r.Context(), p.AkunID, nip)
	if err != nil {
		return akv.PelatihanFormView{}, err
	}
	if selected == "" {
		chosen, err := s.store.RowPelatihan(r.Context(), p.ID)
		if err != nil {
			return akv.PelatihanFormView{}, err
		}
		if c, ok := chosen[row.ID]; ok {
			selected = strconv.FormatInt(c.ID, 10)
		}
	}
	path := permohonanPath(p.ID, "/kebutuhan/"+strconv.FormatInt(row.ID, 10)+"/pelatihan")
	return akv.PelatihanFormView{Page: s.page(r, "Bukti Lulus Pelatihan Operator"), Back: permohonanPath(p.ID, ""), Action: path, Reference: p.Reference,
		Pengguna: row.Pengguna, Operator: row.OperatorNama, NIP: nip, None: len(list) == 0, Errors: errs,
		Peserta: components.Choice{Name: "peserta", Label: "Peserta bimbingan teknis yang lulus", Placeholder: "Tidak ada (hapus pilihan)",
			Options: pesertaOptions(list), Selected: selected, Error: errs.Get("peserta")}}, nil
}

// ownSepakatRow loads a Sepakat row of the registrator's permohonan that may still be changed.
func (s *Server) ownSepakatRow(w http.ResponseWriter, r *http.Request) (request.Permohonan, request.Row, bool) {
	p, _, ok := s.ownPermohonan(w, r)
	if !ok {
		return p, request.Row{}, false
	}
	for _, row := range p.Rows {
		if row.ID == rowParam(r) && row.Media == request.Sepakat && p.State.Editable() {
			return p, row, true
		}
	}
	s.renderStatus(w, r, http.StatusNotFound)
	return p, request.Row{}, false
}

func (s *Server) handlePelatihanForm(w http.ResponseWriter, r *http.Request) {
	p, row, ok := s.ownSepakatRow(w, r)
	if !ok {
		return
	}
	v, err := s.pelatihanForm(r, p, row, "", validate.Errors{})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, akv.PelatihanForm(v))
}

func (s *Server) handlePelatihan(w http.ResponseWriter, r *http.Request) {
	p, row, ok := s.ownSepakatRow(w, r)
	if !ok {
		return
	}
	selected := r.PostFormValue("peserta")
	pid, _ := strconv.ParseInt(selected, 10, 64)
	msg, err := s.store.SetRowPelatihan(r.Context(), p.ID, p.AkunID, row.ID, pid, s.actor(r), s.now())
	switch {
	case errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrNotFound):
		s.renderStatus(w, r, http.StatusConflict)
		return
	case err != nil:
		s.renderError(w, r, err)
		return
	case msg != "":
		var errs validate.Errors
		errs.Add("peserta", msg)
		v, err := s.pelatihanForm(r, p, row, selected, errs)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, akv.PelatihanForm(v))
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Bukti lulus pelatihan operator "+row.Pengguna+" disimpan.")
	http.Redirect(w, r, permohonanPath(p.ID, ""), http.StatusSeeOther)
}
