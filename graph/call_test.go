package graph_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/db/dbtest"
	"github.com/switchboard/switchboard/integrations/blob"
	"github.com/switchboard/switchboard/integrations/sms/smstest"
	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/ivrbridge"
	"github.com/switchboard/switchboard/integrations/webhookhttp"
	"github.com/switchboard/switchboard/internal/call"
	"github.com/switchboard/switchboard/internal/live"
)

// newCalls is the call domain of the graph tests: calls are stored and their
// dial jobs enqueued, but no job runs, so the carrier is never reached.
func newCalls(t *testing.T, d *dbtest.TestDB, rc *river.Client[pgx.Tx], bus *live.Bus) *call.Service {
	t.Helper()
	signer, err := voice.NewSigner([]byte(strings.Repeat("s", 32)))
	require.NoError(t, err)
	return &call.Service{DB: d.DB, Jobs: rc, Live: bus, Signer: signer, CallerID: "+14155550100", PublicURL: "https://sb.example",
		Carrier:    &ivrbridge.Client{BaseURL: "http://127.0.0.1:9", Secret: []byte("unused"), CarrierName: "sim"},
		Recordings: blob.Dir{Root: t.TempDir()}, Guard: webhookhttp.Guard{AllowLoopback: true}}
}

type callResult struct {
	ID             string
	Status         string
	CustomerNumber string
	AgentNumber    string
	Contact        struct{ Phone string }
	Agent          struct{ Email string }
	Legs           []struct{ Role, Status, Number string }
	Timeline       []struct{ Kind, Status string }
	RecordingURL   *string
}

const callFields = `id status customerNumber agentNumber contact { phone } agent { email } legs { role status number } timeline { kind status } recordingUrl`

func TestCallsThroughGraphQL(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	owner := tb.signUp(t, "Calls")
	fake := smstest.NewServer(t, "", "")
	ch := tb.smsChannel(t, owner.AccessToken, fake)
	resp := fake.Inbound(t, ch.WebhookURL, ch.WebhookURL, "+14155550123", ch.Address, "Call me, please")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp.Body.Close()
	var convs struct {
		Conversations struct {
			Edges []struct {
				Node struct {
					ID      string
					Contact struct{ ID string }
				}
			}
		}
	}
	tb.ok(t, owner.AccessToken, `{ conversations { edges { node { id contact { id } } } } }`, nil, &convs)
	conv := convs.Conversations.Edges[0].Node

	start := `mutation($i: StartCallInput!) { startCall(input: $i) { call { ` + callFields + ` } statusCallbackSecret } }`
	// No phone on the profile yet: nothing to ring.
	r := tb.do(t, owner.AccessToken, start, map[string]any{"i": map[string]any{"conversationId": conv.ID}})
	require.Equal(t, "BAD_USER_INPUT", r.code())
	r = tb.do(t, owner.AccessToken, `mutation { setMyPhone(input: {phone: "555"}) { user { phone } } }`, nil)
	require.Equal(t, "BAD_USER_INPUT", r.code())
	var me struct {
		SetMyPhone struct{ User struct{ Phone string } } `json:"setMyPhone"`
	}
	tb.ok(t, owner.AccessToken, `mutation { setMyPhone(input: {phone: "+14155550111"}) { user { phone } } }`, nil, &me)
	require.Equal(t, "+14155550111", me.SetMyPhone.User.Phone)

	// A live subscription sees the call appear.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(tb.server.URL, "http"), &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	require.NoError(t, err)
	defer conn.CloseNow()
	require.NoError(t, wsjson.Write(ctx, conn, map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + owner.AccessToken}}))
	var msg struct {
		Type    string
		Payload struct {
			Data struct{ CallChanged callResult }
		}
	}
	require.NoError(t, wsjson.Read(ctx, conn, &msg))
	require.Equal(t, "connection_ack", msg.Type)
	require.NoError(t, wsjson.Write(ctx, conn, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{
		"query": "subscription { callChanged { id status } }"}}))
	time.Sleep(300 * time.Millisecond) // the subscription registers asynchronously after subscribe

	var started struct {
		StartCall struct {
			Call                 callResult
			StatusCallbackSecret *string
		} `json:"startCall"`
	}
	tb.ok(t, owner.AccessToken, start, map[string]any{"i": map[string]any{"conversationId": conv.ID, "statusCallbackUrl": "https://crm.example/calls"}}, &started)
	c := started.StartCall.Call
	require.Equal(t, "INITIATED", c.Status)
	require.Equal(t, "+14155550123", c.CustomerNumber)
	require.Equal(t, "+14155550123", c.Contact.Phone)
	require.Equal(t, "+14155550111", c.AgentNumber)
	require.Equal(t, owner.Viewer.User.Email, c.Agent.Email)
	require.Len(t, c.Legs, 1)
	require.Equal(t, "AGENT", c.Legs[0].Role)
	require.Equal(t, "INITIATED", c.Legs[0].Status)
	require.Equal(t, "call_status", c.Timeline[0].Kind)
	require.Nil(t, c.RecordingURL)
	require.NotNil(t, started.StartCall.StatusCallbackSecret)
	require.True(t, strings.HasPrefix(*started.StartCall.StatusCallbackSecret, "whsec_"))
	for msg.Payload.Data.CallChanged.ID == "" {
		require.NoError(t, wsjson.Read(ctx, conn, &msg))
	}
	require.Equal(t, c.ID, msg.Payload.Data.CallChanged.ID)

	type callsResult struct {
		Calls struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	var list callsResult
	tb.ok(t, owner.AccessToken, `query($c: ID) { calls(status: INITIATED, contactId: $c) { edges { node { id } } } }`, map[string]any{"c": conv.Contact.ID}, &list)
	require.Len(t, list.Calls.Edges, 1)
	tb.ok(t, owner.AccessToken, `{ calls(status: COMPLETED) { edges { node { id } } } }`, nil, &list)
	require.Empty(t, list.Calls.Edges)
	tb.ok(t, owner.AccessToken, `query($s: Time) { calls(since: $s) { edges { node { id } } } }`, map[string]any{"s": time.Now().Add(time.Hour).Format(time.RFC3339)}, &list)
	require.Empty(t, list.Calls.Edges)
	var node struct{ Node struct{ ID, Status string } }
	tb.ok(t, owner.AccessToken, `query($id: ID!) { node(id: $id) { id ... on Call { status } } }`, map[string]any{"id": c.ID}, &node)
	require.Equal(t, "INITIATED", node.Node.Status)

	// The contact lists its calls.
	var withCalls struct {
		Conversations struct {
			Edges []struct {
				Node struct {
					Contact struct{ Calls []struct{ ID string } }
				}
			}
		}
	}
	tb.ok(t, owner.AccessToken, `{ conversations { edges { node { contact { calls { id } } } } } }`, nil, &withCalls)
	calls := withCalls.Conversations.Edges[0].Node.Contact.Calls
	require.Len(t, calls, 1)
	require.Equal(t, c.ID, calls[0].ID)
	require.Equal(t, "BAD_USER_INPUT", tb.do(t, owner.AccessToken, `{ conversations { edges { node { contact { calls(first: 500) { id } } } } } }`, nil).code())

	// Another tenant sees nothing of it and cannot hang it up.
	other := tb.signUp(t, "Other")
	var one struct{ Call *callResult }
	tb.ok(t, other.AccessToken, `query($id: ID!) { call(id: $id) { id } }`, map[string]any{"id": c.ID}, &one)
	require.Nil(t, one.Call)
	require.Equal(t, "NOT_FOUND", tb.do(t, other.AccessToken, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": c.ID}).code())
	require.Equal(t, "NOT_FOUND", tb.do(t, other.AccessToken, `mutation($id: ID!) { hangUpCall(input: {id: $id}) { call { id } } }`, map[string]any{"id": c.ID}).code())
	require.Equal(t, "NOT_FOUND", tb.do(t, other.AccessToken, `mutation($c: ID!) { startCall(input: {contactId: $c}) { call { id } } }`, map[string]any{"c": conv.Contact.ID}).code())
	tb.ok(t, other.AccessToken, `{ calls { edges { node { id } } } }`, nil, &list)
	require.Empty(t, list.Calls.Edges)

	// Hanging up before the agent's phone was dialed cancels the call.
	var hung struct {
		HangUpCall struct{ Call callResult } `json:"hangUpCall"`
	}
	tb.ok(t, owner.AccessToken, `mutation($id: ID!) { hangUpCall(input: {id: $id}) { call { `+callFields+` } } }`, map[string]any{"id": c.ID}, &hung)
	require.Equal(t, "CANCELED", hung.HangUpCall.Call.Status)
	require.Equal(t, "CANCELED", hung.HangUpCall.Call.Legs[0].Status)
}
