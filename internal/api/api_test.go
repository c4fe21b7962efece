package api

import (
	"net/http"
	"slices"
	"testing"
)

func TestCursor(t *testing.T) {
	c := Cursor{XID: "123456789012", ID: 42}
	got, err := ParseCursor(c.String())
	if err != nil || got != c {
		t.Fatalf("round trip: %v %v", got, err)
	}
	if start, err := ParseCursor(""); err != nil || start != (Cursor{XID: "0"}) {
		t.Errorf("empty cursor: %v %v", start, err)
	}
	for _, bad := range []string{"bukan", "djEuMTIz", Cursor{XID: "1; DROP", ID: 1}.String(), Cursor{XID: "1", ID: -1}.String(),
		"djIuMS4x" /* v2.1.1 */, "!!!!"} {
		if _, err := ParseCursor(bad); err == nil {
			t.Errorf("ParseCursor(%q) accepted", bad)
		}
	}
}

func TestScopesAndLimits(t *testing.T) {
	if s, msg := ParseScopes([]string{"perubahan", "hak_akses", "perubahan"}); msg != "" || !slices.Equal(s, []Scope{ScopePerubahan, ScopeHakAkses}) {
		t.Errorf("ParseScopes = %v %q", s, msg)
	}
	for _, bad := range [][]string{nil, {"admin"}, {"hak_akses", "semua"}} {
		if _, msg := ParseScopes(bad); msg == "" {
			t.Errorf("ParseScopes(%v) accepted", bad)
		}
	}
	for in, ok := range map[string]bool{"60": true, "1": true, "6000": true, "0": false, "6001": false, "x": false, "": false} {
		if _, msg := CheckPerMinute(in); (msg == "") != ok {
			t.Errorf("CheckPerMinute(%q) = %q", in, msg)
		}
	}
	for in, ok := range map[string]bool{"": true, "1": true, "500": true, "0": false, "501": false, "-1": false, "a": false} {
		if _, got := ParseBatas(in); got != ok {
			t.Errorf("ParseBatas(%q) = %v", in, got)
		}
	}
	if CheckNama("ab") == "" || CheckNama("Sepakat produksi") != "" {
		t.Error("CheckNama")
	}
}

func TestTokens(t *testing.T) {
	a, b := NewToken(), NewToken()
	if a == b || !WellFormed(a) || !WellFormed(b) || Hint(a) != a[:11]+"…" {
		t.Errorf("tokens %q %q", a, b)
	}
	for _, bad := range []string{"", "rgsk_short", "xxxx_" + a[5:], a + "x"} {
		if WellFormed(bad) {
			t.Errorf("WellFormed(%q)", bad)
		}
	}
	h := http.Header{}
	if _, sent := BearerToken(h); sent {
		t.Error("no header reads as sent")
	}
	h.Set("Authorization", "bearer  "+a+" ")
	if tok, sent := BearerToken(h); !sent || tok != a {
		t.Errorf("BearerToken = %q %v", tok, sent)
	}
	h.Set("Authorization", "Basic dXNlcjpwYXNz")
	if tok, sent := BearerToken(h); !sent || tok != "" {
		t.Errorf("Basic reads as %q", tok)
	}
}

func TestProblems(t *testing.T) {
	for _, c := range AllCodes() {
		p := ProblemOf(c, "")
		if p.Status < 400 || p.Detail == "" || p.Kode != c || p.Title == "" {
			t.Errorf("%s: %+v", c, p)
		}
	}
	if ProblemOf(CodeParameter, "batas salah").Detail != "batas salah" {
		t.Error("detail not kept")
	}
}
