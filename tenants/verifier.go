package tenants

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// APIKeyResolver checks an API key against storage. It is declared here, where
// it is consumed, and implemented by the account domain.
type APIKeyResolver interface {
	// ResolveAPIKey returns the tenant and role of a live key whose hash matches,
	// or an error wrapping ErrUnauthenticated.
	ResolveAPIKey(ctx context.Context, keyID uuid.UUID, plain string) (tenantID uuid.UUID, role Role, err error)
}

// Verifier authenticates the credential of an HTTP request or a WebSocket
// connection_init payload: one code path for both.
type Verifier struct {
	Tokens  *Tokens
	APIKeys APIKeyResolver
}

// Authenticate reads "Bearer <credential>" (or the bare credential) and returns
// ctx with the actor on it. Every failure wraps ErrUnauthenticated.
func (v *Verifier) Authenticate(ctx context.Context, authorization string) (context.Context, error) {
	cred := strings.TrimSpace(authorization)
	if scheme, rest, ok := strings.Cut(cred, " "); ok && strings.EqualFold(scheme, "bearer") {
		cred = strings.TrimSpace(rest)
	}
	if cred == "" {
		return ctx, fmt.Errorf("%w: no credential", ErrUnauthenticated)
	}
	if strings.HasPrefix(cred, APIKeyPrefix) {
		keyID, ok := ParseAPIKey(cred)
		if !ok || v.APIKeys == nil {
			return ctx, fmt.Errorf("%w: malformed api key", ErrUnauthenticated)
		}
		tenantID, role, err := v.APIKeys.ResolveAPIKey(ctx, keyID, cred)
		if err != nil {
			return ctx, err
		}
		return withActor(ctx, Actor{Kind: ActorAPIKey, TenantID: tenantID, APIKeyID: keyID, Role: role}), nil
	}
	actor, err := v.Tokens.Verify(cred)
	if err != nil {
		return ctx, err
	}
	return withActor(ctx, actor), nil
}
