package whatsapp_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/whatsapp"
)

// fullPayload is shaped after real Cloud API notifications: one entry with
// a messages change for each kind of update, plus a change of another field
// that must be ignored.
const fullPayload = `{
  "object": "whatsapp_business_account",
  "entry": [
    {
      "id": "102290129340398",
      "changes": [
        {
          "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
            "contacts": [{"profile": {"name": "Sheena Nelson"}, "wa_id": "16505551234", "user_id": "US.13491208655302741918"}],
            "messages": [
              {
                "from": "16505551234",
                "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
                "timestamp": "1749416383",
                "type": "text",
                "text": {"body": "Does it come in another color?"}
              }
            ]
          },
          "field": "messages"
        },
        {
          "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
            "contacts": [{"profile": {"name": "Sheena Nelson"}, "wa_id": "16505551234"}],
            "messages": [
              {
                "from": "16505551234",
                "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUQ1MkE3RUQ5MjJCRjhBNjQ4MgA=",
                "timestamp": "1744344496",
                "type": "image",
                "image": {
                  "caption": "This is the color I want",
                  "mime_type": "image/jpeg",
                  "sha256": "SfInY0gHQOLdEJ2wvOcBCpz6wGGrbvbGUOAmZJkwxC0=",
                  "id": "1003383421387256",
                  "url": "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1003383421387256"
                }
              },
              {
                "context": {"from": "15550783881", "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3NjEyQjVBNzIxN0VBQ0Y2NjgA"},
                "from": "16505551234",
                "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUZCQzc3QUQ2MDhCNDI1OUE0RQA=",
                "timestamp": "1744344500",
                "type": "text",
                "text": {"body": "Yes, that one please"}
              },
              {
                "from": "16505551234",
                "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQjQ4N0I2RTI2MkU2MEMxQzI3NQA=",
                "timestamp": "1744344510",
                "type": "document",
                "document": {"filename": "invoice.pdf", "mime_type": "application/pdf", "sha256": "abc=", "id": "2"}
              },
              {
                "from": "16505551234",
                "id": "wamid.reaction1",
                "timestamp": "1744344520",
                "type": "reaction",
                "reaction": {"message_id": "wamid.out1", "emoji": "\ud83d\udc4d"}
              },
              {
                "from": "16505551234",
                "id": "wamid.button1",
                "timestamp": "1744344530",
                "type": "interactive",
                "interactive": {"type": "button_reply", "button_reply": {"id": "talk-to-agent", "title": "Talk to an agent"}},
                "context": {"from": "15550783881", "id": "wamid.out2"}
              },
              {
                "from": "16505551234",
                "id": "wamid.location1",
                "timestamp": "1744344540",
                "type": "location",
                "location": {"latitude": 37.4848, "longitude": -122.1484, "name": "Philz Coffee", "address": "101 Forest Ave, Palo Alto"}
              },
              {
                "from": "16505551234",
                "id": "wamid.unsupported1",
                "timestamp": "1744344550",
                "type": "unsupported",
                "errors": [{"code": 131051, "title": "Message type unknown", "message": "Message type unknown", "error_data": {"details": "Message type is currently not supported."}}]
              }
            ]
          },
          "field": "messages"
        },
        {
          "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
            "statuses": [
              {
                "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3NjEyQjVBNzIxN0VBQ0Y2NjgA",
                "status": "sent",
                "timestamp": "1750263773",
                "recipient_id": "16505551234",
                "recipient_user_id": "US.13491208655302741918",
                "conversation": {"id": "6ceb9d929c1e5e5c1d8f5fd6d8ae5a12", "expiration_timestamp": "1750350180", "origin": {"type": "service"}},
                "pricing": {"billable": false, "pricing_model": "PMP", "category": "service", "type": "free_customer_service"}
              },
              {
                "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3NjEyQjVBNzIxN0VBQ0Y2NjgA",
                "status": "delivered",
                "timestamp": 1750263775,
                "recipient_id": "16505551234",
                "conversation": {"id": "6ceb9d929c1e5e5c1d8f5fd6d8ae5a12", "origin": {"type": "service"}},
                "pricing": {"billable": false, "pricing_model": "PMP", "category": "service", "type": "free_customer_service"}
              },
              {
                "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3NjEyQjVBNzIxN0VBQ0Y2NjgA",
                "status": "read",
                "timestamp": "1750263800",
                "recipient_id": "16505551234"
              },
              {
                "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBIyRkFFQjM4QjQ1QjJDRjVFMTYA",
                "status": "failed",
                "timestamp": "1750263900",
                "recipient_id": "16505551234",
                "errors": [
                  {
                    "code": 131047,
                    "title": "Re-engagement message",
                    "message": "Re-engagement message",
                    "error_data": {"details": "Message failed to send because more than 24 hours have passed since the customer last replied to this number."},
                    "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"
                  }
                ]
              }
            ]
          },
          "field": "messages"
        },
        {
          "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
            "errors": [{"code": 131000, "title": "Something went wrong", "message": "Something went wrong", "error_data": {"details": "Unknown error."}}]
          },
          "field": "messages"
        },
        {
          "value": {"event": "APPROVED", "message_template_id": 12345, "message_template_name": "order_update"},
          "field": "message_template_status_update"
        }
      ]
    }
  ]
}`

func TestParseNotificationFullPayload(t *testing.T) {
	t.Parallel()

	n, err := whatsapp.ParseNotification([]byte(fullPayload))
	require.NoError(t, err)
	require.Zero(t, n.Skipped)
	require.Len(t, n.Events, 13)
	for _, ev := range n.Events {
		require.Equal(t, "106540352242922", ev.PhoneNumberID)
		require.Equal(t, "102290129340398", ev.WABAID)
		require.Equal(t, "15550783881", ev.DisplayPhoneNumber)
	}

	text := n.Events[0].Message
	require.NotNil(t, text)
	require.Equal(t, &whatsapp.InboundMessage{
		ID:          "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
		From:        "+16505551234",
		FromUserID:  "US.13491208655302741918",
		ProfileName: "Sheena Nelson",
		Timestamp:   time.Unix(1749416383, 0).UTC(),
		Type:        whatsapp.TypeText,
		Text:        "Does it come in another color?",
	}, text)

	image := n.Events[1].Message
	require.Equal(t, whatsapp.TypeImage, image.Type)
	require.Equal(t, "This is the color I want", image.Text)
	require.Equal(t, &whatsapp.Media{
		ID:       "1003383421387256",
		MimeType: "image/jpeg",
		SHA256:   "SfInY0gHQOLdEJ2wvOcBCpz6wGGrbvbGUOAmZJkwxC0=",
		Caption:  "This is the color I want",
	}, image.Media)
	require.Equal(t, "Sheena Nelson", image.ProfileName)

	reply := n.Events[2].Message
	require.Equal(t, "Yes, that one please", reply.Text)
	require.Equal(t, "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3NjEyQjVBNzIxN0VBQ0Y2NjgA", reply.ContextID)

	doc := n.Events[3].Message
	require.Equal(t, whatsapp.TypeDocument, doc.Type)
	require.Equal(t, "invoice.pdf", doc.Media.Filename)
	require.Empty(t, doc.Text)

	reaction := n.Events[4].Message
	require.Equal(t, "👍", reaction.Text)
	require.Equal(t, "wamid.out1", reaction.ReactionTo)

	button := n.Events[5].Message
	require.Equal(t, whatsapp.TypeInteractive, button.Type)
	require.Equal(t, "Talk to an agent", button.Text)
	require.Equal(t, "talk-to-agent", button.Payload)
	require.Equal(t, "wamid.out2", button.ContextID)

	loc := n.Events[6].Message
	require.Equal(t, &whatsapp.Location{Latitude: 37.4848, Longitude: -122.1484, Name: "Philz Coffee", Address: "101 Forest Ave, Palo Alto"}, loc.Location)

	unsupported := n.Events[7].Message
	require.Equal(t, whatsapp.TypeUnsupported, unsupported.Type)
	require.Equal(t, []whatsapp.APIErrorDetail{{Code: 131051, Title: "Message type unknown", Message: "Message type unknown", Details: "Message type is currently not supported."}}, unsupported.Errors)

	sent := n.Events[8].Status
	require.NotNil(t, sent)
	require.Equal(t, &whatsapp.StatusUpdate{
		MessageID:          "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3NjEyQjVBNzIxN0VBQ0Y2NjgA",
		Status:             whatsapp.StatusSent,
		Timestamp:          time.Unix(1750263773, 0).UTC(),
		RecipientID:        "16505551234",
		RecipientUserID:    "US.13491208655302741918",
		ConversationID:     "6ceb9d929c1e5e5c1d8f5fd6d8ae5a12",
		ConversationOrigin: "service",
		ConversationExpiry: time.Unix(1750350180, 0).UTC(),
		Pricing:            &whatsapp.Pricing{Billable: false, Model: "PMP", Category: "service", Type: "free_customer_service"},
	}, sent)
	require.NoError(t, sent.Err())

	delivered := n.Events[9].Status
	require.Equal(t, whatsapp.StatusDelivered, delivered.Status)
	require.Equal(t, time.Unix(1750263775, 0).UTC(), delivered.Timestamp, "numeric timestamps are read too")
	require.True(t, delivered.ConversationExpiry.IsZero())

	read := n.Events[10].Status
	require.Equal(t, whatsapp.StatusRead, read.Status)
	require.Nil(t, read.Pricing)

	failed := n.Events[11].Status
	require.Equal(t, whatsapp.StatusFailed, failed.Status)
	require.Equal(t, []whatsapp.APIErrorDetail{{
		Code:    131047,
		Title:   "Re-engagement message",
		Message: "Re-engagement message",
		Details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
	}}, failed.Errors)
	err = failed.Err()
	require.ErrorIs(t, err, whatsapp.ErrOutsideWindow)
	apiErr, ok := errors.AsType[*whatsapp.APIError](err)
	require.True(t, ok)
	require.Equal(t, 131047, apiErr.Code)
	require.Zero(t, apiErr.HTTPStatus)
	require.False(t, apiErr.Temporary())

	hookErr := n.Events[12].Error
	require.NotNil(t, hookErr)
	require.Equal(t, 131000, hookErr.Code)
	require.Nil(t, n.Events[12].Message)
	require.Nil(t, n.Events[12].Status)
}

func TestParseNotificationUsernameWithoutPhoneNumber(t *testing.T) {
	t.Parallel()
	// A user with a username whose number Meta withholds: only the BSUID
	// identifies them.
	body := `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
		"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
		"contacts":[{"profile":{"name":"Ana","username":"ana.b"},"user_id":"BR.1502576394655843"}],
		"messages":[{"from_user_id":"BR.1502576394655843","id":"wamid.x","timestamp":"1779372805","type":"text","text":{"body":"oi"}}]}}]}]}`
	n, err := whatsapp.ParseNotification([]byte(body))
	require.NoError(t, err)
	require.Len(t, n.Events, 1)
	msg := n.Events[0].Message
	require.Empty(t, msg.From)
	require.Equal(t, "BR.1502576394655843", msg.FromUserID)
	require.Equal(t, "ana.b", msg.Username)
	require.Equal(t, "Ana", msg.ProfileName)
}

func TestParseNotificationRejectsAndSkips(t *testing.T) {
	t.Parallel()

	for name, body := range map[string]string{
		"not json":       `{"object":`,
		"page object":    `{"object":"page","entry":[]}`,
		"missing object": `{"entry":[]}`,
		"array":          `[]`,
		"entry not list": `{"object":"whatsapp_business_account","entry":{}}`,
	} {
		_, err := whatsapp.ParseNotification([]byte(body))
		require.ErrorIs(t, err, whatsapp.ErrMalformed, name)
	}

	// Bad items are skipped one by one; good ones survive.
	body := `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[
		{"field":"messages","value":{"metadata":{"phone_number_id":"42"},
			"messages":[
				{"from":"16505551234","id":"wamid.ok","timestamp":"nope","type":"text","text":{"body":"hi"}},
				{"from":"16505551234","timestamp":"1","type":"text","text":{"body":"no id"}},
				{"id":"wamid.nofrom","type":"text"},
				{"from":"16505551234","id":"wamid.badtext","text":"not an object"},
				"not an object"
			],
			"statuses":[{"status":"read"},{"id":"wamid.s","status":"read","timestamp":"1"}]}},
		{"field":"messages","value":{"metadata":{},"messages":[{"from":"1","id":"wamid.orphan"}]}},
		{"field":"messages","value":"not an object"}
	]}]}`
	n, err := whatsapp.ParseNotification([]byte(body))
	require.NoError(t, err)
	require.Len(t, n.Events, 2)
	require.Equal(t, "wamid.ok", n.Events[0].Message.ID)
	require.True(t, n.Events[0].Message.Timestamp.IsZero(), "an unreadable timestamp is zero, not a lost message")
	require.Equal(t, "wamid.s", n.Events[1].Status.MessageID)
	require.Equal(t, 7, n.Skipped)
}

func TestParseNotificationCaps(t *testing.T) {
	t.Parallel()

	var msgs []string
	for i := range whatsapp.MaxEvents + 5 {
		msgs = append(msgs, fmt.Sprintf(`{"from":"16505551234","id":"wamid.%d","timestamp":"1","type":"text","text":{"body":"m"}}`, i))
	}
	huge := strings.Repeat("é", 100_000) // 200 kB of two-byte runes
	msgs[0] = fmt.Sprintf(`{"from":"16505551234","id":"wamid.big","timestamp":"1","type":"text","text":{"body":%q}}`, huge)
	body := `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{` +
		`"metadata":{"phone_number_id":"42"},"messages":[` + strings.Join(msgs, ",") + `]}}]}]}`

	n, err := whatsapp.ParseNotification([]byte(body))
	require.NoError(t, err)
	require.Len(t, n.Events, whatsapp.MaxEvents)
	require.Equal(t, 5, n.Skipped)

	text := n.Events[0].Message.Text
	require.Less(t, len(text), len(huge))
	require.LessOrEqual(t, len(text), 65536)
	require.True(t, strings.HasPrefix(huge, text), "cut on a rune boundary")
	require.True(t, json.Valid([]byte(fmt.Sprintf("%q", text))))
}
