package server

import (
	"net/http"
	"strconv"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/ekspor"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/templates/components"
	"github.com/bappenas/portal-regsosek/templates/pages/petugas"
)

// Verifikasi Akun as a list: registrations and handovers in every state, opening on those waiting, oldest
// first; searched, filtered, sorted, counted, paged and downloaded as every staff list is (kit_list.go).

const verifikasiPath = "/petugas/verifikasi-akun"

var pejabatStates = []string{"menunggu_verifikasi", "disetujui", "aktif", "ditolak", "diganti"}

func knownPejabatState(st string) bool { return stateLabels[st] != "" }

func (s *Server) pejabatFilter(lq listQuery) account.PejabatFilter {
	return account.PejabatFilter{Q: lq.Q, State: lq.statusParam("menunggu_verifikasi", knownPejabatState),
		Kategori: lq.get("kategori"), Provinsi: lq.get("provinsi"), Jenis: lq.get("jenis")}
}

func (s *Server) handleVerifikasiQueue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lq := s.listQuery(r)
	f := s.pejabatFilter(lq)
	page, err := s.store.ListPejabatStaff(ctx, f, lq.paging())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	provs, err := s.provinsiOptions(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := petugas.ListPageView{Page: s.page(r, "Verifikasi Akun"), Title: "Verifikasi Akun", Caption: "Pendaftaran akun dan penggantian pejabat",
		Intro:  "Pendaftaran akun layanan dan penggantian pejabat pemegang akun. Daftar dibuka pada yang menunggu verifikasi, yang terlama di atas.",
		TestID: "queue", Empty: "Tidak ada pendaftaran yang sesuai.", Pager: lq.pager(page.Next, page.Prev)}
	v.Controls = components.ListControls{Action: verifikasiPath, Q: lq.Q, QLabel: "Cari pendaftaran",
		QHint: "Nomor akun, nama instansi, nama atau username registrator.", ClearHref: verifikasiPath,
		Count: indo.Int(int64(page.Total)) + " pendaftaran", Exports: lq.exports(verifikasiPath),
		Facets: lq.facets(pejabatStates, func(st string) string { return stateLabels[st] }, page.ByState, f.State, statusSemua)}
	kat := components.Choice{Name: "kategori", Label: "Kategori pemohon", Placeholder: "Semua", Selected: f.Kategori}
	for _, k := range account.AllKategori {
		kat.Options = append(kat.Options, components.Option{Value: string(k), Label: k.Label()})
	}
	v.Controls.Selects = []components.Choice{kat,
		{Name: "provinsi", Label: "Provinsi", Placeholder: "Semua", Selected: f.Provinsi, Options: provs},
		{Name: "jenis", Label: "Jenis", Placeholder: "Semua", Selected: f.Jenis, Options: []components.Option{
			{Value: account.JenisPendaftaran, Label: "Pendaftaran akun"}, {Value: account.JenisPenggantian, Label: "Penggantian pejabat"}}}}
	status := f.State
	if status == "" {
		status = statusSemua
	}
	v.Controls.Selects = append(v.Controls.Selects, components.Choice{Name: paramStatus, Label: "Status", Selected: status,
		Options: append([]components.Option{{Value: statusSemua, Label: "Semua"}}, pejabatStateOptions()...)})
	v.Headers = []components.SortHeader{lq.sortHeader("Nomor akun", "nomor", page.Sort, page.Desc),
		lq.sortHeader("Instansi", "instansi", page.Sort, page.Desc), {Label: "Registrator"}, {Label: "Jenis"}, {Label: "Status"},
		lq.sortHeader("Diajukan", "diajukan", page.Sort, page.Desc), {Label: "Menunggu"}, {Label: "Tindakan"}}
	now := s.now()
	for _, it := range page.Items {
		kat, _ := account.ParseKategori(it.Kategori)
		waiting := ""
		if it.State == "menunggu_verifikasi" {
			waiting = indo.Int(int64(now.Sub(it.CreatedAt).Hours()/24)) + " hari"
		}
		v.Rows = append(v.Rows, []components.Cell{{Text: it.Reference}, {Text: it.InstansiNama, Hint: kat.Label()},
			{Text: it.Nama, Hint: it.Username}, {Text: jenisPejabat(it.PendingPejabat)}, {Text: stateLabels[it.State], Tag: it.State},
			{Text: indo.DateTime(it.CreatedAt)}, {Text: waiting},
			{Text: "Lihat", Href: verifikasiPath + "/" + strconv.FormatInt(it.PejabatID, 10), Hidden: it.Reference}})
	}
	s.render(w, r, http.StatusOK, petugas.ListPage(v))
}

func pejabatStateOptions() []components.Option {
	var out []components.Option
	for _, st := range pejabatStates {
		out = append(out, components.Option{Value: st, Label: stateLabels[st]})
	}
	return out
}

func jenisPejabat(p account.PendingPejabat) string {
	if p.TanpaPemegang {
		return "Penggantian pejabat (tanpa pemegang akun)"
	}
	if p.IsHandover {
		return "Penggantian pejabat"
	}
	return "Pendaftaran akun"
}

var pejabatColumns = []ekspor.Column{{Title: "Nomor akun", Width: 18}, {Title: "Kategori", Width: 26}, {Title: "Kode wilayah/BA", Width: 14},
	{Title: "Instansi", Width: 40}, {Title: "Unit kerja", Width: 30}, {Title: "Registrator", Width: 26}, {Title: "Jabatan", Width: 24},
	{Title: "Username", Width: 20}, {Title: "Jenis", Width: 20}, {Title: "Status", Width: 20}, {Title: "Diajukan", Kind: ekspor.DateTime},
	{Title: "Diputuskan", Kind: ekspor.DateTime}, {Title: "Diaktifkan", Kind: ekspor.DateTime}, {Title: "Diganti", Kind: ekspor.DateTime}}

func (s *Server) handleVerifikasiExport(w http.ResponseWriter, r *http.Request) {
	lq := s.listQuery(r)
	f := s.pejabatFilter(lq)
	s.sendExport(w, r, "verifikasi-akun", "Akun", pejabatColumns, func(emit func(...any) error) error {
		return s.store.EachPejabatStaff(r.Context(), f, lq.paging(), func(it account.PejabatItem) error {
			kat, _ := account.ParseKategori(it.Kategori)
			return emit(it.Reference, kat.Label(), it.InstansiKode, it.InstansiNama, it.UnitKerja, it.Nama, it.Jabatan, it.Username,
				jenisPejabat(it.PendingPejabat), stateLabels[it.State], it.CreatedAt, dateOrNil(it.DecidedAt), dateOrNil(it.ActivatedAt),
				dateOrNil(it.EndedAt))
		})
	})
}
