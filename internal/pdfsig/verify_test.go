package pdfsig_test

import (
	"bytes"
	"crypto/x509"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/pdfsig"
	"github.com/bappenas/portal-regsosek/internal/pdfsig/pdfsigtest"
)

type fixture struct {
	ca, other          *pdfsigtest.CA
	budi, rina, lapsed *pdfsigtest.Signer
	stranger, self     *pdfsigtest.Signer
}

var (
	fixOnce sync.Once
	fix     fixture
	fixErr  error
)

// fixtures makes a test CA (the stand-in for BSrE), a second CA nobody configured, and signers.
func fixtures(t *testing.T) fixture {
	t.Helper()
	fixOnce.Do(func() {
		now := time.Now()
		must := func(s *pdfsigtest.Signer, err error) *pdfsigtest.Signer {
			if err != nil && fixErr == nil {
				fixErr = err
			}
			return s
		}
		if fix.ca, fixErr = pdfsigtest.NewCA("Uji BSrE Root CA"); fixErr != nil {
			return
		}
		if fix.other, fixErr = pdfsigtest.NewCA("CA Lain"); fixErr != nil {
			return
		}
		fix.budi = must(fix.ca.Issue("Budi Santoso", "Pemerintah Kota Bandung", now.AddDate(-1, 0, 0), now.AddDate(2, 0, 0)))
		fix.rina = must(fix.ca.Issue("Rina Wulandari", "Kementerian PPN/Bappenas", now.AddDate(-1, 0, 0), now.AddDate(2, 0, 0)))
		fix.lapsed = must(fix.ca.Issue("Andi Lapsed", "Pemerintah Kota Bandung", now.AddDate(-3, 0, 0), now.AddDate(-1, 0, 0)))
		fix.stranger = must(fix.other.Issue("Orang Lain", "Entah", now.AddDate(-1, 0, 0), now.AddDate(2, 0, 0)))
		fix.self = must(pdfsigtest.SelfSigned("Budi Santoso", "Pemerintah Kota Bandung"))
	})
	if fixErr != nil {
		t.Fatal(fixErr)
	}
	return fix
}

func signed(t *testing.T, s *pdfsigtest.Signer, pdf []byte, at time.Time) []byte {
	t.Helper()
	out, err := s.Sign(pdf, at)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestVerifierCheck(t *testing.T) {
	f := fixtures(t)
	now := time.Now()
	v := pdfsig.NewVerifier([]*x509.Certificate{f.ca.Cert})
	plain := pdfsigtest.PDF("PERJANJIAN KERJA SAMA PEMANFAATAN DATA REGSOSEK")
	good := signed(t, f.budi, plain, now.Add(-time.Hour))
	both := signed(t, f.rina, good, now.Add(-time.Minute))

	// One byte of the signed text changed: the PDF still reads, its signature no longer matches.
	tampered := bytes.Clone(good)
	i := bytes.Index(tampered, []byte("PEMANFAATAN"))
	tampered[i] = 'X'
	// The signature value replaced by zeros: a signature field nobody signed.
	emptied := regexp.MustCompile(`/Contents\s*<[0-9a-fA-F]+>`).ReplaceAllFunc(bytes.Clone(good), func(m []byte) []byte {
		open := bytes.IndexByte(m, '<')
		return append(m[:open+1:open+1], append(bytes.Repeat([]byte("0"), len(m)-open-2), '>')...)
	})
	appended := append(bytes.Clone(good), []byte("% isi tambahan setelah tanda tangan\n")...)
	truncated := good[:len(good)-30]

	tests := []struct {
		name    string
		pdf     []byte
		v       *pdfsig.Verifier
		status  pdfsig.Status
		signers []string
	}{
		{"signed by a certificate of the trusted CA", good, v, pdfsig.Sah, []string{"Budi Santoso"}},
		{"countersigned by a second party", both, v, pdfsig.Sah, []string{"Budi Santoso", "Rina Wulandari"}},
		{"one byte changed after signing", tampered, v, pdfsig.TidakSah, nil},
		{"self-signed certificate", signed(t, f.self, plain, now.Add(-time.Hour)), v, pdfsig.PenerbitTidakDipercaya, []string{"Budi Santoso"}},
		{"certificate of an authority nobody trusts", signed(t, f.stranger, plain, now.Add(-time.Hour)), v, pdfsig.PenerbitTidakDipercaya, []string{"Orang Lain"}},
		{"no trust root configured", good, pdfsig.NewVerifier(nil), pdfsig.PenerbitTidakDipercaya, []string{"Budi Santoso"}},
		{"certificate expired before signing", signed(t, f.lapsed, plain, now.Add(-time.Hour)), v, pdfsig.TidakSah, nil},
		{"bare /Sig dictionary", pdfsigtest.BareSignature(plain), v, pdfsig.TidakSah, nil},
		{"bare /Sig dictionary in a file no reader opens: the structure alone", pdfsigtest.BareSignatureUnreadable(plain), v, pdfsig.BelumDiperiksa, nil},
		{"signature value emptied", emptied, v, pdfsig.TidakSah, nil},
		{"content appended after signing", appended, v, pdfsig.TidakSah, nil},
		{"cut after signing", truncated, v, pdfsig.TidakSah, nil},
		{"no signature (a scan of a wet signature)", plain, v, pdfsig.TidakAda, nil},
		{"not a PDF", []byte("\x89PNG\r\n\x1a\n"), v, pdfsig.TidakAda, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.v.Check(tt.pdf, now)
			if r.Status != tt.status {
				t.Fatalf("Check = %s (%s), want %s", r.Status, r.Reason, tt.status)
			}
			if tt.status != pdfsig.Sah && tt.status != pdfsig.TidakAda && r.Reason == "" {
				t.Error("a verdict other than sah gives no reason")
			}
			if tt.signers != nil {
				var names []string
				for _, s := range r.Signers {
					names = append(names, s.Name)
				}
				if strings.Join(names, ", ") != strings.Join(tt.signers, ", ") {
					t.Errorf("signers %v, want %v", names, tt.signers)
				}
			}
		})
	}
}

func TestVerifierSignerDetails(t *testing.T) {
	f := fixtures(t)
	now := time.Now()
	at := now.Add(-2 * time.Hour).Truncate(time.Second)
	r := pdfsig.NewVerifier([]*x509.Certificate{f.ca.Cert}).Check(signed(t, f.budi, pdfsigtest.PDF("PKS"), at), now)
	if len(r.Signers) != 1 {
		t.Fatalf("signers: %+v", r.Signers)
	}
	s := r.Signers[0]
	if s.Name != "Budi Santoso" || s.Organization != "Pemerintah Kota Bandung" || s.Issuer != "Uji BSrE Root CA" || s.Status != pdfsig.Sah {
		t.Errorf("signer %+v", s)
	}
	if !s.SignedAt.Equal(at) || s.TimeSource != "penanda_tangan" {
		t.Errorf("signed at %s (%s), want %s from the signing software", s.SignedAt, s.TimeSource, at)
	}
	// A signing time claimed after the upload is refused.
	if r := pdfsig.NewVerifier([]*x509.Certificate{f.ca.Cert}).Check(signed(t, f.budi, pdfsigtest.PDF("PKS"), now.Add(time.Hour)), now); r.Status != pdfsig.TidakSah {
		t.Errorf("a signature from the future: %s", r.Status)
	}
}

func FuzzCheck(f *testing.F) {
	ca, err := pdfsigtest.NewCA("Fuzz CA")
	if err != nil {
		f.Fatal(err)
	}
	s, err := ca.Issue("Fuzz", "Fuzz", time.Now().AddDate(-1, 0, 0), time.Now().AddDate(1, 0, 0))
	if err != nil {
		f.Fatal(err)
	}
	good, err := s.Sign(pdfsigtest.PDF("fuzz"), time.Now())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(pdfsigtest.BareSignature(pdfsigtest.PDF("x")))
	v := pdfsig.NewVerifier([]*x509.Certificate{ca.Cert})
	f.Fuzz(func(t *testing.T, b []byte) {
		r := v.Check(b, time.Now())
		if r.Status == "" {
			t.Fatal("no verdict")
		}
	})
}
