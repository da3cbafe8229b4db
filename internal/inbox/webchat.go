package inbox

// Web chat: a tenant puts one tag on its site,
//
//	<script src="https://HOST/webchat/widget.js" data-key="pk_..." async></script>
//
// and its visitors chat with its agents as anonymous visitors.
//
// Keys. A webchat channel gets two keys when it is created (migration 0004,
// by trigger, so every path that inserts a channel gets them): public_key
// ("pk_" and 32 hex digits), which is printed in the tenant's pages and names
// the channel, and visitor_key, 32 random bytes that sign visitor tokens and
// never leave the server. webchat_channel_by_key, a SECURITY DEFINER function,
// turns a public key into the channel and its tenant before a tenant is known,
// as channel_tenant does for provider webhooks.
//
// Visitors. POST /webchat/{key}/session issues a visitor token: a new visitor
// id, or the same one when the caller presents a valid token (the widget keeps
// it in localStorage per key, so a reload resumes the conversation). A token is
// HMAC-signed (see webchat_token.go), names its channel and visitor and lasts
// VisitorTokenTTL; every session call renews it. A visitor's first message or
// lead creates their webchat_visitors row and their own contact ("Web
// visitor", no phone); a visitor never shares a contact, so what a visitor may
// see is exactly "messages on this channel of conversations of my contact".
//
// Messages. A visitor's message is stored in one tenant transaction with the
// shape of recordInbound: the contact's open conversation (or a new one), the
// message as inbound/received, the conversation opened and marked unread, live
// events and message.created (plus contact.created and conversation.created
// when they are new). The widget's clientId, scoped to the visitor, is the
// message's provider_message_id, so a resend after a reconnect is stored once
// and answered with the first copy.
//
// Replies. SendMessage stores an agent's reply queued on the conversation's
// active channel and publishes it. Every node keeps one live-bus subscription
// per web chat channel that has sockets on it (webChatHub): each message event
// is re-read once under the tenant, joined to the visitor it belongs to, and
// pushed to that visitor's sockets only. The push is the delivery: the
// SendWorker only records it as sent (see webChatProviderID). A visitor who is
// not connected sees the reply in the history of their next connection.
//
// Offline. Whether anyone can answer is WebChatOpts.AgentsOnlineFunc when set,
// and otherwise the channel's Offline setting, which an admin switches. There
// is no presence tracking of agents yet: the live bus counts subscribers per
// node, not per tenant and role, so it cannot say "an agent of this tenant has
// the console open" across nodes. When nobody is online the widget asks for a
// name, an e-mail address and/or a phone number (a lead): they are kept as
// given on the visitor row, copied to the contact (the phone only when no
// other contact has that number: a visitor's claim must not merge them into a
// real customer's threads), and the conversation becomes pending.
//
// The socket protocol (JSON text frames) is documented on WebChat.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/internal/live"
	"github.com/switchboard/switchboard/internal/webhook"
	"github.com/switchboard/switchboard/tenants"
)

// WebChatSettings are a webchat channel's options, kept in channels.config.
type WebChatSettings struct {
	// Offline makes the widget ask for a lead instead of promising a reply.
	Offline bool `json:"offline,omitempty"`
	// AllowedOrigins are the sites ("https://shop.example.com") that may use
	// the channel's key. Empty allows every site. Browsers enforce it; any
	// other client may send what Origin it likes.
	AllowedOrigins []string `json:"allowed_origins,omitempty"`
}

const maxAllowedOrigins = 20

func (st *WebChatSettings) validate() error {
	if len(st.AllowedOrigins) > maxAllowedOrigins {
		return inputErr("allowedOrigins", "at most %d origins", maxAllowedOrigins)
	}
	out := make([]string, 0, len(st.AllowedOrigins))
	for _, o := range st.AllowedOrigins {
		norm, ok := normalizeOrigin(o)
		if !ok {
			return inputErr("allowedOrigins", "%q is not an origin such as https://shop.example.com", o)
		}
		out = append(out, norm)
	}
	st.AllowedOrigins = out
	return nil
}

// normalizeOrigin returns scheme://host[:port] in lower case, or false.
func normalizeOrigin(s string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || len(s) > 255 {
		return "", false
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), true
}

func (st WebChatSettings) allows(origin string) bool {
	if len(st.AllowedOrigins) == 0 || origin == "" {
		return true // no Origin: not a browser, which the list could not stop anyway
	}
	norm, ok := normalizeOrigin(origin)
	if !ok {
		return false
	}
	for _, o := range st.AllowedOrigins {
		if o == norm {
			return true
		}
	}
	return false
}

// WebChatSetup is what a tenant needs to put a webchat channel on its site.
type WebChatSetup struct {
	ChannelID uuid.UUID
	PublicKey string
	Snippet   string // the tag to paste into every page
	Settings  WebChatSettings
}

func (s *Service) webChatSetup(id uuid.UUID, publicKey string, config []byte) (WebChatSetup, error) {
	out := WebChatSetup{ChannelID: id, PublicKey: publicKey,
		Snippet: fmt.Sprintf(`<script src="%s/webchat/widget.js" data-key="%s" async></script>`, strings.TrimRight(s.PublicURL, "/"), publicKey)}
	if err := json.Unmarshal(config, &out.Settings); err != nil {
		return out, fmt.Errorf("decode web chat settings: %w", err)
	}
	return out, nil
}

// WebChatSetup returns the public key, embed snippet and settings of a
// webchat channel of the tenant on ctx.
func (s *Service) WebChatSetup(ctx context.Context, channelID uuid.UUID) (WebChatSetup, error) {
	a, ok := tenants.FromContext(ctx)
	if !ok || !a.Can(tenants.RoleAgent) {
		return WebChatSetup{}, ErrNotFound
	}
	var key string
	var config []byte
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT public_key, config FROM channels WHERE id = $1 AND kind = 'webchat'`, channelID).Scan(&key, &config)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return WebChatSetup{}, ErrNotFound
	}
	if err != nil {
		return WebChatSetup{}, err
	}
	return s.webChatSetup(channelID, key, config)
}

// UpdateWebChatSettings replaces a webchat channel's settings (ADMIN).
func (s *Service) UpdateWebChatSettings(ctx context.Context, channelID uuid.UUID, settings WebChatSettings) (WebChatSetup, error) {
	a, ok := tenants.FromContext(ctx)
	if !ok || !a.Can(tenants.RoleAdmin) {
		return WebChatSetup{}, ErrNotFound
	}
	if err := settings.validate(); err != nil {
		return WebChatSetup{}, err
	}
	config, err := json.Marshal(settings)
	if err != nil {
		return WebChatSetup{}, err
	}
	var key string
	err = s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `UPDATE channels SET config = $2 WHERE id = $1 AND kind = 'webchat' RETURNING public_key, config`,
			channelID, config).Scan(&key, &config)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return WebChatSetup{}, ErrNotFound
	}
	if err != nil {
		return WebChatSetup{}, err
	}
	return s.webChatSetup(channelID, key, config)
}

// webChatChannel is an enabled webchat channel found by its public key.
type webChatChannel struct {
	TenantID   uuid.UUID
	ID         uuid.UUID
	Name       string
	VisitorKey []byte
	Settings   WebChatSettings
}

// validPublicKey says whether s could be a public key at all, so that junk is
// refused without a query.
func validPublicKey(s string) bool {
	rest, ok := strings.CutPrefix(s, "pk_")
	if !ok || len(rest) != 32 {
		return false
	}
	return strings.Trim(rest, "0123456789abcdef") == ""
}

// webChatChannelByKey opens the tenant of the channel a public key names. The
// returned context acts for the channel, as a provider webhook does: a visitor
// is not a member of the tenant.
func (s *Service) webChatChannelByKey(ctx context.Context, key string) (context.Context, webChatChannel, error) {
	var c webChatChannel
	if !validPublicKey(key) {
		return ctx, c, ErrNotFound
	}
	err := s.DB.Pool().QueryRow(ctx, `SELECT tenant_id, channel_id FROM webchat_channel_by_key($1)`, key).Scan(&c.TenantID, &c.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return ctx, c, ErrNotFound
	}
	if err != nil {
		return ctx, c, fmt.Errorf("look up web chat key: %w", err)
	}
	scoped := tenants.ForJob(ctx, c.TenantID)
	var config []byte
	err = s.DB.InTenantTx(scoped, func(tx pgx.Tx) error {
		return tx.QueryRow(scoped, `SELECT name, visitor_key, config FROM channels WHERE id = $1 AND kind = 'webchat' AND enabled`, c.ID).
			Scan(&c.Name, &c.VisitorKey, &config)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return ctx, c, ErrNotFound
	}
	if err != nil {
		return ctx, c, err
	}
	if err := json.Unmarshal(config, &c.Settings); err != nil {
		return ctx, c, fmt.Errorf("decode web chat settings: %w", err)
	}
	return scoped, c, nil
}

// webChatProviderID is what the SendWorker records as the provider's id of a
// web chat reply: the reply reached the visitor through the live push, and
// the unique index on (channel_id, provider_message_id) needs a distinct value
// per message. Visitor messages use "wc:<visitor>:<clientId>", so the two
// never meet.
func webChatProviderID(messageID uuid.UUID) string { return "wc-out:" + messageID.String() }

// visitorProviderID keys a visitor's message by the widget's clientId.
func visitorProviderID(visitorID uuid.UUID, clientID string) string {
	return "wc:" + visitorID.String() + ":" + clientID
}

// webChatVisitorName is a visitor's contact name until a lead gives one.
const webChatVisitorName = "Web visitor"

// visitorContact returns the visitor's contact, creating the visitor row and
// the contact (named name) on first use, and whether the contact is new. It
// locks the visitor row, so a visitor's writes are serialised.
func visitorContact(ctx context.Context, tx pgx.Tx, ch webChatChannel, visitorID uuid.UUID, name string) (uuid.UUID, bool, error) {
	if _, err := tx.Exec(ctx, `INSERT INTO webchat_visitors (id, tenant_id, channel_id)
		VALUES ($1, current_setting('app.tenant_id')::uuid, $2) ON CONFLICT (id) DO NOTHING`, visitorID, ch.ID); err != nil {
		return uuid.Nil, false, fmt.Errorf("record visitor: %w", err)
	}
	var contactID *uuid.UUID
	err := tx.QueryRow(ctx, `UPDATE webchat_visitors SET last_seen_at = now() WHERE id = $1 AND channel_id = $2 RETURNING contact_id`,
		visitorID, ch.ID).Scan(&contactID)
	if err != nil {
		return uuid.Nil, false, fmt.Errorf("lock visitor: %w", err) // no rows: the id is another channel's, which a signed token cannot say
	}
	if contactID != nil {
		return *contactID, false, nil
	}
	id := uuid.New()
	if _, err := tx.Exec(ctx, `INSERT INTO contacts (id, tenant_id, name) VALUES ($1, current_setting('app.tenant_id')::uuid, $2)`, id, name); err != nil {
		return uuid.Nil, false, fmt.Errorf("create visitor contact: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE webchat_visitors SET contact_id = $2 WHERE id = $1`, visitorID, id); err != nil {
		return uuid.Nil, false, err
	}
	return id, true, nil
}

// errResent rolls back a message whose clientId a concurrent resend stored first.
var errResent = errors.New("message resent")

// recordVisitorMessage stores a visitor's message and reports whether it is
// new; a resend of a clientId returns the message stored the first time.
func (s *Service) recordVisitorMessage(ctx context.Context, ch webChatChannel, visitorID uuid.UUID, clientID, body string) (Message, bool, error) {
	providerID := visitorProviderID(visitorID, clientID)
	var msg Message
	fresh := false
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		msg, err = scanMessage(tx.QueryRow(ctx, `SELECT `+messageColumns+` FROM messages WHERE channel_id = $1 AND provider_message_id = $2`,
			ch.ID, providerID))
		if !errors.Is(err, pgx.ErrNoRows) {
			return err // nil: a resend
		}
		now := time.Now()
		contactID, newContact, err := visitorContact(ctx, tx, ch, visitorID, webChatVisitorName)
		if err != nil {
			return err
		}
		if newContact {
			if err := webhook.Emit(ctx, tx, s.Jobs, webhook.EventContactCreated, webhook.ContactData{
				ID: contactID, Name: webChatVisitorName, CreatedAt: now}); err != nil {
				return err
			}
		}
		convID, created, err := openConversation(ctx, tx, contactID, ch.ID)
		if err != nil {
			return err
		}
		msg, err = scanMessage(tx.QueryRow(ctx, `INSERT INTO messages (id, tenant_id, conversation_id, channel_id, direction, body,
			status, provider_message_id, created_at)
			VALUES ($1, current_setting('app.tenant_id')::uuid, $2, $3, 'inbound', $4, 'received', $5, $6)
			ON CONFLICT (channel_id, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING
			RETURNING `+messageColumns, uuid.New(), convID, ch.ID, body, providerID, now))
		if errors.Is(err, pgx.ErrNoRows) {
			return errResent
		}
		if err != nil {
			return fmt.Errorf("store visitor message: %w", err)
		}
		// A lead waiting for an agent (pending) stays pending.
		if err := s.noteInbound(ctx, tx, ch.ID, KindWebChat, contactID, convID, created, now, true); err != nil {
			return err
		}
		if err := webhook.Emit(ctx, tx, s.Jobs, webhook.EventMessageCreated, webhook.MessageData{
			ID: msg.ID, ConversationID: convID, ContactID: contactID, ChannelID: ch.ID, ChannelKind: string(KindWebChat),
			Direction: "inbound", Body: body, Attachments: []webhook.AttachmentData{}, Status: "received", CreatedAt: now}); err != nil {
			return err
		}
		fresh = true
		return live.Publish(ctx, tx, TopicMessage, msg.ID)
	})
	if errors.Is(err, errResent) {
		err = s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
			var err error
			msg, err = scanMessage(tx.QueryRow(ctx, `SELECT `+messageColumns+` FROM messages WHERE channel_id = $1 AND provider_message_id = $2`,
				ch.ID, providerID))
			return err
		})
		return msg, false, err
	}
	if err != nil {
		return Message{}, false, err
	}
	if fresh {
		s.wake()
	}
	return msg, fresh, nil
}

// visitorLead is what the offline form collected, validated.
type visitorLead struct {
	Name  string
	Email string // empty or a bare address
	Phone string // empty or E.164
}

// recordVisitorLead keeps a lead on the visitor and their contact and marks
// their conversation pending, starting one if need be.
func (s *Service) recordVisitorLead(ctx context.Context, ch webChatChannel, visitorID uuid.UUID, lead visitorLead) (uuid.UUID, error) {
	var convID uuid.UUID
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		now := time.Now()
		contactID, newContact, err := visitorContact(ctx, tx, ch, visitorID, lead.Name)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE webchat_visitors SET lead_name = $2, lead_email = NULLIF($3, ''), lead_phone = NULLIF($4, ''),
			lead_at = $5 WHERE id = $1`, visitorID, lead.Name, lead.Email, lead.Phone, now); err != nil {
			return fmt.Errorf("record lead: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE contacts SET name = $2, email = coalesce(NULLIF($3, ''), email), updated_at = now() WHERE id = $1`,
			contactID, lead.Name, lead.Email); err != nil {
			return fmt.Errorf("update visitor contact: %w", err)
		}
		phone := ""
		if lead.Phone != "" {
			// A number another contact already has stays with that contact: an
			// anonymous claim must not pull a real customer's SMS or WhatsApp
			// threads into this visitor's conversation. The visitor is not told.
			sp, err := tx.Begin(ctx)
			if err != nil {
				return err
			}
			_, err = sp.Exec(ctx, `UPDATE contacts SET phone = $2 WHERE id = $1`, contactID, lead.Phone)
			switch {
			case err == nil:
				phone = lead.Phone
				err = sp.Commit(ctx)
			case isUniqueViolation(err):
				err = sp.Rollback(ctx)
			}
			if err != nil {
				return fmt.Errorf("set visitor phone: %w", err)
			}
		}
		if newContact {
			if err := webhook.Emit(ctx, tx, s.Jobs, webhook.EventContactCreated, webhook.ContactData{
				ID: contactID, Name: lead.Name, Email: lead.Email, Phone: phone, CreatedAt: now}); err != nil {
				return err
			}
		}
		var created bool
		convID, created, err = openConversation(ctx, tx, contactID, ch.ID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE conversations SET status = 'pending', last_activity_at = greatest(last_activity_at, $2)
			WHERE id = $1`, convID, now); err != nil {
			return err
		}
		if created {
			if err := webhook.Emit(ctx, tx, s.Jobs, webhook.EventConversationCreated, webhook.ConversationData{
				ID: convID, ContactID: contactID, ChannelID: ch.ID, ChannelKind: string(KindWebChat), Status: "pending", CreatedAt: now}); err != nil {
				return err
			}
		}
		return live.Publish(ctx, tx, TopicConversation, convID)
	})
	if err != nil {
		return uuid.Nil, err
	}
	s.wake()
	return convID, nil
}

// visitorState is what a visitor sees on (re)connecting.
type visitorState struct {
	ConversationID *uuid.UUID // the newest conversation, preferring one not closed
	LeadCaptured   bool
	History        []Message // oldest first
}

// webChatHistory is how many messages a (re)connecting visitor gets.
const webChatHistory = 50

func (s *Service) visitorState(ctx context.Context, ch webChatChannel, visitorID uuid.UUID, withHistory bool) (visitorState, error) {
	var st visitorState
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var contactID *uuid.UUID
		err := tx.QueryRow(ctx, `SELECT contact_id, lead_at IS NOT NULL FROM webchat_visitors WHERE id = $1 AND channel_id = $2`,
			visitorID, ch.ID).Scan(&contactID, &st.LeadCaptured)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && contactID == nil) {
			return nil // has not written yet
		}
		if err != nil {
			return err
		}
		var convID uuid.UUID
		err = tx.QueryRow(ctx, `SELECT id FROM conversations WHERE contact_id = $1
			ORDER BY status <> 'closed' DESC, last_activity_at DESC, id DESC LIMIT 1`, *contactID).Scan(&convID)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		st.ConversationID = &convID
		if !withHistory {
			return nil
		}
		rows, err := tx.Query(ctx, `SELECT `+messageColumns+` FROM messages
			WHERE channel_id = $2 AND conversation_id IN (SELECT id FROM conversations WHERE contact_id = $1)
			ORDER BY created_at DESC, id DESC LIMIT $3`, *contactID, ch.ID, webChatHistory)
		if err != nil {
			return err
		}
		st.History, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Message, error) { return scanMessage(r) })
		return err
	})
	for i, j := 0, len(st.History)-1; i < j; i, j = i+1, j-1 {
		st.History[i], st.History[j] = st.History[j], st.History[i]
	}
	return st, err
}

// visitorMessages re-reads a message event's subject under the tenant and
// says which visitors of the channel it belongs to: the visitor whose contact
// the conversation is, and only when the message travels on this channel.
func (s *Service) visitorMessages(ctx context.Context, channelID, messageID uuid.UUID) ([]uuid.UUID, Message, error) {
	var visitors []uuid.UUID
	var msg Message
	err := s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT v.id, m.* FROM (SELECT `+messageColumns+` FROM messages WHERE id = $1 AND channel_id = $2) m
			JOIN conversations c ON c.id = m.conversation_id
			JOIN webchat_visitors v ON v.contact_id = c.contact_id AND v.channel_id = $2`, messageID, channelID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var visitor uuid.UUID
			m, err := scanMessage(prefixedRow{row: rows, first: &visitor})
			if err != nil {
				return err
			}
			visitors, msg = append(visitors, visitor), m
		}
		return rows.Err()
	})
	return visitors, msg, err
}

// prefixedRow scans one leading column into first and the rest as asked.
type prefixedRow struct {
	row   pgx.Row
	first any
}

func (p prefixedRow) Scan(dest ...any) error { return p.row.Scan(append([]any{p.first}, dest...)...) }
