package whatsapptest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1" //nolint:gosec // Meta still sends the legacy SHA-1 X-Hub-Signature; the fake mimics it, nothing relies on it.
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/switchboard/switchboard/integrations/whatsapp"
)

// Window is how long after a user's last message free-form replies are
// allowed.
const Window = 24 * time.Hour

// maxRequestBody bounds a send request; real ones are a few kilobytes.
const maxRequestBody = 1 << 20

// Error codes and texts the fake answers with, as Meta words them.
const (
	reEngagementTitle   = "Re-engagement message"
	reEngagementDetails = "Message failed to send because more than 24 hours have passed since the customer last replied to this number."
	errorCodesHref      = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"
)

// WindowPolicy is how the fake treats a free-form message to a user whose
// 24-hour window is closed.
type WindowPolicy int

const (
	// WindowReject answers 400 with error code 131047 at once (default).
	WindowReject WindowPolicy = iota
	// WindowFailStatus does what the Cloud API usually does: accepts the
	// message (200 and a wamid) and reports it failed with 131047 in the
	// next "failed" status delivered for it.
	WindowFailStatus
	// WindowIgnore does not enforce the window.
	WindowIgnore
)

// Sent is one message the fake accepted.
type Sent struct {
	// ID is the wamid returned to the sender.
	ID            string
	PhoneNumberID string
	// To is the recipient as digits without '+'.
	To string
	// Type is "text" or "template".
	Type string
	// Text and PreviewURL are set for text messages.
	Text       string
	PreviewURL bool
	// ReplyTo is context.message_id, if any.
	ReplyTo  string
	Template *SentTemplate
	// Body is the request JSON as received.
	Body []byte
	At   time.Time
	// FailedCode is non-zero when the message was accepted but will be
	// reported failed (WindowFailStatus): 131047.
	FailedCode int
}

// SentTemplate is the template part of a sent message.
type SentTemplate struct {
	Name       string
	Language   string
	Components []SentComponent
}

// SentComponent is one component of a sent template.
type SentComponent struct {
	Type       string
	Parameters []SentParameter
}

// SentParameter is one parameter of a sent template component.
type SentParameter struct {
	Type string
	// Name is parameter_name, for named variables.
	Name string
	Text string
}

// Delivery is one webhook the fake POSTed.
type Delivery struct {
	// Kind is "message", "status" or "raw".
	Kind string
	// MessageID is the wamid the webhook is about ("" for raw).
	MessageID  string
	Body       []byte
	StatusCode int
}

type windowKey struct {
	phoneNumberID string // "" opens the window for every business number
	waID          string
}

type failure struct {
	httpStatus int
	code       int
	message    string
}

// Server is the fake Graph API. Its methods are safe for concurrent use.
type Server struct {
	accessToken string
	appSecret   string
	httpSrv     *httptest.Server
	webhookHTTP *http.Client

	mu            sync.Mutex
	offset        time.Duration
	policy        WindowPolicy
	wabaID        string
	display       map[string]string
	windows       map[windowKey]time.Time
	conversations map[windowKey]string
	sent          []Sent
	sentIdx       map[string]int
	failures      []failure
	deliveries    []Delivery
	changed       chan struct{}
}

// New returns the fake as an http.Handler, without a listener: for a
// simulator that serves it itself. Tests use [NewServer].
func New(accessToken, appSecret string) *Server {
	return &Server{
		accessToken:   accessToken,
		appSecret:     appSecret,
		webhookHTTP:   &http.Client{Timeout: 10 * time.Second},
		wabaID:        "102290129340398",
		display:       map[string]string{},
		windows:       map[windowKey]time.Time{},
		conversations: map[windowKey]string{},
		sentIdx:       map[string]int{},
		changed:       make(chan struct{}),
	}
}

// NewServer starts the fake on a loopback port for the duration of the
// test.
func NewServer(t testing.TB, accessToken, appSecret string) *Server {
	t.Helper()
	s := New(accessToken, appSecret)
	s.httpSrv = httptest.NewServer(s)
	t.Cleanup(s.httpSrv.Close)
	return s
}

// URL is the fake's base URL, the Client.BaseURL to use. It is "" for a
// Server built with [New].
func (s *Server) URL() string {
	if s.httpSrv == nil {
		return ""
	}
	return s.httpSrv.URL
}

// Client returns a whatsapp.Client aimed at the fake with the right token.
// It panics for a Server built with New, whose address it cannot know: a
// client with an empty BaseURL would talk to the real Graph API.
func (s *Server) Client() *whatsapp.Client {
	if s.httpSrv == nil {
		panic("whatsapptest: Client needs a Server from NewServer")
	}
	return &whatsapp.Client{
		BaseURL:     s.httpSrv.URL,
		APIVersion:  whatsapp.DefaultAPIVersion,
		AccessToken: s.accessToken,
		HTTP:        s.httpSrv.Client(),
	}
}

// SetWindowPolicy chooses how a free-form message outside the window is
// treated.
func (s *Server) SetWindowPolicy(p WindowPolicy) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.policy = p
}

// SetWABAID sets the WhatsApp Business Account id put in webhooks.
func (s *Server) SetWABAID(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wabaID = id
}

// SetDisplayPhoneNumber sets the display number webhooks carry for
// phoneNumberID (default 15551234567).
func (s *Server) SetDisplayPhoneNumber(phoneNumberID, display string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.display[phoneNumberID] = display
}

// SetWebhookClient replaces the client used to POST webhooks, e.g. to
// trust an httptest TLS server.
func (s *Server) SetWebhookClient(c *http.Client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhookHTTP = c
}

// Advance moves the fake's clock forward, e.g. by 25 hours to close every
// window.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.offset += d
}

// Now is the fake's clock: the wall clock plus every Advance.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nowLocked()
}

func (s *Server) nowLocked() time.Time { return time.Now().Add(s.offset) }

// OpenWindow acts as if waID had just written to every business number.
func (s *Server) OpenWindow(waID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.windows[windowKey{waID: strings.TrimPrefix(waID, "+")}] = s.nowLocked()
}

// FailNext makes the next n send requests with a valid token fail with
// httpStatus and Meta error code, e.g. FailNext(1, 429, 130429, "Rate limit
// hit") or FailNext(2, 503, 2, "Service temporarily unavailable").
func (s *Server) FailNext(n, httpStatus, code int, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures = append(s.failures, failure{httpStatus: httpStatus, code: code, message: message})
	}
}

// Sent returns every accepted message, oldest first.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// Deliveries returns every webhook POSTed, oldest first.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.deliveries...)
}

// WaitFor waits until at least n messages were accepted and returns them
// all, failing the test after timeout.
func (s *Server) WaitFor(t testing.TB, n int, timeout time.Duration) []Sent {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		if len(s.sent) >= n {
			out := append([]Sent(nil), s.sent...)
			s.mu.Unlock()
			return out
		}
		changed, got := s.changed, len(s.sent)
		s.mu.Unlock()
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("whatsapptest: %d message(s) sent after %v, want %d", got, timeout, n)
			return nil
		}
	}
}

// ServeHTTP is the Graph API side: POST /{version}/{phone_number_id}/messages.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) != 3 || !validVersion(parts[0]) || !isDigits(parts[1], 1, 32) || parts[2] != "messages" {
		writeError(w, http.StatusBadRequest, 100, "GraphMethodException",
			"Unsupported request - method type: "+strings.ToLower(r.Method), "whatsapptest serves only POST /{version}/{phone_number_id}/messages")
		return
	}
	if r.Method != http.MethodPost {
		writeError(w, http.StatusBadRequest, 100, "GraphMethodException",
			"Unsupported get request.", "")
		return
	}
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(token), []byte(s.accessToken)) != 1 {
		w.Header().Set("WWW-Authenticate", `OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token - Cannot parse access token"`)
		writeError(w, http.StatusUnauthorized, 190, "OAuthException", "Invalid OAuth access token - Cannot parse access token", "")
		return
	}
	if f, ok := s.popFailure(); ok {
		writeError(w, f.httpStatus, f.code, "OAuthException", f.message, f.message)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, 100, "OAuthException", "Request body too large", "")
		return
	}
	msg, apiErr := parseSend(body)
	if apiErr != nil {
		writeError(w, http.StatusBadRequest, apiErr.code, "OAuthException", apiErr.message, apiErr.details)
		return
	}
	msg.PhoneNumberID = parts[1]
	msg.Body = body

	s.mu.Lock()
	now := s.nowLocked()
	if msg.Type != "template" && !s.windowOpenLocked(msg.PhoneNumberID, msg.To, now) {
		switch s.policy {
		case WindowReject:
			s.mu.Unlock()
			writeError(w, http.StatusBadRequest, whatsapp.CodeReEngagement, "OAuthException", reEngagementTitle, reEngagementDetails)
			return
		case WindowFailStatus:
			msg.FailedCode = whatsapp.CodeReEngagement
		case WindowIgnore:
		}
	}
	msg.ID = newWAMID(msg.To, false)
	msg.At = now
	s.sentIdx[msg.ID] = len(s.sent)
	s.sent = append(s.sent, msg)
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()

	resp := map[string]any{
		"messaging_product": "whatsapp",
		"contacts":          []map[string]string{{"input": msg.To, "wa_id": msg.To}},
	}
	if msg.Type == "template" {
		resp["messages"] = []map[string]string{{"id": msg.ID, "message_status": "accepted"}}
	} else {
		resp["messages"] = []map[string]string{{"id": msg.ID}}
	}
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) popFailure() (failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.failures) == 0 {
		return failure{}, false
	}
	f := s.failures[0]
	s.failures = s.failures[1:]
	return f, true
}

func (s *Server) windowOpenLocked(phoneNumberID, waID string, now time.Time) bool {
	for _, k := range []windowKey{{phoneNumberID, waID}, {"", waID}} {
		if last, ok := s.windows[k]; ok && now.Sub(last) < Window {
			return true
		}
	}
	return false
}

// graphError is a validation failure of a send request.
type graphError struct {
	code             int
	message, details string
}

func invalidParam(details string) *graphError {
	return &graphError{code: whatsapp.CodeInvalidParameter, message: "Invalid parameter", details: details}
}

// parseSend validates a send request the way the Cloud API does for the
// message types the fake supports.
func parseSend(body []byte) (Sent, *graphError) {
	var req struct {
		MessagingProduct string `json:"messaging_product"`
		RecipientType    string `json:"recipient_type"`
		To               string `json:"to"`
		Type             string `json:"type"`
		Context          *struct {
			MessageID string `json:"message_id"`
		} `json:"context"`
		Text *struct {
			Body       string `json:"body"`
			PreviewURL bool   `json:"preview_url"`
		} `json:"text"`
		Template *struct {
			Name     string `json:"name"`
			Language struct {
				Code string `json:"code"`
			} `json:"language"`
			Components []struct {
				Type       string `json:"type"`
				Parameters []struct {
					Type          string `json:"type"`
					ParameterName string `json:"parameter_name"`
					Text          string `json:"text"`
				} `json:"parameters"`
			} `json:"components"`
		} `json:"template"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		return Sent{}, invalidParam("request body is not valid JSON: " + err.Error())
	}
	if req.MessagingProduct != "whatsapp" {
		return Sent{}, &graphError{code: 100, message: "The parameter messaging_product is required."}
	}
	if req.RecipientType != "" && req.RecipientType != "individual" {
		return Sent{}, invalidParam("recipient_type must be individual")
	}
	to := strings.TrimPrefix(req.To, "+")
	if to == "" {
		return Sent{}, &graphError{code: 100, message: "The parameter to is required."}
	}
	if !isDigits(to, 7, 15) {
		return Sent{}, invalidParam("Invalid 'to' parameter: " + req.To)
	}
	msg := Sent{To: to, Type: req.Type}
	if msg.Type == "" {
		msg.Type = "text" // the Cloud API's default
	}
	if req.Context != nil {
		msg.ReplyTo = req.Context.MessageID
	}
	switch msg.Type {
	case "text":
		if req.Text == nil || strings.TrimSpace(req.Text.Body) == "" {
			return Sent{}, &graphError{code: 100, message: "The parameter text['body'] is required."}
		}
		if n := utf8.RuneCountInString(req.Text.Body); n > whatsapp.MaxTextLen {
			return Sent{}, invalidParam(fmt.Sprintf("Param text['body'] must be at most %d characters long.", whatsapp.MaxTextLen))
		}
		msg.Text, msg.PreviewURL = req.Text.Body, req.Text.PreviewURL
	case "template":
		t := req.Template
		if t == nil || t.Name == "" {
			return Sent{}, &graphError{code: 100, message: "The parameter template['name'] is required."}
		}
		if t.Language.Code == "" {
			return Sent{}, &graphError{code: 100, message: "The parameter template['language']['code'] is required."}
		}
		st := &SentTemplate{Name: t.Name, Language: t.Language.Code}
		for _, c := range t.Components {
			if c.Type != "header" && c.Type != "body" && c.Type != "button" {
				return Sent{}, invalidParam("Invalid component type: " + c.Type)
			}
			sc := SentComponent{Type: c.Type}
			for _, p := range c.Parameters {
				if p.Type == "text" && (strings.ContainsAny(p.Text, "\n\t") || strings.Contains(p.Text, "     ")) {
					return Sent{}, &graphError{code: whatsapp.CodeTemplateParamFormat, message: "There was an issue with the parameters in your template.",
						details: "Param text cannot have new-line/tab characters or more than 4 consecutive spaces"}
				}
				if p.Type == "text" && p.Text == "" {
					return Sent{}, &graphError{code: 131008, message: "Required parameter is missing", details: "Parameter text is required"}
				}
				sc.Parameters = append(sc.Parameters, SentParameter{Type: p.Type, Name: p.ParameterName, Text: p.Text})
			}
			st.Components = append(st.Components, sc)
		}
		msg.Template = st
	default:
		return Sent{}, invalidParam("whatsapptest supports only text and template messages, not " + strconv.Quote(msg.Type))
	}
	return msg, nil
}

// DeliverInbound POSTs a signed webhook for a text message from the user
// fromWaID (digits, '+' allowed) to the business number phoneNumberID and
// returns its wamid. The user's window opens before the POST, so a handler
// may answer within it. The response body has been read and may be read
// again.
func (s *Server) DeliverInbound(ctx context.Context, webhookURL, phoneNumberID, fromWaID, profileName, text string) (string, *http.Response, error) {
	from := strings.TrimPrefix(fromWaID, "+")
	if !isDigits(from, 7, 15) {
		return "", nil, fmt.Errorf("deliver inbound: %q is not a wa_id", fromWaID)
	}
	id := newWAMID(from, true)
	s.mu.Lock()
	now := s.nowLocked()
	s.windows[windowKey{phoneNumberID, from}] = now
	value := s.valueLocked(phoneNumberID)
	s.mu.Unlock()

	value["contacts"] = []any{map[string]any{"profile": map[string]any{"name": profileName}, "wa_id": from}}
	value["messages"] = []any{map[string]any{
		"from":      from,
		"id":        id,
		"timestamp": unixString(now),
		"text":      map[string]any{"body": text},
		"type":      "text",
	}}
	resp, err := s.post(ctx, webhookURL, "message", id, s.envelope(value))
	if err != nil {
		return "", nil, fmt.Errorf("deliver inbound: %w", err)
	}
	return id, resp, nil
}

// Inbound is DeliverInbound for tests: it fails the test if the POST
// cannot be made.
func (s *Server) Inbound(t testing.TB, webhookURL, phoneNumberID, fromWaID, profileName, text string) *http.Response {
	t.Helper()
	_, resp, err := s.DeliverInbound(t.Context(), webhookURL, phoneNumberID, fromWaID, profileName, text)
	if err != nil {
		t.Fatalf("whatsapptest: %v", err)
	}
	return resp
}

// DeliverStatus POSTs a signed status webhook ("sent", "delivered",
// "read", "failed" or "deleted") for a message the fake accepted. A failed
// status carries 131047 for a message accepted outside the window under
// WindowFailStatus, and 131026 (undeliverable) otherwise.
func (s *Server) DeliverStatus(ctx context.Context, webhookURL, phoneNumberID, messageID, status string) (*http.Response, error) {
	switch status {
	case "sent", "delivered", "read", "failed", "deleted":
	default:
		return nil, fmt.Errorf("deliver status: unknown status %q", status)
	}
	s.mu.Lock()
	i, ok := s.sentIdx[messageID]
	if !ok {
		s.mu.Unlock()
		return nil, fmt.Errorf("deliver status: no message %q was sent", messageID)
	}
	msg := s.sent[i]
	now := s.nowLocked()
	st := map[string]any{
		"id":           messageID,
		"status":       status,
		"timestamp":    unixString(now),
		"recipient_id": msg.To,
	}
	category, billable, priceType := "service", false, "free_customer_service"
	if msg.Type == "template" {
		// The fake cannot know a template's category; utility is the
		// commonest for a contact center.
		category, billable, priceType = "utility", true, "regular"
	}
	switch status {
	case "sent", "delivered":
		conv := map[string]any{"id": s.conversationLocked(phoneNumberID, msg.To), "origin": map[string]any{"type": category}}
		if status == "sent" {
			conv["expiration_timestamp"] = unixString(now.Add(Window))
		}
		st["conversation"] = conv
		st["pricing"] = map[string]any{"billable": billable, "pricing_model": "PMP", "category": category, "type": priceType}
	case "failed":
		code, title, details := whatsapp.CodeUndeliverable, "Message undeliverable", "Message Undeliverable."
		if msg.FailedCode == whatsapp.CodeReEngagement {
			code, title, details = whatsapp.CodeReEngagement, reEngagementTitle, reEngagementDetails
		}
		st["errors"] = []any{map[string]any{
			"code":       code,
			"title":      title,
			"message":    title,
			"error_data": map[string]any{"details": details},
			"href":       errorCodesHref,
		}}
	}
	value := s.valueLocked(phoneNumberID)
	s.mu.Unlock()

	value["statuses"] = []any{st}
	resp, err := s.post(ctx, webhookURL, "status", messageID, s.envelope(value))
	if err != nil {
		return nil, fmt.Errorf("deliver status: %w", err)
	}
	return resp, nil
}

// Status is DeliverStatus for tests: it fails the test on any error.
func (s *Server) Status(t testing.TB, webhookURL, phoneNumberID, messageID, status string) *http.Response {
	t.Helper()
	resp, err := s.DeliverStatus(t.Context(), webhookURL, phoneNumberID, messageID, status)
	if err != nil {
		t.Fatalf("whatsapptest: %v", err)
	}
	return resp
}

// Deliver signs body as Meta would and POSTs it to webhookURL unchanged,
// for payloads the other methods do not build (media, replies, batches).
func (s *Server) Deliver(ctx context.Context, webhookURL string, body []byte) (*http.Response, error) {
	resp, err := s.post(ctx, webhookURL, "raw", "", body)
	if err != nil {
		return nil, fmt.Errorf("deliver webhook: %w", err)
	}
	return resp, nil
}

// valueLocked starts a change value for phoneNumberID.
func (s *Server) valueLocked(phoneNumberID string) map[string]any {
	display := s.display[phoneNumberID]
	if display == "" {
		display = "15551234567"
	}
	return map[string]any{
		"messaging_product": "whatsapp",
		"metadata":          map[string]any{"display_phone_number": display, "phone_number_id": phoneNumberID},
	}
}

func (s *Server) conversationLocked(phoneNumberID, waID string) string {
	k := windowKey{phoneNumberID, waID}
	id, ok := s.conversations[k]
	if !ok {
		id = hex.EncodeToString(randomBytes(16))
		s.conversations[k] = id
	}
	return id
}

// envelope wraps one change value in Meta's notification object.
func (s *Server) envelope(value map[string]any) []byte {
	s.mu.Lock()
	waba := s.wabaID
	s.mu.Unlock()
	body, err := json.Marshal(map[string]any{
		"object": "whatsapp_business_account",
		"entry": []any{map[string]any{
			"id":      waba,
			"changes": []any{map[string]any{"value": value, "field": "messages"}},
		}},
	})
	if err != nil {
		panic("whatsapptest: encode webhook: " + err.Error()) // maps of strings always encode
	}
	return escapeLikeMeta(body)
}

// escapeLikeMeta rewrites JSON the way Meta's encoder writes it: every
// non-ASCII character as a \uXXXX escape (surrogate pairs above U+FFFF) and
// '/' as "\/". The signature covers these exact bytes, so a handler that
// verifies a re-encoded body instead of the raw one fails here as it
// would in production. Outside strings JSON has neither, so a byte-wise
// rewrite is safe.
func escapeLikeMeta(body []byte) []byte {
	out := make([]byte, 0, len(body)+len(body)/8)
	for i, r := range string(body) {
		switch {
		case r == '/':
			out = append(out, '\\', '/')
		case r < utf8.RuneSelf:
			out = append(out, body[i])
		case r > 0xFFFF:
			hi, lo := utf16.EncodeRune(r)
			out = fmt.Appendf(out, "\\u%04x\\u%04x", hi, lo)
		default:
			out = fmt.Appendf(out, "\\u%04x", r)
		}
	}
	return out
}

// post sends one signed webhook with the headers Meta sends, reads the
// answer and records the delivery.
func (s *Server) post(ctx context.Context, webhookURL, kind, messageID string, body []byte) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, webhookURL, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "facebookexternalua")
	req.Header.Set(whatsapp.SignatureHeader, whatsapp.Sign(s.appSecret, body))
	legacy := hmac.New(sha1.New, []byte(s.appSecret))
	legacy.Write(body)
	req.Header.Set("X-Hub-Signature", "sha1="+hex.EncodeToString(legacy.Sum(nil)))

	s.mu.Lock()
	client := s.webhookHTTP
	s.mu.Unlock()
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("post webhook: %w", err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, maxRequestBody))
	if err != nil {
		return nil, fmt.Errorf("read webhook response: %w", err)
	}
	// The caller gets a response it may read but need not close.
	resp.Body = io.NopCloser(bytes.NewReader(answer))

	s.mu.Lock()
	s.deliveries = append(s.deliveries, Delivery{Kind: kind, MessageID: messageID, Body: body, StatusCode: resp.StatusCode})
	s.mu.Unlock()
	return resp, nil
}

// writeError answers in the Graph API's error format.
func writeError(w http.ResponseWriter, httpStatus, code int, typ, message, details string) {
	if !strings.HasPrefix(message, "(#") {
		message = "(#" + strconv.Itoa(code) + ") " + message
	}
	e := map[string]any{
		"message":    message,
		"type":       typ,
		"code":       code,
		"fbtrace_id": newTraceID(),
	}
	if details != "" {
		e["error_data"] = map[string]any{"messaging_product": "whatsapp", "details": details}
	}
	writeJSON(w, httpStatus, map[string]any{"error": e})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// newWAMID makes an id shaped like Meta's: base64 of a small binary record
// holding the user's number and a random hex tag (32 characters for
// inbound messages, 18 for outbound), after "wamid.".
func newWAMID(waID string, inbound bool) string {
	tagLen, kind := 18, byte(0x11)
	if inbound {
		tagLen, kind = 32, 0x12
	}
	tag := strings.ToUpper(hex.EncodeToString(randomBytes(tagLen / 2)))
	var b []byte
	b = append(b, 0x1c, 0x18, byte(len(waID))) //nolint:gosec // a wa_id is at most 15 digits
	b = append(b, waID...)
	b = append(b, 0x15, 0x02, 0x00, kind, 0x18, byte(tagLen))
	b = append(b, tag...)
	b = append(b, 0x00)
	return "wamid." + base64.StdEncoding.EncodeToString(b)
}

func newTraceID() string {
	return base64.RawURLEncoding.EncodeToString(randomBytes(17))[:23]
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails since Go 1.24
	return b
}

func unixString(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

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

func validVersion(v string) bool {
	rest, ok := strings.CutPrefix(v, "v")
	if !ok {
		return false
	}
	major, minor, ok := strings.Cut(rest, ".")
	return ok && isDigits(major, 1, 4) && isDigits(minor, 1, 4)
}
