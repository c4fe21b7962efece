package server

import (
	"net/http"
	"strconv"

	"github.com/a-h/templ"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/templates/pages/akun"
	view "github.com/bappenas/portal-regsosek/templates/pages/layanan"
)

// The registrator's akun page: the account, its officials, its permohonan and its other services.

func (s *Server) handleAkunHome(w http.ResponseWriter, r *http.Request) {
	reg := currentUser(r.Context()).Registrator
	list, err := s.store.ListPejabatOfAkun(r.Context(), reg.AkunID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	kat, _ := account.ParseKategori(reg.Kategori)
	v := akun.HomeView{Page: s.page(r, "Akun Saya"), Reference: reg.Reference, Kategori: kat.Label(),
		Instansi: reg.InstansiNama, Status: stateLabels[reg.AkunState], StatusInstansi: "Pemohon Hak Akses Data Regsosek"}
	// With access in force the instansi is "Pengguna Data Regsosek" (pedoman §III 6a; akses_view.go).
	if pengguna, err := s.store.IsPengguna(r.Context(), reg.AkunID); err != nil {
		s.renderError(w, r, err)
		return
	} else if pengguna {
		v.StatusInstansi = "Pengguna Data Regsosek"
	}
	for _, p := range list {
		row := akun.Pejabat{Nama: p.Nama, Jabatan: p.Jabatan, UnitKerja: p.UnitKerja, Status: stateLabels[p.State]}
		if p.ActivatedAt != nil {
			row.Sejak = indo.DateTime(*p.ActivatedAt)
		}
		switch p.State {
		case "aktif":
			v.Current = row
		case "menunggu_verifikasi", "disetujui":
			v.PendingHandover = p.Nama
		}
		v.History = append(v.History, row)
	}
	items, err := s.store.ListPermohonan(r.Context(), reg.AkunID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	for _, it := range items {
		n, tahap := it.State.Tahap()
		jenis := "Permohonan baru"
		if it.ParentID != nil {
			jenis = "Perubahan permohonan"
		}
		v.Permohonan = append(v.Permohonan, akun.PermohonanItem{Reference: it.Reference, Status: it.State.Label(),
			Tahap: "Tahap " + strconv.Itoa(n) + " " + tahap, Created: indo.DateTime(it.CreatedAt), Href: permohonanPath(it.ID, ""),
			Jenis: jenis, Rows: it.Rows})
	}
	if v.Layanan, err = s.akunLayanan(r, reg.AkunID); err != nil {
		s.renderError(w, r, err)
		return
	}
	// Unread messages (percakapan.go) and open survey invitations (survei.go).
	for _, part := range []func(*http.Request, int64) (templ.Component, error){s.unreadThreads, s.surveyInvitations} {
		c, err := part(r, reg.AkunID)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		v.Terbuka = append(v.Terbuka, c)
	}
	s.render(w, r, http.StatusOK, akun.Home(v))
}

// akunLayanan is the akun page's section on the two services.
func (s *Server) akunLayanan(r *http.Request, akunID int64) (templ.Component, error) {
	list, err := s.store.ListBimtekOfAkun(r.Context(), akunID)
	if err != nil {
		return nil, err
	}
	var v view.AkunLayananView
	for _, b := range list {
		ref := b.Reference
		if ref == "" {
			ref = "Draf"
		}
		row := view.BimtekRow{Href: bimtekPath(b.ID, ""), Reference: ref, Jenis: b.Data.Jenis(),
			Status: b.State.Label(), StatusClass: bimtekStatusClass(b.State),
			Tanggal: indo.DateRange(b.Data.UsulanMulai, b.Data.UsulanSelesai)}
		if b.Jadwal != nil {
			row.Tanggal = indo.DateRange(b.Jadwal.Mulai, b.Jadwal.Selesai)
		}
		v.Bimtek = append(v.Bimtek, row)
	}
	reports, err := s.store.ListPengaduanOfAkun(r.Context(), akunID)
	if err != nil {
		return nil, err
	}
	for _, p := range reports {
		v.Pengaduan = append(v.Pengaduan, view.PengaduanRow{Href: "/akun/pengaduan/" + strconv.FormatInt(p.ID, 10), Reference: p.Reference,
			Judul: p.Judul, Status: p.State.Label(), StatusClass: pengaduanStatusClass(p.State), Created: indo.DateTime(p.CreatedAt)})
	}
	return view.AkunLayanan(v), nil
}
