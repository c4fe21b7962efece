package review

import (
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/request"
)

func TestExpectedDecision(t *testing.T) {
	sla := SLA{Teknis: 5, Substansi: 10, Keputusan: 5}
	due := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	twoDays := 36 * time.Hour // a day and a half left: counted as 2
	for _, tt := range []struct {
		name      string
		state     request.State
		due       *time.Time
		remaining *time.Duration
		want      Expected
		ok        bool
	}{
		{"teknis: its deadline, then substansi and keputusan", request.Diajukan, &due, nil, Expected{Date: due.AddDate(0, 0, 15)}, true},
		{"substansi: then keputusan", request.TerverifikasiTeknis, &due, nil, Expected{Date: due.AddDate(0, 0, 5)}, true},
		{"keputusan: its own deadline", request.MenungguKeputusan, &due, nil, Expected{Date: due}, true},
		{"with the pemohon: paused, what was left plus the later stages", request.PerluPerbaikan, nil, &twoDays, Expected{Paused: true, Days: 17}, true},
		{"with the pemohon, nothing recorded: the whole teknis stage", request.PerluPerbaikan, nil, nil, Expected{Paused: true, Days: 20}, true},
		{"draft: nothing pending", request.Draft, nil, nil, Expected{}, false},
		{"decided: nothing pending", request.Disetujui, &due, nil, Expected{}, false},
		{"submitted without a deadline (old data): none said", request.Diajukan, nil, nil, Expected{}, false},
	} {
		got, ok := ExpectedDecision(sla, tt.state, tt.due, tt.remaining)
		if ok != tt.ok || got != tt.want {
			t.Errorf("%s: %+v %v, want %+v %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}
