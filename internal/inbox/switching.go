package inbox

// What internal/chatswitch needs from the inbox, kept in one file so that the
// send and receive paths change as little as possible:
//
//   - Routing: an SMS or WhatsApp message from a number a conversation was
//     switched to lands in that conversation, whichever contact holds the
//     number. That is part of the inbound write itself (chat_switch_route,
//     migration 0010), not Go code here.
//   - InsertOutboundTx stores an outbound message in the caller's transaction,
//     with or without its send job; DeliverNow sends one queued message at
//     once (a switch's welcome, whose outcome decides the switch) and
//     SettleTx records the outcome in the caller's transaction.
//
// The active channel is conversations.channel_id. Once a switch has set it
// (channel_pinned), a customer's message on another channel is stored in the
// thread without moving it: only a switch moves a switched conversation.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/switchboard/switchboard/internal/live"
	"github.com/switchboard/switchboard/internal/webhook"
	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

// OutboundParams describe a message InsertOutboundTx stores.
type OutboundParams struct {
	ConversationID uuid.UUID
	ChannelID      uuid.UUID // need not be the active channel: a welcome goes out on the channel being switched to
	Body           string
	Template       *Template
	// Queue adds the message_send job; without it the caller sends it with
	// DeliverNow and records the outcome with SettleTx.
	Queue bool
}

// InsertOutboundTx stores an outbound message as queued in tx, with a live
// event and message.created. The caller wakes the bus after commit.
func (s *Service) InsertOutboundTx(ctx context.Context, tx pgx.Tx, p OutboundParams) (Message, error) {
	a, ok := tenants.FromContext(ctx)
	if !ok {
		return Message{}, tenants.ErrNoTenant
	}
	var contactID uuid.UUID
	var kind Kind
	if err := tx.QueryRow(ctx, `SELECT c.contact_id, ch.kind FROM conversations c, channels ch WHERE c.id = $1 AND ch.id = $2`,
		p.ConversationID, p.ChannelID).Scan(&contactID, &kind); err != nil {
		return Message{}, fmt.Errorf("read conversation and channel: %w", err)
	}
	return s.insertOutbound(ctx, tx, a, p, contactID, kind)
}

// insertOutbound stores an outbound message as queued in tx, with its send
// job when p.Queue, message.created and a live event: what queueOutbound and
// InsertOutboundTx share once they know the contact and the channel's kind.
func (s *Service) insertOutbound(ctx context.Context, tx pgx.Tx, a tenants.Actor, p OutboundParams, contactID uuid.UUID, kind Kind) (Message, error) {
	var templateJSON []byte
	if p.Template != nil {
		var err error
		if templateJSON, err = json.Marshal(p.Template); err != nil {
			return Message{}, err
		}
	}
	var author *uuid.UUID
	if a.UserID != uuid.Nil {
		author = &a.UserID
	}
	msg, err := scanMessage(tx.QueryRow(ctx, `INSERT INTO messages (id, tenant_id, conversation_id, channel_id, direction, body, status, author_id, template)
		VALUES ($1, $2, $3, $4, 'outbound', $5, 'queued', $6, $7) RETURNING `+messageColumns,
		uuid.New(), a.TenantID, p.ConversationID, p.ChannelID, p.Body, author, templateJSON))
	if err != nil {
		return Message{}, fmt.Errorf("store outbound message: %w", err)
	}
	if p.Queue {
		if _, err := s.Jobs.InsertTx(ctx, tx, jobargs.MessageSend{TenantID: a.TenantID, MessageID: msg.ID},
			&river.InsertOpts{Queue: jobargs.QueueMessages, MaxAttempts: 10}); err != nil {
			return Message{}, fmt.Errorf("enqueue send: %w", err)
		}
	}
	if err := webhook.Emit(ctx, tx, s.Jobs, webhook.EventMessageCreated, webhook.MessageData{
		ID: msg.ID, ConversationID: p.ConversationID, ContactID: contactID, ChannelID: p.ChannelID, ChannelKind: string(kind),
		Direction: "outbound", Body: msg.Body, Attachments: []webhook.AttachmentData{}, Status: msg.Status,
		AuthorID: msg.AuthorID, CreatedAt: msg.CreatedAt}); err != nil {
		return Message{}, err
	}
	return msg, live.Publish(ctx, tx, TopicMessage, msg.ID)
}

// DeliverNow sends a stored outbound message to to, outside any transaction,
// and returns the provider's id. It records nothing: the caller settles it.
func (s *Service) DeliverNow(ctx context.Context, messageID uuid.UUID, to string) (string, error) {
	var msg Message
	var ch Channel
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		if msg, err = scanMessage(tx.QueryRow(ctx, `SELECT `+messageColumns+` FROM messages WHERE id = $1`, messageID)); err != nil {
			return err
		}
		ch, err = s.scanChannel(tx.QueryRow(ctx, `SELECT `+channelColumns+` FROM channels WHERE id = $1`, msg.ChannelID))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", err
	}
	if !ch.Enabled {
		return "", fmt.Errorf("the %s channel %q is disabled", ch.Kind, ch.Name)
	}
	return s.deliver(ctx, ch, to, msg)
}

// IsTemporary says whether a DeliverNow error of a channel kind may succeed on
// a later attempt (an outage) rather than being the provider's refusal.
func IsTemporary(kind Kind, err error) bool { return temporary(kind, err) }

// SettleTx records a send's outcome ("sent" with the provider's id, or
// "failed" with the reason) on a message still queued, in tx, with its live
// event and message.status_changed.
func (s *Service) SettleTx(ctx context.Context, tx pgx.Tx, id uuid.UUID, status, providerID, reason string) error {
	_, err := settleTx(ctx, tx, s.Jobs, id, status, providerID, reason)
	return err
}

// settleTx is SettleTx, reporting whether the message was still queued.
func settleTx(ctx context.Context, tx pgx.Tx, jobs jobargs.Inserter, id uuid.UUID, status, providerID, reason string) (bool, error) {
	var convID uuid.UUID
	err := tx.QueryRow(ctx, `UPDATE messages SET status = $2, provider_message_id = coalesce(NULLIF($3, ''), provider_message_id),
		error = NULLIF($4, ''), updated_at = now()
		WHERE id = $1 AND status = 'queued' RETURNING conversation_id`, id, status, providerID, reason).Scan(&convID)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if err := emitStatus(ctx, tx, jobs, id, convID, "queued", status, reason); err != nil {
		return false, err
	}
	return true, live.Publish(ctx, tx, TopicMessage, id)
}
