package account

import "slices"

// Actor is who does something: a registrator official, a staff member, a member of the public or the portal
// itself, with the IP address the request came from. Every change the store makes records its actor.
type Actor struct {
	Kind  string // ActorPublik, ActorRegistrator, ActorStaf or ActorSistem
	ID    int64  // the pejabat or staff id; 0 for the public and the system
	IP    string
	Roles []Role // a staff member's roles
}

// Actor kinds, as the audit log records them.
const (
	ActorPublik      = "publik"
	ActorRegistrator = "registrator"
	ActorStaf        = "staf"
	ActorSistem      = "sistem"
	// ActorAPI is a system calling the machine API with a key; ID is the key's.
	ActorAPI = "api"
)

// Sistem is the portal acting on its own (jobs, expiry).
var Sistem = Actor{Kind: ActorSistem}

// ActingRoles are the roles the actor may act in: a staff member's roles, or the pseudo-role of the others.
func (a Actor) ActingRoles() []Role {
	switch a.Kind {
	case ActorStaf:
		return a.Roles
	case ActorRegistrator:
		return []Role{RoleRegistrator}
	case ActorSistem:
		return []Role{RoleSistem}
	}
	return []Role{RolePublik}
}

// RoleAmong returns the first of the actor's roles that is in allowed, or "" when none is: a person holding
// several roles acts in the one the step needs.
func (a Actor) RoleAmong(allowed []Role) Role {
	for _, r := range a.ActingRoles() {
		if slices.Contains(allowed, r) {
			return r
		}
	}
	return ""
}
