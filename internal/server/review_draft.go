package server

import (
	"net/http"
	"strconv"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// "Simpan sementara" on the verifier's judgement form (issue 15): what is filled in so far is kept, nothing
// is sent to the pemohon and the state does not move; the form opens with it next time. Text over its limit
// is still an error beside its field (422), never cut.
func (s *Server) saveReviewDraft(w http.ResponseWriter, r *http.Request, p request.Permohonan, me *account.Staff, stage review.Stage,
	posted map[string]string, lengths validate.Errors) {
	if lengths.Any() {
		s.reviewInvalid(w, r, p, me, lengths, posted)
		return
	}
	now := s.now()
	if err := s.store.SaveReviewDraft(r.Context(), p.ID, stage, me.ID, posted, now); err != nil {
		s.reviewFail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Penilaian disimpan sementara "+indo.DateTime(now)+
		". Belum ada yang dikirim; lanjutkan dan pilih hasil verifikasi bila sudah selesai.")
	http.Redirect(w, r, "/petugas/permohonan/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}
