package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/db/dbtest"
	"github.com/switchboard/switchboard/tenants"
)

type serveProcess struct {
	base string
	cmd  *exec.Cmd
	logs *bytes.Buffer
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startServe runs `switchboard serve` as its own OS process against d.
func startServe(t *testing.T, d *dbtest.TestDB, secret string) *serveProcess {
	t.Helper()
	port := freePort(t)
	p := &serveProcess{base: fmt.Sprintf("http://127.0.0.1:%d", port), logs: &bytes.Buffer{}}
	p.cmd = exec.Command(os.Args[0], "serve", "--addr", fmt.Sprintf("127.0.0.1:%d", port))
	p.cmd.Env = append(os.Environ(),
		"SWITCHBOARD_RUN_MAIN=1",
		"DATABASE_URL="+d.AppURL,
		"SWITCHBOARD_SYSTEM_DATABASE_URL="+d.SystemURL,
		"SWITCHBOARD_JWT_SECRET="+secret,
		"SWITCHBOARD_SEALING_KEY="+testSealingKey,
		"SWITCHBOARD_PUBLIC_URL="+p.base,
	)
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	require.NoError(t, p.cmd.Start())
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(p.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not become ready:\n%s", p.logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (p *serveProcess) stop(t *testing.T) {
	t.Helper()
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGINT))
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		require.NoError(t, err, "serve exits cleanly on SIGINT:\n%s", p.logs.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not stop:\n%s", p.logs.String())
	}
}

func (p *serveProcess) graphql(t *testing.T, token, query string) map[string]any {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req, err := http.NewRequest(http.MethodPost, p.base+"/graphql", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out struct {
		Data   map[string]any `json:"data"`
		Errors []any          `json:"errors"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	require.Empty(t, out.Errors)
	return out.Data
}

type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

func dialGraphQL(ctx context.Context, t *testing.T, base string, protocols []string) (*websocket.Conn, error) {
	t.Helper()
	c, _, err := websocket.Dial(ctx, strings.Replace(base, "http://", "ws://", 1)+"/graphql",
		&websocket.DialOptions{Subprotocols: protocols})
	return c, err
}

func TestSubscriptionReceivesEventFromAnotherProcess(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	secret := "cross-process-test-secret-0123456789"
	subscriberNode := startServe(t, d, secret)
	publisherNode := startServe(t, d, secret)

	signUp := publisherNode.graphql(t, "", `mutation { signUp(input: {tenantName: "Two Nodes", name: "O", email: "o@two.example", password: "a-long-password"}) { session { accessToken } } }`)
	token := signUp["signUp"].(map[string]any)["session"].(map[string]any)["accessToken"].(string)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := dialGraphQL(ctx, t, subscriberNode.base, []string{"graphql-transport-ws"})
	require.NoError(t, err)
	defer conn.CloseNow()
	require.Equal(t, "graphql-transport-ws", conn.Subprotocol())
	require.NoError(t, wsjson.Write(ctx, conn, map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + token}}))
	var ack wsMessage
	require.NoError(t, wsjson.Read(ctx, conn, &ack))
	require.Equal(t, "connection_ack", ack.Type)
	require.NoError(t, wsjson.Write(ctx, conn, map[string]any{"id": "1", "type": "subscribe",
		"payload": map[string]any{"query": "subscription { activity { action summary } }"}}))

	// The subscription is registered asynchronously; publish until it hears one.
	// Events committed just before the subscription may or may not arrive (the
	// bus is a wake-up, not a replay log), so the sign-up's own event is skipped.
	got := make(chan wsMessage, 16)
	go func() {
		defer close(got)
		for {
			var msg wsMessage
			if err := wsjson.Read(ctx, conn, &msg); err != nil {
				return
			}
			if msg.Type == "next" && strings.Contains(string(msg.Payload), "api_key.created") {
				got <- msg
			}
		}
	}()
	var msg wsMessage
	for i := 0; ; i++ {
		publisherNode.graphql(t, token, fmt.Sprintf(`mutation { createApiKey(input: {name: "from-node-2-%d", role: AGENT}) { secret } }`, i))
		select {
		case msg = <-got:
		case <-time.After(time.Second):
			require.Less(t, i, 10, "no event reached the other process")
			continue
		}
		break
	}
	require.Equal(t, "1", msg.ID)
	require.Contains(t, string(msg.Payload), `"action":"api_key.created"`)
	require.Contains(t, string(msg.Payload), `from-node-2-`)
	conn.Close(websocket.StatusNormalClosure, "")

	subscriberNode.stop(t)
	publisherNode.stop(t)
}

func TestWebSocketRefusesBadClients(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	node := startServe(t, d, "websocket-test-secret-0123456789abcdef")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	// The legacy subscriptions-transport-ws protocol is not served.
	_, err := dialGraphQL(ctx, t, node.base, []string{"graphql-ws"})
	require.Error(t, err)

	// A bad token in connection_init closes the connection without an ack.
	conn, err := dialGraphQL(ctx, t, node.base, []string{"graphql-transport-ws"})
	require.NoError(t, err)
	defer conn.CloseNow()
	require.NoError(t, wsjson.Write(ctx, conn, map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer forged"}}))
	var msg wsMessage
	err = wsjson.Read(ctx, conn, &msg)
	require.Error(t, err)
	require.Equal(t, websocket.StatusCode(4403), websocket.CloseStatus(err))
	node.stop(t)
}

func TestConfigValidationListsEveryProblem(t *testing.T) {
	for _, k := range []string{"DATABASE_URL", "SWITCHBOARD_DATABASE_URL", "SWITCHBOARD_SYSTEM_DATABASE_URL", "SWITCHBOARD_JWT_SECRET", "SWITCHBOARD_PUBLIC_URL", "SWITCHBOARD_SEALING_KEY"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"serve", "--jwt-secret", "short", "--log-level", "loud", "--public-url", "ftp://x"}, &stdout, &stderr)
	require.Equal(t, 2, code)
	out := stderr.String()
	for _, want := range []string{"database-url: required", "system-database-url: required", "jwt-secret: must be at least 32 bytes",
		"log-level: \"loud\"", "public-url: \"ftp://x\" must be an absolute http(s) URL", "sealing-key: required"} {
		require.Contains(t, out, want)
	}

	stderr.Reset()
	require.Equal(t, 2, run([]string{"serve", "--sealing-key", "abcd", "--sealing-old-keys", "zz"}, &stdout, &stderr))
	require.Contains(t, stderr.String(), "sealing-key: must be 64 hex digits")

	stderr.Reset()
	require.Equal(t, 2, run([]string{"frobnicate"}, &stdout, &stderr))
	require.Contains(t, stderr.String(), `unknown command "frobnicate"`)
	stdout.Reset()
	require.Equal(t, 0, run([]string{"version"}, &stdout, &stderr))
	require.True(t, strings.HasPrefix(stdout.String(), "switchboard "))
}

// testSealingKey is the sealing key of the serve processes tests start.
const testSealingKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

// serve re-seals, before it answers, credentials stored in plain text (a
// database from before sealing existed) under its sealing key.
func TestServeSealsPlainCredentialsAtStart(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	tenant, channel := uuid.New(), uuid.New()
	ctx := tenants.ForMember(context.Background(), tenant, uuid.Nil, tenants.RoleAdmin)
	require.NoError(t, d.InTenantTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO tenants (id, name) VALUES ($1, 'Legacy')`, tenant); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO channels (id, tenant_id, kind, name, address, config, secrets)
			VALUES ($1, $2, 'sms', 'legacy', '+14155550122', '{}', '{"auth_token": "plain-token"}')`, channel, tenant)
		return err
	}))
	p := startServe(t, d, "reseal-test-secret-0123456789abcdef")
	var stored string
	require.NoError(t, d.InTenantTx(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT secrets #>> '{}' FROM channels WHERE id = $1`, channel).Scan(&stored)
	}))
	require.True(t, tenants.IsSealed(stored), "stored: %s", stored)
	require.NotContains(t, stored, "plain-token")
	p.stop(t) // the logs are complete (and safe to read) once it has exited
	require.Contains(t, p.logs.String(), "re-sealed under the current sealing key")
}
