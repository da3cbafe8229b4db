package chatswitch

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/internal/inbox"
)

// ErrNoConversation: the visitor has not chatted yet, or their chat is closed.
var ErrNoConversation = inputErr("to", "start the chat first: there is no open conversation to move")

// visitorConversation is the visitor's open conversation on the channel.
func visitorConversation(ctx context.Context, tx pgx.Tx, channelID, visitorID uuid.UUID) (uuid.UUID, error) {
	var id uuid.UUID
	err := tx.QueryRow(ctx, `SELECT c.id FROM webchat_visitors v JOIN conversations c ON c.contact_id = v.contact_id
		WHERE v.id = $1 AND v.channel_id = $2 AND c.status <> 'closed' ORDER BY c.last_activity_at DESC, c.id DESC LIMIT 1`,
		visitorID, channelID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return uuid.Nil, ErrNoConversation
	}
	return id, err
}

// RequestForVisitor starts a switch the visitor asked for in the widget. ctx
// acts for the channel's tenant (the widget's socket).
func (s *Service) RequestForVisitor(ctx context.Context, channelID, visitorID uuid.UUID, to inbox.Kind, phone string) (Switch, error) {
	if to != inbox.KindSMS && to != inbox.KindWhatsApp {
		return Switch{}, inputErr("to", "is sms or whatsapp")
	}
	var convID uuid.UUID
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		convID, err = visitorConversation(ctx, tx, channelID, visitorID)
		return err
	})
	if err != nil {
		return Switch{}, err
	}
	return s.start(ctx, startParams{ConversationID: convID, To: to, Phone: phone, Initiator: InitiatorVisitor})
}

// RevertForVisitor reverts a switch of the visitor's own conversation.
func (s *Service) RevertForVisitor(ctx context.Context, channelID, visitorID, switchID uuid.UUID) (Switch, error) {
	var mine uuid.UUID
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		mine, err = visitorConversation(ctx, tx, channelID, visitorID)
		return err
	})
	if errors.Is(err, ErrNoConversation) {
		return Switch{}, ErrNotFound
	}
	if err != nil {
		return Switch{}, err
	}
	return s.revert(ctx, switchID, func(convID uuid.UUID) bool { return convID == mine })
}

// CancelPromptForVisitor drops an agent's pending visitor action command: the
// visitor pressed cancel on the phone field.
func (s *Service) CancelPromptForVisitor(ctx context.Context, channelID, visitorID uuid.UUID) error {
	return s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		convID, err := visitorConversation(ctx, tx, channelID, visitorID)
		if errors.Is(err, ErrNoConversation) {
			return nil
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE conversations SET switch_prompt = NULL, switch_prompt_at = NULL WHERE id = $1`, convID)
		return err
	})
}

// Prompt is an agent's visitor action command waiting for the widget.
type Prompt struct {
	To    inbox.Kind
	Phone string // the number the contact has, to prefill
}

// VisitorState is what the widget needs to offer and show switching.
type VisitorState struct {
	Targets []inbox.Kind // the kinds the visitor may continue on: the tenant's configured SMS and WhatsApp
	Latest  *Switch      // the conversation's newest switch, if any
	Prompt  *Prompt
}

// VisitorState reads the visitor's switching state on the channel.
func (s *Service) VisitorState(ctx context.Context, channelID, visitorID uuid.UUID) (VisitorState, error) {
	var st VisitorState
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		if st.Targets, err = phoneKinds(ctx, tx); err != nil {
			return err
		}
		convID, err := visitorConversation(ctx, tx, channelID, visitorID)
		if errors.Is(err, ErrNoConversation) {
			return nil
		}
		if err != nil {
			return err
		}
		return s.conversationState(ctx, tx, convID, &st)
	})
	return st, err
}

func (s *Service) conversationState(ctx context.Context, tx pgx.Tx, convID uuid.UUID, st *VisitorState) error {
	sw, err := scanSwitch(tx.QueryRow(ctx, `SELECT `+switchColumns+` FROM chat_switches WHERE conversation_id = $1
		ORDER BY created_at DESC, id DESC LIMIT 1`, convID))
	switch {
	case err == nil:
		st.Latest = &sw
	case !errors.Is(err, pgx.ErrNoRows):
		return err
	}
	var prompt *string
	var promptAt *time.Time
	var phone string
	if err := tx.QueryRow(ctx, `SELECT c.switch_prompt, c.switch_prompt_at, coalesce(c.switch_address, ct.phone,
			(SELECT v.lead_phone FROM webchat_visitors v WHERE v.contact_id = c.contact_id), '')
		FROM conversations c JOIN contacts ct ON ct.id = c.contact_id WHERE c.id = $1`, convID).Scan(&prompt, &promptAt, &phone); err != nil {
		return err
	}
	if prompt != nil && promptAt != nil && s.now().Sub(*promptAt) < PromptTTL {
		st.Prompt = &Prompt{To: inbox.Kind(*prompt), Phone: phone}
	}
	return nil
}

// VisitorsOfEvent says which visitors of a web chat channel a switch or
// prompt event concerns (the visitor whose contact the conversation is), with
// the conversation's state for them.
func (s *Service) VisitorsOfEvent(ctx context.Context, channelID uuid.UUID, topic string, subjectID uuid.UUID) ([]uuid.UUID, VisitorState, error) {
	var visitors []uuid.UUID
	var st VisitorState
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		convID := subjectID
		if topic == TopicSwitch {
			if err := tx.QueryRow(ctx, `SELECT conversation_id FROM chat_switches WHERE id = $1`, subjectID).Scan(&convID); err != nil {
				return err
			}
		}
		rows, err := tx.Query(ctx, `SELECT v.id FROM conversations c JOIN webchat_visitors v ON v.contact_id = c.contact_id
			WHERE c.id = $1 AND v.channel_id = $2`, convID, channelID)
		if err != nil {
			return err
		}
		if visitors, err = pgx.CollectRows(rows, pgx.RowTo[uuid.UUID]); err != nil || len(visitors) == 0 {
			return err
		}
		// The push replaces the widget's whole switching state, targets
		// included: without them it would hide the switch bar.
		if st.Targets, err = phoneKinds(ctx, tx); err != nil {
			return err
		}
		return s.conversationState(ctx, tx, convID, &st)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, st, nil
	}
	return visitors, st, err
}
