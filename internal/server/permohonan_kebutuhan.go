package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	pv "github.com/bappenas/portal-regsosek/templates/pages/permohonan"
)

func (s *Server) handleKebutuhan(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok || s.notEditable(w, r, p) {
		return
	}
	names, err := s.names(r.Context(), p)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	notes, err := s.notesFor(r.Context(), p)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := pv.KebutuhanView{Page: s.page(r, "Identifikasi Kebutuhan Hak Akses dan Media Akses"),
		Back: permohonanPath(p.ID, ""), AddHref: permohonanPath(p.ID, "/kebutuhan/baru"), Rows: rowViews(p, instansiOf(reg), names, true)}
	applyNotes(notes, v.Rows, nil)
	if notes.active {
		v.AddHref = "" // only what the verifier marked may change
	}
	s.render(w, r, http.StatusOK, pv.Kebutuhan(v))
}

func radios(name, label string, required bool, options []request.Option, selected, errMsg, hint string) components.Choice {
	c := components.Choice{Name: name, Label: label, Required: required, Selected: selected, Error: errMsg, Hint: hint}
	for _, o := range options {
		c.Options = append(c.Options, components.Option{Value: o.Value, Label: o.Label})
	}
	return c
}

// desaPicker is the no-JavaScript cascade down to a desa inside the instansi's area: the levels the
// instansi fixes (its province, its kab/kota) are not asked.
func (s *Server) desaPicker(ctx context.Context, inst request.Instansi, c wilayahChoice, errMsg string) ([]components.Choice, error) {
	c.Provinsi = inst.Kode[:2]
	if inst.Kategori == "kabupaten_kota" {
		c.KabupatenKota = inst.Kode
	}
	c = parseWilayahChoice(func(k string) string {
		return map[string]string{"pw_provinsi": c.Provinsi, "pw_kabupaten_kota": c.KabupatenKota, "pw_kecamatan": c.Kecamatan,
			"pw_desa_kelurahan": c.DesaKelurahan}[k]
	}, "pw_")
	picker, err := s.wilayahPicker(ctx, c, "pw_", 4)
	if err != nil {
		return nil, err
	}
	var out []components.Choice
	if inst.Kategori == "provinsi" {
		out = append(out, picker.KabupatenKota)
	}
	if picker.Kecamatan.Name != "" {
		out = append(out, picker.Kecamatan)
	}
	if picker.DesaKelurahan.Name != "" {
		picker.DesaKelurahan.Error = errMsg
		out = append(out, picker.DesaKelurahan)
	} else if errMsg != "" && len(out) > 0 {
		out[len(out)-1].Error = errMsg
	}
	return out, nil
}

func choiceFromCode(code string) wilayahChoice {
	c := wilayahChoice{}
	if len(code) >= 5 {
		c.KabupatenKota = code[:5]
	}
	if len(code) >= 8 {
		c.Kecamatan = code[:8]
	}
	if len(code) == 13 {
		c.DesaKelurahan = code
	}
	return c
}

func (s *Server) rowFormView(r *http.Request, p request.Permohonan, inst request.Instansi, row request.Row, pick wilayahChoice, errs validate.Errors) (pv.RowFormView, error) {
	action := permohonanPath(p.ID, "/kebutuhan/baru")
	if row.ID != 0 {
		action = permohonanPath(p.ID, "/kebutuhan/"+strconv.FormatInt(row.ID, 10))
	}
	v := pv.RowFormView{Page: s.page(r, "Tambah Data"), Action: action, Back: permohonanPath(p.ID, "/kebutuhan"), Pusat: !inst.Pemda(),
		Pengguna: row.Pengguna, Tujuan: row.Tujuan, OpNama: row.OperatorNama, OpJabatan: row.OperatorJabatan, OpNIP: row.OperatorNIP,
		OpEmail: row.OperatorEmail, OpPhone: row.OperatorPhone, Errors: errs,
		Mulai: row.PeriodeMulai, Selesai: row.PeriodeSelesai, Bulan: row.PeriodeBulan, OlahData: row.OlahData, OlahKeterangan: row.OlahDataKeterangan,
		Refs: lampiranRefs}
	// A province names its OPD only: desa/kelurahan are asked for by their Bupati/Wali Kota (§1.5 point 3).
	hint := ""
	if inst.Kategori == account.KategoriProvinsi {
		hint = "Pemerintah desa/kelurahan diajukan oleh Bupati/Wali Kota kabupaten/kotanya (pedoman §1.5 angka 3)."
	}
	v.PenggunaJenis = radios("pengguna_jenis", "Jenis Pengguna", true, request.PenggunaOptions(inst), row.PenggunaJenis, errs.Get("pengguna_jenis"), hint)
	v.Penggunaan = radios("penggunaan", "Penggunaan data", true, request.PenggunaanOptions, row.Penggunaan, errs.Get("penggunaan"),
		"Fasilitas Pengolahan Data untuk satu waktu tertentu; Sepakat untuk pemanfaatan berkelanjutan (§3.2.2).")
	v.JenisData = radios("jenis_data", "Jenis Data", true, request.JenisDataOptions, row.JenisData, errs.Get("jenis_data"),
		"Agregat Terpilah (tingkat 2), Mikro (tingkat 3), BNBA (tingkat 4).")
	v.TujuanBNBA = radios("tujuan_bnba", "Tujuan sah pemanfaatan BNBA", false, request.TujuanBNBAOptions, row.TujuanBNBA, errs.Get("tujuan_bnba"),
		"Wajib untuk jenis data BNBA (§3.2.1.2).")
	v.Media = radios("media", "Media Akses", true, request.MediaOptions, row.Media, errs.Get("media"), "")
	if inst.Kategori == account.KategoriKabKota {
		var err error
		if v.Desa, err = s.desaPicker(r.Context(), inst, pick, errs.Get("pengguna_wilayah")); err != nil {
			return v, err
		}
	}
	return v, nil
}

func (s *Server) handleRowForm(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok || s.notEditable(w, r, p) {
		return
	}
	inst := instansiOf(reg)
	var row request.Row
	var errs validate.Errors
	if idStr := chi.URLParam(r, "row"); idStr != "" {
		id, _ := strconv.ParseInt(idStr, 10, 64)
		found := false
		for _, x := range p.Rows {
			if x.ID == id && x.IsNew {
				row, found = x, true
			}
		}
		if !found {
			s.renderStatus(w, r, http.StatusNotFound)
			return
		}
		_, errs = request.ValidateRow(inst, p.Header.Cakupan, row)
	}
	if !inst.Pemda() {
		row.PenggunaJenis = request.PenggunaUnitKerja
	}
	v, err := s.rowFormView(r, p, inst, row, choiceFromCode(row.PenggunaWilayah), errs)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, pv.RowForm(v))
}

func (s *Server) handleRowSave(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok || s.notEditable(w, r, p) {
		return
	}
	inst := instansiOf(reg)
	var rowID int64
	if idStr := chi.URLParam(r, "row"); idStr != "" {
		rowID, _ = strconv.ParseInt(idStr, 10, 64)
	}
	row := rowFromForm(r, inst, rowID)
	if s.refusedPengguna(w, r, p, inst, row) {
		return
	}
	pick := parseWilayahChoice(func(k string) string {
		switch {
		case k == "pw_provinsi" && inst.Pemda():
			return inst.Kode[:2]
		case k == "pw_kabupaten_kota" && inst.Kategori == "kabupaten_kota":
			return inst.Kode
		}
		return r.PostFormValue(k)
	}, "pw_")
	if row.PenggunaJenis == request.PenggunaDesa {
		if err := s.desaOfRow(r.Context(), p, &row, pick); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	// "Tampilkan Pilihan" only opens the next level of the desa picker.
	if r.PostFormValue("aksi") == "pilih_wilayah" {
		v, err := s.rowFormView(r, p, inst, row, pick, validate.Errors{})
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, pv.RowForm(v))
		return
	}
	norm, errs := request.ValidateRow(inst, p.Header.Cakupan, row)
	if !errs.Any() {
		others := make([]request.Row, 0, len(p.Rows))
		for _, x := range p.Rows {
			if x.ID != rowID {
				others = append(others, x)
			}
		}
		if msg, ok := request.DuplicateRows(append(others, withID(norm, -1)))[-1]; ok {
			errs.Add("pengguna", msg)
		}
	}
	id, err := s.store.SaveRow(r.Context(), p.ID, reg.AkunID, norm, s.now())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if errs.Any() {
		norm.ID = id
		p.Rows = nil
		v, err := s.rowFormView(r, p, inst, norm, pick, errs)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		v.Action = permohonanPath(p.ID, "/kebutuhan/"+strconv.FormatInt(id, 10))
		s.render(w, r, http.StatusUnprocessableEntity, pv.RowForm(v))
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Data pengguna disimpan.")
	http.Redirect(w, r, permohonanPath(p.ID, "/kebutuhan"), http.StatusSeeOther)
}

// refusedPengguna refuses whole a kind of pengguna this pemohon may never name (a province's
// desa/kelurahan, §1.5 point 3): the form never offers it, and nothing is stored (422).
func (s *Server) refusedPengguna(w http.ResponseWriter, r *http.Request, p request.Permohonan, inst request.Instansi, row request.Row) bool {
	msg := request.CheckPenggunaJenis(inst, row.PenggunaJenis)
	if msg == "" || row.PenggunaJenis == "" {
		return false
	}
	var errs validate.Errors
	errs.Add("pengguna_jenis", msg)
	row.PenggunaJenis = ""
	v, err := s.rowFormView(r, p, inst, row, wilayahChoice{}, errs)
	if err != nil {
		s.renderError(w, r, err)
		return true
	}
	s.render(w, r, http.StatusUnprocessableEntity, pv.RowForm(v))
	return true
}

// rowFromForm reads a row of the Identifikasi Kebutuhan form; a K/L's rows are always its unit kerja.
func rowFromForm(r *http.Request, inst request.Instansi, rowID int64) request.Row {
	f := r.PostFormValue
	row := request.Row{ID: rowID, PenggunaJenis: f("pengguna_jenis"), Pengguna: validate.Clean(f("pengguna"), 200), Tujuan: validate.Clean(f("tujuan"), 2000),
		TujuanBNBA: f("tujuan_bnba"), JenisData: f("jenis_data"), Media: f("media"), OperatorNama: validate.Clean(f("operator_nama"), 150),
		OperatorJabatan: validate.Clean(f("operator_jabatan"), 150), OperatorNIP: validate.Clean(f("operator_nip"), 24),
		OperatorEmail: validate.Clean(f("operator_email"), 200), OperatorPhone: validate.Clean(f("operator_no_hp"), 20), IsNew: true,
		Penggunaan: f("penggunaan"), PeriodeMulai: validate.Clean(f("periode_mulai"), 10), PeriodeSelesai: validate.Clean(f("periode_selesai"), 10),
		PeriodeBulan: validate.Clean(f("periode_bulan"), 3), OlahData: f("olah_data") == "ya", OlahDataKeterangan: validate.Clean(f("olah_data_keterangan"), 1000)}
	if !inst.Pemda() {
		row.PenggunaJenis = request.PenggunaUnitKerja
	}
	return row
}

// desaOfRow sets the desa/kelurahan of a row for a pemerintah desa from the picker (a desa chosen earlier but
// not sent again stays), and names the pengguna after it when the registrator left the name empty.
func (s *Server) desaOfRow(ctx context.Context, p request.Permohonan, row *request.Row, pick wilayahChoice) error {
	row.PenggunaWilayah = pick.DesaKelurahan
	if row.PenggunaWilayah == "" {
		for _, x := range p.Rows {
			if x.ID == row.ID && pick.Kecamatan != "" && strings.HasPrefix(x.PenggunaWilayah, pick.Kecamatan+".") {
				row.PenggunaWilayah = x.PenggunaWilayah
			}
		}
	}
	if row.Pengguna == "" && row.PenggunaWilayah != "" {
		names, err := s.store.WilayahNames(ctx, []string{row.PenggunaWilayah})
		if err != nil {
			return err
		}
		if n, ok := names[row.PenggunaWilayah]; ok {
			row.Pengguna = "Pemerintah " + strings.SplitN(n, ",", 2)[0]
		}
	}
	return nil
}

func withID(r request.Row, id int64) request.Row {
	r.ID = id
	return r
}

func (s *Server) handleRowDelete(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok || s.notEditable(w, r, p) {
		return
	}
	rowID, err := strconv.ParseInt(chi.URLParam(r, "row"), 10, 64)
	if err != nil {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	if err := s.store.DeleteRow(r.Context(), p.ID, reg.AkunID, rowID, s.now()); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Baris dihapus.")
	http.Redirect(w, r, permohonanPath(p.ID, "/kebutuhan"), http.StatusSeeOther)
}
