package store

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"
)

// SessionCodec turns a session's values into bytes and back, for scs. scs' own codec is encoding/gob, which
// builds its type tables afresh for every session it reads: on a signed-in page that was about a sixth of the
// portal's CPU (issue 15, the national-volume bench). The portal keeps only strings, integers and booleans in
// a session, so this codec writes exactly those, tagged, and refuses anything else when writing.
//
// The format starts with a zero byte, which a gob stream never does (its first byte is a message length), so
// sessions written by the gob codec before this one are still read.
type SessionCodec struct{}

const sessionCodecVersion = 1

// Value tags.
const (
	tagString byte = iota + 1
	tagInt
	tagInt64
	tagBool
)

// Encode writes the deadline and the values, keys sorted so the same session gives the same bytes.
func (SessionCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b := make([]byte, 0, 64+16*len(values))
	b = append(b, 0, sessionCodecVersion)
	b = binary.AppendVarint(b, deadline.UnixNano())
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = appendString(b, k)
		switch v := values[k].(type) {
		case string:
			b = appendString(append(b, tagString), v)
		case int:
			b = binary.AppendVarint(append(b, tagInt), int64(v))
		case int64:
			b = binary.AppendVarint(append(b, tagInt64), v)
		case bool:
			t := byte(0)
			if v {
				t = 1
			}
			b = append(b, tagBool, t)
		default:
			return nil, fmt.Errorf("store: session value %q: type %T is not kept in a session", k, v)
		}
	}
	return b, nil
}

var errSessionData = errors.New("store: session data is damaged")

// Decode reads what Encode wrote, or a session written by scs' gob codec.
func (SessionCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	if len(b) == 0 || b[0] != 0 {
		return decodeGobSession(b)
	}
	if len(b) < 2 || b[1] != sessionCodecVersion {
		return time.Time{}, nil, errSessionData
	}
	r := sessionReader{b: b[2:]}
	deadline := time.Unix(0, r.varint())
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		return time.Time{}, nil, errSessionData
	}
	values := make(map[string]any, n)
	for range n {
		k := r.string()
		switch r.byte() {
		case tagString:
			values[k] = r.string()
		case tagInt:
			v := r.varint()
			if v < math.MinInt || v > math.MaxInt {
				r.err = errSessionData
			}
			values[k] = int(v)
		case tagInt64:
			values[k] = r.varint()
		case tagBool:
			values[k] = r.byte() == 1
		default:
			r.err = errSessionData
		}
		if r.err != nil {
			return time.Time{}, nil, r.err
		}
	}
	if len(r.b) != 0 {
		return time.Time{}, nil, errSessionData
	}
	return deadline, values, nil
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// sessionReader reads the codec's fields, remembering the first fault.
type sessionReader struct {
	b   []byte
	err error
}

func (r *sessionReader) fail() { r.err, r.b = errSessionData, nil }

func (r *sessionReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *sessionReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *sessionReader) byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *sessionReader) string() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.fail()
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// decodeGobSession reads a session in scs' gob format (scs.GobCodec), so sessions made before the codec
// changed stay signed in.
func decodeGobSession(b []byte) (time.Time, map[string]any, error) {
	aux := struct {
		Deadline time.Time
		Values   map[string]any
	}{}
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&aux); err != nil {
		return time.Time{}, nil, err
	}
	return aux.Deadline, aux.Values, nil
}
