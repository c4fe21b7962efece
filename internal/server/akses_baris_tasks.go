package server

import (
	"net/http"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/indo"
	akv "github.com/bappenas/portal-regsosek/templates/pages/akses"
)

// The staff's work lists of access over time (issue 13): the proposed PKS/NDA texts waiting for the produsen
// data, and the Berita Acara Pemusnahan Data past their deadline, first on the list.

func (s *Server) addLifecycleTasks(r *http.Request, v *akv.TasksView) error {
	late, err := s.store.ListPemusnahanTerlambat(r.Context(), indo.Today(s.now()))
	if err != nil {
		return err
	}
	var groups []akv.TaskGroup
	if len(late) > 0 {
		g := akv.TaskGroup{Key: "pemusnahan", Title: "Berita Acara Pemusnahan Data terlambat"}
		for _, m := range late {
			g.Items = append(g.Items, akv.TaskItem{Href: aksesPath(m.PermohonanID, ""), Reference: m.Reference, Instansi: m.InstansiNama,
				Status: "Belum diunggah: " + m.Pengguna, Since: indo.Date(m.BerakhirAt), Until: "batas " + indo.Date(m.Tenggat)})
		}
		groups = append(groups, g)
	}
	usulan, err := s.store.ListUsulanWaiting(r.Context())
	if err != nil {
		return err
	}
	if len(usulan) > 0 {
		g := akv.TaskGroup{Key: "usulan", Title: "Usulan perubahan PKS/NDA menunggu keputusan"}
		for _, u := range usulan {
			g.Items = append(g.Items, akv.TaskItem{Href: aksesPath(u.PermohonanID, ""), Reference: u.Reference, Instansi: u.InstansiNama,
				Status: strings.ToUpper(string(u.Kind)), Since: indo.DateTime(u.DiajukanAt)})
		}
		groups = append(groups, g)
	}
	v.Groups = append(groups, v.Groups...)
	return nil
}
