package review

import (
	"strconv"
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// RowDecision is the produsen data's decision on one row.
type RowDecision struct {
	RowID     int64
	Setuju    bool
	JenisData string // the approved jenis data: the requested one or a lower tier
	Reason    string
	// Sampai is the decided end of the row's access; Usulan the end proposed from the request (ProposedEnd).
	Sampai, Usulan time.Time
}

// View is the decision as pages and letters read it.
func (rd RowDecision) View() RowDecisionView {
	v := RowDecisionView{RowID: rd.RowID, Decision: "tolak", JenisData: rd.JenisData, Reason: rd.Reason}
	if rd.Setuju {
		v.Decision = "setuju"
		s, u := rd.Sampai, rd.Usulan
		v.Sampai, v.Usulan = &s, &u
	}
	return v
}

// DecisionText says what was decided on a row, for the registrator: "Disetujui: Mikro", with what was asked
// for and why when a lower tier was approved, and until when — with what was proposed and why when it was
// shortened; or "Ditolak: " and the reason.
func DecisionText(row request.Row, d RowDecisionView) string {
	if d.Decision == "tolak" {
		return "Ditolak: " + d.Reason
	}
	t := "Disetujui: " + request.Label(request.JenisDataOptions, d.JenisData)
	lowered := d.JenisData != row.JenisData
	if lowered {
		t += " (diminta " + request.Label(request.JenisDataOptions, row.JenisData) + "; " + d.Reason + ")"
	}
	if d.Sampai != nil && !d.Sampai.IsZero() {
		t += ", berlaku sampai " + indo.Date(*d.Sampai)
		if d.Usulan != nil && d.Sampai.Before(*d.Usulan) {
			t += " (diusulkan sampai " + indo.Date(*d.Usulan)
			if !lowered {
				t += "; " + d.Reason
			}
			t += ")"
		}
	}
	return t
}

// Decision is the whole decision on a permohonan.
type Decision struct {
	TolakSemua bool
	Reason     string // for refusing the whole permohonan
	Rows       []RowDecision
	// RingkasanPublik is the purpose summarised for the public Register Pemanfaatan Data Regsosek, written
	// with an approval (register.CheckRingkasan).
	RingkasanPublik string
}

// AksesSampai is the latest end among the approved rows: the permohonan's end, which the expiry follows
// (each Sepakat account keeps its own row's end).
func (d Decision) AksesSampai() time.Time {
	var out time.Time
	for _, rd := range d.Rows {
		if rd.Setuju && rd.Sampai.After(out) {
			out = rd.Sampai
		}
	}
	return out
}

// MaxAkses returns the latest end date a decision or an extension may give: MAX_AKSES_BULAN months from
// today. The six-month rule does not cap the decision: its six months run from the day access is given,
// and only for Sepakat rows (request.RowEnd), so a decision made long before access is given loses none.
func MaxAkses(maxMonths int, today time.Time) time.Time {
	return indo.AddMonths(today, maxMonths)
}

// ProposedEnd is the end the decision proposes for a row: the end its request states (pedoman §III step 3),
// capped by latest (MaxAkses: MAX_AKSES_BULAN, or the six-month rule). A row that states no period (written
// before periods were asked) is proposed latest. The produsen data may shorten it, with a reason.
func ProposedEnd(row request.Row, today, latest time.Time) time.Time {
	end, ok := row.RequestedEnd(today)
	if !ok || end.After(latest) {
		return latest
	}
	if !end.After(today) {
		return today.AddDate(0, 0, 1)
	}
	return end
}

// CheckDecision validates a decision against the rows: every new row decided, an approval at the requested
// tier or lower, each approved row with an end after today and not past the end proposed for it, a reason
// for every refusal, lowered tier or shortened period, and at least one approval unless the whole is refused.
func CheckDecision(d Decision, rows []request.Row, today, latest time.Time) validate.Errors {
	var errs validate.Errors
	if d.TolakSemua {
		if msg := validate.Reason("alasan penolakan permohonan", d.Reason); msg != "" {
			errs.Add("alasan", msg)
		}
		return errs
	}
	byID := map[int64]RowDecision{}
	for _, rd := range d.Rows {
		byID[rd.RowID] = rd
	}
	approved := 0
	for _, r := range rows {
		if !r.IsNew {
			continue
		}
		f := "baris_" + strconv.FormatInt(r.ID, 10)
		rd, ok := byID[r.ID]
		proposed := ProposedEnd(r, today, latest)
		switch {
		case !ok:
			errs.Add(f, "Putuskan baris "+r.Pengguna+": setujui atau tolak.")
		case rd.Setuju && (request.Tier(rd.JenisData) == 0 || request.Tier(rd.JenisData) > request.Tier(r.JenisData)):
			errs.Add(f, "Jenis data yang disetujui untuk "+r.Pengguna+" harus sama dengan atau lebih rendah dari yang diminta.")
		case rd.Setuju && rd.Sampai.IsZero():
			errs.Add(f+"_sampai", "Isi tanggal berakhirnya hak akses "+r.Pengguna+".")
		case rd.Setuju && !rd.Sampai.After(today):
			errs.Add(f+"_sampai", "Tanggal berakhir hak akses "+r.Pengguna+" harus setelah hari ini.")
		case rd.Setuju && rd.Sampai.After(proposed):
			errs.Add(f+"_sampai", "Hak akses "+r.Pengguna+" paling lambat "+indo.Date(proposed)+" (jangka waktu yang diminta, dibatasi ketentuan).")
		case rd.Setuju && rd.JenisData != r.JenisData && len([]rune(rd.Reason)) < 5:
			errs.Add(f+"_alasan", "Tuliskan alasan menurunkan tingkat data untuk "+r.Pengguna+".")
		case rd.Setuju && rd.Sampai.Before(proposed) && len([]rune(rd.Reason)) < 5:
			errs.Add(f+"_alasan", "Tuliskan alasan memperpendek jangka waktu hak akses "+r.Pengguna+".")
		case !rd.Setuju && len([]rune(rd.Reason)) < 5:
			errs.Add(f+"_alasan", "Tuliskan alasan menolak baris "+r.Pengguna+".")
		case rd.Setuju:
			approved++
		}
	}
	if approved == 0 && !errs.Any() {
		errs.Add("hasil", "Setujui paling sedikit satu baris, atau tolak seluruh permohonan dengan alasan.")
	}
	return errs
}
