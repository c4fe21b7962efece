package server

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/register"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	rg "github.com/bappenas/portal-regsosek/templates/pages/register"
)

// The register for staff (produsen data and admin, register.Editors): every entry with its publication
// state; an entry's summary rewritten, or the entry withheld or published again with a reason, each audited.

var publikasiLabels = map[register.Publication][2]string{register.Terbit: {"Terbit", "tag-green"}, register.Ditahan: {"Ditahan", "tag-red"}}

func registerStaffPath(id int64, rest string) string {
	return "/petugas/register/" + strconv.FormatInt(id, 10) + rest
}

func (s *Server) handleRegisterStaff(w http.ResponseWriter, r *http.Request) {
	f := register.Filter{Q: validate.Clean(r.URL.Query().Get("q"), 100)}
	list, err := s.store.ListRegisterStaff(r.Context(), f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := rg.StaffListView{Page: s.page(r, "Register Pemanfaatan Data"), Q: f.Q}
	for _, e := range list {
		pub := publikasiLabels[e.Publication]
		ringkasan := e.Ringkasan
		if ringkasan == "" {
			ringkasan = "(belum ada)"
		}
		v.Entries = append(v.Entries, rg.StaffRow{Nomor: e.Nomor, Href: registerStaffPath(e.PermohonanID, ""), Instansi: e.InstansiNama,
			Status: e.Status.Label(), Publikasi: pub[0], PublikasiClass: pub[1], Ringkasan: ringkasan})
	}
	s.render(w, r, http.StatusOK, rg.StaffList(v))
}

func (s *Server) handleRegisterStaffEntry(w http.ResponseWriter, r *http.Request) {
	s.renderRegisterStaff(w, r, http.StatusOK, validate.Errors{}, nil)
}

// renderRegisterStaff shows an entry's page for staff; with errs, again with what was posted (422).
func (s *Server) renderRegisterStaff(w http.ResponseWriter, r *http.Request, status int, errs validate.Errors, posted map[string]string) {
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	e, err := s.store.FindRegisterStaff(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	me := currentUser(r.Context()).Staff
	v := rg.StaffDetailView{Page: s.page(r, "Register "+e.Nomor), Nomor: e.Nomor, Instansi: e.InstansiNama, AksesHref: aksesPath(id, ""),
		Publikasi: publikasiLabels[e.Publication][0], Alasan: e.Alasan, Fakta: registerFakta(e.Entry), Errors: errs, AlasanValue: posted["alasan"]}
	if e.Publication == register.Terbit {
		v.PublicHref = register.PathOf(e.Nomor)
	}
	events := register.Machine.Events(e.Publication, me.Roles...)
	value := e.Ringkasan
	if v, sent := posted["ringkasan_publik"]; sent {
		value = v
	}
	v.Ringkasan = components.Input{Name: "ringkasan_publik", Label: "Ringkasan tujuan pemanfaatan", Value: value, Error: errs.Get("ringkasan_publik"),
		Hint: "30–600 karakter, tanpa data pribadi (nama orang, NIK, NIP, nomor telepon, email).", Required: true}
	if slices.Contains(events, register.UbahRingkasan) {
		v.RingkasanPost = registerStaffPath(id, "/ringkasan")
	}
	if slices.Contains(events, register.Tahan) {
		v.TahanPost = registerStaffPath(id, "/tahan")
	}
	if slices.Contains(events, register.TerbitkanKembali) {
		v.TerbitkanPost = registerStaffPath(id, "/terbitkan")
	}
	s.render(w, r, status, rg.StaffDetail(v))
}

// handleRegisterMove rewrites the summary, withholds or publishes again, by the path's last word.
func (s *Server) handleRegisterMove(ev register.PublicationEvent) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := pathID(r)
		if !ok {
			s.renderStatus(w, r, http.StatusNotFound)
			return
		}
		if !staffHas(currentUser(r.Context()).Staff, register.Editors...) {
			s.reviewFail(w, r, store.ErrForbidden)
			return
		}
		ringkasan := validate.Clean(r.PostFormValue("ringkasan_publik"), register.MaxRingkasan+100)
		alasan := validate.Clean(r.PostFormValue("alasan"), 1000)
		var errs validate.Errors
		if ev == register.UbahRingkasan {
			if msg := register.CheckRingkasan(ringkasan); msg != "" {
				errs.Add("ringkasan_publik", msg)
			}
		} else if msg := validate.Reason("alasan", alasan); msg != "" {
			errs.Add("alasan", register.ErrAlasan.Error())
		}
		if errs.Any() {
			s.renderRegisterStaff(w, r, http.StatusUnprocessableEntity, errs, map[string]string{"ringkasan_publik": ringkasan, "alasan": alasan})
			return
		}
		err := s.store.MoveRegister(r.Context(), id, ev, ringkasan, alasan, s.actor(r), s.now())
		switch {
		case errors.Is(err, store.ErrConflict):
			s.renderMessage(w, r, http.StatusConflict, "Sudah diproses", "Entri ini sudah diubah oleh petugas lain. Muat ulang halaman untuk melihat keadaannya.")
			return
		case err != nil:
			s.reviewFail(w, r, err)
			return
		}
		msg := map[register.PublicationEvent]string{register.UbahRingkasan: "Ringkasan disimpan.", register.Tahan: "Entri ditahan dari publikasi.",
			register.TerbitkanKembali: "Entri diterbitkan kembali."}[ev]
		s.sessions.Put(r.Context(), sessFlash, msg)
		http.Redirect(w, r, registerStaffPath(id, ""), http.StatusSeeOther)
	}
}

// registerEditor reports whether a staff member may edit the register, for the staff home page.
func registerEditor(st *account.Staff) bool { return st != nil && st.HasAny(register.Editors...) }
