package server

import (
	"net/http"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/ekspor"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/templates/components"
	"github.com/bappenas/portal-regsosek/templates/pages/petugas"
)

// Penggantian Operator (issue 13) as every staff list is (issue 15): every request in every state, opening
// on those waiting for the verifikator teknis, oldest first; searched by nomor, instansi or operator,
// counted, sorted, paged and downloaded (kit_list.go).

const gantiListPath = "/petugas/penggantian-operator"

var gantiStates = []string{string(request.GantiDiajukan), string(request.GantiDisetujui), string(request.GantiBelumSesuai),
	string(request.GantiSelesai), string(request.GantiDibatalkan)}

func gantiStateLabel(st string) string { return request.GantiState(st).Label() }

func gantiFilter(lq listQuery) store.PenggantianFilter {
	return store.PenggantianFilter{Q: lq.Q, State: lq.statusParam(string(request.GantiDiajukan), func(st string) bool { return gantiStateLabel(st) != "" })}
}

func gantiPengguna(g request.Penggantian) string {
	names := make([]string, len(g.Rows))
	for i, b := range g.Rows {
		names[i] = b.Pengguna
	}
	return strings.Join(names, ", ")
}

func (s *Server) handleGantiQueue(w http.ResponseWriter, r *http.Request) {
	lq := s.listQuery(r)
	f := gantiFilter(lq)
	page, err := s.store.ListPenggantianStaff(r.Context(), f, lq.paging())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := petugas.ListPageView{Page: s.page(r, "Penggantian Operator"), Title: "Penggantian Operator", Caption: "Pengajuan penggantian operator Sepakat",
		Intro:  "Pengajuan registrator untuk mengganti operator pengelola akun Sepakat. Daftar dibuka pada yang menunggu verifikasi, yang terlama di atas.",
		TestID: "ganti-list", Empty: "Tidak ada pengajuan yang sesuai.", Pager: lq.pager(page.Next, page.Prev)}
	v.Controls = components.ListControls{Action: gantiListPath, Q: lq.Q, QLabel: "Cari pengajuan",
		QHint: "Nomor permohonan, nama instansi atau nama operator.", ClearHref: gantiListPath,
		Count: indo.Int(int64(page.Total)) + " pengajuan", Exports: lq.exports(gantiListPath),
		Facets: lq.facets(gantiStates, gantiStateLabel, page.ByState, f.State, statusSemua)}
	v.Headers = []components.SortHeader{lq.sortHeader("Nomor permohonan", "nomor", page.Sort, page.Desc),
		lq.sortHeader("Instansi", "instansi", page.Sort, page.Desc), {Label: "Pengguna"}, {Label: "Operator baru"}, {Label: "Status"},
		lq.sortHeader("Diajukan", "diajukan", page.Sort, page.Desc), {Label: "Tindakan"}}
	for _, g := range page.Items {
		v.Rows = append(v.Rows, []components.Cell{{Text: g.Reference}, {Text: g.InstansiNama}, {Text: gantiPengguna(g)},
			{Text: g.Operator.Nama, Hint: g.Operator.Jabatan}, {Text: g.State.Label(), Tag: string(g.State)}, {Text: indo.DateTime(g.DiajukanAt)},
			{Text: "Lihat", Href: gantiPath(g.ID), Hidden: g.Reference + " " + g.Operator.Nama}})
	}
	s.render(w, r, http.StatusOK, petugas.ListPage(v))
}

var gantiColumns = []ekspor.Column{{Title: "Nomor permohonan", Width: 18}, {Title: "Instansi", Width: 40}, {Title: "Operator baru", Width: 28},
	{Title: "Jabatan", Width: 24}, {Title: "Status", Width: 24}, {Title: "Diajukan", Kind: ekspor.DateTime}, {Title: "Diputuskan", Kind: ekspor.DateTime},
	{Title: "Catatan verifikator", Width: 40}}

func (s *Server) handleGantiExport(w http.ResponseWriter, r *http.Request) {
	lq := s.listQuery(r)
	f := gantiFilter(lq)
	s.sendExport(w, r, "penggantian-operator", "Penggantian", gantiColumns, func(emit func(...any) error) error {
		return s.store.EachPenggantianStaff(r.Context(), f, lq.paging(), func(g request.Penggantian) error {
			return emit(g.Reference, g.InstansiNama, g.Operator.Nama, g.Operator.Jabatan, g.State.Label(), g.DiajukanAt,
				dateOrNil(g.DiputuskanAt), g.CatatanVerif)
		})
	})
}
