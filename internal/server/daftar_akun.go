package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/pages/daftar"
)

// Registration step 4: Pembuatan Akun, with the KTP and the Surat Tugas Registrator.

func (s *Server) akunView(r *http.Request, st wizardState, errs validate.Errors) (daftar.AkunView, error) {
	id, err := s.newCaptcha(r)
	if err != nil {
		return daftar.AkunView{}, err
	}
	v := daftar.AkunView{Wizard: s.wizard(r, st, 3), Username: st.d.Username, HasPassword: st.d.PasswordHash != "",
		KTPName: st.d.KTPName, SuratTugasName: st.d.SuratTugasName, CaptchaID: id, Setuju: st.d.Setuju, Benar: st.d.Benar}
	v.Errors = errs
	return v, nil
}

func (s *Server) handleAkunForm(w http.ResponseWriter, r *http.Request, st wizardState) {
	if !gate(w, r, st, 3) {
		return
	}
	v, err := s.akunView(r, st, validate.Errors{})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, daftar.Akun(v))
}

func (s *Server) handleAkun(w http.ResponseWriter, r *http.Request, st wizardState) {
	ctx := r.Context()
	if !gate(w, r, st, 3) {
		return
	}
	// Files beyond 1 MB go to temporary files, so memory stays bounded whatever is uploaded.
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.renderError(w, r, err)
		return
	}
	defer r.MultipartForm.RemoveAll()
	if ok, wait, err := s.store.Allow(ctx, s.limitKey("daftar-ip", clientIP(r)), s.now(), time.Hour, wizardLimit); err != nil {
		s.renderError(w, r, err)
		return
	} else if !ok {
		s.log.Warn("registration rate limit", "request_id", requestIDFrom(ctx), "retry_after", wait)
		s.renderStatus(w, r, http.StatusTooManyRequests)
		return
	}
	var errs validate.Errors
	goingBack := back(r)
	st.d.Username = strings.TrimSpace(r.PostFormValue("username"))
	st.d.Setuju, st.d.Benar = r.PostFormValue("setuju") == "ya", r.PostFormValue("benar") == "ya"
	captchaOK := goingBack
	if !goingBack {
		err := s.checkCredentials(ctx, r, &st.d, &errs)
		if err == nil {
			captchaOK, err = s.checkConsent(r, st.d, &errs)
		}
		if err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	if err := s.saveAkunFiles(ctx, r, &st, captchaOK, &errs); err != nil {
		s.renderError(w, r, err)
		return
	}
	if !goingBack {
		if st.d.KTPID == 0 && errs.Get("ktp") == "" {
			errs.Add("ktp", "Unggah File KTP.")
		}
		if st.d.SuratTugasID == 0 && errs.Get("surat_tugas") == "" {
			errs.Add("surat_tugas", "Unggah Surat Tugas Registrator.")
		}
		if errs.Any() {
			st.d.Done = min(st.d.Done, 3)
		} else {
			st.d.Done = 4
		}
	}
	if err := s.saveDraft(ctx, st); err != nil {
		s.renderError(w, r, err)
		return
	}
	switch {
	case goingBack:
		http.Redirect(w, r, wizardSteps[2].path, http.StatusSeeOther)
	case errs.Any():
		v, err := s.akunView(r, st, errs)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, daftar.Akun(v))
	default:
		http.Redirect(w, r, "/daftar/konfirmasi", http.StatusSeeOther)
	}
}

// checkCredentials checks the username (well formed and free) and, when one is typed or none is kept yet,
// the password, whose hash the draft keeps.
func (s *Server) checkCredentials(ctx context.Context, r *http.Request, d *regDraft, errs *validate.Errors) error {
	if u, err := account.NormalizeUsername(d.Username); err != nil {
		errs.Add("username", err.Error())
	} else {
		d.Username = u
		taken, err := s.store.UsernameTaken(ctx, u)
		if err != nil {
			return err
		}
		if taken {
			errs.Add("username", store.ErrUsernameTaken.Error())
		}
	}
	pw, confirm := r.PostFormValue("password"), r.PostFormValue("password_confirm")
	if pw != "" || confirm != "" || d.PasswordHash == "" {
		if err := account.CheckPassword(pw, confirm, d.Username, d.NIK); err != nil {
			field := "password"
			if errors.Is(err, account.ErrPasswordMismatch) {
				field = "password_confirm"
			}
			errs.Add(field, err.Error())
		} else if hash, err := s.hashPassword(ctx, pw); err != nil {
			return err
		} else {
			d.PasswordHash = hash
		}
	}
	return nil
}

// checkConsent checks the captcha and the two statements; it reports whether the captcha was solved.
func (s *Server) checkConsent(r *http.Request, d regDraft, errs *validate.Errors) (bool, error) {
	ok, err := s.checkCaptcha(r, r.PostFormValue("captcha_id"), r.PostFormValue("captcha"))
	if err != nil {
		return false, err
	}
	if !ok {
		errs.Add("captcha", "Angka captcha tidak sesuai. Ketik angka pada gambar yang baru.")
	}
	if !d.Setuju {
		errs.Add("setuju", "Centang pernyataan bahwa Anda memahami persyaratan dan ketentuan.")
	}
	if !d.Benar {
		errs.Add("benar", "Centang pernyataan bahwa data yang Anda isi sudah benar.")
	}
	return ok, nil
}

// saveAkunFiles stores the KTP and the Surat Tugas with the draft. Files are stored only once the captcha is
// solved (or when going back), so a robot cannot fill the database; the person keeps them across every
// later step. Each file is stored on its own, so a refused KTP does not cost the person a good Surat Tugas.
func (s *Server) saveAkunFiles(ctx context.Context, r *http.Request, st *wizardState, captchaOK bool, errs *validate.Errors) error {
	var uploads []dokumen.Upload
	ktp, ktpH := formFile(r, "ktp")
	st2, stH := formFile(r, "surat_tugas")
	if captchaOK {
		if ktp != nil {
			defer ktp.Close()
			uploads = append(uploads, dokumen.Upload{Kind: dokumen.KTP, Name: ktpH.Filename, R: ktp})
		}
		if st2 != nil {
			defer st2.Close()
			uploads = append(uploads, dokumen.Upload{Kind: dokumen.SuratTugas, Name: stH.Filename, R: st2})
		}
	} else if ktp != nil || st2 != nil {
		if ktp != nil {
			errs.Add("ktp", "Pilih ulang File KTP setelah mengisi captcha dengan benar.")
		}
		if st2 != nil {
			errs.Add("surat_tugas", "Pilih ulang Surat Tugas Registrator setelah mengisi captcha dengan benar.")
		}
	}
	for _, u := range uploads {
		if err := s.storeWizardUploads(ctx, st, []dokumen.Upload{u}); err != nil {
			var ue *dokumen.UploadError
			if !errors.As(err, &ue) {
				return err
			}
			errs.Add(string(ue.Kind), ue.Message)
		}
	}
	return nil
}

// storeWizardUploads saves files into the draft in one transaction with its payload.
func (s *Server) storeWizardUploads(ctx context.Context, st *wizardState, uploads []dokumen.Upload) error {
	if len(uploads) == 0 {
		return nil
	}
	now := s.now()
	return s.store.SaveDraftUploads(ctx, st.id, uploads, func(docs map[dokumen.Kind]dokumen.Document) ([]byte, string, error) {
		if d, ok := docs[dokumen.KTP]; ok {
			st.d.KTPID, st.d.KTPName = d.ID, d.OriginalName
		}
		if d, ok := docs[dokumen.SuratTugas]; ok {
			st.d.SuratTugasID, st.d.SuratTugasName = d.ID, d.OriginalName
		}
		return s.sealDraft(*st)
	}, now, now.Add(draftLifetime))
}
