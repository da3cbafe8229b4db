package webhook

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

// timestampLayout is RFC 3339 in UTC with milliseconds, as in the Standard
// Webhooks examples.
const timestampLayout = "2006-01-02T15:04:05.000Z07:00"

// envelope is the body of every webhook.
type envelope struct {
	Type      string          `json:"type"`
	Timestamp string          `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}

// Event is one webhook event: its type and its data (one of the *Data types
// of this package).
type Event struct {
	Type string
	Data any
}

// Emit queues eventType with data for every enabled endpoint of the tenant on
// ctx that is subscribed to it: one pending delivery row and one
// webhook_deliver job each, both in tx. Call it inside the transaction of the
// change the event describes, so a rolled-back change sends nothing and a
// committed one is always delivered (or retried). With no subscribed endpoint
// it writes nothing.
//
// data must encode to a JSON object; use the *Data types of this package. It
// is marshalled once, so every endpoint and every attempt gets the same bytes.
func Emit(ctx context.Context, tx pgx.Tx, ins jobargs.Inserter, eventType string, data any) error {
	return EmitAll(ctx, tx, ins, Event{Type: eventType, Data: data})
}

// EmitAll is Emit for several events of one change, with one look-up of the
// tenant's endpoints for all of them: an inbound message that starts a
// contact and a conversation causes three events, and most tenants have no
// endpoint at all, so the look-up is usually the only statement.
func EmitAll(ctx context.Context, tx pgx.Tx, ins jobargs.Inserter, events ...Event) error {
	if len(events) == 0 {
		return nil
	}
	tenantID, err := tenants.TenantFromContext(ctx)
	if err != nil {
		return fmt.Errorf("emit %s: %w", events[0].Type, err)
	}
	// Encoding first: a payload that cannot be sent is a bug, and it should
	// show in tests whether or not an endpoint happens to listen.
	bodies := make([][]byte, len(events))
	now := time.Now()
	for i, ev := range events {
		if !KnownEventType(ev.Type) {
			return fmt.Errorf("emit webhook: unknown event type %q", ev.Type)
		}
		if bodies[i], err = Encode(ev.Type, now, ev.Data); err != nil {
			return fmt.Errorf("emit %s: %w", ev.Type, err)
		}
	}
	type endpoint struct {
		ID         uuid.UUID
		EventTypes []string
	}
	rows, err := tx.Query(ctx, `SELECT id, event_types FROM webhook_endpoints
		WHERE tenant_id = $1 AND enabled ORDER BY created_at, id`, tenantID)
	if err != nil {
		return fmt.Errorf("emit %s: find endpoints: %w", events[0].Type, err)
	}
	endpoints, err := pgx.CollectRows(rows, pgx.RowToStructByPos[endpoint])
	if err != nil {
		return fmt.Errorf("emit %s: find endpoints: %w", events[0].Type, err)
	}
	for i, ev := range events {
		msgID := ""
		for _, e := range endpoints {
			if len(e.EventTypes) > 0 && !slices.Contains(e.EventTypes, ev.Type) {
				continue
			}
			if msgID == "" {
				if msgID, err = NewMessageID(); err != nil {
					return fmt.Errorf("emit %s: %w", ev.Type, err)
				}
			}
			id := uuid.New()
			if _, err := tx.Exec(ctx, `INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, message_id, event_type, payload)
				VALUES ($1, $2, $3, $4, $5, $6)`, id, tenantID, e.ID, msgID, ev.Type, bodies[i]); err != nil {
				return fmt.Errorf("emit %s: insert delivery: %w", ev.Type, err)
			}
			if err := enqueue(ctx, tx, ins, tenantID, id); err != nil {
				return fmt.Errorf("emit %s: %w", ev.Type, err)
			}
		}
	}
	return nil
}

// enqueue inserts the delivery's job in tx.
func enqueue(ctx context.Context, tx pgx.Tx, ins jobargs.Inserter, tenantID, deliveryID uuid.UUID) error {
	_, err := ins.InsertTx(ctx, tx, jobargs.WebhookDeliver{TenantID: tenantID, DeliveryID: deliveryID},
		&river.InsertOpts{Queue: jobargs.QueueWebhooks, MaxAttempts: MaxAttempts})
	if err != nil {
		return fmt.Errorf("enqueue delivery: %w", err)
	}
	return nil
}

// Encode builds the envelope of an event: type, timestamp (at) and data,
// which must encode to a JSON object. The stored jsonb is what is sent (as
// PostgreSQL prints it), so this only has to be valid JSON. Call status
// callbacks use the same envelope.
func Encode(eventType string, at time.Time, data any) ([]byte, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("encode data: %w", err)
	}
	if !bytes.HasPrefix(raw, []byte("{")) {
		return nil, fmt.Errorf("encode data: %T is not a JSON object", data)
	}
	body, err := json.Marshal(envelope{Type: eventType, Timestamp: at.UTC().Format(timestampLayout), Data: raw})
	if err != nil {
		return nil, fmt.Errorf("encode envelope: %w", err)
	}
	if len(body) > maxPayload {
		return nil, fmt.Errorf("encode envelope: %d bytes, more than %d", len(body), maxPayload)
	}
	return body, nil
}

var messageIDEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewMessageID returns a Standard Webhooks message id, "msg_" and 26
// lowercase base32 characters (128 random bits). It never contains a ".",
// which the signature scheme forbids.
func NewMessageID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("new message id: %w", err)
	}
	return "msg_" + strings.ToLower(messageIDEncoding.EncodeToString(b)), nil
}
