package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// Penggantian Operator (§3.2.5 c.1 f): the registrator names a new operator with a new SK, a verifikator
// teknis judges it, and jobs close the old account in Sepakat before creating the new one.

const newOperatorEmail = "budi.santoso@daerah.go.id"

func gantiForm(rows ...string) url.Values {
	v := webtest.Values("operator_nama", "Budi Santoso", "operator_jabatan", "Pranata Komputer Ahli Muda", "operator_nip", "19850505 201001 1 007",
		"operator_email", newOperatorEmail, "operator_no_hp", "0812-9876-5432", "catatan", "Operator lama mutasi ke Dinas Kominfo.")
	for _, r := range rows {
		v.Add("baris", r)
	}
	return v
}

func skFile(t *testing.T) webtest.File {
	return webtest.File{Field: "sk", Name: "sk-operator-baru.pdf", ContentType: "application/pdf", Content: servertest.PDF(t, "SK Operator Baru")}
}

// fileGanti files a Penggantian Operator for the Dinas Sosial row and returns its staff path.
func fileGanti(t *testing.T, p *servertest.Portal, c *webtest.Client, id int64) string {
	t.Helper()
	mustStatus(t, "ganti operator", c.PostMultipart("/permohonan/"+strconv.FormatInt(id, 10)+"/ganti-operator", gantiForm(rowID(t, p, id, "Dinas Sosial")), skFile(t)),
		http.StatusSeeOther)
	var gid int64
	if err := p.Store.Pool.QueryRow(context.Background(), "SELECT max(id) FROM penggantian_operator WHERE permohonan_id = $1", id).Scan(&gid); err != nil {
		t.Fatal(err)
	}
	return "/petugas/penggantian-operator/" + strconv.FormatInt(gid, 10)
}

func TestPenggantianOperatorOverHTTP(t *testing.T) {
	t.Parallel()
	p, clock, reg, c, id, runner := threeRowsInForce(t)
	path := "/permohonan/" + strconv.FormatInt(id, 10)
	oldAkun, oldUser, _ := akunOf(t, p, id, "Dinas Sosial")
	oldLink := linksTo(t, p, "operator003@daerah.go.id")[0]
	form := c.Get(path + "/ganti-operator")
	for _, u := range []string{"Dinas Sosial", "Dinas Pendidikan", "Dinas Kesehatan"} {
		if !strings.Contains(form.Body, u) {
			t.Errorf("the form does not offer %s", u)
		}
	}
	sosial, pendidikan := rowID(t, p, id, "Dinas Sosial"), rowID(t, p, id, "Dinas Pendidikan")
	for _, tt := range []struct {
		what  string
		form  url.Values
		file  bool
		error string
	}{
		{"no row", gantiForm(), true, "Pilih baris Sepakat"},
		{"two pengguna", gantiForm(sosial, pendidikan), true, "Satu operator mengelola akun satu pengguna"},
		{"no SK", gantiForm(sosial), false, "Unggah SK Penetapan Operator"},
		{"the operator in place", func() url.Values { v := gantiForm(sosial); v.Set("operator_nip", "196706271998031003"); return v }(), true, "sama dengan operator saat ini"},
		{"another pengguna's operator", func() url.Values { v := gantiForm(sosial); v.Set("operator_nip", "198001012005011004"); return v }(), true, "pengguna lain"},
		{"no email", func() url.Values { v := gantiForm(sosial); v.Set("operator_email", ""); return v }(), true, "email"},
	} {
		var files []webtest.File
		if tt.file {
			files = append(files, skFile(t))
		}
		r := c.PostMultipart(path+"/ganti-operator", tt.form, files...)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(strings.ToLower(r.Body), strings.ToLower(tt.error)) {
			t.Errorf("%s: %d, want 422 with %q", tt.what, r.Status, tt.error)
		}
	}
	if n := count(t, p, "SELECT count(*) FROM penggantian_operator"); n != 0 {
		t.Fatalf("%d requests stored from refused forms", n)
	}
	staff := fileGanti(t, p, c, id)
	if subject, _ := latestMail(t, p, reg.Email); subject != "Pengajuan Penggantian Operator Diterima" {
		t.Errorf("confirmation %q", subject)
	}
	if r := c.PostMultipart(path+"/ganti-operator", gantiForm(sosial), skFile(t)); r.Status != http.StatusConflict || !strings.Contains(r.Body, "sedang dalam proses penggantian") {
		t.Errorf("a second request for the row: %d", r.Status)
	}

	teknis := staffLogin(t, p, p.CreateStaff(t, "teknis.ganti", account.RoleVerifikatorTeknis), clock.Now())
	queue := teknis.Get("/petugas/penggantian-operator")
	if !strings.Contains(queue.Body, "Budi Santoso") || !strings.Contains(queue.Body, staff) {
		t.Fatal("the request is not in the verifikator teknis' queue")
	}
	review := teknis.Get(staff)
	for _, want := range []string{"sk-operator-baru.pdf", "Operator Dinas Sosial", oldUser, "198505052010011007", "Simpan Hasil Verifikasi"} {
		if !strings.Contains(review.Body, want) {
			t.Errorf("the review page lacks %q", want)
		}
	}
	if r := teknis.PostForm(staff+"/putuskan", webtest.Values("hasil", "belum_sesuai")); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("Belum Sesuai without a note: %d", r.Status)
	}
	if r := staffLogin(t, p, p.CreateStaff(t, "produsen.ganti", account.RoleProdusenData), clock.Now()).PostForm(staff+"/putuskan",
		webtest.Values("hasil", "sesuai")); r.Status != http.StatusNotFound {
		t.Errorf("a produsen data judging it: %d (the verifikator teknis' pages do not exist for other roles)", r.Status)
	}
	mustStatus(t, "sesuai", teknis.PostForm(staff+"/putuskan", webtest.Values("hasil", "sesuai")), http.StatusSeeOther)
	if r := teknis.PostForm(staff+"/putuskan", webtest.Values("hasil", "sesuai")); r.Status != http.StatusConflict {
		t.Errorf("judged twice: %d", r.Status)
	}
	// At once: the old account is closed in the portal and its link is dead; Sepakat follows by jobs.
	if n := count(t, p, "SELECT count(*) FROM akses_akun WHERE id = $1 AND state = 'diganti' AND end_reason = 'diganti' AND password_enc IS NULL", oldAkun); n != 1 {
		t.Error("the old account is not replaced")
	}
	if r := webtest.NewClient(t, p.URL).Get(oldLink); r.Status != http.StatusGone {
		t.Errorf("the old operator's link: %d", r.Status)
	}
	if subject, _ := latestMail(t, p, "operator003@daerah.go.id"); !strings.Contains(subject, "Tidak Berlaku Lagi") {
		t.Errorf("the old operator is not told: %q", subject)
	}

	servertest.RunJobs(t, runner)
	newAkun, newUser, newState := akunOf(t, p, id, "Dinas Sosial")
	if newAkun == oldAkun || newState != "aktif" || newUser != "dinassosial.3273.2" {
		t.Fatalf("the new account: %d %s %s", newAkun, newUser, newState)
	}
	if st, _ := registryState(t, p, oldUser); st != "dicabut" {
		t.Errorf("Sepakat keeps the old account %s", st)
	}
	var oldRow, newRow [3]string
	for _, x := range []struct {
		user string
		out  *[3]string
	}{{oldUser, &oldRow}, {newUser, &newRow}} {
		var tier int
		var until string
		if err := p.Store.Pool.QueryRow(context.Background(), "SELECT wilayah, tingkat, berlaku_sampai::text FROM sepakat_registry WHERE username = $1",
			x.user).Scan(&x.out[0], &tier, &until); err != nil {
			t.Fatal(err)
		}
		x.out[1], x.out[2] = strconv.Itoa(tier), until
	}
	if oldRow != newRow {
		t.Errorf("the new account differs from the old: %v vs %v", newRow, oldRow)
	}
	if n := count(t, p, "SELECT count(*) FROM penggantian_operator WHERE state = 'selesai'"); n != 1 {
		t.Error("the request is not done")
	}
	if subject, _ := latestMail(t, p, reg.Email); subject != "Penggantian Operator Selesai" {
		t.Errorf("last registrator letter %q", subject)
	}
	links := linksTo(t, p, newOperatorEmail)
	if len(links) != 1 {
		t.Fatalf("%d links to the new operator", len(links))
	}
	password := shownPassword(t, webtest.NewClient(t, p.URL).PostForm(links[0], nil).Body)
	registry := &store.SepakatRegistry{Store: p.Store, Now: clock.Now}
	if ok, _ := registry.SepakatLogin(context.Background(), newUser, password); !ok {
		t.Error("the new operator's password does not open Sepakat")
	}
	if r := webtest.NewClient(t, p.URL).PostForm(links[0], nil); r.Status != http.StatusGone {
		t.Errorf("the link opened twice: %d", r.Status)
	}
	// The rest of the permohonan is untouched.
	for _, u := range []string{"Dinas Pendidikan", "Dinas Kesehatan"} {
		if n := count(t, p, `SELECT count(*) FROM akses_akun a JOIN permohonan_rows r ON r.id = a.row_id WHERE r.permohonan_id = $1 AND r.pengguna = $2`, id, u); n != 1 {
			t.Errorf("%s has %d accounts", u, n)
		}
	}
	if n := count(t, p, "SELECT count(*) FROM permohonan_rows WHERE permohonan_id = $1 AND operator_email = $2", id, newOperatorEmail); n != 1 {
		t.Error("the row does not name the new operator")
	}
	page := c.Get(path)
	if !strings.Contains(between(page.Body, `data-testid="penggantian"`, "</section>"), "Selesai") {
		t.Error("the registrator does not see the request done")
	}
	for _, e := range []string{"ajukan_ganti_operator", "ganti_operator_sesuai", "ganti_operator_selesai"} {
		if n := count(t, p, "SELECT count(*) FROM permohonan_events WHERE permohonan_id = $1 AND event = $2", id, e); n != 1 {
			t.Errorf("%d timeline entries %s", n, e)
		}
	}
}

// Belum Sesuai closes the request with a note and leaves the account as it was; a new request may follow.
func TestPenggantianBelumSesuai(t *testing.T) {
	t.Parallel()
	p, clock, reg, c, id, _ := threeRowsInForce(t)
	staff := fileGanti(t, p, c, id)
	teknis := staffLogin(t, p, p.CreateStaff(t, "teknis.belum", account.RoleVerifikatorTeknis), clock.Now())
	note := "SK belum ditandatangani Kepala Dinas Sosial."
	mustStatus(t, "belum sesuai", teknis.PostForm(staff+"/putuskan", webtest.Values("hasil", "belum_sesuai", "catatan", note)), http.StatusSeeOther)
	if _, _, st := akunOf(t, p, id, "Dinas Sosial"); st != "aktif" {
		t.Errorf("the account moved: %s", st)
	}
	if subject, text := latestMail(t, p, reg.Email); subject != "Penggantian Operator Belum Sesuai" || !strings.Contains(text, note) {
		t.Errorf("letter %q", subject)
	}
	fileGanti(t, p, c, id) // the row is free again
}

// Two requests for one row at once: one is filed, the other told it is in process (the database's index
// decides, whatever the timing).
func TestConcurrentPenggantianRequests(t *testing.T) {
	t.Parallel()
	p, _, reg, _, id, _ := threeRowsInForce(t)
	path := "/permohonan/" + strconv.FormatInt(id, 10) + "/ganti-operator"
	sosial := rowID(t, p, id, "Dinas Sosial")
	clients := []*webtest.Client{p.Login(t, reg.Username, servertest.RegistratorPassword), p.Login(t, reg.Username, servertest.RegistratorPassword),
		p.Login(t, reg.Username, servertest.RegistratorPassword), p.Login(t, reg.Username, servertest.RegistratorPassword)}
	statuses := make([]int, len(clients))
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Go(func() { statuses[i] = c.PostMultipart(path, gantiForm(sosial), skFile(t)).Status })
	}
	wg.Wait()
	created, conflicts := 0, 0
	for _, s := range statuses {
		switch s {
		case http.StatusSeeOther:
			created++
		case http.StatusConflict:
			conflicts++
		}
	}
	if created != 1 || conflicts != len(clients)-1 {
		t.Errorf("statuses %v: want one success and the rest 409", statuses)
	}
	if n := count(t, p, "SELECT count(*) FROM penggantian_operator_baris WHERE ditutup_at IS NULL"); n != 1 {
		t.Errorf("%d open rows", n)
	}
}

// Two verifiers approving at once: one success, one "sudah diproses", one new account.
func TestConcurrentPenggantianDecisions(t *testing.T) {
	t.Parallel()
	p, clock, _, c, id, _ := threeRowsInForce(t)
	staff := fileGanti(t, p, c, id)
	a := staffLogin(t, p, p.CreateStaff(t, "teknis.a", account.RoleVerifikatorTeknis), clock.Now())
	b := staffLogin(t, p, p.CreateStaff(t, "teknis.b", account.RoleVerifikatorTeknis), clock.Now())
	var sa, sb int
	var wg sync.WaitGroup
	wg.Go(func() { sa = a.PostForm(staff+"/putuskan", webtest.Values("hasil", "sesuai")).Status })
	wg.Go(func() { sb = b.PostForm(staff+"/putuskan", webtest.Values("hasil", "sesuai")).Status })
	wg.Wait()
	if !(sa == http.StatusSeeOther && sb == http.StatusConflict || sa == http.StatusConflict && sb == http.StatusSeeOther) {
		t.Errorf("statuses %d and %d", sa, sb)
	}
	if n := count(t, p, `SELECT count(*) FROM akses_akun a JOIN permohonan_rows r ON r.id = a.row_id WHERE r.permohonan_id = $1 AND r.pengguna = 'Dinas Sosial'`, id); n != 2 {
		t.Errorf("%d accounts for the row, want the old and one new", n)
	}
}

// The registrator withdraws a request still waiting; a verifier can no longer judge it.
func TestPenggantianWithdrawn(t *testing.T) {
	t.Parallel()
	p, clock, _, c, id, _ := threeRowsInForce(t)
	staff := fileGanti(t, p, c, id)
	page := c.Get("/permohonan/" + strconv.FormatInt(id, 10))
	batal := regexp.MustCompile(`/permohonan/\d+/ganti-operator/\d+/batal`).FindString(page.Body)
	if batal == "" {
		t.Fatal("no Batalkan")
	}
	mustStatus(t, "batal", c.PostForm(batal, nil), http.StatusSeeOther)
	teknis := staffLogin(t, p, p.CreateStaff(t, "teknis.batal", account.RoleVerifikatorTeknis), clock.Now())
	if r := teknis.PostForm(staff+"/putuskan", webtest.Values("hasil", "sesuai")); r.Status != http.StatusConflict {
		t.Errorf("a withdrawn request judged: %d", r.Status)
	}
	// Another account's registrator cannot withdraw or see it.
	other := p.CreateRegistrator(t, "kabupaten_kota", "32.04", "Pemerintah Kabupaten Bandung")
	oc := p.Login(t, other.Username, servertest.RegistratorPassword)
	if r := oc.Get("/permohonan/" + strconv.FormatInt(id, 10) + "/ganti-operator"); r.Status != http.StatusNotFound {
		t.Errorf("another account's form: %d", r.Status)
	}
}
