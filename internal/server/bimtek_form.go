package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	view "github.com/bappenas/portal-regsosek/templates/pages/layanan"
)

// The registrator's request form: a new draft, and changes to it until it is submitted.

func versionOptions() []components.Option {
	var out []components.Option
	for _, v := range layanan.Versions {
		out = append(out, components.Option{Value: string(v), Label: v.Description()})
	}
	return out
}

func modeOptions() []components.Option {
	var out []components.Option
	for _, m := range layanan.Modes {
		out = append(out, components.Option{Value: string(m), Label: m.Label()})
	}
	return out
}

// bimtekInput reads the request form as typed.
func bimtekInput(r *http.Request) layanan.BimtekInput {
	in := layanan.BimtekInput{Versi: r.PostFormValue("versi"), PesertaPK: r.PostFormValue("peserta_pk"),
		PesertaDK: r.PostFormValue("peserta_dk"), TopikKonsultasi: r.PostFormValue("topik_konsultasi"), Mode: r.PostFormValue("mode"),
		UsulanMulai: r.PostFormValue("usulan_mulai"), UsulanSelesai: r.PostFormValue("usulan_selesai"), Catatan: r.PostFormValue("catatan"),
		Nama: r.PostFormValue("narahubung_nama"), Jabatan: r.PostFormValue("narahubung_jabatan"), NIP: r.PostFormValue("narahubung_nip"),
		Email: r.PostFormValue("narahubung_email"), Phone: r.PostFormValue("narahubung_hp")}
	for _, j := range r.PostForm["jenis"] {
		switch j {
		case "pelatihan":
			in.Pelatihan = true
		case "konsultasi":
			in.Konsultasi = true
		}
	}
	return in
}

// inputOf writes a stored request back into the form.
func inputOf(b layanan.BimtekData) layanan.BimtekInput {
	count := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	return layanan.BimtekInput{Pelatihan: b.Pelatihan, Konsultasi: b.Konsultasi, Versi: string(b.Versi),
		PesertaPK: count(b.PesertaPK), PesertaDK: count(b.PesertaDK), TopikKonsultasi: b.TopikKonsultasi, Mode: string(b.Mode),
		UsulanMulai: b.UsulanMulai.Format("2006-01-02"), UsulanSelesai: b.UsulanSelesai.Format("2006-01-02"), Catatan: b.Catatan,
		Nama: b.Narahubung.Nama, Jabatan: b.Narahubung.Jabatan, NIP: b.Narahubung.NIP, Email: b.Narahubung.Email, Phone: b.Narahubung.Phone}
}

func (s *Server) bimtekFormView(r *http.Request, in layanan.BimtekInput, errs validate.Errors, action, back string) view.BimtekFormView {
	reg := currentUser(r.Context()).Registrator
	return view.BimtekFormView{Page: s.page(r, "Fasilitasi Bimbingan Teknis"), Action: action, Back: back, Instansi: reg.InstansiNama,
		Pelatihan: in.Pelatihan, Konsultasi: in.Konsultasi, Versi: in.Versi, PesertaPK: in.PesertaPK, PesertaDK: in.PesertaDK,
		TopikKonsultasi: in.TopikKonsultasi, Mode: in.Mode, UsulanMulai: in.UsulanMulai, UsulanSelesai: in.UsulanSelesai,
		Catatan: in.Catatan, Nama: in.Nama, Jabatan: in.Jabatan, NIP: in.NIP, Email: in.Email, Phone: in.Phone,
		Versions: versionOptions(), Modes: modeOptions(), Errors: errs}
}

func (s *Server) handleBimtekNew(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, view.BimtekForm(s.bimtekFormView(r, layanan.BimtekInput{}, validate.Errors{}, "/akun/bimtek", "/akun")))
}

func (s *Server) handleBimtekCreate(w http.ResponseWriter, r *http.Request) {
	reg := currentUser(r.Context()).Registrator
	in := bimtekInput(r)
	b, errs := layanan.ParseBimtek(in, s.jakartaToday())
	if errs.Any() {
		s.render(w, r, http.StatusUnprocessableEntity, view.BimtekForm(s.bimtekFormView(r, in, errs, "/akun/bimtek", "/akun")))
		return
	}
	id, err := s.store.CreateBimtekDraft(r.Context(), reg.AkunID, reg.PejabatID, b, s.actor(r), s.now())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, bimtekPath(id, "/dokumen"), http.StatusSeeOther)
}

// ownBimtek loads a request of the signed-in registrator's account; another account's is "not found".
func (s *Server) ownBimtek(w http.ResponseWriter, r *http.Request) (layanan.Bimtek, bool) {
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return layanan.Bimtek{}, false
	}
	b, err := s.store.FindBimtekForAkun(r.Context(), id, currentUser(r.Context()).Registrator.AkunID)
	if err != nil {
		s.renderError(w, r, err)
		return b, false
	}
	return b, true
}

// draftOnly sends a request that is no longer a draft to its page.
func (s *Server) draftOnly(w http.ResponseWriter, r *http.Request, b layanan.Bimtek) bool {
	if !b.State.Editable() {
		s.sessions.Put(r.Context(), sessFlash, "Permohonan ini sudah diajukan dan tidak dapat diubah lagi.")
		http.Redirect(w, r, bimtekPath(b.ID, ""), http.StatusSeeOther)
		return false
	}
	return true
}

// submitted answers a change the store refused because the request was submitted meanwhile.
func (s *Server) submitted(w http.ResponseWriter, r *http.Request, id int64) {
	s.draftOnly(w, r, layanan.Bimtek{ID: id, State: layanan.BimtekDiajukan})
}

func (s *Server) handleBimtekEdit(w http.ResponseWriter, r *http.Request) {
	b, ok := s.ownBimtek(w, r)
	if !ok || !s.draftOnly(w, r, b) {
		return
	}
	s.render(w, r, http.StatusOK, view.BimtekForm(s.bimtekFormView(r, inputOf(b.Data), validate.Errors{},
		bimtekPath(b.ID, "/ubah"), bimtekPath(b.ID, "/dokumen"))))
}

func (s *Server) handleBimtekUpdate(w http.ResponseWriter, r *http.Request) {
	b, ok := s.ownBimtek(w, r)
	if !ok || !s.draftOnly(w, r, b) {
		return
	}
	in := bimtekInput(r)
	d, errs := layanan.ParseBimtek(in, s.jakartaToday())
	if errs.Any() {
		s.render(w, r, http.StatusUnprocessableEntity, view.BimtekForm(s.bimtekFormView(r, in, errs, bimtekPath(b.ID, "/ubah"),
			bimtekPath(b.ID, "/dokumen"))))
		return
	}
	err := s.store.UpdateBimtekDraft(r.Context(), b.ID, b.AkunID, d, s.actor(r), s.now())
	if errors.Is(err, store.ErrConflict) {
		s.submitted(w, r, b.ID)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, bimtekPath(b.ID, "/dokumen"), http.StatusSeeOther)
}
