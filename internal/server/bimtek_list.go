package server

import (
	"net/http"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/ekspor"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/templates/components"
	"github.com/bappenas/portal-regsosek/templates/pages/petugas"
)

// The pengelola layanan's list of Fasilitasi Bimbingan Teknis requests: opening on those in progress (waiting
// for a schedule, or scheduled), oldest first; every state a click away; searched, filtered, sorted, counted,
// paged and downloaded as every staff list is (kit_list.go).

const bimtekListPath = "/petugas/bimtek"

var bimtekListStates = []layanan.BimtekState{layanan.BimtekDiajukan, layanan.BimtekDijadwalkan, layanan.BimtekSelesai, layanan.BimtekDitolak}

// statusProses names the list's opening view in its counts.
const statusProses = "proses"

func bimtekFilter(lq listQuery) (layanan.BimtekFilter, string) {
	f := layanan.BimtekFilter{Q: lq.Q, Kategori: lq.get("kategori"), Provinsi: lq.get("provinsi"), Mode: lq.get("mode"), Jenis: lq.get("jenis")}
	status := lq.get(paramStatus)
	switch {
	case status == "" || status == statusProses:
		status = statusProses
		f.States = []layanan.BimtekState{layanan.BimtekDiajukan, layanan.BimtekDijadwalkan}
	case status == statusSemua:
	default:
		for _, st := range bimtekListStates {
			if string(st) == status {
				f.States = []layanan.BimtekState{st}
			}
		}
		if len(f.States) == 0 {
			status = statusSemua
		}
	}
	return f, status
}

func (s *Server) handleBimtekQueue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lq := s.listQuery(r)
	f, status := bimtekFilter(lq)
	page, err := s.store.ListBimtekStaff(ctx, f, lq.paging())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	provs, err := s.provinsiOptions(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := petugas.ListPageView{Page: s.page(r, "Fasilitasi Bimbingan Teknis"), Title: "Fasilitasi Bimbingan Teknis",
		Intro:   "Permohonan bimbingan teknis dari akun layanan. Daftar dibuka pada yang sedang diproses, yang terlama di atas.",
		Caption: "Permohonan bimbingan teknis", TestID: "queue", Empty: "Tidak ada permohonan bimbingan teknis yang sesuai.",
		Pager: lq.pager(page.Next, page.Prev)}
	v.Controls = components.ListControls{Action: bimtekListPath, Q: lq.Q, QLabel: "Cari permohonan bimbingan teknis",
		QHint: "Nomor, nama instansi atau nomor akun, atau nama narahubung.", ClearHref: bimtekListPath,
		Count: indo.Int(int64(page.Total)) + " permohonan", Exports: lq.exports(bimtekListPath), Selects: bimtekSelects(f, status, provs)}
	v.Controls.Facets = bimtekFacets(lq, page.ByState, status)
	v.Headers = []components.SortHeader{lq.sortHeader("Nomor", "nomor", page.Sort, page.Desc), lq.sortHeader("Pemohon", "instansi", page.Sort, page.Desc),
		{Label: "Jenis"}, lq.sortHeader("Tanggal", "usulan", page.Sort, page.Desc), {Label: "Status"},
		lq.sortHeader("Diajukan", "diajukan", page.Sort, page.Desc), {Label: "Tindakan"}}
	for _, b := range page.Items {
		jenis := b.Data.Jenis()
		if b.Data.Pelatihan {
			jenis += " — " + layanan.ClassesText(b.Data.PesertaPK, b.Data.PesertaDK)
		}
		tanggal, mode := "Usulan "+indo.DateRange(b.Data.UsulanMulai, b.Data.UsulanSelesai), b.Data.Mode
		if b.Jadwal != nil {
			tanggal, mode = "Jadwal "+indo.DateRange(b.Jadwal.Mulai, b.Jadwal.Selesai), b.Jadwal.Mode
		}
		submitted := ""
		if b.SubmittedAt != nil {
			submitted = indo.DateTime(*b.SubmittedAt)
		}
		v.Rows = append(v.Rows, []components.Cell{{Text: b.Reference}, {Text: b.InstansiNama, Hint: kategoriLabel(b.Kategori)},
			{Text: jenis}, {Text: tanggal, Hint: mode.Label()}, {Text: b.State.Label(), Tag: strings.TrimPrefix(bimtekStatusClass(b.State), "tag-")},
			{Text: submitted}, {Text: "Lihat", Href: bimtekStaffPath(b.ID, ""), Hidden: b.Reference}})
	}
	s.render(w, r, http.StatusOK, petugas.ListPage(v))
}

func kategoriLabel(k string) string {
	kat, _ := account.ParseKategori(k)
	return kat.Label()
}

func bimtekSelects(f layanan.BimtekFilter, status string, provs []components.Option) []components.Choice {
	kat := components.Choice{Name: "kategori", Label: "Kategori pemohon", Placeholder: "Semua", Selected: f.Kategori}
	for _, k := range account.AllKategori {
		kat.Options = append(kat.Options, components.Option{Value: string(k), Label: k.Label()})
	}
	mode := components.Choice{Name: "mode", Label: "Moda", Placeholder: "Semua", Selected: f.Mode}
	for _, m := range layanan.Modes {
		mode.Options = append(mode.Options, components.Option{Value: string(m), Label: m.Label()})
	}
	st := components.Choice{Name: paramStatus, Label: "Status", Selected: status,
		Options: []components.Option{{Value: statusProses, Label: "Sedang diproses"}, {Value: statusSemua, Label: "Semua"}}}
	for _, s := range bimtekListStates {
		st.Options = append(st.Options, components.Option{Value: string(s), Label: s.Label()})
	}
	return []components.Choice{kat, {Name: "provinsi", Label: "Provinsi", Placeholder: "Semua", Selected: f.Provinsi, Options: provs},
		{Name: "jenis", Label: "Jenis", Placeholder: "Semua", Selected: f.Jenis,
			Options: []components.Option{{Value: "pelatihan", Label: "Pelatihan"}, {Value: "konsultasi", Label: "Konsultasi"}}}, mode, st}
}

func bimtekFacets(lq listQuery, by map[string]int, status string) []components.Facet {
	var order []string
	for _, st := range bimtekListStates {
		order = append(order, string(st))
	}
	chosen := status
	if status == statusProses || status == statusSemua {
		chosen = ""
	}
	facets := lq.facets(order, func(st string) string { return layanan.BimtekState(st).Label() }, by, chosen, statusSemua)
	facets[0].Current = status == statusSemua
	proses := by[string(layanan.BimtekDiajukan)] + by[string(layanan.BimtekDijadwalkan)]
	return append([]components.Facet{{Label: "Sedang diproses", Count: indo.Int(int64(proses)), Href: lq.href(paramStatus, ""),
		Current: status == statusProses}}, facets...)
}

var bimtekColumns = []ekspor.Column{{Title: "Nomor", Width: 18}, {Title: "Pemohon", Width: 40}, {Title: "Kategori", Width: 26},
	{Title: "Nomor akun", Width: 18}, {Title: "Jenis", Width: 24}, {Title: "Versi", Width: 10}, {Title: "Peserta PK", Kind: ekspor.Number, Width: 10},
	{Title: "Peserta DK", Kind: ekspor.Number, Width: 10}, {Title: "Moda", Width: 24}, {Title: "Usulan mulai", Kind: ekspor.Date},
	{Title: "Usulan selesai", Kind: ekspor.Date}, {Title: "Jadwal mulai", Kind: ekspor.Date}, {Title: "Jadwal selesai", Kind: ekspor.Date},
	{Title: "Status", Width: 24}, {Title: "Narahubung", Width: 26}, {Title: "Diajukan", Kind: ekspor.DateTime},
	{Title: "Diputuskan", Kind: ekspor.DateTime}, {Title: "Ditangani", Width: 24}}

func (s *Server) handleBimtekExport(w http.ResponseWriter, r *http.Request) {
	lq := s.listQuery(r)
	f, _ := bimtekFilter(lq)
	s.sendExport(w, r, "bimtek", "Bimtek", bimtekColumns, func(emit func(...any) error) error {
		return s.store.EachBimtekStaff(r.Context(), f, lq.paging(), func(b layanan.Bimtek) error {
			var jMulai, jSelesai any
			mode := b.Data.Mode
			if b.Jadwal != nil {
				jMulai, jSelesai, mode = b.Jadwal.Mulai, b.Jadwal.Selesai, b.Jadwal.Mode
			}
			return emit(b.Reference, b.InstansiNama, kategoriLabel(b.Kategori), b.AkunReference, b.Data.Jenis(), string(b.Data.Versi),
				b.Data.PesertaPK, b.Data.PesertaDK, mode.Label(), b.Data.UsulanMulai, b.Data.UsulanSelesai, jMulai, jSelesai,
				b.State.Label(), b.Data.Narahubung.Nama, dateOrNil(b.SubmittedAt), dateOrNil(b.DecidedAt), b.HandlerNama)
		})
	})
}
