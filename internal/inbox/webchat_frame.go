package inbox

import (
	"encoding/json"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/switchboard/switchboard/integrations/sms"
)

// Limits of what a visitor may send.
const (
	// MaxVisitorFrame is the socket's read limit; a larger frame closes the
	// connection with 1009 (message too big).
	MaxVisitorFrame = 16 << 10
	// MaxVisitorBody is the longest message a visitor may write, in characters.
	MaxVisitorBody = 4000
	maxClientID    = 64
	maxLeadName    = 100
	maxLeadEmail   = 254
)

// Frame types, both directions.
const (
	typeHello   = "hello"
	typeMessage = "message"
	typeLead    = "lead"
	typeTyping  = "typing"
	typeError   = "error"
)

// Error codes of error frames.
const (
	codeBadFrame    = "bad_frame"    // not a JSON object of the protocol
	codeUnknownType = "unknown_type" // a type this server does not know
	codeInvalid     = "invalid"      // a field failed validation: see field
	codeRateLimited = "rate_limited" // too many frames: slow down
	codeInternal    = "internal"     // our fault; the visitor may retry
)

// visitorFrame is one frame from a visitor, decoded and validated.
type visitorFrame struct {
	Type     string
	ClientID string      // message
	Body     string      // message, trimmed
	Lead     visitorLead // lead
}

// frameError is a refused frame, answered with an error frame.
type frameError struct {
	Code     string
	Field    string
	Message  string
	ClientID string
}

func (e *frameError) Error() string { return e.Code + ": " + e.Message }

func invalidField(clientID, field, msg string) *frameError {
	return &frameError{Code: codeInvalid, Field: field, Message: msg, ClientID: clientID}
}

// decodeVisitorFrame parses and validates one text frame. Unknown fields are
// ignored (an older cached widget may send what a newer one dropped); wrong
// types, unknown frame types, over-long values and control characters are
// refused.
func decodeVisitorFrame(data []byte) (visitorFrame, *frameError) {
	var raw struct {
		Type     string `json:"type"`
		ClientID string `json:"clientId"`
		Body     string `json:"body"`
		Name     string `json:"name"`
		Email    string `json:"email"`
		Phone    string `json:"phone"`
	}
	if len(data) == 0 || data[0] != '{' || json.Unmarshal(data, &raw) != nil {
		return visitorFrame{}, &frameError{Code: codeBadFrame, Message: "frames are JSON objects with a type"}
	}
	f := visitorFrame{Type: raw.Type}
	switch raw.Type {
	case typeMessage:
		if !validClientID(raw.ClientID) {
			return f, invalidField("", "clientId", "is required: 1 to 64 letters, digits, '-' or '_'")
		}
		f.ClientID = raw.ClientID
		f.Body = strings.TrimSpace(raw.Body)
		switch {
		case f.Body == "":
			return f, invalidField(f.ClientID, "body", "is required")
		case utf8.RuneCountInString(f.Body) > MaxVisitorBody:
			return f, invalidField(f.ClientID, "body", "is longer than 4000 characters")
		case hasControl(f.Body, true):
			return f, invalidField(f.ClientID, "body", "contains control characters")
		}
	case typeLead:
		lead, err := validateLead(raw.Name, raw.Email, raw.Phone)
		if err != nil {
			return f, err
		}
		f.Lead = lead
	case typeTyping:
	default:
		return f, &frameError{Code: codeUnknownType, Message: "unknown frame type"}
	}
	return f, nil
}

func validClientID(s string) bool {
	if s == "" || len(s) > maxClientID {
		return false
	}
	return strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == ""
}

// hasControl reports control characters (NUL included, which PostgreSQL text
// refuses); multiline allows tab, CR and LF.
func hasControl(s string, multiline bool) bool {
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || r == utf8.RuneError {
			return true
		}
	}
	return false
}

func validateLead(name, email, phone string) (visitorLead, *frameError) {
	l := visitorLead{Name: strings.TrimSpace(name), Email: strings.TrimSpace(email), Phone: strings.TrimSpace(phone)}
	if l.Name == "" || utf8.RuneCountInString(l.Name) > maxLeadName || hasControl(l.Name, false) {
		return l, invalidField("", "name", "is required, at most 100 characters")
	}
	if l.Email == "" && l.Phone == "" {
		return l, invalidField("", "email", "an e-mail address or a phone number is required")
	}
	if l.Email != "" {
		addr, err := mail.ParseAddress(l.Email)
		if err != nil || addr.Address != l.Email || addr.Name != "" || len(l.Email) > maxLeadEmail || hasControl(l.Email, false) {
			return l, invalidField("", "email", "is not an e-mail address")
		}
	}
	if l.Phone != "" {
		phone, ok := sms.NormalizeE164(l.Phone)
		if !ok {
			return l, invalidField("", "phone", "must be an international number, e.g. +14155550100")
		}
		l.Phone = phone
	}
	return l, nil
}

// Frames to the visitor.

type messageFrame struct {
	Type           string    `json:"type"`
	ID             uuid.UUID `json:"id"`
	ConversationID uuid.UUID `json:"conversationId"`
	Direction      string    `json:"direction"` // inbound: from the visitor; outbound: from the tenant
	Body           string    `json:"body"`
	At             time.Time `json:"at"`
	ClientID       string    `json:"clientId,omitempty"` // on the answer to the visitor's own message
}

func toMessageFrame(m Message) messageFrame {
	return messageFrame{Type: typeMessage, ID: m.ID, ConversationID: m.ConversationID, Direction: m.Direction, Body: m.Body, At: m.CreatedAt}
}

type helloFrame struct {
	Type           string         `json:"type"`
	ChannelName    string         `json:"channelName"`
	ConversationID *uuid.UUID     `json:"conversationId"`
	AgentsOnline   bool           `json:"agentsOnline"`
	LeadCaptured   bool           `json:"leadCaptured"`
	History        []messageFrame `json:"history"`
	Switch         any            `json:"switch,omitempty"` // VisitorExtension.Hello
}

type leadFrame struct {
	Type           string    `json:"type"`
	Saved          bool      `json:"saved"`
	ConversationID uuid.UUID `json:"conversationId"`
}

type errorFrame struct {
	Type     string `json:"type"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Field    string `json:"field,omitempty"`
	ClientID string `json:"clientId,omitempty"`
}

func toErrorFrame(e *frameError) errorFrame {
	return errorFrame{Type: typeError, Code: e.Code, Message: e.Message, Field: e.Field, ClientID: e.ClientID}
}
