package inbox

import (
	"context"
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

// noteInbound updates a conversation that just received a customer message
// (see inbox_note_inbound). A new conversation is announced live and to the
// CRM.
func (s *Service) noteInbound(ctx context.Context, tx pgx.Tx, channelID uuid.UUID, kind Kind, contactID, convID uuid.UUID, created bool, at time.Time, keepPending bool) error {
	if _, err := tx.Exec(ctx, `SELECT inbox_note_inbound($1, $2, $3, $4)`, convID, channelID, at, keepPending); err != nil {
		return fmt.Errorf("note inbound message: %w", err)
	}
	if !created {
		return nil
	}
	if err := live.Publish(ctx, tx, TopicConversation, convID); err != nil {
		return err
	}
	return webhook.EmitAll(ctx, tx, s.Jobs, conversationCreated(convID, contactID, channelID, kind, at))
}

func conversationCreated(convID, contactID, channelID uuid.UUID, kind Kind, at time.Time) webhook.Event {
	return webhook.Event{Type: webhook.EventConversationCreated, Data: webhook.ConversationData{
		ID: convID, ContactID: contactID, ChannelID: channelID, ChannelKind: string(kind), Status: "open", CreatedAt: at}}
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

// openConversation returns the contact's newest conversation that is not
// closed, or starts one on the channel (see inbox_open_conversation).
func openConversation(ctx context.Context, tx pgx.Tx, contactID, channelID uuid.UUID) (uuid.UUID, bool, error) {
	var id uuid.UUID
	var created bool
	err := tx.QueryRow(ctx, `SELECT o_conversation_id, o_created FROM inbox_open_conversation($1, $2)`, contactID, channelID).Scan(&id, &created)
	if err != nil {
		return uuid.Nil, false, fmt.Errorf("open conversation: %w", err)
	}
	return id, created, nil
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
