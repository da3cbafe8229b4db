package ivrbridge

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/switchboard/switchboard/integrations/voice"
)

const (
	// DefaultTimeout bounds a request whose context has no deadline.
	DefaultTimeout = 15 * time.Second
)

// Client is a voice.Carrier speaking the bridge's REST API and decoding its
// signed callbacks. It is safe for concurrent use.
type Client struct {
	// BaseURL is the bridge API's origin and path prefix, e.g.
	// "https://bridge.example/v1" or a simulator's URL.
	BaseURL string
	// APIKey, when set, is sent as "Authorization: Bearer …".
	APIKey string
	// Secret verifies status callbacks (see the package documentation).
	Secret []byte
	// CarrierName is what Name returns; "" means "ivrbridge". The simulated
	// carrier is this client named "sim".
	CarrierName string
	// Tolerance for callback timestamps; 0 means DefaultTolerance.
	Tolerance time.Duration
	// HTTP is the client to use; nil means one that does not follow
	// redirects (a redirected POST would silently become a GET).
	HTTP *http.Client
	// NowFunc is the clock for callback freshness; nil means time.Now.
	NowFunc func() time.Time
}

var _ voice.Carrier = (*Client)(nil)

// Name implements voice.Carrier.
func (c *Client) Name() string {
	if c.CarrierName != "" {
		return c.CarrierName
	}
	return "ivrbridge"
}

// Dial implements voice.Carrier: POST /calls. An error wrapping
// voice.ErrRejected is permanent; any other error may be retried.
func (c *Client) Dial(ctx context.Context, p voice.DialParams) (voice.Leg, error) {
	if p.From == "" || p.To == "" {
		return voice.Leg{}, fmt.Errorf("dial: from and to are required: %w", voice.ErrRejected)
	}
	if u, err := url.Parse(p.StreamURL); err != nil || (u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
		return voice.Leg{}, fmt.Errorf("dial: stream URL is not a ws(s) URL: %w", voice.ErrRejected)
	}
	req := CallRequest{
		From:           p.From,
		CallTo:         p.To,
		WSURL:          p.StreamURL,
		WSHeaders:      p.StreamHeaders,
		AudioFormat:    AudioFormat{Encoding: "pcm", SampleRate: 8000},
		StatusCallback: p.StatusCallbackURL,
	}
	if p.RingTimeout > 0 {
		req.RingTimeout = max(1, int(p.RingTimeout.Round(time.Second)/time.Second))
	}
	body, err := json.Marshal(req)
	if err != nil {
		return voice.Leg{}, fmt.Errorf("dial: %w", err)
	}
	resp, err := c.post(ctx, "/calls", body)
	if err != nil {
		return voice.Leg{}, fmt.Errorf("dial: %w", err)
	}
	var cr CallResponse
	if err := json.Unmarshal(resp, &cr); err != nil || cr.CallSID == "" {
		// The bridge may have accepted the call; a retry could ring twice,
		// but a leg we cannot name is useless, so report it as retryable.
		return voice.Leg{}, fmt.Errorf("dial: undecodable answer %q", truncate(string(resp), 200))
	}
	st := voice.Status(cr.Status)
	if !st.Valid() {
		st = voice.StatusInitiated
	}
	return voice.Leg{CarrierCallID: cr.CallSID, Status: st}, nil
}

// Hangup implements voice.Carrier: POST /calls/{call_sid}/hangup. A call the
// bridge does not know (404) counts as hung up.
func (c *Client) Hangup(ctx context.Context, carrierCallID string) error {
	if carrierCallID == "" {
		return fmt.Errorf("hangup: empty call sid: %w", voice.ErrRejected)
	}
	_, err := c.post(ctx, "/calls/"+url.PathEscape(carrierCallID)+"/hangup", nil)
	if se, ok := errors.AsType[*StatusError](err); ok && se.Code == http.StatusNotFound {
		return nil
	}
	if err != nil {
		return fmt.Errorf("hangup %s: %w", carrierCallID, err)
	}
	return nil
}

// StatusError is a non-2xx answer from the bridge.
type StatusError struct {
	Code    int
	Message string
}

func (e *StatusError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("ivrbridge: HTTP %d", e.Code)
	}
	return fmt.Sprintf("ivrbridge: HTTP %d: %s", e.Code, e.Message)
}

// Is makes a 4xx other than 408 and 429 match voice.ErrRejected.
func (e *StatusError) Is(target error) bool {
	return target == voice.ErrRejected && e.Code >= 400 && e.Code < 500 &&
		e.Code != http.StatusTooManyRequests && e.Code != http.StatusRequestTimeout
}

func (c *Client) post(ctx context.Context, path string, body []byte) ([]byte, error) {
	base := strings.TrimSuffix(c.BaseURL, "/")
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("base URL %q is not an http(s) URL: %w", c.BaseURL, voice.ErrRejected)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+path, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "switchboard-voice/1")
	if c.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+c.APIKey)
	}
	status, out, err := voice.Exchange(c.HTTP, req)
	if err != nil {
		return nil, err
	}
	if status < 200 || status > 299 {
		var er ErrorResponse
		msg := truncate(strings.TrimSpace(string(out)), 200)
		if json.Unmarshal(out, &er) == nil && er.Error != "" {
			msg = truncate(er.Error, 200)
		}
		return nil, &StatusError{Code: status, Message: msg}
	}
	return out, nil
}

// ParseStatus implements voice.Carrier. It verifies the signature over body
// (the raw request body, which the caller has read) before decoding it;
// publicURL is not part of the bridge's signature and is not used.
func (c *Client) ParseStatus(r *http.Request, body []byte, _ string) (voice.StatusEvent, error) {
	return ParseCallback(r.Header, body, c.Secret, c.now(), c.tolerance())
}

// ParseCallback verifies and decodes one status callback.
func ParseCallback(h http.Header, body []byte, secret []byte, now time.Time, tolerance time.Duration) (voice.StatusEvent, error) {
	if len(body) > MaxCallbackBytes {
		return voice.StatusEvent{}, fmt.Errorf("parse callback: body over %d bytes: %w", MaxCallbackBytes, ErrMalformed)
	}
	ts, sigs := h.Values(TimestampHeader), h.Values(SignatureHeader)
	if len(ts) != 1 || len(sigs) != 1 {
		return voice.StatusEvent{}, fmt.Errorf("parse callback: want one %s and one %s header: %w", TimestampHeader, SignatureHeader, voice.ErrBadSignature)
	}
	if err := VerifySignature(secret, ts[0], sigs[0], body, now, tolerance); err != nil {
		return voice.StatusEvent{}, fmt.Errorf("parse callback: %w", err)
	}
	var cb Callback
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&cb); err != nil {
		return voice.StatusEvent{}, fmt.Errorf("parse callback: %w: %w", ErrMalformed, err)
	}
	name, ok := strings.CutPrefix(cb.Event, eventPrefix)
	st := voice.Status(name)
	if !ok || !st.Valid() {
		return voice.StatusEvent{}, fmt.Errorf("parse callback: unknown event %q: %w", truncate(cb.Event, 40), ErrMalformed)
	}
	if cb.CallSID == "" || len(cb.CallSID) > 128 {
		return voice.StatusEvent{}, fmt.Errorf("parse callback: missing or oversize call_sid: %w", ErrMalformed)
	}
	if cb.Duration < 0 || cb.Duration > 7*24*3600 {
		return voice.StatusEvent{}, fmt.Errorf("parse callback: duration %d out of range: %w", cb.Duration, ErrMalformed)
	}
	at, err := time.Parse(time.RFC3339Nano, cb.Timestamp)
	if err != nil {
		// The signed header time is a good stand-in when the body's is absent.
		at = time.Time{}
	}
	ev := voice.StatusEvent{
		CarrierCallID: cb.CallSID,
		Status:        st,
		Reason:        truncate(cb.Reason, 500),
		At:            at,
		Duration:      time.Duration(cb.Duration) * time.Second,
		EventID:       cb.EventID,
	}
	if ev.At.IsZero() {
		if n, err := parseUnix(ts[0]); err == nil {
			ev.At = n
		}
	}
	if ev.EventID == "" || len(ev.EventID) > 128 {
		sum := sha256.Sum256(body)
		ev.EventID = "sha256:" + hex.EncodeToString(sum[:])
	}
	return ev, nil
}

func parseUnix(s string) (time.Time, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(n, 0), nil
}

func (c *Client) now() time.Time {
	if c.NowFunc != nil {
		return c.NowFunc()
	}
	return time.Now()
}

func (c *Client) tolerance() time.Duration {
	if c.Tolerance > 0 {
		return c.Tolerance
	}
	return DefaultTolerance
}
