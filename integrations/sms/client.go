package sms

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	// DefaultBaseURL is Twilio's REST API.
	DefaultBaseURL = "https://api.twilio.com"

	// DefaultTimeout bounds a Send whose context has no deadline, so a hung
	// connection cannot hold a worker forever.
	DefaultTimeout = 30 * time.Second

	// MaxBodyChars is the longest Body Twilio accepts (error 21617).
	MaxBodyChars = 1600

	// IdempotencyHeader carries SendParams.IdempotencyKey. Twilio also sends
	// it on its own webhooks, one value per event, so retries of one event
	// can be recognised.
	IdempotencyHeader = "I-Twilio-Idempotency-Token"

	maxResponseBytes    = 1 << 20
	maxStatusCallback   = 4000 // Twilio's documented limit for StatusCallback (error 21609)
	maxIdempotencyBytes = 255
)

// Client sends messages through Twilio's Messages REST API. The zero value
// is not usable: AccountSID and AuthToken are required. A Client is safe for
// concurrent use and holds no connection state of its own.
type Client struct {
	// BaseURL is the API origin; "" means DefaultBaseURL. Tests point it at
	// smstest.Server.URL.
	BaseURL string
	// AccountSID and AuthToken authenticate with HTTP basic auth. An API key
	// SID and secret also work as username and password in Twilio, but the
	// account SID always names the account in the path, so this client uses
	// the account's own token.
	AccountSID, AuthToken string
	// HTTP is the client to use; nil means one that never follows redirects
	// (a redirect from the API would be a misconfiguration, and following it
	// would turn the POST into a GET).
	HTTP *http.Client
}

// SendParams is one outbound message.
type SendParams struct {
	// From is a Twilio number (E.164), short code or alphanumeric sender ID.
	// MessagingServiceSID ("MG…") lets the service pick the sender. At least
	// one of the two is required; with both, Twilio uses From within the
	// service.
	From                string
	MessagingServiceSID string
	// To must be E.164; separators are tolerated and stripped.
	To string
	// Body is up to MaxBodyChars characters. It may be empty only when
	// MediaURLs is not.
	Body string
	// MediaURLs are public http(s) URLs Twilio fetches, at most MaxMedia.
	MediaURLs []string
	// StatusCallback is where Twilio posts status changes; "" for none.
	StatusCallback string
	// IdempotencyKey, when set, is sent as I-Twilio-Idempotency-Token so that
	// a retry after a lost response does not send the message twice. Use a
	// stable key per logical message (for example the outbox row id).
	IdempotencyKey string
}

// Sent is Twilio's answer to a successful Send.
type Sent struct {
	SID    string
	Status Status // usually queued, or accepted with a Messaging Service
	// The remaining fields are informational and may be empty: Twilio fills
	// some only later, and a missing one never fails a Send that Twilio has
	// already accepted.
	AccountSID          string
	From                string
	To                  string
	MessagingServiceSID string
	NumSegments         int
	ErrorCode           int
	ErrorMessage        string
	DateCreated         time.Time
}

// APIError is an error answer from the Twilio API, decoded from its JSON
// error body ({"code":21211,"message":"...","more_info":"...","status":400}).
type APIError struct {
	// HTTPStatus is the response's status code (trusted over the body's
	// "status" field, which a proxy cannot forge but may omit).
	HTTPStatus int
	// Code is Twilio's error code (https://www.twilio.com/docs/api/errors),
	// 0 when the body was not Twilio JSON (an error page from a proxy).
	Code     int
	Message  string
	MoreInfo string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "twilio: HTTP %d", e.HTTPStatus)
	if e.Code != 0 {
		fmt.Fprintf(&b, " error %d", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	return b.String()
}

// Temporary reports whether retrying the same request later may succeed:
// true for 429 (rate limited) and 5xx, false for every other status, which
// means the request itself is wrong (bad number, unverified sender,
// suspended account).
func (e *APIError) Temporary() bool {
	return e.HTTPStatus == http.StatusTooManyRequests || e.HTTPStatus >= 500
}

// IsTemporary reports whether a Send error is worth retrying: an APIError
// that says so, or any failure to talk to Twilio at all (network error,
// timeout, cancelled context, unreadable response). Invalid params and
// client misconfiguration are permanent. Retrying after an unreadable 2xx
// response may send twice unless SendParams.IdempotencyKey was set.
func IsTemporary(err error) bool {
	if err == nil {
		return false
	}
	if apiErr, ok := errors.AsType[*APIError](err); ok {
		return apiErr.Temporary()
	}
	return !errors.Is(err, ErrInvalidParams) && !errors.Is(err, ErrMisconfigured)
}

var defaultHTTPClient = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// Send creates a Message resource: POST
// {BaseURL}/2010-04-01/Accounts/{AccountSID}/Messages.json. Params are
// validated first and nothing is sent if they are wrong (ErrInvalidParams).
// The request is bounded by ctx, or by DefaultTimeout if ctx has no
// deadline. See IsTemporary for how to treat the error.
func (c *Client) Send(ctx context.Context, p SendParams) (Sent, error) {
	form, err := p.form()
	if err != nil {
		return Sent{}, fmt.Errorf("send message: %w", err)
	}
	endpoint, err := c.messagesURL()
	if err != nil {
		return Sent{}, fmt.Errorf("send message: %w", err)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return Sent{}, fmt.Errorf("send message: build request: %w: %w", ErrMisconfigured, err)
	}
	req.SetBasicAuth(c.AccountSID, c.AuthToken)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "switchboard-sms/1")
	if p.IdempotencyKey != "" {
		req.Header.Set(IdempotencyHeader, p.IdempotencyKey)
	}

	hc := c.HTTP
	if hc == nil {
		hc = defaultHTTPClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return Sent{}, fmt.Errorf("send message: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return Sent{}, fmt.Errorf("send message: read response: %w", err)
	}
	tooLarge := len(body) > maxResponseBytes

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		if tooLarge {
			body = nil
		}
		return Sent{}, fmt.Errorf("send message: %w", decodeAPIError(resp.StatusCode, body))
	}
	if tooLarge {
		return Sent{}, fmt.Errorf("send message: response over %d bytes", maxResponseBytes)
	}
	sent, err := decodeMessage(body)
	if err != nil {
		return Sent{}, fmt.Errorf("send message: %w", err)
	}
	return sent, nil
}

func (c *Client) messagesURL() (string, error) {
	if c.AccountSID == "" || c.AuthToken == "" {
		return "", fmt.Errorf("account SID and auth token are required: %w", ErrMisconfigured)
	}
	base := c.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("base URL %q is not an http(s) URL: %w", base, ErrMisconfigured)
	}
	return strings.TrimSuffix(base, "/") + "/2010-04-01/Accounts/" + url.PathEscape(c.AccountSID) + "/Messages.json", nil
}

// form validates p the way Twilio would and encodes it. Catching these here
// turns a certain 400 into an error the caller sees before any network I/O.
func (p SendParams) form() (url.Values, error) {
	f := url.Values{}
	to, ok := NormalizeE164(p.To)
	if !ok {
		return nil, fmt.Errorf("param To %q is not an E.164 number: %w", p.To, ErrInvalidParams)
	}
	f.Set("To", to)

	if p.From == "" && p.MessagingServiceSID == "" {
		return nil, fmt.Errorf("one of From and MessagingServiceSID is required: %w", ErrInvalidParams)
	}
	if p.From != "" {
		from, err := senderAddress(p.From)
		if err != nil {
			return nil, err
		}
		f.Set("From", from)
	}
	if p.MessagingServiceSID != "" {
		if !validSID(p.MessagingServiceSID, "MG") {
			return nil, fmt.Errorf("param MessagingServiceSID %q is not an MG SID: %w", p.MessagingServiceSID, ErrInvalidParams)
		}
		f.Set("MessagingServiceSid", p.MessagingServiceSID)
	}

	if !utf8.ValidString(p.Body) {
		return nil, fmt.Errorf("param Body is not UTF-8: %w", ErrInvalidParams)
	}
	// Twilio counts characters, not bytes; runes are the closest measure.
	if n := utf8.RuneCountInString(p.Body); n > MaxBodyChars {
		return nil, fmt.Errorf("param Body has %d characters, over %d: %w", n, MaxBodyChars, ErrInvalidParams)
	}
	if p.Body == "" && len(p.MediaURLs) == 0 {
		return nil, fmt.Errorf("param Body or MediaURLs is required: %w", ErrInvalidParams)
	}
	if p.Body != "" {
		f.Set("Body", p.Body)
	}

	if len(p.MediaURLs) > MaxMedia {
		return nil, fmt.Errorf("%d media URLs, over %d: %w", len(p.MediaURLs), MaxMedia, ErrInvalidParams)
	}
	for _, m := range p.MediaURLs {
		if !absoluteHTTPURL(m) {
			return nil, fmt.Errorf("media URL %q is not an http(s) URL: %w", m, ErrInvalidParams)
		}
		f.Add("MediaUrl", m)
	}

	if p.StatusCallback != "" {
		if !absoluteHTTPURL(p.StatusCallback) || len(p.StatusCallback) > maxStatusCallback {
			return nil, fmt.Errorf("param StatusCallback %q is not an http(s) URL of at most %d characters: %w", p.StatusCallback, maxStatusCallback, ErrInvalidParams)
		}
		f.Set("StatusCallback", p.StatusCallback)
	}

	// A key net/http refuses as a header value would fail at send time and
	// look like a network error, so refuse it here.
	if len(p.IdempotencyKey) > maxIdempotencyBytes {
		return nil, fmt.Errorf("param IdempotencyKey over %d bytes: %w", maxIdempotencyBytes, ErrInvalidParams)
	}
	for i := range len(p.IdempotencyKey) {
		if c := p.IdempotencyKey[i]; c < 0x21 || c > 0x7e {
			return nil, fmt.Errorf("param IdempotencyKey must be visible ASCII: %w", ErrInvalidParams)
		}
	}
	return f, nil
}

func senderAddress(s string) (string, error) {
	switch {
	case strings.Contains(s, ":"):
		return "", fmt.Errorf("param From %q: %w: %w", s, ErrUnsupportedChannel, ErrInvalidParams)
	case strings.HasPrefix(strings.TrimSpace(s), "+"):
		n, ok := NormalizeE164(s)
		if !ok {
			return "", fmt.Errorf("param From %q is not an E.164 number: %w", s, ErrInvalidParams)
		}
		return n, nil
	case isShortCode(s) || isAlphanumericSender(s):
		return s, nil
	default:
		return "", fmt.Errorf("param From %q is not a phone number, short code or sender ID: %w", s, ErrInvalidParams)
	}
}

// twilioError is Twilio's JSON error body.
type twilioError struct {
	Code     flexInt `json:"code"`
	Message  string  `json:"message"`
	MoreInfo string  `json:"more_info"`
	Status   flexInt `json:"status"`
}

func decodeAPIError(status int, body []byte) *APIError {
	e := &APIError{HTTPStatus: status}
	var te twilioError
	if len(body) > 0 && json.Unmarshal(body, &te) == nil && (te.Code != 0 || te.Message != "") {
		e.Code, e.Message, e.MoreInfo = int(te.Code), te.Message, te.MoreInfo
		return e
	}
	// Not Twilio's JSON: an error page from a proxy or load balancer. Keep a
	// short, printable excerpt for the logs.
	e.Message = http.StatusText(status)
	if excerpt := printableExcerpt(body, 200); excerpt != "" {
		e.Message += ": " + excerpt
	}
	return e
}

func printableExcerpt(b []byte, limit int) string {
	b = bytes.TrimSpace(b)
	var out strings.Builder
	for _, r := range string(b) {
		if out.Len() >= limit {
			out.WriteString("…")
			break
		}
		if r == utf8.RuneError || r < 0x20 || r == 0x7f {
			r = ' '
		}
		out.WriteRune(r)
	}
	return out.String()
}

// messageResource is the part of Twilio's Message resource JSON we read.
// Twilio encodes counts as strings ("num_segments":"1") and error_code as a
// number or null; flexInt accepts either so a change in that habit does not
// fail a message that was in fact accepted.
type messageResource struct {
	SID                 string  `json:"sid"`
	Status              string  `json:"status"`
	AccountSID          string  `json:"account_sid"`
	From                *string `json:"from"`
	To                  string  `json:"to"`
	MessagingServiceSID *string `json:"messaging_service_sid"`
	NumSegments         flexInt `json:"num_segments"`
	ErrorCode           flexInt `json:"error_code"`
	ErrorMessage        *string `json:"error_message"`
	DateCreated         string  `json:"date_created"`
}

func decodeMessage(body []byte) (Sent, error) {
	var m messageResource
	if err := json.Unmarshal(body, &m); err != nil {
		return Sent{}, fmt.Errorf("decode response: %w", err)
	}
	if m.SID == "" {
		return Sent{}, errors.New("decode response: no sid")
	}
	s := Sent{
		SID:                 m.SID,
		Status:              Status(m.Status),
		AccountSID:          m.AccountSID,
		From:                deref(m.From),
		To:                  m.To,
		MessagingServiceSID: deref(m.MessagingServiceSID),
		NumSegments:         int(m.NumSegments),
		ErrorCode:           int(m.ErrorCode),
		ErrorMessage:        deref(m.ErrorMessage),
	}
	// RFC 2822 dates, e.g. "Thu, 24 Aug 2023 05:01:45 +0000".
	if t, err := time.Parse(time.RFC1123Z, m.DateCreated); err == nil {
		s.DateCreated = t
	}
	return s, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// flexInt decodes a JSON number, a numeric string or null.
type flexInt int

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := string(bytes.TrimSpace(b))
	if s == "null" || s == `""` {
		*f = 0
		return nil
	}
	if unq, err := strconv.Unquote(s); err == nil {
		s = unq
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("decode integer %s: %w", b, err)
	}
	*f = flexInt(n)
	return nil
}
