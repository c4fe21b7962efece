package review

import (
	"slices"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
)

func TestDigestSectionsFor(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		roles []account.Role
		want  []string
	}{
		{[]account.Role{account.RoleVerifikatorTeknis}, []string{DigestTeknis}},
		{[]account.Role{account.RoleProdusenData, account.RoleVerifikatorSubstansi}, []string{DigestSubstansi, DigestKeputusan, DigestPKS}},
		{[]account.Role{account.RoleAdmin, account.RoleVerifikatorAkun}, []string{DigestAkun}},
		{[]account.Role{account.RolePengelolaLayanan}, []string{DigestBimtek, DigestPengaduan}},
		{[]account.Role{account.RoleDirekturPengampu, account.RoleOperatorSepakat}, []string{DigestRekomendasi, DigestPenyiapan}},
		{nil, nil},
	} {
		if got := DigestSectionsFor(c.roles); !slices.Equal(got, c.want) {
			t.Errorf("%v: %v, want %v", c.roles, got, c.want)
		}
	}
}

func TestDigestWorth(t *testing.T) {
	t.Parallel()
	at := time.Now()
	for _, c := range []struct {
		s    DigestSection
		want bool
	}{
		{DigestSection{Waiting: 40}, false}, {DigestSection{New: 1}, true}, {DigestSection{Overdue: 1}, true}, {DigestSection{DueSoon: 2}, true},
	} {
		if got := (Digest{Date: at, Sections: []DigestSection{{}, c.s}}).Worth(); got != c.want {
			t.Errorf("%+v: %v", c.s, got)
		}
	}
}
