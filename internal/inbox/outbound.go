package inbox

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/switchboard/switchboard/integrations/sms"
	"github.com/switchboard/switchboard/integrations/whatsapp"
	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

// ErrOutsideWindow refuses a free-form WhatsApp reply more than 24 hours after
// the customer last wrote; only an approved template may be sent then.
var ErrOutsideWindow = errors.New("the customer last wrote more than 24 hours ago: WhatsApp accepts only an approved template message now (sendTemplate)")

// errNoAddress: nothing to retry until someone adds a phone number.
var errNoAddress = errors.New("the contact has no phone number")

// whatsappWindow is Meta's customer service window.
const whatsappWindow = 24 * time.Hour

// maxBody is the longest reply each channel takes.
var maxBody = map[Kind]int{KindSMS: 1600, KindWhatsApp: 4096, KindWebChat: 10000}

// SendMessage queues an agent's reply on the conversation's active channel.
func (s *Service) SendMessage(ctx context.Context, conversationID uuid.UUID, body string) (Message, error) {
	body = strings.TrimSpace(body)
	if body == "" {
		return Message{}, inputErr("body", "is required")
	}
	return s.queueOutbound(ctx, conversationID, body, nil)
}

// SendTemplate queues an approved WhatsApp template message: the only kind
// WhatsApp accepts outside the 24-hour customer service window.
func (s *Service) SendTemplate(ctx context.Context, conversationID uuid.UUID, t Template) (Message, error) {
	t.Name, t.Language = strings.TrimSpace(t.Name), strings.TrimSpace(t.Language)
	if t.Name == "" || len(t.Name) > 512 {
		return Message{}, inputErr("name", "is required: the approved template's name")
	}
	if t.Language == "" || len(t.Language) > 16 {
		return Message{}, inputErr("language", "is required, e.g. en_US")
	}
	if len(t.BodyParameters) > 20 {
		return Message{}, inputErr("bodyParameters", "at most 20")
	}
	// The body is filled in with the channel's registered template, once the
	// conversation's channel is known (registeredTemplateBody).
	return s.queueOutbound(ctx, conversationID, "", &t)
}

// queueOutbound stores an outbound message as queued, with its send job, a
// live event and the CRM's message.created, in one transaction.
func (s *Service) queueOutbound(ctx context.Context, conversationID uuid.UUID, body string, template *Template) (Message, error) {
	a, ok := tenants.FromContext(ctx)
	if !ok || !a.Can(tenants.RoleAgent) {
		return Message{}, ErrNotFound
	}
	var msg Message
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var channelID, contactID uuid.UUID
		var kind Kind
		var lastInbound *time.Time
		if err := LockConversation(ctx, tx, conversationID); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `SELECT c.channel_id, c.contact_id, ch.kind, c.last_inbound_at FROM conversations c
			JOIN channels ch ON ch.id = c.channel_id WHERE c.id = $1`, conversationID).Scan(&channelID, &contactID, &kind, &lastInbound)
		if err != nil {
			return err
		}
		if template != nil && kind != KindWhatsApp {
			return inputErr("conversationId", "templates are for WhatsApp conversations")
		}
		if template != nil {
			// The thread shows what the customer will read, as far as we know it.
			if body, err = registeredTemplateBody(ctx, tx, channelID, *template); err != nil {
				return err
			}
		}
		if len(body) > maxBody[kind] {
			return inputErr("body", "is longer than %d characters, the limit of %s", maxBody[kind], kind)
		}
		if template == nil && kind == KindWhatsApp && (lastInbound == nil || time.Since(*lastInbound) > whatsappWindow) {
			return ErrOutsideWindow
		}
		msg, err = s.insertOutbound(ctx, tx, a, OutboundParams{ConversationID: conversationID, ChannelID: channelID,
			Body: body, Template: template, Queue: true}, contactID, kind)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE conversations SET last_activity_at = now(), unread_count = 0 WHERE id = $1`, conversationID)
		return err
	})
	if err != nil {
		return Message{}, err
	}
	s.wake()
	return msg, nil
}

// SendWorker delivers queued outbound messages to their providers.
type SendWorker struct {
	river.WorkerDefaults[jobargs.MessageSend]
	Inbox *Service
}

// Timeout bounds one provider call.
func (w *SendWorker) Timeout(*river.Job[jobargs.MessageSend]) time.Duration { return 30 * time.Second }

// Work sends one message. The provider is called outside any transaction; the
// message id is the idempotency key, so a retry after a lost response does not
// send twice where the provider honours it (Twilio does; Meta has no such key).
// Errors returned to River carry no customer data: its tables are global.
func (w *SendWorker) Work(ctx context.Context, job *river.Job[jobargs.MessageSend]) error {
	s := w.Inbox
	var msg Message
	var ch Channel
	var to string
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		msg, err = scanMessage(tx.QueryRow(ctx, `SELECT `+messageColumns+` FROM messages WHERE id = $1`, job.Args.MessageID))
		if err != nil {
			return err
		}
		ch, err = w.Inbox.scanChannel(tx.QueryRow(ctx, `SELECT `+channelColumns+` FROM channels WHERE id = $1`, msg.ChannelID))
		if err != nil {
			return err
		}
		// A chat switch may have moved the conversation to a number that is not the contact's own.
		return tx.QueryRow(ctx, `SELECT coalesce(c.switch_address, ct.phone, '') FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
			WHERE c.id = $1`, msg.ConversationID).Scan(&to)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return river.JobCancel(fmt.Errorf("message %s: not found", job.Args.MessageID))
	}
	if err != nil {
		return err
	}
	if msg.Status != "queued" {
		return nil // an earlier attempt got through
	}
	providerID, sendErr := s.deliver(ctx, ch, to, msg)
	if sendErr == nil {
		return s.markSent(ctx, msg.ID, providerID)
	}
	permanent := errors.Is(sendErr, errNoAddress) || !temporary(ch.Kind, sendErr)
	if permanent || job.Attempt >= job.MaxAttempts {
		if err := s.markFailed(ctx, msg.ID, sendErr.Error()); err != nil {
			return err
		}
		if permanent {
			return river.JobCancel(fmt.Errorf("message %s: provider refused it (reason on the message)", msg.ID))
		}
	}
	return fmt.Errorf("message %s: send failed (reason on the message)", msg.ID)
}

func (s *Service) deliver(ctx context.Context, ch Channel, to string, msg Message) (string, error) {
	if ch.Kind == KindWebChat {
		// The visitor's socket got the reply when it was stored (live push);
		// one who is away reads it in the history of their next connection.
		return webChatProviderID(msg.ID), nil
	}
	if to == "" {
		return "", errNoAddress
	}
	switch ch.Kind {
	case KindSMS:
		client := &sms.Client{BaseURL: ch.SMS.APIBaseURL, AccountSID: ch.SMS.AccountSID, AuthToken: ch.Secrets.AuthToken, HTTP: s.httpClient()}
		sent, err := client.Send(ctx, sms.SendParams{From: ch.Address, MessagingServiceSID: ch.SMS.MessagingServiceSID, To: to,
			Body: msg.Body, StatusCallback: s.hookURL(KindSMS, ch.ID), IdempotencyKey: msg.ID.String()})
		return sent.SID, err
	case KindWhatsApp:
		client := &whatsapp.Client{BaseURL: ch.WhatsApp.APIBaseURL, APIVersion: ch.WhatsApp.APIVersion, AccessToken: ch.Secrets.AccessToken, HTTP: s.httpClient()}
		if t := msg.Template; t != nil {
			wt := whatsapp.Template{Name: t.Name, Language: t.Language}
			if len(t.BodyParameters) > 0 {
				body := whatsapp.TemplateComponent{Type: "body"}
				for _, p := range t.BodyParameters {
					body.Parameters = append(body.Parameters, whatsapp.TemplateParameter{Text: p})
				}
				wt.Components = []whatsapp.TemplateComponent{body}
			}
			return client.SendTemplate(ctx, ch.Address, strings.TrimPrefix(to, "+"), wt)
		}
		return client.SendText(ctx, ch.Address, strings.TrimPrefix(to, "+"), msg.Body, nil)
	default:
		return "", fmt.Errorf("channel kind %s has no provider", ch.Kind)
	}
}

// temporary asks the channel's own adapter: each treats errors it does not
// recognise (network failures) as temporary.
func temporary(kind Kind, err error) bool {
	switch kind {
	case KindSMS:
		return sms.IsTemporary(err)
	case KindWhatsApp:
		return whatsapp.IsTemporary(err)
	}
	return false
}

func (s *Service) markSent(ctx context.Context, id uuid.UUID, providerID string) error {
	return s.settleQueued(ctx, id, "sent", providerID, "")
}

func (s *Service) markFailed(ctx context.Context, id uuid.UUID, reason string) error {
	return s.settleQueued(ctx, id, "failed", "", reason)
}

// settleQueued records the send job's outcome for a message still queued: a
// status callback may already have moved it on, and "sent" is the floor, not
// a step back.
func (s *Service) settleQueued(ctx context.Context, id uuid.UUID, status, providerID, reason string) error {
	changed := false
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		changed, err = settleTx(ctx, tx, s.Jobs, id, status, providerID, reason)
		return err
	})
	if err == nil && changed {
		s.wake()
	}
	return err
}
