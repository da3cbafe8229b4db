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
