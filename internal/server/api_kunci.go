package server

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/api"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	"github.com/bappenas/portal-regsosek/templates/pages/petugas"
)

// Keys of the machine API, for the admin: issued (the token shown once, only its HMAC kept), listed and
// revoked with a reason; each step audited.

func (s *Server) handleAPIKeys(w http.ResponseWriter, r *http.Request) {
	s.renderAPIKeys(w, r, http.StatusOK, validate.Errors{}, r.Form, "", "")
}

// renderAPIKeys draws the keys page; posted keeps what was typed, issued is a token just made.
func (s *Server) renderAPIKeys(w http.ResponseWriter, r *http.Request, status int, errs validate.Errors, posted map[string][]string, issued, issuedFor string) {
	ctx := r.Context()
	keys, err := s.store.ListAPIKeys(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	akun, err := s.store.ListActiveAkun(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	get := func(k string) string {
		if v := posted[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	v := petugas.KunciView{Page: s.page(r, "Kunci API"), Errors: errs, Issued: issued, IssuedFor: issuedFor,
		Nama: components.Input{Name: "nama", Label: "Nama sistem pemakai", Value: get("nama"), Error: errs.Get("nama"), Required: true, MaxLength: 100,
			Hint: "Misalnya \u201cSepakat — produksi\u201d atau \u201cSIKS-NG Kementerian Sosial\u201d."},
		Batas: components.Input{Name: "batas", Label: "Batas permintaan per menit", Value: cmpOr(get("batas"), strconv.Itoa(api.DefaultPerMinute)),
			Error: errs.Get("batas"), Type: "number", InputMode: "numeric", Required: true},
		Akun: components.Choice{Name: "akun", Label: "Batasi pada instansi", Selected: get("akun"), Error: errs.Get("akun"),
			Hint:    "Sistem kementerian/lembaga atau pemerintah daerah hanya melihat hak akses instansinya; Sepakat melihat semua.",
			Options: []components.Option{{Value: "", Label: "Semua instansi (Sepakat)"}}}}
	for _, a := range akun {
		v.Akun.Options = append(v.Akun.Options, components.Option{Value: strconv.FormatInt(a.ID, 10), Label: a.InstansiNama + " (" + a.Reference + ")"})
	}
	for _, sc := range api.AllScopes {
		v.Cakupan = append(v.Cakupan, petugas.ScopeBox{Value: string(sc), Label: sc.Label(), Checked: slices.Contains(posted["cakupan"], string(sc))})
	}
	for _, k := range keys {
		row := petugas.KunciRow{ID: strconv.FormatInt(k.ID, 10), Nama: k.Nama, Petunjuk: k.Petunjuk, Instansi: cmpOr(k.InstansiNama, "Semua instansi"),
			Batas: indo.Int(int64(k.PerMinute)), Dibuat: indo.DateTime(k.DibuatAt) + " oleh " + k.DibuatOleh, Dipakai: "Belum pernah",
			Status: "Aktif", StatusClass: "tag-green"}
		var scopes []string
		for _, sc := range k.Cakupan {
			scopes = append(scopes, string(sc))
		}
		row.Cakupan = strings.Join(scopes, ", ")
		if k.DipakaiAt != nil {
			row.Dipakai = indo.DateTime(*k.DipakaiAt)
		}
		if k.State == api.KeyDicabut {
			row.Status, row.StatusClass = "Dicabut", "tag-red"
			if k.DicabutAt != nil {
				row.Dicabut = indo.DateTime(*k.DicabutAt) + ": " + k.Alasan
			}
		} else {
			row.CabutAction = "/petugas/api-kunci/" + row.ID + "/cabut"
		}
		v.Keys = append(v.Keys, row)
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, petugas.Kunci(v))
}

func (s *Server) handleAPIKeyCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.renderStatus(w, r, http.StatusBadRequest)
		return
	}
	var errs validate.Errors
	nama := validate.Clean(r.PostFormValue("nama"), 120)
	if msg := api.CheckNama(nama); msg != "" {
		errs.Add("nama", msg)
	}
	scopes, msg := api.ParseScopes(r.PostForm["cakupan"])
	if msg != "" {
		errs.Add("cakupan", msg)
	}
	perMinute, msg := api.CheckPerMinute(r.PostFormValue("batas"))
	if msg != "" {
		errs.Add("batas", msg)
	}
	var akunID int64
	if v := r.PostFormValue("akun"); v != "" {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			akunID = id
		} else {
			errs.Add("akun", "Pilih instansi dari daftar.")
		}
	}
	if errs.Any() {
		s.renderAPIKeys(w, r, http.StatusUnprocessableEntity, errs, r.PostForm, "", "")
		return
	}
	token := api.NewToken()
	_, err := s.store.CreateAPIKey(r.Context(), store.NewAPIKey{Nama: nama, Cakupan: scopes, AkunID: akunID, PerMinute: perMinute,
		Hash: s.tokenHash(apiTokenKind, token), Petunjuk: api.Hint(token)}, s.actor(r), s.now())
	if errors.Is(err, store.ErrNotFound) {
		errs.Add("akun", "Instansi ini tidak memiliki akun layanan aktif.")
		s.renderAPIKeys(w, r, http.StatusUnprocessableEntity, errs, r.PostForm, "", "")
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	// The token is shown in this answer only: never in a redirect, the session or a log.
	s.renderAPIKeys(w, r, http.StatusOK, validate.Errors{}, nil, token, nama)
}

func (s *Server) handleAPIKeyRevoke(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	field := "alasan-" + strconv.FormatInt(id, 10)
	alasan := validate.Clean(r.PostFormValue(field), 500)
	if validate.Reason("alasan", alasan) != "" {
		var errs validate.Errors
		errs.Add(field, api.ErrAlasanCabut.Error())
		s.renderAPIKeys(w, r, http.StatusUnprocessableEntity, errs, nil, "", "")
		return
	}
	err := s.store.RevokeAPIKey(r.Context(), id, alasan, s.actor(r), s.now())
	switch {
	case errors.Is(err, store.ErrConflict):
		s.renderMessage(w, r, http.StatusConflict, "Sudah diproses", "Kunci ini sudah dicabut.")
		return
	case err != nil:
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Kunci dicabut. Setiap panggilan dengan kunci ini kini ditolak.")
	http.Redirect(w, r, "/petugas/api-kunci", http.StatusSeeOther)
}
