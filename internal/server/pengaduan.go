package server

import (
	"encoding/csv"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	view "github.com/bappenas/portal-regsosek/templates/pages/layanan"
)

// Pengaduan dan Pelaporan (pedoman §VI): a public form with captcha and a per-IP limit; the reporter gets a
// tracking code (160 random bits, stored only as an HMAC) and follows the answers on a status page opened
// with it. The status page is bound to the browser's session after the code is typed, so the code never
// travels in a URL.

// Session keys of the reporter's side.
const (
	sessPengaduan        = "pengaduan_id"    // the report this browser may follow
	sessPengaduanKode    = "pengaduan_kode"  // the tracking code, shown once on the confirmation page
	sessPengaduanRef     = "pengaduan_ref"   // the reference of the report just sent
	sessPengaduanEmailed = "pengaduan_email" // whether the code was also emailed
)

// Limits per IP per hour: reports (an office behind one address may send several), and look-ups of codes.
const (
	pengaduanLimit = 20
	lacakLimit     = 60
)

// trackingNotFound is the one answer to a code that is wrong, malformed or empty.
const trackingNotFound = "Kode pelacakan tidak ditemukan. Periksa kembali kode yang Anda terima, termasuk huruf dan angkanya."

func pengaduanStatusClass(state string) string {
	return map[string]string{layanan.PengaduanBaru: "tag-blue", layanan.PengaduanMenungguInformasi: "tag-yellow",
		layanan.PengaduanDijawab: "tag-green", layanan.PengaduanDitutup: "tag-grey"}[state]
}

func kategoriOptions() []components.Option {
	var out []components.Option
	for _, k := range layanan.Kategories {
		out = append(out, components.Option{Value: string(k), Label: k.Label()})
	}
	return out
}

func (s *Server) pengaduanFormView(r *http.Request, in layanan.PengaduanInput, permohonan string, errs validate.Errors) (view.PengaduanFormView, error) {
	id, err := s.newCaptcha(r)
	if err != nil {
		return view.PengaduanFormView{}, err
	}
	v := view.PengaduanFormView{Page: s.page(r, "Pengaduan dan Pelaporan"), Judul: in.Judul, Isi: in.Isi, Nama: in.Nama,
		Instansi: in.Instansi, Jabatan: in.Jabatan, Lokasi: in.Lokasi, Kategori: in.Kategori, Email: in.Email, Permohonan: permohonan,
		Anonim: in.Anonim, Rahasia: in.Rahasia, Kategories: kategoriOptions(), CaptchaID: id, Errors: errs}
	if reg := currentUser(r.Context()).Registrator; reg != nil {
		v.Registrator = true
		list, err := s.store.ListPermohonan(r.Context(), reg.AkunID)
		if err != nil {
			return v, err
		}
		for _, p := range list {
			if p.State != request.Draft {
				v.PermohonanOptions = append(v.PermohonanOptions, components.Option{Value: strconv.FormatInt(p.ID, 10),
					Label: p.Reference + " (" + p.State.Label() + ")"})
			}
		}
	}
	return v, nil
}

func (s *Server) handlePengaduanForm(w http.ResponseWriter, r *http.Request) {
	var in layanan.PengaduanInput
	if reg := currentUser(r.Context()).Registrator; reg != nil {
		in.Nama, in.Instansi, in.Jabatan = reg.Nama, reg.InstansiNama, reg.Jabatan
	}
	v, err := s.pengaduanFormView(r, in, "", validate.Errors{})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, view.PengaduanForm(v))
}

// handlePengaduan stores a report. Nothing is stored unless every field and the captcha are right; a
// chosen file must then be chosen again, as browsers do not keep it.
func (s *Server) handlePengaduan(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.renderError(w, r, err)
		return
	}
	defer r.MultipartForm.RemoveAll()
	now := s.now()
	if ok, wait, err := s.store.Allow(ctx, s.limitKey("pengaduan-ip", clientIP(r)), now, time.Hour, pengaduanLimit); err != nil {
		s.renderError(w, r, err)
		return
	} else if !ok {
		s.log.Warn("pengaduan rate limit", "request_id", requestIDFrom(ctx), "retry_after", wait)
		s.renderStatus(w, r, http.StatusTooManyRequests)
		return
	}
	in := layanan.PengaduanInput{Judul: r.PostFormValue("judul"), Isi: r.PostFormValue("isi"), Nama: r.PostFormValue("nama"),
		Instansi: r.PostFormValue("instansi"), Jabatan: r.PostFormValue("jabatan"), Lokasi: r.PostFormValue("lokasi"),
		Kategori: r.PostFormValue("kategori"), Email: r.PostFormValue("email"),
		Anonim: r.PostFormValue("anonim") == "ya", Rahasia: r.PostFormValue("rahasia") == "ya"}
	permohonan := strings.TrimSpace(r.PostFormValue("permohonan"))
	p, errs := layanan.ParsePengaduan(in)
	reg := currentUser(ctx).Registrator
	var permohonanID int64
	if reg == nil {
		permohonan = "" // the field is offered to signed-in registrators only
	}
	if permohonan != "" {
		id, err := strconv.ParseInt(permohonan, 10, 64)
		if err != nil || id <= 0 {
			errs.Add("permohonan", store.ErrPermohonanUnknown.Error())
		} else {
			permohonanID = id
		}
	}
	ok, err := s.checkCaptcha(r, r.PostFormValue("captcha_id"), r.PostFormValue("captcha"))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !ok {
		errs.Add("captcha", "Angka captcha tidak sesuai. Ketik angka pada gambar yang baru.")
	}
	file, fh := formFile(r, "lampiran")
	if file != nil {
		defer file.Close()
	}
	rerender := func(errs validate.Errors) {
		if file != nil && errs.Get("lampiran") == "" {
			errs.Add("lampiran", "Pilih ulang lampiran Anda: berkas belum disimpan karena ada isian yang perlu diperbaiki.")
		}
		v, err := s.pengaduanFormView(r, in, permohonan, errs)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, view.PengaduanForm(v))
	}
	if errs.Any() {
		rerender(errs)
		return
	}
	code := layanan.NewTrackingCode()
	norm, _ := layanan.NormalizeTrackingCode(code)
	n := store.NewPengaduan{Report: p, TrackingHash: s.tokenHash("pengaduan", norm), PermohonanID: permohonanID}
	if reg != nil {
		n.AkunID, n.PejabatID = reg.AkunID, reg.PejabatID
	}
	if file != nil {
		n.Lampiran = &store.Upload{Kind: store.DocLampiran, Name: fh.Filename, R: file}
	}
	statusURL := s.cfg.BaseURL.String() + "/pengaduan/status"
	id, ref, err := s.store.CreatePengaduan(ctx, s.keys, n, func(ref string) *store.OutMail {
		if p.Pelapor.Email == "" {
			return nil
		}
		m := outMail(mail.PengaduanDiterima(p.Pelapor.Email, p.Pelapor.Nama, ref, code, statusURL))
		return &m
	}, s.actor(r), now)
	var ue *store.UploadError
	switch {
	case errors.As(err, &ue):
		var e validate.Errors
		e.Add("lampiran", ue.Message)
		rerender(e)
		return
	case errors.Is(err, store.ErrPermohonanUnknown):
		var e validate.Errors
		e.Add("permohonan", err.Error())
		rerender(e)
		return
	case err != nil:
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessPengaduan, id)
	s.sessions.Put(ctx, sessPengaduanKode, code)
	s.sessions.Put(ctx, sessPengaduanRef, ref)
	s.sessions.Put(ctx, sessPengaduanEmailed, p.Pelapor.Email != "")
	http.Redirect(w, r, "/pengaduan/terkirim", http.StatusSeeOther)
}

func (s *Server) handlePengaduanTerkirim(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ref := s.sessions.GetString(ctx, sessPengaduanRef)
	if ref == "" {
		http.Redirect(w, r, "/pengaduan/status", http.StatusSeeOther)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, view.PengaduanTerkirim(view.PengaduanTerkirimView{Page: s.page(r, "Laporan Terkirim"),
		Reference: ref, Code: s.sessions.PopString(ctx, sessPengaduanKode), Emailed: s.sessions.GetBool(ctx, sessPengaduanEmailed)}))
}

// --- The reporter's status page -------------------------------------------------------------------

func (s *Server) handlePengaduanStatus(w http.ResponseWriter, r *http.Request) {
	id := s.sessions.GetInt64(r.Context(), sessPengaduan)
	if id == 0 {
		s.render(w, r, http.StatusOK, view.PengaduanLacak(view.PengaduanLacakView{Page: s.page(r, "Lacak Laporan")}))
		return
	}
	s.renderPengaduanStatus(w, r, id, http.StatusOK, "", validate.Errors{})
}

func (s *Server) renderPengaduanStatus(w http.ResponseWriter, r *http.Request, id int64, status int, reply string, errs validate.Errors) {
	p, err := s.store.PengaduanForPelapor(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	file := func(l store.PengaduanLampiran) view.Link {
		return view.Link{Label: l.OriginalName, Href: "/pengaduan/status/lampiran/" + strconv.FormatInt(l.DocumentID, 10)}
	}
	v := view.PengaduanStatusView{Page: s.page(r, "Status Laporan"), Reference: p.Reference, Status: layanan.PengaduanStateLabel(p.State),
		StatusClass: pengaduanStatusClass(p.State), Fields: pengaduanFields(p), Reply: reply, Errors: errs}
	for _, l := range p.Lampiran {
		v.Files = append(v.Files, file(l))
	}
	v.Messages = pengaduanThread(p, false, file)
	_, e := layanan.NextPengaduan(p.State, layanan.EventTanggapi)
	v.CanReply = e == nil
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, view.PengaduanStatus(v))
}

func pengaduanFields(p store.Pengaduan) []view.Field {
	f := []view.Field{{Label: "Judul Laporan", Value: p.Judul, TestID: "judul"}, {Label: "Kategori Laporan", Value: p.Kategori.Label()},
		{Label: "Lokasi", Value: p.Lokasi}, {Label: "Isi Laporan", Value: p.Isi, TestID: "isi"},
		{Label: "Dikirim", Value: tanggal(p.CreatedAt)}}
	var opts []string
	if p.Anonim {
		opts = append(opts, "Anonim")
	}
	if p.Rahasia {
		opts = append(opts, "Rahasia")
	}
	if len(opts) > 0 {
		f = append(f, view.Field{Label: "Pilihan", Value: strings.Join(opts, ", ")})
	}
	return f
}

var pesanLabels = map[string]string{"jawaban": "Jawaban", "permintaan_informasi": "Permintaan informasi tambahan",
	"tanggapan": "Tanggapan pelapor", "penutupan": "Laporan ditutup"}

// pengaduanThread lists the conversation. Staff names are shown to staff only; the reporter is never named.
func pengaduanThread(p store.Pengaduan, staff bool, file func(store.PengaduanLampiran) view.Link) []view.Message {
	var out []view.Message
	for _, m := range p.Pesan {
		who := "Pelapor"
		if m.Jenis != "tanggapan" {
			who = "Pengelola Layanan"
			if staff && m.StaffNama != "" {
				who = m.StaffNama
			}
		}
		msg := view.Message{Who: who, When: tanggal(m.CreatedAt), Kind: pesanLabels[m.Jenis], Text: m.Isi}
		for _, l := range m.Lampiran {
			msg.Files = append(msg.Files, file(l))
		}
		out = append(out, msg)
	}
	return out
}

// handlePengaduanLacak looks a tracking code up. A wrong, malformed or empty code takes the same path (an
// HMAC and one indexed query) and gets the same answer, so the page tells nothing about which codes exist.
func (s *Server) handlePengaduanLacak(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if ok, _, err := s.store.Allow(ctx, s.limitKey("lacak-ip", clientIP(r)), s.now(), time.Hour, lacakLimit); err != nil {
		s.renderError(w, r, err)
		return
	} else if !ok {
		s.renderStatus(w, r, http.StatusTooManyRequests)
		return
	}
	code, _ := layanan.NormalizeTrackingCode(r.PostFormValue("kode"))
	id, err := s.store.FindPengaduanByTracking(ctx, s.tokenHash("pengaduan", code))
	if errors.Is(err, store.ErrNotFound) {
		v := view.PengaduanLacakView{Page: s.page(r, "Lacak Laporan")}
		v.Errors.Add("kode", trackingNotFound)
		s.render(w, r, http.StatusUnprocessableEntity, view.PengaduanLacak(v))
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	// A new session id before it grants access to a report, as at sign-in.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessPengaduan, id)
	http.Redirect(w, r, "/pengaduan/status", http.StatusSeeOther)
}

func (s *Server) handlePengaduanKeluar(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	s.sessions.Remove(ctx, sessPengaduan)
	s.sessions.Remove(ctx, sessPengaduanKode)
	s.sessions.Remove(ctx, sessPengaduanRef)
	s.sessions.Put(ctx, sessFlash, "Laporan ditutup dari peramban ini. Gunakan kode pelacakan untuk membukanya kembali.")
	http.Redirect(w, r, "/pengaduan/status", http.StatusSeeOther)
}

// handlePengaduanTanggapan adds the reporter's reply, with an optional attachment.
func (s *Server) handlePengaduanTanggapan(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.renderError(w, r, err)
		return
	}
	defer r.MultipartForm.RemoveAll()
	id := s.sessions.GetInt64(ctx, sessPengaduan)
	if id == 0 {
		http.Redirect(w, r, "/pengaduan/status", http.StatusSeeOther)
		return
	}
	if ok, _, err := s.store.Allow(ctx, s.limitKey("pengaduan-ip", clientIP(r)), s.now(), time.Hour, pengaduanLimit); err != nil {
		s.renderError(w, r, err)
		return
	} else if !ok {
		s.renderStatus(w, r, http.StatusTooManyRequests)
		return
	}
	text, errs := layanan.ParsePesan(r.PostFormValue("pesan"), true)
	file, fh := formFile(r, "lampiran")
	if file != nil {
		defer file.Close()
	}
	if errs.Any() {
		if file != nil {
			errs.Add("lampiran", "Pilih ulang lampiran Anda: berkas belum disimpan karena ada isian yang perlu diperbaiki.")
		}
		s.renderPengaduanStatus(w, r, id, http.StatusUnprocessableEntity, text, errs)
		return
	}
	var u *store.Upload
	if file != nil {
		u = &store.Upload{Kind: store.DocLampiran, Name: fh.Filename, R: file}
	}
	err := s.store.ReplyPengaduan(ctx, s.keys, id, text, u, func(p store.Pengaduan) *store.OutMail {
		m := outMail(mail.PengaduanDitanggapi(p.HandlerEmail, p.HandlerNama, p.Reference,
			s.cfg.BaseURL.String()+"/petugas/pengaduan/"+strconv.FormatInt(p.ID, 10)))
		return &m
	}, s.actor(r), s.now())
	var ue *store.UploadError
	switch {
	case errors.As(err, &ue):
		var e validate.Errors
		e.Add("lampiran", ue.Message)
		s.renderPengaduanStatus(w, r, id, http.StatusUnprocessableEntity, text, e)
		return
	case errors.Is(err, store.ErrConflict):
		s.sessions.Put(ctx, sessFlash, "Laporan ini tidak sedang menunggu tanggapan Anda.")
		http.Redirect(w, r, "/pengaduan/status", http.StatusSeeOther)
		return
	case err != nil:
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessFlash, "Tanggapan Anda telah dikirim kepada pengelola layanan.")
	http.Redirect(w, r, "/pengaduan/status", http.StatusSeeOther)
}

// handlePengaduanStatusFile serves an attachment of the report this browser follows.
func (s *Server) handlePengaduanStatusFile(w http.ResponseWriter, r *http.Request) {
	id := s.sessions.GetInt64(r.Context(), sessPengaduan)
	docID, err := strconv.ParseInt(chi.URLParam(r, "doc"), 10, 64)
	if id == 0 || err != nil {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	s.servePengaduanFile(w, r, id, docID, false)
}

func (s *Server) servePengaduanFile(w http.ResponseWriter, r *http.Request, pengaduanID, docID int64, neutralName bool) {
	owner, err := s.store.PengaduanOfDocument(r.Context(), docID)
	if err != nil || owner != pengaduanID {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	doc, err := s.store.FindDocument(r.Context(), docID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	name := doc.OriginalName
	if neutralName {
		name = neutralFilename(pengaduanID, doc)
	}
	s.streamDocument(w, r, doc, name, "pengaduan", pengaduanID)
}

// neutralFilename names an Anonim reporter's attachment for staff without the name it was uploaded
// under, which may carry the reporter's name.
func neutralFilename(pengaduanID int64, doc store.Document) string {
	ext := map[string]string{store.TypePDF: ".pdf", store.TypeJPEG: ".jpg", store.TypePNG: ".png"}[doc.ContentType]
	return "lampiran-" + strconv.FormatInt(pengaduanID, 10) + "-" + strconv.FormatInt(doc.ID, 10) + ext
}

// handleAkunPengaduan opens one of the account's own reports on the status page.
func (s *Server) handleAkunPengaduan(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	mine, err := s.store.PengaduanOfAkun(r.Context(), id, currentUser(r.Context()).Registrator.AkunID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !mine {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	s.sessions.Put(r.Context(), sessPengaduan, id)
	http.Redirect(w, r, "/pengaduan/status", http.StatusSeeOther)
}

// --- Staff ----------------------------------------------------------------------------------------

func (s *Server) viewer(r *http.Request) layanan.Viewer {
	st := currentUser(r.Context()).Staff
	return layanan.ViewerFor(st.ID, st.Roles)
}

func (s *Server) handlePengaduanQueue(w http.ResponseWriter, r *http.Request) {
	v := s.viewer(r)
	closed := r.URL.Query().Get("ditutup") == "1"
	list, err := s.store.ListPengaduan(r.Context(), s.keys, v, !closed)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	pv := view.PengaduanQueueView{Page: s.page(r, "Pengaduan dan Pelaporan"), Closed: closed, Handler: v.Handler}
	for _, it := range list {
		pelapor := "Anonim"
		if !it.Anonim {
			pelapor = it.Nama + " — " + it.Instansi
		}
		pv.Items = append(pv.Items, view.PengaduanRow{Href: "/petugas/pengaduan/" + strconv.FormatInt(it.ID, 10), Reference: it.Reference,
			Judul: it.Judul, Kategori: it.Kategori.Label(), Pelapor: pelapor, Status: layanan.PengaduanStateLabel(it.State),
			StatusClass: pengaduanStatusClass(it.State), Updated: tanggal(it.UpdatedAt), Anonim: it.Anonim, Rahasia: it.Rahasia,
			Handler: it.HandlerNama})
	}
	s.render(w, r, http.StatusOK, view.PengaduanQueue(pv))
}

func pelaporFields(p store.Pengaduan) []view.Field {
	if p.Pelapor == nil {
		return nil
	}
	f := []view.Field{{Label: "Nama", Value: p.Pelapor.Nama, TestID: "pelapor-nama"}, {Label: "Instansi", Value: p.Pelapor.Instansi},
		{Label: "Jabatan", Value: p.Pelapor.Jabatan}}
	email := p.Pelapor.Email
	if email == "" {
		email = "Tidak diisi"
	}
	f = append(f, view.Field{Label: "Email", Value: email})
	if p.Instansi != "" {
		f = append(f, view.Field{Label: "Akun layanan", Value: "Dikirim oleh registrator " + p.Instansi, TestID: "pelapor-akun"})
	}
	if p.PermohonanRef != "" {
		f = append(f, view.Field{Label: "Permohonan terkait", Value: p.PermohonanRef, TestID: "pelapor-permohonan"})
	}
	return f
}

func (s *Server) pengaduanReviewView(r *http.Request, p store.Pengaduan, v layanan.Viewer) view.PengaduanReviewView {
	base := "/petugas/pengaduan/" + strconv.FormatInt(p.ID, 10)
	file := func(l store.PengaduanLampiran) view.Link {
		label := l.OriginalName
		if p.Anonim {
			label = "Lampiran " + strconv.FormatInt(l.DocumentID, 10)
		}
		return view.Link{Label: label, Href: base + "/lampiran/" + strconv.FormatInt(l.DocumentID, 10),
			Note: map[string]string{store.TypePDF: "PDF", store.TypeJPEG: "JPG", store.TypePNG: "PNG"}[l.ContentType]}
	}
	pv := view.PengaduanReviewView{Page: s.page(r, "Laporan "+p.Reference), Reference: p.Reference, Status: layanan.PengaduanStateLabel(p.State),
		StatusClass: pengaduanStatusClass(p.State), Action: base, Anonim: p.Anonim, Rahasia: p.Rahasia, Fields: pengaduanFields(p),
		Pelapor: pelaporFields(p), CanReveal: v.Admin && p.Anonim, CanAct: v.CanAct(p.Rahasia, p.HandlerID),
		Open: p.State != layanan.PengaduanDitutup}
	if p.HandlerNama != "" {
		pv.Fields = append(pv.Fields, view.Field{Label: "Ditangani oleh", Value: p.HandlerNama})
	}
	for _, l := range p.Lampiran {
		pv.Files = append(pv.Files, file(l))
	}
	pv.Messages = pengaduanThread(p, true, file)
	return pv
}

func (s *Server) staffPengaduan(w http.ResponseWriter, r *http.Request) (store.Pengaduan, layanan.Viewer, bool) {
	v := s.viewer(r)
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return store.Pengaduan{}, v, false
	}
	p, err := s.store.PengaduanForStaff(r.Context(), s.keys, id, v, s.actor(r))
	if err != nil {
		s.renderError(w, r, err)
		return p, v, false
	}
	return p, v, true
}

func (s *Server) handlePengaduanReview(w http.ResponseWriter, r *http.Request) {
	p, v, ok := s.staffPengaduan(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, view.PengaduanReview(s.pengaduanReviewView(r, p, v)))
}

func (s *Server) handlePengaduanStaffFile(w http.ResponseWriter, r *http.Request) {
	p, _, ok := s.staffPengaduan(w, r)
	if !ok {
		return
	}
	docID, err := strconv.ParseInt(chi.URLParam(r, "doc"), 10, 64)
	if err != nil {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	s.servePengaduanFile(w, r, p.ID, docID, p.Anonim)
}

// pengaduanAction answers, asks for information or closes a report.
func (s *Server) pengaduanAction(event string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, v, ok := s.staffPengaduan(w, r)
		if !ok {
			return
		}
		if !v.CanAct(p.Rahasia, p.HandlerID) {
			s.renderStatus(w, r, http.StatusNotFound)
			return
		}
		text, errs := layanan.ParsePesan(r.PostFormValue("pesan"), event != layanan.EventTutup)
		if errs.Any() {
			pv := s.pengaduanReviewView(r, p, v)
			pv.Pesan, pv.Errors = text, errs
			s.render(w, r, http.StatusUnprocessableEntity, view.PengaduanReview(pv))
			return
		}
		statusURL := s.cfg.BaseURL.String() + "/pengaduan/status"
		err := s.store.ActOnPengaduan(r.Context(), s.keys, p.ID, event, text, v, func(p store.Pengaduan, to layanan.Pelapor) *store.OutMail {
			var m mail.Message
			switch event {
			case layanan.EventJawab:
				m = mail.PengaduanDijawab(to.Email, to.Nama, p.Reference, text, statusURL)
			case layanan.EventMintaInformasi:
				m = mail.PengaduanPerluInformasi(to.Email, to.Nama, p.Reference, text, statusURL)
			default:
				m = mail.PengaduanDitutup(to.Email, to.Nama, p.Reference, text, statusURL)
			}
			out := outMail(m)
			return &out
		}, s.actor(r), s.now())
		base := "/petugas/pengaduan/" + strconv.FormatInt(p.ID, 10)
		switch {
		case errors.Is(err, store.ErrConflict):
			s.sessions.Put(r.Context(), sessFlash, "Laporan ini sudah diproses oleh petugas lain atau statusnya telah berubah.")
			http.Redirect(w, r, base, http.StatusSeeOther)
			return
		case err != nil:
			s.renderError(w, r, err)
			return
		}
		s.sessions.Put(r.Context(), sessFlash, map[string]string{layanan.EventJawab: "Jawaban terkirim kepada pelapor.",
			layanan.EventMintaInformasi: "Permintaan informasi tambahan terkirim kepada pelapor.",
			layanan.EventTutup:          "Laporan ditutup."}[event])
		http.Redirect(w, r, base, http.StatusSeeOther)
	}
}

// handlePengaduanReveal shows an admin the identity of a report's reporter, after recording who asked and
// why. The identity is shown on this response only.
func (s *Server) handlePengaduanReveal(w http.ResponseWriter, r *http.Request) {
	p, v, ok := s.staffPengaduan(w, r)
	if !ok {
		return
	}
	reason := layanan.CleanText(r.PostFormValue("alasan"), 1000)
	if len([]rune(reason)) < 10 {
		pv := s.pengaduanReviewView(r, p, v)
		pv.Alasan = reason
		pv.Errors.Add("alasan", "Tuliskan alasan membuka identitas pelapor (paling sedikit 10 karakter).")
		s.render(w, r, http.StatusUnprocessableEntity, view.PengaduanReview(pv))
		return
	}
	revealed, err := s.store.RevealPelapor(r.Context(), s.keys, p.ID, reason, s.actor(r))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p.Pelapor, p.Instansi, p.PermohonanRef = revealed.Pelapor, revealed.Instansi, revealed.PermohonanRef
	pv := s.pengaduanReviewView(r, p, v)
	pv.Revealed = true
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, view.PengaduanReview(pv))
}

// handlePengaduanExport downloads the reports as CSV for reporting. Rahasia reports are left out, and an
// Anonim reporter's columns say "Anonim".
func (s *Server) handlePengaduanExport(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.ExportPengaduan(r.Context(), s.keys, s.actor(r))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="rekapitulasi-pengaduan.csv"`)
	h.Set("Cache-Control", "private, no-store")
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"Nomor", "Tanggal", "Kategori", "Judul", "Lokasi", "Status", "Ditangani oleh", "Anonim", "Nama Pelapor",
		"Instansi Pelapor", "Jabatan Pelapor"})
	for _, p := range list {
		nama, instansi, jabatan, anonim := "Anonim", "Anonim", "Anonim", "Ya"
		if !p.Anonim && p.Pelapor != nil {
			nama, instansi, jabatan, anonim = p.Pelapor.Nama, p.Pelapor.Instansi, p.Pelapor.Jabatan, "Tidak"
		}
		_ = cw.Write([]string{p.Reference, p.CreatedAt.In(jakarta).Format("2006-01-02"), p.Kategori.Label(), csvSafe(p.Judul),
			csvSafe(p.Lokasi), layanan.PengaduanStateLabel(p.State), p.HandlerNama, anonim, csvSafe(nama), csvSafe(instansi), csvSafe(jabatan)})
	}
	cw.Flush()
}

// csvSafe keeps a spreadsheet from reading typed text as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (s *Server) handlePengaduanJawab(w http.ResponseWriter, r *http.Request) {
	s.pengaduanAction(layanan.EventJawab)(w, r)
}

func (s *Server) handlePengaduanMintaInformasi(w http.ResponseWriter, r *http.Request) {
	s.pengaduanAction(layanan.EventMintaInformasi)(w, r)
}

func (s *Server) handlePengaduanTutup(w http.ResponseWriter, r *http.Request) {
	s.pengaduanAction(layanan.EventTutup)(w, r)
}
