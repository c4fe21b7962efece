package fsm

import (
	"errors"
	"slices"
	"testing"
)

type (
	state string
	event string
	role  string
)

var table = New(
	Move[state, event, role]{Event: "kirim", From: []state{"draf"}, To: "terkirim", Roles: []role{"penulis"}},
	Move[state, event, role]{Event: "catat", From: []state{"draf", "terkirim"}, Roles: []role{"penulis", "petugas"}},
	Move[state, event, role]{Event: "tutup", From: []state{"terkirim"}, To: "tutup", Roles: []role{"petugas"}},
)

func TestNext(t *testing.T) {
	tests := []struct {
		from  state
		ev    event
		by    role
		want  state
		error error
	}{
		{"draf", "kirim", "penulis", "terkirim", nil},
		{"draf", "kirim", "petugas", "draf", ErrForbidden},
		{"terkirim", "kirim", "penulis", "terkirim", ErrInvalidTransition},
		{"terkirim", "catat", "petugas", "terkirim", nil}, // a step in place keeps the state
		{"tutup", "catat", "petugas", "tutup", ErrInvalidTransition},
		{"draf", "hapus", "penulis", "draf", ErrInvalidTransition},
	}
	for _, tt := range tests {
		got, err := table.Next(tt.from, tt.ev, tt.by)
		if got != tt.want || !errors.Is(err, tt.error) || (tt.error == nil) != (err == nil) {
			t.Errorf("Next(%s, %s, %s) = %s, %v; want %s, %v", tt.from, tt.ev, tt.by, got, err, tt.want, tt.error)
		}
	}
}

func TestEvents(t *testing.T) {
	if got := table.Events("terkirim", "petugas"); !slices.Equal(got, []event{"catat", "tutup"}) {
		t.Errorf("Events(terkirim, petugas) = %v", got)
	}
	if got := table.Events("terkirim", "penulis", "petugas"); !slices.Equal(got, []event{"catat", "tutup"}) {
		t.Errorf("Events with two roles = %v", got)
	}
	if got := table.Events("draf"); got != nil {
		t.Errorf("Events without a role = %v", got)
	}
	if got := table.All(); !slices.Equal(got, []event{"kirim", "catat", "tutup"}) {
		t.Errorf("All = %v", got)
	}
}

func TestDuplicateEventPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a table listing an event twice must not build")
		}
	}()
	New(Move[state, event, role]{Event: "a"}, Move[state, event, role]{Event: "a"})
}
