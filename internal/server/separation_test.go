package server_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
)

// Separation of duties (issue 14 item 6): one person holding verifikator substansi and produsen data verifies
// a permohonan substantively; the staff page then offers them no decision (it says why), and a decision or a
// claim posted directly is refused with nothing changed; another produsen data decides.
func TestVerifierCannotDecide(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	now := time.Now()
	teknis := staffLogin(t, p, p.CreateStaff(t, "verif.teknis", account.RoleVerifikatorTeknis), now)
	both := staffLogin(t, p, p.CreateStaff(t, "verif.dan.produsen", account.RoleVerifikatorSubstansi, account.RoleProdusenData), now)
	produsen := staffLogin(t, p, p.CreateStaff(t, "produsen.lain", account.RoleProdusenData), now)
	_, _, id, _ := submitted(t, p, "32.73")
	sp := "/petugas/permohonan/" + strconv.FormatInt(id, 10)
	mustStatus(t, "teknis", teknis.PostForm(sp+"/verifikasi-teknis", teknisForm(t, p, id, "lanjut", nil)), http.StatusSeeOther)
	mustStatus(t, "substansi", both.PostForm(sp+"/verifikasi-substansi", substansiForm(t, p, id, "lanjut")), http.StatusSeeOther)
	if s := stateOf(t, p, id); s != "menunggu_keputusan" {
		t.Fatalf("state %s", s)
	}

	page := both.Get(sp)
	if strings.Contains(page.Body, `action="`+sp+`/keputusan"`) || !strings.Contains(page.Body, "pemisahan tugas") {
		t.Error("the verifier's page offers the decision or does not say why not")
	}
	if !strings.Contains(produsen.Get(sp).Body, `action="`+sp+`/keputusan"`) {
		t.Fatal("another produsen data is not offered the decision")
	}
	rows := rowIDs(t, p, id)
	decide := map[string][]string{"aksi": {"putuskan"}, "akses_sampai": {now.AddDate(0, 5, 0).Format("2006-01-02")},
		"ringkasan_publik": {servertest.Ringkasan}}
	for i, rid := range rows {
		f := "baris_" + strconv.FormatInt(rid, 10)
		decide[f] = []string{"setuju"}
		decide[f+"_jenis"] = []string{[]string{"bnba", "mikro", "agregat_terpilah"}[i]} // as requested (SubmitSample)
	}
	before := count(t, p, "SELECT count(*) FROM audit_log")
	for _, post := range []struct{ path string }{{sp + "/ambil"}, {sp + "/keputusan"}} {
		var form map[string][]string
		if strings.HasSuffix(post.path, "keputusan") {
			form = decide
		}
		if r := both.PostForm(post.path, form); r.Status != http.StatusForbidden || !strings.Contains(r.Body, "pemisahan tugas") {
			t.Errorf("POST %s by the verifier: %d", post.path, r.Status)
		}
	}
	if s := stateOf(t, p, id); s != "menunggu_keputusan" || count(t, p, "SELECT count(*) FROM audit_log") != before {
		t.Fatalf("a refused decision changed something: state %s", s)
	}
	mustStatus(t, "keputusan", produsen.PostForm(sp+"/keputusan", decide), http.StatusSeeOther)
	if s := stateOf(t, p, id); s != "disetujui" {
		t.Errorf("state after the other produsen data decided: %s", s)
	}
}
