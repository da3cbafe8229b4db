package whatsapp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"
)

// MaxEvents caps the events one notification yields. Meta batches at most
// 1000 updates per POST; anything beyond is dropped and counted in
// Notification.Skipped rather than allowed to grow without bound.
const MaxEvents = 1000

// Length caps, in bytes, applied to every string taken from a
// notification. They are far above what Meta sends and exist so that a
// hostile but validly signed body (a leaked app secret) cannot make one
// field arbitrarily large downstream.
const (
	maxIDLen      = 512   // wamids, wa_ids, BSUIDs, media ids
	maxShortLen   = 128   // types, statuses, mime types, categories
	maxNameLen    = 512   // profile names, usernames, filenames, titles
	maxTextLen    = 65536 // message bodies, captions, error details
	maxItemErrors = 16    // errors kept per message or status
)

// object is the only notification object this package accepts.
const object = "whatsapp_business_account"

// fieldMessages is the webhook field carrying messages and statuses; other
// subscribed fields (template and account updates) are ignored.
const fieldMessages = "messages"

// MessageType is the type of an inbound message as Meta names it. Types not
// listed here are passed through unchanged.
type MessageType string

// Message types Meta sends.
const (
	TypeText        MessageType = "text"
	TypeImage       MessageType = "image"
	TypeAudio       MessageType = "audio"
	TypeVideo       MessageType = "video"
	TypeDocument    MessageType = "document"
	TypeSticker     MessageType = "sticker"
	TypeLocation    MessageType = "location"
	TypeContacts    MessageType = "contacts"
	TypeInteractive MessageType = "interactive"
	TypeButton      MessageType = "button"
	TypeReaction    MessageType = "reaction"
	TypeOrder       MessageType = "order"
	TypeSystem      MessageType = "system"
	TypeUnsupported MessageType = "unsupported"
	// TypeUnknown is what older API versions called unsupported.
	TypeUnknown MessageType = "unknown"
)

// Status is the delivery status of a message we sent.
type Status string

// Statuses Meta reports for outgoing messages.
const (
	StatusSent      Status = "sent"
	StatusDelivered Status = "delivered"
	StatusRead      Status = "read"
	StatusFailed    Status = "failed"
	StatusDeleted   Status = "deleted"
)

// Notification is one webhook POST, flattened into events in the order Meta
// listed them.
type Notification struct {
	Events []Event
	// Skipped counts items that were dropped: unparseable, lacking an id or
	// a sender, or beyond MaxEvents. Non-zero is worth a log line, not a
	// failed response: Meta would only redeliver the same bytes.
	Skipped int
}

// Event is one message, one status update or one webhook-level error, with
// the business phone number it concerns. Exactly one of Message, Status and
// Error is set.
type Event struct {
	// WABAID is the WhatsApp Business Account (entry.id).
	WABAID string
	// PhoneNumberID is the business number's id: the routing key to the
	// tenant and the phoneNumberID to reply from.
	PhoneNumberID string
	// DisplayPhoneNumber is the business number as digits, for display.
	DisplayPhoneNumber string

	Message *InboundMessage
	Status  *StatusUpdate
	// Error is an entry of value.errors: a problem Meta reports with the
	// webhook itself rather than with one message.
	Error *APIErrorDetail
}

// InboundMessage is a message a WhatsApp user sent to the business.
type InboundMessage struct {
	// ID is the wamid; Meta may deliver the same one more than once, so it
	// is the de-duplication key.
	ID string
	// From is the sender's number in E.164 with a leading '+', or "" when
	// Meta withholds it (a user with a username; see FromUserID).
	From string
	// FromUserID is the sender's business-scoped user id (BSUID, e.g.
	// "US.13491208655302741918"), when Meta sends one. It outlives a
	// username change but not a number change.
	FromUserID string
	// Username is the sender's WhatsApp username, when they have one.
	Username string
	// ProfileName is the sender's self-chosen WhatsApp profile name.
	ProfileName string
	// Timestamp is when WhatsApp received the message; zero if Meta sent
	// none or an unreadable one.
	Timestamp time.Time
	Type      MessageType
	// Text is the human-readable content: the body of a text, the caption
	// of media, the title of a tapped button or list row, a reaction's
	// emoji, a location's name, a system message's body.
	Text string
	// Payload is what the business attached to a tapped quick-reply button
	// (button.payload) or interactive reply (its id).
	Payload string
	// Media is set for image, audio, video, document and sticker messages.
	Media *Media
	// Location is set for location messages.
	Location *Location
	// ReactionTo is the wamid a reaction applies to; an empty Text with it
	// means the reaction was removed.
	ReactionTo string
	// ContextID is the wamid this message replies to (or, for a button
	// tap, the message carrying the button).
	ContextID string
	// Forwarded is true when WhatsApp marked the message as forwarded.
	Forwarded bool
	// Errors explains an unsupported message.
	Errors []APIErrorDetail
}

// Media identifies an attachment. Fetch it with GET /{version}/{ID}, which
// returns a short-lived download URL that needs the access token.
type Media struct {
	ID       string
	MimeType string
	// SHA256 is the checksum Meta computed, as Meta encodes it.
	SHA256   string
	Caption  string
	Filename string
	// Voice marks an audio message recorded as a voice note.
	Voice bool
	// Animated marks an animated sticker.
	Animated bool
}

// Location is a shared location.
type Location struct {
	Latitude  float64
	Longitude float64
	Name      string
	Address   string
	URL       string
}

// StatusUpdate reports what happened to a message we sent.
type StatusUpdate struct {
	// MessageID is the wamid the send returned.
	MessageID string
	Status    Status
	Timestamp time.Time
	// RecipientID is the recipient's wa_id as Meta sent it: digits, no '+'.
	// It may be absent for a message sent to a BSUID.
	RecipientID string
	// RecipientUserID is the recipient's BSUID, when Meta sends one.
	RecipientUserID string
	// ConversationID and ConversationOrigin ("service", "utility",
	// "marketing", "authentication", "referral_conversion") describe the
	// billing conversation, when Meta includes one.
	ConversationID     string
	ConversationOrigin string
	// ConversationExpiry is when the conversation window closes; zero if
	// not given.
	ConversationExpiry time.Time
	// Pricing is set when Meta included pricing information.
	Pricing *Pricing
	// CallbackData is the biz_opaque_callback_data given at send time.
	CallbackData string
	// Errors explains a failed status.
	Errors []APIErrorDetail
}

// Pricing is how Meta will bill a message.
type Pricing struct {
	Billable bool
	// Model is "CBP" (per conversation) or "PMP" (per message).
	Model string
	// Category is "service", "utility", "marketing", "authentication" ...
	Category string
	// Type is the PMP price type, e.g. "regular" or "free_customer_service".
	Type string
}

// Err returns nil unless the status is failed; then it returns an
// [*APIError] built from the first error Meta gave (HTTPStatus 0), so
// errors.Is(err, ErrOutsideWindow) and Temporary work exactly as for a
// synchronous send error.
func (s StatusUpdate) Err() error {
	if s.Status != StatusFailed {
		return nil
	}
	if len(s.Errors) == 0 {
		return &APIError{Message: "message failed without an error from Meta"}
	}
	return s.Errors[0].Err()
}

// APIErrorDetail is one error object of a webhook.
type APIErrorDetail struct {
	Code    int
	Title   string
	Message string
	// Details is error_data.details.
	Details string
}

// Err returns the detail as an [*APIError] with HTTPStatus 0.
func (d APIErrorDetail) Err() error {
	msg := d.Message
	if msg == "" {
		msg = d.Title
	}
	return &APIError{Code: d.Code, Message: msg, Details: d.Details}
}

// ParseNotification parses a webhook body. Call it only after
// [VerifySignature] accepted the same bytes.
//
// Changes of fields other than "messages" are ignored, as are unknown JSON
// fields. A body that is not JSON, or whose object is not
// "whatsapp_business_account", fails with ErrMalformed; a single unreadable
// message or status is skipped and counted instead, so one odd item does not
// lose the rest of the batch.
func ParseNotification(body []byte) (Notification, error) {
	var raw rawNotification
	if err := json.Unmarshal(body, &raw); err != nil {
		return Notification{}, fmt.Errorf("parse notification: %w: %w", ErrMalformed, err)
	}
	if raw.Object != object {
		return Notification{}, fmt.Errorf("parse notification: object %q: %w", clip(raw.Object, maxShortLen), ErrMalformed)
	}
	p := parser{}
	for _, entry := range raw.Entry {
		for _, change := range entry.Changes {
			if change.Field != fieldMessages {
				continue
			}
			p.change(clip(string(entry.ID), maxIDLen), change.Value)
		}
	}
	return p.n, nil
}

// parser accumulates events and enforces MaxEvents.
type parser struct {
	n Notification
}

func (p *parser) add(ev Event) {
	if len(p.n.Events) >= MaxEvents {
		p.n.Skipped++
		return
	}
	p.n.Events = append(p.n.Events, ev)
}

func (p *parser) change(wabaID string, value json.RawMessage) {
	var v rawValue
	if err := json.Unmarshal(value, &v); err != nil {
		p.n.Skipped++
		return
	}
	base := Event{
		WABAID:             wabaID,
		PhoneNumberID:      clip(v.Metadata.PhoneNumberID, maxIDLen),
		DisplayPhoneNumber: clip(v.Metadata.DisplayPhoneNumber, maxIDLen),
	}
	if base.PhoneNumberID == "" {
		// Without it there is no tenant and no number to reply from.
		p.n.Skipped += len(v.Messages) + len(v.Statuses) + len(v.Errors)
		return
	}
	contacts := newContactBook(v.Contacts)

	for _, m := range v.Messages {
		msg, ok := parseMessage(m, contacts)
		if !ok {
			p.n.Skipped++
			continue
		}
		ev := base
		ev.Message = msg
		p.add(ev)
	}
	for _, s := range v.Statuses {
		st, ok := parseStatus(s)
		if !ok {
			p.n.Skipped++
			continue
		}
		ev := base
		ev.Status = st
		p.add(ev)
	}
	for _, e := range v.Errors {
		var re rawError
		if json.Unmarshal(e, &re) != nil {
			p.n.Skipped++
			continue
		}
		d := re.detail()
		ev := base
		ev.Error = &d
		p.add(ev)
	}
}

func parseMessage(data json.RawMessage, contacts contactBook) (*InboundMessage, bool) {
	var m rawMessage
	if json.Unmarshal(data, &m) != nil {
		return nil, false
	}
	msg := &InboundMessage{
		ID:         clip(m.ID, maxIDLen),
		From:       e164(m.From),
		FromUserID: clip(m.FromUserID, maxIDLen),
		Timestamp:  unixTime(m.Timestamp),
		Type:       MessageType(clip(m.Type, maxShortLen)),
	}
	if msg.ID == "" || (msg.From == "" && msg.FromUserID == "") {
		return nil, false
	}
	if c, ok := contacts.lookup(m.From, m.FromUserID); ok {
		msg.ProfileName = clip(c.Profile.Name, maxNameLen)
		msg.Username = clip(c.Profile.Username, maxNameLen)
		if msg.FromUserID == "" {
			msg.FromUserID = clip(c.UserID, maxIDLen)
		}
	}
	if m.Context != nil {
		msg.ContextID = clip(m.Context.ID, maxIDLen)
		msg.Forwarded = m.Context.Forwarded || m.Context.FrequentlyForwarded
	}

	switch {
	case m.Text != nil:
		msg.Text = m.Text.Body
	case m.Button != nil:
		msg.Text, msg.Payload = m.Button.Text, m.Button.Payload
	case m.Reaction != nil:
		msg.Text, msg.ReactionTo = m.Reaction.Emoji, clip(m.Reaction.MessageID, maxIDLen)
	case m.Interactive != nil:
		switch {
		case m.Interactive.ButtonReply != nil:
			msg.Text, msg.Payload = m.Interactive.ButtonReply.Title, m.Interactive.ButtonReply.ID
		case m.Interactive.ListReply != nil:
			msg.Text, msg.Payload = m.Interactive.ListReply.Title, m.Interactive.ListReply.ID
		case m.Interactive.NFMReply != nil:
			// A WhatsApp Flow's answer: the JSON is the useful part.
			msg.Text, msg.Payload = m.Interactive.NFMReply.Body, m.Interactive.NFMReply.ResponseJSON
		}
	case m.Location != nil:
		msg.Location = &Location{
			Latitude:  m.Location.Latitude,
			Longitude: m.Location.Longitude,
			Name:      clip(m.Location.Name, maxNameLen),
			Address:   clip(m.Location.Address, maxTextLen),
			URL:       clip(m.Location.URL, maxNameLen),
		}
		msg.Text = msg.Location.Name
	case m.System != nil:
		msg.Text = m.System.Body
	}
	if media := m.media(); media != nil {
		msg.Media = &Media{
			ID:       clip(media.ID, maxIDLen),
			MimeType: clip(media.MimeType, maxShortLen),
			SHA256:   clip(media.SHA256, maxShortLen),
			Caption:  clip(media.Caption, maxTextLen),
			Filename: clip(media.Filename, maxNameLen),
			Voice:    media.Voice,
			Animated: media.Animated,
		}
		if msg.Text == "" {
			msg.Text = msg.Media.Caption
		}
	}
	msg.Text = clip(msg.Text, maxTextLen)
	msg.Payload = clip(msg.Payload, maxTextLen)
	msg.Errors = details(m.Errors)
	return msg, true
}

func parseStatus(data json.RawMessage) (*StatusUpdate, bool) {
	var s rawStatus
	if json.Unmarshal(data, &s) != nil {
		return nil, false
	}
	st := &StatusUpdate{
		MessageID:       clip(s.ID, maxIDLen),
		Status:          Status(clip(s.Status, maxShortLen)),
		Timestamp:       unixTime(s.Timestamp),
		RecipientID:     clip(s.RecipientID, maxIDLen),
		RecipientUserID: clip(s.RecipientUserID, maxIDLen),
		CallbackData:    clip(s.BizOpaqueCallbackData, maxTextLen),
		Errors:          details(s.Errors),
	}
	if st.MessageID == "" || st.Status == "" {
		return nil, false
	}
	if c := s.Conversation; c != nil {
		st.ConversationID = clip(c.ID, maxIDLen)
		st.ConversationExpiry = unixTime(c.ExpirationTimestamp)
		if c.Origin != nil {
			st.ConversationOrigin = clip(c.Origin.Type, maxShortLen)
		}
	}
	if pr := s.Pricing; pr != nil {
		st.Pricing = &Pricing{
			Billable: pr.Billable,
			Model:    clip(pr.PricingModel, maxShortLen),
			Category: clip(pr.Category, maxShortLen),
			Type:     clip(pr.Type, maxShortLen),
		}
	}
	return st, true
}

func details(raw []json.RawMessage) []APIErrorDetail {
	var out []APIErrorDetail
	for _, r := range raw {
		if len(out) == maxItemErrors {
			break
		}
		var e rawError
		if json.Unmarshal(r, &e) != nil {
			continue
		}
		out = append(out, e.detail())
	}
	return out
}

// contactBook finds the contacts entry describing a message's sender.
// Maps, not a scan: a hostile batch of many contacts and many messages
// must not cost their product.
type contactBook struct {
	byWaID, byUserID map[string]rawContact
	only             *rawContact
}

func newContactBook(raw []json.RawMessage) contactBook {
	b := contactBook{byWaID: map[string]rawContact{}, byUserID: map[string]rawContact{}}
	n := 0
	for _, r := range raw {
		var c rawContact
		if json.Unmarshal(r, &c) != nil {
			continue
		}
		n++
		if _, dup := b.byWaID[c.WaID]; c.WaID != "" && !dup {
			b.byWaID[c.WaID] = c
		}
		if _, dup := b.byUserID[c.UserID]; c.UserID != "" && !dup {
			b.byUserID[c.UserID] = c
		}
		if n == 1 {
			b.only = &c
		}
	}
	if n != 1 {
		b.only = nil
	}
	return b
}

func (b contactBook) lookup(waID, userID string) (rawContact, bool) {
	if c, ok := b.byWaID[waID]; ok && waID != "" {
		return c, true
	}
	if c, ok := b.byUserID[userID]; ok && userID != "" {
		return c, true
	}
	// Meta lists exactly the sender; with one contact there is no doubt
	// even when the identifiers are spelt differently.
	if b.only != nil {
		return *b.only, true
	}
	return rawContact{}, false
}

// e164 turns a wa_id into E.164 with a leading '+', or "" if it is not a
// plausible number.
func e164(waID string) string {
	if !isDigits(waID, 1, 15) {
		return ""
	}
	return "+" + waID
}

func isDigits(s string, minLen, maxLen int) bool {
	if len(s) < minLen || len(s) > maxLen {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// maxUnix is 9999-12-31: later "timestamps" are garbage, not dates.
const maxUnix = 253402300799

// unixTime reads Meta's unix-seconds timestamps, which arrive as strings
// (sometimes as numbers); anything unreadable is the zero time.
func unixTime(s flexString) time.Time {
	secs, err := strconv.ParseInt(string(s), 10, 64)
	if err != nil || secs <= 0 || secs > maxUnix {
		return time.Time{}
	}
	return time.Unix(secs, 0).UTC()
}

// clip cuts s to at most n bytes without splitting a UTF-8 sequence.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// flexString accepts a JSON string or number, because Meta documents
// timestamps and ids as strings but the odd payload carries numbers.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*f = flexString(n.String())
	return nil
}

// The wire format, decoded leniently: lists stay raw so each item is
// decoded on its own.
type (
	rawNotification struct {
		Object string     `json:"object"`
		Entry  []rawEntry `json:"entry"`
	}
	rawEntry struct {
		ID      flexString  `json:"id"`
		Changes []rawChange `json:"changes"`
	}
	rawChange struct {
		Field string `json:"field"`
		// Raw because other fields' values have other shapes.
		Value json.RawMessage `json:"value"`
	}
	rawValue struct {
		Metadata struct {
			DisplayPhoneNumber string `json:"display_phone_number"`
			PhoneNumberID      string `json:"phone_number_id"`
		} `json:"metadata"`
		Contacts []json.RawMessage `json:"contacts"`
		Messages []json.RawMessage `json:"messages"`
		Statuses []json.RawMessage `json:"statuses"`
		Errors   []json.RawMessage `json:"errors"`
	}
	rawContact struct {
		WaID    string `json:"wa_id"`
		UserID  string `json:"user_id"`
		Profile struct {
			Name     string `json:"name"`
			Username string `json:"username"`
		} `json:"profile"`
	}
	rawMessage struct {
		From       string     `json:"from"`
		FromUserID string     `json:"from_user_id"`
		ID         string     `json:"id"`
		Timestamp  flexString `json:"timestamp"`
		Type       string     `json:"type"`
		Text       *struct {
			Body string `json:"body"`
		} `json:"text"`
		Image    *rawMedia `json:"image"`
		Audio    *rawMedia `json:"audio"`
		Video    *rawMedia `json:"video"`
		Document *rawMedia `json:"document"`
		Sticker  *rawMedia `json:"sticker"`
		Location *struct {
			Latitude  float64 `json:"latitude"`
			Longitude float64 `json:"longitude"`
			Name      string  `json:"name"`
			Address   string  `json:"address"`
			URL       string  `json:"url"`
		} `json:"location"`
		Button *struct {
			Payload string `json:"payload"`
			Text    string `json:"text"`
		} `json:"button"`
		Interactive *struct {
			Type        string `json:"type"`
			ButtonReply *struct {
				ID    string `json:"id"`
				Title string `json:"title"`
			} `json:"button_reply"`
			ListReply *struct {
				ID          string `json:"id"`
				Title       string `json:"title"`
				Description string `json:"description"`
			} `json:"list_reply"`
			NFMReply *struct {
				Name         string `json:"name"`
				Body         string `json:"body"`
				ResponseJSON string `json:"response_json"`
			} `json:"nfm_reply"`
		} `json:"interactive"`
		Reaction *struct {
			MessageID string `json:"message_id"`
			Emoji     string `json:"emoji"`
		} `json:"reaction"`
		System *struct {
			Body string `json:"body"`
		} `json:"system"`
		Context *struct {
			From                string `json:"from"`
			ID                  string `json:"id"`
			Forwarded           bool   `json:"forwarded"`
			FrequentlyForwarded bool   `json:"frequently_forwarded"`
		} `json:"context"`
		Errors []json.RawMessage `json:"errors"`
	}
	rawMedia struct {
		ID       string `json:"id"`
		MimeType string `json:"mime_type"`
		SHA256   string `json:"sha256"`
		Caption  string `json:"caption"`
		Filename string `json:"filename"`
		Voice    bool   `json:"voice"`
		Animated bool   `json:"animated"`
	}
	rawStatus struct {
		ID                    string     `json:"id"`
		Status                string     `json:"status"`
		Timestamp             flexString `json:"timestamp"`
		RecipientID           string     `json:"recipient_id"`
		RecipientUserID       string     `json:"recipient_user_id"`
		BizOpaqueCallbackData string     `json:"biz_opaque_callback_data"`
		Conversation          *struct {
			ID                  string     `json:"id"`
			ExpirationTimestamp flexString `json:"expiration_timestamp"`
			Origin              *struct {
				Type string `json:"type"`
			} `json:"origin"`
		} `json:"conversation"`
		Pricing *struct {
			Billable     bool   `json:"billable"`
			PricingModel string `json:"pricing_model"`
			Category     string `json:"category"`
			Type         string `json:"type"`
		} `json:"pricing"`
		Errors []json.RawMessage `json:"errors"`
	}
	rawError struct {
		Code      int    `json:"code"`
		Title     string `json:"title"`
		Message   string `json:"message"`
		ErrorData struct {
			Details string `json:"details"`
		} `json:"error_data"`
	}
)

// media returns whichever attachment object the message carries.
func (m *rawMessage) media() *rawMedia {
	for _, media := range []*rawMedia{m.Image, m.Audio, m.Video, m.Document, m.Sticker} {
		if media != nil {
			return media
		}
	}
	return nil
}

func (e rawError) detail() APIErrorDetail {
	return APIErrorDetail{
		Code:    e.Code,
		Title:   clip(e.Title, maxNameLen),
		Message: clip(e.Message, maxTextLen),
		Details: clip(e.ErrorData.Details, maxTextLen),
	}
}
