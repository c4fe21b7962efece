package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/a-h/templ"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/validate"
	akv "github.com/bappenas/portal-regsosek/templates/pages/akses"
)

// Access over time (issue 13) on the pages: each row's own state and end, the Penggantian Operator, the
// Berita Acara Pemusnahan Data and the originals received — the registrator's section (lifecyclePanel) and
// the staff's (staffLifecycle).

// barisEventLabels name the timeline entries of issue 13 (permohonan_fields.go reads them after the others).
var barisEventLabels = map[string]string{
	"cabut_baris": "Hak akses satu pengguna dicabut", "perpanjang_baris": "Hak akses satu pengguna diperpanjang",
	"peringatan_baris": "Pemberitahuan: hak akses pengguna akan berakhir", "baris_berakhir": "Hak akses pengguna berakhir",
	"ajukan_ganti_operator": "Penggantian operator diajukan", "batal_ganti_operator": "Penggantian operator dibatalkan",
	"ganti_operator_sesuai": "Penggantian operator disetujui", "ganti_operator_belum_sesuai": "Penggantian operator belum sesuai",
	"ganti_operator_selesai": "Akun Sepakat operator pengganti aktif", "usul_perjanjian": "Usulan perubahan PKS/NDA diajukan",
	"terima_usulan": "Usulan perubahan PKS/NDA diterima", "tolak_usulan": "Usulan perubahan PKS/NDA ditolak",
	"unggah_pemusnahan": "Berita Acara Pemusnahan Data diunggah", "dokumen_asli": "Dokumen asli diterima",
}

var endReasonText = map[string]string{
	request.EndKedaluwarsa: "jangka waktu habis", request.EndEnamBulan: "batas 6 bulan tanpa SK Forum Satu Data",
	request.EndDicabut: "dicabut", request.EndDiganti: "operator diganti",
}

// akunNote says why an account ended, when it did.
func akunNote(k request.AksesAkun) string {
	if k.EndedAt == nil {
		return ""
	}
	note := "Berakhir " + indo.Date(*k.EndedAt) + ": " + endReasonText[k.EndReason]
	if k.CabutReason != "" {
		note += " — " + k.CabutReason
	}
	return note + "."
}

// joinPanels puts the sections of a page after one another, leaving out the absent.
func joinPanels(list ...templ.Component) templ.Component {
	var out []templ.Component
	for _, c := range list {
		if c != nil {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return templ.Join(out...)
}

// lifecycle is what the registrator's access-over-time section reads with the rest of the permohonan page
// (handlePermohonanDetail): the Tahap 4–6 side, the originals received and the destruction confirmations.
type lifecycle struct {
	akses      request.Akses
	asli       map[request.DocKind]request.DokumenAsli
	pemusnahan []request.Pemusnahan
}

// lifecyclePanel is the registrator's section after access is given, or of the originals received; nil when
// there is nothing to show.
func (s *Server) lifecyclePanel(r *http.Request, p request.Permohonan, l lifecycle) (templ.Component, error) {
	v := akv.LifecycleView{Asli: asliItems(l.asli)}
	if tahap6(p.State) {
		if err := s.addRegistratorLifecycle(r, p, l, &v); err != nil {
			return nil, err
		}
	}
	if v.GantiHref == "" && len(v.Ganti) == 0 && len(v.Pemusnahan) == 0 && len(v.Asli) == 0 {
		return nil, nil
	}
	return akv.Lifecycle(v), nil
}

func (s *Server) addRegistratorLifecycle(r *http.Request, p request.Permohonan, l lifecycle, v *akv.LifecycleView) error {
	ganti, err := s.store.ListPenggantian(r.Context(), p.ID)
	if err != nil {
		return err
	}
	for _, g := range ganti {
		it := gantiItem(g)
		if g.State == request.GantiDiajukan && registratorCan(p, request.BatalGantiOperator) {
			it.BatalAction = permohonanPath(p.ID, "/ganti-operator/"+it.ID+"/batal")
		}
		v.Ganti = append(v.Ganti, it)
	}
	if registratorCan(p, request.AjukanGantiOperator) {
		for _, k := range l.akses.Akun {
			if k.State == string(request.AkunAktif) {
				v.GantiHref = permohonanPath(p.ID, "/ganti-operator")
			}
		}
	}
	v.Pemusnahan = pemusnahanRows(l.pemusnahan, indo.Today(s.now()))
	for _, m := range v.Pemusnahan {
		if m.Waiting && registratorCan(p, request.UnggahPemusnahan) {
			v.PemusnahanAction = permohonanPath(p.ID, "/pemusnahan")
		}
	}
	return nil
}

func gantiItem(g request.Penggantian) akv.GantiItem {
	it := akv.GantiItem{ID: strconv.FormatInt(g.ID, 10), Diajukan: indo.DateTime(g.DiajukanAt), Operator: g.Operator.Nama, Status: g.State.Label(),
		Catatan: g.CatatanVerif, Pengguna: gantiPengguna(g)}
	return it
}

func pemusnahanRows(list []request.Pemusnahan, today time.Time) []akv.PemusnahanRow {
	out := make([]akv.PemusnahanRow, len(list))
	for i, m := range list {
		row := akv.PemusnahanRow{ID: strconv.FormatInt(m.ID, 10), Pengguna: m.Pengguna, Username: m.Username, Berakhir: indo.Date(m.BerakhirAt),
			Alasan: "Hak akses " + request.PemusnahanAlasan(m.Alasan), Tenggat: indo.Date(m.Tenggat), Waiting: m.State == request.PemusnahanMenunggu,
			Terlambat: m.Terlambat(today)}
		switch {
		case row.Terlambat:
			row.Status = "Terlambat — belum diunggah"
		case row.Waiting:
			row.Status = "Belum diunggah"
		default:
			row.Status = "Diunggah " + indo.DateTime(*m.DiunggahAt)
			row.DocName, row.DocHref = m.DocumentName, "/dokumen/"+strconv.FormatInt(m.DocumentID, 10)
		}
		out[i] = row
	}
	return out
}

func asliItems(m map[request.DocKind]request.DokumenAsli) []akv.AsliItem {
	var out []akv.AsliItem
	for _, k := range []request.DocKind{request.DocSuratPermohonan, request.DocPKS, request.DocNDA} {
		if d, ok := m[k]; ok {
			out = append(out, akv.AsliItem{Label: request.DocLabels[k], Diterima: indo.Date(d.Diterima), Catatan: d.Catatan, Pencatat: d.Pencatat})
		}
	}
	return out
}

// staffLifecycle is the staff's part of a permohonan after access is given: each row with the actions the
// viewer may take on it alone (posted holds what was typed, errs the refusals), the proposed texts, the
// Berita Acara Pemusnahan, the originals.
func (s *Server) staffLifecycle(r *http.Request, p request.Permohonan, a request.Akses, me *account.Staff, errs validate.Errors,
	posted map[string]string) (templ.Component, error) {
	ctx := r.Context()
	v := akv.StaffLifecycleView{}
	if staffHas(me, account.RoleVerifikatorTeknis, account.RoleProdusenData, account.RoleAdmin) && p.State != request.Disetujui {
		v.AsliHref = "/petugas/permohonan/" + strconv.FormatInt(p.ID, 10) + "/dokumen-asli"
	}
	asli, err := s.store.ListDokumenAsli(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	v.Asli = asliItems(asli)
	usulan, err := s.store.ListUsulan(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	for _, u := range usulan {
		it := usulanItem(u)
		if u.State == request.UsulanDiajukan && staffCan(me, p, request.TerimaUsulan) {
			base := aksesPath(p.ID, "/usulan/"+it.ID)
			it.TerimaAction, it.TolakAction = base+"/terima", base+"/tolak"
			it.TolakValue, it.TolakError = posted["alasan_usulan_"+it.ID], errs.Get("alasan_usulan_"+it.ID)
		}
		v.Usulan = append(v.Usulan, it)
	}
	if tahap6(p.State) {
		s.addRowActions(&v, p, a, me, errs, posted)
		list, err := s.store.ListPemusnahan(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		v.Pemusnahan = pemusnahanRows(list, indo.Today(s.now()))
	}
	return akv.StaffLifecycle(v), nil
}

func usulanItem(u request.Usulan) akv.UsulanItem {
	return akv.UsulanItem{ID: strconv.FormatInt(u.ID, 10), Label: request.DocLabels[u.Kind], DocName: u.DocumentName,
		DocHref: "/dokumen/" + strconv.FormatInt(u.DocumentID, 10), Catatan: u.Catatan, Diajukan: indo.DateTime(u.DiajukanAt),
		Status: u.State.Label(), Alasan: u.AlasanTolak}
}

// addRowActions lists the current account of every Sepakat row, with "Perpanjang Baris Ini" and "Cabut Baris
// Ini" where the produsen data may use them now, and the accounts of operators replaced.
func (s *Server) addRowActions(v *akv.StaffLifecycleView, p request.Permohonan, a request.Akses, me *account.Staff, errs validate.Errors, posted map[string]string) {
	today := indo.Today(s.now())
	latest := review.MaxAkses(s.maxAksesMonths(), today)
	for _, row := range a.Approved {
		k, ok := a.AkunFor(row.ID)
		if !ok {
			continue
		}
		id := strconv.FormatInt(k.ID, 10)
		ra := akv.RowAction{ID: id, Pengguna: row.Pengguna, Username: k.Username, Sampai: indo.Date(k.BerlakuSampai), Status: akunStatus[k.State],
			Note: akunNote(k), ExtendMax: indo.Date(latest), ExtendValue: posted["sampai_"+id], RevokeValue: posted["alasan_"+id],
			ExtendError: errs.Get("sampai_" + id), RevokeError: errs.Get("alasan_" + id)}
		base := aksesPath(p.ID, "/akun/"+id)
		if k.State == string(request.AkunAktif) && staffCan(me, p, request.PerpanjangBaris) {
			ra.ExtendAction = base + "/perpanjang"
		}
		if k.Live() && staffCan(me, p, request.CabutBaris) {
			ra.RevokeAction = base + "/cabut"
		}
		v.Rows = append(v.Rows, ra)
		for _, old := range a.History(row.ID) {
			v.History = append(v.History, akv.RowAction{Pengguna: row.Pengguna, Username: old.Username, Status: akunStatus[old.State], Note: akunNote(old)})
		}
	}
}
