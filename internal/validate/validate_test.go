package validate

import "testing"

func TestErrorsKeepFirstMessageAndOrder(t *testing.T) {
	var e Errors
	if e.Any() {
		t.Fatal("zero value has errors")
	}
	e.Add("nik", "NIK wajib diisi.")
	e.Add("email", "Email tidak valid.")
	e.Add("nik", "second message")
	if got := e.Get("nik"); got != "NIK wajib diisi." {
		t.Errorf("Get(nik) = %q", got)
	}
	all := e.All()
	if len(all) != 2 || all[0].Field != "nik" || all[1].Field != "email" {
		t.Errorf("All() = %v", all)
	}
	var nilErrs *Errors
	if nilErrs.Any() || nilErrs.Get("x") != "" || nilErrs.All() != nil {
		t.Error("nil Errors must behave as empty")
	}
}
