package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/ekspor"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/templates/components"
	"github.com/bappenas/portal-regsosek/templates/pages/petugas"
)

// Kelola Pengaduan as a list: the reports a staff member may list (layanan.Viewer: a Rahasia report only in
// the handlers' list, and once taken up in its handler's only), opening on those still open, the one
// waiting longest first; searched, filtered, sorted, counted, paged and downloaded as every staff list is.
// The download never holds a Rahasia report, and an Anonim reporter is never shown, searched or exported.

const pengaduanListPath = "/petugas/pengaduan"

// statusTerbuka names the list's opening view: every state but closed.
const statusTerbuka = "terbuka"

func pengaduanFilter(lq listQuery, me int64) (layanan.PengaduanFilter, string) {
	f := layanan.PengaduanFilter{Q: lq.Q, Kategori: layanan.Kategori(lq.get("kategori"))}
	if lq.checked("saya") {
		f.Mine = me
	}
	status := lq.get(paramStatus)
	if lq.get("ditutup") == "1" && status == "" { // the address of the list before issue 15, unless a state is chosen
		status = string(layanan.PengaduanDitutup)
	}
	switch {
	case status == "" || status == statusTerbuka:
		status = statusTerbuka
		f.States = []layanan.PengaduanState{layanan.PengaduanBaru, layanan.PengaduanMenungguInformasi, layanan.PengaduanDijawab}
	case status == statusSemua:
	default:
		for _, st := range layanan.PengaduanStates {
			if string(st) == status {
				f.States = []layanan.PengaduanState{st}
			}
		}
		if len(f.States) == 0 {
			status = statusSemua
		}
	}
	return f, status
}

func (s *Server) handlePengaduanQueue(w http.ResponseWriter, r *http.Request) {
	v := s.viewer(r)
	lq := s.listQuery(r)
	f, status := pengaduanFilter(lq, v.StaffID)
	page, err := s.store.ListPengaduanStaff(r.Context(), f, v, lq.paging())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	// The list names each reporter who is not Anonim, as the report's own page does: each is a recorded view.
	var seen []int64
	for _, it := range page.Items {
		if !it.Anonim {
			seen = append(seen, it.ID)
		}
	}
	if err := s.store.AuditViews(r.Context(), s.actor(r), "pengaduan.lihat_pelapor", "pengaduan", seen, map[string]any{"dari": "daftar"}); err != nil {
		s.renderError(w, r, err)
		return
	}
	intro := "Laporan Rahasia tidak dimuat dalam daftar ini. Identitas pelapor Anonim tidak ditampilkan."
	if v.Handler {
		intro = "Laporan Rahasia hanya muncul di daftar pengelola layanan, dan setelah ditangani hanya bagi petugas yang menanganinya. " +
			"Identitas pelapor Anonim tidak ditampilkan. Unduhan tidak memuat laporan Rahasia."
	}
	pv := petugas.ListPageView{Page: s.page(r, "Pengaduan dan Pelaporan"), Title: "Pengaduan dan Pelaporan", Intro: intro,
		Caption: "Daftar laporan", TestID: "queue", Empty: "Tidak ada laporan yang sesuai.", Pager: lq.pager(page.Next, page.Prev)}
	pv.Controls = components.ListControls{Action: pengaduanListPath, Q: lq.Q, QLabel: "Cari laporan",
		QHint: "Nomor laporan, judul, atau nama instansi akun pengirim (bukan laporan Anonim).", ClearHref: pengaduanListPath,
		Count: indo.Int(int64(page.Total)) + " laporan", Exports: lq.exports(pengaduanListPath),
		Selects: pengaduanSelects(f, status), Checks: []components.ListCheck{{Name: "saya", Label: "Ditangani saya", Checked: f.Mine != 0}}}
	pv.Controls.Facets = pengaduanFacets(lq, page.ByState, status)
	pv.Headers = []components.SortHeader{lq.sortHeader("Nomor", "nomor", page.Sort, page.Desc), {Label: "Judul"}, {Label: "Pelapor"},
		{Label: "Status"}, lq.sortHeader("Dikirim", "dibuat", page.Sort, page.Desc), lq.sortHeader("Diperbarui", "diperbarui", page.Sort, page.Desc),
		{Label: "Tindakan"}}
	for _, it := range page.Items {
		judul := components.Cell{Text: it.Judul, Hint: it.Kategori.Label()}
		if it.Rahasia {
			judul.Flag = "Rahasia"
		}
		pelapor := components.Cell{Text: "Anonim"}
		if !it.Anonim {
			pelapor = components.Cell{Text: it.Nama, Hint: it.Instansi}
		}
		status := components.Cell{Text: it.State.Label(), Tag: strings.TrimPrefix(pengaduanStatusClass(it.State), "tag-")}
		if it.HandlerNama != "" {
			status.Hint = "Ditangani " + it.HandlerNama
		}
		pv.Rows = append(pv.Rows, []components.Cell{{Text: it.Reference}, judul, pelapor, status, {Text: indo.DateTime(it.CreatedAt)},
			{Text: indo.DateTime(it.UpdatedAt)}, {Text: "Lihat", Href: pengaduanListPath + "/" + strconv.FormatInt(it.ID, 10), Hidden: it.Reference}})
	}
	s.render(w, r, http.StatusOK, petugas.ListPage(pv))
}

func pengaduanSelects(f layanan.PengaduanFilter, status string) []components.Choice {
	kat := components.Choice{Name: "kategori", Label: "Kategori laporan", Placeholder: "Semua", Selected: string(f.Kategori)}
	for _, k := range layanan.Kategories {
		kat.Options = append(kat.Options, components.Option{Value: string(k), Label: k.Label()})
	}
	st := components.Choice{Name: paramStatus, Label: "Status", Selected: status,
		Options: []components.Option{{Value: statusTerbuka, Label: "Terbuka"}, {Value: statusSemua, Label: "Semua"}}}
	for _, s := range layanan.PengaduanStates {
		st.Options = append(st.Options, components.Option{Value: string(s), Label: s.Label()})
	}
	return []components.Choice{kat, st}
}

func pengaduanFacets(lq listQuery, by map[string]int, status string) []components.Facet {
	var order []string
	for _, st := range layanan.PengaduanStates {
		order = append(order, string(st))
	}
	chosen := status
	if status == statusTerbuka || status == statusSemua {
		chosen = ""
	}
	facets := lq.facets(order, func(st string) string { return layanan.PengaduanState(st).Label() }, by, chosen, statusSemua)
	facets[0].Current = status == statusSemua
	open := by[string(layanan.PengaduanBaru)] + by[string(layanan.PengaduanMenungguInformasi)] + by[string(layanan.PengaduanDijawab)]
	return append([]components.Facet{{Label: "Terbuka", Count: indo.Int(int64(open)), Href: lq.href(paramStatus, "", "ditutup", ""),
		Current: status == statusTerbuka}}, facets...)
}

var pengaduanColumns = []ekspor.Column{{Title: "Nomor", Width: 18}, {Title: "Tanggal", Kind: ekspor.Date}, {Title: "Kategori", Width: 30},
	{Title: "Judul", Width: 40}, {Title: "Lokasi", Width: 24}, {Title: "Status", Width: 24}, {Title: "Ditangani oleh", Width: 24},
	{Title: "Anonim", Width: 8}, {Title: "Nama Pelapor", Width: 24}, {Title: "Instansi Pelapor", Width: 30}, {Title: "Jabatan Pelapor", Width: 24},
	{Title: "Diperbarui", Kind: ekspor.DateTime}}

// handlePengaduanExport downloads the filtered list for reporting. Rahasia reports are left out, and an
// Anonim reporter's columns say "Anonim". Each reporter it names is recorded as seen, as on the list page.
func (s *Server) handlePengaduanExport(w http.ResponseWriter, r *http.Request) {
	v := s.viewer(r)
	lq := s.listQuery(r)
	f, _ := pengaduanFilter(lq, v.StaffID)
	var seen []int64
	s.sendExport(w, r, "pengaduan", "Pengaduan", pengaduanColumns, func(emit func(...any) error) error {
		return s.store.EachPengaduanExport(r.Context(), f, v, lq.paging(), func(p store.PengaduanExportRow) error {
			nama, instansi, jabatan, anonim := "Anonim", "Anonim", "Anonim", "Ya"
			if !p.Anonim {
				nama, instansi, jabatan, anonim = p.Nama, p.Instansi, p.Jabatan, "Tidak"
				seen = append(seen, p.ID)
			}
			return emit(p.Reference, p.CreatedAt, p.Kategori.Label(), p.Judul, p.Lokasi, p.State.Label(), p.HandlerNama, anonim,
				nama, instansi, jabatan, p.UpdatedAt)
		})
	})
	// The export itself was recorded before it was sent (sendExport); which reporters it named follows it,
	// also when the download was cut short (what was sent was seen).
	ctx := context.WithoutCancel(r.Context())
	if err := s.store.AuditViews(ctx, s.actor(r), "pengaduan.lihat_pelapor", "pengaduan", seen, map[string]any{"dari": "ekspor"}); err != nil {
		s.log.Error("audit of a pengaduan export", "request_id", requestIDFrom(ctx), "err", err)
	}
}
