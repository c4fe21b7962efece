package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/api"
	"github.com/bappenas/portal-regsosek/internal/register"
	"github.com/bappenas/portal-regsosek/web"
)

// Request body limits: forms are small. An upload route reads up to uploadBodyLimit, several times the
// largest file, so a form with a file over its own limit still arrives whole and is shown again with every
// value kept and the limit beside the file (kit_upload.go).
const (
	formBodyLimit   = 1 << 20
	uploadBodyLimit = 64 << 20
)

// routes lists the whole URL space of the portal.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(s.recoverPanic, s.requestID, s.clientAddress, s.logRequests, securityHeaders(s.cfg.Secure()))
	r.NotFound(s.handleNotFound)
	r.MethodNotAllowed(s.handleMethodNotAllowed)

	// Probes and assets need neither a session nor CSRF protection.
	r.Get("/healthz", s.handleHealthz)
	r.Get("/readyz", s.handleReadyz)
	r.Handle("/static/*", web.Handler())
	r.With(s.checkInput).Get("/captcha/{file}", s.handleCaptchaFile)

	// The machine API (api*.go, described at /api/openapi.json): JSON, no session, no cookies. The register
	// is public; the rest needs a key with its scope. Every call with a key is limited and audited.
	r.Route("/api", func(r chi.Router) {
		r.NotFound(s.handleAPINotFound)
		r.MethodNotAllowed(s.handleAPIMethodNotAllowed)
		r.Get("/openapi.json", s.handleOpenAPI)
		r.Route("/v1", func(r chi.Router) {
			r.Use(apiCheckInput, s.apiAuth)
			r.Get("/register", s.handleAPIRegister)
			r.Get("/register/{nomor}", s.handleAPIRegisterEntry)
			r.With(apiScope(api.ScopeHakAkses)).Get("/hak-akses", s.handleAPIHakAkses)
			r.With(apiScope(api.ScopePermohonan)).Get("/permohonan/{nomor}", s.handleAPIPermohonan)
			r.With(apiScope(api.ScopePerubahan)).Get("/perubahan", s.handleAPIPerubahan)
		})
	})

	r.Group(func(r chi.Router) {
		r.Use(s.withSessionOwner, s.sessions.LoadAndSave, markSession, s.crossOriginProtection(), s.loadUser)

		// Uploads: larger bodies, parsed with bounded memory.
		r.Group(func(r chi.Router) {
			r.Use(s.limitBody(uploadBodyLimit), s.checkInput)
			r.Post("/daftar/pembuatan-akun", s.withDraft(s.handleAkun))
			r.With(s.requireRegistrator).Post("/akun/penggantian-pejabat", s.handleHandover)
			r.With(s.requireRegistrator).Post("/akun/bimtek/{id}/dokumen", s.handleBimtekDokumen)
			r.Post("/pengaduan", s.handlePengaduan)
			r.Post("/ganti-pejabat", s.handleGantiPejabat) // public: Ganti Pejabat Pemegang Akun (akun_ganti_pejabat.go)
			r.Post("/pengaduan/status/tanggapan", s.handlePengaduanTanggapan)
			r.With(s.requireRegistrator).Post("/permohonan/{id}/dokumen", s.handleDokumenUploadAll)
			r.With(s.requireRegistrator).Post("/permohonan/{id}/dokumen/{kind}", s.handleDokumenUpload)
			r.With(s.requireRegistrator).Post("/permohonan/{id}/kebutuhan/{row}/kapasitas", s.handleKapasitasSave)
			r.With(s.requireStaff(account.RoleAdmin)).Post("/petugas/dasbor/unggah", s.handleDasborUpload)
			// PKS/NDA and the SK Forum Satu Data after access (Tahap 4–6, akses_*.go).
			r.With(s.requireRegistrator).Post("/permohonan/{id}/perjanjian/unggah/{kind}", s.handlePerjanjianUpload)
			r.With(s.requireRegistrator).Post("/permohonan/{id}/sk-forum", s.handleSKForumUpload)
			r.With(s.requireStaff(aksesRoles...)).Post("/petugas/akses/{id}/unggah/{kind}", s.handleCountersignedUpload)
			// Percakapan: a message with its attachment (percakapan.go); staff roles are checked per kind of thread.
			r.With(s.requireRegistrator).Post("/akun/percakapan/{jenis}/{id}", s.handleThreadSend)
			r.With(s.requireStaff()).Post("/petugas/percakapan/{jenis}/{id}", s.handleThreadSend)
			// Access over time (issue 13): a new operator's SK, a proposed PKS/NDA text, a Berita Acara Pemusnahan.
			r.With(s.requireRegistrator).Post("/permohonan/{id}/ganti-operator", s.handleGanti)
			r.With(s.requireRegistrator).Post("/permohonan/{id}/perjanjian/usulan/{kind}", s.handleUsulanUpload)
			r.With(s.requireRegistrator).Post("/permohonan/{id}/pemusnahan", s.handlePemusnahanUpload)
		})

		r.Group(func(r chi.Router) {
			r.Use(s.limitBody(formBodyLimit), s.checkInput)

			// Public pages.
			r.Get("/", s.handleBeranda)
			r.Get("/persyaratan", s.handlePersyaratan)
			r.Get("/referensi/wilayah", s.handleWilayahPicker)
			r.Get("/referensi/lampiran-2", s.handleLampiran2)
			r.Get("/referensi/lampiran-3", s.handleLampiran3)

			// Pengaduan dan Pelaporan (§VI): public; the status page is opened with the tracking code.
			r.Get("/pengaduan", s.handlePengaduanForm)
			r.Get("/pengaduan/terkirim", s.handlePengaduanTerkirim)
			r.Get("/pengaduan/status", s.handlePengaduanStatus)
			r.Post("/pengaduan/status", s.handlePengaduanLacak)
			r.Post("/pengaduan/status/keluar", s.handlePengaduanKeluar)
			r.Get("/pengaduan/status/lampiran/{doc}", s.handlePengaduanStatusFile)
			r.Get("/dasbor/unduh", s.handleDasborCSV)
			r.Get("/statistik-layanan", s.handleStatistikLayanan)
			r.Get("/statistik-layanan/unduh.csv", s.handleStatistikCSV)

			// Register Pemanfaatan Data Regsosek (register_public.go): public, no personal data.
			r.Get("/register", s.handleRegister)
			r.Get("/register/unduh.csv", s.handleRegisterCSV)
			r.Get("/register/unduh.json", s.handleRegisterJSON)
			r.Get("/register/{nomor}", s.handleRegisterEntry)

			// Survei Kepuasan Masyarakat (survei*.go): the questions by an emailed link or a closed report's
			// status page, and the IKM published per semester.
			r.Get("/survei/{token}", s.surveyForm(s.surveyByToken))
			r.Post("/survei/{token}", s.surveySubmit(s.surveyByToken))
			r.Get("/pengaduan/status/survei", s.surveyForm(s.surveyForPengaduan))
			r.Post("/pengaduan/status/survei", s.surveySubmit(s.surveyForPengaduan))
			r.Get("/survei-kepuasan", s.handleIKMPublic)
			r.Get("/survei-kepuasan/{semester}", s.handleIKMPublic)

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
			r.Post("/sesi/perpanjang", s.handleSesiPerpanjang)
			r.Post("/captcha/periksa", s.handleCaptchaPeriksa) // captcha.js: the answer checked before files are sent
			r.Get("/ganti-pejabat", s.handleGantiPejabatForm)
			r.Get("/ganti-pejabat/terkirim", s.handleGantiPejabatTerkirim)
			r.Get("/lupa-kata-sandi", s.handleForgotForm)
			r.Post("/lupa-kata-sandi", s.handleForgot)
			r.Get("/atur-ulang-kata-sandi/{token}", s.handleResetForm)
			r.Post("/atur-ulang-kata-sandi/{token}", s.handleReset)

			// An operator's single-use link to their Sepakat credentials (Tahap 6, akses_tautan.go).
			r.Get("/akses-sepakat/{token}", s.handleTautanForm)
			r.Post("/akses-sepakat/{token}", s.handleTautanOpen)

			// Documents: authorised per object inside the handler.
			r.Get("/dokumen/{id}", s.handleDokumen)
			// A participant's emailed link to their bimtek certificate (bimtek_peserta.go).
			r.Get("/sertifikat/{token}", s.handleSertifikatLink)

			// Registrator.
			r.Group(func(r chi.Router) {
				r.Use(s.requireRegistrator)
				r.Get("/akun", s.handleAkunHome)
				r.Get("/akun/penggantian-pejabat", s.handleHandoverForm)
				r.Get("/akun/kata-sandi", s.handleOwnPasswordForm)
				r.Post("/akun/kata-sandi", s.handleOwnPassword)

				// Fasilitasi Bimbingan Teknis (§IV) and the account's own reports.
				r.Get("/akun/bimtek/baru", s.handleBimtekNew)
				r.Post("/akun/bimtek", s.handleBimtekCreate)
				r.Get("/akun/bimtek/{id}", s.handleBimtekShow)
				r.Get("/akun/bimtek/{id}/ubah", s.handleBimtekEdit)
				r.Post("/akun/bimtek/{id}/ubah", s.handleBimtekUpdate)
				r.Get("/akun/bimtek/{id}/dokumen", s.handleBimtekDokumenForm)
				r.Get("/akun/bimtek/{id}/{lampiran:lampiran-[78]\\.pdf}", s.handleBimtekTemplate)
				r.Get("/akun/bimtek/{id}/berkas/{slot}", s.handleBimtekFile)
				r.Get("/akun/pengaduan/{id}", s.handleAkunPengaduan)
				r.Get("/akun/templat/surat-tugas.pdf", s.handleTemplatSuratTugas)
				r.Get("/akun/percakapan/{jenis}/{id}", s.handleThread)
				r.Get("/akun/survei/{id}", s.surveyForm(s.surveyForAkun))
				r.Post("/akun/survei/{id}", s.surveySubmit(s.surveyForAkun))
				r.Get("/akun/percakapan/{jenis}/{id}/lampiran/{doc}", s.handleThreadFile)

				// Permohonan hak akses (Tahap 1.2).
				r.Post("/permohonan", s.handlePermohonanCreate)
				r.Get("/permohonan/{id}", s.handlePermohonanDetail)
				r.Get("/permohonan/{id}/cakupan", s.handleCakupanForm)
				r.Post("/permohonan/{id}/cakupan", s.handleCakupanSave)
				r.Get("/permohonan/{id}/kebutuhan", s.handleKebutuhan)
				r.Post("/permohonan/{id}/kebutuhan", s.handleKebutuhanSimpan)
				r.Get("/permohonan/{id}/kebutuhan/baru", s.handleRowForm)
				r.Post("/permohonan/{id}/kebutuhan/baru", s.handleRowSave)
				r.Get("/permohonan/{id}/kebutuhan/{row}", s.handleRowForm)
				r.Post("/permohonan/{id}/kebutuhan/{row}", s.handleRowSave)
				r.Post("/permohonan/{id}/kebutuhan/{row}/hapus", s.handleRowDelete)
				r.Get("/permohonan/{id}/kebutuhan/{row}/kapasitas", s.handleKapasitasForm)
				r.Get("/permohonan/{id}/dokumen", s.handleDokumenList)
				r.Get("/permohonan/{id}/periksa", s.handlePeriksa)
				r.Get("/permohonan/{id}/diajukan", s.handleDiajukan)
				r.Post("/permohonan/{id}/ajukan", s.handleAjukan)
				r.Get("/permohonan/{id}/tarik", s.handleTarikForm)
				r.Post("/permohonan/{id}/tarik", s.handleTarik)
				r.Post("/permohonan/{id}/hapus", s.handleHapusDraf)
				r.Post("/permohonan/{id}/perubahan", s.handlePerubahanCreate)
				r.Get("/permohonan/{id}/bukti.pdf", s.handleBukti)
				r.Get("/permohonan/{id}/surat-persetujuan.pdf", s.handleSuratPersetujuan)
				r.Get("/permohonan/{id}/templat/{name}", s.handleTemplat)

				// PKS dan NDA, Informasi Akun Pengguna and Perpanjangan (Tahap 4–6, akses_*.go).
				r.Get("/permohonan/{id}/perjanjian", s.handlePerjanjian)
				r.Get("/permohonan/{id}/perjanjian/templat/{name}", s.handlePerjanjianTemplat)
				r.Post("/permohonan/{id}/perjanjian/kirim", s.handlePerjanjianKirim)
				r.Post("/permohonan/{id}/perjanjian/cetak", s.handlePerjanjianCetak)
				r.Get("/permohonan/{id}/akses/{row}", s.handleOperator)
				r.Post("/permohonan/{id}/akses/{row}/kata-sandi", s.handleRevealPassword)
				r.Post("/permohonan/{id}/akses/{row}/kirim-ulang", s.handleReissueLink)
				r.Get("/permohonan/{id}/perpanjangan", s.handlePerpanjanganForm)
				r.Post("/permohonan/{id}/perpanjangan", s.handlePerpanjangan)

				// Access over time (issue 13): Penggantian Operator, a bimtek certificate (akses_ganti.go,
				// bimtek_peserta.go).
				r.Get("/permohonan/{id}/ganti-operator", s.handleGantiForm)
				r.Post("/permohonan/{id}/ganti-operator/{gid}/batal", s.handleGantiBatal)
				r.Get("/akun/bimtek/{id}/peserta/{peserta}/sertifikat.pdf", s.handleBimtekSertifikat)
			})

			// Bappenas staff.
			r.Route("/petugas", func(r chi.Router) {
				r.Use(s.requireStaff())
				r.Get("/", s.handleStaffHome)
				// The search box of every staff page (petugas_cari.go).
				r.Get("/cari", s.handleCari)
				r.Post("/cari", s.handleListFilter)
				r.Get("/pengaturan", s.handlePengaturanForm)
				r.Post("/pengaturan", s.handlePengaturan)
				r.Get("/kata-sandi", s.handleOwnPasswordForm)
				r.Post("/kata-sandi", s.handleOwnPassword)
				// Percakapan with pemohon (percakapan.go): each kind of thread checks its roles.
				r.Get("/percakapan", s.handleInbox)
				r.Get("/survei", s.handleIKMStaff)
				r.Get("/percakapan/{jenis}/{id}", s.handleThread)
				r.Get("/percakapan/{jenis}/{id}/lampiran/{doc}", s.handleThreadFile)
				// Review of permohonan (Tahap 2–3): roles are checked per action, so a wrong role gets 403.
				r.Get("/antrean/{stage}", s.handleQueue)
				r.Post("/antrean/{stage}", s.handleListFilter)
				r.Get("/antrean/{stage}/ekspor.{format}", s.handleQueueExport)
				// The register of every permohonan, for every role that may open one (review_queue.go).
				r.With(s.requireStaff(reviewRoles...)).Get("/permohonan", s.handleDaftarPermohonan)
				r.With(s.requireStaff(reviewRoles...)).Post("/permohonan", s.handleListFilter)
				r.With(s.requireStaff(reviewRoles...)).Get("/permohonan/ekspor.{format}", s.handleDaftarPermohonanExport)
				r.Get("/permohonan/{id}", s.handleStaffPermohonan)
				r.Post("/permohonan/{id}/ambil", s.handleClaim)
				r.Post("/permohonan/{id}/verifikasi-{stage}", s.handleVerify)
				r.Post("/permohonan/{id}/rekomendasi", s.handleAskRekomendasi)
				r.Post("/permohonan/{id}/keputusan", s.handleDecide)
				r.Post("/permohonan/{id}/alihkan", s.handleReassign)
				r.Get("/permohonan/{id}/dokumen-asli", s.handleAsliForm) // originals received, dokumen_asli.go
				r.Post("/permohonan/{id}/dokumen-asli", s.handleAsli)
				// Penggantian Operator, judged by a verifikator teknis (akses_ganti_staff.go).
				r.Group(func(r chi.Router) {
					r.Use(s.requireStaff(account.RoleVerifikatorTeknis))
					r.Get("/penggantian-operator", s.handleGantiQueue)
					r.Post("/penggantian-operator", s.handleListFilter)
					r.Get("/penggantian-operator/ekspor.{format}", s.handleGantiExport)
					r.Get("/penggantian-operator/{id}", s.handleGantiReview)
					r.Post("/penggantian-operator/{id}/putuskan", s.handleGantiDecide)
				})
				r.With(s.requireStaff(account.RoleDirekturPengampu)).Get("/rekomendasi", s.handleRekomQueue)
				r.With(s.requireStaff(account.RoleDirekturPengampu)).Post("/rekomendasi", s.handleListFilter)
				r.With(s.requireStaff(account.RoleDirekturPengampu)).Get("/rekomendasi/ekspor.{format}", s.handleRekomExport)
				r.With(s.requireStaff(account.RoleDirekturPengampu)).Post("/rekomendasi/{id}/jawab", s.handleAnswerRekomendasi)
				r.With(s.requireStaff(account.RoleAdmin)).Get("/audit", s.handleAudit)
				r.With(s.requireStaff(account.RoleAdmin)).Get("/audit/ekspor.{format}", s.handleAuditExport)
				// Failed emails and stopped jobs, with a retry (petugas_operasi.go).
				r.With(s.requireStaff(account.RoleAdmin)).Get("/operasi", s.handleOperasi)
				r.With(s.requireStaff(account.RoleAdmin)).Post("/operasi/surel/{id}/kirim-ulang", s.handleOperasiMailRetry)
				r.With(s.requireStaff(account.RoleAdmin)).Post("/operasi/pekerjaan/{id}/coba-lagi", s.handleOperasiJobRetry)
				// PKS/NDA and access delivery (Tahap 4–6, akses_staff_*.go): each action checks its role.
				r.Group(func(r chi.Router) {
					r.Use(s.requireStaff(aksesRoles...))
					r.Get("/akses", s.handleAksesTasks)
					r.Post("/akses", s.handleListFilter)
					r.Get("/akses/ekspor.{format}", s.handleAksesTasksExport)
					r.Get("/akses/{id}", s.handleAksesStaff)
					r.Get("/akses/{id}/surat-persetujuan.pdf", s.handleStaffSuratPersetujuan)
					r.Post("/akses/{id}/cetak/{cetak}/dikirim", s.handleCetakSent)
					r.Post("/akses/{id}/tandatangani", s.handleCountersign)
					r.Post("/akses/{id}/kembalikan", s.handleReturnAgreements)
					r.Post("/akses/{id}/siapkan", s.handlePrepare)
					r.Post("/akses/{id}/berikan", s.handleGiveAccess)
					r.Post("/akses/{id}/akun/{akun}/coba-lagi", s.handleRetryAccount)
					r.Post("/akses/{id}/perpanjang", s.handleExtend)
					r.Post("/akses/{id}/perpanjangan/{pid}/tolak", s.handleRejectExtension)
					r.Post("/akses/{id}/cabut", s.handleRevoke)
					// One row at a time and proposed PKS/NDA texts (issue 13, akses_baris.go, akses_usulan.go).
					r.Post("/akses/{id}/akun/{akun}/cabut", s.handleRevokeRow)
					r.Post("/akses/{id}/akun/{akun}/perpanjang", s.handleExtendRow)
					r.Post("/akses/{id}/usulan/{uid}/{aksi:terima|tolak}", s.handleUsulanDecide)
				})

				r.Group(func(r chi.Router) {
					r.Use(s.requireStaff(account.RoleVerifikatorAkun, account.RoleAdmin))
					r.Get("/verifikasi-akun", s.handleVerifikasiQueue)
					r.Post("/verifikasi-akun", s.handleListFilter)
					r.Get("/verifikasi-akun/ekspor.{format}", s.handleVerifikasiExport)
					r.Get("/verifikasi-akun/{id}", s.handleVerifikasiDetail)
					r.Post("/verifikasi-akun/{id}/setujui", s.handleVerifikasiApprove)
					r.Post("/verifikasi-akun/{id}/tolak", s.handleVerifikasiReject)
				})
				// Fasilitasi Bimbingan Teknis and Pengaduan dan Pelaporan: pengelola layanan; an admin lists
				// reports (without Rahasia ones) and alone may reveal an Anonim reporter.
				r.Group(func(r chi.Router) {
					r.Use(s.requireStaff(account.RolePengelolaLayanan))
					r.Get("/bimtek", s.handleBimtekQueue)
					r.Post("/bimtek", s.handleListFilter)
					r.Get("/bimtek/ekspor.{format}", s.handleBimtekExport)
					r.Get("/bimtek/{id}", s.handleBimtekReview)
					r.Get("/bimtek/{id}/berkas/{slot}", s.handleBimtekStaffFile)
					r.Post("/bimtek/{id}/jadwalkan", s.handleBimtekSchedule)
					r.Post("/bimtek/{id}/selesai", s.handleBimtekFinish)
					r.Post("/bimtek/{id}/tolak", s.handleBimtekDecline)
					// Participants and results of a Pelatihan (issue 13, bimtek_peserta.go).
					r.Get("/bimtek/{id}/peserta", s.handleBimtekPeserta)
					r.Post("/bimtek/{id}/peserta", s.handleBimtekPesertaAdd)
					r.Post("/bimtek/{id}/peserta/hasil", s.handleBimtekHasil)
					r.Post("/bimtek/{id}/peserta/{peserta}/hapus", s.handleBimtekPesertaHapus)
					r.Get("/bimtek/{id}/peserta/{peserta}/sertifikat.pdf", s.handleBimtekSertifikatStaff)
					r.Post("/pengaduan/{id}/jawab", s.handlePengaduanJawab)
					r.Post("/pengaduan/{id}/minta-informasi", s.handlePengaduanMintaInformasi)
					r.Post("/pengaduan/{id}/tutup", s.handlePengaduanTutup)
				})
				r.Group(func(r chi.Router) {
					r.Use(s.requireStaff(account.RolePengelolaLayanan, account.RoleAdmin))
					r.Get("/pengaduan", s.handlePengaduanQueue)
					r.Post("/pengaduan", s.handleListFilter)
					r.Get("/pengaduan/ekspor.{format}", s.handlePengaduanExport)
					r.Get("/pengaduan/{id}", s.handlePengaduanReview)
					r.Get("/pengaduan/{id}/lampiran/{doc}", s.handlePengaduanStaffFile)
				})
				// Opening an Anonim reporter takes two admins (pengaduan_identitas.go).
				r.Group(func(r chi.Router) {
					r.Use(s.requireStaff(account.RoleAdmin))
					r.Post("/pengaduan/{id}/identitas", s.handlePengaduanReveal)
					r.Post("/pengaduan/{id}/identitas/{req}/setujui", s.handleBukaSetujui)
					r.Post("/pengaduan/{id}/identitas/{req}/tolak", s.handleBukaTolak)
					r.Post("/pengaduan/{id}/identitas/{req}/buka", s.handleBukaOpen)
				})
				// The register's entries: summaries rewritten, entries withheld or published again (register_staff.go).
				r.Group(func(r chi.Router) {
					r.Use(s.requireStaff(register.Editors...))
					r.Get("/register", s.handleRegisterStaff)
					r.Get("/register/{id}", s.handleRegisterStaffEntry)
					r.Post("/register/{id}/ringkasan", s.handleRegisterMove(register.UbahRingkasan))
					r.Post("/register/{id}/tahan", s.handleRegisterMove(register.Tahan))
					r.Post("/register/{id}/terbitkan", s.handleRegisterMove(register.TerbitkanKembali))
				})
				// Dasbor Nasional releases (admin); the upload is in the upload group above.
				r.Group(func(r chi.Router) {
					r.Use(s.requireStaff(account.RoleAdmin))
					// Keys of the machine API (api_kunci.go).
					r.Get("/api-kunci", s.handleAPIKeys)
					r.Post("/api-kunci", s.handleAPIKeyCreate)
					r.Post("/api-kunci/{id}/cabut", s.handleAPIKeyRevoke)
					r.Get("/dasbor", s.handleDasborAdmin)
					r.Get("/dasbor/rilis/{id}", s.handleDasborPreview)
					r.Post("/dasbor/rilis/{id}/terbitkan", s.handleDasborPublish)
					r.Post("/dasbor/rilis/{id}/hapus", s.handleDasborDelete)
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
