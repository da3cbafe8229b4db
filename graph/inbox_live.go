package graph

import (
	"context"

	"github.com/google/uuid"

	"github.com/switchboard/switchboard/graph/model"
	"github.com/switchboard/switchboard/internal/inbox"
)

// inboxEvent re-reads a live event's subject under the subscriber's tenant.
func (r *Resolver) inboxEvent(ctx context.Context, topic string, subject uuid.UUID) (*model.InboxEvent, error) {
	convID := subject
	ev := &model.InboxEvent{}
	if topic == inbox.TopicMessage {
		m, err := r.Inbox.GetMessage(ctx, subject)
		if err != nil {
			return nil, err
		}
		authors, err := r.messagesWithAuthors(ctx, []inbox.Message{m})
		if err != nil {
			return nil, err
		}
		ev.Message = toMessage(m, authors)
		convID = m.ConversationID
	}
	c, err := r.Inbox.GetConversation(ctx, convID)
	if err != nil {
		return nil, err
	}
	ev.Conversation, err = r.toConversation(ctx, c)
	return ev, err
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
