// Package pdfsig checks the electronic signatures of a PDF, as an e-signed PKS or NDA (BSrE) carries them.
// Detect looks at the structure only: a signature dictionary (/Type /Sig, or a field of /FT /Sig) with a
// /ByteRange that covers the whole revision except its /Contents, the hex string holding the signature.
// Verifier.Check (verify.go) checks each signature cryptographically: the signature value over the bytes it
// covers, the whole file covered, and the signer's certificate chained to a configured trust root and valid
// when it signed.
package pdfsig

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strconv"
)

// Result is what Detect found.
type Result struct {
	// Signed is true when at least one signature dictionary has a well-formed /ByteRange.
	Signed bool
	// Count is the number of well-formed signatures (an incremental update per signer).
	Count int
	// SubFilter is the signature format of the first one, such as "adbe.pkcs7.detached" or "ETSI.CAdES.detached".
	SubFilter string
	// Broken counts the /ByteRange entries that do not fit the file (it was changed or cut after signing).
	Broken int
	// End is the furthest byte a well-formed /ByteRange covers: the file is covered whole when End is its size.
	End int64

	// What Verifier.Check found; Detect leaves these empty.
	Status  Status
	Signers []Signer
	// Reason says, in Indonesian, why the signatures are not valid (or could not be checked).
	Reason string
}

var (
	byteRange = regexp.MustCompile(`/ByteRange\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]`)
	sigType   = regexp.MustCompile(`/(?:Type|FT)\s*/Sig\b`)
	subFilter = regexp.MustCompile(`/SubFilter\s*/([A-Za-z0-9.\-]{1,64})`)
	flate     = regexp.MustCompile(`/FlateDecode[^>]*>>\s*stream\r?\n`)
)

// maxInflate bounds how much compressed content Detect expands while looking for a /Sig field kept in an
// object stream, so a crafted upload cannot make it use much memory.
const maxInflate = 32 << 20

// Detect looks for a digital signature in the bytes of a PDF.
func Detect(pdf []byte) Result {
	var r Result
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return r
	}
	for _, m := range byteRange.FindAllSubmatchIndex(pdf, -1) {
		var n [4]int64
		for i := range n {
			n[i], _ = strconv.ParseInt(string(pdf[m[2+2*i]:m[3+2*i]]), 10, 64)
		}
		if !validRange(pdf, n) {
			r.Broken++
			continue
		}
		r.End = max(r.End, n[2]+n[3])
		if r.Count == 0 {
			// The dictionary holding this /ByteRange: look around it for its format.
			lo, hi := max(0, m[0]-4096), min(len(pdf), m[1]+4096)
			if f := subFilter.FindSubmatch(pdf[lo:hi]); f != nil {
				r.SubFilter = string(f[1])
			}
		}
		r.Count++
	}
	sig := (r.Count > 0 || r.Broken > 0) && hasSigType(pdf)
	r.Signed = r.Count > 0 && sig
	if !r.Signed {
		r.Count, r.SubFilter, r.End = 0, "", 0
	}
	if !sig {
		r.Broken = 0
	}
	return r
}

// validRange checks a /ByteRange [a b c d]: it starts at the beginning, skips exactly one hex string
// (the /Contents, angle brackets included) and ends inside the file.
func validRange(pdf []byte, n [4]int64) bool {
	a, b, c, d := n[0], n[1], n[2], n[3]
	size := int64(len(pdf))
	if a != 0 || b <= 0 || c <= b+1 || d < 0 || c+d > size {
		return false
	}
	gap := pdf[b:c]
	if gap[0] != '<' || gap[len(gap)-1] != '>' {
		return false
	}
	for _, ch := range gap[1 : len(gap)-1] {
		if !isHex(ch) && ch != ' ' && ch != '\r' && ch != '\n' {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// hasSigType finds a /Type /Sig dictionary or a /FT /Sig field, in the file or in its compressed object
// streams (PDF 1.5 writers often keep the AcroForm field there).
func hasSigType(pdf []byte) bool {
	if sigType.Match(pdf) {
		return true
	}
	budget := int64(maxInflate)
	for _, m := range flate.FindAllIndex(pdf, -1) {
		if budget <= 0 {
			return false
		}
		zr, err := zlib.NewReader(bytes.NewReader(pdf[m[1]:]))
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(io.LimitReader(zr, budget))
		budget -= int64(len(b))
		if sigType.Match(b) {
			return true
		}
	}
	return false
}
