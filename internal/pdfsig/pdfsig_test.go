package pdfsig

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"testing"
)

func plainPDF() []byte {
	return []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
		"xref\n0 3\n0000000000 65535 f \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n0\n%%EOF\n")
}

// sign appends an incremental update with a signature field and its dictionary, the way a signing tool
// does: the /ByteRange covers everything but the /Contents hex string.
func sign(pdf []byte, field string, subFilter string) []byte {
	var b bytes.Buffer
	b.Write(pdf)
	b.WriteString("6 0 obj\n" + field + "\nendobj\n")
	b.WriteString("7 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /" + subFilter +
		" /ByteRange [0 0000000000 0000000000 0000000000] /Contents <")
	start := b.Len() - 1
	b.WriteString("3082" + strings.Repeat("0", 2044) + ">")
	end := b.Len()
	b.WriteString(" /M (D:20261122090000+07'00') >>\nendobj\ntrailer\n<< /Size 8 /Root 1 0 R >>\n%%EOF\n")
	out := b.Bytes()
	rng := fmt.Sprintf("[0 %010d %010d %010d]", start, end, len(out)-end)
	i := bytes.Index(out, []byte("[0 0000000000 0000000000 0000000000]"))
	copy(out[i:], rng)
	return out
}

func TestDetect(t *testing.T) {
	field := "<< /FT /Sig /T (Tanda Tangan Pihak Kedua) /V 7 0 R >>"
	signed := sign(plainPDF(), field, "ETSI.CAdES.detached")
	twice := sign(signed, field, "adbe.pkcs7.detached")
	// A /ByteRange that does not skip a hex string, as a copied-and-edited dictionary would have.
	broken := bytes.Replace(signed, []byte("/Contents <3082"), []byte("/Contents (3082"), 1)
	// The range runs past the end of the file: truncated after signing.
	truncated := signed[:len(signed)-40]
	// A signature field kept in a compressed object stream, the dictionary itself without /Type.
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	_, _ = zw.Write([]byte(field))
	_ = zw.Close()
	objStm := append(plainPDF(), []byte(fmt.Sprintf("8 0 obj\n<< /Type /ObjStm /Length %d /Filter /FlateDecode >>\nstream\n", z.Len()))...)
	objStm = append(append(objStm, z.Bytes()...), []byte("\nendstream\nendobj\n")...)
	compressed := bytes.Replace(sign(objStm, "<< /T (x) >>", "adbe.pkcs7.detached"), []byte("/Type /Sig "), []byte("/Type /Xig "), 1)

	tests := []struct {
		name      string
		pdf       []byte
		signed    bool
		count     int
		subFilter string
	}{
		{"not a PDF", []byte("GIF89a /ByteRange [0 1 2 3] /Type /Sig"), false, 0, ""},
		{"plain PDF", plainPDF(), false, 0, ""},
		{"signed (CAdES)", signed, true, 1, "ETSI.CAdES.detached"},
		{"signed twice", twice, true, 2, "ETSI.CAdES.detached"},
		{"byte range skips no hex string", broken, false, 0, ""},
		{"truncated after signing", truncated, false, 0, ""},
		{"no /Sig anywhere", bytes.ReplaceAll(bytes.ReplaceAll(signed, []byte("/FT /Sig"), []byte("/FT /Tx")), []byte("/Type /Sig"), []byte("/Type /Annot")), false, 0, ""},
		{"field in a compressed object stream", compressed, true, 1, "adbe.pkcs7.detached"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Detect(tt.pdf)
			if r.Signed != tt.signed || r.Count != tt.count || r.SubFilter != tt.subFilter {
				t.Errorf("Detect = %+v, want signed=%v count=%d subfilter=%q", r, tt.signed, tt.count, tt.subFilter)
			}
		})
	}
}

func FuzzDetect(f *testing.F) {
	f.Add(sign(plainPDF(), "<< /FT /Sig >>", "adbe.pkcs7.detached"))
	f.Add([]byte("%PDF-1.7 /ByteRange [0 99999999999 1 1] /Type /Sig"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r := Detect(b)
		if r.Signed != (r.Count > 0) {
			t.Fatalf("inconsistent result %+v", r)
		}
	})
}
