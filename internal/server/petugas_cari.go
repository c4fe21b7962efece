package server

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/templates/pages/petugas"
)

// The search box on every staff page (in the header) and its page: what matches in each service the staff
// member works on — permohonan in every state, akun registrations and handovers, bimtek, Penggantian
// Operator and pengaduan —
// the newest few of each, how many in all, and a link to all of them in the service's list. The text is
// sent with POST and kept in the session (kit_list.go): a name never travels in an address.

// cariMin is the shortest text searched for: fewer characters match too much to help.
const cariMin = 3

func (s *Server) handleCari(w http.ResponseWriter, r *http.Request) {
	me := currentUser(r.Context()).Staff
	lq := s.listQuery(r)
	v := petugas.CariView{Page: s.page(r, "Cari"), Q: lq.Q}
	if lq.Q == "" {
		if r.URL.Query().Get(paramCari) != "" { // listQuery drops a key the session no longer holds
			v.Error = "Pencarian ini sudah tidak tersimpan. Ketik lagi yang dicari."
		}
		s.render(w, r, http.StatusOK, petugas.Cari(v))
		return
	}
	if utf8.RuneCountInString(lq.Q) < cariMin {
		v.Error = "Ketik paling sedikit " + strconv.Itoa(cariMin) + " karakter."
		s.render(w, r, http.StatusUnprocessableEntity, petugas.Cari(v))
		return
	}
	sc := store.CariScope{Permohonan: staffHas(me, reviewRoles...), Akun: staffHas(me, account.RoleVerifikatorAkun, account.RoleAdmin),
		Bimtek: staffHas(me, account.RolePengelolaLayanan), Penggantian: staffHas(me, account.RoleVerifikatorTeknis)}
	if staffHas(me, account.RolePengelolaLayanan, account.RoleAdmin) {
		viewer := s.viewer(r)
		sc.Pengaduan = &viewer
	}
	found, err := s.store.Cari(r.Context(), lq.Q, sc)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	key := lq.get(paramCari)
	all := func(path string, extra ...string) string {
		return path + "?" + strings.Join(append([]string{paramCari + "=" + key}, extra...), "&")
	}
	type group struct {
		on                    bool
		key, title, all, noun string
		href                  func(store.CariHit) string
		status, class         func(string) string
	}
	for _, g := range []group{
		{sc.Permohonan, "permohonan", "Permohonan hak akses", all(registerPath), "permohonan",
			func(h store.CariHit) string { return permohonanStaffHref(h.ID, request.State(h.State)) },
			func(st string) string { return request.State(st).Label() }, func(st string) string { return st }},
		{sc.Akun, "akun", "Pendaftaran akun dan penggantian pejabat", all(verifikasiPath, paramStatus+"="+statusSemua), "pendaftaran",
			func(h store.CariHit) string { return verifikasiPath + "/" + strconv.FormatInt(h.ID, 10) },
			func(st string) string { return stateLabels[st] }, func(st string) string { return st }},
		{sc.Bimtek, "bimtek", "Fasilitasi Bimbingan Teknis", all(bimtekListPath, paramStatus+"="+statusSemua), "permohonan bimbingan teknis",
			func(h store.CariHit) string { return bimtekStaffPath(h.ID, "") },
			func(st string) string { return layanan.BimtekState(st).Label() },
			func(st string) string { return strings.TrimPrefix(bimtekStatusClass(layanan.BimtekState(st)), "tag-") }},
		{sc.Penggantian, "penggantian", "Penggantian Operator", all(gantiListPath, paramStatus+"="+statusSemua), "pengajuan penggantian operator",
			func(h store.CariHit) string { return gantiPath(h.ID) },
			func(st string) string { return gantiStateLabel(st) }, func(st string) string { return st }},
		{sc.Pengaduan != nil, "pengaduan", "Pengaduan dan Pelaporan", all(pengaduanListPath, paramStatus+"="+statusSemua), "laporan",
			func(h store.CariHit) string { return pengaduanListPath + "/" + strconv.FormatInt(h.ID, 10) },
			func(st string) string { return layanan.PengaduanState(st).Label() },
			func(st string) string {
				return strings.TrimPrefix(pengaduanStatusClass(layanan.PengaduanState(st)), "tag-")
			}},
	} {
		if !g.on {
			continue
		}
		res := found[g.key]
		cg := petugas.CariGroup{Key: g.key, Title: g.title, Count: indo.Int(int64(res.Total))}
		if res.Total > len(res.Hits) {
			cg.AllHref, cg.AllLabel = g.all, "Lihat semua "+indo.Int(int64(res.Total))+" "+g.noun
		}
		for _, h := range res.Hits {
			cg.Hits = append(cg.Hits, petugas.CariHit{Href: g.href(h), Reference: h.Reference, Title: h.Title, Hint: h.Hint,
				Status: g.status(h.State), StatusClass: g.class(h.State), When: indo.Date(h.At)})
		}
		v.Groups = append(v.Groups, cg)
	}
	v.Nothing = len(found) == 0
	s.render(w, r, http.StatusOK, petugas.Cari(v))
}
