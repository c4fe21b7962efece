// Package kak reads an uploaded KAK Pemanfaatan Data Regsosek against the six components the pedoman asks of
// it (§3.2.5 point 2): a) latar belakang, b) tujuan pemanfaatan, c) identifikasi kebutuhan hak akses dan
// media akses per instansi, d) data diri operator pengelola akun Sepakat, e) kelembagaan Forum Satu Data
// daerah, f) rencana dukungan data balikan dan pemutakhiran. What it finds is a hint for the registrator
// before "Ajukan" and for the verifikator teknis, never a refusal: the verifier judges the document.
package kak

import (
	"strings"
	"unicode"
)

// Component is one of the six components.
type Component struct {
	Key   string // "a" … "f"
	Label string
	found func(t text) bool
}

// Components are the six, in the pedoman's order. Each is recognised by the words the pedoman and its
// Lampiran 6 template use for it, close together — a KAK written for another purpose (field work, a DTKS
// synchronisation) shares the generic headings of a and b, but not the others.
var Components = []Component{
	{"a", "Latar belakang kebutuhan pemanfaatan Data Regsosek", func(t text) bool {
		return t.has("latar belakang")
	}},
	{"b", "Tujuan pemanfaatan Data Regsosek", func(t text) bool {
		return t.has("tujuan pemanfaatan") || t.near("tujuan", "pemanfaatan", 6)
	}},
	{"c", "Identifikasi kebutuhan hak akses dan media akses untuk setiap instansi/lembaga/daerah", func(t text) bool {
		return t.has("kebutuhan hak akses") || (t.has("hak akses") && t.has("media akses"))
	}},
	{"d", "Data diri operator pengelola akun Sepakat", func(t text) bool {
		return t.has("operator pengelola akun") || t.near("operator", "sepakat", 8)
	}},
	{"e", "Kelembagaan Forum Satu Data Indonesia tingkat daerah", func(t text) bool {
		return t.has("forum satu data")
	}},
	{"f", "Rencana dukungan penyampaian data balikan dan pemutakhiran Data Regsosek", func(t text) bool {
		return t.has("data balikan") || t.has("rencana dukungan pemutakhiran") || t.near("pemutakhiran", "regsosek", 6)
	}},
}

// Label returns the label of a component key.
func Label(key string) string {
	for _, c := range Components {
		if c.Key == key {
			return c.Label
		}
	}
	return key
}

// Reading is what the portal read in a KAK: whether its text could be read at all (a scanned image cannot),
// how many pages it has, and the keys of the components found.
type Reading struct {
	Terbaca  bool
	Halaman  int
	Komponen []string
}

// Found reports whether component key was found.
func (r Reading) Found(key string) bool {
	for _, k := range r.Komponen {
		if k == key {
			return true
		}
	}
	return false
}

// minLetters is how much text a page set must carry to count as read: a scan yields none, or a stray
// page number.
const minLetters = 40

// Analyse finds the components in a KAK's text.
func Analyse(raw string, pages int) Reading {
	t := normalise(raw)
	letters := 0
	for _, r := range string(t) {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	r := Reading{Halaman: pages, Terbaca: letters >= minLetters}
	if !r.Terbaca {
		return r
	}
	for _, c := range Components {
		if c.found(t) {
			r.Komponen = append(r.Komponen, c.Key)
		}
	}
	return r
}

// text is a KAK's text in lower case, every run of non-letters one space, framed by spaces, so phrases are
// found whole whatever the line breaks and punctuation of the PDF.
type text string

func normalise(s string) text {
	var b strings.Builder
	b.WriteByte(' ')
	space := true
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	return text(b.String())
}

func (t text) has(phrase string) bool { return strings.Contains(string(t), " "+phrase+" ") }

// near reports whether words a and b occur within window words of each other.
func (t text) near(a, b string, window int) bool {
	words := strings.Fields(string(t))
	var pa, pb []int
	for i, w := range words {
		if w == a {
			pa = append(pa, i)
		}
		if w == b {
			pb = append(pb, i)
		}
	}
	for _, i := range pa {
		for _, j := range pb {
			if d := i - j; d <= window && d >= -window {
				return true
			}
		}
	}
	return false
}
