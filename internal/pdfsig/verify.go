package pdfsig

import (
	"bytes"
	"crypto/x509"
	"errors"
	"strings"
	"time"

	"github.com/digitorus/pdfsign/verify"
)

// Status is the verdict on a PDF's electronic signatures, as staff read it (UU 11/2008 jo. PP 71/2019: an
// electronic signature is valid when it is tied to its signer and any change after signing shows).
type Status string

// The verdicts. BelumDiperiksa is the structural answer kept for files no cryptographic check can read (and
// for uploads made before the check existed): a signature was found, nothing more is known.
const (
	Sah                    Status = "sah"
	TidakSah               Status = "tidak_sah"
	TidakAda               Status = "tidak_ada"
	PenerbitTidakDipercaya Status = "penerbit_tidak_dipercaya"
	BelumDiperiksa         Status = "belum_diperiksa"
)

var statusLabels = map[Status]string{
	Sah:                    "Sah",
	TidakSah:               "Tidak sah",
	TidakAda:               "Tidak ada tanda tangan elektronik",
	PenerbitTidakDipercaya: "Penerbit tidak dipercaya",
	BelumDiperiksa:         "Tanda tangan digital terdeteksi, belum dapat diperiksa",
}

// Label is the verdict's Indonesian name.
func (s Status) Label() string { return statusLabels[s] }

// Signer is one signature of a file, as its certificate names it.
type Signer struct {
	Name         string    `json:"nama"`       // the certificate's common name
	Organization string    `json:"organisasi"` // its organisation, when given
	Issuer       string    `json:"penerbit"`   // the issuing authority's common name
	SignedAt     time.Time `json:"waktu"`
	// TimeSource says where SignedAt comes from: "stempel_waktu" (an RFC 3161 time-stamp in the signature)
	// or "penanda_tangan" (the time the signing software wrote, which the signer controls).
	TimeSource string `json:"sumber_waktu"`
	Status     Status `json:"status"`
	Reason     string `json:"alasan,omitempty"`
}

// Verifier checks signatures against its trust roots: the BSrE root in production (TTE_TRUST_ROOTS), a test
// CA in tests.
type Verifier struct {
	roots *x509.CertPool
	count int
}

// NewVerifier trusts certs as roots. With none, every signature's issuer is untrusted.
func NewVerifier(certs []*x509.Certificate) *Verifier {
	v := &Verifier{roots: x509.NewCertPool(), count: len(certs)}
	for _, c := range certs {
		v.roots.AddCert(c)
	}
	return v
}

// Trusted reports whether the verifier has any trust root.
func (v *Verifier) Trusted() bool { return v != nil && v.count > 0 }

// clockSkew is how far past the upload a signing time may claim to be, for clocks a little ahead.
const clockSkew = 5 * time.Minute

// Reasons a verdict gives, in Indonesian.
const (
	reasonChanged     = "Isi berkas berubah setelah ditandatangani."
	reasonAppended    = "Ada bagian berkas yang ditambahkan setelah tanda tangan terakhir dan tidak tercakup tanda tangan."
	reasonUnreadable  = "Berkas memuat kolom tanda tangan tanpa tanda tangan elektronik yang dapat diperiksa."
	reasonExpired     = "Sertifikat penanda tangan tidak berlaku pada waktu penandatanganan."
	reasonRevoked     = "Sertifikat penanda tangan telah dicabut."
	reasonFuture      = "Waktu penandatanganan tercatat di masa depan."
	reasonUntrusted   = "Sertifikat penanda tangan tidak diterbitkan oleh penyelenggara sertifikasi elektronik yang dipercaya (BSrE)."
	reasonNotVerified = "Struktur tanda tangan ditemukan, tetapi berkas tidak dapat dibaca untuk pemeriksaan kriptografis."
)

// Check reads every signature of pdf: the signature value over the bytes its /ByteRange covers, the last one
// covering the whole file, and each signer's certificate chained to a trust root and valid at the signing time
// (the time-stamp's when there is one). now is the time of upload. The structural fields of Result are
// Detect's.
func (v *Verifier) Check(pdf []byte, now time.Time) Result {
	r := Detect(pdf)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		r.Status = TidakAda
		return r
	}
	if r.Broken > 0 {
		r.Status, r.Reason = TidakSah, reasonChanged
		return r
	}
	opts := verify.DefaultVerifyOptions()
	// The key usages of BSrE certificates vary; the chain below accepts any, as a signing certificate's
	// purpose is the issuer's policy. No network: revocation comes from what the signature embeds.
	opts.RequiredEKUs, opts.AllowedEKUs, opts.RequireDigitalSignatureKU = nil, nil, false
	opts.EnableExternalRevocationCheck = false
	resp, err := verify.VerifyWithOptions(bytes.NewReader(pdf), int64(len(pdf)), opts)
	switch {
	case err != nil && strings.Contains(err.Error(), "no digital signature"):
		// No signature form: a /Sig dictionary outside one is not a signature anyone made.
		if r.Signed {
			r.Status, r.Reason = TidakSah, reasonUnreadable
		} else {
			r.Status = TidakAda
		}
		return r
	case err != nil || resp == nil:
		if r.Signed {
			r.Status, r.Reason = BelumDiperiksa, reasonNotVerified
		} else {
			r.Status = TidakAda
		}
		return r
	}
	if len(resp.Signers) == 0 && !r.Signed {
		r.Status = TidakAda
		return r
	}
	if len(resp.Signers) < r.Count || len(resp.Signers) == 0 {
		r.Status, r.Reason = TidakSah, reasonUnreadable
		return r
	}
	r.Status = Sah
	for _, s := range resp.Signers {
		sg := v.signer(s, resp.Error, now)
		r.Signers = append(r.Signers, sg)
		if worse(sg.Status, r.Status) {
			r.Status, r.Reason = sg.Status, sg.Reason
		}
	}
	if r.End != int64(len(pdf)) && r.Status != TidakSah {
		r.Status, r.Reason = TidakSah, reasonAppended
	}
	return r
}

// worse orders the verdicts of several signatures: the file is as good as its worst one.
func worse(a, b Status) bool {
	rank := map[Status]int{Sah: 0, PenerbitTidakDipercaya: 1, TidakSah: 2}
	return rank[a] > rank[b]
}

// signer judges one signature the library has read.
func (v *Verifier) signer(s verify.Signer, libErr string, now time.Time) Signer {
	leaf, pool := leafOf(s.Certificates)
	out := Signer{Status: Sah, TimeSource: "penanda_tangan", SignedAt: now}
	if leaf != nil {
		out.Name, out.Issuer = leaf.Subject.CommonName, leaf.Issuer.CommonName
		if len(leaf.Subject.Organization) > 0 {
			out.Organization = leaf.Subject.Organization[0]
		}
	}
	switch {
	case s.TimeStamp != nil && !s.TimeStamp.Time.IsZero():
		out.SignedAt, out.TimeSource = s.TimeStamp.Time, "stempel_waktu"
	case s.SignatureTime != nil:
		out.SignedAt = *s.SignatureTime
	}
	fail := func(st Status, reason string) Signer {
		out.Status, out.Reason = st, reason
		return out
	}
	if !s.ValidSignature {
		if strings.Contains(libErr, "outside of certificate validity") {
			return fail(TidakSah, reasonExpired)
		}
		return fail(TidakSah, reasonChanged)
	}
	if leaf == nil {
		return fail(TidakSah, reasonUnreadable)
	}
	if s.RevokedCertificate {
		return fail(TidakSah, reasonRevoked)
	}
	if out.SignedAt.After(now.Add(clockSkew)) {
		return fail(TidakSah, reasonFuture)
	}
	_, err := leaf.Verify(x509.VerifyOptions{Roots: v.roots, Intermediates: pool, CurrentTime: out.SignedAt,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
	if err != nil {
		if ce, ok := errors.AsType[x509.CertificateInvalidError](err); ok && ce.Reason == x509.Expired {
			return fail(TidakSah, reasonExpired)
		}
		return fail(PenerbitTidakDipercaya, reasonUntrusted)
	}
	return out
}

// leafOf picks the signer's own certificate among those a signature carries (the one that issued none of the
// others and is no authority), with the rest as intermediates.
func leafOf(certs []verify.Certificate) (*x509.Certificate, *x509.CertPool) {
	pool := x509.NewCertPool()
	var leaf *x509.Certificate
	for _, c := range certs {
		pool.AddCert(c.Certificate)
	}
	for _, c := range certs {
		issued := false
		for _, o := range certs {
			if o.Certificate != c.Certificate && bytes.Equal(o.Certificate.RawIssuer, c.Certificate.RawSubject) {
				issued = true
			}
		}
		if !issued && (leaf == nil || leaf.IsCA && !c.Certificate.IsCA) {
			leaf = c.Certificate
		}
	}
	return leaf, pool
}
