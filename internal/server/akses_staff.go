package server

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	akv "github.com/bappenas/portal-regsosek/templates/pages/akses"
	pv "github.com/bappenas/portal-regsosek/templates/pages/permohonan"
)

// Tahap 4–6 for staff: the produsen data countersigns, handles print requests, extends and revokes; the
// operator sepakat prepares and gives access. The routes admit produsen data, operator sepakat and admin;
// each action checks its own role (403 otherwise) and the store checks the state machine (409).

var aksesTaskTitles = map[string]string{
	"cetak": "Permintaan cetak PKS/NDA", "tandatangan": "PKS/NDA menunggu tanda tangan Pihak Kesatu", "penyiapan": "Penyiapan akses",
	"gagal": "Penyiapan akun Sepakat gagal", "perpanjangan": "Permintaan perpanjangan", "sk_forum": "SK Forum Satu Data diunggah: perpanjang hak akses",
	"menunggu": "Menunggu PKS/NDA dari pemohon", "berjalan": "Hak akses berjalan",
}

var aksesTaskOrder = []string{"cetak", "tandatangan", "penyiapan", "gagal", "perpanjangan", "sk_forum", "menunggu", "berjalan"}

func aksesPath(id int64, rest string) string {
	return "/petugas/akses/" + strconv.FormatInt(id, 10) + rest
}

func (s *Server) handleAksesTasks(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.ListAksesTasks(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	groups := map[string]*akv.TaskGroup{}
	for _, t := range list {
		g := groups[t.Task]
		if g == nil {
			g = &akv.TaskGroup{Key: t.Task, Title: aksesTaskTitles[t.Task]}
			groups[t.Task] = g
		}
		it := akv.TaskItem{Href: aksesPath(t.PermohonanID, ""), Reference: t.Reference, Instansi: t.InstansiNama, Status: t.State.Label(),
			Since: indo.DateTime(t.Since)}
		if t.Until != nil {
			it.Until = indo.Date(*t.Until)
		}
		g.Items = append(g.Items, it)
	}
	v := akv.TasksView{Page: s.page(r, "PKS, NDA dan Akses")}
	for _, k := range aksesTaskOrder {
		if g := groups[k]; g != nil {
			v.Groups = append(v.Groups, *g)
		}
	}
	s.render(w, r, http.StatusOK, akv.Tasks(v))
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
	events, err := s.timeline(ctx, p.ID)
	if err != nil {
		return akv.StaffView{}, err
	}
	if posted == nil {
		posted = map[string]string{}
	}
	n, tahap := p.State.Tahap()
	produsen, operator := me.HasRole(account.RoleProdusenData), me.HasRole(account.RoleOperatorSepakat)
	v := akv.StaffView{Page: s.page(r, "Akses "+p.Reference), ID: strconv.FormatInt(p.ID, 10), Reference: p.Reference, Instansi: p.InstansiNama,
		Status: p.State.Label(), Tahap: fmt.Sprintf("Tahap %d %s", n, tahap), ReviewHref: "/petugas/permohonan/" + strconv.FormatInt(p.ID, 10),
		Timeline: events, Errors: errs, Posted: posted}
	if a.AksesSampai != nil {
		v.Fields = append(v.Fields, pv.Field{Label: "Disetujui sampai", Value: indo.Date(*a.AksesSampai)})
	}
	if a.AksesBerakhir != nil {
		v.Fields = append(v.Fields, pv.Field{Label: "Berakhir (berlaku)", Value: indo.Date(*a.AksesBerakhir)})
	}
	if a.AksesDiberikanAt != nil {
		v.Fields = append(v.Fields, pv.Field{Label: "Akses diberikan", Value: indo.DateTime(*a.AksesDiberikanAt)})
	}
	if a.CabutReason != "" {
		v.Fields = append(v.Fields, pv.Field{Label: "Alasan pencabutan", Value: a.CabutReason})
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
	if staffCan(me, p, request.SiapkanAkses) {
		v.PrepareAction = aksesPath(p.ID, "/siapkan")
	}
	if staffCan(me, p, request.BerikanAkses) {
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
	// The extension panel shows for access in force (with a Perpanjangan request to read, if any) and for
	// access the six-month rule closed; its buttons only when the machine allows the extension now.
	extend := staffCan(me, p, request.Perpanjang)
	if extend || (produsen && p.State == request.AksesDiberikan) {
		today := indo.Today(s.now())
		latest := review.MaxAkses(false, s.maxAksesMonths(), today)
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
	if staffCan(me, p, request.Cabut) {
		v.RevokeAction = aksesPath(p.ID, "/cabut")
	}
	return v, nil
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

func (s *Server) handleCetakSent(w http.ResponseWriter, r *http.Request) {
	p, _, ok := s.staffAkses(w, r, account.RoleProdusenData)
	if !ok {
		return
	}
	cid, _ := strconv.ParseInt(chi.URLParam(r, "cetak"), 10, 64)
	err := s.store.MarkPrintSent(r.Context(), p.ID, cid, validate.Clean(r.PostFormValue("catatan"), 300), s.actor(r), s.now())
	s.aksesDone(w, r, p, err, "Permintaan cetak ditandai sudah dikirim.")
}

func (s *Server) handleCountersignedUpload(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleProdusenData)
	if !ok {
		return
	}
	kind := request.DocKind(chi.URLParam(r, "kind"))
	if kind != request.DocPKSTTD && kind != request.DocNDATTD {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	b, name, sig, err := readPDFUpload(r, "berkas-"+string(kind))
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var errs validate.Errors
	if b == nil {
		errs.Add(string(kind), "Pilih berkas "+request.DocLabels[kind]+".")
	} else {
		err = s.store.UploadCountersigned(r.Context(), p.ID, kind, dokumen.Upload{Kind: dokumen.Dokumen, Name: name, R: bytes.NewReader(b)}, sig, s.actor(r), s.now())
		var ue *dokumen.UploadError
		switch {
		case errors.As(err, &ue):
			errs.Add(string(kind), ue.Message)
		case errors.Is(err, store.ErrAgreementKind):
			s.renderStatus(w, r, http.StatusNotFound)
			return
		case err != nil:
			s.reviewFail(w, r, err)
			return
		}
	}
	if errs.Any() {
		s.aksesInvalid(w, r, p, me, errs, nil)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, uploadFlash(request.DocLabels[kind], sig))
	http.Redirect(w, r, aksesPath(p.ID, ""), http.StatusSeeOther)
}

func (s *Server) handleCountersign(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleProdusenData)
	if !ok {
		return
	}
	err := s.store.Countersign(r.Context(), p.ID, s.actor(r), s.now())
	if errors.Is(err, store.ErrAgreementMissing) {
		var errs validate.Errors
		errs.Add("tandatangani", "Unggah salinan PKS (dan NDA) yang telah ditandatangani kedua pihak terlebih dahulu.")
		s.aksesInvalid(w, r, p, me, errs, nil)
		return
	}
	s.aksesDone(w, r, p, err, "PKS dan NDA ditandatangani. Permohonan diteruskan ke penyiapan akses.")
}

func (s *Server) handleReturnAgreements(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleProdusenData)
	if !ok {
		return
	}
	why := validate.Clean(r.PostFormValue("catatan"), 2000)
	if msg := validate.Reason("apa yang perlu diperbaiki", why); msg != "" {
		var errs validate.Errors
		errs.Add("catatan", msg)
		s.aksesInvalid(w, r, p, me, errs, map[string]string{"kembalikan": why})
		return
	}
	err := s.store.ReturnAgreements(r.Context(), p.ID, why, s.actor(r), s.now())
	s.aksesDone(w, r, p, err, "PKS/NDA dikembalikan kepada pemohon.")
}

// handlePrepare is Tahap 5: the PIC teknis and schedule of every Fasilitas row, and an account for every
// Sepakat row.
func (s *Server) handlePrepare(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleOperatorSepakat)
	if !ok {
		return
	}
	approved, err := s.store.ApprovedRows(r.Context(), p.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var errs validate.Errors
	posted := map[string]string{}
	var fas []request.FasilitasInput
	for _, row := range approved {
		if row.Media != request.Fasilitas {
			continue
		}
		f := "fasilitas_" + strconv.FormatInt(row.ID, 10)
		for _, k := range []string{"_pic", "_no_hp", "_email", "_mulai", "_selesai", "_tempat"} {
			posted[f+k] = validate.Clean(r.PostFormValue(f+k), 300)
		}
		in := request.FasilitasInput{RowID: row.ID, PICNama: posted[f+"_pic"], Tempat: posted[f+"_tempat"]}
		if in.PICNama == "" {
			errs.Add(f+"_pic", "Isi nama kontak PIC teknis untuk "+row.Pengguna+".")
		}
		if phone, err := account.NormalizePhone(posted[f+"_no_hp"]); err != nil {
			errs.Add(f+"_no_hp", err.Error())
		} else {
			in.PICPhone = phone
		}
		if e := posted[f+"_email"]; e != "" {
			if email, err := account.NormalizeEmail(e); err != nil {
				errs.Add(f+"_email", err.Error())
			} else {
				in.PICMail = email
			}
		}
		var e1, e2 error
		in.Mulai, e1 = time.ParseInLocation(time.DateOnly, posted[f+"_mulai"], indo.Jakarta)
		in.Selesai, e2 = time.ParseInLocation(time.DateOnly, posted[f+"_selesai"], indo.Jakarta)
		switch {
		case e1 != nil:
			errs.Add(f+"_mulai", "Isi tanggal mulai jadwal Fasilitas untuk "+row.Pengguna+".")
		case e2 != nil || in.Selesai.Before(in.Mulai):
			errs.Add(f+"_selesai", "Isi tanggal selesai, sama dengan atau setelah tanggal mulai.")
		}
		fas = append(fas, in)
	}
	if errs.Any() {
		s.aksesInvalid(w, r, p, me, errs, posted)
		return
	}
	err = s.store.PrepareAccess(r.Context(), p.ID, fas, s.actor(r), s.now())
	s.aksesDone(w, r, p, err, "Penyiapan akses disimpan. Akun Sepakat sedang dibuat; muat ulang halaman untuk melihat statusnya.")
}

func (s *Server) handleGiveAccess(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleOperatorSepakat)
	if !ok {
		return
	}
	err := s.store.GiveAccess(r.Context(), p.ID, s.actor(r), s.now())
	if errors.Is(err, store.ErrAksesNotReady) {
		var errs validate.Errors
		errs.Add("berikan", err.Error())
		s.aksesInvalid(w, r, p, me, errs, nil)
		return
	}
	s.aksesDone(w, r, p, err, "Hak akses diberikan: "+p.InstansiNama+" kini Pengguna Data Regsosek.")
}

func (s *Server) handleRetryAccount(w http.ResponseWriter, r *http.Request) {
	p, _, ok := s.staffAkses(w, r, account.RoleOperatorSepakat)
	if !ok {
		return
	}
	akunID, _ := strconv.ParseInt(chi.URLParam(r, "akun"), 10, 64)
	err := s.store.RetryAccount(r.Context(), p.ID, akunID, s.actor(r), s.now())
	s.aksesDone(w, r, p, err, "Akun dijadwalkan untuk dicoba lagi.")
}

func (s *Server) handleExtend(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleProdusenData)
	if !ok {
		return
	}
	posted := map[string]string{"sampai": r.PostFormValue("sampai")}
	today := indo.Today(s.now())
	latest := review.MaxAkses(false, s.maxAksesMonths(), today)
	var errs validate.Errors
	sampai, err := time.ParseInLocation(time.DateOnly, posted["sampai"], indo.Jakarta)
	switch {
	case err != nil:
		errs.Add("sampai", "Isi tanggal berakhir yang baru.")
	case !sampai.After(today):
		errs.Add("sampai", "Tanggal berakhir harus setelah hari ini.")
	case sampai.After(latest):
		errs.Add("sampai", "Tanggal berakhir paling lambat "+indo.Date(latest)+".")
	}
	if errs.Any() {
		s.aksesInvalid(w, r, p, me, errs, posted)
		return
	}
	pid, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("perpanjangan")), 10, 64)
	err = s.store.ExtendAccess(r.Context(), p.ID, sampai, pid, s.actor(r), s.now())
	s.aksesDone(w, r, p, err, "Hak akses diperpanjang sampai "+indo.Date(sampai)+".")
}

func (s *Server) handleRejectExtension(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleProdusenData)
	if !ok {
		return
	}
	reason := validate.Clean(r.PostFormValue("alasan"), 2000)
	if msg := validate.Reason("alasan penolakan", reason); msg != "" {
		var errs validate.Errors
		errs.Add("alasan", msg)
		s.aksesInvalid(w, r, p, me, errs, map[string]string{"tolak": reason})
		return
	}
	pid, _ := strconv.ParseInt(chi.URLParam(r, "pid"), 10, 64)
	err := s.store.RejectExtension(r.Context(), p.ID, pid, reason, s.actor(r), s.now())
	s.aksesDone(w, r, p, err, "Permintaan perpanjangan ditolak.")
}

func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleProdusenData)
	if !ok {
		return
	}
	reason := validate.Clean(r.PostFormValue("alasan_cabut"), 2000)
	if msg := validate.Reason("alasan pencabutan", reason); msg != "" {
		var errs validate.Errors
		errs.Add("alasan_cabut", msg)
		s.aksesInvalid(w, r, p, me, errs, map[string]string{"cabut": reason})
		return
	}
	err := s.store.Revoke(r.Context(), p.ID, reason, s.actor(r), s.now())
	s.aksesDone(w, r, p, err, "Hak akses dicabut. Semua akun Sepakat ditutup.")
}

// aksesRoles may open the staff pages of Tahap 4–6.
var aksesRoles = []account.Role{account.RoleProdusenData, account.RoleOperatorSepakat, account.RoleAdmin}

func isAgreementDoc(kind request.DocKind) bool {
	switch kind {
	case request.DocPKS, request.DocNDA, request.DocPKSTTD, request.DocNDATTD, request.DocSKForumSatuData:
		return true
	}
	return false
}
