package store_test

import (
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/bappenas/portal-regsosek/internal/store"
)

func TestSessionCodecRoundTrip(t *testing.T) {
	deadline := time.Date(2026, 11, 30, 18, 0, 0, 123, time.UTC)
	for _, tc := range []struct {
		name   string
		values map[string]any
	}{
		{"empty", map[string]any{}},
		{"signed-in registrator", map[string]any{"kind": "registrator", "uid": int64(42), "sesi_versi": 3, "seen": int64(1796061600)}},
		{"flash and return path", map[string]any{"flash": "Permohonan PRM-2026-000123 ditarik. — “kutip”", "kembali": "/permohonan/12?tab=dokumen"}},
		{"booleans and extremes", map[string]any{"ya": true, "tidak": false, "min": int64(-1 << 63), "max": int64(1<<63 - 1), "nol": 0, "": ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := store.SessionCodec{}.Encode(deadline, tc.values)
			if err != nil {
				t.Fatal(err)
			}
			gotDeadline, got, err := store.SessionCodec{}.Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			if !gotDeadline.Equal(deadline) {
				t.Errorf("deadline %v, want %v", gotDeadline, deadline)
			}
			if len(got) != len(tc.values) {
				t.Fatalf("%d values, want %d: %v", len(got), len(tc.values), got)
			}
			for k, want := range tc.values {
				// The type is kept too: scs' GetInt64 and GetInt tell int64 from int.
				if got[k] != want {
					t.Errorf("%q = %#v, want %#v", k, got[k], want)
				}
			}
		})
	}
}

// A session written by scs' own gob codec before the portal changed codecs is still read.
func TestSessionCodecReadsGobSessions(t *testing.T) {
	deadline := time.Date(2026, 11, 30, 6, 0, 0, 0, time.UTC)
	values := map[string]any{"kind": "staf", "uid": int64(7), "sesi_versi": 1, "flash": "Selamat datang"}
	b, err := scs.GobCodec{}.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	gotDeadline, got, err := store.SessionCodec{}.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !gotDeadline.Equal(deadline) || got["kind"] != "staf" || got["uid"] != int64(7) || got["sesi_versi"] != 1 || got["flash"] != "Selamat datang" {
		t.Fatalf("read %v %v", gotDeadline, got)
	}
}

func TestSessionCodecRefusesOtherTypes(t *testing.T) {
	for _, v := range []any{1.5, []string{"a"}, time.Now(), map[string]string{}, nil} {
		if _, err := (store.SessionCodec{}).Encode(time.Now(), map[string]any{"x": v}); err == nil {
			t.Errorf("%T was encoded", v)
		}
	}
}

// Damaged data is an error, never a panic or a half-read session: every truncation of a real session and
// a few bytes changed.
func TestSessionCodecDamagedData(t *testing.T) {
	b, err := store.SessionCodec{}.Encode(time.Now(), map[string]any{"kind": "registrator", "uid": int64(42), "sesi_versi": 3, "ok": true})
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(b); n++ {
		if _, v, err := (store.SessionCodec{}).Decode(b[:n]); err == nil {
			t.Errorf("truncated to %d bytes: read %v", n, v)
		}
	}
	for _, bad := range [][]byte{{0, 9}, append(append([]byte{}, b...), 0), {0, 1, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}} {
		if _, v, err := (store.SessionCodec{}).Decode(bad); err == nil {
			t.Errorf("% x: read %v", bad, v)
		}
	}
}
