package graph

import (
	"encoding/base64"
	"errors"
	"strings"

	"github.com/google/uuid"
)

// errBadID is returned for an ID that is not a global ID of the expected type.
var errBadID = errors.New("invalid id")

// Global ID type names; never renamed, clients store these IDs.
const (
	typeTenant           = "Tenant"
	typeUser             = "User"
	typeInvitation       = "Invitation"
	typeAPIKey           = "ApiKey"
	typeAuditEvent       = "AuditEvent"
	typeEmail            = "Email"
	typeChannel          = "Channel"
	typeContact          = "Contact"
	typeConversation     = "Conversation"
	typeMessage          = "Message"
	typeWebhookEndpoint  = "WebhookEndpoint"
	typeWebhookDelivery  = "WebhookDelivery"
	typeWhatsAppTemplate = "WhatsAppTemplate"
)

func globalID(typ string, id uuid.UUID) string {
	return base64.RawURLEncoding.EncodeToString([]byte(typ + ":" + id.String()))
}

func parseGlobalID(s string) (typ string, id uuid.UUID, err error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return "", uuid.Nil, errBadID
	}
	typ, rest, ok := strings.Cut(string(raw), ":")
	if !ok {
		return "", uuid.Nil, errBadID
	}
	id, err = uuid.Parse(rest)
	if err != nil {
		return "", uuid.Nil, errBadID
	}
	return typ, id, nil
}

// idOf parses a global ID that must be of type want.
func idOf(want, s string) (uuid.UUID, error) {
	typ, id, err := parseGlobalID(s)
	if err != nil || typ != want {
		return uuid.Nil, errBadID
	}
	return id, nil
}
