package server

import (
	"net/http"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/templates/pages/petugas"
)

// The staff home page: the queues the signed-in staff member works on.

func (s *Server) handleStaffHome(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r.Context()).Staff
	v := petugas.HomeView{Page: s.page(r, "Beranda Petugas"), Nama: u.Nama,
		CanVerifyAccounts: u.HasRole(account.RoleVerifikatorAkun) || u.HasRole(account.RoleAdmin)}
	for _, role := range u.Roles {
		v.Roles = append(v.Roles, role.Label())
	}
	stats, err := s.store.ReviewStats(r.Context(), s.now(), u.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	for _, st := range stats.Stages {
		if !staffHas(u, review.RoleOf(st.Stage), account.RoleProdusenData, account.RoleAdmin) {
			continue
		}
		card := petugas.QueueCard{Label: stageTitles[st.Stage], Href: "/petugas/antrean/" + string(st.Stage), Count: st.Count, Overdue: st.Overdue}
		if st.Oldest != nil {
			card.Oldest = indo.DateTime(*st.Oldest)
		}
		v.Queues = append(v.Queues, card)
	}
	v.IsDirektur, v.Rekomendasi = u.HasRole(account.RoleDirekturPengampu), stats.Rekomendasi
	v.ShowStats, v.Decisions30, v.MedianDays = len(v.Queues) > 0, stats.Decisions30, "-"
	if stats.MedianDaysDecided != nil {
		v.MedianDays = indo.Decimal(*stats.MedianDaysDecided, 1)
	}
	if v.CanVerifyAccounts {
		list, err := s.store.ListPendingPejabat(r.Context())
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		v.Pending = len(list)
	}
	if v.Terbuka, err = s.staffTerbuka(r, u); err != nil { // petugas_terbuka.go
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, petugas.Home(v))
}
