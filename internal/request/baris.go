package request

import (
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// One account at a time (issue 13): after access is given, each Sepakat row lives on its own. Its account
// (akses_akun) keeps its own end; the produsen data may extend or revoke one row without touching the others;
// its operator may be replaced. The permohonan stays "akses_diberikan" while any row is in force and ends
// when none is; its end in force (akses_berakhir) is the latest end of its rows in force.

// EndDiganti is why an account ended when its operator was replaced (akses_akun.end_reason).
const EndDiganti = "diganti"

// Steps of the rows' lifecycle, recorded on the permohonan's timeline (Steps, steps.go).
const (
	CabutBaris      Event = "cabut_baris"      // the produsen data revoked one row's access
	PerpanjangBaris Event = "perpanjang_baris" // the produsen data extended one row's end
	PeringatanBaris Event = "peringatan_baris" // 30 days before rows end earlier than the permohonan
	BarisBerakhir   Event = "baris_berakhir"   // rows ended earlier than the permohonan
)

// RowAlone reports whether a row's own warning and expiry apply: its end comes before the permohonan's end in
// force. A row ending with the permohonan is warned and closed by the permohonan's own jobs, so the registrator
// gets one letter, not one per row.
func RowAlone(rowEnd, permohonanEnd time.Time) bool { return rowEnd.Before(permohonanEnd) }

// LatestEnd is the permohonan's end in force: the latest of the ends of its rows in force; false when no row
// is in force.
func LatestEnd(ends []time.Time) (time.Time, bool) {
	var latest time.Time
	for _, e := range ends {
		if e.After(latest) {
			latest = e
		}
	}
	return latest, !latest.IsZero()
}

// Refusals of the row moves.
var (
	ErrRowNotLive   = validate.Refusal("Akses baris ini sudah tidak berlaku atau sedang diganti, sehingga tidak dapat diubah.")
	ErrRowEndBefore = validate.Refusal("Tanggal berakhir yang baru harus setelah tanggal berakhir baris ini saat ini.")
	// ErrEndBefore refuses a Perpanjangan that would not extend: while access runs, its new end must be after
	// the end in force (a shorter access is a revocation of the rest, not an extension).
	ErrEndBefore = validate.Refusal("Tanggal berakhir yang baru harus setelah tanggal berakhir hak akses saat ini.")
)

// CheckExtension applies the rules to a new end for the whole permohonan (§3.2.5): after today, after the
// end in force while access runs (current; nil for access closed and being re-opened), at most latest
// (MAX_AKSES_BULAN from today). It returns the message for the field, or "".
func CheckExtension(sampai time.Time, current *time.Time, today, latest time.Time) string {
	return checkEnd(sampai, current, today, latest, ErrEndBefore)
}

// CheckRowExtension applies the same rules to a new end for one row, after the row's current end.
func CheckRowExtension(sampai, current, today, latest time.Time) string {
	return checkEnd(sampai, &current, today, latest, ErrRowEndBefore)
}

func checkEnd(sampai time.Time, current *time.Time, today, latest time.Time, before error) string {
	switch {
	case !sampai.After(today):
		return "Tanggal berakhir harus setelah hari ini."
	case current != nil && !indo.DayStart(sampai).After(indo.DayStart(*current)):
		return before.Error()
	case sampai.After(latest):
		return "Tanggal berakhir paling lambat " + indo.Date(latest) + "."
	}
	return ""
}
