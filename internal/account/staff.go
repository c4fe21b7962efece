package account

import "slices"

// Staff is a Bappenas staff member (Pengelola Data Regsosek) as the portal knows them once signed in.
type Staff struct {
	ID       int64
	Username string
	Nama     string
	Email    string
	Roles    []Role
	// MustChangePassword holds the staff member on the password page until they choose their own.
	MustChangePassword bool
	SesiVersi          int
}

// HasRole reports whether the staff member holds role.
func (s Staff) HasRole(role Role) bool { return slices.Contains(s.Roles, role) }

// HasAny reports whether the staff member holds at least one of roles.
func (s Staff) HasAny(roles ...Role) bool { return slices.ContainsFunc(roles, s.HasRole) }

// NewStaff is a staff account to create.
type NewStaff struct {
	Username, Nama, Email, PasswordHash string
	TOTPSecret                          string
	Roles                               []Role
	// MustChangePassword marks a one-time password: the first sign-in asks for a new one.
	MustChangePassword bool
}
