package webhook

import (
	"time"

	"github.com/google/uuid"
)

// The data of each event type. Emit takes any JSON object, but callers should
// use these: they are the documented payloads tenants' systems parse, and
// they hold ids and the fields the API shows, never credentials or internal
// state. Adding a field is compatible; renaming or removing one is not.
//
// Every body has the Standard Webhooks envelope:
//
//	{"type": "message.created", "timestamp": "2026-01-02T15:04:05.000Z", "data": {...}}

// ConversationData is the data of conversation.created and
// conversation.updated.
type ConversationData struct {
	ID          uuid.UUID  `json:"id"`
	ContactID   uuid.UUID  `json:"contact_id"`
	ChannelID   uuid.UUID  `json:"channel_id"` // the active channel: replies go out here
	ChannelKind string     `json:"channel_kind"`
	Status      string     `json:"status"` // open, pending or closed
	AssigneeID  *uuid.UUID `json:"assignee_id"`
	CreatedAt   time.Time  `json:"created_at"`
	// Changed names what changed, for conversation.updated only: any of
	// "status", "assignee_id", "channel_id".
	Changed []string `json:"changed,omitempty"`
}

// MessageData is the data of message.created, for inbound and outbound
// messages alike.
type MessageData struct {
	ID             uuid.UUID        `json:"id"`
	ConversationID uuid.UUID        `json:"conversation_id"`
	ContactID      uuid.UUID        `json:"contact_id"`
	ChannelID      uuid.UUID        `json:"channel_id"`
	ChannelKind    string           `json:"channel_kind"`
	Direction      string           `json:"direction"` // inbound or outbound
	Body           string           `json:"body"`
	Attachments    []AttachmentData `json:"attachments"`
	Status         string           `json:"status"`    // received, or queued for an outbound message
	AuthorID       *uuid.UUID       `json:"author_id"` // the agent who wrote an outbound message
	CreatedAt      time.Time        `json:"created_at"`
}

// AttachmentData is one attachment of a message.
type AttachmentData struct {
	URL         string `json:"url,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	Caption     string `json:"caption,omitempty"`
}

// MessageStatusData is the data of message.status_changed: an outbound
// message moved forward (queued, sent, delivered, read) or failed.
type MessageStatusData struct {
	ID             uuid.UUID `json:"id"`
	ConversationID uuid.UUID `json:"conversation_id"`
	Status         string    `json:"status"`
	PreviousStatus string    `json:"previous_status"`
	Error          string    `json:"error,omitempty"` // the provider's reason, when failed
	UpdatedAt      time.Time `json:"updated_at"`
}

// ContactData is the data of contact.created.
type ContactData struct {
	ID         uuid.UUID `json:"id"`
	Name       string    `json:"name"`
	Phone      string    `json:"phone,omitempty"`
	Email      string    `json:"email,omitempty"`
	ExternalID string    `json:"external_id,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// CallData is the data of every call.<status> event, and the body of a
// call's own status callbacks.
type CallData struct {
	ID             uuid.UUID  `json:"id"`
	Direction      string     `json:"direction"` // outbound (click-to-call) or inbound
	Status         string     `json:"status"`
	PreviousStatus string     `json:"previous_status,omitempty"`
	ContactID      *uuid.UUID `json:"contact_id"`
	ConversationID *uuid.UUID `json:"conversation_id"`
	AgentID        *uuid.UUID `json:"agent_id"`
	From           string     `json:"from"` // the caller id customers see
	To             string     `json:"to"`   // the customer's number
	Reason         string     `json:"reason,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	AnsweredAt     *time.Time `json:"answered_at,omitempty"`
	EndedAt        *time.Time `json:"ended_at,omitempty"`
	// DurationSeconds is the bridged time, known once the call ended.
	DurationSeconds *int `json:"duration_seconds,omitempty"`
	// BillableSeconds is the legs' answered time, each leg rounded up to a
	// whole second, known once the call ended.
	BillableSeconds *int `json:"billable_seconds,omitempty"`
}
