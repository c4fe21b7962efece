package server

import (
	"errors"
	"net/http"
	"slices"

	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/percakapan"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	view "github.com/bappenas/portal-regsosek/templates/pages/layanan"
)

// The pengelola layanan's side of Fasilitasi Bimbingan Teknis: a request and its three moves (schedule,
// done, decline). The list of requests is in bimtek_list.go.

func (s *Server) staffBimtek(w http.ResponseWriter, r *http.Request) (layanan.Bimtek, bool) {
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return layanan.Bimtek{}, false
	}
	b, err := s.store.FindBimtek(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return b, false
	}
	return b, true
}

func (s *Server) bimtekReviewView(r *http.Request, b layanan.Bimtek) view.BimtekReviewView {
	link, _ := s.threadLink(r, percakapan.Bimtek, b.ID) // percakapan.go; a staff link reads nothing that can fail
	v := view.BimtekReviewView{Page: s.page(r, "Fasilitasi Bimbingan Teknis "+b.Reference), Reference: b.Reference, Percakapan: link,
		Status: b.State.Label(), StatusClass: bimtekStatusClass(b.State), Action: bimtekStaffPath(b.ID, ""),
		Fields: bimtekFields(b, true), Jadwal: jadwalFields(b.Jadwal), RejectReason: b.RejectReason, Modes: modeOptions(),
		Docs: bimtekDocLinks(b, func(slot string) string { return bimtekStaffPath(b.ID, "/berkas/"+slot) })}
	if b.Data.Pelatihan {
		v.Classes = layanan.ClassesText(b.Data.PesertaPK, b.Data.PesertaDK) + " — " + b.Data.Versi.Description() + " per kelas"
	}
	if layanan.RecordsOutcomes(b) {
		v.PesertaHref = bimtekStaffPath(b.ID, "/peserta") // bimtek_peserta.go
	}
	// The forms shown are the moves the table lets this staff member make now.
	actions := layanan.BimtekActions(b, currentUser(r.Context()).Staff.Roles...)
	v.CanSchedule = slices.Contains(actions, layanan.EventJadwalkan)
	v.CanFinish = slices.Contains(actions, layanan.EventSelesai)
	v.CanDecline = slices.Contains(actions, layanan.EventTolak)
	// The schedule form starts from the current schedule, or from the proposal.
	if j := b.Jadwal; j != nil {
		v.JadwalMulai, v.JadwalSelesai, v.JadwalMode = j.Mulai.Format("2006-01-02"), j.Selesai.Format("2006-01-02"), string(j.Mode)
		v.Tempat, v.Tautan, v.Catatan = j.Tempat, j.Tautan, j.Catatan
	} else {
		v.JadwalMulai, v.JadwalSelesai = b.Data.UsulanMulai.Format("2006-01-02"), b.Data.UsulanSelesai.Format("2006-01-02")
		v.JadwalMode = string(b.Data.Mode)
	}
	return v
}

func (s *Server) handleBimtekReview(w http.ResponseWriter, r *http.Request) {
	b, ok := s.staffBimtek(w, r)
	if !ok {
		return
	}
	// The page shows the narahubung's name, NIP, email and telephone: every view is recorded.
	if err := s.store.Audit(r.Context(), s.actor(r), store.AuditEntry{Action: "bimtek.lihat", ObjectType: "bimtek", ObjectID: b.ID}); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, view.BimtekReview(s.bimtekReviewView(r, b)))
}

func (s *Server) handleBimtekStaffFile(w http.ResponseWriter, r *http.Request) {
	b, ok := s.staffBimtek(w, r)
	if !ok {
		return
	}
	s.serveBimtekFile(w, r, b)
}

// bimtekDone answers a staff action: the loser of a race is told the request was processed meanwhile.
func (s *Server) bimtekDone(w http.ResponseWriter, r *http.Request, id int64, err error, flash string) {
	switch {
	case errors.Is(err, store.ErrConflict):
		s.sessions.Put(r.Context(), sessFlash, "Permohonan ini sudah diproses oleh petugas lain atau statusnya telah berubah.")
		http.Redirect(w, r, bimtekStaffPath(id, ""), http.StatusSeeOther)
	case err != nil:
		s.renderError(w, r, err)
	default:
		s.sessions.Put(r.Context(), sessFlash, flash)
		http.Redirect(w, r, bimtekStaffPath(id, ""), http.StatusSeeOther)
	}
}

func (s *Server) handleBimtekSchedule(w http.ResponseWriter, r *http.Request) {
	b, ok := s.staffBimtek(w, r)
	if !ok {
		return
	}
	in := layanan.JadwalInput{Mulai: r.PostFormValue("jadwal_mulai"), Selesai: r.PostFormValue("jadwal_selesai"),
		Mode: r.PostFormValue("jadwal_mode"), Tempat: r.PostFormValue("jadwal_tempat"), Tautan: r.PostFormValue("jadwal_tautan"),
		Catatan: r.PostFormValue("jadwal_catatan")}
	j, errs := layanan.ParseJadwal(in, b.Data.Pelatihan, b.Data.Versi, s.jakartaToday())
	if errs.Any() {
		v := s.bimtekReviewView(r, b)
		v.JadwalMulai, v.JadwalSelesai, v.JadwalMode, v.Tempat, v.Tautan, v.Catatan = in.Mulai, in.Selesai, in.Mode, in.Tempat, in.Tautan, in.Catatan
		v.Errors = errs
		s.render(w, r, http.StatusUnprocessableEntity, view.BimtekReview(v))
		return
	}
	err := s.store.ScheduleBimtek(r.Context(), b.ID, j, s.actor(r), s.now())
	s.bimtekDone(w, r, b.ID, err, "Jadwal tersimpan dan dikirim ke registrator dan narahubung.")
}

func (s *Server) handleBimtekFinish(w http.ResponseWriter, r *http.Request) {
	b, ok := s.staffBimtek(w, r)
	if !ok {
		return
	}
	err := s.store.FinishBimtek(r.Context(), b.ID, s.actor(r), s.now())
	s.bimtekDone(w, r, b.ID, err, "Permohonan ditandai selesai.")
}

func (s *Server) handleBimtekDecline(w http.ResponseWriter, r *http.Request) {
	b, ok := s.staffBimtek(w, r)
	if !ok {
		return
	}
	reason := validate.CleanLines(r.PostFormValue("alasan"), 2000)
	if msg := validate.Reason("alasan penolakan agar pemohon dapat menyesuaikan permohonannya", reason); msg != "" {
		v := s.bimtekReviewView(r, b)
		v.Reason = reason
		v.Errors.Add("alasan", msg)
		s.render(w, r, http.StatusUnprocessableEntity, view.BimtekReview(v))
		return
	}
	err := s.store.DeclineBimtek(r.Context(), b.ID, reason, s.actor(r), s.now())
	s.bimtekDone(w, r, b.ID, err, "Permohonan ditolak. Alasan telah dikirim ke registrator dan narahubung.")
}
