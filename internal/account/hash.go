package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters for new hashes. With 64 MiB, two passes and two lanes a hash took about 65 ms on an idle
// two-core machine (t=3: about 95 ms, too close to the 100 ms budget; see BenchmarkHashPassword). Stored hashes
// keep their own parameters, so these can be raised later without invalidating anything.
const (
	argonMemory  = 64 * 1024 // KiB
	argonTime    = 2
	argonThreads = 2
	argonSaltLen = 16
	argonKeyLen  = 32
)

// Bounds on parameters read back from a stored hash, so that a corrupted or hostile row cannot make
// VerifyPassword allocate gigabytes or spin for minutes.
const (
	maxArgonMemory  = 1024 * 1024 // 1 GiB in KiB
	maxArgonTime    = 16
	maxArgonThreads = 64
	minArgonSaltLen = 8
	minArgonKeyLen  = 16
	maxArgonKeyLen  = 128
)

// errMalformedHash is an internal error: it means a stored hash is damaged, not that the user typed wrongly.
var errMalformedHash = errors.New("account: malformed argon2id hash")

var b64 = base64.RawStdEncoding

// HashPassword hashes password with argon2id and a random 16-byte salt, and returns the PHC string
// "$argon2id$v=19$m=65536,t=2,p=2$<salt>$<hash>" with raw standard base64 (no padding).
func HashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("account: hash password: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches the PHC string encoded, using the parameters stored in it
// and a constant-time comparison. A wrong password gives (false, nil); a damaged or unsupported hash gives an
// error.
func VerifyPassword(encoded, password string) (bool, error) {
	p, err := parseArgon2id(encoded)
	if err != nil {
		return false, err
	}
	key := argon2.IDKey([]byte(password), p.salt, p.time, p.memory, p.threads, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(key, p.key) == 1, nil
}

type argon2idHash struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

// parseArgon2id splits "$argon2id$v=19$m=M,t=T,p=P$salt$hash" and checks every part.
func parseArgon2id(encoded string) (argon2idHash, error) {
	var h argon2idHash
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return h, errMalformedHash
	}
	if parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return h, fmt.Errorf("%w: unsupported version %q", errMalformedHash, parts[2])
	}
	m, t, p, ok := parseArgon2Params(parts[3])
	if !ok {
		return h, fmt.Errorf("%w: bad parameters", errMalformedHash)
	}
	if t < 1 || t > maxArgonTime || p < 1 || p > maxArgonThreads || m < 8*p || m > maxArgonMemory {
		return h, fmt.Errorf("%w: parameters out of range", errMalformedHash)
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < minArgonSaltLen {
		return h, fmt.Errorf("%w: bad salt", errMalformedHash)
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < minArgonKeyLen || len(key) > maxArgonKeyLen {
		return h, fmt.Errorf("%w: bad hash", errMalformedHash)
	}
	return argon2idHash{memory: m, time: t, threads: uint8(p), salt: salt, key: key}, nil
}

// parseArgon2Params reads "m=M,t=T,p=P", in that order.
func parseArgon2Params(s string) (m, t, p uint32, ok bool) {
	fields := strings.Split(s, ",")
	if len(fields) != 3 {
		return 0, 0, 0, false
	}
	var vals [3]uint32
	for i, name := range []string{"m=", "t=", "p="} {
		v, found := strings.CutPrefix(fields[i], name)
		n, err := strconv.ParseUint(v, 10, 32)
		if !found || err != nil {
			return 0, 0, 0, false
		}
		vals[i] = uint32(n)
	}
	return vals[0], vals[1], vals[2], true
}
