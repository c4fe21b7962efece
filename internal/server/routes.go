package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/web"
)

// Request body limits: forms are small; uploads are bounded per route.
const (
	formBodyLimit   = 1 << 20
	uploadBodyLimit = wizardBody
)

// routes lists the whole URL space of the portal.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(s.recoverPanic, s.requestID, s.logRequests, securityHeaders(s.cfg.Secure()))
	r.NotFound(s.handleNotFound)
	r.MethodNotAllowed(s.handleMethodNotAllowed)

	// Probes and assets need neither a session nor CSRF protection.
	r.Get("/healthz", s.handleHealthz)
	r.Get("/readyz", s.handleReadyz)
	r.Handle("/static/*", web.Handler())
	r.Get("/captcha/{file}", s.handleCaptchaFile)

	r.Group(func(r chi.Router) {
		r.Use(s.sessions.LoadAndSave, markSession, s.crossOriginProtection(), s.loadUser)

		// Uploads: larger bodies, parsed with bounded memory.
		r.Group(func(r chi.Router) {
			r.Use(limitBody(uploadBodyLimit))
			r.Post("/daftar/pembuatan-akun", s.withDraft(s.handleAkun))
			r.With(s.requireRegistrator).Post("/akun/penggantian-pejabat", s.handleHandover)
			r.With(s.requireRegistrator).Post("/permohonan/{id}/dokumen/{kind}", s.handleDokumenUpload)
		})

		r.Group(func(r chi.Router) {
			r.Use(limitBody(formBodyLimit))

			// Public pages.
			r.Get("/", s.handleBeranda)
			r.Get("/persyaratan", s.handlePersyaratan)
			r.Get("/referensi/wilayah", s.handleWilayahPicker)

			// Registration wizard (pedoman §3.3.5 Tahap 1.1).
			r.Get("/daftar", s.withDraft(s.handleDaftar))
			r.Get("/daftar/tipe-pemohon", s.withDraft(s.handleTipeForm))
			r.Post("/daftar/tipe-pemohon", s.withDraft(s.handleTipe))
			r.Get("/daftar/informasi-instansi", s.withDraft(s.handleInstansiForm))
			r.Post("/daftar/informasi-instansi", s.withDraft(s.handleInstansi))
			r.Get("/daftar/informasi-pemohon", s.withDraft(s.handlePemohonForm))
			r.Post("/daftar/informasi-pemohon", s.withDraft(s.handlePemohon))
			r.Get("/daftar/pembuatan-akun", s.withDraft(s.handleAkunForm))
			r.Get("/daftar/konfirmasi", s.withDraft(s.handleKonfirmasiForm))
			r.Post("/daftar/konfirmasi", s.withDraft(s.handleSimpan))
			r.Get("/daftar/selesai", s.withDraft(s.handleSelesai))
			r.Post("/daftar/baru", s.withDraft(s.handleDaftarBaru))

			// Activation, sign-in and passwords.
			r.Get("/aktivasi/{token}", s.handleAktivasiForm)
			r.Post("/aktivasi/{token}", s.handleAktivasi)
			r.Post("/aktivasi/{token}/kode-baru", s.handleAktivasiKodeBaru)
			r.Get("/masuk", s.handleLoginForm)
			r.Post("/masuk", s.handleLogin)
			r.Get("/masuk/totp", s.handleTOTPForm)
			r.Post("/masuk/totp", s.handleTOTP)
			r.Post("/keluar", s.handleLogout)
			r.Get("/lupa-kata-sandi", s.handleForgotForm)
			r.Post("/lupa-kata-sandi", s.handleForgot)
			r.Get("/atur-ulang-kata-sandi/{token}", s.handleResetForm)
			r.Post("/atur-ulang-kata-sandi/{token}", s.handleReset)

			// Documents: authorised per object inside the handler.
			r.Get("/dokumen/{id}", s.handleDokumen)

			// Registrator.
			r.Group(func(r chi.Router) {
				r.Use(s.requireRegistrator)
				r.Get("/akun", s.handleAkunHome)
				r.Get("/akun/penggantian-pejabat", s.handleHandoverForm)
				r.Get("/akun/templat/surat-tugas.pdf", s.handleTemplatSuratTugas)

				// Permohonan hak akses (Tahap 1.2).
				r.Post("/permohonan", s.handlePermohonanCreate)
				r.Get("/permohonan/{id}", s.handlePermohonanDetail)
				r.Get("/permohonan/{id}/cakupan", s.handleCakupanForm)
				r.Post("/permohonan/{id}/cakupan", s.handleCakupanSave)
				r.Get("/permohonan/{id}/kebutuhan", s.handleKebutuhan)
				r.Get("/permohonan/{id}/kebutuhan/baru", s.handleRowForm)
				r.Post("/permohonan/{id}/kebutuhan/baru", s.handleRowSave)
				r.Get("/permohonan/{id}/kebutuhan/{row}", s.handleRowForm)
				r.Post("/permohonan/{id}/kebutuhan/{row}", s.handleRowSave)
				r.Post("/permohonan/{id}/kebutuhan/{row}/hapus", s.handleRowDelete)
				r.Get("/permohonan/{id}/dokumen", s.handleDokumenList)
				r.Get("/permohonan/{id}/periksa", s.handlePeriksa)
				r.Post("/permohonan/{id}/ajukan", s.handleAjukan)
				r.Get("/permohonan/{id}/tarik", s.handleTarikForm)
				r.Post("/permohonan/{id}/tarik", s.handleTarik)
				r.Post("/permohonan/{id}/hapus", s.handleHapusDraf)
				r.Post("/permohonan/{id}/perubahan", s.handlePerubahanCreate)
				r.Get("/permohonan/{id}/bukti.pdf", s.handleBukti)
				r.Get("/permohonan/{id}/templat/{name}", s.handleTemplat)
			})

			// Bappenas staff.
			r.Route("/petugas", func(r chi.Router) {
				r.Use(s.requireStaff())
				r.Get("/", s.handleStaffHome)
				r.Group(func(r chi.Router) {
					r.Use(s.requireStaff(account.RoleVerifikatorAkun, account.RoleAdmin))
					r.Get("/verifikasi-akun", s.handleVerifikasiQueue)
					r.Get("/verifikasi-akun/{id}", s.handleVerifikasiDetail)
					r.Post("/verifikasi-akun/{id}/setujui", s.handleVerifikasiApprove)
					r.Post("/verifikasi-akun/{id}/tolak", s.handleVerifikasiReject)
				})
			})

			// Development and test only: the mailbox and captcha answers, so journeys can finish.
			if s.cfg.Dev() {
				r.Get("/dev/mailbox", s.handleMailbox)
				r.Get("/dev/captcha/{id}", s.handleDevCaptcha)
			}
		})
	})
	return r
}
