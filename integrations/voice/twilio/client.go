package twilio

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/switchboard/switchboard/integrations/sms"
	"github.com/switchboard/switchboard/integrations/voice"
)

const (
	// DefaultBaseURL is Twilio's REST API.
	DefaultBaseURL = "https://api.twilio.com"
	// DefaultTimeout bounds a request whose context has no deadline.
	DefaultTimeout = 15 * time.Second
	// MaxCallbackBytes bounds a status callback body.
	MaxCallbackBytes = 64 << 10
	// Twilio accepts a ring Timeout of 5 to 600 seconds (default 60).
	minRing, maxRing = 5, 600
)

// Client is a voice.Carrier for Twilio. It is safe for concurrent use.
type Client struct {
	// BaseURL is the API origin; "" means DefaultBaseURL.
	BaseURL string
	// AccountSID and AuthToken authenticate (HTTP basic) and sign callbacks.
	AccountSID, AuthToken string
	// HTTP is the client to use; nil means one that does not follow
	// redirects.
	HTTP *http.Client
}

var _ voice.Carrier = (*Client)(nil)

// Name implements voice.Carrier.
func (c *Client) Name() string { return "twilio" }

// StatusCallbackEvents are the call progress events Dial subscribes to.
var StatusCallbackEvents = []string{"initiated", "ringing", "answered", "completed"}

// APIError is an error answer from Twilio ({"code":21211,"message":…}).
type APIError struct {
	HTTPStatus int
	Code       int
	Message    string
}

func (e *APIError) Error() string {
	if e.Code != 0 {
		return fmt.Sprintf("twilio: HTTP %d error %d: %s", e.HTTPStatus, e.Code, e.Message)
	}
	return fmt.Sprintf("twilio: HTTP %d: %s", e.HTTPStatus, e.Message)
}

// Is makes a 4xx other than 408 and 429 match voice.ErrRejected: the request
// itself is wrong (bad number, unverified caller id, suspended account).
func (e *APIError) Is(target error) bool {
	return target == voice.ErrRejected && e.HTTPStatus >= 400 && e.HTTPStatus < 500 &&
		e.HTTPStatus != http.StatusTooManyRequests && e.HTTPStatus != http.StatusRequestTimeout
}

// StreamTwiML returns the TwiML that connects a call's audio to streamURL.
// Query parameters of streamURL and the headers become <Parameter>s (see the
// package documentation).
func StreamTwiML(streamURL string, headers map[string]string) (string, error) {
	u, err := url.Parse(streamURL)
	if err != nil || (u.Scheme != "wss" && u.Scheme != "ws") || u.Host == "" {
		return "", fmt.Errorf("stream URL is not a ws(s) URL: %w", voice.ErrRejected)
	}
	params := map[string]string{}
	for k, v := range u.Query() {
		if len(v) > 0 {
			params[k] = v[0]
		}
	}
	for k, v := range headers {
		params[k] = v
	}
	u.RawQuery = ""
	u.Fragment = ""
	var b strings.Builder
	b.WriteString(`<Response><Connect><Stream url="`)
	_ = xml.EscapeText(&b, []byte(u.String()))
	b.WriteString(`"`)
	if len(params) == 0 {
		b.WriteString(`/></Connect></Response>`)
		return b.String(), nil
	}
	b.WriteString(`>`)
	for _, k := range slices.Sorted(maps.Keys(params)) {
		b.WriteString(`<Parameter name="`)
		_ = xml.EscapeText(&b, []byte(k))
		b.WriteString(`" value="`)
		_ = xml.EscapeText(&b, []byte(params[k]))
		b.WriteString(`"/>`)
	}
	b.WriteString(`</Stream></Connect></Response>`)
	return b.String(), nil
}

// Dial implements voice.Carrier: it creates a Call.
func (c *Client) Dial(ctx context.Context, p voice.DialParams) (voice.Leg, error) {
	to, ok := sms.NormalizeE164(p.To)
	if !ok {
		return voice.Leg{}, fmt.Errorf("dial: To %q is not E.164: %w", p.To, voice.ErrRejected)
	}
	from, ok := sms.NormalizeE164(p.From)
	if !ok {
		return voice.Leg{}, fmt.Errorf("dial: From %q is not E.164: %w", p.From, voice.ErrRejected)
	}
	twiml, err := StreamTwiML(p.StreamURL, p.StreamHeaders)
	if err != nil {
		return voice.Leg{}, fmt.Errorf("dial: %w", err)
	}
	form := url.Values{"To": {to}, "From": {from}, "Twiml": {twiml}}
	if p.StatusCallbackURL != "" {
		form.Set("StatusCallback", p.StatusCallbackURL)
		form.Set("StatusCallbackMethod", http.MethodPost)
		form["StatusCallbackEvent"] = slices.Clone(StatusCallbackEvents)
	}
	if p.RingTimeout > 0 {
		secs := min(max(int(p.RingTimeout.Round(time.Second)/time.Second), minRing), maxRing)
		form.Set("Timeout", strconv.Itoa(secs))
	}
	body, err := c.post(ctx, "/Calls.json", form)
	if err != nil {
		return voice.Leg{}, fmt.Errorf("dial: %w", err)
	}
	var call struct {
		SID    string `json:"sid"`
		Status string `json:"status"`
	}
	if err := json.Unmarshal(body, &call); err != nil || call.SID == "" {
		return voice.Leg{}, errors.New("dial: undecodable Call resource")
	}
	st, ok := mapStatus(call.Status)
	if !ok {
		st = voice.StatusInitiated
	}
	return voice.Leg{CarrierCallID: call.SID, Status: st}, nil
}

// Hangup implements voice.Carrier: Status=completed on the Call. A call
// Twilio does not know (404) counts as ended.
func (c *Client) Hangup(ctx context.Context, callSID string) error {
	if callSID == "" || strings.ContainsAny(callSID, "/?#") {
		return fmt.Errorf("hangup: bad call sid %q: %w", callSID, voice.ErrRejected)
	}
	_, err := c.post(ctx, "/Calls/"+url.PathEscape(callSID)+".json", url.Values{"Status": {"completed"}})
	if ae, ok := errors.AsType[*APIError](err); ok && ae.HTTPStatus == http.StatusNotFound {
		return nil
	}
	if err != nil {
		return fmt.Errorf("hangup %s: %w", callSID, err)
	}
	return nil
}

func (c *Client) post(ctx context.Context, path string, form url.Values) ([]byte, error) {
	if c.AccountSID == "" || c.AuthToken == "" {
		return nil, fmt.Errorf("account SID and auth token are required: %w", voice.ErrRejected)
	}
	base := c.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("base URL %q is not an http(s) URL: %w", base, voice.ErrRejected)
	}
	endpoint := strings.TrimSuffix(base, "/") + "/2010-04-01/Accounts/" + url.PathEscape(c.AccountSID) + path
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.SetBasicAuth(c.AccountSID, c.AuthToken)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "switchboard-voice/1")
	status, body, err := voice.Exchange(c.HTTP, req)
	if err != nil {
		return nil, err
	}
	if status < 200 || status > 299 {
		ae := &APIError{HTTPStatus: status, Message: http.StatusText(status)}
		var te struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		}
		if json.Unmarshal(body, &te) == nil && (te.Code != 0 || te.Message != "") {
			ae.Code, ae.Message = te.Code, te.Message
		}
		return nil, ae
	}
	return body, nil
}

// mapStatus maps Twilio's CallStatus to ours.
func mapStatus(s string) (voice.Status, bool) {
	switch s {
	case "queued", "initiated":
		return voice.StatusInitiated, true
	case "ringing":
		return voice.StatusRinging, true
	case "in-progress", "answered":
		return voice.StatusInProgress, true
	case "completed":
		return voice.StatusCompleted, true
	case "busy":
		return voice.StatusBusy, true
	case "no-answer":
		return voice.StatusNoAnswer, true
	case "failed":
		return voice.StatusFailed, true
	case "canceled":
		return voice.StatusCanceled, true
	}
	return "", false
}

// ErrMalformed: a callback is signed correctly but is not a call status
// callback we understand.
var ErrMalformed = errors.New("twilio: malformed status callback")

// ParseStatus implements voice.Carrier. body is the raw request body and
// publicURL the exact URL given to Twilio as StatusCallback.
func (c *Client) ParseStatus(r *http.Request, body []byte, publicURL string) (voice.StatusEvent, error) {
	if c.AuthToken == "" {
		return voice.StatusEvent{}, errors.New("parse status: no auth token configured")
	}
	// sms.VerifyRequest reads the body itself; hand it the bytes we were given.
	vr := r.Clone(r.Context())
	vr.Body = io.NopCloser(bytes.NewReader(body))
	vr.ContentLength = int64(len(body))
	form, err := sms.VerifyRequest(vr, c.AuthToken, publicURL, MaxCallbackBytes)
	switch {
	case errors.Is(err, sms.ErrBadSignature):
		return voice.StatusEvent{}, fmt.Errorf("parse status: %w: %w", voice.ErrBadSignature, err)
	case errors.Is(err, sms.ErrMalformed), errors.Is(err, sms.ErrTooLarge):
		return voice.StatusEvent{}, fmt.Errorf("parse status: %w: %w", ErrMalformed, err)
	case err != nil:
		return voice.StatusEvent{}, fmt.Errorf("parse status: %w", err)
	}
	return decodeStatus(form)
}

func decodeStatus(form url.Values) (voice.StatusEvent, error) {
	sid := form.Get("CallSid")
	if sid == "" || len(sid) > 64 {
		return voice.StatusEvent{}, fmt.Errorf("parse status: no CallSid: %w", ErrMalformed)
	}
	st, ok := mapStatus(form.Get("CallStatus"))
	if !ok {
		return voice.StatusEvent{}, fmt.Errorf("parse status: unknown CallStatus %q: %w", truncate(form.Get("CallStatus"), 32), ErrMalformed)
	}
	ev := voice.StatusEvent{CarrierCallID: sid, Status: st}
	if d := form.Get("CallDuration"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 || n > 7*24*3600 {
			return voice.StatusEvent{}, fmt.Errorf("parse status: CallDuration %q: %w", truncate(d, 16), ErrMalformed)
		}
		ev.Duration = time.Duration(n) * time.Second
	}
	if t, err := time.Parse(time.RFC1123Z, form.Get("Timestamp")); err == nil {
		ev.At = t
	}
	if st.Final() && st != voice.StatusCompleted {
		ev.Reason = form.Get("CallStatus")
		if code := form.Get("SipResponseCode"); code != "" {
			ev.Reason += " (SIP " + truncate(code, 8) + ")"
		}
	}
	// One id per event: Twilio numbers a call's callbacks with
	// SequenceNumber, and the CallStatus disambiguates when it is absent.
	seq := form.Get("SequenceNumber")
	if seq == "" {
		seq = form.Get("CallStatus")
	}
	ev.EventID = sid + ":" + truncate(seq, 16)
	return ev, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
