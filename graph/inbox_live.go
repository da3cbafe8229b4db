package graph

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/switchboard/switchboard/graph/model"
	"github.com/switchboard/switchboard/internal/inbox"
	"github.com/switchboard/switchboard/internal/live"
)

// maxInboxBatch bounds how many queued live events one re-read covers.
const maxInboxBatch = 500

// inboxReader re-reads batches of live events for one inbox subscription:
// one tenant transaction per batch rather than queries per event, so that a
// subscriber keeps up with bursts of inbound messages. It keeps the tenant's
// channels between batches (they change rarely) and reloads them when an
// event names one it does not know, or after channelsMaxAge.
type inboxReader struct {
	r          *Resolver
	channels   map[uuid.UUID]inbox.Channel
	channelsAt time.Time
}

// channelsMaxAge bounds how stale a renamed channel may look in live events.
const channelsMaxAge = 30 * time.Second

// events turns a batch into subscription events. Events whose subject is
// gone or invisible to the subscriber are dropped.
func (ir *inboxReader) events(ctx context.Context, batch []live.Event) ([]*model.InboxEvent, error) {
	r := ir.r
	var msgIDs, convIDs []uuid.UUID
	for _, e := range batch {
		switch e.Topic {
		case inbox.TopicMessage:
			msgIDs = append(msgIDs, e.SubjectID)
		case inbox.TopicConversation:
			convIDs = append(convIDs, e.SubjectID)
		}
	}
	msgs, convs, err := r.Inbox.LiveRead(ctx, msgIDs, convIDs)
	if err != nil {
		return nil, err
	}
	convList := make([]inbox.Conversation, 0, len(convs))
	stale := ir.channels == nil || time.Since(ir.channelsAt) > channelsMaxAge
	for _, c := range convs {
		convList = append(convList, c)
		if _, ok := ir.channels[c.ChannelID]; !ok {
			stale = true
		}
	}
	if stale {
		if ir.channels, err = r.channelsByID(ctx); err != nil {
			return nil, err
		}
		ir.channelsAt = time.Now()
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
		ev.Conversation = r.toConversationWith(c, ir.channels[c.ChannelID], users)
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
