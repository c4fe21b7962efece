package server_test

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/pdfsig/pdfsigtest"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// Electronic signatures on PKS and NDA are checked cryptographically at upload (pdfsig.Verifier against the
// test CA the portal trusts): a valid one is recorded with its signer, a self-signed one is kept but flagged
// "penerbit tidak dipercaya", and a file changed after signing, or carrying a /Sig dictionary nobody signed,
// is refused with the message beside the field and nothing stored.
func TestAgreementSignaturesVerified(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	now := time.Now()
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c, id := p.SubmitSample(t, reg, "32.73")
	path := "/permohonan/" + strconv.FormatInt(id, 10)
	p.Approve(t, id, now, now.AddDate(0, 10, 0), "mikro")
	servertest.RunJobs(t, p.JobRunner(t, time.Now, nil))
	mustState(t, p, id, "menunggu_pks_nda")

	up := func(kind string, content []byte) *webtest.Response {
		return c.PostMultipart(path+"/perjanjian/unggah/"+kind, nil, webtest.File{Field: "berkas-" + kind, Name: kind + ".pdf", Content: content})
	}
	stored := func() int {
		var n int
		if err := p.Store.Pool.QueryRow(context.Background(), "SELECT count(*) FROM permohonan_documents WHERE permohonan_id = $1 AND kind IN ('pks', 'nda')", id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	good := servertest.SignedPDF(t, "PKS Pemerintah Kota Bandung")
	tampered := bytes.Clone(good)
	tampered[bytes.Index(tampered, []byte("Pemerintah Kota"))] = 'p'
	self, err := pdfsigtest.SelfSigned("Budi Santoso", "Pemerintah Kota Bandung")
	if err != nil {
		t.Fatal(err)
	}
	selfSigned, err := self.Sign(servertest.PDF(t, "NDA"), now.Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}

	// Refused: changed after signing, and a copied signature field. Both posted directly, as a script would.
	for name, content := range map[string][]byte{"one byte changed": tampered, "bare /Sig": pdfsigtest.BareSignature(servertest.PDF(t, "PKS"))} {
		r := up("pks", content)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Tanda tangan elektronik pada berkas ini tidak sah") {
			t.Errorf("%s: %d %.300s", name, r.Status, between(r.Body, `class="error-message"`, "</p>"))
		}
	}
	if n := stored(); n != 0 {
		t.Fatalf("a refused upload stored %d documents", n)
	}

	mustStatus(t, "upload pks", up("pks", good), http.StatusSeeOther)
	mustStatus(t, "upload nda", up("nda", selfSigned), http.StatusSeeOther)
	var status, signers string
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT ttd_status, ttd_penanda::text FROM permohonan_documents WHERE permohonan_id = $1 AND kind = 'pks'", id).
		Scan(&status, &signers); err != nil {
		t.Fatal(err)
	}
	if status != "sah" || !strings.Contains(signers, `"nama": "Budi Santoso"`) || !strings.Contains(signers, `"penerbit": "Uji BSrE Root CA"`) {
		t.Errorf("stored verdict %s %s", status, signers)
	}
	mustStatus(t, "kirim", c.PostForm(path+"/perjanjian/kirim", nil), http.StatusSeeOther)

	produsen := p.StaffLogin(t, p.CreateStaff(t, "produsen.ttd.verif", account.RoleProdusenData), now)
	agreements := between(produsen.Get("/petugas/akses/"+strconv.FormatInt(id, 10)).Body, `data-testid="agreements"`, "</ul>")
	for _, want := range []string{"Sah: tanda tangan elektronik terverifikasi", "Budi Santoso (Pemerintah Kota Bandung)", "sertifikat diterbitkan Uji BSrE Root CA",
		"Penerbit tidak dipercaya: Sertifikat penanda tangan tidak diterbitkan oleh penyelenggara sertifikasi elektronik yang dipercaya"} {
		if !strings.Contains(htmlUnescape(agreements), want) {
			t.Errorf("staff page lacks %q: %s", want, agreements)
		}
	}

	// The countersigned copies the produsen data uploads are checked the same way: a changed one is refused
	// and nothing is stored; a valid one is recorded with its signer.
	staffPath := "/petugas/akses/" + strconv.FormatInt(id, 10)
	countersigned := func(content []byte) *webtest.Response {
		return produsen.PostMultipart(staffPath+"/unggah/pks_ttd", nil, webtest.File{Field: "berkas-pks_ttd", Name: "pks_ttd.pdf", Content: content})
	}
	if r := countersigned(tampered); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Tanda tangan elektronik pada berkas ini tidak sah") {
		t.Errorf("a changed countersigned copy: %d", r.Status)
	}
	var copies int
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT count(*) FROM permohonan_documents WHERE permohonan_id = $1 AND kind = 'pks_ttd'", id).
		Scan(&copies); err != nil || copies != 0 {
		t.Fatalf("a refused countersigned copy stored %d, %v", copies, err)
	}
	mustStatus(t, "countersigned copy", countersigned(good), http.StatusSeeOther)
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT ttd_status FROM permohonan_documents WHERE permohonan_id = $1 AND kind = 'pks_ttd'", id).
		Scan(&status); err != nil || status != "sah" {
		t.Errorf("the countersigned copy's verdict %q, %v", status, err)
	}
}
