package tenants

import (
	"fmt"
	"io"
	"strconv"
)

// Role is a member's or API key's role inside a tenant. The order matters:
// each role can do what the ones below it can, except BILLING, which sits beside
// the ladder and reaches only billing.
type Role string

const (
	RoleOwner   Role = "OWNER"
	RoleAdmin   Role = "ADMIN"
	RoleAgent   Role = "AGENT"
	RoleBilling Role = "BILLING"
)

// Roles lists every role, highest first.
var Roles = []Role{RoleOwner, RoleAdmin, RoleAgent, RoleBilling}

func (r Role) rank() int {
	switch r {
	case RoleOwner:
		return 3
	case RoleAdmin:
		return 2
	case RoleAgent:
		return 1
	default:
		return 0
	}
}

// AtLeast reports whether r grants what min grants. BILLING is granted to
// OWNER, ADMIN and BILLING only; no role but OWNER grants OWNER.
func (r Role) AtLeast(min Role) bool {
	if !r.Valid() || !min.Valid() {
		return false
	}
	if min == RoleBilling {
		return r == RoleBilling || r == RoleOwner || r == RoleAdmin
	}
	if r == RoleBilling {
		return false
	}
	return r.rank() >= min.rank()
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	switch r {
	case RoleOwner, RoleAdmin, RoleAgent, RoleBilling:
		return true
	}
	return false
}

// ParseRole parses a role name as stored and shown.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !r.Valid() {
		return "", fmt.Errorf("parse role: unknown role %q", s)
	}
	return r, nil
}

// UnmarshalGQL lets the GraphQL Role enum bind to this type.
func (r *Role) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("role must be a string, got %T", v)
	}
	parsed, err := ParseRole(s)
	if err != nil {
		return err
	}
	*r = parsed
	return nil
}

// MarshalGQL writes the role as a GraphQL enum value.
func (r Role) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(r)))
}
