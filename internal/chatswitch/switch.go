package chatswitch

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/internal/inbox"
	"github.com/switchboard/switchboard/internal/live"
	"github.com/switchboard/switchboard/internal/webhook"
	"github.com/switchboard/switchboard/tenants"
)

// sendTimeout bounds the welcome send and its settling; they run detached
// from the caller's context, so that a closed browser tab cannot leave a
// switch pending after the provider accepted its welcome.
const sendTimeout = 45 * time.Second

// startParams are the inputs of every way to start a switch.
type startParams struct {
	ConversationID uuid.UUID
	To             inbox.Kind
	Phone          string // as typed; empty: the number the conversation or contact has
	Initiator      Initiator
}

// convRow is the locked conversation a switch starts from.
type convRow struct {
	ChannelID     uuid.UUID
	Kind          inbox.Kind
	Status        string
	ContactID     uuid.UUID
	ContactPhone  string
	SwitchAddress string
	LeadPhone     string
}

func lockConversation(ctx context.Context, tx pgx.Tx, id uuid.UUID) (convRow, error) {
	var c convRow
	if err := inbox.LockConversation(ctx, tx, id); err != nil {
		return c, err
	}
	err := tx.QueryRow(ctx, `SELECT c.channel_id, ch.kind, c.status, c.contact_id, coalesce(ct.phone, ''), coalesce(c.switch_address, ''),
			coalesce((SELECT v.lead_phone FROM webchat_visitors v WHERE v.contact_id = c.contact_id), '')
		FROM conversations c JOIN channels ch ON ch.id = c.channel_id JOIN contacts ct ON ct.id = c.contact_id
		WHERE c.id = $1`, id).Scan(&c.ChannelID, &c.Kind, &c.Status, &c.ContactID, &c.ContactPhone, &c.SwitchAddress, &c.LeadPhone)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// address is where the conversation's phone channel sends now.
func (c convRow) address() string {
	if c.SwitchAddress != "" {
		return c.SwitchAddress
	}
	return c.ContactPhone
}

// knownPhone is the best number the conversation has for a phone channel.
func (c convRow) knownPhone() string {
	if a := c.address(); a != "" {
		return a
	}
	return c.LeadPhone
}

// tenantChannel is the tenant's channel of a kind switches use: the oldest
// enabled one.
func tenantChannel(ctx context.Context, tx pgx.Tx, kind inbox.Kind) (uuid.UUID, bool, error) {
	var id uuid.UUID
	err := tx.QueryRow(ctx, `SELECT id FROM channels WHERE kind = $1 AND enabled ORDER BY created_at, id LIMIT 1`, kind).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return uuid.Nil, false, nil
	}
	return id, err == nil, err
}

// phoneKinds lists the kinds besides the web a conversation can be moved to
// or reconnected by, SMS then WhatsApp, that the tenant has an enabled
// channel of.
func phoneKinds(ctx context.Context, tx pgx.Tx) ([]inbox.Kind, error) {
	var sms, whatsApp bool
	if err := tx.QueryRow(ctx, `SELECT coalesce(bool_or(kind = $1), false), coalesce(bool_or(kind = $2), false) FROM channels WHERE enabled`,
		inbox.KindSMS, inbox.KindWhatsApp).Scan(&sms, &whatsApp); err != nil {
		return nil, fmt.Errorf("find phone channels: %w", err)
	}
	var out []inbox.Kind
	if sms {
		out = append(out, inbox.KindSMS)
	}
	if whatsApp {
		out = append(out, inbox.KindWhatsApp)
	}
	return out, nil
}

var kindNames = map[inbox.Kind]string{inbox.KindSMS: "SMS", inbox.KindWhatsApp: "WhatsApp", inbox.KindWebChat: "web chat"}

// start runs a switch: step 1 in a transaction, the welcome send outside,
// then activation or failure in a second transaction (see doc.go).
func (s *Service) start(ctx context.Context, p startParams) (Switch, error) {
	if _, ok := kindNames[p.To]; !ok {
		return Switch{}, inputErr("to", "is SMS, WHATSAPP or WEBCHAT")
	}
	a, _ := tenants.FromContext(ctx)
	var sw Switch
	var welcome inbox.Message
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		c, err := lockConversation(ctx, tx, p.ConversationID)
		if err != nil {
			return err
		}
		settings, err := settingsTx(ctx, tx)
		if err != nil {
			return err
		}
		switch {
		case p.Initiator == InitiatorReconnect && c.Status == "open":
			return inputErr("conversationId", "the conversation is open: switch its channel instead of reconnecting")
		case p.Initiator != InitiatorReconnect && c.Status == "closed":
			return inputErr("conversationId", "the conversation is closed: reconnect it instead")
		}
		// A pending switch from a process that died between its steps, or a
		// back-to-the-web link nobody opened yet, gives way to this one.
		if _, err := tx.Exec(ctx, `UPDATE chat_switches SET state = 'failed', finished_at = $3,
				failure = CASE WHEN to_kind = 'webchat' THEN 'replaced by a later switch' ELSE 'abandoned: the welcome message was never settled' END,
				welcome_status = CASE WHEN welcome_status = 'queued' AND to_kind <> 'webchat' THEN 'failed' ELSE welcome_status END
			WHERE conversation_id = $1 AND state = 'pending' AND (to_kind = 'webchat' OR created_at < $2)`,
			p.ConversationID, s.now().Add(-s.staleAfter()), s.now()); err != nil {
			return fmt.Errorf("expire stale switches: %w", err)
		}
		// Every switch sends a message to a number someone typed: a visitor,
		// who is anonymous, gets a few tries per conversation and hour, so
		// the widget cannot be used to send SMS to anyone at will.
		if p.Initiator == InitiatorVisitor {
			var recent int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM chat_switches WHERE conversation_id = $1 AND initiator = 'visitor' AND created_at > $2`,
				p.ConversationID, s.now().Add(-time.Hour)).Scan(&recent); err != nil {
				return err
			}
			if recent >= MaxVisitorSwitchesPerHour {
				return ErrTooManySwitches
			}
		}
		toChannel, ok, err := tenantChannel(ctx, tx, p.To)
		if err != nil {
			return err
		}
		if !ok {
			return inputErr("to", "no %s channel is configured", kindNames[p.To])
		}
		address := ""
		if p.To != inbox.KindWebChat {
			switch {
			case p.Phone != "":
				var ok bool
				if address, ok = NormalizePhone(p.Phone, settings.DefaultCountry); !ok {
					if settings.DefaultCountry == "" {
						return inputErr("phone", "is not a phone number: give it in international form, e.g. +14155550100")
					}
					return inputErr("phone", "is not a phone number (numbers without a country code are taken as %s)", settings.DefaultCountry)
				}
			case c.knownPhone() != "":
				address = c.knownPhone()
			default:
				return inputErr("phone", "the contact has no phone number")
			}
		}
		// Reconnecting a closed conversation on the channel it was on is
		// fine: it reopens it.
		if p.Initiator != InitiatorReconnect && p.To == c.Kind && (p.To == inbox.KindWebChat || address == c.address()) {
			return inputErr("to", "the conversation is already on %s", kindNames[p.To])
		}
		body, template, err := s.welcome(ctx, tx, p, settings, toChannel)
		if err != nil {
			return err
		}
		var initiatedBy *uuid.UUID
		if p.Initiator != InitiatorVisitor && a.UserID != uuid.Nil {
			initiatedBy = &a.UserID
		}
		sw, err = scanSwitch(tx.QueryRow(ctx, `INSERT INTO chat_switches (id, tenant_id, conversation_id, from_channel_id, to_channel_id,
				to_kind, initiator, initiated_by, address, from_address)
			VALUES ($1, current_setting('app.tenant_id')::uuid, $2, $3, $4, $5, $6, $7, NULLIF($8, ''), NULLIF($9, ''))
			RETURNING `+switchColumns, uuid.New(), p.ConversationID, c.ChannelID, toChannel, p.To, p.Initiator, initiatedBy,
			address, c.SwitchAddress))
		if isUniqueViolation(err, "chat_switches_one_pending") {
			return ErrInProgress
		}
		if err != nil {
			return fmt.Errorf("store switch: %w", err)
		}
		// The welcome travels on the channel switched to; back to the web,
		// the link travels on the channel the customer is on now.
		out := inbox.OutboundParams{ConversationID: p.ConversationID, ChannelID: toChannel, Body: body, Template: template}
		if p.To == inbox.KindWebChat {
			link, webChannel, err := s.link(ctx, tx, sw.ID, c.ContactID, toChannel)
			if err != nil {
				return err
			}
			sw.ToChannelID = webChannel
			out.ChannelID, out.Queue = c.ChannelID, true
			out.Body = fmt.Sprintf("Continue this chat on the web: %s (the link works for %s).", link, s.linkTTL())
		}
		if welcome, err = s.Inbox.InsertOutboundTx(ctx, tx, out); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE chat_switches SET welcome_message_id = $2 WHERE id = $1`, sw.ID, welcome.ID); err != nil {
			return err
		}
		sw.WelcomeMessageID = &welcome.ID
		if _, err := tx.Exec(ctx, `UPDATE conversations SET switch_prompt = NULL, switch_prompt_at = NULL, last_activity_at = now()
			WHERE id = $1`, p.ConversationID); err != nil {
			return err
		}
		return s.announce(ctx, tx, sw, webhook.EventChatSwitchRequested)
	})
	if err != nil {
		return Switch{}, err
	}
	s.wake()
	if p.To == inbox.KindWebChat {
		return sw, nil // active when the customer opens the link
	}
	// The send and its settling must finish even if the caller goes away.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sendTimeout)
	defer cancel()
	providerID, sendErr := s.Inbox.DeliverNow(sctx, welcome.ID, sw.Address)
	if s.beforeActivate != nil {
		s.beforeActivate(sw)
	}
	return s.settle(sctx, sw, providerID, sendErr)
}

// welcome is the first message on the channel switched to: a link back to
// the web, or an invitation to reply on the phone; on WhatsApp outside the
// 24-hour window, the tenant's approved template.
func (s *Service) welcome(ctx context.Context, tx pgx.Tx, p startParams, st Settings, toChannel uuid.UUID) (string, *inbox.Template, error) {
	switch p.To {
	case inbox.KindWebChat:
		return "", nil, nil // filled in by the link, which needs the switch's id
	case inbox.KindWhatsApp:
		var lastInbound *time.Time
		if err := tx.QueryRow(ctx, `SELECT max(created_at) FROM messages WHERE conversation_id = $1 AND channel_id = $2 AND direction = 'inbound'`,
			p.ConversationID, toChannel).Scan(&lastInbound); err != nil {
			return "", nil, err
		}
		if lastInbound == nil || s.now().Sub(*lastInbound) > 24*time.Hour {
			if st.WhatsAppTemplate == "" {
				return "", nil, inputErr("to", "WhatsApp needs an approved template to start a conversation, and no chat switch template is configured")
			}
			return "Template " + st.WhatsAppTemplate, &inbox.Template{Name: st.WhatsAppTemplate, Language: st.WhatsAppLanguage}, nil
		}
	}
	var business string
	if err := tx.QueryRow(ctx, `SELECT name FROM tenants`).Scan(&business); err != nil {
		return "", nil, fmt.Errorf("read tenant name: %w", err)
	}
	return fmt.Sprintf("%s: your chat continues here on %s. Reply to this message to keep chatting.", business, kindNames[p.To]), nil, nil
}

// settle is step 3: activate the switch if the provider accepted the welcome,
// or fail it and leave the conversation as it was.
func (s *Service) settle(ctx context.Context, sw Switch, providerID string, sendErr error) (Switch, error) {
	event := webhook.EventChatSwitchActivated
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		c, err := lockConversation(ctx, tx, sw.ConversationID)
		if err != nil {
			return err
		}
		cur, err := scanSwitch(tx.QueryRow(ctx, `SELECT `+switchColumns+` FROM chat_switches WHERE id = $1 FOR UPDATE`, sw.ID))
		if err != nil {
			return err
		}
		if cur.State != StatePending {
			sw, event = cur, "" // failed as abandoned meanwhile: its outcome stands
			return nil
		}
		now := s.now()
		if sendErr != nil {
			event = webhook.EventChatSwitchFailed
			reason := sendErr.Error()
			if inbox.IsTemporary(sw.ToKind, sendErr) {
				reason = "the provider could not be reached, try again: " + reason
			}
			if sw.WelcomeMessageID != nil {
				if err := s.Inbox.SettleTx(ctx, tx, *sw.WelcomeMessageID, "failed", "", reason); err != nil {
					return err
				}
			}
			sw, err = scanSwitch(tx.QueryRow(ctx, `UPDATE chat_switches SET state = 'failed', failure = $2, welcome_status = 'failed', finished_at = $3
				WHERE id = $1 RETURNING `+switchColumns, sw.ID, reason, now))
			if err != nil {
				return err
			}
			return s.announce(ctx, tx, sw, event)
		}
		if err := s.activateTx(ctx, tx, c, &sw, now); err != nil {
			return err
		}
		if sw.WelcomeMessageID != nil {
			if err := s.Inbox.SettleTx(ctx, tx, *sw.WelcomeMessageID, "sent", providerID, ""); err != nil {
				return err
			}
		}
		return s.announce(ctx, tx, sw, event)
	})
	if err != nil {
		return Switch{}, fmt.Errorf("settle switch %s: %w", sw.ID, err)
	}
	s.wake()
	return sw, nil
}

// activateTx makes a pending switch the conversation's active one, in the
// transaction that holds the conversation's lock.
func (s *Service) activateTx(ctx context.Context, tx pgx.Tx, c convRow, sw *Switch, now time.Time) error {
	if _, err := tx.Exec(ctx, `UPDATE chat_switches SET state = 'ended', finished_at = $2 WHERE conversation_id = $1 AND state = 'active'`,
		sw.ConversationID, now); err != nil {
		return err
	}
	address := sw.Address
	if address != "" && c.ContactPhone == "" {
		// The visitor's contact takes the number unless another contact has
		// it; then the conversation keeps it as its switch address.
		sp, err := tx.Begin(ctx)
		if err != nil {
			return err
		}
		_, err = sp.Exec(ctx, `UPDATE contacts SET phone = $2, updated_at = now() WHERE id = $1`, c.ContactID, address)
		switch {
		case err == nil:
			c.ContactPhone = address
			err = sp.Commit(ctx)
		case isUniqueViolation(err, ""):
			err = sp.Rollback(ctx)
		}
		if err != nil {
			return fmt.Errorf("set contact phone: %w", err)
		}
	}
	switchAddress := c.SwitchAddress
	if address != "" {
		switchAddress = address
		if address == c.ContactPhone {
			switchAddress = ""
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE conversations SET channel_id = $2, channel_pinned = true, switch_address = NULLIF($3, ''),
			status = 'open', last_activity_at = now() WHERE id = $1`, sw.ConversationID, sw.ToChannelID, switchAddress); err != nil {
		return fmt.Errorf("move conversation: %w", err)
	}
	var deadline *time.Time
	if sw.Initiator != InitiatorReconnect && sw.ToKind != inbox.KindWebChat {
		d := now.Add(s.revertWindow())
		deadline = &d
	}
	var err error
	*sw, err = scanSwitch(tx.QueryRow(ctx, `UPDATE chat_switches SET state = 'active', activated_at = $2, revert_deadline = $3, welcome_status = 'sent'
		WHERE id = $1 RETURNING `+switchColumns, sw.ID, now, deadline))
	if isUniqueViolation(err, "chat_switches_one_active") {
		return errors.New("two active switches: the conversation lock was not held") // cannot happen: we ended the other under the lock
	}
	return err
}

// announce publishes a switch's change live (the console and the widget) and
// to the tenant's CRM webhooks, in the caller's transaction.
func (s *Service) announce(ctx context.Context, tx pgx.Tx, sw Switch, event string) error {
	if err := live.Publish(ctx, tx, TopicSwitch, sw.ID); err != nil {
		return err
	}
	if sw.State == StateActive || sw.State == StateReverted {
		// The active channel changed: the inbox subscription re-reads it.
		if err := live.Publish(ctx, tx, inbox.TopicConversation, sw.ConversationID); err != nil {
			return err
		}
	}
	if event == "" {
		return nil
	}
	return webhook.Emit(ctx, tx, s.Jobs, event, webhook.ChatSwitchData{
		ID: sw.ID, ConversationID: sw.ConversationID, FromChannelID: sw.FromChannelID, ToChannelID: sw.ToChannelID,
		ToChannelKind: string(sw.ToKind), Initiator: string(sw.Initiator), Address: sw.Address, State: string(sw.State),
		Failure: sw.Failure, WelcomeMessageID: sw.WelcomeMessageID, RevertDeadline: sw.RevertDeadline, CreatedAt: sw.CreatedAt})
}

// revert undoes an active switch before its deadline. A second revert of the
// same switch (a double click) returns it unchanged.
func (s *Service) revert(ctx context.Context, switchID uuid.UUID, allowed func(convID uuid.UUID) bool) (Switch, error) {
	var sw Switch
	reverted := false
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var convID uuid.UUID
		err := tx.QueryRow(ctx, `SELECT conversation_id FROM chat_switches WHERE id = $1`, switchID).Scan(&convID)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && allowed != nil && !allowed(convID)) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		// The conversation first, as every path does: no lock-order deadlock.
		if _, err := lockConversation(ctx, tx, convID); err != nil {
			return err
		}
		sw, err = scanSwitch(tx.QueryRow(ctx, `SELECT `+switchColumns+` FROM chat_switches WHERE id = $1 FOR UPDATE`, switchID))
		if err != nil {
			return err
		}
		now := s.now()
		switch {
		case sw.State == StateReverted:
			return nil
		case sw.State != StateActive:
			return ErrNotRevertable
		case !sw.Revertable(now):
			return ErrRevertExpired
		}
		if _, err := tx.Exec(ctx, `UPDATE conversations SET channel_id = $2,
				switch_address = (SELECT from_address FROM chat_switches WHERE id = $3), last_activity_at = now() WHERE id = $1`,
			convID, sw.FromChannelID, switchID); err != nil {
			return err
		}
		if sw, err = scanSwitch(tx.QueryRow(ctx, `UPDATE chat_switches SET state = 'reverted', finished_at = $2 WHERE id = $1 RETURNING `+switchColumns,
			switchID, now)); err != nil {
			return err
		}
		reverted = true
		if err := s.tellPhone(ctx, tx, sw); err != nil {
			return err
		}
		return s.announce(ctx, tx, sw, webhook.EventChatSwitchReverted)
	})
	if err != nil {
		return Switch{}, err
	}
	if reverted {
		s.wake()
	}
	return sw, nil
}

// tellPhone queues a note on the reverted channel so that the phone does not
// wait for answers there. WhatsApp takes it only inside the 24-hour window
// (a template welcome does not open one), so outside it nothing is sent.
func (s *Service) tellPhone(ctx context.Context, tx pgx.Tx, sw Switch) error {
	if sw.ToKind == inbox.KindWebChat || sw.Address == "" {
		return nil
	}
	if sw.ToKind == inbox.KindWhatsApp {
		var inWindow bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM messages WHERE conversation_id = $1 AND channel_id = $2
			AND direction = 'inbound' AND created_at > $3)`, sw.ConversationID, sw.ToChannelID, s.now().Add(-24*time.Hour)).Scan(&inWindow); err != nil {
			return err
		}
		if !inWindow {
			return nil
		}
	}
	var back inbox.Kind
	if err := tx.QueryRow(ctx, `SELECT kind FROM channels WHERE id = $1`, sw.FromChannelID).Scan(&back); err != nil {
		return err
	}
	_, err := s.Inbox.InsertOutboundTx(ctx, tx, inbox.OutboundParams{ConversationID: sw.ConversationID, ChannelID: sw.ToChannelID,
		Body: fmt.Sprintf("This chat went back to %s: we will answer you there.", kindNames[back]), Queue: true})
	return err
}
