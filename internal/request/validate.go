package request

import (
	"fmt"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// ValidateHeader checks the cakupan and the narahubung and returns the header with NIP, phone and email
// normalised where they are valid (invalid values are kept as typed).
func ValidateHeader(inst Instansi, h Header) (Header, validate.Errors) {
	var errs validate.Errors
	if msg := CheckCakupan(inst, h.Cakupan); msg != "" {
		errs.Add("cakupan_wilayah", msg)
	}
	role := "Walidata"
	if inst.Pemda() {
		role = "Koordinator Forum Satu Data Daerah"
	}
	if h.NarahubungNama == "" {
		errs.Add("narahubung_nama", "Isi nama "+role+".")
	}
	if h.NarahubungJabatan == "" {
		errs.Add("narahubung_jabatan", "Isi jabatan "+role+".")
	}
	if nip, err := account.NormalizeNIP(h.NarahubungNIP); err != nil {
		errs.Add("narahubung_nip", err.Error())
	} else {
		h.NarahubungNIP = nip
	}
	if e, err := account.NormalizeEmail(h.NarahubungEmail); err != nil {
		errs.Add("narahubung_email", err.Error())
	} else {
		h.NarahubungEmail = e
	}
	if p, err := account.NormalizePhone(h.NarahubungPhone); err != nil {
		errs.Add("narahubung_no_hp", err.Error())
	} else {
		h.NarahubungPhone = p
	}
	if inst.Pemda() && h.ForumSatuData != "ya" && h.ForumSatuData != "tidak" {
		errs.Add("forum_satu_data", "Pilih apakah daerah Anda telah memiliki Forum Satu Data.")
	}
	return h, errs
}

func scopeMessage(inst Instansi) string {
	switch inst.Kategori {
	case account.KategoriProvinsi:
		return "Pemerintah provinsi hanya dapat meminta data provinsinya sendiri dan wilayah di bawahnya (§3.2.3)."
	case account.KategoriKabKota:
		return "Pemerintah kabupaten/kota hanya dapat meminta data wilayahnya sendiri dan desa/kelurahan di dalamnya (§3.2.3)."
	}
	return "Wilayah tidak dikenal."
}

// ValidateRow checks one row against the pemohon and the cakupan, and returns it with the operator's NIP,
// email and phone normalised where valid.
func ValidateRow(inst Instansi, cakupan string, r Row) (Row, validate.Errors) {
	var errs validate.Errors
	if msg := CheckPenggunaJenis(inst, r.PenggunaJenis); msg != "" {
		errs.Add("pengguna_jenis", msg)
	}
	if r.PenggunaJenis == PenggunaDesa {
		switch {
		case r.PenggunaWilayah == "" || len(r.PenggunaWilayah) != 13:
			errs.Add("pengguna_wilayah", "Pilih desa/kelurahan pengguna.")
		case !InScope(inst, r.PenggunaWilayah):
			errs.Add("pengguna_wilayah", "Desa/kelurahan ini berada di luar wilayah instansi Anda (§3.2.3).")
		case cakupan != "" && !Within(cakupan, r.PenggunaWilayah):
			errs.Add("pengguna_wilayah", "Desa/kelurahan ini berada di luar cakupan wilayah permohonan.")
		}
	} else if r.Pengguna == "" {
		errs.Add("pengguna", "Isi nama Unit Kerja untuk tingkat pusat atau OPD untuk tingkat daerah, lengkap tanpa singkatan.")
	}
	if msg := validate.Reason("tujuan pemanfaatan sesuai KAK", r.Tujuan); msg != "" {
		errs.Add("tujuan", msg)
	}
	if Tier(r.JenisData) == 0 {
		errs.Add("jenis_data", "Pilih jenis data: Agregat Terpilah, Mikro, atau BNBA.")
	}
	if r.JenisData == BNBA {
		if Label(TujuanBNBAOptions, r.TujuanBNBA) == r.TujuanBNBA {
			errs.Add("tujuan_bnba", "Data BNBA hanya untuk tujuan yang sah (§3.2.1.2): pilih salah satu.")
		}
	}
	if r.Media != Sepakat && r.Media != Fasilitas {
		errs.Add("media", "Pilih media akses: Sepakat atau Fasilitas Pengolahan Data Regsosek Terpadu.")
	}
	checkJangka(r, &errs)
	if r.Media == Sepakat {
		op, opErrs := ValidateOperator(Operator{Nama: r.OperatorNama, Jabatan: r.OperatorJabatan, NIP: r.OperatorNIP, Email: r.OperatorEmail, Phone: r.OperatorPhone})
		for _, e := range opErrs.All() {
			errs.Add(e.Field, e.Message)
		}
		r.OperatorNama, r.OperatorJabatan, r.OperatorNIP, r.OperatorEmail, r.OperatorPhone = op.Nama, op.Jabatan, op.NIP, op.Email, op.Phone
		// Tabel 3.1, Kapasitas 2: "Mampu melakukan pengolahan data".
		if !r.OlahData {
			errs.Add("olah_data", msgOlahData)
		}
		if msg := validate.Reason("keterangan kemampuan pengolahan data operator", r.OlahDataKeterangan); msg != "" {
			errs.Add("olah_data_keterangan", msg)
		}
	}
	return r, errs
}

// ValidateOperator checks the data diri of a Sepakat operator (a row's, or a new one's in a Penggantian
// Operator) and returns it normalised; the errors are keyed by the row form's field names.
func ValidateOperator(op Operator) (Operator, validate.Errors) {
	var errs validate.Errors
	if op.Nama == "" {
		errs.Add("operator_nama", "Isi nama operator pengelola akun Sepakat.")
	}
	if op.Jabatan == "" {
		errs.Add("operator_jabatan", "Isi jabatan operator.")
	}
	if nip, err := normalizeNIPOrNIK(op.NIP); err != nil {
		errs.Add("operator_nip", err.Error())
	} else {
		op.NIP = nip
	}
	if e, err := account.NormalizeEmail(op.Email); err != nil {
		errs.Add("operator_email", err.Error())
	} else {
		op.Email = e
	}
	if p, err := account.NormalizePhone(op.Phone); err != nil {
		errs.Add("operator_no_hp", err.Error())
	} else {
		op.Phone = p
	}
	return op, errs
}

const msgOlahData = "Nyatakan bahwa operator mampu melakukan pengolahan data (Tabel 3.1, persyaratan kapasitas)."

// Refusals of the pengguna a pemohon may name.
const (
	msgPenggunaPusat = "Pengguna pemerintah pusat adalah unit kerja."
	msgPenggunaPemda = "Pilih jenis pengguna: OPD atau Pemerintah Desa/Kelurahan."
	msgPenggunaProv  = "Pilih jenis pengguna: Organisasi Perangkat Daerah (OPD)."
	MsgDesaViaBupati = "Pemerintah desa/kelurahan diajukan oleh Bupati/Wali Kota kabupaten/kotanya, bukan oleh pemerintah provinsi (pedoman §1.5 angka 3, §3.2.5)."
)

// PenggunaOptions are the kinds of pengguna a pemohon may name (§1.5): a K/L its unit kerja; a province its
// OPD; a kab/kota its OPD and the pemerintah desa/kelurahan below it, which only their Bupati/Wali Kota
// asks for (§1.5 point 3).
func PenggunaOptions(inst Instansi) []Option {
	switch inst.Kategori {
	case account.KategoriPusat:
		return []Option{{PenggunaUnitKerja, "Unit Kerja"}}
	case account.KategoriProvinsi:
		return []Option{{PenggunaOPD, "Organisasi Perangkat Daerah (OPD)"}}
	}
	return []Option{{PenggunaOPD, "Organisasi Perangkat Daerah (OPD)"}, {PenggunaDesa, "Pemerintah Desa/Kelurahan"}}
}

// CheckPenggunaJenis says why a pemohon may not name a pengguna of this kind, or "".
func CheckPenggunaJenis(inst Instansi, jenis string) string {
	for _, o := range PenggunaOptions(inst) {
		if o.Value == jenis {
			return ""
		}
	}
	switch {
	case inst.Kategori == account.KategoriPusat:
		return msgPenggunaPusat
	case inst.Kategori == account.KategoriProvinsi && jenis == PenggunaDesa:
		return MsgDesaViaBupati
	case inst.Kategori == account.KategoriProvinsi:
		return msgPenggunaProv
	}
	return msgPenggunaPemda
}

// normalizeNIPOrNIK accepts an 18-digit NIP, or for officials of a desa who are not civil servants a 16-digit
// NIK (the KAK template says "NIP/NIK").
func normalizeNIPOrNIK(s string) (string, error) { return account.NormalizeNIPOrNIK(s) }

// DuplicateRows finds rows that repeat another: the same pengguna asking for the same jenis data through the
// same media, or one operator named for two different pengguna (an operator manages one unit's account).
// It returns a message per duplicate row id.
func DuplicateRows(rows []Row) map[int64]string {
	out := map[int64]string{}
	seen := map[string]int64{}
	operators := map[string]string{}
	for _, r := range rows {
		who := strings.ToLower(strings.Join(strings.Fields(r.Pengguna), " ")) + "|" + r.PenggunaWilayah
		key := who + "|" + r.JenisData + "|" + r.Media
		if _, ok := seen[key]; ok && who != "|" {
			out[r.ID] = "Pengguna ini sudah meminta jenis data dan media akses yang sama pada baris lain."
			continue
		}
		seen[key] = r.ID
		if r.Media == Sepakat && r.OperatorNIP != "" {
			nip := strings.ReplaceAll(r.OperatorNIP, " ", "")
			if prev, ok := operators[nip]; ok && prev != who {
				out[r.ID] = "Operator dengan NIP ini sudah ditunjuk untuk pengguna lain; setiap pengguna memiliki operatornya sendiri."
				continue
			}
			operators[nip] = who
		}
	}
	return out
}

// Problem is one thing that stops "Ajukan", with where to fix it.
type Problem struct {
	Section string // "cakupan", "kebutuhan", "dokumen"
	RowID   int64
	Message string
}

// CheckSubmission lists everything missing or wrong in a permohonan, in the order of the task list. trained
// holds the rows whose operator's training evidence is on file (Kapasitas, Tabel 3.1).
func CheckSubmission(inst Instansi, h Header, rows []Row, docs map[DocKind]bool, trained map[int64]bool) []Problem {
	var out []Problem
	if _, errs := ValidateHeader(inst, h); errs.Any() {
		for _, e := range errs.All() {
			out = append(out, Problem{Section: "cakupan", Message: e.Message})
		}
	}
	newRows := 0
	for _, r := range rows {
		if r.IsNew {
			newRows++
		}
	}
	if newRows == 0 {
		out = append(out, Problem{Section: "kebutuhan", Message: "Tambahkan paling sedikit satu pengguna pada Identifikasi Kebutuhan Hak Akses dan Media Akses."})
	}
	dups := DuplicateRows(rows)
	for i, r := range rows {
		if !r.IsNew {
			continue
		}
		_, errs := ValidateRow(inst, h.Cakupan, r)
		if errs.Any() {
			out = append(out, Problem{Section: "kebutuhan", RowID: r.ID,
				Message: fmt.Sprintf("Baris %d (%s): %s", i+1, rowName(r), errs.All()[0].Message)})
		} else if msg, ok := dups[r.ID]; ok {
			out = append(out, Problem{Section: "kebutuhan", RowID: r.ID, Message: fmt.Sprintf("Baris %d (%s): %s", i+1, rowName(r), msg)})
		} else if NeedsPelatihan(r) && !trained[r.ID] {
			out = append(out, Problem{Section: "kapasitas", RowID: r.ID, Message: fmt.Sprintf("Baris %d (%s): %s", i+1, rowName(r), MsgPelatihan)})
		}
	}
	for _, req := range RequiredDocuments(inst, h, rows) {
		if !req.Optional && !docs[req.Kind] {
			out = append(out, Problem{Section: "dokumen", Message: "Unggah " + req.Label + "."})
		}
	}
	return out
}

func rowName(r Row) string {
	if r.Pengguna != "" {
		return r.Pengguna
	}
	return "tanpa nama"
}
