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

// drainBatch returns first and the events already queued behind it on sub,
// up to maxInboxBatch: a subscription re-reads a burst once.
func drainBatch(sub *live.Subscription, first live.Event) []live.Event {
	batch := []live.Event{first}
	for len(batch) < maxInboxBatch {
		select {
		case more, ok := <-sub.Events():
			if !ok {
				return batch
			}
			batch = append(batch, more)
		default:
			return batch
		}
	}
	return batch
}

// inboxReader re-reads batches of live events for one inbox subscription:
// one tenant transaction per batch rather than queries per event, so that a
// subscriber keeps up with bursts of inbound messages.
type inboxReader struct {
	r        *Resolver
	channels liveChannels
}

// channelsMaxAge bounds how stale a renamed channel may look in live events.
const channelsMaxAge = 30 * time.Second

// liveChannels keeps one subscription's copy of the tenant's channels between
// events (they change rarely), reloaded when an event names one it does not
// know, or after channelsMaxAge.
type liveChannels struct {
	byID map[uuid.UUID]inbox.Channel
	at   time.Time
}

// get returns the tenant's channels, reading them again if any of ids is
// not among them or the copy is too old.
func (lc *liveChannels) get(ctx context.Context, r *Resolver, ids ...uuid.UUID) (map[uuid.UUID]inbox.Channel, error) {
	stale := lc.byID == nil || time.Since(lc.at) > channelsMaxAge
	for _, id := range ids {
		if _, ok := lc.byID[id]; !ok {
			stale = true
		}
	}
	if stale {
		byID, err := r.channelsByID(ctx)
		if err != nil {
			return nil, err
		}
		lc.byID, lc.at = byID, time.Now()
	}
	return lc.byID, nil
}

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
	channelIDs := make([]uuid.UUID, 0, len(convs))
	for _, c := range convs {
		convList = append(convList, c)
		channelIDs = append(channelIDs, c.ChannelID)
	}
	channels, err := ir.channels.get(ctx, r, channelIDs...)
	if err != nil {
		return nil, err
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
