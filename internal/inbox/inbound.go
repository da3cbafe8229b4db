package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/internal/live"
	"github.com/switchboard/switchboard/internal/webhook"
	"github.com/switchboard/switchboard/jobs/jobargs"
)

// Attachment is a media item of a message, by URL or provider media id.
type Attachment struct {
	URL         string `json:"url,omitempty"`
	ProviderID  string `json:"provider_id,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	Caption     string `json:"caption,omitempty"`
}

// inbound is a provider's message to a channel, already verified.
type inbound struct {
	EventID     string // the provider's unique id for this delivery
	MessageID   string // the provider's message id
	From        string // E.164
	Name        string // the sender's profile name, when the provider gives one
	Body        string
	Attachments []Attachment
	At          time.Time
}

// recordInbound stores one inbound message in the tenant scope on ctx. It
// reports false, storing nothing, for an event it has seen before.
func (s *Service) recordInbound(ctx context.Context, ch Channel, in inbound) (bool, error) {
	attachments, err := json.Marshal(nonNil(in.Attachments))
	if err != nil {
		return false, err
	}
	fresh := false
	err = s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		if ok, err := claimEvent(ctx, tx, ch.ID, in.EventID); err != nil || !ok {
			return err
		}
		fresh = true
		contactID, newContact, err := upsertContact(ctx, tx, in.From, in.Name)
		if err != nil {
			return err
		}
		if newContact {
			if err := webhook.Emit(ctx, tx, s.Jobs, webhook.EventContactCreated, webhook.ContactData{
				ID: contactID, Name: in.Name, Phone: in.From, CreatedAt: in.At}); err != nil {
				return err
			}
		}
		convID, created, err := openConversation(ctx, tx, contactID, ch.ID)
		if err != nil {
			return err
		}
		msgID := uuid.New()
		// created_at is when we stored it, not the provider's timestamp: WhatsApp's
		// is whole seconds and would sort a customer's message before a reply
		// sent in the same second. The provider's time drives the reply window.
		tag, err := tx.Exec(ctx, `INSERT INTO messages (id, tenant_id, conversation_id, channel_id, direction, body, attachments,
			status, provider_message_id)
			VALUES ($1, current_setting('app.tenant_id')::uuid, $2, $3, 'inbound', $4, $5, 'received', $6)
			ON CONFLICT (channel_id, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING`,
			msgID, convID, ch.ID, in.Body, attachments, in.MessageID)
		if err != nil {
			return fmt.Errorf("store inbound message: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return nil // the same provider message under another event id
		}
		if err := s.noteInbound(ctx, tx, ch.ID, ch.Kind, contactID, convID, created, in.At, false); err != nil {
			return err
		}
		attachmentsData := make([]webhook.AttachmentData, 0, len(in.Attachments))
		for _, a := range in.Attachments {
			attachmentsData = append(attachmentsData, webhook.AttachmentData{URL: a.URL, ContentType: a.ContentType, Caption: a.Caption})
		}
		if err := webhook.Emit(ctx, tx, s.Jobs, webhook.EventMessageCreated, webhook.MessageData{
			ID: msgID, ConversationID: convID, ContactID: contactID, ChannelID: ch.ID, ChannelKind: string(ch.Kind),
			Direction: "inbound", Body: in.Body, Attachments: attachmentsData, Status: "received", CreatedAt: in.At}); err != nil {
			return err
		}
		return live.Publish(ctx, tx, TopicMessage, msgID)
	})
	if err == nil && fresh {
		s.wake()
	}
	return fresh, err
}

// noteInbound updates a conversation that just received a customer message:
// unread, open (or still pending, for a lead waiting for an agent), on the
// channel the customer used, and (on WhatsApp) inside the 24-hour window. A
// new conversation is announced live and to the CRM.
func (s *Service) noteInbound(ctx context.Context, tx pgx.Tx, channelID uuid.UUID, kind Kind, contactID, convID uuid.UUID, created bool, at time.Time, keepPending bool) error {
	_, err := tx.Exec(ctx, `UPDATE conversations SET unread_count = unread_count + 1,
		status = CASE WHEN $4 AND status = 'pending' THEN 'pending' ELSE 'open' END, channel_id = $2,
		last_inbound_at = greatest(coalesce(last_inbound_at, $3), $3), last_activity_at = greatest(last_activity_at, $3)
		WHERE id = $1`, convID, channelID, at, keepPending)
	if err != nil || !created {
		return err
	}
	if err := live.Publish(ctx, tx, TopicConversation, convID); err != nil {
		return err
	}
	return webhook.Emit(ctx, tx, s.Jobs, webhook.EventConversationCreated, webhook.ConversationData{
		ID: convID, ContactID: contactID, ChannelID: channelID, ChannelKind: string(kind), Status: "open", CreatedAt: at})
}

// claimEvent records a provider event id; false means it was recorded before.
func claimEvent(ctx context.Context, tx pgx.Tx, channelID uuid.UUID, eventID string) (bool, error) {
	tag, err := tx.Exec(ctx, `INSERT INTO provider_events (tenant_id, channel_id, event_id)
		VALUES (current_setting('app.tenant_id')::uuid, $1, $2) ON CONFLICT DO NOTHING`, channelID, eventID)
	if err != nil {
		return false, fmt.Errorf("record provider event: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// upsertContact returns the contact with this phone, and whether it is new.
func upsertContact(ctx context.Context, tx pgx.Tx, phone, name string) (uuid.UUID, bool, error) {
	var id uuid.UUID
	var inserted bool
	// xmax = 0 only on a freshly inserted row: the conflict path updates it.
	err := tx.QueryRow(ctx, `INSERT INTO contacts (id, tenant_id, name, phone)
		VALUES ($1, current_setting('app.tenant_id')::uuid, $2, $3)
		ON CONFLICT (tenant_id, phone) DO UPDATE SET name = CASE WHEN contacts.name = '' THEN EXCLUDED.name ELSE contacts.name END,
			updated_at = now()
		RETURNING id, xmax = 0`, uuid.New(), name, phone).Scan(&id, &inserted)
	if err != nil {
		return uuid.Nil, false, fmt.Errorf("upsert contact: %w", err)
	}
	return id, inserted, nil
}

// openConversation returns the contact's newest conversation that is not
// closed, or starts one on the channel. The contact row is locked first so two
// simultaneous first messages cannot open two conversations.
func openConversation(ctx context.Context, tx pgx.Tx, contactID, channelID uuid.UUID) (uuid.UUID, bool, error) {
	if _, err := tx.Exec(ctx, `SELECT 1 FROM contacts WHERE id = $1 FOR UPDATE`, contactID); err != nil {
		return uuid.Nil, false, err
	}
	var id uuid.UUID
	err := tx.QueryRow(ctx, `SELECT id FROM conversations WHERE contact_id = $1 AND status <> 'closed'
		ORDER BY last_activity_at DESC LIMIT 1`, contactID).Scan(&id)
	if err == nil {
		return id, false, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return uuid.Nil, false, err
	}
	id = uuid.New()
	_, err = tx.Exec(ctx, `INSERT INTO conversations (id, tenant_id, contact_id, channel_id)
		VALUES ($1, current_setting('app.tenant_id')::uuid, $2, $3)`, id, contactID, channelID)
	return id, true, err
}

func nonNil(a []Attachment) []Attachment {
	if a == nil {
		return []Attachment{}
	}
	return a
}

// statusRank orders outbound statuses: a callback may only move a message to
// a higher rank. failed outranks sent but not delivered or read: a carrier
// that reported delivery cannot un-deliver.
var statusRank = map[string]int{"queued": 0, "sent": 1, "failed": 2, "delivered": 3, "read": 4}

// recordStatus applies a provider's status report to an outbound message.
func (s *Service) recordStatus(ctx context.Context, ch Channel, eventID, providerMessageID, status, reason string) error {
	rank, known := statusRank[status]
	if !known {
		return nil // queued/sending/accepted and friends say nothing new
	}
	changed := false
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		if ok, err := claimEvent(ctx, tx, ch.ID, eventID); err != nil || !ok {
			return err
		}
		var id, convID uuid.UUID
		var current string
		err := tx.QueryRow(ctx, `SELECT id, conversation_id, status FROM messages WHERE channel_id = $1 AND provider_message_id = $2 FOR UPDATE`,
			ch.ID, providerMessageID).Scan(&id, &convID, &current)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil // not ours, or sent before the provider id was recorded
		}
		if err != nil {
			return err
		}
		if rank <= statusRank[current] {
			return nil
		}
		changed = true
		if _, err := tx.Exec(ctx, `UPDATE messages SET status = $2, error = CASE WHEN $2 = 'failed' THEN NULLIF($3, '') END,
			updated_at = now() WHERE id = $1`, id, status, reason); err != nil {
			return err
		}
		if err := emitStatus(ctx, tx, s.Jobs, id, convID, current, status, reason); err != nil {
			return err
		}
		return live.Publish(ctx, tx, TopicMessage, id)
	})
	if err == nil && changed {
		s.wake()
	}
	return err
}

// emitStatus tells the tenant's CRM that a message moved forward.
func emitStatus(ctx context.Context, tx pgx.Tx, ins jobargs.Inserter, id, convID uuid.UUID, previous, status, reason string) error {
	data := webhook.MessageStatusData{ID: id, ConversationID: convID, Status: status, PreviousStatus: previous, UpdatedAt: time.Now()}
	if status == "failed" {
		data.Error = reason
	}
	return webhook.Emit(ctx, tx, ins, webhook.EventMessageStatusChanged, data)
}
