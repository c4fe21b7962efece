package server

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	"github.com/bappenas/portal-regsosek/templates/pages/daftar"
)

// The registration wizard (pedoman §3.3.5 Tahap 1.1). Its state lives on the server in an encrypted draft
// keyed by a long-lived cookie, so "Kembali", a reload, a second tab or a return days later loses nothing;
// the account is written only by "Simpan".
const (
	draftCookie   = "regsosek_daftar"
	draftLifetime = 7 * 24 * time.Hour
	wizardBody    = 16 << 20 // KTP 5 MB + Surat Tugas 10 MB + fields
	// wizardLimit bounds step-4 submissions and "Simpan" per IP per hour: generous enough for an office
	// behind one address, tight enough to stop a script.
	wizardLimit = 60
)

var wizardSteps = []struct{ label, path string }{
	{"Tipe Pemohon", "/daftar/tipe-pemohon"},
	{"Informasi Instansi", "/daftar/informasi-instansi"},
	{"Informasi Pemohon", "/daftar/informasi-pemohon"},
	{"Pembuatan Akun", "/daftar/pembuatan-akun"},
}

// regDraft is the wizard's state. Done counts the steps completed and valid.
type regDraft struct {
	Done           int    `json:"done"`
	Kategori       string `json:"kategori"`
	InstansiKode   string `json:"instansi_kode"`
	InstansiNama   string `json:"instansi_nama"`
	Instansi       string `json:"instansi"`
	UnitKerja      string `json:"unit_kerja"`
	Nama           string `json:"nama"`
	NIK            string `json:"nik"`
	Jabatan        string `json:"jabatan"`
	Email          string `json:"email"`
	EmailUnitKerja string `json:"email_unit_kerja"`
	Phone          string `json:"phone"`
	Username       string `json:"username"`
	PasswordHash   string `json:"password_hash"`
	KTPID          int64  `json:"ktp_id"`
	KTPName        string `json:"ktp_name"`
	SuratTugasID   int64  `json:"surat_tugas_id"`
	SuratTugasName string `json:"surat_tugas_name"`
	Setuju         bool   `json:"setuju"`
	Benar          bool   `json:"benar"`
}

type wizardState struct {
	id     string
	d      regDraft
	akunID *int64
}

func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func draftAAD(id string) []byte { return []byte("registration_draft:" + id) }

// loadDraft returns this browser's draft, or a fresh one (not yet saved) with a new id.
func (s *Server) loadDraft(w http.ResponseWriter, r *http.Request) (wizardState, error) {
	if c, err := r.Cookie(draftCookie); err == nil && len(c.Value) == 36 {
		d, err := s.store.FindDraft(r.Context(), c.Value, s.now())
		switch {
		case err == nil:
			st := wizardState{id: d.ID, akunID: d.AkunID}
			if len(d.Payload) > 0 {
				plain, err := s.store.Keys.Open(d.KeyID, d.Payload, draftAAD(d.ID))
				if err != nil {
					return st, fmt.Errorf("wizard: decrypt draft: %w", err)
				}
				if err := json.Unmarshal(plain, &st.d); err != nil {
					return st, fmt.Errorf("wizard: decode draft: %w", err)
				}
			}
			return st, nil
		case !errors.Is(err, store.ErrNotFound):
			return wizardState{}, err
		}
	}
	st := wizardState{id: newUUID()}
	s.setDraftCookie(w, st.id)
	return st, nil
}

func (s *Server) setDraftCookie(w http.ResponseWriter, id string) {
	http.SetCookie(w, &http.Cookie{Name: draftCookie, Value: id, Path: "/daftar", MaxAge: int(draftLifetime.Seconds()),
		HttpOnly: true, Secure: s.cfg.Secure(), SameSite: http.SameSiteLaxMode})
}

func (s *Server) sealDraft(st wizardState) ([]byte, string, error) {
	plain, err := json.Marshal(st.d)
	if err != nil {
		return nil, "", err
	}
	keyID, ct, err := s.store.Keys.Seal(plain, draftAAD(st.id))
	return ct, keyID, err
}

func (s *Server) saveDraft(ctx context.Context, st wizardState) error {
	payload, keyID, err := s.sealDraft(st)
	if err != nil {
		return err
	}
	now := s.now()
	return s.store.SaveDraft(ctx, store.Draft{ID: st.id, Payload: payload, KeyID: keyID}, now, now.Add(draftLifetime))
}

func (s *Server) wizard(r *http.Request, st wizardState, current int) daftar.Wizard {
	steps := make([]components.Step, len(wizardSteps))
	for i, ws := range wizardSteps {
		state := "todo"
		switch {
		case i == current:
			state = "current"
		case i < st.d.Done:
			state = "done"
		}
		href := ""
		if i <= st.d.Done {
			href = ws.path
		}
		steps[i] = components.Step{Label: ws.label, Href: href, State: state}
	}
	title := "Daftar Akun Layanan"
	if current < len(wizardSteps) {
		title = wizardSteps[current].label + " — Daftar Akun Layanan"
	}
	return daftar.Wizard{Page: s.page(r, title), Steps: steps}
}

// withDraft loads the draft and sends a finished one to its confirmation.
func (s *Server) withDraft(next func(http.ResponseWriter, *http.Request, wizardState)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st, err := s.loadDraft(w, r)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if st.akunID != nil && r.URL.Path != "/daftar/selesai" && r.URL.Path != "/daftar/baru" {
			http.Redirect(w, r, "/daftar/selesai", http.StatusSeeOther)
			return
		}
		next(w, r, st)
	}
}

// gate sends a visitor who skipped ahead to the first step not yet done.
func gate(w http.ResponseWriter, r *http.Request, st wizardState, step int) bool {
	if st.d.Done < step {
		http.Redirect(w, r, wizardSteps[st.d.Done].path, http.StatusSeeOther)
		return false
	}
	return true
}

func (s *Server) handleDaftar(w http.ResponseWriter, r *http.Request, st wizardState) {
	if st.d.Done >= len(wizardSteps) {
		http.Redirect(w, r, "/daftar/konfirmasi", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, wizardSteps[st.d.Done].path, http.StatusSeeOther)
}

func back(r *http.Request) bool { return r.PostFormValue("aksi") == "kembali" }

// --- Step 1: Tipe Pemohon -------------------------------------------------------------------------

func (s *Server) tipeView(r *http.Request, st wizardState, errs validate.Errors) (daftar.TipeView, error) {
	ctx := r.Context()
	kls, err := s.store.ListKL(ctx)
	if err != nil {
		return daftar.TipeView{}, err
	}
	provs, err := s.store.ListProvinsi(ctx)
	if err != nil {
		return daftar.TipeView{}, err
	}
	kabs, err := s.store.ListKabupatenKota(ctx, "")
	if err != nil {
		return daftar.TipeView{}, err
	}
	v := daftar.TipeView{Wizard: s.wizard(r, st, 0)}
	v.Errors = errs
	var kat []components.Option
	for _, k := range account.AllKategori {
		kat = append(kat, components.Option{Value: string(k), Label: k.Label()})
	}
	v.Kategori = components.Choice{Name: "kategori", Label: "Kategori Pemohon", Required: true, Options: kat,
		Selected: st.d.Kategori, Error: errs.Get("kategori")}
	sel := func(k account.Kategori) string {
		if st.d.Kategori == string(k) {
			return st.d.InstansiKode
		}
		return ""
	}
	klOpts := make([]components.Option, len(kls))
	for i, k := range kls {
		klOpts[i] = components.Option{Value: k.KodeBA, Label: k.Nama}
	}
	v.KL = components.Choice{Name: "kl", Label: "Kementerian/Lembaga", Hint: "Untuk Pemerintah Pusat.",
		Placeholder: "Pilih kementerian/lembaga", Options: klOpts, Selected: sel(account.KategoriPusat), Error: errs.Get("kl")}
	v.Provinsi = components.Choice{Name: "provinsi", Label: "Provinsi", Hint: "Untuk Pemerintah Provinsi.",
		Placeholder: "Pilih provinsi", Options: toOptions(provs), Selected: sel(account.KategoriProvinsi), Error: errs.Get("provinsi")}
	provName := map[string]string{}
	for _, p := range provs {
		provName[p.Kode] = p.Nama
	}
	var groups []components.OptGroup
	for _, k := range kabs {
		prov := provName[k.Kode[:2]]
		if len(groups) == 0 || groups[len(groups)-1].Label != prov {
			groups = append(groups, components.OptGroup{Label: prov})
		}
		g := &groups[len(groups)-1]
		g.Options = append(g.Options, components.Option{Value: k.Kode, Label: k.Nama})
	}
	v.KabKota = components.Choice{Name: "kabupaten_kota", Label: "Kabupaten/Kota", Hint: "Untuk Pemerintah Kabupaten/Kota.",
		Placeholder: "Pilih kabupaten/kota", Groups: groups, Selected: sel(account.KategoriKabKota), Error: errs.Get("kabupaten_kota")}
	return v, nil
}

func (s *Server) handleTipeForm(w http.ResponseWriter, r *http.Request, st wizardState) {
	v, err := s.tipeView(r, st, validate.Errors{})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, daftar.Tipe(v))
}

// resolveInstansi checks the chosen instansi exists and names it as the pedoman does.
func (s *Server) resolveInstansi(ctx context.Context, kat account.Kategori, kode string) (string, bool, error) {
	switch kat {
	case account.KategoriPusat:
		kls, err := s.store.ListKL(ctx)
		if err != nil {
			return "", false, err
		}
		for _, k := range kls {
			if k.KodeBA == kode {
				return k.Nama, true, nil
			}
		}
	case account.KategoriProvinsi:
		if len(kode) == 2 {
			p, err := s.store.FindWilayahPath(ctx, kode)
			if err == nil {
				return "Pemerintah Provinsi " + p.Provinsi.Nama, true, nil
			}
			if !errors.Is(err, store.ErrNotFound) {
				return "", false, err
			}
		}
	case account.KategoriKabKota:
		if len(kode) == 5 {
			p, err := s.store.FindWilayahPath(ctx, kode)
			if err == nil {
				return "Pemerintah " + p.KabupatenKota.Nama, true, nil
			}
			if !errors.Is(err, store.ErrNotFound) {
				return "", false, err
			}
		}
	}
	return "", false, nil
}

func (s *Server) handleTipe(w http.ResponseWriter, r *http.Request, st wizardState) {
	ctx := r.Context()
	var errs validate.Errors
	kat, err := account.ParseKategori(r.PostFormValue("kategori"))
	field := map[account.Kategori]string{account.KategoriPusat: "kl", account.KategoriProvinsi: "provinsi",
		account.KategoriKabKota: "kabupaten_kota"}[kat]
	if err != nil {
		errs.Add("kategori", "Pilih kategori pemohon.")
	} else {
		kode := strings.TrimSpace(r.PostFormValue(field))
		st.d.Kategori, st.d.InstansiKode = string(kat), kode
		nama, ok, err := s.resolveInstansi(ctx, kat, kode)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if !ok {
			errs.Add(field, map[string]string{"kl": "Pilih kementerian/lembaga.", "provinsi": "Pilih provinsi.",
				"kabupaten_kota": "Pilih kabupaten/kota."}[field])
		} else {
			taken, err := s.store.InstansiTaken(ctx, string(kat), kode)
			if err != nil {
				s.renderError(w, r, err)
				return
			}
			if taken {
				errs.Add(field, store.ErrInstansiTaken.Error())
			}
			if st.d.InstansiNama != nama && (st.d.Instansi == "" || st.d.Instansi == st.d.InstansiNama) {
				st.d.Instansi = nama
			}
			st.d.InstansiNama = nama
		}
	}
	if errs.Any() {
		st.d.Done = min(st.d.Done, 0)
		if err := s.saveDraft(ctx, st); err != nil {
			s.renderError(w, r, err)
			return
		}
		v, err := s.tipeView(r, st, errs)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, daftar.Tipe(v))
		return
	}
	st.d.Done = max(st.d.Done, 1)
	if err := s.saveDraft(ctx, st); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, wizardSteps[1].path, http.StatusSeeOther)
}

// --- Step 2: Informasi Instansi -------------------------------------------------------------------

func (s *Server) handleInstansiForm(w http.ResponseWriter, r *http.Request, st wizardState) {
	if !gate(w, r, st, 1) {
		return
	}
	s.render(w, r, http.StatusOK, daftar.Instansi(daftar.InstansiView{Wizard: s.wizard(r, st, 1),
		Instansi: st.d.Instansi, UnitKerja: st.d.UnitKerja}))
}

func (s *Server) handleInstansi(w http.ResponseWriter, r *http.Request, st wizardState) {
	if !gate(w, r, st, 1) {
		return
	}
	st.d.Instansi = validate.Clean(r.PostFormValue("instansi"), 200)
	st.d.UnitKerja = validate.Clean(r.PostFormValue("unit_kerja"), 200)
	var errs validate.Errors
	if st.d.Instansi == "" {
		errs.Add("instansi", "Isi nama instansi secara lengkap.")
	}
	if st.d.UnitKerja == "" {
		errs.Add("unit_kerja", "Isi nama unit kerja secara lengkap.")
	}
	s.finishStep(w, r, st, 1, &errs, func(v daftar.Wizard) {
		s.render(w, r, http.StatusUnprocessableEntity, daftar.Instansi(daftar.InstansiView{Wizard: v,
			Instansi: st.d.Instansi, UnitKerja: st.d.UnitKerja}))
	})
}

// finishStep saves what was entered whatever its state, then goes back, re-renders with the errors, or
// moves on.
func (s *Server) finishStep(w http.ResponseWriter, r *http.Request, st wizardState, step int, errs *validate.Errors, rerender func(daftar.Wizard)) {
	goingBack := back(r)
	if !goingBack {
		if errs.Any() {
			st.d.Done = min(st.d.Done, step)
		} else {
			st.d.Done = max(st.d.Done, step+1)
		}
	}
	if err := s.saveDraft(r.Context(), st); err != nil {
		s.renderError(w, r, err)
		return
	}
	switch {
	case goingBack:
		http.Redirect(w, r, wizardSteps[step-1].path, http.StatusSeeOther)
	case errs.Any():
		v := s.wizard(r, st, step)
		v.Errors = *errs
		rerender(v)
	case step+1 < len(wizardSteps):
		http.Redirect(w, r, wizardSteps[step+1].path, http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/daftar/konfirmasi", http.StatusSeeOther)
	}
}

// --- Step 3: Informasi Pemohon --------------------------------------------------------------------

func (s *Server) pemohonView(v daftar.Wizard, d regDraft) daftar.PemohonView {
	return daftar.PemohonView{Wizard: v, Nama: d.Nama, NIK: d.NIK, Jabatan: d.Jabatan, Email: d.Email,
		EmailUnitKerja: d.EmailUnitKerja, Phone: d.Phone}
}

func (s *Server) handlePemohonForm(w http.ResponseWriter, r *http.Request, st wizardState) {
	if !gate(w, r, st, 2) {
		return
	}
	s.render(w, r, http.StatusOK, daftar.Pemohon(s.pemohonView(s.wizard(r, st, 2), st.d)))
}

// provinsiKnown reports whether a NIK's first two digits are a province code, current or retired.
func (s *Server) provinsiKnown(ctx context.Context) (func(string) bool, error) {
	provs, err := s.store.ListProvinsi(ctx)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, p := range provs {
		known[p.Kode] = true
	}
	return func(k string) bool { return known[k] }, nil
}

// validatePemohon checks and normalises the data diri fields of d in place.
func (s *Server) validatePemohon(ctx context.Context, d *regDraft, errs *validate.Errors) error {
	known, err := s.provinsiKnown(ctx)
	if err != nil {
		return err
	}
	if d.Nama == "" {
		errs.Add("nama", "Isi nama lengkap sesuai KTP.")
	}
	if d.NIK == "" {
		errs.Add("nik", "Isi NIK.")
	} else if _, err := account.ParseNIK(d.NIK, s.now(), known); err != nil {
		errs.Add("nik", err.Error())
	} else {
		d.NIK = strings.ReplaceAll(d.NIK, " ", "")
	}
	if d.Email == "" {
		errs.Add("email", "Isi email.")
	} else if e, err := account.NormalizeEmail(d.Email); err != nil {
		errs.Add("email", err.Error())
	} else {
		d.Email = e
	}
	if d.EmailUnitKerja == "" {
		errs.Add("email_unit_kerja", "Isi email unit kerja.")
	} else if e, err := account.NormalizeEmail(d.EmailUnitKerja); err != nil {
		errs.Add("email_unit_kerja", err.Error())
	} else {
		d.EmailUnitKerja = e
	}
	if d.Phone == "" {
		errs.Add("no_handphone", "Isi nomor handphone.")
	} else if p, err := account.NormalizePhone(d.Phone); err != nil {
		errs.Add("no_handphone", err.Error())
	} else {
		d.Phone = p
	}
	return nil
}

func (s *Server) handlePemohon(w http.ResponseWriter, r *http.Request, st wizardState) {
	if !gate(w, r, st, 2) {
		return
	}
	st.d.Nama = validate.Clean(r.PostFormValue("nama"), 150)
	st.d.NIK = validate.Clean(r.PostFormValue("nik"), 20)
	st.d.Jabatan = validate.Clean(r.PostFormValue("jabatan"), 150)
	st.d.Email = validate.Clean(r.PostFormValue("email"), 200)
	st.d.EmailUnitKerja = validate.Clean(r.PostFormValue("email_unit_kerja"), 200)
	st.d.Phone = validate.Clean(r.PostFormValue("no_handphone"), 20)
	var errs validate.Errors
	if err := s.validatePemohon(r.Context(), &st.d, &errs); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.finishStep(w, r, st, 2, &errs, func(v daftar.Wizard) {
		s.render(w, r, http.StatusUnprocessableEntity, daftar.Pemohon(s.pemohonView(v, st.d)))
	})
}

// --- Step 4: Pembuatan Akun -----------------------------------------------------------------------

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

// formFile returns an uploaded file, or nil when the field was left empty.
func formFile(r *http.Request, name string) (multipart.File, *multipart.FileHeader) {
	f, h, err := r.FormFile(name)
	if err != nil || h.Size == 0 && h.Filename == "" {
		return nil, nil
	}
	return f, h
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
	username := strings.TrimSpace(r.PostFormValue("username"))
	st.d.Username = username
	st.d.Setuju, st.d.Benar = r.PostFormValue("setuju") == "ya", r.PostFormValue("benar") == "ya"

	if !goingBack {
		if u, err := account.NormalizeUsername(username); err != nil {
			errs.Add("username", err.Error())
		} else {
			st.d.Username = u
			taken, err := s.store.UsernameTaken(ctx, u)
			if err != nil {
				s.renderError(w, r, err)
				return
			}
			if taken {
				errs.Add("username", store.ErrUsernameTaken.Error())
			}
		}
		pw, confirm := r.PostFormValue("password"), r.PostFormValue("password_confirm")
		if pw != "" || confirm != "" || st.d.PasswordHash == "" {
			if err := account.CheckPassword(pw, confirm, st.d.Username, st.d.NIK); err != nil {
				field := "password"
				if errors.Is(err, account.ErrPasswordMismatch) {
					field = "password_confirm"
				}
				errs.Add(field, err.Error())
			} else if hash, err := account.HashPassword(pw); err != nil {
				s.renderError(w, r, err)
				return
			} else {
				st.d.PasswordHash = hash
			}
		}
	}
	captchaOK := goingBack
	if !goingBack {
		ok, err := s.checkCaptcha(r, r.PostFormValue("captcha_id"), r.PostFormValue("captcha"))
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		captchaOK = ok
		if !ok {
			errs.Add("captcha", "Angka captcha tidak sesuai. Ketik angka pada gambar yang baru.")
		}
		if !st.d.Setuju {
			errs.Add("setuju", "Centang pernyataan bahwa Anda memahami persyaratan dan ketentuan.")
		}
		if !st.d.Benar {
			errs.Add("benar", "Centang pernyataan bahwa data yang Anda isi sudah benar.")
		}
	}

	// Files are stored with the draft only once the captcha is solved (or when going back), so a robot
	// cannot fill the database; the person keeps them across every later step.
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
	// Each file is stored on its own, so a refused KTP does not cost the person a good Surat Tugas.
	for _, u := range uploads {
		if err := s.storeWizardUploads(ctx, &st, []dokumen.Upload{u}); err != nil {
			var ue *dokumen.UploadError
			if !errors.As(err, &ue) {
				s.renderError(w, r, err)
				return
			}
			errs.Add(string(ue.Kind), ue.Message)
		}
	}
	if !goingBack {
		if st.d.KTPID == 0 && errs.Get("ktp") == "" {
			errs.Add("ktp", "Unggah File KTP.")
		}
		if st.d.SuratTugasID == 0 && errs.Get("surat_tugas") == "" {
			errs.Add("surat_tugas", "Unggah Surat Tugas Registrator.")
		}
	}
	if !goingBack {
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

// --- Konfirmasi, Simpan, Selesai ------------------------------------------------------------------

func (s *Server) handleKonfirmasiForm(w http.ResponseWriter, r *http.Request, st wizardState) {
	if !gate(w, r, st, 4) {
		return
	}
	kat, _ := account.ParseKategori(st.d.Kategori)
	d := st.d
	rows := []daftar.Row{
		{Label: "Kategori Pemohon", Value: kat.Label(), Href: wizardSteps[0].path},
		{Label: "Pemohon", Value: d.InstansiNama, Href: wizardSteps[0].path},
		{Label: "Instansi", Value: d.Instansi, Href: wizardSteps[1].path},
		{Label: "Unit Kerja", Value: d.UnitKerja, Href: wizardSteps[1].path},
		{Label: "Nama Lengkap", Value: d.Nama, Href: wizardSteps[2].path},
		{Label: "Nomor Induk Kependudukan (NIK)", Value: d.NIK, Href: wizardSteps[2].path},
		{Label: "Jabatan", Value: d.Jabatan, Href: wizardSteps[2].path},
		{Label: "Email", Value: d.Email, Href: wizardSteps[2].path},
		{Label: "Email Unit Kerja", Value: d.EmailUnitKerja, Href: wizardSteps[2].path},
		{Label: "No Handphone", Value: d.Phone, Href: wizardSteps[2].path},
		{Label: "Username", Value: d.Username, Href: wizardSteps[3].path},
		{Label: "File KTP", Value: d.KTPName, Href: wizardSteps[3].path},
		{Label: "Surat Tugas Registrator", Value: d.SuratTugasName, Href: wizardSteps[3].path},
	}
	v := daftar.KonfirmasiView{Wizard: s.wizard(r, st, 3), Rows: rows}
	v.Page.Title = "Pembuatan Akun Layanan — Daftar Akun Layanan"
	s.render(w, r, http.StatusOK, daftar.Konfirmasi(v))
}

// handleSimpan creates the account. It validates the whole draft again: the draft is the server's, but
// rules (an instansi taken meanwhile) may have changed since each step was checked.
func (s *Server) handleSimpan(w http.ResponseWriter, r *http.Request, st wizardState) {
	ctx := r.Context()
	if !gate(w, r, st, 4) {
		return
	}
	if back(r) {
		http.Redirect(w, r, wizardSteps[3].path, http.StatusSeeOther)
		return
	}
	if ok, _, err := s.store.Allow(ctx, s.limitKey("simpan-ip", clientIP(r)), s.now(), time.Hour, wizardLimit); err != nil {
		s.renderError(w, r, err)
		return
	} else if !ok {
		s.renderStatus(w, r, http.StatusTooManyRequests)
		return
	}
	d := st.d
	var errs validate.Errors
	if err := s.validatePemohon(ctx, &d, &errs); err != nil {
		s.renderError(w, r, err)
		return
	}
	if errs.Any() || d.PasswordHash == "" || d.KTPID == 0 || d.SuratTugasID == 0 || !d.Setuju || !d.Benar {
		st.d.Done = 2
		_ = s.saveDraft(ctx, st)
		http.Redirect(w, r, wizardSteps[2].path, http.StatusSeeOther)
		return
	}
	reg := account.NewRegistration{Kategori: d.Kategori, InstansiKode: d.InstansiKode, InstansiNama: d.InstansiNama,
		Pejabat: account.NewPejabat{Instansi: d.Instansi, UnitKerja: d.UnitKerja, Nama: d.Nama, NIK: d.NIK, Jabatan: d.Jabatan,
			Email: d.Email, EmailUnitKerja: d.EmailUnitKerja, Phone: d.Phone, Username: d.Username, PasswordHash: d.PasswordHash,
			KTPDocumentID: d.KTPID, SuratTugasDocumentID: d.SuratTugasID}}
	_, err := s.store.CreateRegistration(ctx, st.id, reg, s.actor(r), s.now())
	switch {
	case errors.Is(err, store.ErrInstansiTaken):
		st.d.Done = 0
		_ = s.saveDraft(ctx, st)
		var e validate.Errors
		e.Add(map[string]string{"pusat": "kl", "provinsi": "provinsi", "kabupaten_kota": "kabupaten_kota"}[d.Kategori], err.Error())
		v, verr := s.tipeView(r, st, e)
		if verr != nil {
			s.renderError(w, r, verr)
			return
		}
		s.render(w, r, http.StatusConflict, daftar.Tipe(v))
		return
	case errors.Is(err, store.ErrUsernameTaken):
		st.d.Done = 3
		_ = s.saveDraft(ctx, st)
		var e validate.Errors
		e.Add("username", err.Error())
		v, verr := s.akunView(r, st, e)
		if verr != nil {
			s.renderError(w, r, verr)
			return
		}
		s.render(w, r, http.StatusConflict, daftar.Akun(v))
		return
	case err != nil:
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/daftar/selesai", http.StatusSeeOther)
}

func (s *Server) handleSelesai(w http.ResponseWriter, r *http.Request, st wizardState) {
	if st.akunID == nil {
		http.Redirect(w, r, "/daftar", http.StatusSeeOther)
		return
	}
	ref, err := s.store.AkunReference(r.Context(), *st.akunID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, daftar.Selesai(daftar.SelesaiView{Page: s.page(r, "Pendaftaran Terkirim"), Reference: ref}))
}

// handleDaftarBaru forgets this browser's finished registration so another can start.
func (s *Server) handleDaftarBaru(w http.ResponseWriter, r *http.Request, _ wizardState) {
	http.SetCookie(w, &http.Cookie{Name: draftCookie, Value: "", Path: "/daftar", MaxAge: -1, HttpOnly: true,
		Secure: s.cfg.Secure(), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
