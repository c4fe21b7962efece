package server

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/templates/pages/petugas"
)

// The admin's operations page (issue 14 item 9): the backlog, emails that failed and jobs that stopped, each
// with a retry, outside development too. An email's body is never shown: it may hold a link or a code.

const operasiPath = "/petugas/operasi"

var jobStateLabels = map[string][2]string{
	"discarded": {"Berhenti (percobaan habis)", "tag-red"},
	"cancelled": {"Dibatalkan", "tag-grey"},
	"retryable": {"Menunggu percobaan ulang", "tag-yellow"},
}

func (s *Server) handleOperasi(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	stats, err := s.store.Stats(ctx, s.now())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	mails, err := s.store.FailingMail(ctx, 200)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	jobs, err := s.store.StoppedJobs(ctx, 200)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := petugas.OperasiView{Page: s.page(r, "Operasi"), Summary: []petugas.OperasiFigure{
		{Label: "Surel menunggu dikirim", Value: indo.Int(stats.MailPending)},
		{Label: "Surel yang menunggu paling lama", Value: waitText(stats.OldestPendingMail)},
		{Label: "Surel sedang dicoba ulang", Value: indo.Int(stats.MailRetrying)},
		{Label: "Surel gagal", Value: indo.Int(stats.MailFailed)},
		{Label: "Pekerjaan latar berhenti atau menunggu percobaan ulang", Value: indo.Int(int64(len(jobs)))},
	}}
	for _, m := range mails {
		kind := m.Kind
		if kind == "" {
			kind = "—" // written before kinds were kept
		}
		to := m.To
		if m.Rahasia {
			to = "Pelapor Anonim (alamat tidak ditampilkan)"
		}
		om := petugas.OperasiMail{ID: strconv.FormatInt(m.ID, 10), Kind: kind, To: to, Subject: m.Subject,
			Created: indo.DateTime(m.CreatedAt), Attempts: strconv.Itoa(m.Attempts), Error: m.LastError,
			Status: "Dicoba ulang otomatis", StatusClass: "tag-yellow"}
		if m.State == store.MailFailed {
			om.Status, om.StatusClass = "Gagal", "tag-red"
			om.RetryAction = operasiPath + "/surel/" + om.ID + "/kirim-ulang"
		}
		v.Mail = append(v.Mail, om)
	}
	for _, j := range jobs {
		label := jobStateLabels[j.State]
		oj := petugas.OperasiJob{ID: strconv.FormatInt(j.ID, 10), Kind: j.Kind, Status: label[0], StatusClass: label[1],
			Attempts: strconv.Itoa(j.Attempt) + " dari " + strconv.Itoa(j.MaxAttempts), At: indo.DateTime(j.At), Error: j.LastError}
		switch {
		case j.Retryable():
			oj.RetryAction = operasiPath + "/pekerjaan/" + oj.ID + "/coba-lagi"
		case j.PermohonanID != 0:
			oj.OwnerHref, oj.OwnerLabel = "/petugas/akses/"+strconv.FormatInt(j.PermohonanID, 10), "Coba lagi dari halaman akses"
		}
		v.Jobs = append(v.Jobs, oj)
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, petugas.Operasi(v))
}

// waitText says how long the oldest email has waited.
func waitText(d time.Duration) string {
	if d == 0 {
		return "tidak ada"
	}
	return humanDuration(d)
}

func (s *Server) handleOperasiMailRetry(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	s.operasiDone(w, r, s.store.RetryMail(r.Context(), id, s.actor(r), s.now()), "Surel dijadwalkan untuk dikirim ulang.")
}

func (s *Server) handleOperasiJobRetry(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	s.operasiDone(w, r, s.store.RetryJob(r.Context(), id, s.actor(r), s.now()), "Pekerjaan latar dijalankan ulang.")
}

func (s *Server) operasiDone(w http.ResponseWriter, r *http.Request, err error, flash string) {
	switch {
	case errors.Is(err, store.ErrNotRetryable):
		s.sessions.Put(r.Context(), sessFlash, "Tidak dapat dicoba ulang dari halaman ini: sudah diproses, masih berjalan, atau dicoba ulang dari halaman pemiliknya.")
	case err != nil:
		s.renderError(w, r, err)
		return
	default:
		s.sessions.Put(r.Context(), sessFlash, flash)
	}
	http.Redirect(w, r, operasiPath, http.StatusSeeOther)
}
