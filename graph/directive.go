package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/switchboard/switchboard/tenants"
)

// hasRole enforces @hasRole: a signed-in caller with at least the role. A
// caller without it gets errForbidden, shown as NOT_FOUND.
func hasRole(ctx context.Context, _ any, next graphql.Resolver, role tenants.Role) (any, error) {
	a, ok := tenants.FromContext(ctx)
	if !ok || !a.HasTenant() {
		return nil, tenants.ErrUnauthenticated
	}
	if !a.Can(role) {
		return nil, errForbidden
	}
	return next(ctx)
}

// authenticated enforces @authenticated: any signed-in caller in a tenant.
func authenticated(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
	a, ok := tenants.FromContext(ctx)
	if !ok || !a.HasTenant() {
		return nil, tenants.ErrUnauthenticated
	}
	return next(ctx)
}
