package dasbor

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	validation "github.com/bappenas/portal-regsosek/internal/validate"
)

// Download says which figures a CSV download holds: those the Beranda shows for a wilayah and a map
// indicator.
type Download struct {
	Wilayah     string
	Peta        string
	Sumber      string
	Versi       int
	Sintetis    bool
	MinKeluarga int
}

// DownloadHeader is the first line of the download.
var DownloadHeader = []string{"kode_wilayah", "wilayah", "kode_indikator", "indikator", "rincian", "nilai", "satuan"}

// WriteDownload writes the figures shown for o.Wilayah and o.Peta: the headline figures and the pyramid of
// the wilayah, the map indicator and the drinking-water figure of Nasional and every province. Numbers
// are plain (no thousands separator, a dot before decimals) so spreadsheets read them; a withheld figure
// is the suppressed mark. The lines after the table note the mark, synthetic data and the source.
func WriteDownload(w io.Writer, d *Data, o Download) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(DownloadHeader)
	seen := map[string]bool{}
	suppressed := false
	row := func(wil string, in Indicator, rincian, nilai, satuan string) {
		k := wil + "|" + in.Kode + "|" + rincian + "|" + satuan
		if seen[k] {
			return
		}
		seen[k] = true
		if nilai == SuppressedMark {
			suppressed = true
		}
		label := in.Label
		if satuan == "persen" {
			label = "Persentase " + in.Label
		}
		safe := validation.SpreadsheetSafe
		_ = cw.Write([]string{wil, safe(d.Name(wil)), in.Kode, safe(label), safe(RincianLabel(rincian)), nilai, satuan})
	}
	count := func(wil string, in Indicator, rincian string) {
		f := d.Get(in.Kode, wil, rincian)
		v := strconv.FormatInt(f.Value, 10)
		switch {
		case f.Suppressed:
			v = SuppressedMark
		case f.Missing:
			v = ""
		}
		row(wil, in, rincian, v, string(in.Unit))
	}
	share := func(wil string, in Indicator) {
		if in.Parent == "" || in.Rincian != nil {
			return
		}
		r := d.Share(in.Kode, wil, "")
		v := PlainDecimal(r.Percent, 1)
		switch {
		case r.Suppressed:
			v = SuppressedMark
		case r.Missing:
			v = ""
		}
		row(wil, in, "", v, "persen")
	}
	for _, in := range Indicators {
		if in.Rincian != nil {
			continue
		}
		count(o.Wilayah, in, "")
		share(o.Wilayah, in)
	}
	pyramid, _ := Find(PendudukUmurKelJK)
	for _, r := range pyramid.Rincian {
		count(o.Wilayah, pyramid, r)
	}
	all := append([]string{Nasional}, provinceCodes(d.Provinces)...)
	for _, kode := range []string{o.Peta, AirMinumLayak} {
		in, ok := Find(kode)
		if !ok {
			continue
		}
		for _, wil := range all {
			count(wil, in, "")
			share(wil, in)
		}
	}
	_ = cw.Write([]string{})
	if suppressed {
		_ = cw.Write([]string{fmt.Sprintf("Catatan: %s = disembunyikan karena dibentuk dari kurang dari %d keluarga atau agar tidak dapat dihitung dari angka lain.", SuppressedMark, o.MinKeluarga)})
	}
	if o.Sintetis {
		_ = cw.Write([]string{"Data sintetis untuk pengembangan: angka ini bukan data Regsosek."})
	}
	_ = cw.Write([]string{fmt.Sprintf("Sumber: %s (rilis versi %d)", o.Sumber, o.Versi)})
	cw.Flush()
	return cw.Error()
}
