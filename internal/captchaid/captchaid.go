// Package captchaid speaks a captcha's digits in Bahasa Indonesia: the audio alternative of the captcha
// image (dchest/captcha has no Indonesian voice). The digits were spoken once by espeak-ng
// (scripts/captcha-suara.sh) and are embedded; each challenge is put together with random pauses, a
// random pitch-free volume and a low noise floor, so two recordings of the same digits differ.
package captchaid

import (
	"bytes"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
)

//go:embed suara/*.wav
var suara embed.FS

// SampleRate is the rate of the embedded recordings and of the audio made from them.
const SampleRate = 22050

var digits [10][]int16

func init() {
	for i := range digits {
		b, err := suara.ReadFile(fmt.Sprintf("suara/%d.wav", i))
		if err != nil {
			panic(err)
		}
		pcm, err := pcmOf(b)
		if err != nil {
			panic(fmt.Sprintf("captchaid: suara/%d.wav: %v", i, err))
		}
		digits[i] = pcm
	}
}

// pcmOf reads the samples of a 16-bit mono PCM WAV file at SampleRate.
func pcmOf(b []byte) ([]int16, error) {
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return nil, errors.New("not a WAV file")
	}
	for p := 12; p+8 <= len(b); {
		id, size := string(b[p:p+4]), int(binary.LittleEndian.Uint32(b[p+4:p+8]))
		body := b[p+8 : min(len(b), p+8+size)]
		switch id {
		case "fmt ":
			if len(body) < 16 || binary.LittleEndian.Uint16(body[0:2]) != 1 || binary.LittleEndian.Uint16(body[2:4]) != 1 ||
				binary.LittleEndian.Uint32(body[4:8]) != SampleRate || binary.LittleEndian.Uint16(body[14:16]) != 16 {
				return nil, errors.New("not 16-bit mono PCM at 22050 Hz")
			}
		case "data":
			out := make([]int16, len(body)/2)
			for i := range out {
				out[i] = int16(binary.LittleEndian.Uint16(body[2*i:]))
			}
			return trim(out), nil
		}
		p += 8 + size + size%2
	}
	return nil, errors.New("no data chunk")
}

// trim cuts the silence before and after a spoken digit.
func trim(s []int16) []int16 {
	const quiet = 300
	loud := func(v int16) bool { return v > quiet || v < -quiet }
	a, z := 0, len(s)
	for a < z && !loud(s[a]) {
		a++
	}
	for z > a && !loud(s[z-1]) {
		z--
	}
	return s[a:z]
}

// WAV speaks ds (each 0–9) as a WAV file: a short lead-in, each digit at a slightly different volume with a
// pause of 0.4–0.8 s after it, over a low noise floor.
func WAV(ds []byte, rnd *rand.Rand) ([]byte, error) {
	var pcm []int16
	silence := func(n int) {
		for range n {
			pcm = append(pcm, int16(rnd.IntN(401)-200))
		}
	}
	silence(SampleRate / 2)
	for _, d := range ds {
		if d > 9 {
			return nil, fmt.Errorf("captchaid: %d is not a digit", d)
		}
		gain := 0.75 + rnd.Float64()*0.25
		for _, v := range digits[d] {
			x := float64(v)*gain + float64(rnd.IntN(401)-200)
			pcm = append(pcm, int16(max(-32768, min(32767, x))))
		}
		silence(SampleRate*2/5 + rnd.IntN(SampleRate*2/5))
	}
	var buf bytes.Buffer
	dataLen := uint32(2 * len(pcm))
	buf.WriteString("RIFF")
	_ = binary.Write(&buf, binary.LittleEndian, 36+dataLen)
	buf.WriteString("WAVEfmt ")
	for _, v := range []any{uint32(16), uint16(1), uint16(1), uint32(SampleRate), uint32(2 * SampleRate), uint16(2), uint16(16)} {
		_ = binary.Write(&buf, binary.LittleEndian, v)
	}
	buf.WriteString("data")
	_ = binary.Write(&buf, binary.LittleEndian, dataLen)
	_ = binary.Write(&buf, binary.LittleEndian, pcm)
	return buf.Bytes(), nil
}
