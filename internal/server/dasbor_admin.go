package server

import (
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/dasbor"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/pages/petugas"
)

// defaultSumber is the source line of a Regsosek release (Gambar 1.1).
const defaultSumber = "Registrasi Sosial Ekonomi 2022"

// maxReleaseFiles bounds the files of one upload.
const maxReleaseFiles = 20

var rilisStateLabels = map[dasbor.RilisState]string{
	dasbor.RilisDraf: "Draf", dasbor.RilisTerbit: "Terbit", dasbor.RilisArsip: "Arsip",
}

func rilisItem(r dasbor.Rilis) petugas.RilisItem {
	id := strconv.FormatInt(r.ID, 10)
	it := petugas.RilisItem{ID: id, Versi: strconv.Itoa(r.Versi), Judul: r.Judul, Sumber: r.Sumber, State: string(r.State),
		StateLabel: rilisStateLabels[r.State], Sintetis: r.Sintetis, Rows: indo.Int(int64(r.Rows)),
		Berkas: strings.Join(r.Berkas, ", "), Uploaded: indo.DateTime(r.CreatedAt), Published: "–",
		PreviewHref: "/petugas/dasbor/rilis/" + id, ActionHref: "/petugas/dasbor/rilis/" + id + "/terbitkan",
		DeleteHref: "/petugas/dasbor/rilis/" + id + "/hapus"}
	if r.CreatedBy != "" {
		it.Uploaded += " oleh " + r.CreatedBy
	}
	if it.Berkas == "" {
		it.Berkas = "dibuat oleh portal seed --synthetic"
	}
	if r.PublishedAt != nil {
		it.Published = indo.DateTime(*r.PublishedAt)
		if r.PublishedBy != "" {
			it.Published += " oleh " + r.PublishedBy
		}
	}
	return it
}

func indicatorHelp() []petugas.IndicatorHelp {
	var out []petugas.IndicatorHelp
	for _, in := range dasbor.Indicators {
		h := petugas.IndicatorHelp{Kode: in.Kode, Label: in.Label, Unit: string(in.Unit), Rincian: "kosong"}
		if in.Rincian != nil {
			h.Rincian = fmt.Sprintf("%d rincian: jenis kelamin L/P dan kelompok umur, mis. %q, %q", len(in.Rincian), in.Rincian[0], in.Rincian[len(in.Rincian)-1])
		}
		out = append(out, h)
	}
	return out
}

func (s *Server) dasborAdminView(r *http.Request) (petugas.DasborAdminView, error) {
	list, err := s.store.ListDasborRilis(r.Context())
	if err != nil {
		return petugas.DasborAdminView{}, err
	}
	v := petugas.DasborAdminView{Page: s.page(r, "Data Dasbor Nasional"), Sumber: defaultSumber, Indicators: indicatorHelp(),
		Header: strings.Join(dasbor.CSVHeader, ","), MinKeluarga: strconv.Itoa(s.cfg.DasborMinKeluarga)}
	for _, rl := range list {
		v.Releases = append(v.Releases, rilisItem(rl))
	}
	return v, nil
}

func (s *Server) handleDasborAdmin(w http.ResponseWriter, r *http.Request) {
	v, err := s.dasborAdminView(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, petugas.DasborAdmin(v))
}

// handleDasborUpload validates the uploaded files as one release. Any problem re-renders the form with
// every problem and its line, and nothing is stored; a valid release becomes a draft to preview.
func (s *Server) handleDasborUpload(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.renderError(w, r, err)
		return
	}
	defer r.MultipartForm.RemoveAll()
	judul, sumber := validate.Clean(r.PostFormValue("judul"), 200), validate.Clean(r.PostFormValue("sumber"), 200)
	sintetis := r.PostFormValue("sintetis") == "ya"
	var errs validate.Errors
	if judul == "" {
		errs.Add("judul", "Isi judul rilis.")
	}
	if sumber == "" {
		errs.Add("sumber", "Isi sumber data.")
	}
	files, msg := readReleaseFiles(r)
	if msg != "" {
		errs.Add("berkas", msg)
	}
	var values []dasbor.Value
	var problems []string
	if msg == "" {
		provinces, perr := s.store.ListProvinsi(ctx)
		if perr != nil {
			s.renderError(w, r, perr)
			return
		}
		var found []dasbor.Problem
		values, found = dasbor.ParseRelease(files, toDasborWilayah(provinces))
		for _, p := range found {
			problems = append(problems, p.String())
		}
	}
	if errs.Any() || len(problems) > 0 {
		v, verr := s.dasborAdminView(r)
		if verr != nil {
			s.renderError(w, r, verr)
			return
		}
		v.Judul, v.Sumber, v.Sintetis, v.Errors, v.Problems = judul, sumber, sintetis, errs, problems
		s.render(w, r, http.StatusUnprocessableEntity, petugas.DasborAdmin(v))
		return
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	rl, err := s.store.CreateDasborRilis(ctx, dasbor.NewRilis{Judul: judul, Sumber: sumber, Sintetis: sintetis,
		Berkas: names, Values: values}, s.actor(r))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessFlash, fmt.Sprintf("Rilis versi %d sudah diperiksa dan disimpan sebagai draf. Periksa pratinjau, lalu pilih Terbitkan.", rl.Versi))
	http.Redirect(w, r, "/petugas/dasbor/rilis/"+strconv.FormatInt(rl.ID, 10), http.StatusSeeOther)
}

// readReleaseFiles reads every uploaded CSV into memory, within dasbor.MaxCSVBytes each. A problem comes
// back as the message for the form.
func readReleaseFiles(r *http.Request) ([]dasbor.File, string) {
	var out []dasbor.File
	headers := r.MultipartForm.File["berkas"]
	for _, h := range headers {
		if h.Filename == "" && h.Size == 0 {
			continue
		}
		if len(out) == maxReleaseFiles {
			return nil, fmt.Sprintf("Unggah paling banyak %d berkas sekaligus.", maxReleaseFiles)
		}
		name := filepath.Base(strings.ReplaceAll(h.Filename, `\`, "/"))
		if !strings.EqualFold(filepath.Ext(name), ".csv") {
			return nil, fmt.Sprintf("Berkas %s bukan berkas CSV (.csv).", validate.Clean(name, 100))
		}
		f, err := h.Open()
		if err != nil {
			return nil, "Berkas tidak dapat dibaca; unggah kembali."
		}
		b, err := io.ReadAll(io.LimitReader(f, dasbor.MaxCSVBytes+1))
		f.Close()
		if err != nil {
			return nil, "Berkas tidak dapat dibaca; unggah kembali."
		}
		out = append(out, dasbor.File{Name: validate.Clean(name, 100), Content: b})
	}
	if len(out) == 0 {
		return nil, "Pilih sedikitnya satu berkas CSV."
	}
	return out, ""
}

func toDasborWilayah(list []request.Wilayah) []dasbor.Wilayah {
	out := make([]dasbor.Wilayah, len(list))
	for i, w := range list {
		out[i] = dasbor.Wilayah{Kode: w.Kode, Nama: w.Nama}
	}
	return out
}

// handleDasborPreview shows a release as the public would see it, after disclosure control, with
// "Terbitkan" for a draft and "Pulihkan" for an earlier release.
func (s *Server) handleDasborPreview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	rl, err := s.store.FindDasborRilis(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	values, err := s.store.DasborValues(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	list, err := s.store.ListProvinsi(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	provinces := toDasborWilayah(list)
	q, ok := parseDasborQuery(r.URL.Query(), provinces)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	data := dasbor.NewData(values, provinces, s.cfg.DasborMinKeluarga)
	page := s.page(r, fmt.Sprintf("Pratinjau Rilis Versi %d", rl.Versi))
	page.Synthetic = page.Synthetic || rl.Sintetis
	v := petugas.RilisPreviewView{Page: page, Rilis: rilisItem(rl),
		Suppressed: indo.Int(int64(data.SuppressedCount)) + " dari " + indo.Int(int64(len(values))) + " angka",
		CanPublish: rl.State != dasbor.RilisTerbit, CanDelete: rl.State == dasbor.RilisDraf, PublishLabel: "Terbitkan"}
	if rl.State == dasbor.RilisArsip {
		v.PublishLabel = "Pulihkan Rilis Ini"
	}
	v.Dasbor = s.buildDasborView(dasborSource{data: data, rilis: rl, provinces: provinces, action: "/petugas/dasbor/rilis/" + strconv.FormatInt(id, 10)}, q)
	s.render(w, r, http.StatusOK, petugas.RilisPreview(v))
}

// handleDasborPublish makes a release the public one and reloads this instance's cache at once; the other
// instances hear of it through PostgreSQL.
func (s *Server) handleDasborPublish(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	rl, err := s.store.FindDasborRilis(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := s.store.PublishDasborRilis(ctx, id, s.actor(r)); err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := s.dasbor.Refresh(ctx); err != nil {
		s.log.Warn("dasbor refresh after publish failed", "request_id", requestIDFrom(ctx), "err", err)
	}
	msg := fmt.Sprintf("Rilis versi %d telah diterbitkan dan tampil di Beranda.", rl.Versi)
	if rl.State == dasbor.RilisArsip {
		msg = fmt.Sprintf("Rilis versi %d telah dipulihkan dan tampil di Beranda.", rl.Versi)
	}
	s.sessions.Put(ctx, sessFlash, msg)
	http.Redirect(w, r, "/petugas/dasbor", http.StatusSeeOther)
}

func (s *Server) handleDasborDelete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	rl, err := s.store.FindDasborRilis(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if rl.State != dasbor.RilisDraf {
		s.renderStatus(w, r, http.StatusConflict) // only a draft is deleted: nothing to ask
		return
	}
	if !s.confirmed(w, r, konfirmasi{title: fmt.Sprintf("Hapus Draf Rilis Versi %d", rl.Versi), button: "Ya, Hapus Draf Rilis",
		question: fmt.Sprintf("Hapus draf rilis Dasbor versi %d beserta seluruh angkanya?", rl.Versi), cancel: "/petugas/dasbor/rilis/" + strconv.FormatInt(id, 10)}) {
		return
	}
	if err := s.store.DeleteDasborDraft(ctx, id, s.actor(r)); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessFlash, fmt.Sprintf("Draf rilis versi %d telah dihapus.", rl.Versi))
	http.Redirect(w, r, "/petugas/dasbor", http.StatusSeeOther)
}
