package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	akv "github.com/bappenas/portal-regsosek/templates/pages/akses"
)

// Penggantian Operator for the verifikator teknis: the requests waiting, one request with its SK, and the
// judgement Sesuai / Belum Sesuai (with a note), as a document is judged in Tahap 2.

func gantiPath(id int64) string { return "/petugas/penggantian-operator/" + strconv.FormatInt(id, 10) }

func (s *Server) handleGantiQueue(w http.ResponseWriter, r *http.Request) {
	v := akv.GantiQueueView{Page: s.page(r, "Penggantian Operator")}
	for _, decided := range []bool{false, true} {
		list, err := s.store.ListPenggantianQueue(r.Context(), decided)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		for _, g := range list {
			it := gantiItem(g)
			it.Href, it.Pengguna = gantiPath(g.ID), g.Reference+" — "+g.InstansiNama+": "+it.Pengguna
			if decided {
				v.Done = append(v.Done, it)
			} else {
				v.Items = append(v.Items, it)
			}
		}
	}
	s.render(w, r, http.StatusOK, akv.GantiQueue(v))
}

func (s *Server) gantiReviewView(r *http.Request, g request.Penggantian, me *account.Staff, errs validate.Errors, hasil, note string) (akv.GantiReviewView, error) {
	ctx := r.Context()
	p, err := s.store.FindPermohonan(ctx, g.PermohonanID, 0)
	if err != nil {
		return akv.GantiReviewView{}, err
	}
	a, err := s.store.FindAkses(ctx, p.ID)
	if err != nil {
		return akv.GantiReviewView{}, err
	}
	names, err := s.names(ctx, p)
	if err != nil {
		return akv.GantiReviewView{}, err
	}
	doc, err := s.store.FindDocument(ctx, g.SKDocumentID)
	if err != nil {
		return akv.GantiReviewView{}, err
	}
	o := g.Operator
	v := akv.GantiReviewView{Page: s.page(r, "Penggantian Operator "+p.Reference), Reference: p.Reference, Instansi: p.InstansiNama,
		Status: g.State.Label(), Diajukan: indo.DateTime(g.DiajukanAt), SKHref: "/dokumen/" + strconv.FormatInt(doc.ID, 10) + "?tampil=1",
		SKName: doc.OriginalName, Catatan: g.Catatan, Verifikasi: g.CatatanVerif, Hasil: hasil, Note: note, Errors: errs,
		AksesHref: aksesPath(p.ID, ""), Pelatihan: "Belum ada (tidak dipilih)",
		Baru: []akv.Field{{Label: "Nama", Value: o.Nama}, {Label: "Jabatan", Value: o.Jabatan}, {Label: "NIP/NIK", Value: o.NIP},
			{Label: "Email", Value: o.Email}, {Label: "No Handphone", Value: o.Phone}}}
	if g.PesertaID != 0 {
		if pp, err := s.store.FindPesertaAny(ctx, g.PesertaID); err == nil {
			v.Pelatihan = pesertaLabel(pp)
		} else if !errors.Is(err, store.ErrNotFound) {
			return v, err
		}
	}
	for _, b := range g.Rows {
		rv := akv.GantiRowView{Pengguna: b.Pengguna, LamaNama: b.Lama.Nama, LamaNIP: b.Lama.NIP, LamaEmail: b.Lama.Email, AkunBaru: b.AkunBaruUser}
		for _, row := range a.Approved {
			if row.ID == b.RowID {
				rv.JenisData, rv.Wilayah = request.Label(request.JenisDataOptions, row.Approved), names(row.Wilayah(p.Header.Cakupan))
			}
		}
		for _, k := range a.Akun {
			if k.ID == b.AkunLamaID {
				rv.AkunLama, rv.Sampai = k.Username, indo.Date(k.BerlakuSampai)
			}
		}
		v.Rows = append(v.Rows, rv)
	}
	if g.State == request.GantiDiajukan && rowCan(request.PenggantianMachine, g.State, request.GantiSesuai, me) {
		v.Action = gantiPath(g.ID) + "/putuskan"
	}
	return v, nil
}

func (s *Server) handleGantiReview(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	g, err := s.store.FindPenggantian(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	// The page shows the operators' NIP/NIK, email and phone: personal data, so the view is audited.
	if err := s.store.Audit(r.Context(), s.actor(r), store.AuditEntry{Action: "penggantian_operator.lihat", ObjectType: "penggantian_operator", ObjectID: id}); err != nil {
		s.renderError(w, r, err)
		return
	}
	v, err := s.gantiReviewView(r, g, currentUser(r.Context()).Staff, validate.Errors{}, "", "")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, akv.GantiReview(v))
}

func (s *Server) handleGantiDecide(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	hasil, note := r.PostFormValue("hasil"), validate.Clean(r.PostFormValue("catatan"), 2000)
	var errs validate.Errors
	switch hasil {
	case "sesuai":
	case "belum_sesuai":
		if msg := validate.Reason("catatan untuk registrator", note); msg != "" {
			errs.Add("catatan", msg)
		}
	default:
		errs.Add("hasil", "Pilih hasil verifikasi: Sesuai atau Belum Sesuai.")
	}
	if !errs.Any() {
		err := s.store.DecidePenggantian(r.Context(), id, hasil == "sesuai", note, s.actor(r), s.now())
		if err == nil {
			s.sessions.Put(r.Context(), sessFlash, map[string]string{"sesuai": "Penggantian operator disetujui: akun Sepakat lama ditutup dan akun baru sedang dibuat.",
				"belum_sesuai": "Penggantian operator dikembalikan dengan catatan Belum Sesuai."}[hasil])
			http.Redirect(w, r, gantiPath(id), http.StatusSeeOther)
			return
		}
		if msg := store.UserMessage(err); msg != "" {
			s.renderMessage(w, r, http.StatusConflict, "Tidak dapat diproses", msg)
			return
		}
		s.reviewFail(w, r, err)
		return
	}
	g, err := s.store.FindPenggantian(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v, err := s.gantiReviewView(r, g, currentUser(r.Context()).Staff, errs, hasil, note)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, akv.GantiReview(v))
}
