package server

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// One account at a time (issue 13): the produsen data revokes or extends one Sepakat row; the others are
// untouched.

func akunParam(r *http.Request) int64 {
	id, _ := strconv.ParseInt(chi.URLParam(r, "akun"), 10, 64)
	return id
}

// handleRevokeRow revokes one row's access at once, with a reason.
func (s *Server) handleRevokeRow(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleProdusenData)
	if !ok {
		return
	}
	akunID := akunParam(r)
	if akunID <= 0 {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	field := "alasan_" + strconv.FormatInt(akunID, 10)
	reason, ok := s.aksesReason(w, r, p, me, field, "alasan pencabutan", field)
	if !ok {
		return
	}
	err := s.store.RevokeRow(r.Context(), p.ID, akunID, reason, s.actor(r), s.now())
	if errors.Is(err, store.ErrNotFound) {
		err = store.ErrConflict
	}
	s.aksesDone(w, r, p, err, "Hak akses baris ini dicabut; akun Sepakat-nya ditutup. Baris lain tidak berubah.")
}

// handleExtendRow moves one row's end, within the rules already in place.
func (s *Server) handleExtendRow(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleProdusenData)
	if !ok {
		return
	}
	akunID := akunParam(r)
	field := "sampai_" + strconv.FormatInt(akunID, 10)
	posted := map[string]string{field: r.PostFormValue(field)}
	a, err := s.store.FindAkses(r.Context(), p.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var current *request.AksesAkun
	for i := range a.Akun {
		if a.Akun[i].ID == akunID {
			current = &a.Akun[i]
		}
	}
	if current == nil {
		s.reviewFail(w, r, store.ErrConflict)
		return
	}
	today := indo.Today(s.now())
	sampai, perr := time.ParseInLocation(time.DateOnly, posted[field], indo.Jakarta)
	msg := "Isi tanggal berakhir yang baru."
	if perr == nil {
		msg = request.CheckRowExtension(sampai, indo.DayStart(current.BerlakuSampai), today, review.MaxAkses(s.maxAksesMonths(), today))
	}
	if msg != "" {
		var errs validate.Errors
		errs.Add(field, msg)
		s.aksesInvalid(w, r, p, me, errs, posted)
		return
	}
	err = s.store.ExtendRow(r.Context(), p.ID, akunID, sampai, s.actor(r), s.now())
	s.aksesDone(w, r, p, err, "Hak akses "+current.Username+" diperpanjang sampai "+indo.Date(sampai)+". Baris lain tidak berubah.")
}
