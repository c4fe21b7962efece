package server

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	akv "github.com/bappenas/portal-regsosek/templates/pages/akses"
)

// Original documents received (issue 13 item 6): staff record the printed Surat Permohonan and the PKS/NDA
// originals (date, who); the registrator's page says "Dokumen asli diterima" with the date.

var asliRoles = []account.Role{account.RoleVerifikatorTeknis, account.RoleProdusenData, account.RoleAdmin}

func (s *Server) asliView(r *http.Request, p request.Permohonan, kind, tanggal, catatan string, errs validate.Errors) (akv.AsliView, error) {
	ctx := r.Context()
	approved, err := s.store.ApprovedRows(ctx, p.ID)
	if err != nil {
		return akv.AsliView{}, err
	}
	recorded, err := s.store.ListDokumenAsli(ctx, p.ID)
	if err != nil {
		return akv.AsliView{}, err
	}
	var opts []components.Option
	agreements := []request.DocKind{}
	if len(approved) > 0 {
		agreements = request.AgreementKinds(approved)
	}
	for _, k := range request.DokumenAsliKinds(p.State, agreements) {
		opts = append(opts, components.Option{Value: string(k), Label: request.DocLabels[k]})
	}
	if tanggal == "" {
		tanggal = indo.Today(s.now()).Format(time.DateOnly)
	}
	return akv.AsliView{Page: s.page(r, "Dokumen Asli "+p.Reference), Back: "/petugas/permohonan/" + strconv.FormatInt(p.ID, 10),
		Reference: p.Reference, Action: "/petugas/permohonan/" + strconv.FormatInt(p.ID, 10) + "/dokumen-asli",
		Kinds:   components.Choice{Name: "jenis", Label: "Dokumen asli", Required: true, Options: opts, Selected: kind, Error: errs.Get("jenis")},
		Tanggal: tanggal, Catatan: catatan, Recorded: asliItems(recorded), Errors: errs}, nil
}

// asliPermohonan loads a submitted permohonan for the originals page: the review's staff see it, those who
// may record an original act on it (403 for the others).
func (s *Server) asliPermohonan(w http.ResponseWriter, r *http.Request) (request.Permohonan, bool) {
	p, me, ok := s.staffPermohonan(w, r) // review_view.go
	if !ok {
		return p, false
	}
	if !staffHas(me, asliRoles...) {
		s.reviewFail(w, r, store.ErrForbidden)
		return p, false
	}
	if p.State == request.Ditarik {
		s.renderStatus(w, r, http.StatusNotFound)
		return p, false
	}
	return p, true
}

func (s *Server) handleAsliForm(w http.ResponseWriter, r *http.Request) {
	p, ok := s.asliPermohonan(w, r)
	if !ok {
		return
	}
	v, err := s.asliView(r, p, "", "", "", validate.Errors{})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, akv.Asli(v))
}

func (s *Server) handleAsli(w http.ResponseWriter, r *http.Request) {
	p, ok := s.asliPermohonan(w, r)
	if !ok {
		return
	}
	kind, tanggal, catatan := r.PostFormValue("jenis"), r.PostFormValue("diterima"), validate.Clean(r.PostFormValue("catatan"), 300)
	var errs validate.Errors
	day, err := time.ParseInLocation(time.DateOnly, tanggal, indo.Jakarta)
	switch {
	case kind == "":
		errs.Add("jenis", "Pilih dokumen asli yang diterima.")
	case err != nil:
		errs.Add("diterima", "Isi tanggal dokumen asli diterima.")
	case day.After(indo.Today(s.now())):
		errs.Add("diterima", "Tanggal diterima tidak boleh setelah hari ini.")
	case p.SubmittedAt != nil && day.Before(indo.Today(*p.SubmittedAt)):
		errs.Add("diterima", "Tanggal diterima tidak boleh sebelum permohonan diajukan.")
	}
	if !errs.Any() {
		err := s.store.RecordDokumenAsli(r.Context(), p.ID, request.DocKind(kind), day, catatan, s.actor(r), s.now())
		switch {
		case err == nil:
			s.sessions.Put(r.Context(), sessFlash, request.DocLabels[request.DocKind(kind)]+" asli dicatat diterima "+indo.Date(day)+".")
			http.Redirect(w, r, "/petugas/permohonan/"+strconv.FormatInt(p.ID, 10)+"/dokumen-asli", http.StatusSeeOther)
			return
		case errors.Is(err, store.ErrNotFound):
			errs.Add("jenis", "Dokumen asli ini belum dapat dicatat pada tahap permohonan saat ini.")
		default:
			s.reviewFail(w, r, err)
			return
		}
	}
	v, err := s.asliView(r, p, kind, tanggal, catatan, errs)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, akv.Asli(v))
}
