package server

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/surat"
	"github.com/bappenas/portal-regsosek/internal/validate"
	akv "github.com/bappenas/portal-regsosek/templates/pages/akses"
	pv "github.com/bappenas/portal-regsosek/templates/pages/permohonan"
)

// Tahap 4 for the registrator: the PKS and NDA to sign, their upload, and the request for printed copies.
// Every look-up is scoped to the registrator's own account through ownTahap4.

func (s *Server) perjanjianView(r *http.Request, p request.Permohonan, itemErr map[request.DocKind]string, errs validate.Errors,
	posted map[string]string) (akv.PerjanjianView, error) {
	ctx := r.Context()
	a, err := s.store.FindAkses(ctx, p.ID)
	if err != nil {
		return akv.PerjanjianView{}, err
	}
	kat, _ := account.ParseKategori(p.Kategori)
	pksK1, pksK2 := request.PKSParties(kat, p.InstansiNama)
	v := akv.PerjanjianView{Page: s.page(r, "PKS dan NDA"), Back: permohonanPath(p.ID, ""), Reference: p.Reference, Status: p.State.Label(),
		CanAct: registratorCan(p, request.UnggahPKS), SubmitAction: permohonanPath(p.ID, "/perjanjian/kirim"),
		PrintAction: permohonanPath(p.ID, "/perjanjian/cetak"), Countersigned: countersignedLinks(a), Errors: errs,
		Penerima: posted["penerima"], Alamat: posted["alamat"], Phone: posted["no_hp"],
		Parties: []pv.Field{{Label: "Pihak Kesatu (PKS)", Value: pksK1.Jabatan}, {Label: "Pihak Kedua (PKS)", Value: pksK2.Jabatan}}}
	if request.NeedsNDA(a.Approved) {
		ndaK1, ndaK2 := request.NDAParties(kat, p.InstansiNama)
		v.Parties = append(v.Parties, pv.Field{Label: "Pihak Kesatu (NDA)", Value: ndaK1.Jabatan}, pv.Field{Label: "Pihak Kedua (NDA)", Value: ndaK2.Jabatan})
	}
	usulan, err := s.store.ListUsulan(ctx, p.ID)
	if err != nil {
		return v, err
	}
	for _, k := range request.AgreementKinds(a.Approved) {
		it := akv.AgreementItem{Kind: string(k), Label: request.DocLabels[k], Error: itemErr[k],
			TemplateHref: permohonanPath(p.ID, "/perjanjian/templat/"+string(k)+".pdf"), UploadAction: permohonanPath(p.ID, "/perjanjian/unggah/"+string(k))}
		if u, ok := request.Accepted(usulan, k); ok {
			it.Accepted = u.DocumentName
		}
		if d, ok := a.Docs[k]; ok {
			l := docLink(k, d)
			it.Uploaded = &l
		}
		v.Items = append(v.Items, it)
	}
	for _, c := range a.Cetak {
		row := akv.CetakRow{ID: strconv.FormatInt(c.ID, 10), Penerima: c.Penerima, Alamat: c.Alamat, Phone: c.Phone, Requested: indo.DateTime(c.RequestedAt),
			State: map[string]string{"diminta": "Sedang diproses", "dikirim": "Dikirim"}[c.State], Catatan: c.Catatan}
		if c.HandledAt != nil {
			row.Sent = indo.DateTime(*c.HandledAt)
		}
		v.PrintOpen = v.PrintOpen || c.State == "diminta"
		v.Prints = append(v.Prints, row)
	}
	if p.State == request.MenungguPKSNDA {
		events, err := s.store.Timeline(ctx, p.ID)
		if err != nil {
			return v, err
		}
		for i := len(events) - 1; i >= 0; i-- {
			if events[i].Event == string(request.KembalikanPKS) {
				v.Returned = events[i].Note
				break
			}
			if events[i].Event == string(request.UnggahPKS) {
				break
			}
		}
	}
	v.Usulan = usulanPanel(p, a.Approved, usulan, errs, posted) // akses_usulan.go
	return v, nil
}

// ownTahap4 loads the registrator's permohonan and checks it has reached Tahap 4.
func (s *Server) ownTahap4(w http.ResponseWriter, r *http.Request) (request.Permohonan, *account.Registrator, bool) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok {
		return p, reg, false
	}
	if !tahap4On(p.State) {
		s.renderStatus(w, r, http.StatusNotFound)
		return p, reg, false
	}
	return p, reg, true
}

func (s *Server) handlePerjanjian(w http.ResponseWriter, r *http.Request) {
	p, _, ok := s.ownTahap4(w, r)
	if !ok {
		return
	}
	v, err := s.perjanjianView(r, p, nil, validate.Errors{}, nil)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, akv.Perjanjian(v))
}

// handlePerjanjianTemplat serves the prefilled PKS (and the NDA when the permohonan needs one).
func (s *Server) handlePerjanjianTemplat(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownTahap4(w, r)
	if !ok {
		return
	}
	a, err := s.store.FindAkses(r.Context(), p.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	names, err := s.names(r.Context(), p)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ag := surat.Agreement{Permohonan: p, Approved: a.Approved,
		SixMonth: request.SixMonthLimit(instansiOf(reg), p.Rows, p.DocSet()[request.DocSKForumSatuData])}
	if a.AksesSampai != nil {
		ag.Sampai = *a.AksesSampai
	}
	name := strings.ToLower(p.Reference) + ".pdf"
	if s.acceptedText(w, r, p, chi.URLParam(r, "name")) {
		return
	}
	switch chi.URLParam(r, "name") {
	case "pks.pdf":
		b, err := surat.PKS(ag, names, s.now())
		s.writePDF(w, r, "pks-"+name, b, err)
	case "nda.pdf":
		if !request.NeedsNDA(a.Approved) {
			s.renderStatus(w, r, http.StatusNotFound)
			return
		}
		b, err := surat.NDA(ag, names, s.now())
		s.writePDF(w, r, "nda-"+name, b, err)
	default:
		s.renderStatus(w, r, http.StatusNotFound)
	}
}

func (s *Server) handlePerjanjianUpload(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownTahap4(w, r)
	if !ok {
		return
	}
	kind, ok := s.agreementParam(w, r) // akses_usulan.go
	if !ok {
		return
	}
	b, name, sig, err := s.readPDFUpload(r, "berkas-"+string(kind))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	msg := ""
	if b == nil {
		msg = "Pilih berkas " + request.DocLabels[kind] + " yang telah ditandatangani."
	} else {
		err = s.store.UploadAgreement(r.Context(), p.ID, reg.AkunID, kind, dokumen.Upload{Kind: dokumen.Dokumen, Name: name, R: bytes.NewReader(b)},
			sig, s.actor(r), s.now())
		var ue *dokumen.UploadError
		switch {
		case errors.As(err, &ue):
			msg = ue.Message
		case errors.Is(err, store.ErrAgreementKind):
			s.renderStatus(w, r, http.StatusNotFound)
			return
		case errors.Is(err, store.ErrConflict):
			s.renderMessage(w, r, http.StatusConflict, "Tidak dapat diubah", "PKS dan NDA hanya dapat diunggah selama permohonan menunggu PKS/NDA.")
			return
		case err != nil:
			s.renderError(w, r, err)
			return
		}
	}
	if msg != "" {
		v, err := s.perjanjianView(r, p, map[request.DocKind]string{kind: msg}, validate.Errors{}, nil)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, akv.Perjanjian(v))
		return
	}
	s.sessions.Put(r.Context(), sessFlash, uploadFlash(request.DocLabels[kind], sig))
	http.Redirect(w, r, permohonanPath(p.ID, "/perjanjian"), http.StatusSeeOther)
}

func (s *Server) handlePerjanjianKirim(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownTahap4(w, r)
	if !ok {
		return
	}
	err := s.store.SubmitAgreements(r.Context(), p.ID, reg.AkunID, s.actor(r), s.now())
	switch {
	case errors.Is(err, store.ErrAgreementMissing):
		var errs validate.Errors
		errs.Add("kirim", err.Error())
		v, verr := s.perjanjianView(r, p, nil, errs, nil)
		if verr != nil {
			s.renderError(w, r, verr)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, akv.Perjanjian(v))
		return
	case errors.Is(err, store.ErrConflict):
		s.renderMessage(w, r, http.StatusConflict, "Sudah dikirim", "PKS dan NDA permohonan ini sudah dikirim.")
		return
	case err != nil:
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "PKS dan NDA dikirim kepada Pengelola Data Regsosek.")
	http.Redirect(w, r, permohonanPath(p.ID, ""), http.StatusSeeOther)
}

func (s *Server) handlePerjanjianCetak(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownTahap4(w, r)
	if !ok {
		return
	}
	posted := map[string]string{"penerima": validate.Clean(r.PostFormValue("penerima"), 150), "alamat": strings.TrimSpace(r.PostFormValue("alamat")),
		"no_hp": validate.Clean(r.PostFormValue("no_hp"), 20)}
	if len([]rune(posted["alamat"])) > 500 {
		posted["alamat"] = string([]rune(posted["alamat"])[:500])
	}
	var errs validate.Errors
	if posted["penerima"] == "" {
		errs.Add("penerima", "Isi nama penerima dokumen.")
	}
	if len([]rune(posted["alamat"])) < 10 {
		errs.Add("alamat", "Isi alamat pengiriman lengkap (jalan, nomor, kota, kode pos).")
	}
	phone, err := account.NormalizePhone(posted["no_hp"])
	if err != nil {
		errs.Add("no_hp", err.Error())
	}
	if !errs.Any() {
		err = s.store.RequestPrint(r.Context(), p.ID, reg.AkunID, request.PrintRequest{Penerima: posted["penerima"], Alamat: posted["alamat"], Phone: phone},
			s.actor(r), s.now())
		switch {
		case errors.Is(err, store.ErrPrintOpen):
			errs.Add("penerima", err.Error())
		case errors.Is(err, store.ErrConflict):
			s.renderMessage(w, r, http.StatusConflict, "Tidak dapat diproses", "Permintaan cetak hanya dapat diajukan selama permohonan menunggu PKS/NDA.")
			return
		case err != nil:
			s.renderError(w, r, err)
			return
		}
	}
	if errs.Any() {
		v, err := s.perjanjianView(r, p, nil, errs, posted)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, akv.Perjanjian(v))
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Permintaan dokumen cetak dikirim kepada Pengelola Data Regsosek.")
	http.Redirect(w, r, permohonanPath(p.ID, "/perjanjian"), http.StatusSeeOther)
}
