package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Tahap 5–6 and after for staff: preparing and giving access, retrying an account, extending, refusing a
// Perpanjangan, and revoking.

// handlePrepare is Tahap 5: the PIC teknis and schedule of every Fasilitas row, and an account for every
// Sepakat row.
func (s *Server) handlePrepare(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleOperatorSepakat)
	if !ok {
		return
	}
	approved, err := s.store.ApprovedRows(r.Context(), p.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var errs validate.Errors
	posted := map[string]string{}
	var fas []request.FasilitasInput
	for _, row := range approved {
		if row.Media != request.Fasilitas {
			continue
		}
		f := "fasilitas_" + strconv.FormatInt(row.ID, 10)
		for _, k := range []string{"_pic", "_no_hp", "_email", "_mulai", "_selesai", "_tempat"} {
			posted[f+k] = validate.Clean(r.PostFormValue(f+k), 300)
		}
		in := request.FasilitasInput{RowID: row.ID, PICNama: posted[f+"_pic"], Tempat: posted[f+"_tempat"]}
		if in.PICNama == "" {
			errs.Add(f+"_pic", "Isi nama kontak PIC teknis untuk "+row.Pengguna+".")
		}
		if phone, err := account.NormalizePhone(posted[f+"_no_hp"]); err != nil {
			errs.Add(f+"_no_hp", err.Error())
		} else {
			in.PICPhone = phone
		}
		if e := posted[f+"_email"]; e != "" {
			if email, err := account.NormalizeEmail(e); err != nil {
				errs.Add(f+"_email", err.Error())
			} else {
				in.PICMail = email
			}
		}
		var e1, e2 error
		in.Mulai, e1 = time.ParseInLocation(time.DateOnly, posted[f+"_mulai"], indo.Jakarta)
		in.Selesai, e2 = time.ParseInLocation(time.DateOnly, posted[f+"_selesai"], indo.Jakarta)
		switch {
		case e1 != nil:
			errs.Add(f+"_mulai", "Isi tanggal mulai jadwal Fasilitas untuk "+row.Pengguna+".")
		case e2 != nil || in.Selesai.Before(in.Mulai):
			errs.Add(f+"_selesai", "Isi tanggal selesai, sama dengan atau setelah tanggal mulai.")
		}
		fas = append(fas, in)
	}
	if errs.Any() {
		s.aksesInvalid(w, r, p, me, errs, posted)
		return
	}
	err = s.store.PrepareAccess(r.Context(), p.ID, fas, s.actor(r), s.now())
	s.aksesDone(w, r, p, err, "Penyiapan akses disimpan. Akun Sepakat sedang dibuat; muat ulang halaman untuk melihat statusnya.")
}

func (s *Server) handleGiveAccess(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleOperatorSepakat)
	if !ok {
		return
	}
	err := s.store.GiveAccess(r.Context(), p.ID, s.actor(r), s.now())
	if errors.Is(err, store.ErrAksesNotReady) {
		var errs validate.Errors
		errs.Add("berikan", err.Error())
		s.aksesInvalid(w, r, p, me, errs, nil)
		return
	}
	s.aksesDone(w, r, p, err, "Hak akses diberikan: "+p.InstansiNama+" kini Pengguna Data Regsosek.")
}

func (s *Server) handleRetryAccount(w http.ResponseWriter, r *http.Request) {
	p, _, ok := s.staffAkses(w, r, account.RoleOperatorSepakat)
	if !ok {
		return
	}
	akunID, _ := strconv.ParseInt(chi.URLParam(r, "akun"), 10, 64)
	err := s.store.RetryAccount(r.Context(), p.ID, akunID, s.actor(r), s.now())
	s.aksesDone(w, r, p, err, "Akun dijadwalkan untuk dicoba lagi.")
}

func (s *Server) handleExtend(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleProdusenData)
	if !ok {
		return
	}
	posted := map[string]string{"sampai": r.PostFormValue("sampai")}
	today := indo.Today(s.now())
	latest := review.MaxAkses(s.maxAksesMonths(), today)
	var errs validate.Errors
	current, err := s.store.EndInForce(r.Context(), p.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	sampai, err := time.ParseInLocation(time.DateOnly, posted["sampai"], indo.Jakarta)
	if err != nil {
		errs.Add("sampai", "Isi tanggal berakhir yang baru.")
	} else if msg := request.CheckExtension(sampai, current, today, latest); msg != "" {
		errs.Add("sampai", msg)
	}
	if errs.Any() {
		s.aksesInvalid(w, r, p, me, errs, posted)
		return
	}
	pid, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("perpanjangan")), 10, 64)
	err = s.store.ExtendAccess(r.Context(), p.ID, sampai, pid, s.actor(r), s.now())
	s.aksesDone(w, r, p, err, "Hak akses diperpanjang sampai "+indo.Date(sampai)+".")
}

func (s *Server) handleRejectExtension(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleProdusenData)
	if !ok {
		return
	}
	reason, ok := s.aksesReason(w, r, p, me, "alasan", "alasan penolakan", "tolak")
	if !ok {
		return
	}
	pid, _ := strconv.ParseInt(chi.URLParam(r, "pid"), 10, 64)
	err := s.store.RejectExtension(r.Context(), p.ID, pid, reason, s.actor(r), s.now())
	s.aksesDone(w, r, p, err, "Permintaan perpanjangan ditolak.")
}

func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleProdusenData)
	if !ok {
		return
	}
	reason, ok := s.aksesReason(w, r, p, me, "alasan_cabut", "alasan pencabutan", "cabut")
	if !ok {
		return
	}
	err := s.store.Revoke(r.Context(), p.ID, reason, s.actor(r), s.now())
	s.aksesDone(w, r, p, err, "Hak akses dicabut. Semua akun Sepakat ditutup.")
}
