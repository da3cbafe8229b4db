package graph_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/tenants"
)

// A subscription connection ends when its access token expires: the
// console must reconnect with a fresh token to keep receiving events.
func TestSubscriptionEndsWhenTheTokenExpires(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	owner := tb.signUp(t, "Expiry")
	// The same signing configuration as the server's, with a 1 s lifetime.
	short, err := tenants.NewTokens(tenants.TokenConfig{Secret: []byte("test-secret-test-secret-test-secret"), Issuer: "switchboard", Audience: "switchboard-api", TTL: time.Second})
	require.NoError(t, err)
	actor, err := short.Verify(owner.AccessToken)
	require.NoError(t, err)
	token, exp, err := short.Issue(actor.UserID, actor.TenantID, actor.Role)
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(tb.server.URL, "http"), &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	require.NoError(t, err)
	defer conn.CloseNow()
	require.NoError(t, wsjson.Write(ctx, conn, map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + token}}))
	var msg struct{ Type string }
	require.NoError(t, wsjson.Read(ctx, conn, &msg))
	require.Equal(t, "connection_ack", msg.Type)
	require.NoError(t, wsjson.Write(ctx, conn, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{
		"query": "subscription { inbox { conversation { id } } }"}}))

	// Nothing arrives; the server closes the connection at the expiry.
	for {
		err = wsjson.Read(ctx, conn, &msg)
		if err != nil {
			break
		}
		require.NotEqual(t, "next", msg.Type)
	}
	require.Equal(t, websocket.StatusNormalClosure, websocket.CloseStatus(err), err)
	// JWT times are whole seconds.
	require.False(t, time.Now().Before(exp.Truncate(time.Second)), "closed before the token expired")
}
