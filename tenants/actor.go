package tenants

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
)

// ErrNoTenant is returned when an operation needs a tenant scope and the context has none.
var ErrNoTenant = errors.New("no tenant on context")

// ActorKind says how the caller proved who they are.
type ActorKind string

const (
	ActorUser   ActorKind = "user"
	ActorAPIKey ActorKind = "api_key"
	ActorJob    ActorKind = "job"
)

// Actor is the authenticated caller of one operation.
type Actor struct {
	Kind     ActorKind
	TenantID uuid.UUID // uuid.Nil only for ForUser (account-level calls before a tenant is picked)
	UserID   uuid.UUID // uuid.Nil for API keys and jobs
	APIKeyID uuid.UUID // set only for API keys
	Role     Role
	// Expires is when the credential stops being valid (an access token's
	// exp); zero for API keys, which live until revoked, and for jobs.
	// Long-lived connections end then.
	Expires time.Time
}

// HasTenant reports whether the actor acts inside a tenant.
func (a Actor) HasTenant() bool { return a.TenantID != uuid.Nil }

// Can reports whether the actor's role is at least min.
func (a Actor) Can(min Role) bool { return a.HasTenant() && a.Role.AtLeast(min) }

type actorKey struct{}

func withActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// FromContext returns the actor put on ctx by this package.
func FromContext(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// TenantFromContext returns the tenant of the actor on ctx, or ErrNoTenant.
func TenantFromContext(ctx context.Context) (uuid.UUID, error) {
	a, ok := FromContext(ctx)
	if !ok || a.TenantID == uuid.Nil {
		return uuid.Nil, ErrNoTenant
	}
	return a.TenantID, nil
}

// ForJob scopes a background job to the tenant named in its args. A job was
// authorised when it was enqueued, so it acts with ADMIN's reach and no user.
func ForJob(ctx context.Context, tenantID uuid.UUID) context.Context {
	return withActor(ctx, Actor{Kind: ActorJob, TenantID: tenantID, Role: RoleAdmin})
}

// ForNewTenant scopes sign-up: the new user becomes the new tenant's owner.
func ForNewTenant(ctx context.Context, tenantID, userID uuid.UUID) context.Context {
	return withActor(ctx, Actor{Kind: ActorUser, TenantID: tenantID, UserID: userID, Role: RoleOwner})
}

// ForUser scopes account-level work of a signed-in user (listing their tenants,
// accepting an invitation) that happens outside any one tenant.
func ForUser(ctx context.Context, userID uuid.UUID) context.Context {
	return withActor(ctx, Actor{Kind: ActorUser, UserID: userID})
}

// ForMember scopes a user inside a tenant once their membership is known
// (log-in, tenant switch, accepting an invitation).
func ForMember(ctx context.Context, tenantID, userID uuid.UUID, role Role) context.Context {
	return withActor(ctx, Actor{Kind: ActorUser, TenantID: tenantID, UserID: userID, Role: role})
}
