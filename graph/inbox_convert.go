package graph

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/switchboard/switchboard/graph/model"
	"github.com/switchboard/switchboard/internal/account"
	"github.com/switchboard/switchboard/internal/inbox"
)

func (r *Resolver) toChannel(c inbox.Channel) *model.Channel {
	out := &model.Channel{ID: globalID(typeChannel, c.ID), Kind: model.ChannelKind(strings.ToUpper(string(c.Kind))),
		Name: c.Name, Enabled: c.Enabled, CreatedAt: c.CreatedAt}
	if c.Address != "" {
		out.Address = &c.Address
	}
	if c.Kind != inbox.KindWebChat {
		u := r.Inbox.WebhookURL(c)
		out.WebhookURL = &u
	}
	return out
}

func toContact(c inbox.Contact) *model.Contact {
	out := &model.Contact{ID: globalID(typeContact, c.ID), Name: c.Name}
	for dst, v := range map[**string]string{&out.Phone: c.Phone, &out.Email: c.Email, &out.ExternalID: c.ExternalID} {
		if v != "" {
			*dst = &v
		}
	}
	return out
}

func (r *Resolver) toConversation(ctx context.Context, c inbox.Conversation) (*model.Conversation, error) {
	convs, err := r.toConversations(ctx, []inbox.Conversation{c})
	if err != nil {
		return nil, err
	}
	return convs[0], nil
}

// toConversations converts a page or batch, loading channels and assignees
// once for all of them.
func (r *Resolver) toConversations(ctx context.Context, cs []inbox.Conversation) ([]*model.Conversation, error) {
	channels, err := r.channelsByID(ctx)
	if err != nil {
		return nil, err
	}
	users, err := r.assignees(ctx, cs)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Conversation, len(cs))
	for i, c := range cs {
		out[i] = r.toConversationWith(c, channels[c.ChannelID], users)
	}
	return out, nil
}

func (r *Resolver) assignees(ctx context.Context, cs []inbox.Conversation) (map[uuid.UUID]account.User, error) {
	var ids []uuid.UUID
	for _, c := range cs {
		if c.AssigneeID != nil {
			ids = append(ids, *c.AssigneeID)
		}
	}
	return r.Account.GetUsers(ctx, ids...)
}

// toConversationWith converts a conversation whose channel and assignee are known.
func (r *Resolver) toConversationWith(c inbox.Conversation, ch inbox.Channel, users map[uuid.UUID]account.User) *model.Conversation {
	out := &model.Conversation{ID: globalID(typeConversation, c.ID), Contact: toContact(c.Contact), Channel: r.toChannel(ch),
		Status: model.ConversationStatus(strings.ToUpper(c.Status)), UnreadCount: int32(min(c.UnreadCount, 1<<31-1)), //nolint:gosec // G115: clamped
		LastActivityAt: c.LastActivityAt}
	if c.ChannelKind == inbox.KindWhatsApp && c.LastInboundAt != nil {
		closes := c.LastInboundAt.Add(24 * time.Hour)
		out.ReplyWindowClosesAt = &closes
	}
	if c.AssigneeID != nil {
		if u, ok := users[*c.AssigneeID]; ok {
			out.Assignee = toUser(u)
		}
	}
	return out
}

func toMessage(m inbox.Message, authors map[uuid.UUID]account.User) *model.Message {
	out := &model.Message{ID: globalID(typeMessage, m.ID), Direction: model.MessageDirection(strings.ToUpper(m.Direction)),
		Body: m.Body, Status: model.MessageStatus(strings.ToUpper(m.Status)), CreatedAt: m.CreatedAt, Attachments: []*model.Attachment{}}
	if m.Error != "" {
		out.Error = &m.Error
	}
	if m.AuthorID != nil {
		if u, ok := authors[*m.AuthorID]; ok {
			out.Author = toUser(u)
		}
	}
	for _, a := range m.Attachments {
		att := &model.Attachment{}
		for dst, v := range map[**string]string{&att.URL: a.URL, &att.ContentType: a.ContentType, &att.Caption: a.Caption} {
			if v != "" {
				*dst = &v
			}
		}
		out.Attachments = append(out.Attachments, att)
	}
	return out
}

// messagesWithAuthors converts a page of messages, loading their authors in one query.
func (r *Resolver) messagesWithAuthors(ctx context.Context, msgs []inbox.Message) (map[uuid.UUID]account.User, error) {
	var ids []uuid.UUID
	for _, m := range msgs {
		if m.AuthorID != nil {
			ids = append(ids, *m.AuthorID)
		}
	}
	return r.Account.GetUsers(ctx, ids...)
}

func toWebChatSetup(w inbox.WebChatSetup) *model.WebChatSetup {
	origins := w.Settings.AllowedOrigins
	if origins == nil {
		origins = []string{}
	}
	return &model.WebChatSetup{PublicKey: w.PublicKey, Snippet: w.Snippet, Offline: w.Settings.Offline, AllowedOrigins: origins}
}

func toWhatsAppTemplate(t inbox.WhatsAppTemplate) *model.WhatsAppTemplate {
	return &model.WhatsAppTemplate{ID: globalID(typeWhatsAppTemplate, t.ID), Name: t.Name, Language: t.Language, Body: t.Body,
		ParameterCount: int32(t.Parameters), CreatedAt: t.CreatedAt} //nolint:gosec // G115: at most 20
}
