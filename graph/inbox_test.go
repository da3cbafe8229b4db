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

type channelResult struct {
	ID         string
	WebhookURL string
	Address    string
}

func (tb *testBundle) smsChannel(t *testing.T, token string, fake *smstest.Server) channelResult {
	t.Helper()
	var out struct {
		CreateChannel struct{ Channel channelResult } `json:"createChannel"`
	}
	tb.ok(t, token, `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id webhookUrl address } } }`,
		map[string]any{"i": map[string]any{"kind": "SMS", "name": "Support", "address": "+14155550100",
			"sms": map[string]any{"accountSid": fake.AccountSID, "authToken": fake.AuthToken, "apiBaseUrl": fake.URL}}}, &out)
	return out.CreateChannel.Channel
}

func TestInboxThroughGraphQL(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	owner := tb.signUp(t, "Inbox")
	fake := smstest.NewServer(t, "", "")
	ch := tb.smsChannel(t, owner.AccessToken, fake)
	require.True(t, strings.HasPrefix(ch.WebhookURL, tb.hooks.URL+"/hooks/sms/"))

	// A live subscription sees the customer's message arrive.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(tb.server.URL, "http"), &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	require.NoError(t, err)
	defer conn.CloseNow()
	require.NoError(t, wsjson.Write(ctx, conn, map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + owner.AccessToken}}))
	var msg struct {
		Type    string
		Payload struct {
			Data struct {
				Inbox struct {
					Conversation struct{ ID string }
					Message      struct{ Body, Status, Direction string }
				}
			}
		}
	}
	require.NoError(t, wsjson.Read(ctx, conn, &msg))
	require.Equal(t, "connection_ack", msg.Type)
	require.NoError(t, wsjson.Write(ctx, conn, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{
		"query": "subscription { inbox { conversation { id } message { body status direction } } }"}}))
	time.Sleep(300 * time.Millisecond) // the subscription registers asynchronously after subscribe

	resp := fake.Inbound(t, ch.WebhookURL, ch.WebhookURL, "+14155550123", ch.Address, "Where is my order?")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp.Body.Close()
	for msg.Payload.Data.Inbox.Message.Body == "" {
		require.NoError(t, wsjson.Read(ctx, conn, &msg))
	}
	require.Equal(t, "next", msg.Type)
	require.Equal(t, "Where is my order?", msg.Payload.Data.Inbox.Message.Body)
	require.Equal(t, "INBOUND", msg.Payload.Data.Inbox.Message.Direction)

	var convs struct {
		Conversations struct {
			Edges []struct {
				Node struct {
					ID          string
					UnreadCount int
					Contact     struct{ Phone string }
					Channel     struct{ Kind string }
					Messages    struct {
						Edges []struct{ Node struct{ Body string } }
					}
				}
			}
		}
	}
	tb.ok(t, owner.AccessToken, `{ conversations(unreadOnly: true) { edges { node { id unreadCount contact { phone } channel { kind }
		messages { edges { node { body } } } } } } }`, nil, &convs)
	require.Len(t, convs.Conversations.Edges, 1)
	c := convs.Conversations.Edges[0].Node
	require.Equal(t, msg.Payload.Data.Inbox.Conversation.ID, c.ID)
	require.Equal(t, 1, c.UnreadCount)
	require.Equal(t, "+14155550123", c.Contact.Phone)
	require.Equal(t, "SMS", c.Channel.Kind)
	require.Equal(t, "Where is my order?", c.Messages.Edges[0].Node.Body)

	var sent struct {
		SendMessage struct {
			Message struct {
				Status string
				Author struct{ Email string }
			}
		} `json:"sendMessage"`
	}
	tb.ok(t, owner.AccessToken, `mutation($c: ID!) { sendMessage(input: {conversationId: $c, body: "On its way!"}) { message { status author { email } } } }`,
		map[string]any{"c": c.ID}, &sent)
	require.Equal(t, "QUEUED", sent.SendMessage.Message.Status)
	require.Equal(t, owner.Viewer.User.Email, sent.SendMessage.Message.Author.Email)
	for msg.Payload.Data.Inbox.Message.Direction != "OUTBOUND" {
		require.NoError(t, wsjson.Read(ctx, conn, &msg))
	}
	require.Equal(t, "On its way!", msg.Payload.Data.Inbox.Message.Body)

	// Another tenant can neither see nor reply.
	other := tb.signUp(t, "Other")
	for _, id := range []string{c.ID, ch.ID} {
		require.Equal(t, "NOT_FOUND", tb.do(t, other.AccessToken, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id}).code())
	}
	r := tb.do(t, other.AccessToken, `mutation($c: ID!) { sendMessage(input: {conversationId: $c, body: "x"}) { message { status } } }`, map[string]any{"c": c.ID})
	require.Equal(t, "NOT_FOUND", r.code())
	r = tb.do(t, other.AccessToken, `mutation($c: ID!) { sendTemplate(input: {conversationId: $c, name: "t", language: "en"}) { message { status } } }`, map[string]any{"c": c.ID})
	require.Equal(t, "NOT_FOUND", r.code())
	var empty struct {
		Conversations struct{ Edges []any }
		Channels      []any
	}
	tb.ok(t, other.AccessToken, `{ conversations { edges { cursor } } channels { id } }`, nil, &empty)
	require.Empty(t, empty.Conversations.Edges)
	require.Empty(t, empty.Channels)
}

func TestWebChatSetupThroughGraphQL(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	owner := tb.signUp(t, "Web")
	var created struct {
		CreateChannel struct {
			Channel struct {
				ID      string
				WebChat struct {
					PublicKey, Snippet string
					Offline            bool
				}
			}
		} `json:"createChannel"`
	}
	tb.ok(t, owner.AccessToken, `mutation { createChannel(input: {kind: WEBCHAT, name: "Site"}) { channel { id webChat { publicKey snippet offline } } } }`, nil, &created)
	wc := created.CreateChannel.Channel.WebChat
	require.True(t, strings.HasPrefix(wc.PublicKey, "pk_"))
	require.Contains(t, wc.Snippet, wc.PublicKey)
	require.Contains(t, wc.Snippet, "/webchat/widget.js")

	var updated struct {
		UpdateWebChatSettings struct {
			WebChat struct {
				Offline        bool
				AllowedOrigins []string
			}
		} `json:"updateWebChatSettings"`
	}
	tb.ok(t, owner.AccessToken, `mutation($id: ID!) { updateWebChatSettings(input: {channelId: $id, offline: true, allowedOrigins: ["https://shop.example.com"]}) {
		webChat { offline allowedOrigins } } }`, map[string]any{"id": created.CreateChannel.Channel.ID}, &updated)
	require.True(t, updated.UpdateWebChatSettings.WebChat.Offline)
	require.Equal(t, []string{"https://shop.example.com"}, updated.UpdateWebChatSettings.WebChat.AllowedOrigins)

	other := tb.signUp(t, "Not mine")
	r := tb.do(t, other.AccessToken, `mutation($id: ID!) { updateWebChatSettings(input: {channelId: $id, offline: false, allowedOrigins: []}) { webChat { offline } } }`,
		map[string]any{"id": created.CreateChannel.Channel.ID})
	require.Equal(t, "NOT_FOUND", r.code())
}

func TestConversationManagementThroughGraphQL(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	owner := tb.signUp(t, "Manage")
	fake := smstest.NewServer(t, "", "")
	ch := tb.smsChannel(t, owner.AccessToken, fake)
	resp := fake.Inbound(t, ch.WebhookURL, ch.WebhookURL, "+14155550123", ch.Address, "hello")
	resp.Body.Close()
	var list struct {
		Conversations struct {
			Edges []struct {
				Node struct {
					ID      string
					Contact struct{ ID string }
				}
			}
		}
	}
	tb.ok(t, owner.AccessToken, `{ conversations { edges { node { id contact { id } } } } }`, nil, &list)
	conv := list.Conversations.Edges[0].Node

	var upd struct {
		UpdateConversation struct {
			Conversation struct {
				Status      string
				UnreadCount int
				Assignee    struct{ Email string }
			}
		} `json:"updateConversation"`
	}
	tb.ok(t, owner.AccessToken, `mutation($id: ID!, $a: ID!) { updateConversation(input: {id: $id, status: PENDING, assigneeId: $a, markRead: true}) {
		conversation { status unreadCount assignee { email } } } }`, map[string]any{"id": conv.ID, "a": owner.Viewer.User.ID}, &upd)
	require.Equal(t, "PENDING", upd.UpdateConversation.Conversation.Status)
	require.Zero(t, upd.UpdateConversation.Conversation.UnreadCount)
	require.Equal(t, owner.Viewer.User.Email, upd.UpdateConversation.Conversation.Assignee.Email)

	var mine struct {
		Conversations struct{ Edges []any }
	}
	tb.ok(t, owner.AccessToken, `query($a: ID!) { conversations(assigneeId: $a) { edges { cursor } } }`, map[string]any{"a": owner.Viewer.User.ID}, &mine)
	require.Len(t, mine.Conversations.Edges, 1)

	var contact struct {
		UpdateContact struct {
			Contact struct{ Name, Email, ExternalID string }
		} `json:"updateContact"`
	}
	tb.ok(t, owner.AccessToken, `mutation($id: ID!) { updateContact(input: {id: $id, name: "Ana", email: "ana@example.com", externalId: "crm-7"}) {
		contact { name email externalId } } }`, map[string]any{"id": conv.Contact.ID}, &contact)
	require.Equal(t, "Ana", contact.UpdateContact.Contact.Name)
	require.Equal(t, "crm-7", contact.UpdateContact.Contact.ExternalID)

	other := tb.signUp(t, "Not yours")
	require.Equal(t, "NOT_FOUND", tb.do(t, other.AccessToken, `mutation($id: ID!) { updateConversation(input: {id: $id, markRead: true}) { conversation { id } } }`,
		map[string]any{"id": conv.ID}).code())
	require.Equal(t, "NOT_FOUND", tb.do(t, other.AccessToken, `mutation($id: ID!) { updateContact(input: {id: $id, name: "x"}) { contact { id } } }`,
		map[string]any{"id": conv.Contact.ID}).code())
}
