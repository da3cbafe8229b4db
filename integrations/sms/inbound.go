package sms

import (
	"fmt"
	"mime"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxMedia is the most media a Twilio message can carry, in either direction.
const MaxMedia = 10

// Media is one attachment of an inbound MMS. URL points at Twilio's media
// store; fetching it may need the account's credentials.
type Media struct {
	URL         string
	ContentType string
}

// InboundMessage is a message a customer sent to one of our numbers.
type InboundMessage struct {
	// MessageSID is Twilio's id ("SM…" or "MM…"); Twilio retries a webhook
	// with the same id, so it is the de-duplication key.
	MessageSID          string
	AccountSID          string
	MessagingServiceSID string // "" when the number is not in a Messaging Service
	// From is the sender: E.164 for phone numbers, otherwise (short code,
	// alphanumeric sender) as Twilio sent it.
	From string
	// To is our number or short code that received the message.
	To   string
	Body string
	// Media is in Twilio's order (MediaUrl0 first); nil without media.
	Media       []Media
	NumSegments int
}

// Status is a message's delivery status as Twilio reports it.
type Status string

// The statuses Twilio documents for the Message resource.
const (
	StatusQueued      Status = "queued"
	StatusSending     Status = "sending"
	StatusSent        Status = "sent"
	StatusDelivered   Status = "delivered"
	StatusUndelivered Status = "undelivered"
	StatusFailed      Status = "failed"
	StatusRead        Status = "read"
	StatusAccepted    Status = "accepted"
	StatusScheduled   Status = "scheduled"
	StatusCanceled    Status = "canceled"
	StatusReceiving   Status = "receiving"
	StatusReceived    Status = "received"
)

// Valid reports whether s is one of the documented statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusQueued, StatusSending, StatusSent, StatusDelivered, StatusUndelivered, StatusFailed,
		StatusRead, StatusAccepted, StatusScheduled, StatusCanceled, StatusReceiving, StatusReceived:
		return true
	}
	return false
}

// Final reports whether no further outbound status change is expected
// (read can still follow delivered on channels with read receipts, so
// delivered counts as final for SMS, where it cannot).
func (s Status) Final() bool {
	switch s {
	case StatusDelivered, StatusUndelivered, StatusFailed, StatusRead, StatusCanceled, StatusReceived:
		return true
	}
	return false
}

// StatusCallback is Twilio's report that an outbound message changed status.
type StatusCallback struct {
	MessageSID          string
	AccountSID          string
	MessagingServiceSID string
	Status              Status
	// ErrorCode is Twilio's error code (e.g. 30003 unreachable handset) for
	// failed and undelivered messages, 0 otherwise.
	ErrorCode    int
	ErrorMessage string
	From, To     string
	// RawDlrDoneDate is the carrier's delivery-receipt time, YYMMDDhhmm in an
	// unspecified zone, passed through untouched because it cannot be
	// converted reliably. Often absent.
	RawDlrDoneDate string
}

// ParseInbound interprets the form of an inbound-message webhook, which must
// already have passed VerifyRequest. Missing or invalid fields fail with
// ErrMalformed naming the field; a WhatsApp or other channel address fails
// with ErrUnsupportedChannel (which also matches ErrMalformed).
func ParseInbound(v url.Values) (InboundMessage, error) {
	var m InboundMessage
	var err error
	if m.MessageSID, err = requiredSID(v, "MessageSid", "SM", "MM"); err != nil {
		return InboundMessage{}, fmt.Errorf("parse inbound: %w", err)
	}
	if m.AccountSID, err = requiredSID(v, "AccountSid", "AC"); err != nil {
		return InboundMessage{}, fmt.Errorf("parse inbound: %w", err)
	}
	if m.MessagingServiceSID, err = optionalSID(v, "MessagingServiceSid", "MG"); err != nil {
		return InboundMessage{}, fmt.Errorf("parse inbound: %w", err)
	}
	if m.From, err = address(v, "From", true); err != nil {
		return InboundMessage{}, fmt.Errorf("parse inbound: %w", err)
	}
	if m.To, err = address(v, "To", true); err != nil {
		return InboundMessage{}, fmt.Errorf("parse inbound: %w", err)
	}
	if m.Body, _, err = field(v, "Body"); err != nil {
		return InboundMessage{}, fmt.Errorf("parse inbound: %w", err)
	}
	if m.Media, err = media(v); err != nil {
		return InboundMessage{}, fmt.Errorf("parse inbound: %w", err)
	}
	if m.NumSegments, err = optionalInt(v, "NumSegments"); err != nil {
		return InboundMessage{}, fmt.Errorf("parse inbound: %w", err)
	}
	return m, nil
}

// ParseStatusCallback interprets the form of a message status callback,
// which must already have passed VerifyRequest. An unknown MessageStatus is
// ErrMalformed: acting on a status we do not understand would be guessing.
func ParseStatusCallback(v url.Values) (StatusCallback, error) {
	var c StatusCallback
	var err error
	if c.MessageSID, err = requiredSID(v, "MessageSid", "SM", "MM"); err != nil {
		return StatusCallback{}, fmt.Errorf("parse status callback: %w", err)
	}
	if c.AccountSID, err = requiredSID(v, "AccountSid", "AC"); err != nil {
		return StatusCallback{}, fmt.Errorf("parse status callback: %w", err)
	}
	if c.MessagingServiceSID, err = optionalSID(v, "MessagingServiceSid", "MG"); err != nil {
		return StatusCallback{}, fmt.Errorf("parse status callback: %w", err)
	}
	status, ok, err := field(v, "MessageStatus")
	if err != nil {
		return StatusCallback{}, fmt.Errorf("parse status callback: %w", err)
	}
	if !ok || status == "" {
		return StatusCallback{}, fmt.Errorf("parse status callback: field MessageStatus missing: %w", ErrMalformed)
	}
	c.Status = Status(status)
	if !c.Status.Valid() {
		return StatusCallback{}, fmt.Errorf("parse status callback: field MessageStatus %q unknown: %w", status, ErrMalformed)
	}
	if c.ErrorCode, err = optionalInt(v, "ErrorCode"); err != nil {
		return StatusCallback{}, fmt.Errorf("parse status callback: %w", err)
	}
	if c.ErrorMessage, _, err = field(v, "ErrorMessage"); err != nil {
		return StatusCallback{}, fmt.Errorf("parse status callback: %w", err)
	}
	// A Messaging Service may not have picked a sender yet, so From and To
	// are optional here; when present they must still be SMS addresses.
	if c.From, err = address(v, "From", false); err != nil {
		return StatusCallback{}, fmt.Errorf("parse status callback: %w", err)
	}
	if c.To, err = address(v, "To", false); err != nil {
		return StatusCallback{}, fmt.Errorf("parse status callback: %w", err)
	}
	if c.RawDlrDoneDate, _, err = field(v, "RawDlrDoneDate"); err != nil {
		return StatusCallback{}, fmt.Errorf("parse status callback: %w", err)
	}
	return c, nil
}

// field returns the single value of name. A repeated field is malformed:
// Twilio never repeats one, and picking either copy would let a forger who
// can append parameters choose. Invalid UTF-8 is malformed too, because it
// would fail later in the database instead of here.
func field(v url.Values, name string) (string, bool, error) {
	vals, ok := v[name]
	if !ok || len(vals) == 0 {
		return "", false, nil
	}
	if len(vals) > 1 {
		return "", false, fmt.Errorf("field %s repeated: %w", name, ErrMalformed)
	}
	if !utf8.ValidString(vals[0]) {
		return "", false, fmt.Errorf("field %s not UTF-8: %w", name, ErrMalformed)
	}
	return vals[0], true, nil
}

func requiredSID(v url.Values, name string, prefixes ...string) (string, error) {
	s, ok, err := field(v, name)
	if err != nil {
		return "", err
	}
	if !ok || s == "" {
		return "", fmt.Errorf("field %s missing: %w", name, ErrMalformed)
	}
	if !validSID(s, prefixes...) {
		return "", fmt.Errorf("field %s %q is not a %s SID: %w", name, s, strings.Join(prefixes, "/"), ErrMalformed)
	}
	return s, nil
}

func optionalSID(v url.Values, name string, prefixes ...string) (string, error) {
	s, _, err := field(v, name)
	if err != nil || s == "" {
		return "", err
	}
	if !validSID(s, prefixes...) {
		return "", fmt.Errorf("field %s %q is not a %s SID: %w", name, s, strings.Join(prefixes, "/"), ErrMalformed)
	}
	return s, nil
}

// validSID reports whether s is a Twilio SID: a two-letter type prefix and
// 32 hex digits, 34 characters in all.
func validSID(s string, prefixes ...string) bool {
	if len(s) != 34 {
		return false
	}
	prefixOK := false
	for _, p := range prefixes {
		if s[:2] == p {
			prefixOK = true
		}
	}
	if !prefixOK {
		return false
	}
	for i := 2; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

func optionalInt(v url.Values, name string) (int, error) {
	s, _, err := field(v, name)
	if err != nil || s == "" {
		return 0, err
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("field %s %q is not a count: %w", name, s, ErrMalformed)
	}
	return n, nil
}

// address reads a From/To field and normalises it with [NormalizeAddress].
func address(v url.Values, name string, required bool) (string, error) {
	s, _, err := field(v, name)
	if err != nil {
		return "", err
	}
	if s == "" {
		if required {
			return "", fmt.Errorf("field %s missing: %w", name, ErrMalformed)
		}
		return "", nil
	}
	a, err := NormalizeAddress(s)
	if err != nil {
		return "", fmt.Errorf("field %s: %w", name, err)
	}
	return a, nil
}

// media reads NumMedia and the MediaUrl{N}/MediaContentType{N} pairs. Every
// index below NumMedia must have both, and no index at or above it may
// appear: a count that disagrees with the parameters is not something
// Twilio sends.
func media(v url.Values) ([]Media, error) {
	n, err := optionalInt(v, "NumMedia")
	if err != nil {
		return nil, err
	}
	if n > MaxMedia {
		return nil, fmt.Errorf("field NumMedia %d over %d: %w", n, MaxMedia, ErrMalformed)
	}
	for name := range v {
		var suffix string
		switch {
		case strings.HasPrefix(name, "MediaUrl"):
			suffix = name[len("MediaUrl"):]
		case strings.HasPrefix(name, "MediaContentType"):
			suffix = name[len("MediaContentType"):]
		default:
			continue
		}
		i, err := strconv.Atoi(suffix)
		if err != nil || suffix != strconv.Itoa(i) || i < 0 || i >= n {
			return nil, fmt.Errorf("field %s inconsistent with NumMedia %d: %w", name, n, ErrMalformed)
		}
	}
	if n == 0 {
		return nil, nil
	}
	out := make([]Media, 0, n)
	for i := range n {
		urlName, typeName := "MediaUrl"+strconv.Itoa(i), "MediaContentType"+strconv.Itoa(i)
		u, ok, err := field(v, urlName)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("field %s missing for NumMedia %d: %w", urlName, n, ErrMalformed)
		}
		if !absoluteHTTPURL(u) {
			return nil, fmt.Errorf("field %s %q is not an http(s) URL: %w", urlName, u, ErrMalformed)
		}
		ct, ok, err := field(v, typeName)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("field %s missing for NumMedia %d: %w", typeName, n, ErrMalformed)
		}
		if _, _, err := mime.ParseMediaType(ct); err != nil {
			return nil, fmt.Errorf("field %s %q is not a media type: %w", typeName, ct, ErrMalformed)
		}
		out = append(out, Media{URL: u, ContentType: ct})
	}
	return out, nil
}

func absoluteHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.Opaque == ""
}
