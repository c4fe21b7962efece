package layanan

import (
	"errors"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
)

// The two-person rule for opening an Anonim reporter's identity, and the table under it.
func TestBukaIdentitas(t *testing.T) {
	const asker, second = 7, 8
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	approved := now.Add(-time.Hour)
	stale := now.Add(-BukaBerlaku - time.Minute)
	req := func(s BukaState, at *time.Time) BukaRequest {
		return BukaRequest{State: s, DimintaOleh: asker, DiputusOleh: second, DiputusAt: at}
	}
	tests := []struct {
		name  string
		r     BukaRequest
		ev    BukaEvent
		role  account.Role
		actor int64
		want  error
		next  BukaState
	}{
		{"a second admin approves", req(BukaDiminta, nil), BukaSetujui, account.RoleAdmin, second, nil, BukaDisetujui},
		{"a second admin refuses", req(BukaDiminta, nil), BukaTolak, account.RoleAdmin, second, nil, BukaDitolak},
		{"the asker may not approve", req(BukaDiminta, nil), BukaSetujui, account.RoleAdmin, asker, ErrBukaSendiri, BukaDiminta},
		{"the asker may not refuse either", req(BukaDiminta, nil), BukaTolak, account.RoleAdmin, asker, ErrBukaSendiri, BukaDiminta},
		{"the asker opens after approval", req(BukaDisetujui, &approved), BukaBuka, account.RoleAdmin, asker, nil, BukaDibuka},
		{"the approver may not open", req(BukaDisetujui, &approved), BukaBuka, account.RoleAdmin, second, ErrBukaBukanAnda, BukaDisetujui},
		{"an approval older than a day", req(BukaDisetujui, &stale), BukaBuka, account.RoleAdmin, asker, ErrBukaLewat, BukaDisetujui},
		{"not before approval", req(BukaDiminta, nil), BukaBuka, account.RoleAdmin, asker, fsm.ErrInvalidTransition, BukaDiminta},
		{"once only", req(BukaDibuka, &approved), BukaBuka, account.RoleAdmin, asker, fsm.ErrInvalidTransition, BukaDibuka},
		{"refused stays refused", req(BukaDitolak, &approved), BukaSetujui, account.RoleAdmin, second, fsm.ErrInvalidTransition, BukaDitolak},
		{"a handler is no admin", req(BukaDiminta, nil), BukaSetujui, account.RolePengelolaLayanan, second, fsm.ErrForbidden, BukaDiminta},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next, err := CheckBuka(tt.r, tt.ev, tt.role, tt.actor, now)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) || next != tt.next {
				t.Fatalf("CheckBuka = %s, %v; want %s, %v", next, err, tt.next, tt.want)
			}
			if got := CanBuka(tt.r, tt.ev, tt.actor, []account.Role{tt.role}, now); got != (err == nil) {
				t.Errorf("CanBuka = %v, CheckBuka error %v", got, err)
			}
		})
	}
}
