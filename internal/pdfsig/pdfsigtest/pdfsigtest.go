// Package pdfsigtest makes what the tests of e-signed PDFs need: a certification authority of their own (the
// stand-in for BSrE in tests), certificates it issues, self-signed ones, and PDFs really signed with them
// (PAdES-style incremental updates written by github.com/digitorus/pdfsign/sign). Nothing here is used by
// the portal itself.
package pdfsigtest

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"sync/atomic"
	"time"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pdfsign/sign"
)

var serial atomic.Int64

func nextSerial() *big.Int { return big.NewInt(1000 + serial.Add(1)) }

// CA is a root certification authority.
type CA struct {
	Cert *x509.Certificate
	Key  crypto.Signer
}

// NewCA makes a root CA named name, valid from ten years ago to ten years ahead.
func NewCA(name string) (*CA, error) {
	now := time.Now()
	cert, key, err := selfSigned(&x509.Certificate{
		SerialNumber:          nextSerial(),
		Subject:               pkix.Name{CommonName: name, Organization: []string{name}, Country: []string{"ID"}},
		NotBefore:             now.AddDate(-10, 0, 0),
		NotAfter:              now.AddDate(10, 0, 0),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	})
	if err != nil {
		return nil, err
	}
	return &CA{Cert: cert, Key: key}, nil
}

// selfSigned makes a key and a certificate from tmpl that signs itself.
func selfSigned(tmpl *x509.Certificate) (*x509.Certificate, crypto.Signer, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	return cert, key, err
}

// PEM is the CA's certificate as a PEM file, the form TTE_TRUST_ROOTS reads.
func (ca *CA) PEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Cert.Raw})
}

// Signer is a person's signing certificate with its key and the chain above it.
type Signer struct {
	Cert  *x509.Certificate
	Key   crypto.Signer
	Chain []*x509.Certificate // the issuers, nearest first; empty for a self-signed certificate
}

func leafTemplate(name, org string, notBefore, notAfter time.Time) *x509.Certificate {
	return &x509.Certificate{
		SerialNumber: nextSerial(),
		Subject:      pkix.Name{CommonName: name, Organization: []string{org}, Country: []string{"ID"}},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
	}
}

// Issue makes a signing certificate for name (of org) valid from notBefore to notAfter, signed by the CA.
func (ca *CA) Issue(name, org string, notBefore, notAfter time.Time) (*Signer, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	der, err := x509.CreateCertificate(rand.Reader, leafTemplate(name, org, notBefore, notAfter), ca.Cert, &key.PublicKey, ca.Key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &Signer{Cert: cert, Key: key, Chain: []*x509.Certificate{ca.Cert}}, nil
}

// SelfSigned makes a certificate for name that signs itself: anyone can make one.
func SelfSigned(name, org string) (*Signer, error) {
	now := time.Now()
	cert, key, err := selfSigned(leafTemplate(name, org, now.AddDate(-1, 0, 0), now.AddDate(2, 0, 0)))
	if err != nil {
		return nil, err
	}
	return &Signer{Cert: cert, Key: key}, nil
}

// Sign appends a signature by s to pdf as an incremental update (an approval signature, so a second party
// can sign after it), dated at, and returns the signed file.
func (s *Signer) Sign(in []byte, at time.Time) ([]byte, error) {
	rdr, err := pdf.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		return nil, fmt.Errorf("pdfsigtest: read: %w", err)
	}
	var out bytes.Buffer
	err = sign.Sign(bytes.NewReader(in), &out, rdr, int64(len(in)), sign.SignData{
		Signature: sign.SignDataSignature{
			CertType:   sign.ApprovalSignature,
			DocMDPPerm: sign.AllowFillingExistingFormFieldsAndSignaturesPerms,
			Info:       sign.SignDataSignatureInfo{Name: s.Cert.Subject.CommonName, Location: "Jakarta", Reason: "Persetujuan", Date: at},
		},
		Signer:            s.Key,
		DigestAlgorithm:   crypto.SHA256,
		Certificate:       s.Cert,
		CertificateChains: [][]*x509.Certificate{append([]*x509.Certificate{s.Cert}, s.Chain...)},
	})
	if err != nil {
		return nil, fmt.Errorf("pdfsigtest: sign: %w", err)
	}
	return out.Bytes(), nil
}

// PDF returns a small, well-formed one-page PDF carrying text (with a classic cross-reference table, as
// office software writes).
func PDF(text string) []byte {
	content := "BT /F1 12 Tf 72 720 Td (" + text + ") Tj ET"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// BareSignature appends to pdf, as a well-formed incremental update, a signature field and dictionary copied
// by hand the way a forger would: a /ByteRange around a /Contents of zeros, no signature anyone made.
func BareSignature(pdf []byte) []byte {
	return bareSignature(pdf, true)
}

// BareSignatureUnreadable is BareSignature without the update's cross-reference section, so no PDF reader
// can open the result: only the structure is there to see.
func BareSignatureUnreadable(pdf []byte) []byte {
	return bareSignature(pdf, false)
}

func bareSignature(pdf []byte, wellFormed bool) []byte {
	var prevXref int
	if i := bytes.LastIndex(pdf, []byte("startxref\n")); i >= 0 {
		_, _ = fmt.Sscanf(string(pdf[i+len("startxref\n"):]), "%d", &prevXref)
	}
	var b bytes.Buffer
	b.Write(pdf)
	off6 := b.Len()
	b.WriteString("6 0 obj\n<< /FT /Sig /T (Pihak Kedua) /V 7 0 R >>\nendobj\n")
	off7 := b.Len()
	b.WriteString("7 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 0000000000 0000000000 0000000000] /Contents <")
	start := b.Len() - 1
	b.WriteString("3082" + string(bytes.Repeat([]byte("0"), 4092)) + ">")
	end := b.Len()
	b.WriteString(" /M (D:20261122090000+07'00') >>\nendobj\n")
	if wellFormed {
		xref := b.Len()
		fmt.Fprintf(&b, "xref\n6 2\n%010d 00000 n \n%010d 00000 n \ntrailer\n<< /Size 8 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n",
			off6, off7, prevXref, xref)
	} else {
		b.WriteString("trailer\n<< /Size 8 /Root 1 0 R >>\n%%EOF\n")
	}
	out := b.Bytes()
	i := bytes.Index(out, []byte("[0 0000000000 0000000000 0000000000]"))
	copy(out[i:], fmt.Sprintf("[0 %010d %010d %010d]", start, end, len(out)-end))
	return out
}
