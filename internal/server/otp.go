package server

import (
	"crypto/rand"
	"fmt"
	"math/big"
)

// otpCode returns a uniformly random 6-digit code.
func otpCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return fmt.Sprintf("%06d", n.Int64())
}
