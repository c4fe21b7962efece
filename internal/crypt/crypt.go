// Package crypt encrypts personal data and documents at rest with AES-256-GCM under a keyring of named keys,
// and computes the HMACs the portal stores instead of tokens, codes and IP addresses. Standard library only.
package crypt

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/bappenas/portal-regsosek/internal/config"
)

// ErrDecrypt is returned when a ciphertext does not authenticate: wrong key, wrong associated data, or tampering.
var ErrDecrypt = errors.New("crypt: message authentication failed")

const nonceSize = 12

// Keyring holds the AES-256 keys. The first key encrypts; every key decrypts, so a key is rotated by putting a
// new one first and keeping the old ones until nothing sealed under them remains.
type Keyring struct {
	current string
	aeads   map[string]cipher.AEAD
}

// NewKeyring builds a keyring from the configured keys, the first of which encrypts. It refuses an empty list,
// an empty or repeated id, and any key that is not 32 bytes.
func NewKeyring(keys []config.Key) (*Keyring, error) {
	if len(keys) == 0 {
		return nil, errors.New("crypt: no encryption key")
	}
	k := &Keyring{current: keys[0].ID, aeads: make(map[string]cipher.AEAD, len(keys))}
	for _, key := range keys {
		if key.ID == "" {
			return nil, errors.New("crypt: key with an empty id")
		}
		if _, dup := k.aeads[key.ID]; dup {
			return nil, fmt.Errorf("crypt: key id %q appears twice", key.ID)
		}
		if len(key.Bytes) != 32 {
			return nil, fmt.Errorf("crypt: key %q must be 32 bytes, got %d", key.ID, len(key.Bytes))
		}
		block, err := aes.NewCipher(key.Bytes)
		if err != nil {
			return nil, fmt.Errorf("crypt: key %q: %w", key.ID, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("crypt: key %q: %w", key.ID, err)
		}
		k.aeads[key.ID] = aead
	}
	return k, nil
}

// CurrentKeyID is the id of the key that Seal and NewSegmentSealer use.
func (k *Keyring) CurrentKeyID() string { return k.current }

func (k *Keyring) aead(keyID string) (cipher.AEAD, error) {
	a, ok := k.aeads[keyID]
	if !ok {
		return nil, fmt.Errorf("crypt: unknown key id %q", keyID)
	}
	return a, nil
}

// Seal encrypts a small value (a NIK, a TOTP secret, a wizard draft) under the current key, binding aad to it.
// The ciphertext is a random 12-byte nonce followed by the GCM output; store keyID beside it.
func (k *Keyring) Seal(plaintext, aad []byte) (keyID string, ciphertext []byte, err error) {
	a := k.aeads[k.current]
	nonce := make([]byte, nonceSize, nonceSize+len(plaintext)+a.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", nil, fmt.Errorf("crypt: nonce: %w", err)
	}
	return k.current, a.Seal(nonce, nonce, plaintext, aad), nil
}

// Open decrypts what Seal returned, with the same aad. It fails for an unknown key id and with ErrDecrypt
// for anything that does not authenticate.
func (k *Keyring) Open(keyID string, ciphertext, aad []byte) ([]byte, error) {
	a, err := k.aead(keyID)
	if err != nil {
		return nil, err
	}
	if len(ciphertext) < nonceSize+a.Overhead() {
		return nil, ErrDecrypt
	}
	plain, err := a.Open(nil, ciphertext[:nonceSize], ciphertext[nonceSize:], aad)
	if err != nil {
		return nil, ErrDecrypt
	}
	return plain, nil
}

// MAC returns HMAC-SHA256(secret, parts joined with a 0 byte). The portal stores it in place of tokens, OTP
// codes and IP addresses it must look up without keeping them in clear. Parts must not contain a 0 byte.
func MAC(secret []byte, parts ...string) []byte {
	m := hmac.New(sha256.New, secret)
	for i, p := range parts {
		if i > 0 {
			m.Write([]byte{0})
		}
		m.Write([]byte(p))
	}
	return m.Sum(nil)
}

// RandomToken returns 32 random bytes, base64url without padding (43 characters): for links and session-like ids.
func RandomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never returns an error since Go 1.24; it crashes the program instead
	return base64.RawURLEncoding.EncodeToString(b)
}
