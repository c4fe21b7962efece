package review

import (
	"time"

	"github.com/bappenas/portal-regsosek/internal/request"
)

// Expected is when the pemohon may expect a decision, from the service levels of the stages still ahead
// (REVIEW_SLA): the current stage's deadline plus every later stage's days. The clock stops while the
// permohonan is back with the pemohon (Data Belum Sesuai): then the decision is Days after the revision is
// submitted — what was left of the stage, then the later stages in full.
type Expected struct {
	Date   time.Time // set when the clock runs
	Paused bool
	Days   int // when paused: days after the revision is submitted
}

// ExpectedDecision is the expected decision of a permohonan in state, with its stage deadline dueAt and, when
// paused, the time left of the stage; ok is false where no decision is pending (a draft, or decided).
func ExpectedDecision(sla SLA, state request.State, dueAt *time.Time, remaining *time.Duration) (Expected, bool) {
	day := 24 * time.Hour
	after := func(st Stage) time.Duration { // the days of the stages after st
		var d time.Duration
		seen := false
		for _, x := range []Stage{Teknis, Substansi, Keputusan} {
			if seen {
				d += time.Duration(sla[x]) * day
			}
			seen = seen || x == st
		}
		return d
	}
	switch state {
	case request.Diajukan, request.TerverifikasiTeknis, request.MenungguKeputusan:
		if dueAt == nil {
			return Expected{}, false
		}
		st := map[request.State]Stage{request.Diajukan: Teknis, request.TerverifikasiTeknis: Substansi, request.MenungguKeputusan: Keputusan}[state]
		return Expected{Date: dueAt.Add(after(st))}, true
	case request.PerluPerbaikan:
		left := time.Duration(sla[Teknis]) * day
		if remaining != nil {
			left = *remaining
		}
		total := left + after(Teknis)
		return Expected{Paused: true, Days: int((total + day - 1) / day)}, true
	}
	return Expected{}, false
}
