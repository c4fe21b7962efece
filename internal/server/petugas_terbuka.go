package server

import (
	"net/http"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/percakapan"
	"github.com/bappenas/portal-regsosek/templates/pages/petugas"
)

// staffTerbuka are the staff home's cards of issue 16's areas, as the roles open them: the conversations with
// pemohon (with what is unread), the Register Pemanfaatan Data, the API keys and the Survei Kepuasan
// Masyarakat.
func (s *Server) staffTerbuka(r *http.Request, u *account.Staff) ([]petugas.HomeLink, error) {
	var out []petugas.HomeLink
	if percakapan.StaffMay(percakapan.Permohonan, u.Roles) || percakapan.StaffMay(percakapan.Bimtek, u.Roles) {
		items, err := s.store.StaffInbox(r.Context(), u.ID, u.Roles)
		if err != nil {
			return nil, err
		}
		unread := 0
		for _, it := range items {
			unread += it.Unread
		}
		out = append(out, petugas.HomeLink{Label: "Percakapan", Href: "/petugas/percakapan",
			Note: indo.Int(int64(unread)) + " pesan pemohon belum dibaca."})
	}
	if registerEditor(u) {
		out = append(out, petugas.HomeLink{Label: "Register Pemanfaatan Data", Href: "/petugas/register",
			Note: "Ringkasan tujuan yang diterbitkan dan entri yang ditahan dari publikasi."})
	}
	if u.HasRole(account.RoleAdmin) {
		out = append(out, petugas.HomeLink{Label: "Kunci API", Href: "/petugas/api-kunci", Note: "Terbitkan, lihat, dan cabut kunci sistem pemakai API."})
	}
	out = append(out, petugas.HomeLink{Label: "Survei Kepuasan Masyarakat", Href: "/petugas/survei",
		Note: "Indeks Kepuasan Masyarakat per semester dan layanan, tren, dan saran responden."})
	return out, nil
}
