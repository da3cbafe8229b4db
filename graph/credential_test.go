package graph

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/tenants"
)

type revocableKeys struct{ revoked atomic.Bool }

func (k *revocableKeys) ResolveAPIKey(context.Context, uuid.UUID, string) (uuid.UUID, tenants.Role, error) {
	if k.revoked.Load() {
		return uuid.Nil, "", tenants.ErrUnauthenticated
	}
	return uuid.New(), tenants.RoleAgent, nil
}

// A connection opened with an API key ends at the first recheck after the
// key is revoked, and not before.
func TestSubscriptionEndsWhenTheAPIKeyIsRevoked(t *testing.T) {
	t.Parallel()
	keys := &revocableKeys{}
	v := &tenants.Verifier{APIKeys: keys}
	key, _ := tenants.NewAPIKey(uuid.New())
	ctx, err := v.Authenticate(t.Context(), key)
	require.NoError(t, err)
	actor, _ := tenants.FromContext(ctx)
	live, end := context.WithCancel(ctx)
	defer end()
	done := make(chan struct{})
	go func() { defer close(done); endWithCredential(live, end, v, key, actor, 20*time.Millisecond) }()

	select {
	case <-done:
		t.Fatal("ended while the key was live")
	case <-time.After(100 * time.Millisecond):
	}
	keys.revoked.Store(true)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("still open after the key was revoked")
	}
	require.ErrorIs(t, live.Err(), context.Canceled)
}
