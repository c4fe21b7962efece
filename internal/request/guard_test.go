package request

import (
	"errors"
	"slices"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/account"
)

// The guards beyond the table: who holds a permohonan in review, the four-eyes rule, the separation of the
// decision from the verifications, and the six-month rule.
func TestCheckGuards(t *testing.T) {
	const me, other = 7, 8
	tests := []struct {
		name string
		s    Subject
		ev   Event
		role account.Role
		want error
	}{
		{"free permohonan may be verified", Subject{State: Diajukan}, VerifikasiTeknis, account.RoleVerifikatorTeknis, nil},
		{"my permohonan may be verified", Subject{State: Diajukan, AssigneeID: me}, KembalikanTeknis, account.RoleVerifikatorTeknis, nil},
		{"another's permohonan may not", Subject{State: Diajukan, AssigneeID: other}, VerifikasiTeknis, account.RoleVerifikatorTeknis, ErrClaimed},
		{"nor decided by another", Subject{State: MenungguKeputusan, AssigneeID: other}, Setujui, account.RoleProdusenData, ErrClaimed},
		// The four-eyes rule: the technical verifier may not do the substantive verification; someone else may.
		{"four eyes: forward", Subject{State: TerverifikasiTeknis, TeknisBy: me}, VerifikasiSubstansi, account.RoleVerifikatorSubstansi, ErrFourEyes},
		{"four eyes: return", Subject{State: TerverifikasiTeknis, TeknisBy: me}, KembalikanSubstansi, account.RoleVerifikatorSubstansi, ErrFourEyes},
		{"four eyes: rekomendasi", Subject{State: TerverifikasiTeknis, TeknisBy: me}, MintaRekomendasi, account.RoleVerifikatorSubstansi, ErrFourEyes},
		{"someone else may", Subject{State: TerverifikasiTeknis, TeknisBy: other}, VerifikasiSubstansi, account.RoleVerifikatorSubstansi, nil},
		{"before any teknis", Subject{State: TerverifikasiTeknis}, VerifikasiSubstansi, account.RoleVerifikatorSubstansi, nil},
		// Separation of duties: whoever verified it, either stage, may not decide it; a third person may.
		{"teknis verifier may not approve", Subject{State: MenungguKeputusan, TeknisBy: me, SubstansiBy: other}, Setujui, account.RoleProdusenData, ErrVerifierDecides},
		{"teknis verifier may not refuse", Subject{State: MenungguKeputusan, TeknisBy: me, SubstansiBy: other}, Tolak, account.RoleProdusenData, ErrVerifierDecides},
		{"substansi verifier may not approve", Subject{State: MenungguKeputusan, TeknisBy: other, SubstansiBy: me}, Setujui, account.RoleProdusenData, ErrVerifierDecides},
		{"substansi verifier may not refuse", Subject{State: MenungguKeputusan, TeknisBy: other, SubstansiBy: me}, Tolak, account.RoleProdusenData, ErrVerifierDecides},
		{"a third person decides", Subject{State: MenungguKeputusan, TeknisBy: other, SubstansiBy: other}, Setujui, account.RoleProdusenData, nil},
		// Extension and the six-month rule (§3.2.5 Khusus a).
		{"extend access in force", Subject{State: AksesDiberikan}, Perpanjang, account.RoleProdusenData, nil},
		{"six months without SK: no extension", Subject{State: AksesDiberikan, EnamBulan: true}, Perpanjang, account.RoleProdusenData, ErrSKForumFirst},
		{"six months with SK: extension", Subject{State: AksesDiberikan, EnamBulan: true, HasSKForum: true}, Perpanjang, account.RoleProdusenData, nil},
		{"closed by six months, SK uploaded: re-open", Subject{State: Berakhir, EnamBulan: true, EndReason: EndEnamBulan, HasSKForum: true}, Perpanjang, account.RoleProdusenData, nil},
		{"closed by six months, no SK", Subject{State: Berakhir, EnamBulan: true, EndReason: EndEnamBulan}, Perpanjang, account.RoleProdusenData, ErrSKForumFirst},
		{"expired access never re-opens", Subject{State: Berakhir, EndReason: EndKedaluwarsa}, Perpanjang, account.RoleProdusenData, ErrInvalidTransition},
		{"revoked access never re-opens", Subject{State: Dicabut, EndReason: EndDicabut}, Perpanjang, account.RoleProdusenData, ErrInvalidTransition},
		{"Perpanjangan request under six months needs the SK", Subject{State: AksesDiberikan, EnamBulan: true}, MintaPerpanjangan, account.RoleRegistrator, ErrSKForumFirst},
		{"Perpanjangan request", Subject{State: AksesDiberikan}, MintaPerpanjangan, account.RoleRegistrator, nil},
		{"SK Forum under the six-month rule", Subject{State: AksesDiberikan, EnamBulan: true}, UnggahSKForum, account.RoleRegistrator, nil},
		{"SK Forum after the six-month close", Subject{State: Berakhir, EnamBulan: true, EndReason: EndEnamBulan}, UnggahSKForum, account.RoleRegistrator, nil},
		{"no SK Forum without the rule", Subject{State: AksesDiberikan}, UnggahSKForum, account.RoleRegistrator, ErrInvalidTransition},
		{"no SK Forum after expiry", Subject{State: Berakhir, EnamBulan: true, EndReason: EndKedaluwarsa}, UnggahSKForum, account.RoleRegistrator, ErrInvalidTransition},
		// The table still comes first.
		{"wrong role", Subject{State: Diajukan}, VerifikasiTeknis, account.RoleVerifikatorSubstansi, ErrForbidden},
		{"wrong state", Subject{State: Draft}, VerifikasiTeknis, account.RoleVerifikatorTeknis, ErrInvalidTransition},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next, err := Check(tt.s, tt.ev, tt.role, me)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Check = %s, %v; want %v", next, err, tt.want)
			}
			if err != nil && next != tt.s.State {
				t.Errorf("a refused move leads to %s", next)
			}
			// Actions (the buttons) agree with Check (what the store enforces).
			if got := Can(tt.s, tt.ev, me, tt.role); got != (err == nil) {
				t.Errorf("Can = %v, Check error %v", got, err)
			}
		})
	}
}

func TestActions(t *testing.T) {
	s := Subject{State: TerverifikasiTeknis}
	got := Actions(s, 7, account.RoleVerifikatorSubstansi, account.RoleDirekturPengampu)
	want := []Event{VerifikasiSubstansi, KembalikanSubstansi, MintaRekomendasi, BeriRekomendasi}
	if !slices.Equal(got, want) {
		t.Errorf("Actions = %v, want %v", got, want)
	}
	// Issue 13 added the registrator's steps on access in force: a Penggantian Operator (and its withdrawal)
	// and the Berita Acara Pemusnahan of a row that ended.
	if got := Actions(Subject{State: AksesDiberikan}, 0, account.RoleRegistrator); !slices.Equal(got,
		[]Event{MintaPerpanjangan, AjukanGantiOperator, BatalGantiOperator, UnggahPemusnahan}) {
		t.Errorf("registrator with access in force: %v", got)
	}
	if got := Actions(Subject{State: Ditolak}, 7, account.AllRoles...); !slices.Equal(got, []Event{KirimCetak, TolakPerpanjangan, BeriRekomendasi, CatatDokumenAsli}) {
		// A refused permohonan has nothing left but the steps open in every state, and the receipt of its
		// original Surat Permohonan (issue 13).
		t.Errorf("refused permohonan: %v", got)
	}
	if EventName(PerluPerbaikan, Ajukan) != "ajukan_perbaikan" || EventName(Draft, Ajukan) != "ajukan" {
		t.Error("a resubmission is recorded as ajukan_perbaikan")
	}
}
