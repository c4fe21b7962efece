package server

import "testing"

// A path to come back to is this site's, judged as http.Redirect writes it: browsers read "/\" as "//".
func TestSafeReturn(t *testing.T) {
	for p, want := range map[string]bool{
		"/akun":                       true,
		"/permohonan/12?tab=dokumen":  true,
		"/petugas/antrean/teknis?a=b": true,
		"//contoh.invalid/akun":       false,
		`/\contoh.invalid`:            false,
		`/./\contoh.invalid`:          false,
		`/akun/../\contoh.invalid`:    false,
		"/akun/..//contoh.invalid":    true, // written cleaned: "/contoh.invalid", this site's
		"https://contoh.invalid/":     false,
		"akun":                        false,
		"/masuk":                      false,
		"/akun\r\nSet-Cookie: x=1":    false,
	} {
		if got := safeReturn(p); got != want {
			t.Errorf("safeReturn(%q) = %v, want %v", p, got, want)
		}
	}
}
