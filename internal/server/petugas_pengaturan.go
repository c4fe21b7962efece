package server

import (
	"fmt"
	"net/http"

	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/templates/pages/petugas"
)

// A staff member's own settings: whether they get the daily digest (Ringkasan Harian, store/ringkasan.go).

var digestLabels = map[string]string{
	review.DigestAkun: "Verifikasi Akun", review.DigestTeknis: "Verifikasi Teknis", review.DigestSubstansi: "Verifikasi Substansi",
	review.DigestRekomendasi: "Permintaan Rekomendasi", review.DigestKeputusan: "Keputusan",
	review.DigestPKS: "PKS/NDA menunggu tanda tangan Pihak Kesatu", review.DigestPenyiapan: "Penyiapan akses",
	review.DigestBimtek: "Fasilitasi Bimbingan Teknis", review.DigestPengaduan: "Pengaduan dan Pelaporan",
}

func (s *Server) handlePengaturanForm(w http.ResponseWriter, r *http.Request) {
	me := currentUser(r.Context()).Staff
	on, err := s.store.DigestOn(r.Context(), me.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := petugas.PengaturanView{Page: s.page(r, "Pengaturan"), Ringkasan: on, Jam: fmt.Sprintf("%02d.00", s.cfg.RingkasanJam)}
	for _, k := range review.DigestSectionsFor(me.Roles) {
		v.Isi = append(v.Isi, digestLabels[k])
	}
	s.render(w, r, http.StatusOK, petugas.Pengaturan(v))
}

func (s *Server) handlePengaturan(w http.ResponseWriter, r *http.Request) {
	me := currentUser(r.Context()).Staff
	on := r.PostFormValue("ringkasan") == "ya"
	if err := s.store.SetDigest(r.Context(), me.ID, on, s.actor(r)); err != nil {
		s.renderError(w, r, err)
		return
	}
	msg := "Ringkasan harian tidak akan dikirim lagi."
	if on {
		msg = "Ringkasan harian akan dikirim ke " + me.Email + "."
	}
	s.sessions.Put(r.Context(), sessFlash, "Pengaturan tersimpan. "+msg)
	http.Redirect(w, r, "/petugas/pengaturan", http.StatusSeeOther)
}
