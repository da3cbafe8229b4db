package chatswitch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/switchboard/switchboard/internal/inbox"
	"github.com/switchboard/switchboard/internal/live"
	"github.com/switchboard/switchboard/internal/problem"
)

// Widget is the chat switch's part of the web chat socket
// (inbox.VisitorExtension). Frames, JSON text, from the visitor:
//
//	{"type":"switch","to":"sms"|"whatsapp","phone":"…"}   continue on that channel at that number
//	{"type":"switch_revert","switchId":"…"}                 undo an active switch before its deadline
//	{"type":"switch_cancel"}                                the visitor closed the phone field an agent opened
//
// From the server, answering those and pushed on every change:
//
//	{"type":"switch","targets":["sms","whatsapp"],"latest":{…}|null,"prompt":{"to","phone"}|null}
//
// where latest is {"id","to","state","address","failure"?,"revertDeadline"?,"revertSeconds"?}.
// hello carries the same object as its "switch" field. A refused frame
// is answered with {"type":"error","code":"invalid","field","message"}.
type Widget struct {
	S *Service
}

var _ inbox.VisitorExtension = Widget{}

// Frame types.
const (
	frameSwitch       = "switch"
	frameSwitchRevert = "switch_revert"
	frameSwitchCancel = "switch_cancel"
)

// visitorFrame is one chat switch frame from a visitor, decoded and checked.
type visitorFrame struct {
	Type     string
	To       inbox.Kind
	Phone    string
	SwitchID uuid.UUID
}

// errUnknownFrame: not a chat switch frame; the inbox answers unknown_type.
var errUnknownFrame = errors.New("not a chat switch frame")

// decodeFrame parses a frame the inbox did not know. Unknown fields are
// ignored; bad values are refused with the field they are about.
func decodeFrame(data []byte) (visitorFrame, error) {
	var raw struct {
		Type     string `json:"type"`
		To       string `json:"to"`
		Phone    string `json:"phone"`
		SwitchID string `json:"switchId"`
	}
	if len(data) == 0 || data[0] != '{' || json.Unmarshal(data, &raw) != nil {
		return visitorFrame{}, errUnknownFrame
	}
	f := visitorFrame{Type: raw.Type}
	switch raw.Type {
	case frameSwitch:
		switch inbox.Kind(raw.To) {
		case inbox.KindSMS, inbox.KindWhatsApp:
			f.To = inbox.Kind(raw.To)
		default:
			return f, inputErr("to", "is sms or whatsapp")
		}
		f.Phone = strings.TrimSpace(raw.Phone)
		if f.Phone == "" || len(f.Phone) > 32 {
			return f, inputErr("phone", "is required: your mobile number")
		}
	case frameSwitchRevert:
		id, err := uuid.Parse(raw.SwitchID)
		if err != nil || len(raw.SwitchID) != 36 {
			return f, inputErr("switchId", "is not a switch id")
		}
		f.SwitchID = id
	case frameSwitchCancel:
	default:
		return f, errUnknownFrame
	}
	return f, nil
}

// Topics implements inbox.VisitorExtension.
func (Widget) Topics() []string { return []string{TopicSwitch, TopicPrompt} }

// Hello implements inbox.VisitorExtension.
func (w Widget) Hello(ctx context.Context, v inbox.VisitorRef) (any, error) {
	st, err := w.S.VisitorState(ctx, v.ChannelID, v.VisitorID)
	if err != nil {
		return nil, err
	}
	return w.S.stateFrame(st), nil
}

// Frame implements inbox.VisitorExtension.
func (w Widget) Frame(ctx context.Context, v inbox.VisitorRef, data []byte) (any, bool) {
	f, err := decodeFrame(data)
	if errors.Is(err, errUnknownFrame) {
		return nil, false
	}
	if err == nil {
		switch f.Type {
		case frameSwitch:
			_, err = w.S.RequestForVisitor(ctx, v.ChannelID, v.VisitorID, f.To, f.Phone)
		case frameSwitchRevert:
			_, err = w.S.RevertForVisitor(ctx, v.ChannelID, v.VisitorID, f.SwitchID)
		case frameSwitchCancel:
			err = w.S.CancelPromptForVisitor(ctx, v.ChannelID, v.VisitorID)
		}
	}
	if err != nil {
		return w.S.errorFrame(ctx, err), true
	}
	st, err := w.S.VisitorState(ctx, v.ChannelID, v.VisitorID)
	if err != nil {
		return w.S.errorFrame(ctx, err), true
	}
	return w.S.stateFrame(st), true
}

// Event implements inbox.VisitorExtension.
func (w Widget) Event(ctx context.Context, channelID uuid.UUID, ev live.Event) ([]uuid.UUID, any, error) {
	visitors, st, err := w.S.VisitorsOfEvent(ctx, channelID, ev.Topic, ev.SubjectID)
	if err != nil || len(visitors) == 0 {
		return nil, nil, err
	}
	return visitors, w.S.stateFrame(st), nil
}

// Resume implements inbox.VisitorExtension.
func (w Widget) Resume(ctx context.Context, channelID uuid.UUID, visitorKey []byte, token string) (uuid.UUID, error) {
	id, err := w.S.Resume(ctx, channelID, visitorKey, token)
	if errors.Is(err, ErrBadLink) {
		return uuid.Nil, fmt.Errorf("%w: %w", inbox.ErrBadVisitorToken, err)
	}
	return id, err
}

type switchJSON struct {
	ID             uuid.UUID  `json:"id"`
	To             inbox.Kind `json:"to"`
	State          State      `json:"state"`
	Address        string     `json:"address,omitempty"`
	Failure        string     `json:"failure,omitempty"`
	RevertDeadline *time.Time `json:"revertDeadline,omitempty"`
	// RevertSeconds is what is left of the revert window by the server's
	// clock, so that a visitor's wrong clock cannot hide or stretch it.
	RevertSeconds float64 `json:"revertSeconds,omitempty"`
}

type promptJSON struct {
	To    inbox.Kind `json:"to"`
	Phone string     `json:"phone"`
}

type stateFrame struct {
	Type    string       `json:"type"`
	Targets []inbox.Kind `json:"targets"`
	Latest  *switchJSON  `json:"latest"`
	Prompt  *promptJSON  `json:"prompt"`
}

func (s *Service) stateFrame(st VisitorState) stateFrame {
	f := stateFrame{Type: frameSwitch, Targets: st.Targets}
	if f.Targets == nil {
		f.Targets = []inbox.Kind{}
	}
	if sw := st.Latest; sw != nil {
		j := &switchJSON{ID: sw.ID, To: sw.ToKind, State: sw.State, Address: sw.Address, Failure: sw.Failure}
		if now := s.now(); sw.Revertable(now) {
			j.RevertDeadline = sw.RevertDeadline
			j.RevertSeconds = sw.RevertDeadline.Sub(now).Seconds()
		}
		f.Latest = j
	}
	if p := st.Prompt; p != nil {
		f.Prompt = &promptJSON{To: p.To, Phone: p.Phone}
	}
	return f
}

type errorFrame struct {
	Type    string `json:"type"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// errorFrame says what the visitor can act on; anything else is logged and
// answered generically.
func (s *Service) errorFrame(ctx context.Context, err error) errorFrame {
	var in *problem.InputError
	switch {
	case errors.As(err, &in):
		return errorFrame{Type: "error", Code: "invalid", Field: in.Field, Message: in.Message}
	case errors.Is(err, ErrNotFound):
		return errorFrame{Type: "error", Code: "invalid", Field: "switchId", Message: "no such switch"}
	}
	s.logger().ErrorContext(ctx, "chat switch: visitor frame", slog.Any("error", err))
	return errorFrame{Type: "error", Code: "internal", Message: "the switch did not go through: try again"}
}
