package servertest

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// SampleRow is one row SubmitRows fills in through the row form.
type SampleRow struct {
	Pengguna, JenisData, Media, TujuanBNBA string
	NIP                                    string // the operator's NIP, for a Sepakat row; its last three digits name the operator's email
}

// SubmitSample signs reg in and submits a complete permohonan for its kab/kota with three rows — BNBA via
// Sepakat, Mikro via Fasilitas, Agregat Terpilah via Sepakat — through the real forms. It returns the
// signed-in client and the permohonan's id.
func (p *Portal) SubmitSample(t testing.TB, reg Registrator, kode string) (*webtest.Client, int64) {
	t.Helper()
	return p.SubmitRows(t, reg, kode,
		SampleRow{"Dinas Sosial", "bnba", "sepakat", "kepentingan_umum", "196706271998031004"},
		SampleRow{"Dinas Kesehatan", "mikro", "fasilitas", "", ""},
		SampleRow{"Dinas Pendidikan", "agregat_terpilah", "sepakat", "", "198001012005011003"})
}

// SubmitThreeSepakat submits a permohonan with three Sepakat rows: Dinas Sosial (BNBA, operator…003),
// Dinas Pendidikan (Agregat Terpilah, operator…004) and Dinas Kesehatan (Mikro, operator…005).
func (p *Portal) SubmitThreeSepakat(t testing.TB, reg Registrator, kode string) (*webtest.Client, int64) {
	t.Helper()
	return p.SubmitRows(t, reg, kode,
		SampleRow{"Dinas Sosial", "bnba", "sepakat", "kepentingan_umum", "196706271998031003"},
		SampleRow{"Dinas Pendidikan", "agregat_terpilah", "sepakat", "", "198001012005011004"},
		SampleRow{"Dinas Kesehatan", "mikro", "sepakat", "", "197503152001122005"})
}

// SubmitRows signs reg in and submits a complete permohonan for its kab/kota with rows, uploading the
// documents they require (and the SK Forum Satu Data) and each Sepakat operator's training certificate.
func (p *Portal) SubmitRows(t testing.TB, reg Registrator, kode string, rows ...SampleRow) (*webtest.Client, int64) {
	t.Helper()
	c := p.Login(t, reg.Username, RegistratorPassword)
	r := c.PostForm("/permohonan", nil)
	m := regexp.MustCompile(`^/permohonan/(\d+)$`).FindStringSubmatch(r.Location)
	if m == nil {
		t.Fatalf("create permohonan: %d %q", r.Status, r.Location)
	}
	path := r.Location
	post := func(what, u string, form url.Values) {
		t.Helper()
		if r := c.PostForm(u, form); r.Status != http.StatusSeeOther {
			t.Fatalf("%s: %d", what, r.Status)
		}
	}
	post("header", path+"/cakupan", webtest.Values("cakupan_wilayah", kode, "narahubung_nama", "Siti Aminah",
		"narahubung_jabatan", "Kepala Bappelitbang", "narahubung_nip", "197001012000031002", "narahubung_email", "siti@daerah.go.id",
		"narahubung_no_hp", "081211112222", "forum_satu_data", "ya"))
	kinds := []string{"surat_permohonan", "kak", "sk_operator", "sk_forum_satu_data"}
	for i, row := range rows {
		v := webtest.Values("aksi", "simpan", "pengguna_jenis", "opd", "pengguna", row.Pengguna, "tujuan", "Pemutakhiran sasaran program "+row.Pengguna,
			"jenis_data", row.JenisData, "media", row.Media, "tujuan_bnba", row.TujuanBNBA, "penggunaan", "sekali_pakai", "periode_mulai", "2026-01-01",
			"periode_bulan", "60")
		if row.Media == "sepakat" {
			v.Set("penggunaan", "berkelanjutan")
			v.Set("olah_data", "ya")
			v.Set("olah_data_keterangan", "Mengolah data SIKS-NG dan Excel setiap bulan.")
			v.Set("operator_nama", "Operator "+row.Pengguna)
			v.Set("operator_jabatan", "Pranata Komputer")
			v.Set("operator_nip", row.NIP)
			v.Set("operator_email", "operator"+row.NIP[len(row.NIP)-3:]+"@daerah.go.id")
			v.Set("operator_no_hp", "081322223333")
		}
		if row.Media == "fasilitas" && row.JenisData != "agregat_terpilah" && len(kinds) == 4 {
			kinds = append(kinds, "surat_pernyataan")
		}
		post("row "+strconv.Itoa(i+1), path+"/kebutuhan/baru", v)
	}
	for _, kind := range kinds {
		f := webtest.File{Field: "berkas-" + kind, Name: kind + ".pdf", ContentType: "application/pdf", Content: PDF(t, kind)}
		if r := c.PostMultipart(path+"/dokumen/"+kind, nil, f); r.Status != http.StatusSeeOther {
			t.Fatalf("upload %s: %d", kind, r.Status)
		}
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	p.UploadPelatihan(t, c, id)
	post("ajukan", path+"/ajukan", nil)
	return c, id
}

// UploadPelatihan gives every Sepakat row of permohonan id a training certificate of its operator
// (Kapasitas, Tabel 3.1) through the real form, as the registrator c.
func (p *Portal) UploadPelatihan(t testing.TB, c *webtest.Client, id int64) {
	t.Helper()
	perm, err := p.Store.FindPermohonan(context.Background(), id, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range perm.Rows {
		if row.Media != "sepakat" {
			continue
		}
		f := webtest.File{Field: "sertifikat", Name: "sertifikat-pelatihan.pdf", ContentType: "application/pdf", Content: PDF(t, "Sertifikat Pelatihan Sepakat")}
		u := "/permohonan/" + strconv.FormatInt(id, 10) + "/kebutuhan/" + strconv.FormatInt(row.ID, 10) + "/kapasitas"
		if r := c.PostMultipart(u, webtest.Values("aksi", "sertifikat"), f); r.Status != http.StatusSeeOther {
			t.Fatalf("sertifikat pelatihan: %d %.300s", r.Status, r.Body)
		}
	}
}
