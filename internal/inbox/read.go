package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/db"
)

// Contact is a customer of the tenant.
type Contact struct {
	ID         uuid.UUID
	Name       string
	Phone      string
	Email      string
	ExternalID string
}

// Conversation is a thread with one contact.
type Conversation struct {
	ID             uuid.UUID
	Contact        Contact
	ChannelID      uuid.UUID
	ChannelKind    Kind
	Status         string
	AssigneeID     *uuid.UUID
	UnreadCount    int
	LastInboundAt  *time.Time
	LastActivityAt time.Time
	CreatedAt      time.Time
}

// Message is one message of a conversation.
type Message struct {
	ID                uuid.UUID
	ConversationID    uuid.UUID
	ChannelID         uuid.UUID
	Direction         string
	Body              string
	Attachments       []Attachment
	Status            string
	Error             string
	ProviderMessageID string
	AuthorID          *uuid.UUID
	Template          *Template // set for WhatsApp template messages
	CreatedAt         time.Time
}

// Template is an approved WhatsApp message template and its parameters.
type Template struct {
	Name           string   `json:"name"`
	Language       string   `json:"language"`
	BodyParameters []string `json:"body_parameters,omitempty"`
}

const messageColumns = `id, conversation_id, channel_id, direction, body, attachments, status, coalesce(error, ''),
	coalesce(provider_message_id, ''), author_id, template, created_at`

func scanMessage(r pgx.Row) (Message, error) {
	var m Message
	var attachments, template []byte
	err := r.Scan(&m.ID, &m.ConversationID, &m.ChannelID, &m.Direction, &m.Body, &attachments, &m.Status, &m.Error,
		&m.ProviderMessageID, &m.AuthorID, &template, &m.CreatedAt)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(attachments, &m.Attachments); err != nil {
		return m, fmt.Errorf("decode attachments: %w", err)
	}
	if template != nil {
		m.Template = &Template{}
		if err := json.Unmarshal(template, m.Template); err != nil {
			return m, fmt.Errorf("decode template: %w", err)
		}
	}
	return m, nil
}

const conversationColumns = `c.id, ct.id, ct.name, coalesce(ct.phone, ''), coalesce(ct.email, ''), coalesce(ct.external_id, ''),
	c.channel_id, ch.kind, c.status, c.assignee_id, c.unread_count, c.last_inbound_at, c.last_activity_at, c.created_at`

const conversationFrom = ` FROM conversations c JOIN contacts ct ON ct.id = c.contact_id JOIN channels ch ON ch.id = c.channel_id`

func scanConversation(r pgx.Row) (Conversation, error) {
	var c Conversation
	err := r.Scan(&c.ID, &c.Contact.ID, &c.Contact.Name, &c.Contact.Phone, &c.Contact.Email, &c.Contact.ExternalID,
		&c.ChannelID, &c.ChannelKind, &c.Status, &c.AssigneeID, &c.UnreadCount, &c.LastInboundAt, &c.LastActivityAt, &c.CreatedAt)
	return c, err
}

// ConversationFilter narrows the inbox; zero values match everything.
type ConversationFilter struct {
	Status     string
	Kind       Kind
	AssigneeID *uuid.UUID
	UnreadOnly bool
}

// Conversations lists the tenant's conversations, most recently active first.
func (s *Service) Conversations(ctx context.Context, f ConversationFilter, limit int, after *db.Cursor) ([]Conversation, error) {
	var out []Conversation
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+conversationColumns+conversationFrom+`
			WHERE ($1 = '' OR c.status = $1) AND ($2 = '' OR ch.kind = $2) AND ($3::uuid IS NULL OR c.assignee_id = $3)
			  AND (NOT $4 OR c.unread_count > 0)
			  AND ($5::timestamptz IS NULL OR (c.last_activity_at, c.id) < ($5, $6))
			ORDER BY c.last_activity_at DESC, c.id DESC LIMIT $7`,
			f.Status, string(f.Kind), f.AssigneeID, f.UnreadOnly, after.TimeOrNil(), after.IDOrNil(), limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Conversation, error) { return scanConversation(r) })
		return err
	})
	return out, err
}

// GetConversation returns one conversation of the tenant.
func (s *Service) GetConversation(ctx context.Context, id uuid.UUID) (Conversation, error) {
	var c Conversation
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		c, err = scanConversation(tx.QueryRow(ctx, `SELECT `+conversationColumns+conversationFrom+` WHERE c.id = $1`, id))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// Messages lists a conversation's messages, newest first.
func (s *Service) Messages(ctx context.Context, conversationID uuid.UUID, limit int, before *db.Cursor) ([]Message, error) {
	var out []Message
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+messageColumns+` FROM messages WHERE conversation_id = $1
			AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3))
			ORDER BY created_at DESC, id DESC LIMIT $4`, conversationID, before.TimeOrNil(), before.IDOrNil(), limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Message, error) { return scanMessage(r) })
		return err
	})
	return out, err
}

// GetMessage returns one message of the tenant.
func (s *Service) GetMessage(ctx context.Context, id uuid.UUID) (Message, error) {
	var m Message
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		m, err = scanMessage(tx.QueryRow(ctx, `SELECT `+messageColumns+` FROM messages WHERE id = $1`, id))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return m, ErrNotFound
	}
	return m, err
}

// LiveRead re-reads, in one transaction, what a batch of live events is
// about: the messages among msgIDs and the conversations among convIDs or of
// those messages. A live subscriber calls it once per batch of events.
func (s *Service) LiveRead(ctx context.Context, msgIDs, convIDs []uuid.UUID) (map[uuid.UUID]Message, map[uuid.UUID]Conversation, error) {
	msgs, convs := map[uuid.UUID]Message{}, map[uuid.UUID]Conversation{}
	if len(msgIDs) == 0 && len(convIDs) == 0 {
		return msgs, convs, nil
	}
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		if len(msgIDs) > 0 {
			rows, err := tx.Query(ctx, `SELECT `+messageColumns+` FROM messages WHERE id = ANY($1)`, msgIDs)
			if err != nil {
				return err
			}
			list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Message, error) { return scanMessage(r) })
			if err != nil {
				return err
			}
			for _, m := range list {
				msgs[m.ID] = m
				convIDs = append(convIDs, m.ConversationID)
			}
		}
		rows, err := tx.Query(ctx, `SELECT `+conversationColumns+conversationFrom+` WHERE c.id = ANY($1)`, convIDs)
		if err != nil {
			return err
		}
		list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Conversation, error) { return scanConversation(r) })
		for _, c := range list {
			convs[c.ID] = c
		}
		return err
	})
	return msgs, convs, err
}
