package chatswitch

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/internal/inbox"
	"github.com/switchboard/switchboard/internal/live"
	"github.com/switchboard/switchboard/tenants"
)

func agent(ctx context.Context) bool {
	a, ok := tenants.FromContext(ctx)
	return ok && a.Can(tenants.RoleAgent)
}

// Request moves an open conversation to another channel on an agent's
// behalf. Phone may be empty to use the number the conversation has. The
// switch comes back active, or failed with the provider's reason; an
// error means nothing was sent.
func (s *Service) Request(ctx context.Context, conversationID uuid.UUID, to inbox.Kind, phone string) (Switch, error) {
	if !agent(ctx) {
		return Switch{}, ErrNotFound
	}
	return s.start(ctx, startParams{ConversationID: conversationID, To: to, Phone: phone, Initiator: InitiatorOperator})
}

// Reconnect reopens an ended conversation or an offline lead on SMS or
// WhatsApp by sending it a message at the contact's number. A failed send
// leaves the conversation as it was and the switch failed with the reason.
func (s *Service) Reconnect(ctx context.Context, conversationID uuid.UUID, to inbox.Kind) (Switch, error) {
	if !agent(ctx) {
		return Switch{}, ErrNotFound
	}
	if to != inbox.KindSMS && to != inbox.KindWhatsApp {
		return Switch{}, inputErr("to", "a conversation is reconnected by SMS or WhatsApp")
	}
	return s.start(ctx, startParams{ConversationID: conversationID, To: to, Initiator: InitiatorReconnect})
}

// Revert undoes an active switch before its deadline (AGENT).
func (s *Service) Revert(ctx context.Context, switchID uuid.UUID) (Switch, error) {
	if !agent(ctx) {
		return Switch{}, ErrNotFound
	}
	return s.revert(ctx, switchID, nil)
}

// SendVisitorAction asks the visitor of a web chat conversation to continue
// on SMS or WhatsApp: the widget opens its phone field, prefilled with the
// number the contact has. The visitor confirms; the rest is a visitor switch.
func (s *Service) SendVisitorAction(ctx context.Context, conversationID uuid.UUID, to inbox.Kind) error {
	if !agent(ctx) {
		return ErrNotFound
	}
	if to != inbox.KindSMS && to != inbox.KindWhatsApp {
		return inputErr("to", "the visitor can be asked to continue on SMS or WhatsApp")
	}
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		c, err := lockConversation(ctx, tx, conversationID)
		if err != nil {
			return err
		}
		if c.Kind != inbox.KindWebChat || c.Status == "closed" {
			return inputErr("conversationId", "only a visitor in an open web chat can be asked to switch")
		}
		if _, ok, err := tenantChannel(ctx, tx, to); err != nil || !ok {
			if err != nil {
				return err
			}
			return inputErr("to", "no %s channel is configured", kindNames[to])
		}
		if _, err := tx.Exec(ctx, `UPDATE conversations SET switch_prompt = $2, switch_prompt_at = $3 WHERE id = $1`,
			conversationID, to, s.now()); err != nil {
			return err
		}
		return live.Publish(ctx, tx, TopicPrompt, conversationID)
	})
	if err == nil {
		s.wake()
	}
	return err
}

// History returns a conversation's switches, oldest first (AGENT).
func (s *Service) History(ctx context.Context, conversationID uuid.UUID) ([]Switch, error) {
	if !agent(ctx) {
		return nil, ErrNotFound
	}
	var out []Switch
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+switchColumns+` FROM chat_switches WHERE conversation_id = $1 ORDER BY created_at, id`, conversationID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Switch, error) { return scanSwitch(r) })
		return err
	})
	return out, err
}

// ByIDs re-reads switches under the caller's tenant (live events carry ids
// only); absent or foreign ids are left out.
func (s *Service) ByIDs(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]Switch, error) {
	out := make(map[uuid.UUID]Switch, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	if !agent(ctx) {
		return out, nil
	}
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+switchColumns+` FROM chat_switches WHERE id = ANY($1)`, ids)
		if err != nil {
			return err
		}
		list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Switch, error) { return scanSwitch(r) })
		for _, sw := range list {
			out[sw.ID] = sw
		}
		return err
	})
	return out, err
}

// Reconnectable says by which kinds an agent may reconnect a conversation:
// it is closed or a pending lead, it has a number, and the tenant has the
// channel. Empty means the action is not offered.
func (s *Service) Reconnectable(ctx context.Context, conversationID uuid.UUID) ([]inbox.Kind, error) {
	if !agent(ctx) {
		return nil, ErrNotFound
	}
	var out []inbox.Kind
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var status, phone string
		err := tx.QueryRow(ctx, `SELECT c.status, coalesce(c.switch_address, ct.phone,
				(SELECT v.lead_phone FROM webchat_visitors v WHERE v.contact_id = c.contact_id), '')
			FROM conversations c JOIN contacts ct ON ct.id = c.contact_id WHERE c.id = $1`, conversationID).Scan(&status, &phone)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if status == "open" || phone == "" {
			return nil
		}
		out, err = phoneKinds(ctx, tx)
		return err
	})
	return out, err
}
