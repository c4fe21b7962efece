package crypt

import (
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"fmt"
)

// SegmentSize is the plaintext size of every segment of a document but the last, which may be shorter (never
// empty unless the whole document is).
const SegmentSize = 64 << 10

const noncePrefixSize = 7

// A document is encrypted as a sequence of segments so that neither writing nor reading it needs more memory
// than a segment or two. Segment seq is sealed under one key with
//
//	nonce = noncePrefix (7 random bytes, one per document) || uint32 big-endian seq || final flag (1 or 0)
//	aad   = caller's aad || uint32 big-endian seq
//
// so a segment opens only at its own position, in its own document, and only the real last segment opens as
// final: reordering, dropping, duplicating or truncating segments is detected by Open.

// SegmentSealer seals the segments of one document. It is not safe for concurrent use.
type SegmentSealer struct {
	aead   cipher.AEAD
	prefix []byte
	aad    []byte
	next   uint32
	done   bool
}

// SegmentOpener opens the segments of one document. It keeps no state between calls, so segments may be
// opened one at a time from anywhere; the caller must ask for seq 0, 1, 2... and pass final for the last one.
type SegmentOpener struct {
	aead   cipher.AEAD
	prefix []byte
	aad    []byte
}

// NewSegmentSealer starts a document under the current key with a fresh random nonce prefix. Store keyID and
// noncePrefix beside the segments: NewSegmentOpener needs them.
func (k *Keyring) NewSegmentSealer(aad []byte) (keyID string, noncePrefix []byte, s *SegmentSealer) {
	prefix := make([]byte, noncePrefixSize)
	_, _ = rand.Read(prefix) // never fails since Go 1.24
	s = &SegmentSealer{aead: k.aeads[k.current], prefix: prefix, aad: append([]byte(nil), aad...)}
	return k.current, append([]byte(nil), prefix...), s
}

// Seal encrypts segment seq; final marks the last segment. Segments must be sealed in order from 0, each once,
// and nothing after the final one: a nonce must never be used twice, so Seal panics on any other use, which is
// a programming error.
func (s *SegmentSealer) Seal(seq uint32, plain []byte, final bool) []byte {
	if s.done || seq != s.next {
		panic(fmt.Sprintf("crypt: segment %d sealed out of order (next is %d, finished %v)", seq, s.next, s.done))
	}
	if seq == ^uint32(0) && !final {
		panic("crypt: too many segments")
	}
	s.next++
	s.done = final
	nonce := segmentNonce(s.prefix, seq, final)
	return s.aead.Seal(nil, nonce[:], plain, segmentAAD(s.aad, seq))
}

// NewSegmentOpener prepares to open a document sealed under keyID with noncePrefix and aad. It fails for an
// unknown key id or a nonce prefix of the wrong length.
func (k *Keyring) NewSegmentOpener(keyID string, noncePrefix, aad []byte) (*SegmentOpener, error) {
	a, err := k.aead(keyID)
	if err != nil {
		return nil, err
	}
	if len(noncePrefix) != noncePrefixSize {
		return nil, fmt.Errorf("crypt: nonce prefix must be %d bytes, got %d", noncePrefixSize, len(noncePrefix))
	}
	return &SegmentOpener{
		aead:   a,
		prefix: append([]byte(nil), noncePrefix...),
		aad:    append([]byte(nil), aad...),
	}, nil
}

// Open decrypts segment seq, which must have been sealed at that position with the same final flag; otherwise
// it returns ErrDecrypt.
func (o *SegmentOpener) Open(seq uint32, sealed []byte, final bool) ([]byte, error) {
	nonce := segmentNonce(o.prefix, seq, final)
	plain, err := o.aead.Open(nil, nonce[:], sealed, segmentAAD(o.aad, seq))
	if err != nil {
		return nil, fmt.Errorf("segment %d: %w", seq, ErrDecrypt)
	}
	return plain, nil
}

func segmentNonce(prefix []byte, seq uint32, final bool) [nonceSize]byte {
	var n [nonceSize]byte
	copy(n[:], prefix)
	binary.BigEndian.PutUint32(n[noncePrefixSize:], seq)
	if final {
		n[nonceSize-1] = 1
	}
	return n
}

func segmentAAD(aad []byte, seq uint32) []byte {
	return binary.BigEndian.AppendUint32(append(make([]byte, 0, len(aad)+4), aad...), seq)
}
