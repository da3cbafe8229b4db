// Package jobargs holds the arguments of every River job kind. It is a leaf:
// domain packages import it to enqueue jobs in their own transactions without
// importing the River client, its workers or each other.
//
// Every args struct carries the tenant, and ids rather than customer data:
// River's tables are global and not protected by row-level security, so the
// worker re-reads the data it needs under the tenant's scope. Kinds are
// noun_verb and never renamed (queued jobs would be orphaned).
package jobargs

import (
	"context"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Inserter enqueues a job in the caller's transaction. Domain packages take
// one instead of the River client, which lives in package jobs.
type Inserter interface {
	InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// Queue names, by purpose.
const (
	QueueDefault  = "default"
	QueueEmail    = "email"
	QueueWebhooks = "webhooks"
	QueueMessages = "messages"
)

// Tenanted is implemented by every job's args; the tenant middleware relies on
// the JSON field "tenant_id" being present.
type Tenanted interface {
	Tenant() uuid.UUID
}

// EmailSend sends (or, without SMTP, captures) one row of email_outbox.
type EmailSend struct {
	TenantID uuid.UUID `json:"tenant_id"`
	EmailID  uuid.UUID `json:"email_id"`
}

// Kind is the River job kind.
func (EmailSend) Kind() string { return "email_send" }

// Tenant is the tenant whose outbox holds the e-mail.
func (a EmailSend) Tenant() uuid.UUID { return a.TenantID }

// MessageSend sends one queued outbound message through its channel's provider.
type MessageSend struct {
	TenantID  uuid.UUID `json:"tenant_id"`
	MessageID uuid.UUID `json:"message_id"`
}

// Kind is the River job kind.
func (MessageSend) Kind() string { return "message_send" }

// Tenant is the tenant that owns the message.
func (a MessageSend) Tenant() uuid.UUID { return a.TenantID }

// WebhookDeliver makes one attempt at delivering a row of webhook_deliveries
// to its endpoint. The row holds the payload; the args hold ids only.
type WebhookDeliver struct {
	TenantID   uuid.UUID `json:"tenant_id"`
	DeliveryID uuid.UUID `json:"delivery_id"`
}

// Kind is the River job kind.
func (WebhookDeliver) Kind() string { return "webhook_deliver" }

// Tenant is the tenant that owns the delivery.
func (a WebhookDeliver) Tenant() uuid.UUID { return a.TenantID }

// QueueCalls carries call events from media nodes and carriers, and the
// status callbacks they cause.
const QueueCalls = "calls"

// Media event kinds a media node reports about a leg.
const (
	MediaLegAnswered      = "answered" // the leg's stream started
	MediaLegEnded         = "ended"    // the stream stopped (Reason says why)
	MediaLegDTMF          = "dtmf"
	MediaRecordingReady   = "recording_ready"
	MediaLegBridged       = "bridged"
	MediaLegStreamDropped = "stream_dropped" // WebSocket lost; waiting for resume
)

// CallMediaEvent is what a media node reports about one leg. It is the media
// node's only write to PostgreSQL; the worker in internal/call applies it to
// the call under the tenant's scope.
type CallMediaEvent struct {
	TenantID uuid.UUID `json:"tenant_id"`
	CallID   uuid.UUID `json:"call_id"`
	LegID    uuid.UUID `json:"leg_id"`
	// Event is one of the Media* kinds.
	Event string `json:"event"`
	// At is when the node saw it (RFC 3339 with nanoseconds, UTC).
	At     string `json:"at"`
	Reason string `json:"reason,omitempty"`
	Digit  string `json:"digit,omitempty"`
	// RecordingKey and RecordingSeconds describe a ready recording.
	RecordingKey     string  `json:"recording_key,omitempty"`
	RecordingSeconds float64 `json:"recording_seconds,omitempty"`
	NodeID           string  `json:"node_id,omitempty"`
}

// Kind is the River job kind.
func (CallMediaEvent) Kind() string { return "call_media_event" }

// Tenant is the tenant that owns the call.
func (a CallMediaEvent) Tenant() uuid.UUID { return a.TenantID }

// CallLegDial places one leg of a call through the carrier: it picks the
// call's media node (the least loaded live one, for the call's first leg),
// mints the leg's stream token and asks the carrier to ring the number.
type CallLegDial struct {
	TenantID uuid.UUID `json:"tenant_id"`
	CallID   uuid.UUID `json:"call_id"`
	LegID    uuid.UUID `json:"leg_id"`
}

// Kind is the River job kind.
func (CallLegDial) Kind() string { return "call_leg_dial" }

// Tenant is the tenant that owns the call.
func (a CallLegDial) Tenant() uuid.UUID { return a.TenantID }

// CallLegHangup asks the carrier to end one leg (any state; idempotent).
type CallLegHangup struct {
	TenantID uuid.UUID `json:"tenant_id"`
	CallID   uuid.UUID `json:"call_id"`
	LegID    uuid.UUID `json:"leg_id"`
}

// Kind is the River job kind.
func (CallLegHangup) Kind() string { return "call_leg_hangup" }

// Tenant is the tenant that owns the call.
func (a CallLegHangup) Tenant() uuid.UUID { return a.TenantID }

// CallLegAnnounce tells the media node running a leg to say a sentence and
// hang up (e.g. "The customer is busy"); when the node cannot be reached the
// leg is hung up through the carrier instead.
type CallLegAnnounce struct {
	TenantID uuid.UUID `json:"tenant_id"`
	CallID   uuid.UUID `json:"call_id"`
	LegID    uuid.UUID `json:"leg_id"`
	// Say is one of a fixed set of sentences chosen by the call domain, not
	// customer data.
	Say string `json:"say"`
}

// Kind is the River job kind.
func (CallLegAnnounce) Kind() string { return "call_leg_announce" }

// Tenant is the tenant that owns the call.
func (a CallLegAnnounce) Tenant() uuid.UUID { return a.TenantID }

// CallCallbackDeliver makes one attempt at POSTing a call status change to
// the call's status-callback URL. The row holds the payload.
type CallCallbackDeliver struct {
	TenantID   uuid.UUID `json:"tenant_id"`
	CallbackID uuid.UUID `json:"callback_id"`
}

// Kind is the River job kind.
func (CallCallbackDeliver) Kind() string { return "call_callback_deliver" }

// Tenant is the tenant that owns the call.
func (a CallCallbackDeliver) Tenant() uuid.UUID { return a.TenantID }

// CallLegTimeout is scheduled when a leg is dialed: if the carrier has not
// reported the leg answered or ended by then, the leg is hung up and ends
// no-answer, so a silent carrier cannot leave a call open.
type CallLegTimeout struct {
	TenantID uuid.UUID `json:"tenant_id"`
	CallID   uuid.UUID `json:"call_id"`
	LegID    uuid.UUID `json:"leg_id"`
}

// Kind is the River job kind.
func (CallLegTimeout) Kind() string { return "call_leg_timeout" }

// Tenant is the tenant that owns the call.
func (a CallLegTimeout) Tenant() uuid.UUID { return a.TenantID }
