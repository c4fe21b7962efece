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
}

// View is the decision as pages and letters read it.
func (rd RowDecision) View() RowDecisionView {
	v := RowDecisionView{RowID: rd.RowID, Decision: "tolak", JenisData: rd.JenisData, Reason: rd.Reason}
	if rd.Setuju {
		v.Decision = "setuju"
	}
	return v
}

// DecisionText says what was decided on a row, for the registrator: "Disetujui: Mikro", with what was asked
// for and why when a lower tier was approved, or "Ditolak: " and the reason.
func DecisionText(row request.Row, d RowDecisionView) string {
	if d.Decision == "tolak" {
		return "Ditolak: " + d.Reason
	}
	t := "Disetujui: " + request.Label(request.JenisDataOptions, d.JenisData)
	if d.JenisData != row.JenisData {
		t += " (diminta " + request.Label(request.JenisDataOptions, row.JenisData) + "; " + d.Reason + ")"
	}
	return t
}

// Decision is the whole decision on a permohonan.
type Decision struct {
	TolakSemua  bool
	Reason      string // for refusing the whole permohonan
	Rows        []RowDecision
	AksesSampai time.Time
	// RingkasanPublik is the purpose summarised for the public Register Pemanfaatan Data Regsosek, written
	// with an approval (register.CheckRingkasan).
	RingkasanPublik string
}

// MaxAkses returns the latest end date allowed: six months for a Pemda asking Sepakat without an SK Forum
// Satu Data (§3.2.5), otherwise maxMonths.
func MaxAkses(sixMonth bool, maxMonths int, today time.Time) time.Time {
	if sixMonth {
		return today.AddDate(0, 6, 0)
	}
	return today.AddDate(0, maxMonths, 0)
}

// CheckDecision validates a decision against the rows: every new row decided, an approval at the requested
// tier or lower, a reason for every refusal or lowered tier, at least one approval unless the whole is
// refused, and an end date after today and not beyond the limit.
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
		switch {
		case !ok:
			errs.Add(f, "Putuskan baris "+r.Pengguna+": setujui atau tolak.")
		case rd.Setuju && (request.Tier(rd.JenisData) == 0 || request.Tier(rd.JenisData) > request.Tier(r.JenisData)):
			errs.Add(f, "Jenis data yang disetujui untuk "+r.Pengguna+" harus sama dengan atau lebih rendah dari yang diminta.")
		case rd.Setuju && rd.JenisData != r.JenisData && len([]rune(rd.Reason)) < 5:
			errs.Add(f+"_alasan", "Tuliskan alasan menurunkan tingkat data untuk "+r.Pengguna+".")
		case !rd.Setuju && len([]rune(rd.Reason)) < 5:
			errs.Add(f+"_alasan", "Tuliskan alasan menolak baris "+r.Pengguna+".")
		case rd.Setuju:
			approved++
		}
	}
	if approved == 0 && !errs.Any() {
		errs.Add("hasil", "Setujui paling sedikit satu baris, atau tolak seluruh permohonan dengan alasan.")
	}
	switch {
	case d.AksesSampai.IsZero():
		errs.Add("akses_sampai", "Isi tanggal berakhirnya hak akses.")
	case !d.AksesSampai.After(today):
		errs.Add("akses_sampai", "Tanggal berakhir harus setelah hari ini.")
	case d.AksesSampai.After(latest):
		errs.Add("akses_sampai", "Tanggal berakhir paling lambat "+indo.Date(latest)+".")
	}
	return errs
}
