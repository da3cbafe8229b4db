package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/db/dbtest"
	"github.com/switchboard/switchboard/graph"
	"github.com/switchboard/switchboard/integrations/webhookhttp"
	"github.com/switchboard/switchboard/internal/account"
	"github.com/switchboard/switchboard/internal/chatswitch"
	"github.com/switchboard/switchboard/internal/inbox"
	"github.com/switchboard/switchboard/internal/live"
	"github.com/switchboard/switchboard/internal/mail"
	"github.com/switchboard/switchboard/internal/webhook"
	"github.com/switchboard/switchboard/tenants"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

type testBundle struct {
	db     *dbtest.TestDB
	server *httptest.Server
	hooks  *httptest.Server
	bus    *live.Bus
}

type setupOpts struct {
	introspection bool
	depthLimit    int
}

func setup(t *testing.T, opts ...setupOpts) *testBundle {
	t.Helper()
	var o setupOpts
	if len(opts) > 0 {
		o = opts[0]
	}
	d := dbtest.New(t)
	tokens, err := tenants.NewTokens(tenants.TokenConfig{Secret: []byte("test-secret-test-secret-test-secret"), Issuer: "switchboard", Audience: "switchboard-api", TTL: 5 * time.Minute})
	require.NoError(t, err)
	// An insert-only River client: these tests look at what was enqueued.
	rc, err := river.NewClient(riverpgxv5.New(d.Pool()), &river.Config{})
	require.NoError(t, err)
	bus := live.New(d.DB, live.Opts{PollInterval: 100 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = bus.Run(ctx) }()
	<-bus.Started()
	accounts := &account.Service{DB: d.DB, Tokens: tokens, Jobs: rc, Live: bus, PublicURL: "https://sb.example"}
	inboxes := &inbox.Service{DB: d.DB, Jobs: rc, Live: bus}
	webhooks := &webhook.Service{DB: d.DB, Jobs: rc, Guard: webhookhttp.Guard{AllowLoopback: true}}
	hooks := httptest.NewServer(inboxes.Hooks())
	inboxes.PublicURL = hooks.URL
	calls := newCalls(t, d, rc, bus)
	switches := &chatswitch.Service{DB: d.DB, Inbox: inboxes, Jobs: rc, Live: bus, PublicURL: hooks.URL}
	h := graph.NewHandler(graph.HandlerConfig{
		Resolver:      &graph.Resolver{Account: accounts, Inbox: inboxes, Switches: switches, Webhooks: webhooks, Calls: calls, Outbox: mail.Outbox{DB: d.DB}, Live: bus, Version: "test"},
		Verifier:      &tenants.Verifier{Tokens: tokens, APIKeys: accounts},
		Introspection: o.introspection,
		Metrics:       prometheus.NewRegistry(),
		BodyLimit:     64 << 10,
		DepthLimit:    o.depthLimit,
	})
	srv := httptest.NewServer(h)
	t.Cleanup(func() { srv.Close(); hooks.Close(); cancel(); <-done })
	return &testBundle{db: d, server: srv, hooks: hooks, bus: bus}
}

type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
	status int
}

func (r gqlResponse) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

func (tb *testBundle) do(t *testing.T, token, query string, vars map[string]any) gqlResponse {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, tb.server.URL, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out gqlResponse
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	out.status = resp.StatusCode
	return out
}

// ok runs a query that must succeed and decodes its data into v.
func (tb *testBundle) ok(t *testing.T, token, query string, vars map[string]any, v any) {
	t.Helper()
	r := tb.do(t, token, query, vars)
	require.Empty(t, r.Errors, "query %s", query)
	if v != nil {
		require.NoError(t, json.Unmarshal(r.Data, v))
	}
}

type session struct {
	AccessToken  string `json:"accessToken"`
	RefreshToken string `json:"refreshToken"`
	Viewer       struct {
		Role   string `json:"role"`
		Tenant struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"tenant"`
		User struct {
			ID    string `json:"id"`
			Email string `json:"email"`
		} `json:"user"`
		Memberships []struct {
			Role   string `json:"role"`
			Tenant struct {
				ID string `json:"id"`
			} `json:"tenant"`
		} `json:"memberships"`
	} `json:"viewer"`
}

const sessionFields = `accessToken refreshToken viewer { role tenant { id name } user { id email } memberships { role tenant { id } } }`

// signUps numbers sign-ups so parallel tests never share an e-mail.
var signUps atomic.Int64

func (tb *testBundle) signUp(t *testing.T, tenantName string) session {
	t.Helper()
	n := signUps.Add(1)
	var out struct {
		SignUp struct{ Session session } `json:"signUp"`
	}
	tb.ok(t, "", `mutation($i: SignUpInput!) { signUp(input: $i) { session { `+sessionFields+` } } }`, map[string]any{"i": map[string]any{
		"tenantName": tenantName, "name": "Owner", "email": fmt.Sprintf("owner%d-%d@example.com", n, time.Now().UnixNano()), "password": "a-long-password",
	}}, &out)
	return out.SignUp.Session
}

func TestSignUpLogInRefreshLogOut(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	var out struct {
		SignUp struct{ Session session } `json:"signUp"`
	}
	tb.ok(t, "", `mutation { signUp(input: {tenantName: "Acme", name: "Ada", email: "Ada@Example.com", password: "a-long-password"}) { session { `+sessionFields+` } } }`, nil, &out)
	s := out.SignUp.Session
	require.Equal(t, "OWNER", s.Viewer.Role)
	require.Equal(t, "Acme", s.Viewer.Tenant.Name)
	require.Equal(t, "ada@example.com", s.Viewer.User.Email)

	// The same e-mail cannot sign up twice.
	r := tb.do(t, "", `mutation { signUp(input: {tenantName: "B", name: "X", email: "ada@example.com", password: "a-long-password"}) { session { accessToken } } }`, nil)
	require.Equal(t, "BAD_USER_INPUT", r.code())
	// Weak passwords and bad e-mails name their field.
	r = tb.do(t, "", `mutation { signUp(input: {tenantName: "B", name: "X", email: "x@example.com", password: "short"}) { session { accessToken } } }`, nil)
	require.Equal(t, "BAD_USER_INPUT", r.code())
	require.Equal(t, "password", r.Errors[0].Extensions["field"])

	// Wrong password and unknown e-mail read the same.
	for _, creds := range [][2]string{{"ada@example.com", "wrong-password"}, {"nobody@example.com", "a-long-password"}} {
		r = tb.do(t, "", `mutation($e: String!, $p: String!) { logIn(input: {email: $e, password: $p}) { session { accessToken } } }`, map[string]any{"e": creds[0], "p": creds[1]})
		require.Equal(t, "UNAUTHENTICATED", r.code())
		require.Equal(t, "invalid e-mail or password", r.Errors[0].Message)
	}
	var login struct {
		LogIn struct{ Session session } `json:"logIn"`
	}
	tb.ok(t, "", `mutation { logIn(input: {email: "ada@example.com", password: "a-long-password"}) { session { `+sessionFields+` } } }`, nil, &login)
	require.Equal(t, s.Viewer.Tenant.ID, login.LogIn.Session.Viewer.Tenant.ID)

	// Refresh rotates; reusing the old token ends the whole family.
	var ref struct {
		RefreshSession struct{ Session session } `json:"refreshSession"`
	}
	refresh := `mutation($t: String!) { refreshSession(input: {refreshToken: $t}) { session { ` + sessionFields + ` } } }`
	tb.ok(t, "", refresh, map[string]any{"t": login.LogIn.Session.RefreshToken}, &ref)
	second := ref.RefreshSession.Session
	require.NotEqual(t, login.LogIn.Session.RefreshToken, second.RefreshToken)
	require.Equal(t, "UNAUTHENTICATED", tb.do(t, "", refresh, map[string]any{"t": login.LogIn.Session.RefreshToken}).code(), "reuse refused")
	require.Equal(t, "UNAUTHENTICATED", tb.do(t, "", refresh, map[string]any{"t": second.RefreshToken}).code(), "reuse revoked the family")

	// Log-out ends the sign-up session's family too; the access token lives until it expires.
	tb.ok(t, "", `mutation($t: String!) { logOut(input: {refreshToken: $t}) { ok } }`, map[string]any{"t": s.RefreshToken}, nil)
	require.Equal(t, "UNAUTHENTICATED", tb.do(t, "", refresh, map[string]any{"t": s.RefreshToken}).code())
	tb.ok(t, "", `mutation($t: String!) { logOut(input: {refreshToken: $t}) { ok } }`, map[string]any{"t": "sbr_unknown"}, nil)
}

func TestBadCredentialIsRefusedAtTheDoor(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	r := tb.do(t, "not-a-token", `{ viewer { role } }`, nil)
	require.Equal(t, http.StatusUnauthorized, r.status)
	require.Equal(t, "UNAUTHENTICATED", r.code())
	r = tb.do(t, "", `{ viewer { role } }`, nil)
	require.Equal(t, "UNAUTHENTICATED", r.code())
}

func TestRolesAreEnforced(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	owner := tb.signUp(t, "Roles")
	invite := func(role string) session {
		var inv struct {
			CreateInvitation struct{ Invitation struct{ ID string } } `json:"createInvitation"`
		}
		email := strings.ToLower(role) + "@roles.example"
		tb.ok(t, owner.AccessToken, `mutation($e: String!, $r: Role!) { createInvitation(input: {email: $e, role: $r}) { invitation { id } } }`,
			map[string]any{"e": email, "r": role}, &inv)
		token := tb.inviteToken(t, owner.AccessToken, email)
		var acc struct {
			AcceptInvitation struct{ Session session } `json:"acceptInvitation"`
		}
		tb.ok(t, "", `mutation($t: String!) { acceptInvitation(input: {token: $t, name: "N", password: "a-long-password"}) { session { `+sessionFields+` } } }`,
			map[string]any{"t": token}, &acc)
		require.Equal(t, role, acc.AcceptInvitation.Session.Viewer.Role)
		return acc.AcceptInvitation.Session
	}
	agent, billing := invite("AGENT"), invite("BILLING")

	adminOnly := `mutation { createApiKey(input: {name: "k", role: AGENT}) { secret } }`
	require.Equal(t, "NOT_FOUND", tb.do(t, agent.AccessToken, adminOnly, nil).code(), "not allowed reads as not found")
	require.Equal(t, "NOT_FOUND", tb.do(t, billing.AccessToken, adminOnly, nil).code())
	require.Equal(t, "NOT_FOUND", tb.do(t, billing.AccessToken, `{ members { edges { node { role } } } }`, nil).code(), "billing is not an agent")
	var members struct {
		Members struct {
			Edges []struct{ Node struct{ Role string } }
		} `json:"members"`
	}
	tb.ok(t, agent.AccessToken, `{ members { edges { node { role } } } }`, nil, &members)
	require.Len(t, members.Members.Edges, 3)
	// No one invites above their own role.
	r := tb.do(t, agent.AccessToken, `mutation { createInvitation(input: {email: "x@y.example", role: OWNER}) { invitation { id } } }`, nil)
	require.Equal(t, "NOT_FOUND", r.code())
}

// inviteToken reads the invitation link out of the captured e-mail, as a
// person would from their inbox.
func (tb *testBundle) inviteToken(t *testing.T, adminToken, email string) string {
	t.Helper()
	var out struct {
		EmailOutbox struct {
			Edges []struct {
				Node struct {
					To       []string
					BodyText string
					Status   string
				}
			}
		} `json:"emailOutbox"`
	}
	tb.ok(t, adminToken, `{ emailOutbox(first: 100) { edges { node { to bodyText status } } } }`, nil, &out)
	re := regexp.MustCompile(`https://sb\.example/invite\?token=(\S+)`)
	for _, e := range out.EmailOutbox.Edges {
		if len(e.Node.To) == 1 && e.Node.To[0] == email {
			require.Equal(t, "QUEUED", e.Node.Status)
			m := re.FindStringSubmatch(e.Node.BodyText)
			require.NotNil(t, m, e.Node.BodyText)
			return m[1]
		}
	}
	t.Fatalf("no invitation e-mail to %s", email)
	return ""
}

func TestInvitationIsSingleUseAndJoinsExistingUsers(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	a := tb.signUp(t, "A")
	b := tb.signUp(t, "B")
	tb.ok(t, a.AccessToken, `mutation($e: String!) { createInvitation(input: {email: $e, role: ADMIN}) { invitation { id state } } }`,
		map[string]any{"e": b.Viewer.User.Email}, nil)
	token := tb.inviteToken(t, a.AccessToken, b.Viewer.User.Email)
	accept := `mutation($t: String!, $p: String!) { acceptInvitation(input: {token: $t, password: $p}) { session { ` + sessionFields + ` } } }`
	require.Equal(t, "UNAUTHENTICATED", tb.do(t, "", accept, map[string]any{"t": token, "p": "wrong-password"}).code(),
		"an existing account proves its password")
	var acc struct {
		AcceptInvitation struct{ Session session } `json:"acceptInvitation"`
	}
	tb.ok(t, "", accept, map[string]any{"t": token, "p": "a-long-password"}, &acc)
	s := acc.AcceptInvitation.Session
	require.Equal(t, a.Viewer.Tenant.ID, s.Viewer.Tenant.ID)
	require.Len(t, s.Viewer.Memberships, 2, "B's owner now belongs to both tenants")
	require.Equal(t, "BAD_USER_INPUT", tb.do(t, "", accept, map[string]any{"t": token, "p": "a-long-password"}).code(), "single use")

	// Switching back to B: a new session there, and the old refresh token is retired.
	var sw struct {
		SwitchTenant struct{ Session session } `json:"switchTenant"`
	}
	tb.ok(t, s.AccessToken, `mutation($id: ID!, $t: String!) { switchTenant(input: {tenantId: $id, refreshToken: $t}) { session { `+sessionFields+` } } }`,
		map[string]any{"id": b.Viewer.Tenant.ID, "t": s.RefreshToken}, &sw)
	require.Equal(t, b.Viewer.Tenant.ID, sw.SwitchTenant.Session.Viewer.Tenant.ID)
	require.Equal(t, "OWNER", sw.SwitchTenant.Session.Viewer.Role)
	r := tb.do(t, a.AccessToken, `mutation($id: ID!, $t: String!) { switchTenant(input: {tenantId: $id, refreshToken: $t}) { session { accessToken } } }`,
		map[string]any{"id": b.Viewer.Tenant.ID, "t": a.RefreshToken})
	require.Equal(t, "NOT_FOUND", r.code(), "A's owner is no member of B")
}

func TestAPIKeysAuthenticateUntilRevoked(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	owner := tb.signUp(t, "Keys")
	var created struct {
		CreateAPIKey struct {
			Secret string
			APIKey struct {
				ID, Prefix, Role string
			} `json:"apiKey"`
		} `json:"createApiKey"`
	}
	tb.ok(t, owner.AccessToken, `mutation { createApiKey(input: {name: "ci", role: AGENT}) { secret apiKey { id prefix role } } }`, nil, &created)
	k := created.CreateAPIKey
	require.True(t, strings.HasPrefix(k.Secret, k.APIKey.Prefix))
	var v struct{ Viewer session }
	tb.ok(t, k.Secret, `{ viewer { role tenant { id } user { id } memberships { role } } }`, nil, &v.Viewer)
	r := tb.do(t, owner.AccessToken, `mutation { createApiKey(input: {name: "x", role: OWNER}) { secret } }`, nil)
	require.Equal(t, "BAD_USER_INPUT", r.code(), "no OWNER keys")

	var list struct {
		APIKeys struct {
			Edges []struct{ Node map[string]any }
		} `json:"apiKeys"`
	}
	tb.ok(t, owner.AccessToken, `{ apiKeys { edges { node { id name prefix lastUsedAt revokedAt } } } }`, nil, &list)
	require.Len(t, list.APIKeys.Edges, 1)
	require.NotNil(t, list.APIKeys.Edges[0].Node["lastUsedAt"])
	require.NotContains(t, fmt.Sprint(list), k.Secret, "the secret is shown once")

	tb.ok(t, owner.AccessToken, `mutation($id: ID!) { revokeApiKey(input: {id: $id}) { apiKey { revokedAt } } }`, map[string]any{"id": k.APIKey.ID}, nil)
	require.Equal(t, http.StatusUnauthorized, tb.do(t, k.Secret, `{ viewer { role } }`, nil).status)
}

// TestTenantIsolationThroughGraphQL: everything tenant A can name, tenant B
// can neither read, change nor learn of. Every new query, mutation or node
// type joins this table.
func TestTenantIsolationThroughGraphQL(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	a, b := tb.signUp(t, "A"), tb.signUp(t, "B")
	var key struct {
		CreateAPIKey struct {
			APIKey struct{ ID string } `json:"apiKey"`
		} `json:"createApiKey"`
	}
	tb.ok(t, a.AccessToken, `mutation { createApiKey(input: {name: "a-key", role: AGENT}) { apiKey { id } } }`, nil, &key)
	var inv struct {
		CreateInvitation struct{ Invitation struct{ ID string } } `json:"createInvitation"`
	}
	tb.ok(t, a.AccessToken, `mutation { createInvitation(input: {email: "someone@a.example", role: AGENT}) { invitation { id } } }`, nil, &inv)
	var lists struct {
		AuditEvents struct {
			Edges []struct{ Node struct{ ID string } }
		} `json:"auditEvents"`
		EmailOutbox struct {
			Edges []struct{ Node struct{ ID string } }
		} `json:"emailOutbox"`
	}
	tb.ok(t, a.AccessToken, `{ auditEvents { edges { node { id } } } emailOutbox { edges { node { id } } } }`, nil, &lists)
	require.NotEmpty(t, lists.AuditEvents.Edges)
	require.NotEmpty(t, lists.EmailOutbox.Edges)

	ids := map[string]string{
		"tenant": a.Viewer.Tenant.ID, "user": a.Viewer.User.ID, "apiKey": key.CreateAPIKey.APIKey.ID,
		"invitation": inv.CreateInvitation.Invitation.ID, "audit": lists.AuditEvents.Edges[0].Node.ID, "email": lists.EmailOutbox.Edges[0].Node.ID,
	}
	for name, id := range ids {
		r := tb.do(t, b.AccessToken, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
		require.Equal(t, "NOT_FOUND", r.code(), name)
		r = tb.do(t, a.AccessToken, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
		require.Empty(t, r.Errors, "%s is visible to its own tenant", name)
	}
	require.Equal(t, "NOT_FOUND", tb.do(t, b.AccessToken, `mutation($id: ID!) { revokeApiKey(input: {id: $id}) { apiKey { id } } }`, map[string]any{"id": ids["apiKey"]}).code())
	require.Equal(t, "NOT_FOUND", tb.do(t, b.AccessToken, `mutation($id: ID!) { revokeInvitation(input: {id: $id}) { invitation { id } } }`, map[string]any{"id": ids["invitation"]}).code())
	var still struct {
		Node struct{ RevokedAt *string } `json:"node"`
	}
	tb.ok(t, a.AccessToken, `query($id: ID!) { node(id: $id) { ... on ApiKey { revokedAt } } }`, map[string]any{"id": ids["apiKey"]}, &still)
	require.Nil(t, still.Node.RevokedAt, "B's attempt changed nothing")

	var bLists struct {
		APIKeys     struct{ Edges []any } `json:"apiKeys"`
		Invitations struct{ Edges []any } `json:"invitations"`
		EmailOutbox struct{ Edges []any } `json:"emailOutbox"`
		Members     struct{ Edges []any } `json:"members"`
		AuditEvents struct{ Edges []any } `json:"auditEvents"`
	}
	tb.ok(t, b.AccessToken, `{ apiKeys { edges { cursor } } invitations { edges { cursor } } emailOutbox { edges { cursor } }
		members { edges { cursor } } auditEvents { edges { cursor } } }`, nil, &bLists)
	require.Empty(t, bLists.APIKeys.Edges)
	require.Empty(t, bLists.Invitations.Edges)
	require.Empty(t, bLists.EmailOutbox.Edges)
	require.Len(t, bLists.Members.Edges, 1)
	require.Len(t, bLists.AuditEvents.Edges, 1, "only B's own sign-up")
}

func TestPagination(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	owner := tb.signUp(t, "Pages")
	for i := range 5 {
		tb.ok(t, owner.AccessToken, `mutation($n: String!) { createApiKey(input: {name: $n, role: AGENT}) { secret } }`, map[string]any{"n": fmt.Sprint("k", i)}, nil)
	}
	seen := map[string]bool{}
	after := any(nil)
	for pages := 0; ; pages++ {
		var out struct {
			APIKeys struct {
				Edges    []struct{ Node struct{ ID string } }
				PageInfo struct {
					HasNextPage bool
					EndCursor   *string
				}
			} `json:"apiKeys"`
		}
		tb.ok(t, owner.AccessToken, `query($a: String) { apiKeys(first: 2, after: $a) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, map[string]any{"a": after}, &out)
		for _, e := range out.APIKeys.Edges {
			require.False(t, seen[e.Node.ID], "no repeats across pages")
			seen[e.Node.ID] = true
		}
		if !out.APIKeys.PageInfo.HasNextPage {
			require.Equal(t, 2, pages)
			break
		}
		after = *out.APIKeys.PageInfo.EndCursor
	}
	require.Len(t, seen, 5)
	require.Equal(t, "BAD_USER_INPUT", tb.do(t, owner.AccessToken, `{ apiKeys(first: -1) { edges { cursor } } }`, nil).code())
	require.Equal(t, "BAD_USER_INPUT", tb.do(t, owner.AccessToken, `{ apiKeys(after: "garbage!") { edges { cursor } } }`, nil).code())
}

func TestLimits(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	owner := tb.signUp(t, "Limits")

	// Depth: a legal operation nested deeper than the limit is refused before
	// it runs (fragments count at the depth they are spread).
	depthQuery := `{ auditEvents { edges { node { ...A } } } } fragment A on AuditEvent { actor { id } }`
	require.Empty(t, tb.do(t, owner.AccessToken, depthQuery, nil).Errors)
	shallow := setup(t, setupOpts{depthLimit: 4})
	var su struct {
		SignUp struct{ Session struct{ AccessToken string } } `json:"signUp"`
	}
	shallow.ok(t, "", `mutation { signUp(input: {tenantName: "S", name: "S", email: "s@shallow.example", password: "a-long-password"}) { session { accessToken } } }`, nil, &su)
	token := su.SignUp.Session.AccessToken
	r := shallow.do(t, token, depthQuery, nil)
	require.Equal(t, "DEPTH_LIMIT_EXCEEDED", r.code())
	require.Empty(t, shallow.do(t, token, `{ viewer { memberships { tenant { id } } } }`, nil).Errors)

	// Complexity: many aliases of a list field.
	var many strings.Builder
	many.WriteString("{ ")
	for i := range 60 {
		fmt.Fprintf(&many, "a%d: apiKeys(first: 100) { edges { node { id name } } } ", i)
	}
	many.WriteString("}")
	r = tb.do(t, owner.AccessToken, many.String(), nil)
	require.NotEmpty(t, r.Errors)
	require.Contains(t, r.Errors[0].Message, "complexity")

	// Body limit.
	big := `{ viewer { role } } #` + strings.Repeat("x", 70<<10)
	body, _ := json.Marshal(map[string]any{"query": big})
	resp, err := http.Post(tb.server.URL, "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)

	// Introspection is off unless asked for.
	r = tb.do(t, owner.AccessToken, `{ __schema { types { name } } }`, nil)
	require.NotEmpty(t, r.Errors)
	withIntro := setup(t, setupOpts{introspection: true})
	require.Empty(t, withIntro.do(t, "", `{ __schema { types { name } } }`, nil).Errors)
}

func TestInternalErrorsAreHidden(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	owner := tb.signUp(t, "Hidden")
	// Break the database under the resolver: the caller sees a generic message.
	tb.db.Close()
	r := tb.do(t, owner.AccessToken, `{ apiKeys { edges { cursor } } }`, nil)
	require.Equal(t, "INTERNAL", r.code())
	require.Equal(t, "internal error", r.Errors[0].Message)
}
