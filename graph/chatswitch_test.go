package graph_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/sms/smstest"
)

type switchResult struct {
	ID             string
	State          string
	Failure        *string
	Address        *string
	Revertable     bool
	RevertDeadline *string
	ToKind         string
	Initiator      string
	WelcomeStatus  string
	FromChannel    struct{ Kind string }
}

const switchFields = `id state failure address revertable revertDeadline toKind initiator welcomeStatus fromChannel { kind }`

func TestChatSwitchThroughGraphQL(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	owner := tb.signUp(t, "Switch")
	fake := smstest.NewServer(t, "", "")
	ch := tb.smsChannel(t, owner.AccessToken, fake)
	resp := fake.Inbound(t, ch.WebhookURL, ch.WebhookURL, "+14155550123", ch.Address, "Please text my other phone")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp.Body.Close()
	var convs struct {
		Conversations struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	tb.ok(t, owner.AccessToken, `{ conversations { edges { node { id } } } }`, nil, &convs)
	conv := convs.Conversations.Edges[0].Node.ID

	// The tenant's settings: a default country, then a national number works.
	var settings struct {
		UpdateChatSwitchSettings struct {
			Settings struct{ DefaultCountry string }
		}
	}
	tb.ok(t, owner.AccessToken, `mutation { updateChatSwitchSettings(input: {defaultCountry: "us"}) { settings { defaultCountry } } }`, nil, &settings)
	require.Equal(t, "US", settings.UpdateChatSwitchSettings.Settings.DefaultCountry)
	r := tb.do(t, owner.AccessToken, `mutation { updateChatSwitchSettings(input: {whatsappTemplate: "hello"}) { settings { defaultCountry } } }`, nil)
	require.Equal(t, "BAD_USER_INPUT", r.code(), "a template needs its language")

	// Subscribe, then switch the conversation to another number.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(tb.server.URL, "http"), &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	require.NoError(t, err)
	defer conn.CloseNow()
	require.NoError(t, wsjson.Write(ctx, conn, map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + owner.AccessToken}}))
	var ev struct {
		Type    string
		Payload struct {
			Data struct {
				ChatSwitches struct {
					Type       string
					ChatSwitch struct{ ID, State string }
				}
			}
		}
	}
	require.NoError(t, wsjson.Read(ctx, conn, &ev))
	require.Equal(t, "connection_ack", ev.Type)
	require.NoError(t, wsjson.Write(ctx, conn, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{
		"query": "subscription($c: ID) { chatSwitches(conversationId: $c) { type chatSwitch { id state } } }", "variables": map[string]any{"c": conv}}}))
	time.Sleep(300 * time.Millisecond)

	r = tb.do(t, owner.AccessToken, `mutation($c: ID!) { requestChatSwitch(input: {conversationId: $c, to: SMS, phone: "not a number"}) { chatSwitch { id } } }`,
		map[string]any{"c": conv})
	require.Equal(t, "BAD_USER_INPUT", r.code())
	require.Equal(t, "phone", r.Errors[0].Extensions["field"])

	var req struct {
		RequestChatSwitch struct{ ChatSwitch switchResult }
	}
	tb.ok(t, owner.AccessToken, `mutation($c: ID!) { requestChatSwitch(input: {conversationId: $c, to: SMS, phone: "(415) 555-0124"}) { chatSwitch { `+switchFields+` } } }`,
		map[string]any{"c": conv}, &req)
	sw := req.RequestChatSwitch.ChatSwitch
	require.Equal(t, "ACTIVE", sw.State)
	require.Equal(t, "+14155550124", *sw.Address)
	require.True(t, sw.Revertable)
	require.Equal(t, "OPERATOR", sw.Initiator)
	require.Equal(t, "SENT", sw.WelcomeStatus)
	require.Equal(t, "+14155550124", fake.Sent()[0].To)

	seen := map[string]bool{}
	for !seen["ACTIVATED"] {
		require.NoError(t, wsjson.Read(ctx, conn, &ev))
		require.Equal(t, sw.ID, ev.Payload.Data.ChatSwitches.ChatSwitch.ID)
		seen[ev.Payload.Data.ChatSwitches.Type] = true
	}

	var rev struct {
		RevertChatSwitch struct{ ChatSwitch switchResult }
	}
	tb.ok(t, owner.AccessToken, `mutation($s: ID!) { revertChatSwitch(input: {switchId: $s}) { chatSwitch { `+switchFields+` } } }`,
		map[string]any{"s": sw.ID}, &rev)
	require.Equal(t, "REVERTED", rev.RevertChatSwitch.ChatSwitch.State)
	for ev.Payload.Data.ChatSwitches.Type != "REVERTED" {
		require.NoError(t, wsjson.Read(ctx, conn, &ev))
	}

	var hist struct {
		Node struct {
			ChatSwitches []switchResult
			ReconnectVia []string
		}
	}
	tb.ok(t, owner.AccessToken, `query($c: ID!) { node(id: $c) { ... on Conversation { chatSwitches { `+switchFields+` } reconnectVia } } }`,
		map[string]any{"c": conv}, &hist)
	require.Len(t, hist.Node.ChatSwitches, 1)
	require.Equal(t, "REVERTED", hist.Node.ChatSwitches[0].State)
	require.Empty(t, hist.Node.ReconnectVia, "an open conversation is switched, not reconnected")

	// A closed one with a number may be reconnected by SMS.
	tb.ok(t, owner.AccessToken, `mutation($c: ID!) { updateConversation(input: {id: $c, status: CLOSED}) { conversation { id } } }`,
		map[string]any{"c": conv}, nil)
	tb.ok(t, owner.AccessToken, `query($c: ID!) { node(id: $c) { ... on Conversation { chatSwitches { id } reconnectVia } } }`,
		map[string]any{"c": conv}, &hist)
	require.Equal(t, []string{"SMS"}, hist.Node.ReconnectVia)
	var rec struct {
		ReconnectConversation struct{ ChatSwitch switchResult }
	}
	tb.ok(t, owner.AccessToken, `mutation($c: ID!) { reconnectConversation(input: {conversationId: $c, via: SMS}) { chatSwitch { `+switchFields+` } } }`,
		map[string]any{"c": conv}, &rec)
	require.Equal(t, "ACTIVE", rec.ReconnectConversation.ChatSwitch.State)
	require.Equal(t, "RECONNECT", rec.ReconnectConversation.ChatSwitch.Initiator)
	require.False(t, rec.ReconnectConversation.ChatSwitch.Revertable)
	require.Equal(t, "+14155550123", fake.Sent()[len(fake.Sent())-1].To)
	var status struct{ Node struct{ Status string } }
	tb.ok(t, owner.AccessToken, `query($c: ID!) { node(id: $c) { ... on Conversation { status } } }`, map[string]any{"c": conv}, &status)
	require.Equal(t, "OPEN", status.Node.Status, "reopened")

	// Another tenant sees none of it and can change none of it.
	other := tb.signUp(t, "Other")
	require.Equal(t, "NOT_FOUND", tb.do(t, other.AccessToken, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": sw.ID}).code())
	for _, q := range []string{
		`mutation($id: ID!) { revertChatSwitch(input: {switchId: $id}) { chatSwitch { id } } }`,
	} {
		require.Equal(t, "NOT_FOUND", tb.do(t, other.AccessToken, q, map[string]any{"id": sw.ID}).code(), q)
	}
	for _, q := range []string{
		`mutation($id: ID!) { requestChatSwitch(input: {conversationId: $id, to: SMS, phone: "+14155550125"}) { chatSwitch { id } } }`,
		`mutation($id: ID!) { reconnectConversation(input: {conversationId: $id, via: SMS}) { chatSwitch { id } } }`,
		`mutation($id: ID!) { sendVisitorAction(input: {conversationId: $id, to: SMS}) { conversationId } }`,
	} {
		require.Equal(t, "NOT_FOUND", tb.do(t, other.AccessToken, q, map[string]any{"id": conv}).code(), q)
	}
	var otherSettings struct {
		ChatSwitchSettings struct{ DefaultCountry *string }
	}
	tb.ok(t, other.AccessToken, `{ chatSwitchSettings { defaultCountry } }`, nil, &otherSettings)
	require.Nil(t, otherSettings.ChatSwitchSettings.DefaultCountry, "each tenant its own settings")
	r = tb.do(t, other.AccessToken, `subscription($c: ID) { chatSwitches(conversationId: $c) { type } }`, map[string]any{"c": conv})
	require.NotEmpty(t, r.Errors)
}
