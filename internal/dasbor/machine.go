package dasbor

import (
	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
)

// RilisState is where a release of the dashboard's figures is: a draft under review, the one public release,
// or an archived one that can be published again.
type RilisState string

// The release states.
const (
	RilisDraf   RilisState = "draf"
	RilisTerbit RilisState = "terbit"
	RilisArsip  RilisState = "arsip"
)

// RilisEvent moves a release.
type RilisEvent string

// The release events.
const (
	Terbitkan RilisEvent = "terbitkan" // a draft goes public
	Pulihkan  RilisEvent = "pulihkan"  // an archived release goes public again
	Arsipkan  RilisEvent = "arsipkan"  // the public release steps aside for the next
)

type move = fsm.Move[RilisState, RilisEvent, account.Role]

var publishers = []account.Role{account.RoleAdmin, account.RoleSistem}

// RilisMachine is the release's state machine. The admin publishes; `portal seed --synthetic` publishes the
// development release as the system.
var RilisMachine = fsm.New(
	move{Event: Terbitkan, From: []RilisState{RilisDraf}, To: RilisTerbit, Roles: publishers},
	move{Event: Pulihkan, From: []RilisState{RilisArsip}, To: RilisTerbit, Roles: publishers},
	move{Event: Arsipkan, From: []RilisState{RilisTerbit}, To: RilisArsip, Roles: publishers},
)

// PublishEvent is how a release in state s becomes public: a draft is published, an archived one restored.
func PublishEvent(s RilisState) RilisEvent {
	if s == RilisArsip {
		return Pulihkan
	}
	return Terbitkan
}
