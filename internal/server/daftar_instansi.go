package server

import (
	"net/http"

	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/pages/daftar"
)

// Registration step 2: Informasi Instansi.

func (s *Server) handleInstansiForm(w http.ResponseWriter, r *http.Request, st wizardState) {
	if !gate(w, r, st, 1) {
		return
	}
	s.render(w, r, http.StatusOK, daftar.Instansi(daftar.InstansiView{Wizard: s.wizard(r, st, 1),
		Pemohon: st.d.InstansiNama, Instansi: st.d.Instansi, UnitKerja: st.d.UnitKerja}))
}

func (s *Server) handleInstansi(w http.ResponseWriter, r *http.Request, st wizardState) {
	if !gate(w, r, st, 1) {
		return
	}
	var errs validate.Errors
	st.d.Instansi = errs.Text("instansi", "Instansi", r.PostFormValue("instansi"), 200)
	st.d.UnitKerja = errs.Text("unit_kerja", "Unit Kerja", r.PostFormValue("unit_kerja"), 200)
	if st.d.Instansi == "" {
		errs.Add("instansi", "Isi nama instansi secara lengkap.")
	}
	if st.d.UnitKerja == "" {
		errs.Add("unit_kerja", "Isi nama unit kerja secara lengkap.")
	}

	s.finishStep(w, r, st, 1, &errs, func(v daftar.Wizard) {
		s.render(w, r, http.StatusUnprocessableEntity, daftar.Instansi(daftar.InstansiView{Wizard: v,
			Pemohon: st.d.InstansiNama, Instansi: st.d.Instansi, UnitKerja: st.d.UnitKerja}))
	})
}

// finishStep saves what was entered whatever its state, then goes back, re-renders with the errors, or
// moves on.
func (s *Server) finishStep(w http.ResponseWriter, r *http.Request, st wizardState, step int, errs *validate.Errors, rerender func(daftar.Wizard)) {
	goingBack := back(r)
	if !goingBack {
		if errs.Any() {
			st.d.Done = min(st.d.Done, step)
		} else {
			st.d.Done = max(st.d.Done, step+1)
		}
	}
	if err := s.saveDraft(r.Context(), st); err != nil {
		s.renderError(w, r, err)
		return
	}
	switch {
	case goingBack:
		http.Redirect(w, r, wizardSteps[step-1].path, http.StatusSeeOther)
	case errs.Any():
		v := s.wizard(r, st, step)
		v.Errors = *errs
		rerender(v)
	case step+1 < len(wizardSteps):
		http.Redirect(w, r, wizardSteps[step+1].path, http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/daftar/konfirmasi", http.StatusSeeOther)
	}
}
