// Package sepakat provisions the Sepakat accounts through which operators use Regsosek data (pedoman §3.2.2,
// Tahap 6). One interface, Provisioner, has two adapters: the built-in registry (store.SepakatRegistry, the
// default), which keeps the accounts in the portal's database, and HTTP, a client of a Sepakat provisioning
// API. Every call carries an idempotency key: the background job that makes it sends the same key on every
// retry, so a call repeated after a crash replays instead of creating a second account.
package sepakat

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// Account is an account to create: who uses it, the wilayah and approved tier it sees, and until when.
type Account struct {
	Username      string
	Password      string
	Wilayah       string // a Kemendagri code, or "nasional"
	JenisData     string // the approved jenis data: agregat_terpilah, mikro or bnba
	Tingkat       int    // its tier, 2 to 4
	BerlakuSampai time.Time
	Instansi      string
	Pengguna      string // the unit kerja, OPD or desa
	OperatorNama  string
	OperatorEmail string
}

// Provisioner creates, extends and revokes Sepakat accounts and sets their passwords. Implementations must
// be idempotent per key: a call repeated with a key already seen succeeds without doing it twice.
type Provisioner interface {
	// Create makes the account and returns its id in Sepakat.
	Create(ctx context.Context, key string, a Account) (string, error)
	// Extend moves the account's end date, and re-opens an account that was closed at its end.
	Extend(ctx context.Context, key, username string, until time.Time) error
	// Revoke closes the account at once. An account that does not exist counts as revoked.
	Revoke(ctx context.Context, key, username, reason string) error
	// SetPassword replaces the account's password (a re-issued link).
	SetPassword(ctx context.Context, key, username, password string) error
}

// Error is a failure reported by Sepakat. Temporary ones (a 5xx, 429, a network failure) are worth trying
// again later; permanent ones (other 4xx) need a person, so the job stops and staff see Message.
type Error struct {
	Op        string
	Status    int // the HTTP status, 0 when none came back
	Message   string
	Temporary bool
}

func (e *Error) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("sepakat: %s: %d %s", e.Op, e.Status, e.Message)
	}
	return fmt.Sprintf("sepakat: %s: %s", e.Op, e.Message)
}

// Permanent reports whether err is a refusal that retrying will not change.
func Permanent(err error) bool {
	var e *Error
	return errors.As(err, &e) && !e.Temporary
}

// Passwords are 20 characters from 64 symbols without look-alikes (0/O, 1/l/I), at least one of each class:
// about 119 bits, far beyond guessing, and readable when copied by hand from the screen.
const (
	lower    = "abcdefghijkmnpqrstuvwxyz"
	upper    = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	digits   = "23456789"
	symbols  = "-_!@#%+=?"
	alphabet = lower + upper + digits + symbols
	pwLength = 20
)

// GeneratePassword returns a new random password for a Sepakat account.
func GeneratePassword() string {
	for {
		b := make([]byte, pwLength)
		for i := range b {
			n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
			if err != nil {
				panic("sepakat: crypto/rand: " + err.Error())
			}
			b[i] = alphabet[n.Int64()]
		}
		p := string(b)
		if strings.ContainsAny(p, lower) && strings.ContainsAny(p, upper) && strings.ContainsAny(p, digits) && strings.ContainsAny(p, symbols) {
			return p
		}
	}
}
