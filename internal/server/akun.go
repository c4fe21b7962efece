package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/pages/akun"
)

// --- Activation by OTP ----------------------------------------------------------------------------

func (s *Server) aktivasiView(r *http.Request, a account.ActivationInfo) akun.AktivasiView {
	return akun.AktivasiView{Page: s.page(r, "Aktivasi Akun"), Action: "/aktivasi/" + chi.URLParam(r, "token"),
		Nama: a.Nama, Username: a.Username, IsHandover: a.IsHandover, Locked: a.FailedTries >= store.OTPMaxTries}
}

func (s *Server) linkDead(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrLinkUsed) {
		s.sessions.Put(r.Context(), sessFlash, store.ErrLinkUsed.Error())
		http.Redirect(w, r, "/masuk", http.StatusSeeOther)
		return
	}
	s.renderError(w, r, err)
}

func (s *Server) handleAktivasiForm(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.FindActivation(r.Context(), s.tokenHash("aktivasi", chi.URLParam(r, "token")), s.now())
	if err != nil {
		s.linkDead(w, r, err)
		return
	}
	v := s.aktivasiView(r, a)
	if v.Locked {
		v.Errors.Add("otp", store.ErrOTPLocked.Error())
	}
	s.render(w, r, http.StatusOK, akun.Aktivasi(v))
}

func (s *Server) handleAktivasi(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	hash := s.tokenHash("aktivasi", chi.URLParam(r, "token"))
	now := s.now()
	a, err := s.store.FindActivation(ctx, hash, now)
	if err != nil {
		s.linkDead(w, r, err)
		return
	}
	if ok, _, err := s.store.Allow(ctx, s.limitKey("otp-ip", clientIP(r)), now, time.Hour, 30); err != nil {
		s.renderError(w, r, err)
		return
	} else if !ok {
		s.renderStatus(w, r, http.StatusTooManyRequests)
		return
	}
	v := s.aktivasiView(r, a)
	// Codes are often pasted with spaces or a trailing newline.
	code := strings.Join(strings.Fields(r.PostFormValue("otp")), "")
	var pwHash string
	if a.IsHandover {
		pw, confirm := r.PostFormValue("password"), r.PostFormValue("password_confirm")
		if err := account.CheckPassword(pw, confirm, a.Username, ""); err != nil {
			field := "password"
			if errors.Is(err, account.ErrPasswordMismatch) {
				field = "password_confirm"
			}
			v.Errors.Add(field, err.Error())
			s.render(w, r, http.StatusUnprocessableEntity, akun.Aktivasi(v))
			return
		}
		if pwHash, err = account.HashPassword(pw); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	if len(code) != 6 {
		v.Errors.Add("otp", "Kode OTP terdiri dari 6 digit angka.")
		s.render(w, r, http.StatusUnprocessableEntity, akun.Aktivasi(v))
		return
	}
	actor := account.Actor{Kind: account.ActorRegistrator, ID: a.PejabatID, IP: clientIP(r)}
	_, err = s.store.Activate(ctx, hash, s.tokenHash("otp", code), pwHash, actor, now)
	switch {
	case errors.Is(err, store.ErrOTPWrong), errors.Is(err, store.ErrOTPExpired), errors.Is(err, store.ErrOTPLocked):
		msg := err.Error()
		if errors.Is(err, store.ErrOTPWrong) {
			left := store.OTPMaxTries - a.FailedTries - 1
			if left <= 0 {
				msg = store.ErrOTPLocked.Error()
				v.Locked = true
			} else {
				msg += " Sisa percobaan: " + strconv.Itoa(left) + "."
			}
		}
		if errors.Is(err, store.ErrOTPLocked) {
			v.Locked = true
		}
		v.Errors.Add("otp", msg)
		s.render(w, r, http.StatusUnprocessableEntity, akun.Aktivasi(v))
		return
	case err != nil:
		s.linkDead(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessFlash, "Akun layanan Anda telah aktif. Silakan masuk dengan username dan kata sandi Anda.")
	http.Redirect(w, r, "/masuk", http.StatusSeeOther)
}

func (s *Server) handleAktivasiKodeBaru(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	token := chi.URLParam(r, "token")
	hash := s.tokenHash("aktivasi", token)
	now := s.now()
	if ok, _, err := s.store.Allow(ctx, s.limitKey("otp-renew", token), now, time.Hour, 5); err != nil {
		s.renderError(w, r, err)
		return
	} else if !ok {
		s.sessions.Put(ctx, sessFlash, "Terlalu banyak permintaan kode baru. Coba lagi dalam satu jam.")
		http.Redirect(w, r, "/aktivasi/"+token, http.StatusSeeOther)
		return
	}
	code := otpCode()
	act := account.Activation{Token: token, Code: code, TokenHash: hash, CodeHash: s.tokenHash("otp", code), CodeExpires: now.Add(store.OTPValidity)}
	err := s.store.RenewOTP(ctx, act, s.actor(r), now)
	if err != nil {
		s.linkDead(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessFlash, "Kode OTP baru telah dikirim ke email Anda.")
	http.Redirect(w, r, "/aktivasi/"+token, http.StatusSeeOther)
}

// --- Akun page and handover -----------------------------------------------------------------------

func (s *Server) handleAkunHome(w http.ResponseWriter, r *http.Request) {
	reg := currentUser(r.Context()).Registrator
	list, err := s.store.ListPejabatOfAkun(r.Context(), reg.AkunID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	kat, _ := account.ParseKategori(reg.Kategori)
	v := akun.HomeView{Page: s.page(r, "Akun Saya"), Reference: reg.Reference, Kategori: kat.Label(),
		Instansi: reg.InstansiNama, Status: stateLabels[reg.AkunState], StatusInstansi: "Pemohon Hak Akses Data Regsosek"}
	// With access in force the instansi is "Pengguna Data Regsosek" (pedoman §III 6a; akses.go).
	if pengguna, err := s.store.IsPengguna(r.Context(), reg.AkunID); err != nil {
		s.renderError(w, r, err)
		return
	} else if pengguna {
		v.StatusInstansi = "Pengguna Data Regsosek"
	}
	for _, p := range list {
		row := akun.Pejabat{Nama: p.Nama, Jabatan: p.Jabatan, UnitKerja: p.UnitKerja, Status: stateLabels[p.State]}
		if p.ActivatedAt != nil {
			row.Sejak = indo.DateTime(*p.ActivatedAt)
		}
		switch p.State {
		case "aktif":
			v.Current = row
		case "menunggu_verifikasi", "disetujui":
			v.PendingHandover = p.Nama
		}
		v.History = append(v.History, row)
	}
	items, err := s.store.ListPermohonan(r.Context(), reg.AkunID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	for _, it := range items {
		n, tahap := it.State.Tahap()
		jenis := "Permohonan baru"
		if it.ParentID != nil {
			jenis = "Perubahan permohonan"
		}
		v.Permohonan = append(v.Permohonan, akun.PermohonanItem{Reference: it.Reference, Status: it.State.Label(),
			Tahap: "Tahap " + strconv.Itoa(n) + " " + tahap, Created: indo.DateTime(it.CreatedAt), Href: permohonanPath(it.ID, ""),
			Jenis: jenis, Rows: it.Rows})
	}
	if v.Layanan, err = s.akunLayanan(r, reg.AkunID); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, akun.Home(v))
}

func (s *Server) handleHandoverForm(w http.ResponseWriter, r *http.Request) {
	reg := currentUser(r.Context()).Registrator
	s.render(w, r, http.StatusOK, akun.Handover(akun.HandoverView{Page: s.page(r, "Penggantian Pejabat"),
		Instansi: reg.InstansiNama, UnitKerja: reg.UnitKerja}))
}

func (s *Server) handleHandover(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	reg := currentUser(ctx).Registrator
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.renderError(w, r, err)
		return
	}
	defer r.MultipartForm.RemoveAll()
	d := regDraft{
		Instansi: validate.Clean(r.PostFormValue("instansi"), 200), UnitKerja: validate.Clean(r.PostFormValue("unit_kerja"), 200),
		Nama: validate.Clean(r.PostFormValue("nama"), 150), NIK: validate.Clean(r.PostFormValue("nik"), 20), Jabatan: validate.Clean(r.PostFormValue("jabatan"), 150),
		Email: validate.Clean(r.PostFormValue("email"), 200), EmailUnitKerja: validate.Clean(r.PostFormValue("email_unit_kerja"), 200),
		Phone: validate.Clean(r.PostFormValue("no_handphone"), 20), Username: strings.TrimSpace(r.PostFormValue("username")),
	}
	var errs validate.Errors
	if d.Instansi == "" {
		errs.Add("instansi", "Isi nama instansi secara lengkap.")
	}
	if d.UnitKerja == "" {
		errs.Add("unit_kerja", "Isi nama unit kerja secara lengkap.")
	}
	if err := s.validatePemohon(ctx, &d, &errs); err != nil {
		s.renderError(w, r, err)
		return
	}
	if u, err := account.NormalizeUsername(d.Username); err != nil {
		errs.Add("username", err.Error())
	} else {
		d.Username = u
	}
	ktp, ktpH := formFile(r, "ktp")
	st, stH := formFile(r, "surat_tugas")
	if ktp == nil {
		errs.Add("ktp", "Unggah File KTP pejabat pengganti.")
	} else {
		defer ktp.Close()
	}
	if st == nil {
		errs.Add("surat_tugas", "Unggah Surat Tugas Registrator yang baru.")
	} else {
		defer st.Close()
	}
	view := func(status int) {
		s.render(w, r, status, akun.Handover(akun.HandoverView{Page: s.page(r, "Penggantian Pejabat"),
			Instansi: d.Instansi, UnitKerja: d.UnitKerja, Nama: d.Nama, NIK: d.NIK, Jabatan: d.Jabatan, Email: d.Email,
			EmailUnitKerja: d.EmailUnitKerja, Phone: d.Phone, Username: d.Username, Errors: errs}))
	}
	if errs.Any() {
		view(http.StatusUnprocessableEntity)
		return
	}
	p := account.NewPejabat{Instansi: d.Instansi, UnitKerja: d.UnitKerja, Nama: d.Nama, NIK: d.NIK, Jabatan: d.Jabatan,
		Email: d.Email, EmailUnitKerja: d.EmailUnitKerja, Phone: d.Phone, Username: d.Username}
	_, err := s.store.CreateHandover(ctx, reg.AkunID, p,
		dokumen.Upload{Kind: dokumen.KTP, Name: ktpH.Filename, R: ktp},
		dokumen.Upload{Kind: dokumen.SuratTugas, Name: stH.Filename, R: st}, s.actor(r), s.now())
	var ue *dokumen.UploadError
	switch {
	case errors.As(err, &ue):
		errs.Add(string(ue.Kind), ue.Message)
		view(http.StatusUnprocessableEntity)
		return
	case errors.Is(err, store.ErrUsernameTaken):
		errs.Add("username", err.Error())
		view(http.StatusUnprocessableEntity)
		return
	case errors.Is(err, store.ErrConflict):
		s.sessions.Put(ctx, sessFlash, "Penggantian pejabat sudah diajukan dan sedang diproses.")
		http.Redirect(w, r, "/akun", http.StatusSeeOther)
		return
	case err != nil:
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessFlash, "Penggantian pejabat telah diajukan. Pejabat pengganti akan menerima email setelah diverifikasi.")
	http.Redirect(w, r, "/akun", http.StatusSeeOther)
}
