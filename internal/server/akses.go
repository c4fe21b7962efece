package server

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	akv "github.com/bappenas/portal-regsosek/templates/pages/akses"
)

// Tahap 4–6 for the registrator (pedoman §3.3.5): the PKS and NDA, the "Informasi Akun Pengguna" of each
// operator, the SK Forum Satu Data under the six-month rule, and Perpanjangan. Every look-up is scoped to
// the registrator's own account through ownPermohonan.

var aksesEventLabels = map[string]string{
	"minta_pks": "PKS dan NDA siap ditandatangani", "unggah_pks": "PKS dan NDA diunggah pemohon", "kembalikan_pks": "PKS dan NDA dikembalikan",
	"tandatangani_pks": "PKS dan NDA ditandatangani kedua pihak", "minta_cetak": "Permintaan cetak PKS/NDA", "cetak_dikirim": "PKS/NDA cetak dikirim",
	"siapkan_akses": "Akses disiapkan", "berikan_akses": "Hak akses diberikan", "peringatan_berakhir": "Pemberitahuan: hak akses akan berakhir",
	"kedaluwarsa": "Hak akses berakhir", "cabut": "Hak akses dicabut", "perpanjang": "Hak akses diperpanjang",
	"unggah_sk_forum": "SK Forum Satu Data diunggah", "minta_perpanjangan": "Perpanjangan diminta", "tolak_perpanjangan": "Perpanjangan ditolak",
}

var akunStatus = map[string]string{"disiapkan": "Sedang disiapkan", "aktif": "Aktif", "gagal": "Gagal disiapkan", "berakhir": "Berakhir", "dicabut": "Dicabut"}

// tahap4On reports whether the permohonan has reached Tahap 4.
func tahap4On(st request.State) bool {
	switch st {
	case request.MenungguPKSNDA, request.PKSNDADiunggah, request.PenyiapanAkses, request.AksesDiberikan, request.Berakhir, request.Dicabut:
		return true
	}
	return false
}

func signedText(d request.AgreementDoc) (string, bool) {
	switch {
	case d.TTDDigital == nil:
		return "", false
	case *d.TTDDigital && d.TTDFormat != "":
		return "Tanda tangan digital terdeteksi (" + d.TTDFormat + ")", true
	case *d.TTDDigital:
		return "Tanda tangan digital terdeteksi", true
	}
	return "Tidak ada tanda tangan digital (pindaian tanda tangan basah?)", false
}

func docLink(kind request.DocKind, d request.AgreementDoc) akv.DocLink {
	signed, ok := signedText(d)
	return akv.DocLink{Label: request.DocLabels[kind], Name: d.OriginalName, Href: "/dokumen/" + strconv.FormatInt(d.ID, 10), Signed: signed, SignedOK: ok}
}

func countersignedLinks(a request.Akses) []akv.DocLink {
	var out []akv.DocLink
	for _, k := range []request.DocKind{request.DocPKSTTD, request.DocNDATTD} {
		if d, ok := a.Docs[k]; ok {
			out = append(out, docLink(k, d))
		}
	}
	return out
}

func accountRows(p request.Permohonan, a request.Akses, names func(string) string) ([]akv.AccountRow, []akv.FasilitasRow) {
	var accs []akv.AccountRow
	var fas []akv.FasilitasRow
	for _, row := range a.Approved {
		jenis := request.Label(request.JenisDataOptions, row.Approved)
		if k, ok := a.AkunFor(row.ID); ok {
			accs = append(accs, akv.AccountRow{Pengguna: row.Pengguna, Username: k.Username, JenisData: jenis, Wilayah: names(k.Wilayah),
				Sampai: indo.Date(k.BerlakuSampai), Status: akunStatus[k.State], Href: permohonanPath(p.ID, "/akses/"+strconv.FormatInt(row.ID, 10))})
		}
		if f, ok := a.Fasilitas[row.ID]; ok {
			fas = append(fas, fasilitasRow(row, f))
		}
	}
	return accs, fas
}

func fasilitasRow(row request.ApprovedRow, f request.FasilitasJadwal) akv.FasilitasRow {
	return akv.FasilitasRow{Pengguna: row.Pengguna, JenisData: request.Label(request.JenisDataOptions, row.Approved), PIC: f.PICNama,
		Phone: f.PICPhone, Email: f.PICMail, Jadwal: indo.DateRange(f.Mulai, f.Selesai), Tempat: f.Tempat}
}

// aksesPanel is the Tahap 4–6 section of the registrator's permohonan page, or nil before Tahap 4.
func (s *Server) aksesPanel(r *http.Request, p request.Permohonan, names func(string) string) (templ.Component, error) {
	if !tahap4On(p.State) {
		return nil, nil
	}
	a, err := s.store.FindAkses(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	v := akv.PanelView{PerjanjianHref: permohonanPath(p.ID, "/perjanjian"), Countersigned: countersignedLinks(a)}
	switch p.State {
	case request.MenungguPKSNDA:
		v.Tahap4, v.Step = true, "Unduh templat PKS"+map[bool]string{true: " dan NDA", false: ""}[request.NeedsNDA(a.Approved)]+
			" yang telah terisi, tandatangani, lalu unggah dan kirimkan."
	case request.PKSNDADiunggah:
		v.Tahap4, v.Step = true, "PKS dan NDA telah dikirim dan menunggu tanda tangan Pihak Kesatu."
	case request.AksesDiberikan:
		v.Pengguna, v.EnamBulan = true, a.EnamBulan
		if a.AksesBerakhir != nil {
			v.Sampai = indo.Date(*a.AksesBerakhir)
		}
		if open, ok := a.OpenPerpanjangan(); ok {
			v.PerpanjanganNote = "Perpanjangan sampai " + indo.Date(open.SampaiDiminta) + " sedang menunggu keputusan Produsen Data Regsosek."
		} else if registratorCan(p, request.MintaPerpanjangan) || p.EnamBulan {
			// Under the six-month rule the page explains that the SK comes first.
			v.PerpanjanganHref = permohonanPath(p.ID, "/perpanjangan")
		}
	case request.Berakhir:
		v.Ended = "Hak akses telah berakhir."
		if a.EndReason == "enam_bulan" {
			v.Ended, v.EnamBulan = "Hak akses ditutup: batas 6 bulan tanpa SK Forum Satu Data Daerah telah tercapai.", true
		}
	case request.Dicabut:
		v.Ended = "Hak akses dicabut: " + a.CabutReason
	}
	v.Accounts, v.Fasilitas = accountRows(p, a, names)
	if registratorCan(p, request.UnggahSKForum) {
		v.SKForumAction = permohonanPath(p.ID, "/sk-forum")
		if d, ok := a.Docs[request.DocSKForumSatuData]; ok {
			v.SKForumName = d.OriginalName
		}
	}
	return akv.Panel(v), nil
}

// --- Tahap 6: Informasi Akun Pengguna ------------------------------------------------------------------

// operatorView builds "Detail Informasi Permohonan Operator" for an approved row.
func (s *Server) operatorView(r *http.Request, p request.Permohonan, rowID int64) (akv.OperatorView, *request.AksesAkun, bool, error) {
	a, err := s.store.FindAkses(r.Context(), p.ID)
	if err != nil {
		return akv.OperatorView{}, nil, false, err
	}
	var row *request.ApprovedRow
	for i := range a.Approved {
		if a.Approved[i].ID == rowID {
			row = &a.Approved[i]
		}
	}
	if row == nil || (p.State != request.PenyiapanAkses && p.State != request.AksesDiberikan && p.State != request.Berakhir && p.State != request.Dicabut) {
		return akv.OperatorView{}, nil, false, nil
	}
	names, err := s.names(r.Context(), p)
	if err != nil {
		return akv.OperatorView{}, nil, false, err
	}
	const none = "Tidak Tersedia"
	v := akv.OperatorView{Page: s.page(r, "Detail Informasi Permohonan Operator"), Back: permohonanPath(p.ID, ""), Pengguna: row.Pengguna,
		Tujuan: row.Tujuan, Diminta: request.Label(request.JenisDataOptions, row.JenisData), Disetujui: request.Label(request.JenisDataOptions, row.Approved),
		Media: request.Label(request.MediaOptions, row.Media), Wilayah: names(row.Wilayah(p.Header.Cakupan)), OpNama: row.OperatorNama,
		OpJabatan: row.OperatorJabatan, OpNIP: row.OperatorNIP, OpEmail: row.OperatorEmail, OpPhone: row.OperatorPhone,
		Username: none, Password: none, PICNama: none, PICPhone: none}
	if f, ok := a.Fasilitas[row.ID]; ok {
		fr := fasilitasRow(*row, f)
		v.PICNama, v.PICPhone, v.PICEmail, v.Jadwal, v.Tempat = fr.PIC, fr.Phone, fr.Email, fr.Jadwal, fr.Tempat
	}
	k, ok := a.AkunFor(row.ID)
	if !ok {
		return v, nil, true, nil
	}
	v.Username, v.Password, v.Sampai, v.Status = k.Username, "••••••••••••", indo.Date(k.BerlakuSampai), akunStatus[k.State]
	live := p.State == request.AksesDiberikan && k.State == "aktif"
	if live {
		base := permohonanPath(p.ID, "/akses/"+strconv.FormatInt(row.ID, 10))
		v.RevealAction, v.ReissueAction = base+"/kata-sandi", base+"/kirim-ulang"
	}
	now := s.now()
	switch {
	case k.NewPassword:
		v.LinkState = "Kata sandi baru sedang disiapkan; tautan baru akan dikirim ke email operator."
	case k.LinkUsedAt != nil:
		v.LinkState = "Sudah dibuka operator pada " + indo.DateTime(*k.LinkUsedAt) + "."
	case k.LinkExpires != nil && !now.Before(*k.LinkExpires):
		v.LinkState = "Kedaluwarsa sejak " + indo.DateTime(*k.LinkExpires) + ". Kirim ulang tautan bila operator belum menerimanya."
	case k.LinkSentAt != nil:
		v.LinkState = "Dikirim ke " + row.OperatorEmail + " pada " + indo.DateTime(*k.LinkSentAt) + ", berlaku sampai " + indo.DateTime(*k.LinkExpires) + "."
	}
	return v, &k, true, nil
}

func rowParam(r *http.Request) int64 {
	id, _ := strconv.ParseInt(chi.URLParam(r, "row"), 10, 64)
	return id
}

func (s *Server) handleOperator(w http.ResponseWriter, r *http.Request) {
	p, _, ok := s.ownPermohonan(w, r)
	if !ok {
		return
	}
	v, _, found, err := s.operatorView(r, p, rowParam(r))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !found {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	s.render(w, r, http.StatusOK, akv.Operator(v))
}

// handleRevealPassword shows the password on the page, once per press, and records the view.
func (s *Server) handleRevealPassword(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok {
		return
	}
	v, k, found, err := s.operatorView(r, p, rowParam(r))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !found || k == nil {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	password, err := s.store.RevealPassword(r.Context(), p.ID, reg.AkunID, k.ID, s.actor(r))
	if errors.Is(err, store.ErrConflict) {
		s.renderMessage(w, r, http.StatusConflict, "Tidak tersedia", "Kata sandi hanya dapat dilihat selama hak akses berlaku dan akun aktif.")
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v.Password, v.Shown = password, true
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, akv.Operator(v))
}

func (s *Server) handleReissueLink(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok {
		return
	}
	_, k, found, err := s.operatorView(r, p, rowParam(r))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !found || k == nil {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	err = s.store.ReissueLink(r.Context(), p.ID, reg.AkunID, k.ID, s.actor(r), s.now())
	if errors.Is(err, store.ErrConflict) {
		s.renderMessage(w, r, http.StatusConflict, "Tidak dapat dikirim ulang", "Tautan hanya dapat dikirim ulang selama hak akses berlaku dan akun aktif.")
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Kata sandi baru sedang dibuat. Tautan baru akan dikirim ke email operator; tautan lama tidak berlaku lagi.")
	http.Redirect(w, r, permohonanPath(p.ID, "/akses/"+strconv.FormatInt(rowParam(r), 10)), http.StatusSeeOther)
}

// --- Six-month rule and Perpanjangan -----------------------------------------------------------------

func (s *Server) handleSKForumUpload(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownTahap4(w, r)
	if !ok {
		return
	}
	b, name, _, err := readPDFUpload(r, "berkas")
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	msg := "Pilih berkas SK Penetapan Forum Satu Data Daerah."
	if b != nil {
		err = s.store.UploadSKForum(r.Context(), p.ID, reg.AkunID, dokumen.Upload{Kind: dokumen.Dokumen, Name: name, R: bytes.NewReader(b)}, s.actor(r), s.now())
		var ue *dokumen.UploadError
		switch {
		case errors.As(err, &ue):
			msg = ue.Message
		case errors.Is(err, store.ErrConflict):
			s.renderMessage(w, r, http.StatusConflict, "Tidak diperlukan", "SK Forum Satu Data diunggah di sini hanya untuk hak akses yang dibatasi 6 bulan.")
			return
		case err != nil:
			s.renderError(w, r, err)
			return
		default:
			msg = ""
		}
	}
	if msg != "" {
		s.sessions.Put(r.Context(), sessFlash, msg)
	} else {
		s.sessions.Put(r.Context(), sessFlash, "SK Forum Satu Data diunggah. Produsen Data Regsosek akan memperpanjang hak akses.")
	}
	http.Redirect(w, r, permohonanPath(p.ID, ""), http.StatusSeeOther)
}

func (s *Server) perpanjanganView(r *http.Request, p request.Permohonan, errs validate.Errors, diminta, alasan string) (akv.PerpanjanganView, error) {
	a, err := s.store.FindAkses(r.Context(), p.ID)
	if err != nil {
		return akv.PerpanjanganView{}, err
	}
	names, err := s.names(r.Context(), p)
	if err != nil {
		return akv.PerpanjanganView{}, err
	}
	today := indo.Today(s.now())
	latest := review.MaxAkses(false, s.maxAksesMonths(), today)
	v := akv.PerpanjanganView{Page: s.page(r, "Perpanjangan Hak Akses"), Back: permohonanPath(p.ID, ""), Action: permohonanPath(p.ID, "/perpanjangan"),
		Reference: p.Reference, Max: indo.Date(latest), Diminta: diminta, Alasan: alasan, Errors: errs}
	if v.Diminta == "" {
		v.Diminta = latest.Format(time.DateOnly)
	}
	if a.AksesBerakhir != nil {
		v.Sampai = indo.Date(*a.AksesBerakhir)
	}
	v.Accounts, v.Fasilitas = accountRows(p, a, names)
	switch _, open := a.OpenPerpanjangan(); {
	case p.State != request.AksesDiberikan:
		v.Blocked = "Perpanjangan hanya dapat diajukan selama hak akses berlaku."
	case open:
		v.Blocked = store.ErrExtensionOpen.Error()
	case !registratorCan(p, request.MintaPerpanjangan):
		v.Blocked = request.ErrSKForumFirst.Error()
	}
	return v, nil
}

func (s *Server) handlePerpanjanganForm(w http.ResponseWriter, r *http.Request) {
	p, _, ok := s.ownTahap4(w, r)
	if !ok {
		return
	}
	v, err := s.perpanjanganView(r, p, validate.Errors{}, "", "")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, akv.Perpanjangan(v))
}

func (s *Server) handlePerpanjangan(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownTahap4(w, r)
	if !ok {
		return
	}
	diminta, alasan := r.PostFormValue("sampai"), validate.Clean(r.PostFormValue("alasan"), 2000)
	today := indo.Today(s.now())
	var errs validate.Errors
	sampai, err := time.ParseInLocation(time.DateOnly, diminta, indo.Jakarta)
	switch latest := review.MaxAkses(false, s.maxAksesMonths(), today); {
	case err != nil:
		errs.Add("sampai", "Isi tanggal perpanjangan.")
	case !sampai.After(today):
		errs.Add("sampai", "Tanggal perpanjangan harus setelah hari ini.")
	case sampai.After(latest):
		errs.Add("sampai", "Tanggal perpanjangan paling lambat "+indo.Date(latest)+".")
	}
	if msg := validate.Reason("alasan perpanjangan", alasan); msg != "" {
		errs.Add("alasan", msg)
	}
	if !errs.Any() {
		err = s.store.RequestExtension(r.Context(), p.ID, reg.AkunID, sampai, alasan, s.actor(r), s.now())
		switch {
		case errors.Is(err, store.ErrExtensionOpen), errors.Is(err, request.ErrSKForumFirst):
			errs.Add("sampai", err.Error())
		case errors.Is(err, store.ErrConflict):
			s.renderMessage(w, r, http.StatusConflict, "Tidak dapat diperpanjang", "Perpanjangan hanya dapat diajukan selama hak akses berlaku.")
			return
		case err != nil:
			s.renderError(w, r, err)
			return
		}
	}
	if errs.Any() {
		v, err := s.perpanjanganView(r, p, errs, diminta, alasan)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, akv.Perpanjangan(v))
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Permintaan perpanjangan diajukan.")
	http.Redirect(w, r, permohonanPath(p.ID, ""), http.StatusSeeOther)
}
