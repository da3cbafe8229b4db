package webhook

import (
	"context"
	"github.com/switchboard/switchboard/internal/problem"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/integrations/webhookhttp"
	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

// Event types a tenant can subscribe an endpoint to. They are part of the
// public contract with tenants' systems: never rename one.
const (
	EventConversationCreated  = "conversation.created"
	EventConversationUpdated  = "conversation.updated"
	EventMessageCreated       = "message.created"
	EventMessageStatusChanged = "message.status_changed"
	EventContactCreated       = "contact.created"

	// A call's status changed (internal/call): one event per status, named as
	// the call's status callbacks are.
	EventCallInitiated  = "call.initiated"
	EventCallRinging    = "call.ringing"
	EventCallInProgress = "call.in-progress"
	EventCallCompleted  = "call.completed"
	EventCallBusy       = "call.busy"
	EventCallNoAnswer   = "call.no-answer"
	EventCallFailed     = "call.failed"
	EventCallCanceled   = "call.canceled"
	// Chat switch (internal/chatswitch): data is ChatSwitchData.
	EventChatSwitchRequested = "chat_switch.requested"
	EventChatSwitchActivated = "chat_switch.activated"
	EventChatSwitchReverted  = "chat_switch.reverted"
	EventChatSwitchFailed    = "chat_switch.failed"
)

// EventTypes lists every event type, in the order the console shows them.
var EventTypes = []string{
	EventConversationCreated,
	EventConversationUpdated,
	EventMessageCreated,
	EventMessageStatusChanged,
	EventContactCreated,
	EventCallInitiated,
	EventCallRinging,
	EventCallInProgress,
	EventCallCompleted,
	EventCallBusy,
	EventCallNoAnswer,
	EventCallFailed,
	EventCallCanceled,
	EventChatSwitchRequested,
	EventChatSwitchActivated,
	EventChatSwitchReverted,
	EventChatSwitchFailed,
}

// KnownEventType reports whether t is one of [EventTypes].
func KnownEventType(t string) bool { return slices.Contains(EventTypes, t) }

// ErrNotFound covers "does not exist" and "not yours to see".
var ErrNotFound = problem.ErrNotFound

// InputError is a bad value in a request, naming its field.
type InputError = problem.InputError

func inputErr(field, format string, args ...any) error { return problem.Input(field, format, args...) }

// Status of a delivery.
type Status string

const (
	// StatusPending: not attempted yet, or failed and waiting for a retry.
	StatusPending Status = "pending"
	// StatusDelivered: the endpoint answered 2xx.
	StatusDelivered Status = "delivered"
	// StatusFailed: refused (4xx, a forbidden target), out of attempts, or its
	// endpoint was disabled before it could be sent. Replay sends it again.
	StatusFailed Status = "failed"
	// StatusGone: the endpoint answered 410 Gone and was disabled.
	StatusGone Status = "gone"
)

// Limits.
const (
	// maxEndpoints per tenant: each event is one delivery (and one request)
	// per subscribed endpoint.
	maxEndpoints = 20
	// maxResponse is how much of an endpoint's answer a delivery keeps.
	maxResponse = 2048
	// maxPayload bounds one event's JSON body.
	maxPayload = 256 << 10
	// maxDescription matches the column's CHECK.
	maxDescription = 500
	// maxListLimit bounds one page of deliveries.
	maxListLimit = 100
	// RotationGrace is how long the previous secret keeps signing after
	// [Service.RotateSecret], so receivers can switch keys without a gap.
	RotationGrace = 24 * time.Hour
)

// Service is the webhooks domain: endpoints, deliveries and replays.
type Service struct {
	DB    *db.DB
	Jobs  jobargs.Inserter
	Guard webhookhttp.Guard // the zero value is production: public addresses only
	// HTTP sends deliveries; nil uses Guard.Client(10 * time.Second). A
	// client given here must guard tenant URLs itself.
	HTTP   *http.Client
	Logger *slog.Logger
	Now    func() time.Time // nil: time.Now
	// Sealer seals endpoints' signing secrets at rest. Nil stores them in
	// plain text: tests only (serve and dev refuse to run without a key).
	Sealer *tenants.Sealer

	clientOnce sync.Once
	client     *http.Client
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// admin returns the actor when it may manage webhooks: endpoints hold URLs
// and deliveries hold customer data, so only admins see or change them.
func admin(ctx context.Context) (tenants.Actor, bool) {
	a, ok := tenants.FromContext(ctx)
	return a, ok && a.Can(tenants.RoleAdmin)
}

// Endpoint is a tenant's webhook URL. Its signing secret is never part of
// it: the secret is shown once, by CreateEndpoint and RotateSecret.
type Endpoint struct {
	ID             uuid.UUID
	URL            string
	Description    string
	EventTypes     []string // empty: every event type
	Enabled        bool
	DisabledReason string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Delivery is one event sent (or to be sent) to one endpoint, with the
// outcome of its latest attempt.
type Delivery struct {
	ID         uuid.UUID
	EndpointID uuid.UUID
	// MessageID is the webhook-id header: the same on every attempt and
	// replay, and shared by the deliveries of one event to several endpoints.
	MessageID      string
	EventType      string
	Payload        []byte // the exact body sent
	Status         Status
	Attempts       int
	LastStatusCode int    // 0: no response (or no attempt yet)
	LastResponse   string // the start of the endpoint's answer, at most 2 KiB
	LastError      string
	LastAttemptAt  *time.Time
	NextAttemptAt  *time.Time // when pending: the next try, as scheduled
	DurationMS     int        // of the latest attempt
	CreatedAt      time.Time
	DeliveredAt    *time.Time
}
