package graph

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/switchboard/switchboard/graph/model"
	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/internal/call"
)

const (
	typeCall    = "Call"
	typeCallLeg = "CallLeg"
)

func toCallStatus(s voice.Status) model.CallStatus {
	return model.CallStatus(strings.ToUpper(strings.ReplaceAll(string(s), "-", "_")))
}

func fromCallStatus(s model.CallStatus) voice.Status {
	return voice.Status(strings.ToLower(strings.ReplaceAll(string(s), "_", "-")))
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optInt32(p *int) *int32 {
	if p == nil {
		return nil
	}
	v := int32(min(*p, 1<<31-1)) //nolint:gosec // G115: clamped
	return &v
}

// toCall converts a call; the agent is filled with its id only (the agent
// resolver loads the user), and the recording link is minted for the caller.
func (r *Resolver) toCall(ctx context.Context, c call.Call) (*model.Call, error) {
	out := &model.Call{ID: globalID(typeCall, c.ID), Direction: model.CallDirection(strings.ToUpper(c.Direction)),
		Status: toCallStatus(c.Status), AgentNumber: c.AgentNumber, CustomerNumber: c.CustomerNumber, CallerID: c.CallerID,
		EndReason: optString(c.EndReason), CreatedAt: c.CreatedAt, AnsweredAt: c.AnsweredAt, EndedAt: c.EndedAt,
		DurationSeconds: optInt32(c.DurationSeconds), BillableSeconds: optInt32(c.BillableSeconds), RecordingSeconds: c.RecordingSeconds,
		StatusCallbackURL: optString(c.CallbackURL)}
	if c.ContactID != nil {
		out.Contact = &model.Contact{ID: globalID(typeContact, *c.ContactID), Name: c.ContactName, Phone: optString(c.ContactPhone)}
	}
	if c.ConversationID != nil {
		id := globalID(typeConversation, *c.ConversationID)
		out.ConversationID = &id
	}
	if c.AgentID != nil {
		out.Agent = &model.User{ID: globalID(typeUser, *c.AgentID)}
	}
	link, err := r.Calls.RecordingURL(ctx, c)
	if err != nil {
		return nil, err
	}
	out.RecordingURL = optString(link)
	return out, nil
}

func toCallLeg(l call.Leg) *model.CallLeg {
	return &model.CallLeg{ID: globalID(typeCallLeg, l.ID), Role: model.CallLegRole(strings.ToUpper(l.Role)), Number: l.Number,
		Status: toCallStatus(l.Status), AnsweredAt: l.AnsweredAt, EndedAt: l.EndedAt, EndReason: optString(l.EndReason)}
}

func toCallEvent(e call.Event) *model.CallEvent {
	out := &model.CallEvent{Kind: e.Kind, Detail: e.Detail, At: e.At}
	if e.Role != "" {
		role := model.CallLegRole(strings.ToUpper(e.Role))
		out.Role = &role
	}
	if e.Status != "" {
		st := toCallStatus(voice.Status(e.Status))
		out.Status = &st
	}
	return out
}

// callByGlobalID reads one call by its global id.
func (r *Resolver) callByGlobalID(ctx context.Context, id string) (uuid.UUID, call.Call, error) {
	uid, err := idOf(typeCall, id)
	if err != nil {
		return uuid.Nil, call.Call{}, err
	}
	c, err := r.Calls.Get(ctx, uid)
	return uid, c, err
}

// uniqueIDs keeps the first of each id, in order.
func uniqueIDs(ids []uuid.UUID) []uuid.UUID {
	seen := make(map[uuid.UUID]bool, len(ids))
	out := ids[:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
