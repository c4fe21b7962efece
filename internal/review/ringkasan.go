package review

import (
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
)

// The staff's daily digest (Ringkasan Harian): for each queue a staff member works on, what came in since
// the last digest, what waits, and what is past or near its deadline, with the earliest of those named.

// Digest sections, one per queue.
const (
	DigestTeknis      = "teknis"
	DigestSubstansi   = "substansi"
	DigestKeputusan   = "keputusan"
	DigestPKS         = "pks"
	DigestPenyiapan   = "penyiapan"
	DigestRekomendasi = "rekomendasi"
	DigestAkun        = "akun"
	DigestBimtek      = "bimtek"
	DigestPengaduan   = "pengaduan"
)

// DigestSectionsFor lists the sections of a staff member's digest, in the order of the process, from the
// queues their roles work on.
func DigestSectionsFor(roles []account.Role) []string {
	has := func(rs ...account.Role) bool {
		for _, r := range roles {
			for _, x := range rs {
				if r == x {
					return true
				}
			}
		}
		return false
	}
	var out []string
	add := func(on bool, keys ...string) {
		if on {
			out = append(out, keys...)
		}
	}
	add(has(account.RoleVerifikatorAkun, account.RoleAdmin), DigestAkun)
	add(has(account.RoleVerifikatorTeknis), DigestTeknis)
	add(has(account.RoleVerifikatorSubstansi), DigestSubstansi)
	add(has(account.RoleDirekturPengampu), DigestRekomendasi)
	add(has(account.RoleProdusenData), DigestKeputusan, DigestPKS)
	add(has(account.RoleOperatorSepakat), DigestPenyiapan)
	add(has(account.RolePengelolaLayanan), DigestBimtek, DigestPengaduan)
	return out
}

// DigestSection is one queue in a digest.
type DigestSection struct {
	Key, Title string
	// Path is the queue's list at the portal, from its root; OverduePath the list of what is past its deadline.
	Path, OverduePath string
	New, Waiting      int
	Overdue, DueSoon  int
	Items             []DigestItem
}

// DigestItem is something past or near its deadline.
type DigestItem struct {
	Reference, Instansi string
	Due                 time.Time
	Overdue             bool
}

// DigestItemsShown is how many items past or near their deadline a section names.
const DigestItemsShown = 10

// DueSoonWithin is how near a deadline is "near".
const DueSoonWithin = 24 * time.Hour

// Digest is one staff member's digest of a day.
type Digest struct {
	Date, Since time.Time
	Sections    []DigestSection
}

// Worth reports whether the digest says anything: something new, past or near its deadline. An empty digest
// is not sent.
func (d Digest) Worth() bool {
	for _, s := range d.Sections {
		if s.New > 0 || s.Overdue > 0 || s.DueSoon > 0 {
			return true
		}
	}
	return false
}
