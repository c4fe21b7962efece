package server

import (
	"net/http"
	"strconv"

	"github.com/a-h/templ"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/templates/pages/akun"
	view "github.com/bappenas/portal-regsosek/templates/pages/layanan"
)

// The registrator's akun page: the account, its officials, its permohonan and its other services.

func (s *Server) handleAkunHome(w http.ResponseWriter, r *http.Request) {
	reg := currentUser(r.Context()).Registrator
	// Everything the page shows is read in one round trip (store.Reads).
	var (
		list     []account.PejabatEntry
		pengguna bool
		page     store.Page[request.PermohonanSummary]
		bimtek   []layanan.Bimtek
		reports  []layanan.PengaduanItem
		invites  []store.Undangan
		unread   map[string]int
	)
	lq := s.listQuery(r)
	reads := s.store.Reads()
	reads.OfficialsOfAkun(reg.AkunID, &list)
	reads.Pengguna(reg.AkunID, &pengguna)
	reads.PermohonanOfAkun(reg.AkunID, lq.paging(), &page)
	reads.BimtekOfAkun(reg.AkunID, &bimtek)
	reads.PengaduanOfAkun(reg.AkunID, &reports)
	reads.OpenUndangan(reg.AkunID, s.now(), &invites)
	reads.UnreadForAkun(reg.AkunID, &unread)
	if err := reads.Send(r.Context()); err != nil {
		s.renderError(w, r, err)
		return
	}
	kat, _ := account.ParseKategori(reg.Kategori)
	v := akun.HomeView{Page: s.page(r, "Akun Saya"), Reference: reg.Reference, Kategori: kat.Label(),
		Instansi: reg.InstansiNama, Status: stateLabels[reg.AkunState], StatusInstansi: "Pemohon Hak Akses Data Regsosek"}
	// With access in force the instansi is "Pengguna Data Regsosek" (pedoman §III 6a; akses_view.go).
	if pengguna {
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
	v.PermohonanCount, v.Pager = indo.Int(int64(page.Total)), lq.pager(page.Next, page.Prev)
	for _, it := range page.Items {
		n, tahap := it.State.Tahap()
		jenis := "Permohonan baru"
		if it.ParentID != nil {
			jenis = "Perubahan permohonan"
		}
		v.Permohonan = append(v.Permohonan, akun.PermohonanItem{Reference: it.Reference, Status: it.State.Label(),
			Tahap: "Tahap " + strconv.Itoa(n) + " " + tahap, Created: indo.DateTime(it.CreatedAt), Href: permohonanPath(it.ID, ""),
			Jenis: jenis, Rows: it.Rows})
	}
	v.Layanan = akunLayanan(bimtek, reports)
	// Unread messages (percakapan.go) and open survey invitations (survei.go).
	v.Terbuka = []templ.Component{unreadThreads(unread), surveyInvitations(invites)}
	s.render(w, r, http.StatusOK, akun.Home(v))
}

// akunLayanan is the akun page's section on the two services.
func akunLayanan(bimtek []layanan.Bimtek, reports []layanan.PengaduanItem) templ.Component {
	var v view.AkunLayananView
	for _, b := range bimtek {
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
	for _, p := range reports {
		v.Pengaduan = append(v.Pengaduan, view.PengaduanRow{Href: "/akun/pengaduan/" + strconv.FormatInt(p.ID, 10), Reference: p.Reference,
			Judul: p.Judul, Status: p.State.Label(), StatusClass: pengaduanStatusClass(p.State), Created: indo.DateTime(p.CreatedAt)})
	}
	return view.AkunLayanan(v)
}
