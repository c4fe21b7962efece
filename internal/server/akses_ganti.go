package server

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	akv "github.com/bappenas/portal-regsosek/templates/pages/akses"
)

// Penggantian Operator for the registrator (§3.2.5 c.1 f): choose the Sepakat rows, name the new operator,
// upload the new SK; withdraw a request still waiting.

// gantiPosted is the form as typed.
type gantiPosted struct {
	rows      []int64
	op        request.Operator
	catatan   string
	pesertaID int64
}

func readGanti(r *http.Request) gantiPosted {
	g := gantiPosted{op: request.Operator{Nama: validate.Clean(r.PostFormValue("operator_nama"), 150), Jabatan: validate.Clean(r.PostFormValue("operator_jabatan"), 150),
		NIP: validate.Clean(r.PostFormValue("operator_nip"), 30), Email: validate.Clean(r.PostFormValue("operator_email"), 200),
		Phone: validate.Clean(r.PostFormValue("operator_no_hp"), 20)}, catatan: validate.Clean(r.PostFormValue("catatan"), 2000)}
	for _, v := range r.PostForm["baris"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			g.rows = append(g.rows, id)
		}
	}
	g.pesertaID, _ = strconv.ParseInt(r.PostFormValue("peserta"), 10, 64)
	return g
}

// gantiView builds the form: the approved Sepakat rows whose account is active and not in a request already.
func (s *Server) gantiView(r *http.Request, p request.Permohonan, akunID int64, g gantiPosted, errs validate.Errors) (akv.GantiFormView, error) {
	ctx := r.Context()
	v := akv.GantiFormView{Page: s.page(r, "Penggantian Operator"), Back: permohonanPath(p.ID, ""), Action: permohonanPath(p.ID, "/ganti-operator"),
		Reference: p.Reference, Nama: g.op.Nama, Jabatan: g.op.Jabatan, NIP: g.op.NIP, Email: g.op.Email, Phone: g.op.Phone, Catatan: g.catatan, Errors: errs}
	a, err := s.store.FindAkses(ctx, p.ID)
	if err != nil {
		return v, err
	}
	ganti, err := s.store.ListPenggantian(ctx, p.ID)
	if err != nil {
		return v, err
	}
	busy := map[int64]bool{}
	for _, x := range ganti {
		for _, b := range x.Rows {
			busy[b.RowID] = busy[b.RowID] || x.State.Open()
		}
	}
	for _, row := range a.Approved {
		k, ok := a.AkunFor(row.ID)
		if !ok || k.State != string(request.AkunAktif) || busy[row.ID] {
			continue
		}
		v.Rows = append(v.Rows, akv.GantiRowOption{ID: strconv.FormatInt(row.ID, 10), Pengguna: row.Pengguna, Username: k.Username,
			Operator: row.OperatorNama, Sampai: indo.Date(k.BerlakuSampai), Checked: slices.Contains(g.rows, row.ID)})
	}
	peserta, err := s.store.ListPassedPeserta(ctx, akunID, "")
	if err != nil {
		return v, err
	}
	v.HasPeserta = len(peserta) > 0
	v.Peserta = components.Choice{Name: "peserta", Label: "Bukti lulus pelatihan Sepakat (opsional)", Error: errs.Get("peserta"),
		Hint: "Peserta Bimbingan Teknis instansi Anda yang dinyatakan lulus, dengan NIP/NIK operator pengganti.", Placeholder: "Tidak ada / belum mengikuti",
		Options: pesertaOptions(peserta), Selected: idText(g.pesertaID)}
	return v, nil
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func (s *Server) handleGantiForm(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok {
		return
	}
	if !registratorCan(p, request.AjukanGantiOperator) {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	v, err := s.gantiView(r, p, reg.AkunID, gantiPosted{}, validate.Errors{})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, akv.GantiForm(v))
}

func (s *Server) handleGanti(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownUpload(w, r) // akses_pemusnahan.go
	if !ok {
		return
	}
	defer r.MultipartForm.RemoveAll()
	g := readGanti(r)
	var errs validate.Errors
	file, fh := formFile(r, "sk")
	if file == nil {
		errs.Add("sk", "Unggah SK Penetapan Operator Pengelola Akun Sepakat yang baru.")
	} else {
		defer file.Close()
	}
	status := http.StatusUnprocessableEntity
	if !errs.Any() {
		_, err := s.store.CreatePenggantian(r.Context(), p.ID, reg.AkunID, store.NewPenggantian{Rows: g.rows, Operator: g.op, Catatan: g.catatan,
			PesertaID: g.pesertaID, SK: dokumen.Upload{Kind: dokumen.Dokumen, Name: fh.Filename, R: file}}, s.actor(r), s.now())
		var fe *validate.Errors
		var ue *dokumen.UploadError
		switch {
		case err == nil:
			s.sessions.Put(r.Context(), sessFlash, "Penggantian operator diajukan. Verifikator teknis akan memeriksa SK dan data operator pengganti.")
			http.Redirect(w, r, permohonanPath(p.ID, ""), http.StatusSeeOther)
			return
		case errors.As(err, &fe):
			errs = *fe
		case errors.As(err, &ue):
			errs.Add("sk", ue.Message)
		case errors.Is(err, request.ErrGantiOpen):
			errs.Add("baris", err.Error())
			status = http.StatusConflict
		default:
			s.reviewFail(w, r, err)
			return
		}
	}
	if file != nil && errs.Get("sk") == "" {
		errs.Add("sk", "Pilih ulang SK Penetapan Operator: berkas belum disimpan karena ada isian yang perlu diperbaiki.")
	}
	v, err := s.gantiView(r, p, reg.AkunID, g, errs)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, akv.GantiForm(v))
}

// handleGantiBatal withdraws a request still waiting.
func (s *Server) handleGantiBatal(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok {
		return
	}
	gid, _ := strconv.ParseInt(chi.URLParam(r, "gid"), 10, 64)
	err := s.store.WithdrawPenggantian(r.Context(), p.ID, reg.AkunID, gid, s.actor(r), s.now())
	if errors.Is(err, store.ErrNotFound) {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.reviewFail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Pengajuan penggantian operator dibatalkan.")
	http.Redirect(w, r, permohonanPath(p.ID, ""), http.StatusSeeOther)
}
