package crypt

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/config"
)

func testKey(id string, b byte) config.Key {
	return config.Key{ID: id, Bytes: bytes.Repeat([]byte{b}, 32)}
}

func mustKeyring(t *testing.T, keys ...config.Key) *Keyring {
	t.Helper()
	k, err := NewKeyring(keys)
	if err != nil {
		t.Fatalf("NewKeyring: %v", err)
	}
	return k
}

func TestNewKeyringRefuses(t *testing.T) {
	tests := []struct {
		name string
		keys []config.Key
	}{
		{"none", nil},
		{"short", []config.Key{{ID: "a", Bytes: make([]byte, 16)}}},
		{"long", []config.Key{{ID: "a", Bytes: make([]byte, 33)}}},
		{"second bad", []config.Key{testKey("a", 1), {ID: "b", Bytes: make([]byte, 31)}}},
		{"empty id", []config.Key{{ID: "", Bytes: make([]byte, 32)}}},
		{"duplicate id", []config.Key{testKey("a", 1), testKey("a", 2)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewKeyring(tt.keys); err == nil {
				t.Fatal("NewKeyring accepted bad keys")
			}
		})
	}
}

func TestSealOpen(t *testing.T) {
	k := mustKeyring(t, testKey("k1", 1))
	for _, plain := range [][]byte{nil, []byte("3171012345678901"), bytes.Repeat([]byte("x"), 10000)} {
		id, ct, err := k.Seal(plain, []byte("pejabat:7:nik"))
		if err != nil {
			t.Fatal(err)
		}
		if id != "k1" {
			t.Errorf("key id = %q, want k1", id)
		}
		if len(plain) > 0 && bytes.Contains(ct, plain) {
			t.Error("ciphertext contains the plaintext")
		}
		got, err := k.Open(id, ct, []byte("pejabat:7:nik"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, plain) {
			t.Errorf("round trip = %q, want %q", got, plain)
		}
	}

	// The same plaintext twice gives different ciphertexts (random nonce).
	_, a, _ := k.Seal([]byte("same"), nil)
	_, b, _ := k.Seal([]byte("same"), nil)
	if bytes.Equal(a, b) {
		t.Error("two seals of the same plaintext are equal")
	}
}

func TestOpenTampered(t *testing.T) {
	k := mustKeyring(t, testKey("k1", 1))
	aad := []byte("pejabat:7:nik")
	id, ct, _ := k.Seal([]byte("3171012345678901"), aad)
	for i := range ct {
		bad := bytes.Clone(ct)
		bad[i] ^= 0x01
		if _, err := k.Open(id, bad, aad); !errors.Is(err, ErrDecrypt) {
			t.Fatalf("flipped byte %d: err = %v, want ErrDecrypt", i, err)
		}
	}
	if _, err := k.Open(id, ct, []byte("pejabat:8:nik")); !errors.Is(err, ErrDecrypt) {
		t.Errorf("other aad: err = %v, want ErrDecrypt", err)
	}
	if _, err := k.Open(id, ct[:len(ct)-1], aad); !errors.Is(err, ErrDecrypt) {
		t.Errorf("truncated: err = %v, want ErrDecrypt", err)
	}
	if _, err := k.Open(id, ct[:5], aad); !errors.Is(err, ErrDecrypt) {
		t.Errorf("shorter than a nonce: err = %v, want ErrDecrypt", err)
	}
	if _, err := k.Open(id, nil, aad); !errors.Is(err, ErrDecrypt) {
		t.Errorf("empty: err = %v, want ErrDecrypt", err)
	}
}

func TestKeyRotation(t *testing.T) {
	old := mustKeyring(t, testKey("k1", 1))
	id, ct, _ := old.Seal([]byte("rahasia"), nil)
	sid, prefix, s := old.NewSegmentSealer([]byte("doc:1"))
	seg := s.Seal(0, []byte("isi dokumen"), true)

	rotated := mustKeyring(t, testKey("k2", 2), testKey("k1", 1))
	if got, err := rotated.Open(id, ct, nil); err != nil || string(got) != "rahasia" {
		t.Errorf("open old value after rotation = %q, %v", got, err)
	}
	o, err := rotated.NewSegmentOpener(sid, prefix, []byte("doc:1"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := o.Open(0, seg, true); err != nil || string(got) != "isi dokumen" {
		t.Errorf("open old segment after rotation = %q, %v", got, err)
	}
	if newID, _, _ := rotated.Seal([]byte("baru"), nil); newID != "k2" {
		t.Errorf("after rotation Seal uses %q, want k2", newID)
	}
	if newID, _, _ := rotated.NewSegmentSealer(nil); newID != "k2" {
		t.Errorf("after rotation NewSegmentSealer uses %q, want k2", newID)
	}

	// A value sealed under k1 must not open as if it were k2's.
	if _, err := rotated.Open("k2", ct, nil); !errors.Is(err, ErrDecrypt) {
		t.Errorf("open under the wrong key: err = %v, want ErrDecrypt", err)
	}
}

func TestUnknownKeyID(t *testing.T) {
	k := mustKeyring(t, testKey("k1", 1))
	_, ct, _ := k.Seal([]byte("x"), nil)
	if _, err := k.Open("gone", ct, nil); err == nil || !strings.Contains(err.Error(), "unknown key id") {
		t.Errorf("Open with unknown key: err = %v", err)
	}
	if _, err := k.NewSegmentOpener("gone", make([]byte, 7), nil); err == nil || !strings.Contains(err.Error(), "unknown key id") {
		t.Errorf("NewSegmentOpener with unknown key: err = %v", err)
	}
	if _, err := k.NewSegmentOpener("k1", make([]byte, 12), nil); err == nil {
		t.Error("NewSegmentOpener accepted a 12-byte prefix")
	}
}

// sealAll cuts plain into SegmentSize pieces and seals them; an empty plain gives one empty final segment.
func sealAll(t *testing.T, k *Keyring, plain, aad []byte) (string, []byte, [][]byte) {
	t.Helper()
	id, prefix, s := k.NewSegmentSealer(aad)
	var segs [][]byte
	for seq := uint32(0); ; seq++ {
		n := min(len(plain), SegmentSize)
		final := n == len(plain)
		segs = append(segs, s.Seal(seq, plain[:n], final))
		plain = plain[n:]
		if final {
			return id, prefix, segs
		}
	}
}

func openAll(k *Keyring, id string, prefix, aad []byte, segs [][]byte) ([]byte, error) {
	o, err := k.NewSegmentOpener(id, prefix, aad)
	if err != nil {
		return nil, err
	}
	var out []byte
	for i, seg := range segs {
		p, err := o.Open(uint32(i), seg, i == len(segs)-1)
		if err != nil {
			return nil, err
		}
		out = append(out, p...)
	}
	return out, nil
}

func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

func TestSegmentsRoundTrip(t *testing.T) {
	k := mustKeyring(t, testKey("k1", 1))
	aad := []byte("documents:42")
	for _, n := range []int{0, 1, SegmentSize - 1, SegmentSize, SegmentSize + 1, 3*SegmentSize + 123} {
		plain := pattern(n)
		id, prefix, segs := sealAll(t, k, plain, aad)
		if want := max(1, (n+SegmentSize-1)/SegmentSize); len(segs) != want {
			t.Errorf("%d bytes: %d segments, want %d", n, len(segs), want)
		}
		if len(prefix) != 7 {
			t.Errorf("nonce prefix is %d bytes, want 7", len(prefix))
		}
		got, err := openAll(k, id, prefix, aad, segs)
		if err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		if !bytes.Equal(got, plain) {
			t.Errorf("%d bytes: round trip differs", n)
		}
	}
}

func TestSegmentsTampered(t *testing.T) {
	k := mustKeyring(t, testKey("k1", 1))
	aad := []byte("documents:42")
	plain := pattern(3*SegmentSize + 500) // 4 segments
	id, prefix, segs := sealAll(t, k, plain, aad)
	if _, err := openAll(k, id, prefix, aad, segs); err != nil {
		t.Fatalf("untampered: %v", err)
	}
	clone := func() [][]byte {
		c := make([][]byte, len(segs))
		for i := range segs {
			c[i] = bytes.Clone(segs[i])
		}
		return c
	}
	tests := []struct {
		name   string
		prefix []byte
		aad    []byte
		segs   func() [][]byte
	}{
		{"flip a ciphertext byte", prefix, aad, func() [][]byte { c := clone(); c[1][100] ^= 1; return c }},
		{"flip a tag byte", prefix, aad, func() [][]byte { c := clone(); c[3][len(c[3])-1] ^= 0x80; return c }},
		{"swap two segments", prefix, aad, func() [][]byte { c := clone(); c[1], c[2] = c[2], c[1]; return c }},
		{"drop the last segment", prefix, aad, func() [][]byte { return clone()[:3] }},
		{"drop a middle segment", prefix, aad, func() [][]byte { c := clone(); return append(c[:1], c[2:]...) }},
		{"duplicate a segment", prefix, aad, func() [][]byte { c := clone(); return append(c[:2], c[1:]...) }},
		{"append a segment after the final one", prefix, aad, func() [][]byte { c := clone(); return append(c, c[3]) }},
		{"truncate a segment", prefix, aad, func() [][]byte { c := clone(); c[0] = c[0][:len(c[0])-1]; return c }},
		{"other document's aad", prefix, []byte("documents:43"), clone},
		{"other nonce prefix", []byte{1, 2, 3, 4, 5, 6, 7}, aad, clone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := openAll(k, id, tt.prefix, tt.aad, tt.segs()); !errors.Is(err, ErrDecrypt) {
				t.Fatalf("err = %v, want ErrDecrypt", err)
			}
		})
	}

	t.Run("non-final segment opened as final", func(t *testing.T) {
		o, _ := k.NewSegmentOpener(id, prefix, aad)
		if _, err := o.Open(2, segs[2], true); !errors.Is(err, ErrDecrypt) {
			t.Fatalf("err = %v, want ErrDecrypt", err)
		}
	})
	t.Run("final segment opened as non-final", func(t *testing.T) {
		o, _ := k.NewSegmentOpener(id, prefix, aad)
		if _, err := o.Open(3, segs[3], false); !errors.Is(err, ErrDecrypt) {
			t.Fatalf("err = %v, want ErrDecrypt", err)
		}
	})
	t.Run("segments from another document", func(t *testing.T) {
		id2, prefix2, segs2 := sealAll(t, k, plain, aad) // same plaintext and aad, fresh prefix
		if bytes.Equal(segs2[0], segs[0]) {
			t.Fatal("two documents with the same content have equal segments")
		}
		mixed := append([][]byte{segs2[0]}, segs[1:]...)
		if _, err := openAll(k, id2, prefix2, aad, mixed); !errors.Is(err, ErrDecrypt) {
			t.Fatalf("err = %v, want ErrDecrypt", err)
		}
	})
}

func TestSegmentSealerMisusePanics(t *testing.T) {
	k := mustKeyring(t, testKey("k1", 1))
	tests := []struct {
		name string
		use  func(s *SegmentSealer)
	}{
		{"start at 1", func(s *SegmentSealer) { s.Seal(1, nil, true) }},
		{"seal a seq twice", func(s *SegmentSealer) { s.Seal(0, []byte("a"), false); s.Seal(0, []byte("b"), false) }},
		{"seal after final", func(s *SegmentSealer) { s.Seal(0, []byte("a"), true); s.Seal(1, []byte("b"), true) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("no panic: a nonce could be reused")
				}
			}()
			_, _, s := k.NewSegmentSealer(nil)
			tt.use(s)
		})
	}
}

func TestSegmentAADNotAliased(t *testing.T) {
	k := mustKeyring(t, testKey("k1", 1))
	aad := []byte("documents:1")
	id, prefix, s := k.NewSegmentSealer(aad)
	aad[len(aad)-1] = '9' // the caller reuses its buffer
	seg := s.Seal(0, []byte("x"), true)
	o, _ := k.NewSegmentOpener(id, prefix, []byte("documents:1"))
	if _, err := o.Open(0, seg, true); err != nil {
		t.Fatalf("sealer kept a reference to the caller's aad: %v", err)
	}
}

func TestMAC(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("otp\x00pejabat:5\x00123456"))
	if got, want := MAC(secret, "otp", "pejabat:5", "123456"), m.Sum(nil); !bytes.Equal(got, want) {
		t.Errorf("MAC = %x, want %x", got, want)
	}
	if len(MAC(secret)) != 32 {
		t.Error("MAC is not 32 bytes")
	}
	// The separator keeps part boundaries: ("ab","c") and ("a","bc") differ.
	if bytes.Equal(MAC(secret, "ab", "c"), MAC(secret, "a", "bc")) {
		t.Error("MAC ignores part boundaries")
	}
	if bytes.Equal(MAC(secret, "x"), MAC([]byte("another secret"), "x")) {
		t.Error("MAC ignores the secret")
	}
}

func TestRandomToken(t *testing.T) {
	a, b := RandomToken(), RandomToken()
	if a == b {
		t.Error("two tokens are equal")
	}
	raw, err := base64.RawURLEncoding.DecodeString(a)
	if err != nil || len(raw) != 32 {
		t.Errorf("token %q: %d bytes, %v", a, len(raw), err)
	}
	if strings.ContainsAny(a, "+/=") {
		t.Errorf("token %q is not base64url without padding", a)
	}
}
