package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/pages/petugas"
)

// Activation links live 7 days; the code inside lives store.OTPValidity and can be renewed from the link.
const activationLinkValidity = 7 * 24 * time.Hour

func (s *Server) handleVerifikasiQueue(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.ListPendingPejabat(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	now := s.now()
	v := petugas.QueueView{Page: s.page(r, "Verifikasi Akun")}
	for _, p := range list {
		kat, _ := account.ParseKategori(p.Kategori)
		jenis := "Pendaftaran akun"
		if p.IsHandover {
			jenis = "Penggantian pejabat"
		}
		if p.TanpaPemegang {
			jenis = "Penggantian pejabat (tanpa pemegang akun)"
		}
		v.Items = append(v.Items, petugas.QueueItem{
			Href: "/petugas/verifikasi-akun/" + strconv.FormatInt(p.PejabatID, 10), Reference: p.Reference,
			Kategori: kat.Label(), Instansi: p.InstansiNama, Nama: p.Nama, Jenis: jenis,
			Submitted: indo.DateTime(p.CreatedAt), DaysWaiting: int(now.Sub(p.CreatedAt).Hours() / 24),
		})
	}
	s.render(w, r, http.StatusOK, petugas.Queue(v))
}

// flags lists what the verifier should look at twice: they never block, they inform.
func (s *Server) flags(ctx context.Context, d account.PejabatDetail) []string {
	var out []string
	if d.TanpaPemegang {
		out = append(out, "Diajukan dari halaman Masuk tanpa pejabat pemegang akun (§3.2.5 g): pastikan Surat Tugas ditandatangani pejabat yang berwenang dan menggantikan pejabat sebelumnya. Pejabat sebelumnya telah diberi tahu melalui email.")
	}
	if !account.IsGoID(d.EmailUnitKerja) {
		out = append(out, "Email Unit Kerja bukan alamat *.go.id.")
	}
	known, err := s.provinsiKnown(ctx)
	if err != nil {
		return out
	}
	info, err := account.ParseNIK(d.NIK, s.now(), known)
	if err != nil {
		return append(out, "Struktur NIK tidak lagi valid: "+err.Error())
	}
	out = append(out, "Tanggal lahir menurut NIK: "+indo.Date(info.BirthDate)+
		map[bool]string{true: " (perempuan)", false: " (laki-laki)"}[info.Female]+" — cocokkan dengan KTP.")
	nikProv := info.ProvinsiKode
	switch d.Kategori {
	case "provinsi", "kabupaten_kota":
		if !strings.HasPrefix(d.InstansiKode, nikProv) {
			out = append(out, "Wilayah NIK (provinsi "+nikProv+") berbeda dari wilayah instansi ("+d.InstansiKode+"). Hal ini wajar bila pejabat berasal dari daerah lain.")
		}
	}
	return out
}

func (s *Server) detailView(r *http.Request, d account.PejabatDetail) (petugas.DetailView, error) {
	kat, _ := account.ParseKategori(d.Kategori)
	title := "Pendaftaran Akun Layanan"
	if d.IsHandover {
		title = "Penggantian Pejabat Pemegang Akun"
	}
	v := petugas.DetailView{
		Page: s.page(r, title), Title: title, Reference: d.Reference, State: stateLabels[d.State],
		Pending: d.State == "menunggu_verifikasi", Action: "/petugas/verifikasi-akun/" + strconv.FormatInt(d.ID, 10),
		Fields: []petugas.Field{
			{Label: "Kategori Pemohon", Value: kat.Label()}, {Label: "Pemohon", Value: d.InstansiNama},
			{Label: "Instansi", Value: d.Instansi}, {Label: "Unit Kerja", Value: d.UnitKerja},
			{Label: "Nama Lengkap", Value: d.Nama}, {Label: "NIK", Value: d.NIK}, {Label: "Jabatan", Value: d.Jabatan},
			{Label: "Email", Value: d.Email}, {Label: "Email Unit Kerja", Value: d.EmailUnitKerja},
			{Label: "No Handphone", Value: d.Phone}, {Label: "Username", Value: d.Username},
			{Label: "Diajukan", Value: indo.DateTime(d.CreatedAt)},
		},
		Flags: s.flags(r.Context(), d),
	}
	for _, k := range account.KriteriaRegistrator(kat) {
		v.Kriteria = append(v.Kriteria, petugas.KriteriaItem{Key: k.Key, Label: k.Label})
	}
	if d.RejectReason != "" {
		v.Fields = append(v.Fields, petugas.Field{Label: "Alasan penolakan", Value: d.RejectReason})
	}
	for _, doc := range []struct {
		label string
		id    int64
	}{{"File KTP", d.KTPDocumentID}, {"Surat Tugas Registrator", d.SuratTugasDocumentID}} {
		meta, err := s.store.FindDocument(r.Context(), doc.id)
		if err != nil {
			return v, err
		}
		v.Docs = append(v.Docs, petugas.Doc{Label: doc.label, Href: "/dokumen/" + strconv.FormatInt(doc.id, 10),
			Name: meta.OriginalName, ContentType: meta.ContentType, IsImage: meta.ContentType != dokumen.TypePDF})
	}
	if d.IsHandover {
		others, err := s.store.ListPejabatOfAkun(r.Context(), d.AkunID)
		if err != nil {
			return v, err
		}
		for _, o := range others {
			if o.ID != d.ID {
				v.History = append(v.History, petugas.Field{Label: stateLabels[o.State], Value: o.Nama + " (" + o.Jabatan + ")"})
			}
		}
	}
	return v, nil
}

func (s *Server) handleVerifikasiDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	d, err := s.store.ViewPejabatForReview(r.Context(), id, s.actor(r))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v, err := s.detailView(r, d)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, petugas.Detail(v))
}

// decided answers the loser of a race with a clear message instead of an error page.
func (s *Server) decided(w http.ResponseWriter, r *http.Request, id int64, err error) bool {
	if errors.Is(err, store.ErrConflict) {
		s.sessions.Put(r.Context(), sessFlash, alreadyProcessed)
		http.Redirect(w, r, "/petugas/verifikasi-akun/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return true
	}
	return false
}

func (s *Server) handleVerifikasiApprove(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	now := s.now()
	token, code := crypt.RandomToken(), otpCode()
	act := account.Activation{Token: token, Code: code, TokenHash: s.tokenHash("aktivasi", token), CodeHash: s.tokenHash("otp", code),
		CodeExpires: now.Add(store.OTPValidity), LinkExpires: now.Add(activationLinkValidity)}
	met := kriteriaPosted(r)
	err := s.store.ApprovePejabat(r.Context(), id, act, met, s.actor(r), now)
	if s.decided(w, r, id, err) || s.kriteriaRefused(w, r, id, err, met, "") {
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Disetujui. Email berisi tautan dan kode OTP telah dikirim ke registrator.")
	http.Redirect(w, r, "/petugas/verifikasi-akun", http.StatusSeeOther)
}

// kriteriaPosted reads the registrator criteria the verifier ticked as met.
func kriteriaPosted(r *http.Request) map[string]bool {
	_ = r.ParseForm()
	met := map[string]bool{}
	for _, k := range r.PostForm["kriteria"] {
		met[k] = true
	}
	return met
}

// kriteriaRefused shows the verification again (422) when the checklist does not allow the decision: an
// approval with a criterion unticked, or a rejection naming none.
func (s *Server) kriteriaRefused(w http.ResponseWriter, r *http.Request, id int64, err error, met map[string]bool, reason string) bool {
	if !errors.Is(err, account.ErrKriteriaBelum) && !errors.Is(err, account.ErrKriteriaSemuaOK) {
		return false
	}
	d, derr := s.store.ViewPejabatForReview(r.Context(), id, s.actor(r))
	if derr != nil {
		s.renderError(w, r, derr)
		return true
	}
	v, derr := s.detailView(r, d)
	if derr != nil {
		s.renderError(w, r, derr)
		return true
	}
	v.Reason, v.Errors = reason, validate.Errors{}
	v.Errors.Add("kriteria", validate.MessageOf(err))
	for i := range v.Kriteria {
		v.Kriteria[i].Checked = met[v.Kriteria[i].Key]
	}
	s.render(w, r, http.StatusUnprocessableEntity, petugas.Detail(v))
	return true
}

func (s *Server) handleVerifikasiReject(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("alasan"))
	if msg := validate.Reason("alasan penolakan agar registrator dapat memperbaikinya", reason); msg != "" {
		d, err := s.store.ViewPejabatForReview(r.Context(), id, s.actor(r))
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		v, err := s.detailView(r, d)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		v.Reason = reason
		v.Errors = validate.Errors{}
		v.Errors.Add("alasan", msg)
		met := kriteriaPosted(r)
		for i := range v.Kriteria {
			v.Kriteria[i].Checked = met[v.Kriteria[i].Key]
		}
		s.render(w, r, http.StatusUnprocessableEntity, petugas.Detail(v))
		return
	}
	met := kriteriaPosted(r)
	err := s.store.RejectPejabat(r.Context(), id, validate.Clean(reason, 2000), met, s.actor(r), s.now())
	if s.decided(w, r, id, err) || s.kriteriaRefused(w, r, id, err, met, reason) {
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Ditolak. Alasan telah dikirim ke registrator.")
	http.Redirect(w, r, "/petugas/verifikasi-akun", http.StatusSeeOther)
}
