// Package percakapan holds the rules of the conversation between a pemohon and Bappenas about one service —
// a permohonan hak akses or a Fasilitasi Bimbingan Teknis — as HDR UK's Gateway lets applicant and reviewer
// talk in one thread: who takes part, when a thread is open, what a message may be. It is apart from the
// formal notes of the review (a return's notes, a decision's reasons), and internal notes never appear in
// it: what staff write here the pemohon reads. Pure functions, no I/O.
package percakapan

import (
	"slices"
	"strings"
	"unicode"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Jenis is what a thread is about.
type Jenis string

// The kinds of thread.
const (
	Permohonan Jenis = "permohonan"
	Bimtek     Jenis = "bimtek"
)

// ParseJenis reads a kind from a path.
func ParseJenis(s string) (Jenis, bool) {
	j := Jenis(s)
	return j, j == Permohonan || j == Bimtek
}

// Label names the service a thread is about.
func (j Jenis) Label() string {
	if j == Bimtek {
		return "Fasilitasi Bimbingan Teknis"
	}
	return "Permohonan Hak Akses"
}

// Pihak is the side a message comes from.
type Pihak string

// The sides.
const (
	Pemohon  Pihak = "pemohon"
	Bappenas Pihak = "bappenas"
)

// StaffRoles are the staff who take part in a kind of thread: those who work the service (pedoman §3.2.4 for a
// permohonan, §IV for a bimtek) and the admin.
func StaffRoles(j Jenis) []account.Role {
	if j == Bimtek {
		return []account.Role{account.RolePengelolaLayanan, account.RoleAdmin}
	}
	return []account.Role{account.RoleVerifikatorTeknis, account.RoleVerifikatorSubstansi, account.RoleProdusenData,
		account.RoleOperatorSepakat, account.RoleAdmin}
}

// StaffMay reports whether a staff member with roles takes part in a kind of thread.
func StaffMay(j Jenis, roles []account.Role) bool {
	return slices.ContainsFunc(roles, func(r account.Role) bool { return slices.Contains(StaffRoles(j), r) })
}

// OpenPermohonan reports whether a permohonan's thread is open: from submission on (Bappenas cannot see a
// draft), and for its whole life after, since questions come after access too.
func OpenPermohonan(s request.State) bool { return s != request.Draft }

// OpenBimtek reports whether a bimtek's thread is open: once it has been submitted.
func OpenBimtek(s layanan.BimtekState) bool { return s != layanan.BimtekDraf }

// MaxIsi is the longest message, in characters.
const MaxIsi = 4000

// CheckIsi checks a message: something to say (an attachment alone needs a line saying what it is), and not
// a wall of text.
func CheckIsi(s string) string {
	switch n := len([]rune(s)); {
	case n == 0:
		return "Tuliskan pesan."
	case n > MaxIsi:
		return validate.TooLong("Pesan", n, MaxIsi)
	}
	return ""
}

// CleanIsi makes a typed message fit to keep and show: line breaks kept (as \n, at most two in a row),
// every other control character a space, each line's ends trimmed, the whole trimmed. It never cuts: a
// message over MaxIsi is refused by CheckIsi and shown again whole to be shortened (issue 15).
func CleanIsi(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, l))
	}
	s = strings.TrimSpace(strings.Join(lines, "\n"))
	for strings.Contains(s, "\n\n\n") {
		s = strings.ReplaceAll(s, "\n\n\n", "\n\n")
	}
	return s
}
