package graph

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/switchboard/switchboard/graph/model"
	"github.com/switchboard/switchboard/internal/chatswitch"
	"github.com/switchboard/switchboard/internal/inbox"
)

const typeChatSwitch = "ChatSwitch"

// toChatSwitches converts switches, reading the tenant's channels once.
func (r *Resolver) toChatSwitches(ctx context.Context, list []chatswitch.Switch) ([]*model.ChatSwitch, error) {
	channels, err := r.channelsByID(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*model.ChatSwitch, 0, len(list))
	now := time.Now()
	for _, sw := range list {
		out = append(out, r.toChatSwitch(sw, channels, now))
	}
	return out, nil
}

func (r *Resolver) toChatSwitch(sw chatswitch.Switch, channels map[uuid.UUID]inbox.Channel, now time.Time) *model.ChatSwitch {
	m := &model.ChatSwitch{
		ID:             globalID(typeChatSwitch, sw.ID),
		ConversationID: globalID(typeConversation, sw.ConversationID),
		FromChannel:    r.toChannel(channels[sw.FromChannelID]),
		ToChannel:      r.toChannel(channels[sw.ToChannelID]),
		ToKind:         model.ChannelKind(strings.ToUpper(string(sw.ToKind))),
		Initiator:      model.ChatSwitchInitiator(strings.ToUpper(string(sw.Initiator))),
		State:          model.ChatSwitchState(strings.ToUpper(string(sw.State))),
		WelcomeStatus:  strings.ToUpper(sw.WelcomeStatus),
		RevertDeadline: sw.RevertDeadline,
		Revertable:     sw.Revertable(now),
		CreatedAt:      sw.CreatedAt,
		ActivatedAt:    sw.ActivatedAt,
		FinishedAt:     sw.FinishedAt,
	}
	if sw.Address != "" {
		m.Address = &sw.Address
	}
	if sw.Failure != "" {
		m.Failure = &sw.Failure
	}
	if sw.WelcomeMessageID != nil {
		id := globalID(typeMessage, *sw.WelcomeMessageID)
		m.WelcomeMessageID = &id
	}
	return m
}

// switchEventType names what a switch's current state says happened.
func switchEventType(s chatswitch.State) (model.ChatSwitchEventType, bool) {
	switch s {
	case chatswitch.StatePending:
		return model.ChatSwitchEventTypeRequested, true
	case chatswitch.StateActive:
		return model.ChatSwitchEventTypeActivated, true
	case chatswitch.StateReverted:
		return model.ChatSwitchEventTypeReverted, true
	case chatswitch.StateFailed:
		return model.ChatSwitchEventTypeFailed, true
	}
	return "", false // ended: its successor's activation is the event
}

func kindOf(k model.ChannelKind) inbox.Kind { return inbox.Kind(strings.ToLower(string(k))) }

func (r *Resolver) chatSwitchPayload(ctx context.Context, sw chatswitch.Switch, err error) (*model.ChatSwitchPayload, error) {
	if err != nil {
		return nil, err
	}
	list, err := r.toChatSwitches(ctx, []chatswitch.Switch{sw})
	if err != nil {
		return nil, err
	}
	return &model.ChatSwitchPayload{ChatSwitch: list[0]}, nil
}

func toChatSwitchSettings(st chatswitch.Settings) *model.ChatSwitchSettings {
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	return &model.ChatSwitchSettings{DefaultCountry: opt(st.DefaultCountry), WhatsappTemplate: opt(st.WhatsAppTemplate), WhatsappLanguage: opt(st.WhatsAppLanguage)}
}
