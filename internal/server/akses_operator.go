package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
	akv "github.com/bappenas/portal-regsosek/templates/pages/akses"
)

// Tahap 6 for the registrator: the "Informasi Akun Pengguna" of each operator. Every look-up is scoped to
// the registrator's own account through ownPermohonan.

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

// operatorPage is the operator page of the row in the URL, of the registrator's own permohonan.
type operatorPage struct {
	p    request.Permohonan
	reg  *account.Registrator
	view akv.OperatorView
	akun *request.AksesAkun // nil until the row has a Sepakat account
}

// ownOperator loads the operator page of the row in the URL; withAkun asks for a row with its Sepakat
// account. When there is none it has answered 404 and ok is false.
func (s *Server) ownOperator(w http.ResponseWriter, r *http.Request, withAkun bool) (operatorPage, bool) {
	var o operatorPage
	var ok bool
	if o.p, o.reg, ok = s.ownPermohonan(w, r); !ok {
		return o, false
	}
	v, k, found, err := s.operatorView(r, o.p, rowParam(r))
	if err != nil {
		s.renderError(w, r, err)
		return o, false
	}
	if !found || withAkun && k == nil {
		s.renderStatus(w, r, http.StatusNotFound)
		return o, false
	}
	o.view, o.akun = v, k
	return o, true
}

func (s *Server) handleOperator(w http.ResponseWriter, r *http.Request) {
	o, ok := s.ownOperator(w, r, false)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, akv.Operator(o.view))
}

// handleRevealPassword shows the password on the page, once per press, and records the view.
func (s *Server) handleRevealPassword(w http.ResponseWriter, r *http.Request) {
	o, ok := s.ownOperator(w, r, true)
	if !ok {
		return
	}
	v := o.view
	password, err := s.store.RevealPassword(r.Context(), o.p.ID, o.reg.AkunID, o.akun.ID, s.actor(r))
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
	o, ok := s.ownOperator(w, r, true)
	if !ok {
		return
	}
	err := s.store.ReissueLink(r.Context(), o.p.ID, o.reg.AkunID, o.akun.ID, s.actor(r), s.now())
	if errors.Is(err, store.ErrConflict) {
		s.renderMessage(w, r, http.StatusConflict, "Tidak dapat dikirim ulang", "Tautan hanya dapat dikirim ulang selama hak akses berlaku dan akun aktif.")
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Kata sandi baru sedang dibuat. Tautan baru akan dikirim ke email operator; tautan lama tidak berlaku lagi.")
	http.Redirect(w, r, permohonanPath(o.p.ID, "/akses/"+strconv.FormatInt(rowParam(r), 10)), http.StatusSeeOther)
}
