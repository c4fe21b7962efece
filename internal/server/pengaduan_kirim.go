package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	view "github.com/bappenas/portal-regsosek/templates/pages/layanan"
)

// The reporter's side of Pengaduan dan Pelaporan, sending: the form and the confirmation with the tracking
// code.

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

// pengaduanInput reads the report form as typed, and the permohonan a signed-in registrator may name.
func pengaduanInput(r *http.Request) (layanan.PengaduanInput, string) {
	return layanan.PengaduanInput{Judul: r.PostFormValue("judul"), Isi: r.PostFormValue("isi"), Nama: r.PostFormValue("nama"),
		Instansi: r.PostFormValue("instansi"), Jabatan: r.PostFormValue("jabatan"), Lokasi: r.PostFormValue("lokasi"),
		Kategori: r.PostFormValue("kategori"), Email: r.PostFormValue("email"),
		Anonim: r.PostFormValue("anonim") == "ya", Rahasia: r.PostFormValue("rahasia") == "ya"}, strings.TrimSpace(r.PostFormValue("permohonan"))
}

// underLimit counts a request against a per-IP hourly limit; past it, the request is answered 429.
func (s *Server) underLimit(w http.ResponseWriter, r *http.Request, kind string, limit int) bool {
	ok, wait, err := s.store.Allow(r.Context(), s.limitKey(kind, clientIP(r)), s.now(), time.Hour, limit)
	if err != nil {
		s.renderError(w, r, err)
		return false
	}
	if !ok {
		s.log.Warn("rate limit", "limit", kind, "request_id", requestIDFrom(r.Context()), "retry_after", wait)
		s.renderStatus(w, r, http.StatusTooManyRequests)
	}
	return ok
}

// handlePengaduan stores a report. Nothing is stored unless every field and the captcha are right; a
// chosen file must then be chosen again, as browsers do not keep it.
func (s *Server) handlePengaduan(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lampiranRule := dokumen.RuleFor(dokumen.Lampiran)
	form, err := s.readUpload(r, map[string]int64{"lampiran": lampiranRule.MaxBytes})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	defer form.Close()
	if !s.underLimit(w, r, "pengaduan-ip", pengaduanLimit) {
		return
	}
	in, permohonan := pengaduanInput(r)
	p, errs := layanan.ParsePengaduan(in)
	errs = form.inputErrs.Then(errs)
	reg := currentUser(ctx).Registrator
	if reg == nil {
		permohonan = "" // the field is offered to signed-in registrators only
	}
	n := layanan.NewPengaduan{Laporan: p}
	if permohonan != "" {
		if id, err := strconv.ParseInt(permohonan, 10, 64); err != nil || id <= 0 {
			errs.Add("permohonan", store.ErrPermohonanUnknown.Error())
		} else {
			n.PermohonanID = id
		}
	}
	if ok, err := s.checkCaptcha(r, r.PostFormValue("captcha_id"), r.PostFormValue("captcha")); err != nil {
		s.renderError(w, r, err)
		return
	} else if !ok {
		errs.Add("captcha", "Angka captcha tidak sesuai. Ketik angka pada gambar yang baru.")
	}
	status := http.StatusUnprocessableEntity
	if sent, over := form.tooLarge["lampiran"]; over {
		// The 413 of issue 15: the form again with everything typed, and the limit beside the file.
		errs.Add("lampiran", tooLargeMessage("Lampiran", sent, lampiranRule))
		status = http.StatusRequestEntityTooLarge
	}
	file := form.file("lampiran")
	rerender := func(errs validate.Errors) {
		if file != nil && errs.Get("lampiran") == "" {
			errs.Add("lampiran", "Pilih ulang lampiran Anda ("+file.Name+"): berkas belum disimpan karena ada isian yang perlu diperbaiki.")
		}
		v, err := s.pengaduanFormView(r, in, permohonan, errs)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, status, view.PengaduanForm(v))
	}
	if errs.Any() {
		rerender(errs)
		return
	}
	if reg != nil {
		n.AkunID, n.PejabatID = reg.AkunID, reg.PejabatID
	}
	var lampiran *dokumen.Upload
	if file != nil {
		lampiran = &dokumen.Upload{Kind: dokumen.Lampiran, Name: file.Name, R: file.Reader()}
	}
	s.createPengaduan(w, r, n, lampiran, rerender)
}

// createPengaduan stores a valid report with its tracking code and shows the code once, on the confirmation
// page; a refused attachment or permohonan goes back to the form.
func (s *Server) createPengaduan(w http.ResponseWriter, r *http.Request, n layanan.NewPengaduan, lampiran *dokumen.Upload,
	rerender func(validate.Errors)) {
	ctx := r.Context()
	code := layanan.NewTrackingCode()
	norm, _ := layanan.NormalizeTrackingCode(code)
	n.TrackingCode, n.TrackingHash = code, s.tokenHash("pengaduan", norm)
	id, ref, err := s.store.CreatePengaduan(ctx, n, lampiran, s.actor(r), s.now())
	var ue *dokumen.UploadError
	var e validate.Errors
	switch {
	case errors.As(err, &ue):
		e.Add("lampiran", ue.Message)
		rerender(e)
		return
	case errors.Is(err, store.ErrPermohonanUnknown):
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
	s.sessions.Put(ctx, sessPengaduanEmailed, n.Laporan.Pelapor.Email != "")
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
