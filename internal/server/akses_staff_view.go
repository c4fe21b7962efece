package server

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/ekspor"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	akv "github.com/bappenas/portal-regsosek/templates/pages/akses"
	pv "github.com/bappenas/portal-regsosek/templates/pages/permohonan"
)

// Tahap 4–6 for staff: the produsen data countersigns, handles print requests, extends and revokes; the
// operator sepakat prepares and gives access. The routes admit produsen data, operator sepakat and admin;
// each action checks its own role (403 otherwise) and the store checks the state machine (409). This file
// holds the task list and the page of a permohonan.

var aksesTaskTitles = map[string]string{
	"cetak": "Permintaan cetak PKS/NDA", "tandatangan": "PKS/NDA menunggu tanda tangan Pihak Kesatu", "penyiapan": "Penyiapan akses",
	"gagal": "Penyiapan akun Sepakat gagal", "perpanjangan": "Permintaan perpanjangan", "sk_forum": "SK Forum Satu Data diunggah: perpanjang hak akses",
	"menunggu": "Menunggu PKS/NDA dari pemohon", "berjalan": "Hak akses berjalan",
}

var aksesTaskOrder = []string{"cetak", "tandatangan", "penyiapan", "gagal", "perpanjangan", "sk_forum", "menunggu", "berjalan"}

func (s *Server) handleAksesTasks(w http.ResponseWriter, r *http.Request) {
	lq := s.listQuery(r)
	f := aksesTaskFilter(lq)
	page, err := s.store.ListAksesTasks(r.Context(), f, lq.paging())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := akv.TasksView{Page: s.page(r, "PKS, NDA dan Akses"), Pager: lq.pager(page.Next, page.Prev),
		Controls: components.ListControls{Action: aksesTasksPath, Q: lq.Q, QLabel: "Cari permohonan",
			QHint: "Nomor permohonan, nama instansi atau nomor akun.", ClearHref: aksesTasksPath,
			Count: indo.Int(int64(page.Total)) + " pekerjaan", Exports: lq.exports(aksesTasksPath),
			Facets: lq.facets(aksesTaskOrder, func(k string) string { return aksesTaskTitles[k] }, page.ByState, f.Task, "")}}
	var g *akv.TaskGroup
	for _, t := range page.Items {
		if g == nil || g.Key != t.Task {
			v.Groups = append(v.Groups, akv.TaskGroup{Key: t.Task, Title: aksesTaskTitles[t.Task]})
			g = &v.Groups[len(v.Groups)-1]
		}
		it := akv.TaskItem{Href: aksesPath(t.PermohonanID, ""), Reference: t.Reference, Instansi: t.InstansiNama, Status: t.State.Label(),
			Since: indo.DateTime(t.Since)}
		if t.Until != nil {
			it.Until = indo.Date(*t.Until)
		}
		g.Items = append(g.Items, it)
	}
	// Access over time (akses_baris_tasks.go): the late Berita Acara and the proposed texts head the first page
	// of the list as it opens; a search or a chosen kind of task shows what it asked for, nothing more.
	if lq.get(paramSetelah) == "" && lq.get(paramSebelum) == "" && f.Q == "" && f.Task == "" {
		if err := s.addLifecycleTasks(r, &v); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, akv.Tasks(v))
}

const aksesTasksPath = "/petugas/akses"

func aksesTaskFilter(lq listQuery) store.AksesTaskFilter {
	f := store.AksesTaskFilter{Q: lq.Q}
	if t := lq.get(paramStatus); aksesTaskTitles[t] != "" {
		f.Task = t
	}
	return f
}

var aksesTaskColumns = []ekspor.Column{{Title: "Pekerjaan", Width: 40}, {Title: "Nomor", Width: 18}, {Title: "Pemohon", Width: 40},
	{Title: "Status", Width: 22}, {Title: "Sejak", Kind: ekspor.DateTime}, {Title: "Akses berakhir", Kind: ekspor.Date}}

func (s *Server) handleAksesTasksExport(w http.ResponseWriter, r *http.Request) {
	lq := s.listQuery(r)
	f := aksesTaskFilter(lq)
	s.sendExport(w, r, "pks-nda-akses", "Pekerjaan", aksesTaskColumns, func(emit func(...any) error) error {
		return s.store.EachAksesTask(r.Context(), f, lq.paging(), func(t request.AksesTask) error {
			return emit(aksesTaskTitles[t.Task], t.Reference, t.InstansiNama, t.State.Label(), t.Since, dateOrNil(t.Until))
		})
	})
}

// staffAkses loads the permohonan of a staff Tahap 4–6 page; earlier permohonan are not found here.
func (s *Server) staffAkses(w http.ResponseWriter, r *http.Request, role account.Role) (request.Permohonan, *account.Staff, bool) {
	me := currentUser(r.Context()).Staff
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return request.Permohonan{}, nil, false
	}
	if role != "" && !me.HasRole(role) {
		s.reviewFail(w, r, store.ErrForbidden)
		return request.Permohonan{}, nil, false
	}
	p, err := s.store.FindPermohonan(r.Context(), id, 0)
	if err == nil && !tahap4On(p.State) && p.State != request.Disetujui {
		err = store.ErrNotFound
		if r.Method != http.MethodGet {
			err = store.ErrConflict
		}
	}
	if err != nil {
		s.reviewFail(w, r, err)
		return p, nil, false
	}
	return p, me, true
}

func (s *Server) staffAksesView(r *http.Request, p request.Permohonan, me *account.Staff, errs validate.Errors, posted map[string]string) (akv.StaffView, error) {
	ctx := r.Context()
	a, err := s.store.FindAkses(ctx, p.ID)
	if err != nil {
		return akv.StaffView{}, err
	}
	names, err := s.names(ctx, p)
	if err != nil {
		return akv.StaffView{}, err
	}
	events, err := s.timeline(ctx, p.ID, false)
	if err != nil {
		return akv.StaffView{}, err
	}
	if posted == nil {
		posted = map[string]string{}
	}
	n, tahap := p.State.Tahap()
	v := akv.StaffView{Page: s.page(r, "Akses "+p.Reference), ID: strconv.FormatInt(p.ID, 10), Reference: p.Reference, Instansi: p.InstansiNama,
		Status: p.State.Label(), Tahap: fmt.Sprintf("Tahap %d %s", n, tahap), ReviewHref: "/petugas/permohonan/" + strconv.FormatInt(p.ID, 10),
		Timeline: events, Errors: errs, Posted: posted, Fields: aksesFields(a)}
	if a.AksesDiberikanAt != nil {
		v.LetterHref = aksesPath(p.ID, "/surat-persetujuan.pdf")
	}
	kat, _ := account.ParseKategori(p.Kategori)
	six := request.SixMonthLimit(request.Instansi{Kategori: kat, Kode: p.InstansiKode}, p.Rows, p.DocSet()[request.DocSKForumSatuData])
	if a.EnamBulan || (six && !tahap6(p.State)) {
		v.Notice = "Pemda tanpa SK Forum Satu Data: hak akses Sepakat paling lama 6 bulan sejak diberikan; dapat diperpanjang setelah SK diunggah (§3.2.5)."
	}
	for _, row := range a.Approved {
		v.Approved = append(v.Approved, akv.ApprovedView{Pengguna: row.Pengguna, Diminta: request.Label(request.JenisDataOptions, row.JenisData),
			Disetujui: request.Label(request.JenisDataOptions, row.Approved), Media: request.Label(request.MediaOptions, row.Media),
			Wilayah: names(row.Wilayah(p.Header.Cakupan)), Operator: row.OperatorNama})
	}
	addAgreements(&v, p, a, me, errs)
	addAccounts(&v, p, a, names, me.HasRole(account.RoleOperatorSepakat))
	addAccessForms(&v, p, a, me, posted)
	s.addExtendForm(&v, p, a, me, posted)
	if staffCan(me, p, request.Cabut) {
		v.RevokeAction = aksesPath(p.ID, "/cabut")
	}
	v.Lifecycle, err = s.staffLifecycle(r, p, a, me, errs, posted) // access over time, akses_baris_view.go
	return v, err
}

// aksesFields are the dates of an access and the reason it was revoked.
func aksesFields(a request.Akses) []pv.Field {
	var f []pv.Field
	if a.AksesSampai != nil {
		f = append(f, pv.Field{Label: "Disetujui sampai", Value: indo.Date(*a.AksesSampai)})
	}
	if a.AksesBerakhir != nil {
		f = append(f, pv.Field{Label: "Berakhir (berlaku)", Value: indo.Date(*a.AksesBerakhir)})
	}
	if a.AksesDiberikanAt != nil {
		f = append(f, pv.Field{Label: "Akses diberikan", Value: indo.DateTime(*a.AksesDiberikanAt)})
	}
	if a.CabutReason != "" {
		f = append(f, pv.Field{Label: "Alasan pencabutan", Value: a.CabutReason})
	}
	return f
}

// addAgreements adds Tahap 4: the agreements on file, the print requests (each with its button when the
// viewer may mark it sent) and, for whoever may countersign now, the countersigned copies to upload.
func addAgreements(v *akv.StaffView, p request.Permohonan, a request.Akses, me *account.Staff, errs validate.Errors) {
	for _, k := range []request.DocKind{request.DocPKS, request.DocNDA, request.DocPKSTTD, request.DocNDATTD, request.DocSKForumSatuData} {
		if d, ok := a.Docs[k]; ok {
			v.Docs = append(v.Docs, docLink(k, d))
		}
	}
	for _, c := range a.Cetak {
		sc := akv.StaffCetak{CetakRow: akv.CetakRow{ID: strconv.FormatInt(c.ID, 10), Penerima: c.Penerima, Alamat: c.Alamat, Phone: c.Phone,
			Requested: indo.DateTime(c.RequestedAt), State: map[string]string{"diminta": "Menunggu dikirim", "dikirim": "Dikirim"}[c.State], Catatan: c.Catatan}}
		if c.HandledAt != nil {
			sc.Sent = indo.DateTime(*c.HandledAt)
		}
		if rowCan(request.CetakMachine, request.RowState(c.State), request.CetakKirim, me) {
			sc.Action = aksesPath(p.ID, "/cetak/"+sc.ID+"/dikirim")
		}
		v.Prints = append(v.Prints, sc)
	}
	if staffCan(me, p, request.TandatanganiPKS) {
		for _, k := range request.AgreementKinds(a.Approved) {
			ck := request.Countersigned(k)
			it := akv.AgreementItem{Kind: string(ck), Label: request.DocLabels[ck], UploadAction: aksesPath(p.ID, "/unggah/"+string(ck)), Error: errs.Get(string(ck))}
			if d, ok := a.Docs[ck]; ok {
				l := docLink(ck, d)
				it.Uploaded = &l
			}
			v.Countersign = append(v.Countersign, it)
		}
		v.CountersignPost, v.ReturnAction = aksesPath(p.ID, "/tandatangani"), aksesPath(p.ID, "/kembalikan")
	}
}

// addAccounts adds the Sepakat account of each approved row (an operator may retry a failed one) and the
// Fasilitas rows once they are prepared.
func addAccounts(v *akv.StaffView, p request.Permohonan, a request.Akses, names func(string) string, operator bool) {
	for _, row := range a.Approved {
		if k, ok := a.AkunFor(row.ID); ok {
			sa := akv.StaffAccount{Pengguna: row.Pengguna, Username: k.Username, Wilayah: names(k.Wilayah), JenisData: request.Label(request.JenisDataOptions, k.JenisData),
				Sampai: indo.Date(k.BerlakuSampai), Status: akunStatus[k.State], Error: k.LastError}
			if k.LastError != "" && operator {
				sa.RetryAction = aksesPath(p.ID, "/akun/"+strconv.FormatInt(k.ID, 10)+"/coba-lagi")
			}
			v.Accounts = append(v.Accounts, sa)
		}
		if f, ok := a.Fasilitas[row.ID]; ok && p.State != request.PenyiapanAkses {
			v.FasilitasRows = append(v.FasilitasRows, fasilitasRow(row, f))
		}
	}
}

// addAccessForms adds Tahap 5–6 for whoever may act now: preparing the access, and giving it with the PIC
// teknis and schedule of each Fasilitas row (as posted, or as saved).
func addAccessForms(v *akv.StaffView, p request.Permohonan, a request.Akses, me *account.Staff, posted map[string]string) {
	if staffCan(me, p, request.SiapkanAkses) {
		v.PrepareAction = aksesPath(p.ID, "/siapkan")
	}
	if !staffCan(me, p, request.BerikanAkses) {
		return
	}
	v.GiveAction = aksesPath(p.ID, "/berikan")
	for _, row := range a.Approved {
		if row.Media != request.Fasilitas {
			continue
		}
		field := "fasilitas_" + strconv.FormatInt(row.ID, 10)
		f := akv.FasilitasForm{Field: field, Pengguna: row.Pengguna, PIC: posted[field+"_pic"], Phone: posted[field+"_no_hp"],
			Email: posted[field+"_email"], Mulai: posted[field+"_mulai"], Selesai: posted[field+"_selesai"], Tempat: posted[field+"_tempat"]}
		if saved, ok := a.Fasilitas[row.ID]; ok && len(posted) == 0 {
			f.PIC, f.Phone, f.Email, f.Tempat = saved.PICNama, saved.PICPhone, saved.PICMail, saved.Tempat
			f.Mulai, f.Selesai = saved.Mulai.Format(time.DateOnly), saved.Selesai.Format(time.DateOnly)
		}
		v.FasilitasForms = append(v.FasilitasForms, f)
	}
}

// addExtendForm adds the extension panel: it shows for access in force (with a Perpanjangan request to read,
// if any) and for access the six-month rule closed; its buttons only when the machine allows the extension
// now.
func (s *Server) addExtendForm(v *akv.StaffView, p request.Permohonan, a request.Akses, me *account.Staff, posted map[string]string) {
	extend := staffCan(me, p, request.Perpanjang)
	if !extend && (!me.HasRole(account.RoleProdusenData) || p.State != request.AksesDiberikan) {
		return
	}
	today := indo.Today(s.now())
	latest := review.MaxAkses(s.maxAksesMonths(), today)
	v.ExtendAction, v.ExtendMax, v.ExtendValue = aksesPath(p.ID, "/perpanjang"), indo.Date(latest), posted["sampai"]
	if open, ok := a.OpenPerpanjangan(); ok {
		v.ExtendFor = strconv.FormatInt(open.ID, 10)
		v.ExtendRequest = &pv.Field{Label: "Diminta sampai " + indo.Date(open.SampaiDiminta) + ":", Value: open.Alasan}
		v.RejectAction = aksesPath(p.ID, "/perpanjangan/"+v.ExtendFor+"/tolak")
		if v.ExtendValue == "" {
			v.ExtendValue = open.SampaiDiminta.Format(time.DateOnly)
		}
	}
	if v.ExtendValue == "" {
		v.ExtendValue = latest.Format(time.DateOnly)
	}
	if !extend {
		v.ExtendAction, v.RejectAction = "", ""
	}
}

func tahap6(st request.State) bool {
	return st == request.AksesDiberikan || st == request.Berakhir || st == request.Dicabut
}

func (s *Server) handleAksesStaff(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, "")
	if !ok {
		return
	}
	if err := s.store.Audit(r.Context(), s.actor(r), store.AuditEntry{Action: "permohonan.lihat_akses", ObjectType: "permohonan", ObjectID: p.ID}); err != nil {
		s.renderError(w, r, err)
		return
	}
	v, err := s.staffAksesView(r, p, me, validate.Errors{}, nil)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, akv.Staff(v))
}

// aksesInvalid re-renders the staff page with errors (422).
func (s *Server) aksesInvalid(w http.ResponseWriter, r *http.Request, p request.Permohonan, me *account.Staff, errs validate.Errors, posted map[string]string) {
	v, err := s.staffAksesView(r, p, me, errs, posted)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, akv.Staff(v))
}

// aksesReason reads the reason a staff action gives in field; when it is too short (label names what it
// says), the page is shown again with the message and the reason as typed under posted, and ok is false.
func (s *Server) aksesReason(w http.ResponseWriter, r *http.Request, p request.Permohonan, me *account.Staff, field, label, posted string) (string, bool) {
	reason := validate.Clean(r.PostFormValue(field), 2000)
	if msg := validate.Reason(label, reason); msg != "" {
		var errs validate.Errors
		errs.Add(field, msg)
		s.aksesInvalid(w, r, p, me, errs, map[string]string{posted: reason})
		return reason, false
	}
	return reason, true
}

// aksesDone finishes a staff action: a store error is mapped (a rule's own message is shown as it is),
// otherwise the runners are woken and the page reloaded with a flash.
func (s *Server) aksesDone(w http.ResponseWriter, r *http.Request, p request.Permohonan, err error, flash string) {
	if msg := store.UserMessage(err); msg != "" {
		s.renderMessage(w, r, http.StatusConflict, "Tidak dapat diproses", msg)
		return
	}
	if err != nil {
		s.reviewFail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, flash)
	http.Redirect(w, r, aksesPath(p.ID, ""), http.StatusSeeOther)
}
