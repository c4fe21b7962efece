package server

import (
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	view "github.com/bappenas/portal-regsosek/templates/pages/layanan"
)

// Fasilitasi Bimbingan Teknis (pedoman §IV): the registrator fills the request, downloads the prefilled
// lampiran 7 and 8, uploads them signed and submits; the pengelola layanan schedules, marks done or declines.

func bimtekPath(id int64, suffix string) string {
	return "/akun/bimtek/" + strconv.FormatInt(id, 10) + suffix
}

func bimtekStaffPath(id int64, suffix string) string {
	return "/petugas/bimtek/" + strconv.FormatInt(id, 10) + suffix
}

// jakartaToday is today's date in Jakarta, at midnight UTC, as the rules compare dates.
func (s *Server) jakartaToday() time.Time {
	t := s.now().In(jakarta)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func bimtekStatusClass(state string) string {
	return map[string]string{layanan.BimtekDraf: "tag-grey", layanan.BimtekDiajukan: "tag-blue",
		layanan.BimtekDijadwalkan: "tag-purple", layanan.BimtekSelesai: "tag-green", layanan.BimtekDitolak: "tag-red"}[state]
}

func versionOptions() []components.Option {
	var out []components.Option
	for _, v := range layanan.Versions {
		out = append(out, components.Option{Value: string(v), Label: v.Description()})
	}
	return out
}

func modeOptions() []components.Option {
	var out []components.Option
	for _, m := range layanan.Modes {
		out = append(out, components.Option{Value: string(m), Label: m.Label()})
	}
	return out
}

// bimtekInput reads the request form as typed.
func bimtekInput(r *http.Request) layanan.BimtekInput {
	in := layanan.BimtekInput{Versi: r.PostFormValue("versi"), PesertaPK: r.PostFormValue("peserta_pk"),
		PesertaDK: r.PostFormValue("peserta_dk"), TopikKonsultasi: r.PostFormValue("topik_konsultasi"), Mode: r.PostFormValue("mode"),
		UsulanMulai: r.PostFormValue("usulan_mulai"), UsulanSelesai: r.PostFormValue("usulan_selesai"), Catatan: r.PostFormValue("catatan"),
		Nama: r.PostFormValue("narahubung_nama"), Jabatan: r.PostFormValue("narahubung_jabatan"), NIP: r.PostFormValue("narahubung_nip"),
		Email: r.PostFormValue("narahubung_email"), Phone: r.PostFormValue("narahubung_hp")}
	for _, j := range r.PostForm["jenis"] {
		switch j {
		case "pelatihan":
			in.Pelatihan = true
		case "konsultasi":
			in.Konsultasi = true
		}
	}
	return in
}

// inputOf writes a stored request back into the form.
func inputOf(b layanan.Bimtek) layanan.BimtekInput {
	count := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	return layanan.BimtekInput{Pelatihan: b.Pelatihan, Konsultasi: b.Konsultasi, Versi: string(b.Versi),
		PesertaPK: count(b.PesertaPK), PesertaDK: count(b.PesertaDK), TopikKonsultasi: b.TopikKonsultasi, Mode: string(b.Mode),
		UsulanMulai: b.UsulanMulai.Format("2006-01-02"), UsulanSelesai: b.UsulanSelesai.Format("2006-01-02"), Catatan: b.Catatan,
		Nama: b.Narahubung.Nama, Jabatan: b.Narahubung.Jabatan, NIP: b.Narahubung.NIP, Email: b.Narahubung.Email, Phone: b.Narahubung.Phone}
}

func (s *Server) bimtekFormView(r *http.Request, in layanan.BimtekInput, errs validate.Errors, action, back string) view.BimtekFormView {
	reg := currentUser(r.Context()).Registrator
	return view.BimtekFormView{Page: s.page(r, "Fasilitasi Bimbingan Teknis"), Action: action, Back: back, Instansi: reg.InstansiNama,
		Pelatihan: in.Pelatihan, Konsultasi: in.Konsultasi, Versi: in.Versi, PesertaPK: in.PesertaPK, PesertaDK: in.PesertaDK,
		TopikKonsultasi: in.TopikKonsultasi, Mode: in.Mode, UsulanMulai: in.UsulanMulai, UsulanSelesai: in.UsulanSelesai,
		Catatan: in.Catatan, Nama: in.Nama, Jabatan: in.Jabatan, NIP: in.NIP, Email: in.Email, Phone: in.Phone,
		Versions: versionOptions(), Modes: modeOptions(), Errors: errs}
}

// --- Registrator ----------------------------------------------------------------------------------

func (s *Server) handleBimtekNew(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, view.BimtekForm(s.bimtekFormView(r, layanan.BimtekInput{}, validate.Errors{}, "/akun/bimtek", "/akun")))
}

func (s *Server) handleBimtekCreate(w http.ResponseWriter, r *http.Request) {
	reg := currentUser(r.Context()).Registrator
	in := bimtekInput(r)
	b, errs := layanan.ParseBimtek(in, s.jakartaToday())
	if errs.Any() {
		s.render(w, r, http.StatusUnprocessableEntity, view.BimtekForm(s.bimtekFormView(r, in, errs, "/akun/bimtek", "/akun")))
		return
	}
	id, err := s.store.CreateBimtekDraft(r.Context(), reg.AkunID, reg.PejabatID, b, s.actor(r), s.now())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, bimtekPath(id, "/dokumen"), http.StatusSeeOther)
}

// ownBimtek loads a request of the signed-in registrator's account; another account's is "not found".
func (s *Server) ownBimtek(w http.ResponseWriter, r *http.Request) (store.Bimtek, bool) {
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return store.Bimtek{}, false
	}
	b, err := s.store.FindBimtekForAkun(r.Context(), id, currentUser(r.Context()).Registrator.AkunID)
	if err != nil {
		s.renderError(w, r, err)
		return b, false
	}
	return b, true
}

// draftOnly sends a request that is no longer a draft to its page.
func (s *Server) draftOnly(w http.ResponseWriter, r *http.Request, b store.Bimtek) bool {
	if b.State != layanan.BimtekDraf {
		s.sessions.Put(r.Context(), sessFlash, "Permohonan ini sudah diajukan dan tidak dapat diubah lagi.")
		http.Redirect(w, r, bimtekPath(b.ID, ""), http.StatusSeeOther)
		return false
	}
	return true
}

func (s *Server) handleBimtekEdit(w http.ResponseWriter, r *http.Request) {
	b, ok := s.ownBimtek(w, r)
	if !ok || !s.draftOnly(w, r, b) {
		return
	}
	s.render(w, r, http.StatusOK, view.BimtekForm(s.bimtekFormView(r, inputOf(b.Data), validate.Errors{},
		bimtekPath(b.ID, "/ubah"), bimtekPath(b.ID, "/dokumen"))))
}

func (s *Server) handleBimtekUpdate(w http.ResponseWriter, r *http.Request) {
	b, ok := s.ownBimtek(w, r)
	if !ok || !s.draftOnly(w, r, b) {
		return
	}
	in := bimtekInput(r)
	d, errs := layanan.ParseBimtek(in, s.jakartaToday())
	if errs.Any() {
		s.render(w, r, http.StatusUnprocessableEntity, view.BimtekForm(s.bimtekFormView(r, in, errs, bimtekPath(b.ID, "/ubah"),
			bimtekPath(b.ID, "/dokumen"))))
		return
	}
	err := s.store.UpdateBimtekDraft(r.Context(), b.ID, b.AkunID, d, s.actor(r), s.now())
	if errors.Is(err, store.ErrConflict) {
		s.draftOnly(w, r, store.Bimtek{ID: b.ID, State: layanan.BimtekDiajukan})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, bimtekPath(b.ID, "/dokumen"), http.StatusSeeOther)
}

// bimtekFields summarises a request for its pages.
func bimtekFields(b store.Bimtek, staff bool) []view.Field {
	d := b.Data
	f := []view.Field{{Label: "Jenis Bimbingan Teknis", Value: d.Jenis(), TestID: "jenis"}}
	if staff {
		f = append([]view.Field{{Label: "Pemohon", Value: b.InstansiNama}, {Label: "Registrator", Value: b.RegistratorNama}}, f...)
	}
	if d.Pelatihan {
		f = append(f, view.Field{Label: "Versi Pelatihan", Value: d.Versi.Description()},
			view.Field{Label: "Kelas", Value: layanan.ClassesText(d.PesertaPK, d.PesertaDK), TestID: "kelas-rinci"})
	}
	if d.Konsultasi {
		f = append(f, view.Field{Label: "Topik Konsultasi", Value: d.TopikKonsultasi})
	}
	f = append(f, view.Field{Label: "Mode Pelaksanaan", Value: d.Mode.Label()},
		view.Field{Label: "Usulan Waktu", Value: layanan.RangeText(d.UsulanMulai, d.UsulanSelesai)})
	if d.Catatan != "" {
		f = append(f, view.Field{Label: "Catatan", Value: d.Catatan})
	}
	n := d.Narahubung
	f = append(f, view.Field{Label: "Narahubung", Value: n.Nama + " — " + n.Jabatan + "\nNIP " + n.NIP + "\n" + n.Email + " · " + n.Phone})
	if b.SubmittedAt != nil {
		f = append(f, view.Field{Label: "Diajukan", Value: tanggal(*b.SubmittedAt)})
	}
	return f
}

func jadwalFields(j *layanan.Jadwal) []view.Field {
	if j == nil {
		return nil
	}
	f := []view.Field{{Label: "Tanggal", Value: layanan.RangeText(j.Mulai, j.Selesai), TestID: "jadwal-tanggal"},
		{Label: "Mode", Value: j.Mode.Label()}}
	if j.Tempat != "" {
		f = append(f, view.Field{Label: "Tempat", Value: j.Tempat, TestID: "jadwal-tempat"})
	}
	if j.Tautan != "" {
		f = append(f, view.Field{Label: "Tautan Rapat", Value: j.Tautan, TestID: "jadwal-tautan"})
	}
	if j.Catatan != "" {
		f = append(f, view.Field{Label: "Catatan", Value: j.Catatan})
	}
	return f
}

var bimtekSlots = []struct {
	slot          store.BimtekSlot
	label, hint   string
	template      string
	templateLabel string
	pelatihanOnly bool
}{
	{store.BimtekSurat, "Surat Permohonan Fasilitasi Bimbingan Teknis", "PDF, maksimal 10 MB, ditandatangani pejabat yang berwenang.",
		"lampiran-7.pdf", "Templat Surat Permohonan Fasilitasi Bimbingan Teknis (Lampiran 7)", false},
	{store.BimtekKAK, "KAK Pelatihan", "Kerangka Acuan Kegiatan pelatihan, PDF, maksimal 10 MB.",
		"lampiran-8.pdf", "Templat KAK Pelatihan Pemanfaatan Data Regsosek (Lampiran 8)", true},
}

func bimtekDocID(b store.Bimtek, slot store.BimtekSlot) int64 {
	if slot == store.BimtekKAK {
		return b.KAKDocumentID
	}
	return b.SuratDocumentID
}

func (s *Server) bimtekDokumenView(r *http.Request, b store.Bimtek, errs validate.Errors) (view.BimtekDokumenView, error) {
	v := view.BimtekDokumenView{Page: s.page(r, "Dokumen Fasilitasi Bimbingan Teknis"), Action: bimtekPath(b.ID, "/dokumen"),
		EditHref: bimtekPath(b.ID, "/ubah"), Fields: bimtekFields(b, false), Errors: errs}
	if b.Data.Pelatihan {
		v.Classes = layanan.ClassesText(b.Data.PesertaPK, b.Data.PesertaDK)
	}
	for _, sl := range bimtekSlots {
		if sl.pelatihanOnly && !b.Data.Pelatihan {
			continue
		}
		d := view.DocSlot{Name: string(sl.slot), Label: sl.label, Hint: sl.hint, TemplateHref: bimtekPath(b.ID, "/"+sl.template),
			TemplateLabel: sl.templateLabel, Error: errs.Get(string(sl.slot))}
		if id := bimtekDocID(b, sl.slot); id != 0 {
			meta, err := s.store.FindDocument(r.Context(), id)
			if err != nil {
				return v, err
			}
			d.Current = meta.OriginalName
		}
		v.Docs = append(v.Docs, d)
	}
	return v, nil
}

func (s *Server) handleBimtekDokumenForm(w http.ResponseWriter, r *http.Request) {
	b, ok := s.ownBimtek(w, r)
	if !ok || !s.draftOnly(w, r, b) {
		return
	}
	v, err := s.bimtekDokumenView(r, b, validate.Errors{})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, view.BimtekDokumen(v))
}

// handleBimtekDokumen stores the uploaded documents, each on its own so a refused file does not cost the
// good one, then with "Ajukan Permohonan" submits the request.
func (s *Server) handleBimtekDokumen(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.renderError(w, r, err)
		return
	}
	defer r.MultipartForm.RemoveAll()
	b, ok := s.ownBimtek(w, r)
	if !ok || !s.draftOnly(w, r, b) {
		return
	}
	var errs validate.Errors
	for _, sl := range bimtekSlots {
		if sl.pelatihanOnly && !b.Data.Pelatihan {
			continue
		}
		f, h := formFile(r, string(sl.slot))
		if f == nil {
			continue
		}
		err := s.store.AttachBimtekDocument(ctx, s.keys, b.ID, b.AkunID, sl.slot, store.Upload{Kind: store.DocDokumen, Name: h.Filename, R: f},
			s.actor(r), s.now())
		f.Close()
		var ue *store.UploadError
		switch {
		case errors.As(err, &ue):
			errs.Add(string(sl.slot), ue.Message)
		case errors.Is(err, store.ErrConflict):
			s.draftOnly(w, r, store.Bimtek{ID: b.ID, State: layanan.BimtekDiajukan})
			return
		case err != nil:
			s.renderError(w, r, err)
			return
		}
	}
	b, err := s.store.FindBimtekForAkun(ctx, b.ID, b.AkunID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	submit := r.PostFormValue("aksi") == "ajukan"
	if submit {
		for _, sl := range bimtekSlots {
			if (!sl.pelatihanOnly || b.Data.Pelatihan) && bimtekDocID(b, sl.slot) == 0 && errs.Get(string(sl.slot)) == "" {
				errs.Add(string(sl.slot), "Unggah "+sl.label+".")
			}
		}
	}
	if errs.Any() {
		v, err := s.bimtekDokumenView(r, b, errs)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, view.BimtekDokumen(v))
		return
	}
	if !submit {
		s.sessions.Put(ctx, sessFlash, "Dokumen tersimpan. Klik “Ajukan Permohonan” bila dokumen sudah lengkap.")
		http.Redirect(w, r, bimtekPath(b.ID, "/dokumen"), http.StatusSeeOther)
		return
	}
	// A draft written days ago may propose dates that have passed: it is checked again as it is submitted.
	in := inputOf(b.Data)
	if _, errs := layanan.ParseBimtek(in, s.jakartaToday()); errs.Any() {
		s.render(w, r, http.StatusUnprocessableEntity, view.BimtekForm(s.bimtekFormView(r, in, errs, bimtekPath(b.ID, "/ubah"),
			bimtekPath(b.ID, "/dokumen"))))
		return
	}
	_, err = s.store.SubmitBimtek(ctx, b.ID, b.AkunID, func(b store.Bimtek) []store.OutMail {
		link := s.cfg.BaseURL.String() + bimtekPath(b.ID, "")
		return s.bimtekMails(b, func(to, nama string) mail.Message {
			return mail.BimtekDiajukan(to, nama, b.Reference, b.InstansiNama, b.Data.Jenis(), link)
		})
	}, s.actor(r), s.now())
	switch {
	case errors.Is(err, store.ErrConflict):
		s.draftOnly(w, r, store.Bimtek{ID: b.ID, State: layanan.BimtekDiajukan})
		return
	case err != nil:
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessFlash, "Permohonan fasilitasi bimbingan teknis telah diajukan. Pengelola layanan akan mengirimkan jadwal melalui email.")
	http.Redirect(w, r, bimtekPath(b.ID, ""), http.StatusSeeOther)
}

// bimtekMails addresses a letter to the registrator holding the account now and, when different, the
// narahubung.
func (s *Server) bimtekMails(b store.Bimtek, letter func(to, nama string) mail.Message) []store.OutMail {
	var out []store.OutMail
	if b.RegistratorEmail != "" {
		out = append(out, outMail(letter(b.RegistratorEmail, b.RegistratorNama)))
	}
	if n := b.Data.Narahubung; n.Email != "" && !strings.EqualFold(n.Email, b.RegistratorEmail) {
		out = append(out, outMail(letter(n.Email, n.Nama)))
	}
	return out
}

func (s *Server) handleBimtekShow(w http.ResponseWriter, r *http.Request) {
	b, ok := s.ownBimtek(w, r)
	if !ok {
		return
	}
	v := view.BimtekDetailView{Page: s.page(r, "Fasilitasi Bimbingan Teknis"), Reference: b.Reference,
		Status: layanan.BimtekStateLabel(b.State), StatusClass: bimtekStatusClass(b.State), Draft: b.State == layanan.BimtekDraf,
		ContinueHref: bimtekPath(b.ID, "/dokumen"), Fields: bimtekFields(b, false), Jadwal: jadwalFields(b.Jadwal),
		RejectReason: b.RejectReason, Docs: bimtekDocLinks(b, func(slot string) string { return bimtekPath(b.ID, "/berkas/"+slot) })}
	s.render(w, r, http.StatusOK, view.BimtekDetail(v))
}

func bimtekDocLinks(b store.Bimtek, href func(slot string) string) []view.Link {
	var out []view.Link
	for _, sl := range bimtekSlots {
		if bimtekDocID(b, sl.slot) != 0 {
			out = append(out, view.Link{Label: sl.label, Href: href(string(sl.slot))})
		}
	}
	return out
}

// handleBimtekTemplate serves lampiran 7 or 8 filled with the request.
func (s *Server) handleBimtekTemplate(w http.ResponseWriter, r *http.Request) {
	b, ok := s.ownBimtek(w, r)
	if !ok {
		return
	}
	d := layanan.TemplateData{Instansi: b.InstansiNama, Kategori: b.Kategori, Bimtek: b.Data, Today: s.jakartaToday()}
	var pdf []byte
	var err error
	var name string
	switch chi.URLParam(r, "lampiran") {
	case "lampiran-7.pdf":
		pdf, err = layanan.SuratPermohonan(d)
		name = "Lampiran 7 - Surat Permohonan Fasilitasi Bimbingan Teknis.pdf"
	case "lampiran-8.pdf":
		if !b.Data.Pelatihan {
			s.renderStatus(w, r, http.StatusNotFound)
			return
		}
		pdf, err = layanan.KAKPelatihan(d)
		name = "Lampiran 8 - KAK Pelatihan Pemanfaatan Data Regsosek.pdf"
	default:
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", store.TypePDF)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(pdf)))
	_, _ = w.Write(pdf)
}

func (s *Server) handleBimtekFile(w http.ResponseWriter, r *http.Request) {
	b, ok := s.ownBimtek(w, r)
	if !ok {
		return
	}
	s.serveBimtekFile(w, r, b)
}

func (s *Server) serveBimtekFile(w http.ResponseWriter, r *http.Request, b store.Bimtek) {
	id := bimtekDocID(b, store.BimtekSlot(chi.URLParam(r, "slot")))
	if id == 0 {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	doc, err := s.store.FindDocument(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.streamDocument(w, r, doc, doc.OriginalName, "bimtek", b.ID)
}

// streamDocument sends a decrypted document as a download under name, after recording the view.
func (s *Server) streamDocument(w http.ResponseWriter, r *http.Request, doc store.Document, name, owner string, ownerID int64) {
	ctx := r.Context()
	if err := s.store.Audit(ctx, s.actor(r), store.AuditEntry{Action: "dokumen.lihat", ObjectType: "dokumen", ObjectID: doc.ID,
		Detail: map[string]any{"jenis": string(doc.Kind), owner + "_id": ownerID}}); err != nil {
		s.renderError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", doc.ContentType)
	h.Set("Content-Length", strconv.FormatInt(doc.Size, 10))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	if err := s.store.WriteDocument(ctx, s.keys, doc.ID, w); err != nil {
		s.log.Error("document stream failed", "request_id", requestIDFrom(ctx), "document_id", doc.ID, "err", err)
	}
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
			Status: layanan.BimtekStateLabel(b.State), StatusClass: bimtekStatusClass(b.State),
			Tanggal: layanan.RangeText(b.Data.UsulanMulai, b.Data.UsulanSelesai)}
		if b.Jadwal != nil {
			row.Tanggal = layanan.RangeText(b.Jadwal.Mulai, b.Jadwal.Selesai)
		}
		v.Bimtek = append(v.Bimtek, row)
	}
	reports, err := s.store.ListPengaduanOfAkun(r.Context(), akunID)
	if err != nil {
		return nil, err
	}
	for _, p := range reports {
		v.Pengaduan = append(v.Pengaduan, view.PengaduanRow{Href: "/akun/pengaduan/" + strconv.FormatInt(p.ID, 10), Reference: p.Reference,
			Judul: p.Judul, Status: layanan.PengaduanStateLabel(p.State), StatusClass: pengaduanStatusClass(p.State), Created: tanggal(p.CreatedAt)})
	}
	return view.AkunLayanan(v), nil
}

// --- Pengelola layanan ----------------------------------------------------------------------------

func (s *Server) handleBimtekQueue(w http.ResponseWriter, r *http.Request) {
	done := r.URL.Query().Get("riwayat") == "1"
	list, err := s.store.ListBimtekQueue(r.Context(), done)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := view.BimtekQueueView{Page: s.page(r, "Fasilitasi Bimbingan Teknis"), Done: done}
	for _, b := range list {
		row := view.BimtekRow{Href: bimtekStaffPath(b.ID, ""), Reference: b.Reference, Instansi: b.InstansiNama, Jenis: b.Data.Jenis(),
			Status: layanan.BimtekStateLabel(b.State), StatusClass: bimtekStatusClass(b.State),
			Tanggal: "Usulan " + layanan.RangeText(b.Data.UsulanMulai, b.Data.UsulanSelesai)}
		if b.Data.Pelatihan {
			row.Kelas = layanan.ClassesText(b.Data.PesertaPK, b.Data.PesertaDK)
		}
		if b.Jadwal != nil {
			row.Tanggal = "Jadwal " + layanan.RangeText(b.Jadwal.Mulai, b.Jadwal.Selesai)
		}
		if b.SubmittedAt != nil {
			row.Submitted = tanggal(*b.SubmittedAt)
		}
		v.Items = append(v.Items, row)
	}
	s.render(w, r, http.StatusOK, view.BimtekQueue(v))
}

func (s *Server) staffBimtek(w http.ResponseWriter, r *http.Request) (store.Bimtek, bool) {
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return store.Bimtek{}, false
	}
	b, err := s.store.FindBimtek(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return b, false
	}
	return b, true
}

func (s *Server) bimtekReviewView(r *http.Request, b store.Bimtek) view.BimtekReviewView {
	v := view.BimtekReviewView{Page: s.page(r, "Fasilitasi Bimbingan Teknis "+b.Reference), Reference: b.Reference,
		Status: layanan.BimtekStateLabel(b.State), StatusClass: bimtekStatusClass(b.State), Action: bimtekStaffPath(b.ID, ""),
		Fields: bimtekFields(b, true), Jadwal: jadwalFields(b.Jadwal), RejectReason: b.RejectReason, Modes: modeOptions(),
		Docs: bimtekDocLinks(b, func(slot string) string { return bimtekStaffPath(b.ID, "/berkas/"+slot) })}
	if b.Data.Pelatihan {
		v.Classes = layanan.ClassesText(b.Data.PesertaPK, b.Data.PesertaDK) + " — " + b.Data.Versi.Description() + " per kelas"
	}
	_, errSchedule := layanan.NextBimtek(b.State, layanan.EventJadwalkan)
	_, errFinish := layanan.NextBimtek(b.State, layanan.EventSelesai)
	_, errDecline := layanan.NextBimtek(b.State, layanan.EventTolak)
	v.CanSchedule, v.CanFinish, v.CanDecline = errSchedule == nil, errFinish == nil, errDecline == nil
	// The schedule form starts from the current schedule, or from the proposal.
	if j := b.Jadwal; j != nil {
		v.JadwalMulai, v.JadwalSelesai, v.JadwalMode = j.Mulai.Format("2006-01-02"), j.Selesai.Format("2006-01-02"), string(j.Mode)
		v.Tempat, v.Tautan, v.Catatan = j.Tempat, j.Tautan, j.Catatan
	} else {
		v.JadwalMulai, v.JadwalSelesai = b.Data.UsulanMulai.Format("2006-01-02"), b.Data.UsulanSelesai.Format("2006-01-02")
		v.JadwalMode = string(b.Data.Mode)
	}
	return v
}

func (s *Server) handleBimtekReview(w http.ResponseWriter, r *http.Request) {
	b, ok := s.staffBimtek(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, view.BimtekReview(s.bimtekReviewView(r, b)))
}

func (s *Server) handleBimtekStaffFile(w http.ResponseWriter, r *http.Request) {
	b, ok := s.staffBimtek(w, r)
	if !ok {
		return
	}
	s.serveBimtekFile(w, r, b)
}

// bimtekDone answers a staff action: the loser of a race is told the request was processed meanwhile.
func (s *Server) bimtekDone(w http.ResponseWriter, r *http.Request, id int64, err error, flash string) {
	switch {
	case errors.Is(err, store.ErrConflict):
		s.sessions.Put(r.Context(), sessFlash, "Permohonan ini sudah diproses oleh petugas lain atau statusnya telah berubah.")
		http.Redirect(w, r, bimtekStaffPath(id, ""), http.StatusSeeOther)
	case err != nil:
		s.renderError(w, r, err)
	default:
		s.sessions.Put(r.Context(), sessFlash, flash)
		http.Redirect(w, r, bimtekStaffPath(id, ""), http.StatusSeeOther)
	}
}

func (s *Server) bimtekLink(b store.Bimtek) string {
	return s.cfg.BaseURL.String() + bimtekPath(b.ID, "")
}

func (s *Server) handleBimtekSchedule(w http.ResponseWriter, r *http.Request) {
	b, ok := s.staffBimtek(w, r)
	if !ok {
		return
	}
	in := layanan.JadwalInput{Mulai: r.PostFormValue("jadwal_mulai"), Selesai: r.PostFormValue("jadwal_selesai"),
		Mode: r.PostFormValue("jadwal_mode"), Tempat: r.PostFormValue("jadwal_tempat"), Tautan: r.PostFormValue("jadwal_tautan"),
		Catatan: r.PostFormValue("jadwal_catatan")}
	j, errs := layanan.ParseJadwal(in, b.Data.Pelatihan, b.Data.Versi, s.jakartaToday())
	if errs.Any() {
		v := s.bimtekReviewView(r, b)
		v.JadwalMulai, v.JadwalSelesai, v.JadwalMode, v.Tempat, v.Tautan, v.Catatan = in.Mulai, in.Selesai, in.Mode, in.Tempat, in.Tautan, in.Catatan
		v.Errors = errs
		s.render(w, r, http.StatusUnprocessableEntity, view.BimtekReview(v))
		return
	}
	changed := b.Jadwal != nil
	_, err := s.store.ScheduleBimtek(r.Context(), b.ID, j, func(b store.Bimtek) []store.OutMail {
		jm := mail.BimtekJadwal{Tanggal: layanan.RangeText(j.Mulai, j.Selesai), Mode: j.Mode.Label(), Tempat: j.Tempat, Tautan: j.Tautan, Catatan: j.Catatan}
		return s.bimtekMails(b, func(to, nama string) mail.Message {
			return mail.BimtekDijadwalkan(to, nama, b.Reference, changed, jm, s.bimtekLink(b))
		})
	}, s.actor(r), s.now())
	s.bimtekDone(w, r, b.ID, err, "Jadwal tersimpan dan dikirim ke registrator dan narahubung.")
}

func (s *Server) handleBimtekFinish(w http.ResponseWriter, r *http.Request) {
	b, ok := s.staffBimtek(w, r)
	if !ok {
		return
	}
	_, err := s.store.FinishBimtek(r.Context(), b.ID, func(b store.Bimtek) []store.OutMail {
		return s.bimtekMails(b, func(to, nama string) mail.Message { return mail.BimtekSelesai(to, nama, b.Reference, s.bimtekLink(b)) })
	}, s.actor(r), s.now())
	s.bimtekDone(w, r, b.ID, err, "Permohonan ditandai selesai.")
}

func (s *Server) handleBimtekDecline(w http.ResponseWriter, r *http.Request) {
	b, ok := s.staffBimtek(w, r)
	if !ok {
		return
	}
	reason := layanan.CleanText(r.PostFormValue("alasan"), 2000)
	if len([]rune(reason)) < 10 {
		v := s.bimtekReviewView(r, b)
		v.Reason = reason
		v.Errors.Add("alasan", "Tuliskan alasan penolakan (paling sedikit 10 karakter) agar pemohon dapat menyesuaikan permohonannya.")
		s.render(w, r, http.StatusUnprocessableEntity, view.BimtekReview(v))
		return
	}
	_, err := s.store.DeclineBimtek(r.Context(), b.ID, reason, func(b store.Bimtek) []store.OutMail {
		return s.bimtekMails(b, func(to, nama string) mail.Message {
			return mail.BimtekDitolak(to, nama, b.Reference, reason, s.bimtekLink(b))
		})
	}, s.actor(r), s.now())
	s.bimtekDone(w, r, b.ID, err, "Permohonan ditolak. Alasan telah dikirim ke registrator dan narahubung.")
}
