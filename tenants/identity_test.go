package tenants

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func TestRoles(t *testing.T) {
	t.Parallel()
	require.True(t, RoleOwner.AtLeast(RoleAdmin))
	require.True(t, RoleAdmin.AtLeast(RoleAgent))
	require.False(t, RoleAgent.AtLeast(RoleAdmin))
	require.False(t, RoleAdmin.AtLeast(RoleOwner))
	require.False(t, RoleBilling.AtLeast(RoleAgent), "billing sits beside the ladder")
	require.True(t, RoleBilling.AtLeast(RoleBilling))
	require.True(t, RoleOwner.AtLeast(RoleBilling))
	require.False(t, RoleAgent.AtLeast(RoleBilling))
	require.False(t, Role("ROOT").AtLeast(RoleAgent))
	_, err := ParseRole("ROOT")
	require.Error(t, err)
}

func TestPassword(t *testing.T) {
	t.Parallel()
	h, err := HashPassword("correct horse battery")
	require.NoError(t, err)
	require.True(t, CheckPassword("correct horse battery", h))
	require.False(t, CheckPassword("correct horse batterx", h))
	require.False(t, CheckPassword("correct horse battery", "$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA"))
	_, err = HashPassword("short")
	require.ErrorIs(t, err, ErrWeakPassword)
}

func TestAPIKeyFormat(t *testing.T) {
	t.Parallel()
	id := uuid.New()
	plain, hash := NewAPIKey(id)
	got, ok := ParseAPIKey(plain)
	require.True(t, ok)
	require.Equal(t, id, got)
	require.True(t, SecretMatches(plain, hash))
	require.False(t, SecretMatches(plain+"x", hash))
	for _, bad := range []string{"", "sbk_", "sbk_zz_yy", plain[:len(plain)-1], "xyz_" + plain[4:]} {
		_, ok := ParseAPIKey(bad)
		require.False(t, ok, bad)
	}
}

type fakeKeys struct{ tenant uuid.UUID }

func (f fakeKeys) ResolveAPIKey(_ context.Context, _ uuid.UUID, _ string) (uuid.UUID, Role, error) {
	return f.tenant, RoleAgent, nil
}

func TestVerifier(t *testing.T) {
	t.Parallel()
	tok := newTestTokens(t)
	tenant := uuid.New()
	v := &Verifier{Tokens: tok, APIKeys: fakeKeys{tenant: tenant}}

	_, err := v.Authenticate(context.Background(), "")
	require.ErrorIs(t, err, ErrUnauthenticated)
	_, err = v.Authenticate(context.Background(), "Bearer sbk_nonsense")
	require.ErrorIs(t, err, ErrUnauthenticated)

	raw, _, err := tok.Issue(uuid.New(), tenant, RoleOwner)
	require.NoError(t, err)
	ctx, err := v.Authenticate(context.Background(), "Bearer "+raw)
	require.NoError(t, err)
	got, err := TenantFromContext(ctx)
	require.NoError(t, err)
	require.Equal(t, tenant, got)

	key, _ := NewAPIKey(uuid.New())
	ctx, err = v.Authenticate(context.Background(), key)
	require.NoError(t, err)
	a, ok := FromContext(ctx)
	require.True(t, ok)
	require.Equal(t, ActorAPIKey, a.Kind)

	_, err = TenantFromContext(context.Background())
	require.ErrorIs(t, err, ErrNoTenant)
}
