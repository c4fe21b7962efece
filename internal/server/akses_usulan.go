package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	akv "github.com/bappenas/portal-regsosek/templates/pages/akses"
)

// Usulan perubahan PKS/NDA (§3.2.5 c.2–c.3): the registrator proposes a text in Tahap 4; the produsen data
// accepts it (it becomes the text to sign) or declines it with a reason.

// usulanPanel is the proposed-text section of the registrator's PKS and NDA page: the proposals made, and a
// form per agreement that has none waiting while proposals may be made.
func usulanPanel(p request.Permohonan, approved []request.ApprovedRow, list []request.Usulan, errs validate.Errors, posted map[string]string) templ.Component {
	v := akv.UsulanView{Errors: errs, Catatan: map[string]string{}}
	open := map[request.DocKind]bool{}
	for _, u := range list {
		v.Items = append(v.Items, usulanItem(u))
		open[u.Kind] = open[u.Kind] || u.State == request.UsulanDiajukan
	}
	if registratorCan(p, request.UsulPerjanjian) {
		for _, k := range request.AgreementKinds(approved) {
			if !open[k] {
				v.Forms = append(v.Forms, akv.UsulanForm{Kind: string(k), Label: request.DocLabels[k], Action: permohonanPath(p.ID, "/perjanjian/usulan/"+string(k))})
				v.Catatan[string(k)] = posted["catatan-"+string(k)]
			}
		}
	}
	if len(v.Items) == 0 && len(v.Forms) == 0 {
		return nil
	}
	return akv.Usulan(v)
}

// acceptedText sends the registrator to the accepted proposed text of an agreement, when there is one: it is
// the text to sign. It reports whether it answered.
func (s *Server) acceptedText(w http.ResponseWriter, r *http.Request, p request.Permohonan, name string) bool {
	kind := map[string]request.DocKind{"pks.pdf": request.DocPKS, "nda.pdf": request.DocNDA}[name]
	list, err := s.store.ListUsulan(r.Context(), p.ID)
	if err != nil {
		s.renderError(w, r, err)
		return true
	}
	u, ok := request.Accepted(list, kind)
	if ok {
		http.Redirect(w, r, "/dokumen/"+strconv.FormatInt(u.DocumentID, 10), http.StatusSeeOther)
	}
	return ok
}

// agreementParam is the agreement named by {kind} in the URL, PKS or NDA; any other has answered 404.
func (s *Server) agreementParam(w http.ResponseWriter, r *http.Request) (request.DocKind, bool) {
	kind := request.DocKind(chi.URLParam(r, "kind"))
	if kind != request.DocPKS && kind != request.DocNDA {
		s.renderStatus(w, r, http.StatusNotFound)
		return kind, false
	}
	return kind, true
}

func (s *Server) handleUsulanUpload(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownTahap4(w, r)
	if !ok {
		return
	}
	kind, ok := s.agreementParam(w, r)
	if !ok {
		return
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.renderError(w, r, err)
		return
	}
	defer r.MultipartForm.RemoveAll()
	catatan := validate.Clean(r.PostFormValue("catatan-"+string(kind)), 2000)
	var errs validate.Errors
	file, fh := formFile(r, "usulan-"+string(kind))
	if file == nil {
		errs.Add("usulan-"+string(kind), "Unggah naskah usulan "+request.DocLabels[kind]+" (PDF).")
	} else {
		defer file.Close()
	}
	if msg := validate.Reason("catatan perubahan yang diusulkan", catatan); msg != "" {
		errs.Add("catatan-"+string(kind), msg)
	}
	if !errs.Any() {
		err := s.store.ProposeAgreement(r.Context(), p.ID, reg.AkunID, kind, catatan, dokumen.Upload{Kind: dokumen.Dokumen, Name: fh.Filename, R: file},
			s.actor(r), s.now())
		var ue *dokumen.UploadError
		switch {
		case errors.As(err, &ue):
			errs.Add("usulan-"+string(kind), ue.Message)
		case errors.Is(err, request.ErrUsulanOpen):
			errs.Add("usulan-"+string(kind), err.Error())
		case err != nil:
			s.reviewFail(w, r, err)
			return
		default:
			s.sessions.Put(r.Context(), sessFlash, "Usulan perubahan "+request.DocLabels[kind]+" diajukan dan menunggu keputusan Produsen Data Regsosek.")
			http.Redirect(w, r, permohonanPath(p.ID, "/perjanjian"), http.StatusSeeOther)
			return
		}
	}
	v, err := s.perjanjianView(r, p, nil, errs, map[string]string{"catatan-" + string(kind): catatan})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, akv.Perjanjian(v))
}

// handleUsulanDecide is the produsen data accepting ("terima") or declining ("tolak", with a reason) a
// proposed text.
func (s *Server) handleUsulanDecide(w http.ResponseWriter, r *http.Request) {
	p, me, ok := s.staffAkses(w, r, account.RoleProdusenData)
	if !ok {
		return
	}
	uid, _ := strconv.ParseInt(chi.URLParam(r, "uid"), 10, 64)
	terima := chi.URLParam(r, "aksi") == "terima"
	reason := ""
	if !terima {
		field := "alasan_usulan_" + strconv.FormatInt(uid, 10)
		if reason, ok = s.aksesReason(w, r, p, me, field, "alasan penolakan usulan", field); !ok {
			return
		}
	}
	err := s.store.DecideUsulan(r.Context(), p.ID, uid, terima, reason, s.actor(r), s.now())
	if errors.Is(err, store.ErrNotFound) {
		err = store.ErrConflict
	}
	s.aksesDone(w, r, p, err, map[bool]string{true: "Usulan diterima: naskah usulan menjadi naskah yang ditandatangani.",
		false: "Usulan ditolak; registrator telah diberi tahu alasannya."}[terima])
}
