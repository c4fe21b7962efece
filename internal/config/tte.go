package config

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
)

// loadTrustRoots reads TTE_TRUST_ROOTS, the PEM file of the certificates an electronic signature on a PKS or
// NDA must chain to: in production the root of BSrE (Balai Besar Sertifikasi Elektronik, BSSN) and, when its
// signing certificates are issued below an intermediate the signatures do not carry, that intermediate too.
// Unset, no signature can be "sah": each is reported with an untrusted issuer.
func loadTrustRoots(path string) ([]*x509.Certificate, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("TTE_TRUST_ROOTS: %w", err)
	}
	var certs []*x509.Certificate
	for {
		var block *pem.Block
		block, b = pem.Decode(b)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("TTE_TRUST_ROOTS: a certificate in %s cannot be read: %w", path, err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, errors.New("TTE_TRUST_ROOTS: " + path + " holds no PEM certificate")
	}
	return certs, nil
}
