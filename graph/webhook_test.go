package graph_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/sms/smstest"
)

func TestWebhookEndpointsAndDeliveryLog(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	owner := tb.signUp(t, "CRM")

	r := tb.do(t, owner.AccessToken, `mutation { createWebhookEndpoint(input: {url: "http://10.0.0.5/hook"}) { secret } }`, nil)
	require.Equal(t, "BAD_USER_INPUT", r.code(), "a private address is refused before anything is sent")

	var created struct {
		CreateWebhookEndpoint struct {
			Secret   string
			Endpoint struct {
				ID         string
				EventTypes []string
			}
		} `json:"createWebhookEndpoint"`
	}
	tb.ok(t, owner.AccessToken, `mutation { createWebhookEndpoint(input: {url: "http://127.0.0.1:9/crm", eventTypes: ["message.created"]}) {
		secret endpoint { id eventTypes } } }`, nil, &created)
	require.True(t, strings.HasPrefix(created.CreateWebhookEndpoint.Secret, "whsec_"))
	require.Equal(t, []string{"message.created"}, created.CreateWebhookEndpoint.Endpoint.EventTypes)

	fake := smstest.NewServer(t, "", "")
	ch := tb.smsChannel(t, owner.AccessToken, fake)
	resp := fake.Inbound(t, ch.WebhookURL, ch.WebhookURL, "+14155550123", ch.Address, "ping")
	resp.Body.Close()

	var log struct {
		WebhookEndpoints []struct {
			Deliveries struct {
				Edges []struct {
					Node struct {
						EventType, Status, Payload, MessageID string
					}
				}
			}
		} `json:"webhookEndpoints"`
	}
	tb.ok(t, owner.AccessToken, `{ webhookEndpoints { deliveries { edges { node { eventType status payload messageId } } } } }`, nil, &log)
	require.Len(t, log.WebhookEndpoints, 1)
	deliveries := log.WebhookEndpoints[0].Deliveries.Edges
	require.Len(t, deliveries, 1, "subscribed to message.created only")
	d := deliveries[0].Node
	require.Equal(t, "message.created", d.EventType)
	require.Equal(t, "PENDING", d.Status)
	require.Contains(t, d.Payload, `"body": "ping"`)
	require.True(t, strings.HasPrefix(d.MessageID, "msg_"))
	require.NotContains(t, d.Payload, fake.AuthToken, "no channel secret leaves in an event")

	var schedule struct{ WebhookRetryScheduleSeconds []int }
	tb.ok(t, owner.AccessToken, `{ webhookRetryScheduleSeconds }`, nil, &schedule)
	require.Equal(t, 5, schedule.WebhookRetryScheduleSeconds[0])

	// Agents and other tenants see nothing of it.
	other := tb.signUp(t, "Other CRM")
	require.Equal(t, "NOT_FOUND", tb.do(t, other.AccessToken, `query($id: ID!) { node(id: $id) { id } }`,
		map[string]any{"id": created.CreateWebhookEndpoint.Endpoint.ID}).code())
	endpointID := created.CreateWebhookEndpoint.Endpoint.ID
	for _, q := range []string{
		`mutation($id: ID!) { updateWebhookEndpoint(input: {id: $id, enabled: false}) { endpoint { id } } }`,
		`mutation($id: ID!) { rotateWebhookSecret(input: {id: $id}) { secret } }`,
		`mutation($id: ID!) { deleteWebhookEndpoint(input: {id: $id}) { deletedId } }`,
	} {
		require.Equal(t, "NOT_FOUND", tb.do(t, other.AccessToken, q, map[string]any{"id": endpointID}).code(), q)
	}
	var ids struct {
		WebhookEndpoints []struct {
			Enabled    bool
			Deliveries struct {
				Edges []struct{ Node struct{ ID string } }
			}
		} `json:"webhookEndpoints"`
	}
	tb.ok(t, owner.AccessToken, `{ webhookEndpoints { enabled deliveries { edges { node { id } } } } }`, nil, &ids)
	require.True(t, ids.WebhookEndpoints[0].Enabled, "B's update changed nothing")
	deliveryID := ids.WebhookEndpoints[0].Deliveries.Edges[0].Node.ID
	require.Equal(t, "NOT_FOUND", tb.do(t, other.AccessToken, `mutation($id: ID!) { replayWebhookDelivery(input: {id: $id}) { delivery { id } } }`,
		map[string]any{"id": deliveryID}).code())
	require.Equal(t, "NOT_FOUND", tb.do(t, other.AccessToken, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": deliveryID}).code())
	var none struct{ WebhookEndpoints []any }
	tb.ok(t, other.AccessToken, `{ webhookEndpoints { id } }`, nil, &none)
	require.Empty(t, none.WebhookEndpoints)
}
