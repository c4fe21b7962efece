package captchaid

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

func TestWAV(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	one, err := WAV([]byte{1}, rnd)
	if err != nil {
		t.Fatal(err)
	}
	six, err := WAV([]byte{3, 1, 4, 1, 5, 9}, rnd)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range [][]byte{one, six} {
		pcm, err := pcmOf(b)
		if err != nil {
			t.Fatalf("the audio made is not a readable WAV: %v", err)
		}
		if got := binary.LittleEndian.Uint32(b[4:8]); int(got) != len(b)-8 {
			t.Errorf("RIFF size %d for %d bytes", got, len(b))
		}
		if len(pcm) == 0 {
			t.Error("no sound")
		}
	}
	// Six digits last longer than one: each digit is spoken, at least 0.4 s apart.
	if sec := float64(len(six)-44) / 2 / SampleRate; sec < 6*0.4+0.5 || len(six) <= len(one) {
		t.Errorf("six digits last %.1f s", sec)
	}
	// The same digits twice do not give the same recording.
	again, _ := WAV([]byte{3, 1, 4, 1, 5, 9}, rnd)
	if string(again) == string(six) {
		t.Error("two recordings of the same digits are identical")
	}
	if _, err := WAV([]byte{10}, rnd); err == nil {
		t.Error("10 accepted as a digit")
	}
	for i, d := range digits {
		if len(d) < SampleRate/10 {
			t.Errorf("digit %d is %d samples after trimming", i, len(d))
		}
	}
}
