package graph_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Registered WhatsApp templates through GraphQL: an admin registers one, an
// agent lists it, and another tenant can neither see, use nor delete it.
func TestWhatsAppTemplatesThroughGraphQL(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	owner := tb.signUp(t, "Templates")
	var ch struct {
		CreateChannel struct{ Channel struct{ ID string } }
	}
	tb.ok(t, owner.AccessToken, `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id } } }`,
		map[string]any{"i": map[string]any{"kind": "WHATSAPP", "name": "WA", "address": "106540352242922",
			"whatsapp": map[string]any{"accessToken": "t", "appSecret": "s", "verifyToken": "v"}}}, &ch)
	channelID := ch.CreateChannel.Channel.ID

	create := `mutation($i: CreateWhatsAppTemplateInput!) { createWhatsAppTemplate(input: $i) { template { id name language body parameterCount } } }`
	bad := tb.do(t, owner.AccessToken, create, map[string]any{"i": map[string]any{"channelId": channelID, "name": "order_update", "language": "en_US", "body": "Order {{2}}"}})
	require.Equal(t, "BAD_USER_INPUT", bad.code())

	var created struct {
		CreateWhatsAppTemplate struct {
			Template struct {
				ID, Name, Language, Body string
				ParameterCount           int
			}
		}
	}
	tb.ok(t, owner.AccessToken, create, map[string]any{"i": map[string]any{"channelId": channelID, "name": "order_update",
		"language": "en_US", "body": "Hi {{1}}, order {{2}} shipped."}}, &created)
	tpl := created.CreateWhatsAppTemplate.Template
	require.Equal(t, 2, tpl.ParameterCount)

	list := `query($c: ID!) { whatsAppTemplates(channelId: $c) { id name } }`
	var listed struct{ WhatsAppTemplates []struct{ ID, Name string } }
	tb.ok(t, owner.AccessToken, list, map[string]any{"c": channelID}, &listed)
	require.Len(t, listed.WhatsAppTemplates, 1)
	require.Equal(t, tpl.ID, listed.WhatsAppTemplates[0].ID)

	other := tb.signUp(t, "Other")
	tb.ok(t, other.AccessToken, list, map[string]any{"c": channelID}, &listed)
	require.Empty(t, listed.WhatsAppTemplates)
	del := `mutation($id: ID!) { deleteWhatsAppTemplate(input: {id: $id}) { deletedId } }`
	require.Equal(t, "NOT_FOUND", tb.do(t, other.AccessToken, del, map[string]any{"id": tpl.ID}).code())
	require.Equal(t, "NOT_FOUND", tb.do(t, other.AccessToken, create, map[string]any{"i": map[string]any{"channelId": channelID,
		"name": "x", "language": "en", "body": "x"}}).code())

	var deleted struct{ DeleteWhatsAppTemplate struct{ DeletedID string } }
	tb.ok(t, owner.AccessToken, del, map[string]any{"id": tpl.ID}, &deleted)
	require.Equal(t, tpl.ID, deleted.DeleteWhatsAppTemplate.DeletedID)
	tb.ok(t, owner.AccessToken, list, map[string]any{"c": channelID}, &listed)
	require.Empty(t, listed.WhatsAppTemplates)
}
