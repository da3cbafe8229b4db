package graph

import (
	"context"

	"github.com/google/uuid"

	"github.com/switchboard/switchboard/graph/model"
	"github.com/switchboard/switchboard/internal/inbox"
	"github.com/switchboard/switchboard/internal/live"
)

// maxInboxBatch bounds how many queued live events one re-read covers.
const maxInboxBatch = 500

// inboxEvents re-reads a batch of live events under the subscriber's tenant:
// a few queries per batch rather than per event, so that a subscriber keeps up
// with bursts of inbound messages. Events whose subject is gone or invisible
// to the subscriber are dropped.
func (r *Resolver) inboxEvents(ctx context.Context, batch []live.Event) ([]*model.InboxEvent, error) {
	var msgIDs, convIDs []uuid.UUID
	for _, e := range batch {
		switch e.Topic {
		case inbox.TopicMessage:
			msgIDs = append(msgIDs, e.SubjectID)
		case inbox.TopicConversation:
			convIDs = append(convIDs, e.SubjectID)
		}
	}
	msgs, err := r.Inbox.MessagesByID(ctx, msgIDs)
	if err != nil {
		return nil, err
	}
	for _, m := range msgs {
		convIDs = append(convIDs, m.ConversationID)
	}
	convs, err := r.Inbox.ConversationsByID(ctx, convIDs)
	if err != nil {
		return nil, err
	}
	channels, err := r.channelsByID(ctx)
	if err != nil {
		return nil, err
	}
	convList := make([]inbox.Conversation, 0, len(convs))
	for _, c := range convs {
		convList = append(convList, c)
	}
	users, err := r.assignees(ctx, convList)
	if err != nil {
		return nil, err
	}
	list := make([]inbox.Message, 0, len(msgs))
	for _, m := range msgs {
		list = append(list, m)
	}
	authors, err := r.messagesWithAuthors(ctx, list)
	if err != nil {
		return nil, err
	}
	out := make([]*model.InboxEvent, 0, len(batch))
	for _, e := range batch {
		convID := e.SubjectID
		ev := &model.InboxEvent{}
		if e.Topic == inbox.TopicMessage {
			m, ok := msgs[e.SubjectID]
			if !ok {
				continue
			}
			ev.Message = toMessage(m, authors)
			convID = m.ConversationID
		}
		c, ok := convs[convID]
		if !ok {
			continue
		}
		ev.Conversation = r.toConversationWith(c, channels[c.ChannelID], users)
		out = append(out, ev)
	}
	return out, nil
}

func (r *Resolver) channelsByID(ctx context.Context) (map[uuid.UUID]inbox.Channel, error) {
	chs, err := r.Inbox.Channels(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[uuid.UUID]inbox.Channel, len(chs))
	for _, c := range chs {
		out[c.ID] = c
	}
	return out, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
