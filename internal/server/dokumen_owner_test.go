package server_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// ktpPath is the download address of an official's KTP.
func ktpPath(t *testing.T, p *servertest.Portal, username string) string {
	t.Helper()
	var id int64
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT ktp_document_id FROM pejabat WHERE username = $1", username).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return "/dokumen/" + strconv.FormatInt(id, 10)
}

// A KTP and a Surat Tugas belong to the official, not to the office: the registrator in office does not see
// a successor's (filed for them, pending), and the successor does not see the predecessor's.
func TestPersonalDocumentsAreTheOfficials(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	staff := staffLogin(t, p, p.CreateStaff(t, "verifikator.ktp", account.RoleVerifikatorAkun), time.Now())
	in := defaultReg()
	register(t, p, in)
	path, code := approve(t, p, staff, in.email)
	old := webtest.NewClient(t, p.URL)
	mustStatus(t, "activate", old.PostForm(path, webtest.Values("otp", code)), http.StatusSeeOther)
	mustStatus(t, "login", old.PostForm("/masuk", webtest.Values("username", in.username, "password", in.password)), http.StatusSeeOther)
	mustStatus(t, "handover", old.PostMultipart("/akun/penggantian-pejabat", webtest.Values("instansi", "Pemerintah Kota Bandung",
		"unit_kerja", "Bappelitbang", "nama", "Sri Wahyuni", "nik", "3273015508850003", "jabatan", "Kepala Subbidang Data",
		"email", "sri@bandung.go.id", "email_unit_kerja", "bappeda@bandung.go.id", "no_handphone", "+62 813 1111 2222",
		"username", "sri.bandung"), goodFiles(t)...), http.StatusSeeOther)
	own, successor := ktpPath(t, p, in.username), ktpPath(t, p, "sri.bandung")
	mustStatus(t, "own KTP", old.Get(own), http.StatusOK)
	if r := old.Get(successor); r.Status != http.StatusNotFound {
		t.Errorf("the registrator in office downloads the pending successor's KTP: %d", r.Status)
	}
	mustStatus(t, "verifikator akun", staff.Get(successor), http.StatusOK)

	newPath, newCode := approve(t, p, staff, "sri@bandung.go.id")
	fresh := webtest.NewClient(t, p.URL)
	const pw = "Teh-Manis-Hangat-Sore-88"
	mustStatus(t, "activate new", fresh.PostForm(newPath, webtest.Values("otp", newCode, "password", pw, "password_confirm", pw)), http.StatusSeeOther)
	mustStatus(t, "new login", fresh.PostForm("/masuk", webtest.Values("username", "sri.bandung", "password", pw)), http.StatusSeeOther)
	mustStatus(t, "successor's own KTP", fresh.Get(successor), http.StatusOK)
	if r := fresh.Get(own); r.Status != http.StatusNotFound {
		t.Errorf("the successor downloads the predecessor's KTP: %d", r.Status)
	}
}

// A draft is the registrator's alone: its documents are not shown to staff until it is submitted.
func TestDraftDocumentsAreTheRegistrators(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	path := newPermohonan(t, c)
	mustStatus(t, "unggah", c.PostMultipart(path+"/dokumen", nil, pdfFile(t, "berkas-kak")), http.StatusSeeOther)
	var doc int64
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT document_id FROM permohonan_documents WHERE kind = 'kak'").Scan(&doc); err != nil {
		t.Fatal(err)
	}
	kak := "/dokumen/" + strconv.FormatInt(doc, 10)
	mustStatus(t, "the registrator's own draft", c.Get(kak), http.StatusOK)
	for _, role := range []account.Role{account.RoleVerifikatorTeknis, account.RoleDirekturPengampu, account.RoleAdmin} {
		s := staffLogin(t, p, p.CreateStaff(t, "draf."+string(role), role), time.Now())
		if r := s.Get(kak); r.Status != http.StatusNotFound {
			t.Errorf("%s downloads a draft's document: %d", role, r.Status)
		}
	}
	if n := count(t, p, "SELECT count(*) FROM audit_log WHERE action = 'dokumen.lihat' AND object_id = $1", doc); n != 1 {
		t.Errorf("%d views audited, want the registrator's one", n)
	}
}

// A file a permohonan never submitted lets go goes with it: one replaced, and every one of a deleted draft.
// Once submitted, the earlier files stay with the snapshot that names them.
func TestDraftFilesLetGoAreDeleted(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	path := newPermohonan(t, c)
	docs := func() int { return count(t, p, "SELECT count(*) FROM documents") }
	base := docs()
	mustStatus(t, "KAK", c.PostMultipart(path+"/dokumen", nil, pdfFile(t, "berkas-kak")), http.StatusSeeOther)
	mustStatus(t, "KAK again", c.PostMultipart(path+"/dokumen", nil, pdfFile(t, "berkas-kak")), http.StatusSeeOther)
	mustStatus(t, "surat", c.PostMultipart(path+"/dokumen", nil, pdfFile(t, "berkas-surat_permohonan")), http.StatusSeeOther)
	if n := docs() - base; n != 2 {
		t.Errorf("%d files kept for a draft with two, want 2 (the replaced KAK deleted)", n)
	}
	mustStatus(t, "hapus draf", c.PostForm(path+"/hapus", webtest.Values("konfirmasi", "ya")), http.StatusSeeOther)
	if n := docs() - base; n != 0 {
		t.Errorf("%d files left by the deleted draft", n)
	}

	// Submitted, returned for revision, replaced: the file the submission named stays.
	other, sp, id, _ := submitted(t, p, "32.04")
	var kak int64
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT document_id FROM permohonan_documents WHERE permohonan_id = $1 AND kind = 'kak'", id).Scan(&kak); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Store.Pool.Exec(context.Background(), "UPDATE permohonan SET state = 'perlu_perbaikan' WHERE id = $1", id); err != nil {
		t.Fatal(err)
	}
	mustStatus(t, "KAK after return", other.PostMultipart(sp+"/dokumen", nil, pdfFile(t, "berkas-kak")), http.StatusSeeOther)
	if n := count(t, p, "SELECT count(*) FROM documents WHERE id = $1", kak); n != 1 {
		t.Error("the file the submission named was deleted")
	}
}
