package server

import (
	"net/http"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/register"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
)

// The Register Pemanfaatan Data at decision time: with an approval the produsen data writes the purpose as
// the public register will show it.

// postedRingkasan reads the summary for the register from the decision form.
func postedRingkasan(r *http.Request) (string, string) {
	v := validate.Clean(r.PostFormValue("ringkasan_publik"), register.MaxRingkasan+100)
	return v, v
}

// checkRingkasan adds the summary's message to the decision's errors: an approval needs one, free of personal
// data.
func checkRingkasan(errs validate.Errors, d review.Decision) validate.Errors {
	if !d.TolakSemua {
		if msg := register.CheckRingkasan(d.RingkasanPublik); msg != "" {
			errs.Add("ringkasan_publik", msg)
		}
	}
	return errs
}

// ringkasanField is the summary's field on the decision form, first filled with the purposes the pemohon
// gave, for the produsen data to summarise.
func ringkasanField(p request.Permohonan, errs validate.Errors, posted map[string]string) components.Input {
	in := components.Input{Name: "ringkasan_publik", Label: "Ringkasan tujuan pemanfaatan untuk Register Pemanfaatan Data Regsosek",
		Hint: "Diterbitkan untuk publik bersama nama instansi, unit pengguna, jenis data, media, wilayah, dan jangka waktu bila hak akses diberikan. " +
			"Tulis 30–600 karakter tanpa data pribadi (nama orang, NIK, NIP, nomor telepon, email).",
		Value: posted["ringkasan_publik"], Error: errs.Get("ringkasan_publik"), MaxLength: register.MaxRingkasan, Required: true}
	if _, sent := posted["ringkasan_publik"]; !sent {
		var parts []string
		for _, row := range p.Rows {
			if row.IsNew && row.Tujuan != "" && !strings.Contains(strings.Join(parts, "; "), row.Tujuan) {
				parts = append(parts, row.Tujuan)
			}
		}
		in.Value = validate.Clean(strings.Join(parts, "; "), register.MaxRingkasan)
	}
	return in
}
