package register

import (
	"encoding/csv"
	"io"
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// The register as data: the JSON of the API and of the download (described by the OpenAPI document at
// /api/openapi.json, schema RegisterEntri), and the CSV download, one line per unit. Plain values for reuse:
// ISO dates, codes beside their labels.

// EntryJSON is an entry as JSON.
type EntryJSON struct {
	Nomor             string         `json:"nomor"`
	Tautan            string         `json:"tautan"`
	Instansi          InstansiJSON   `json:"instansi"`
	TujuanPemanfaatan *string        `json:"tujuan_pemanfaatan"`
	Pengguna          []PenggunaJSON `json:"pengguna"`
	Periode           PeriodeJSON    `json:"periode"`
	Status            Status         `json:"status"`
	StatusLabel       string         `json:"status_label"`
	Diperbarui        time.Time      `json:"diperbarui"`
}

// InstansiJSON is the pemohon of an entry.
type InstansiJSON struct {
	Nama          string `json:"nama"`
	Kategori      string `json:"kategori"`
	KategoriLabel string `json:"kategori_label"`
	Kode          string `json:"kode"`
}

// PenggunaJSON is a unit of an entry.
type PenggunaJSON struct {
	Nama           string      `json:"nama"`
	JenisData      string      `json:"jenis_data"`
	JenisDataLabel string      `json:"jenis_data_label"`
	Tingkat        int         `json:"tingkat"`
	Media          string      `json:"media"`
	MediaLabel     string      `json:"media_label"`
	Wilayah        WilayahJSON `json:"wilayah"`
	Sampai         string      `json:"sampai"`
	Status         Status      `json:"status"`
	StatusLabel    string      `json:"status_label"`
}

// WilayahJSON is a wilayah by code and name.
type WilayahJSON struct {
	Kode string `json:"kode"`
	Nama string `json:"nama"`
}

// PeriodeJSON is when the access of an entry began and ends (or ended), as dates.
type PeriodeJSON struct {
	Mulai  string `json:"mulai"`
	Sampai string `json:"sampai"`
}

// ListJSON is a page of the register, or the whole of it in the download.
type ListJSON struct {
	Jumlah  int         `json:"jumlah"`
	Halaman int         `json:"halaman"`
	Entri   []EntryJSON `json:"entri"`
	// Berikutnya is the link to the next page, or null on the last.
	Berikutnya *string   `json:"berikutnya"`
	Dibuat     time.Time `json:"dibuat"`
}

// PathOf is the permanent page of an entry.
func PathOf(nomor string) string { return "/register/" + nomor }

// ToJSON writes an entry for the API and the download; base is the portal's BASE_URL.
func ToJSON(e Entry, base string) EntryJSON {
	out := EntryJSON{Nomor: e.Nomor, Tautan: base + PathOf(e.Nomor), Status: e.Status, StatusLabel: e.Status.Label(),
		Instansi: InstansiJSON{Nama: e.InstansiNama, Kategori: string(e.Kategori), KategoriLabel: e.Kategori.Label(), Kode: e.InstansiKode},
		Periode:  PeriodeJSON{Mulai: e.Mulai.In(indo.Jakarta).Format(time.DateOnly), Sampai: e.Sampai.Format(time.DateOnly)}, Diperbarui: e.Diperbarui.UTC(),
		Pengguna: []PenggunaJSON{}}
	if e.Ringkasan != "" {
		out.TujuanPemanfaatan = &e.Ringkasan
	}
	for _, p := range e.Pengguna {
		out.Pengguna = append(out.Pengguna, PenggunaJSON{Nama: p.Nama, JenisData: p.JenisData, JenisDataLabel: request.Label(request.JenisDataOptions, p.JenisData),
			Tingkat: request.Tier(p.JenisData), Media: p.Media, MediaLabel: request.Label(request.MediaOptions, p.Media),
			Wilayah: WilayahJSON{Kode: p.WilayahKode, Nama: p.WilayahNama}, Sampai: p.Sampai.Format(time.DateOnly),
			Status: p.Status, StatusLabel: p.Status.Label()})
	}
	return out
}

// CSVHeader is the first line of the CSV download.
var CSVHeader = []string{"nomor", "instansi", "kategori_instansi", "kode_instansi", "tujuan_pemanfaatan", "pengguna", "jenis_data",
	"media", "kode_wilayah", "wilayah", "sampai_pengguna", "status_pengguna", "mulai", "sampai", "status", "tautan"}

// WriteCSV writes entries as CSV, one line per unit of each entry (an entry without units gets one line).
// Cells that a spreadsheet would read as a formula are prefixed with an apostrophe.
func WriteCSV(w io.Writer, entries []Entry, base string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, e := range entries {
		head := []string{e.Nomor, e.InstansiNama, e.Kategori.Label(), e.InstansiKode, e.Ringkasan}
		tail := []string{e.Mulai.In(indo.Jakarta).Format(time.DateOnly), e.Sampai.Format(time.DateOnly), e.Status.Label(), base + PathOf(e.Nomor)}
		units := e.Pengguna
		if len(units) == 0 {
			units = []Pengguna{{}}
		}
		for _, p := range units {
			line := append(append(append([]string{}, head...), p.Nama, request.Label(request.JenisDataOptions, p.JenisData),
				request.Label(request.MediaOptions, p.Media), p.WilayahKode, p.WilayahNama, dateOr(p.Sampai), p.Status.Label()), tail...)
			for i, c := range line {
				line[i] = validate.SpreadsheetSafe(c)
			}
			if err := cw.Write(line); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// dateOr writes a date, or "" when it is unknown.
func dateOr(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
