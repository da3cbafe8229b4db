package smstest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"

	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/switchboard/switchboard/integrations/sms"
)

// APIVersion is the only Twilio API version this fake speaks.
const APIVersion = "2010-04-01"

// maxRequestBytes bounds what the fake reads from a client; Twilio's own
// limit is not documented, and a legitimate Messages request is tiny.
const maxRequestBytes = 1 << 20

// maxWebhookResponseBytes bounds what the fake keeps of a webhook's answer.
const maxWebhookResponseBytes = 1 << 20

// SentMessage is one message the fake accepted.
type SentMessage struct {
	SID                 string
	AccountSID          string
	From                string // "" when only MessagingServiceSID was given
	To                  string
	MessagingServiceSID string
	Body                string
	MediaURLs           []string
	StatusCallback      string
	IdempotencyKey      string
	// Status starts as queued (accepted with a Messaging Service) and
	// follows Deliver.
	Status      sms.Status
	ErrorCode   int
	DateCreated time.Time
	// Form is the request form exactly as received, for wire-level asserts.
	Form url.Values
}

func (m SentMessage) clone() SentMessage {
	m.MediaURLs = slices.Clone(m.MediaURLs)
	m.Form = cloneValues(m.Form)
	return m
}

func cloneValues(v url.Values) url.Values {
	if v == nil {
		return nil
	}
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// Server is a fake Twilio. Its methods are safe for concurrent use; its
// exported fields must be set before it serves its first request.
type Server struct {
	// URL is the base URL to put in sms.Client.BaseURL. NewServer sets it;
	// with New, set it to wherever the handler is mounted (it is only used
	// by Client).
	URL string
	// AccountSID and AuthToken are the credentials the fake accepts and
	// signs webhooks with.
	AccountSID, AuthToken string
	// HTTPClient posts webhooks; nil means a client with Twilio's 15 second
	// messaging webhook timeout.
	HTTPClient *http.Client
	// OnSendFunc, if set, is called with each newly accepted message (not
	// with idempotent replays), after it is recorded. The dev simulator uses
	// it to show outgoing messages; it must not block for long, as the API
	// response waits for it.
	OnSendFunc func(SentMessage)

	ts  *httptest.Server
	mux *http.ServeMux

	mu       sync.Mutex
	messages []SentMessage
	bySID    map[string]int
	byToken  map[string]string
	requests int
	fail     failure
	// changed is closed and replaced whenever a message is recorded, so
	// WaitFor blocks without polling.
	changed chan struct{}
}

type failure struct {
	remaining  int
	httpStatus int
	code       int
	message    string
}

// New returns a fake that is not listening anywhere: it is an http.Handler
// to mount (the dev-mode simulator does so). It serves Twilio's absolute
// paths ("/2010-04-01/…"), so mount it at the root of its own listener or
// behind http.StripPrefix, and set URL to match. Empty credentials are
// replaced with generated ones.
func New(accountSID, authToken string) *Server {
	if accountSID == "" {
		accountSID = NewSID("AC")
	}
	if authToken == "" {
		authToken = randomHex(16)
	}
	s := &Server{
		AccountSID: accountSID,
		AuthToken:  authToken,
		bySID:      map[string]int{},
		byToken:    map[string]string{},
		changed:    make(chan struct{}),
	}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("/2010-04-01/Accounts/{account}/Messages.json", s.handleMessages)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, 20404, "The requested resource "+r.URL.Path+" was not found")
	})
	return s
}

// NewServer starts a fake on a random loopback port and stops it when the
// test ends. Empty credentials are replaced with generated ones.
func NewServer(t testing.TB, accountSID, authToken string) *Server {
	t.Helper()
	s := New(accountSID, authToken)
	s.ts = httptest.NewServer(s)
	s.URL = s.ts.URL
	t.Cleanup(s.ts.Close)
	return s
}

// Client returns an sms.Client aimed at this fake with its credentials.
func (s *Server) Client() *sms.Client {
	c := &sms.Client{BaseURL: s.URL, AccountSID: s.AccountSID, AuthToken: s.AuthToken}
	if s.ts != nil {
		c.HTTP = s.ts.Client()
	}
	return c
}

// ServeHTTP serves Twilio's REST API paths the fake knows.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// FailNext makes the next n Messages requests that pass authentication fail
// with httpStatus and Twilio error code and message (e.g. 429/20429 or
// 503/20503), without recording anything or consuming an idempotency
// token. It replaces any failures still pending.
func (s *Server) FailNext(n, httpStatus, code int, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = failure{remaining: n, httpStatus: httpStatus, code: code, message: message}
}

// Requests counts Messages requests received, failed ones and idempotent
// replays included, so a test can see how often a client retried.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// Sent returns the accepted messages, oldest first.
func (s *Server) Sent() []SentMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]SentMessage, len(s.messages))
	for i, m := range s.messages {
		out[i] = m.clone()
	}
	return out
}

// Message returns the accepted message with the given sid.
func (s *Server) Message(sid string) (SentMessage, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.bySID[sid]
	if !ok {
		return SentMessage{}, false
	}
	return s.messages[i].clone(), true
}

// WaitFor blocks until at least n messages have been accepted and returns
// them all, or fails the test after timeout.
func (s *Server) WaitFor(t testing.TB, n int, timeout time.Duration) []SentMessage {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		have, changed := len(s.messages), s.changed
		s.mu.Unlock()
		if have >= n {
			return s.Sent()
		}
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("smstest: waited %s for %d messages, have %d", timeout, n, have)
			return nil
		}
	}
}

func (s *Server) handleMessages(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	s.mu.Unlock()

	if !s.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Basic realm="Twilio API"`)
		writeError(w, http.StatusUnauthorized, 20003, "Authenticate")
		return
	}
	if r.Method != http.MethodPost {
		writeError(w, http.StatusMethodNotAllowed, 20004, "Method not allowed")
		return
	}
	if f, ok := s.takeFailure(); ok {
		writeError(w, f.httpStatus, f.code, f.message)
		return
	}

	r.Body = http.MaxBytesReader(w, r.Body, maxRequestBytes)
	// Twilio reads only form bodies; a JSON body looks to it like a request
	// with no parameters, which is why error 21604 lists "not
	// x-www-form-urlencoded" among its causes.
	form := url.Values{}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if err := r.ParseForm(); err != nil {
			writeError(w, http.StatusBadRequest, 20001, "Invalid request body")
			return
		}
		form = r.PostForm
	}

	token := r.Header.Get(sms.IdempotencyHeader)
	if token != "" {
		s.mu.Lock()
		sid, seen := s.byToken[token]
		var m SentMessage
		if seen {
			m = s.messages[s.bySID[sid]].clone()
		}
		s.mu.Unlock()
		if seen {
			writeJSON(w, http.StatusCreated, messageJSON(m))
			return
		}
	}

	m, code, msg := validate(form)
	if code != 0 {
		writeError(w, http.StatusBadRequest, code, msg)
		return
	}
	m.SID = NewSID("SM")
	m.AccountSID = s.AccountSID
	m.IdempotencyKey = token
	m.DateCreated = time.Now().UTC().Truncate(time.Second)
	m.Form = cloneValues(form)
	m.Status = sms.StatusQueued
	if m.MessagingServiceSID != "" {
		m.Status = sms.StatusAccepted
	}

	s.mu.Lock()
	if token != "" {
		// Two concurrent requests with one token: the first to get here wins
		// and the other gets its message, as a replay would.
		if sid, seen := s.byToken[token]; seen {
			m = s.messages[s.bySID[sid]].clone()
			s.mu.Unlock()
			writeJSON(w, http.StatusCreated, messageJSON(m))
			return
		}
		s.byToken[token] = m.SID
	}
	s.bySID[m.SID] = len(s.messages)
	s.messages = append(s.messages, m)
	close(s.changed)
	s.changed = make(chan struct{})
	onSend := s.OnSendFunc
	s.mu.Unlock()

	if onSend != nil {
		onSend(m.clone())
	}
	writeJSON(w, http.StatusCreated, messageJSON(m))
}

func (s *Server) authorized(r *http.Request) bool {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return false
	}
	userOK := subtle.ConstantTimeCompare([]byte(user), []byte(s.AccountSID)) == 1
	passOK := subtle.ConstantTimeCompare([]byte(pass), []byte(s.AuthToken)) == 1
	// Credentials for one account do not open another account's path.
	return userOK && passOK && r.PathValue("account") == s.AccountSID
}

func (s *Server) takeFailure() (failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail.remaining <= 0 {
		return failure{}, false
	}
	s.fail.remaining--
	return s.fail, true
}

// validate checks a create request in the order Twilio reports problems and
// returns the message it describes, or a Twilio error code and message.
func validate(f url.Values) (SentMessage, int, string) {
	var m SentMessage
	to := f.Get("To")
	switch {
	case to == "":
		return m, 21604, "A 'To' phone number is required."
	case !isE164(to):
		return m, 21211, fmt.Sprintf("The 'To' number %s is not a valid phone number.", to)
	}
	m.To = to

	m.From, m.MessagingServiceSID = f.Get("From"), f.Get("MessagingServiceSid")
	if m.From == "" && m.MessagingServiceSID == "" {
		return m, 21603, "A 'From' phone number is required."
	}
	if m.From != "" {
		if _, err := sms.NormalizeAddress(m.From); err != nil || (strings.HasPrefix(m.From, "+") && !isE164(m.From)) {
			return m, 21212, fmt.Sprintf("The 'From' number %s is not a valid phone number, shortcode, or alphanumeric sender ID.", m.From)
		}
	}
	if m.MessagingServiceSID != "" && !isSID(m.MessagingServiceSID, "MG") {
		return m, 21705, "The Messaging Service Sid " + m.MessagingServiceSID + " is invalid."
	}

	m.Body = f.Get("Body")
	m.MediaURLs = f["MediaUrl"]
	if m.Body == "" && len(m.MediaURLs) == 0 {
		return m, 21602, "Message body is required."
	}
	if utf8.RuneCountInString(m.Body) > sms.MaxBodyChars {
		return m, 21617, "The concatenated message body exceeds the 1600 character limit."
	}
	if len(m.MediaURLs) > sms.MaxMedia {
		return m, 21623, "Number of media files exceeds allowed limit."
	}
	for _, u := range m.MediaURLs {
		if !isHTTPURL(u) {
			return m, 21620, "Invalid media URL(s)."
		}
	}

	m.StatusCallback = f.Get("StatusCallback")
	if m.StatusCallback != "" && (!isHTTPURL(m.StatusCallback) || len(m.StatusCallback) > 4000) {
		return m, 21609, "Invalid 'StatusCallback'"
	}
	return m, 0, ""
}

// isE164 is strict: the fake, like Twilio's API, wants the canonical form,
// with no separators.
func isE164(s string) bool {
	n, ok := sms.NormalizeE164(s)
	return ok && n == s
}

func isSID(s, prefix string) bool {
	if len(s) != 34 || !strings.HasPrefix(s, prefix) {
		return false
	}
	_, err := hex.DecodeString(s[2:])
	return err == nil
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.Contains(u.Hostname(), "_")
}

// messageJSON renders a Message resource the way Twilio does: counts as
// strings, nulls for unset values, RFC 2822 dates.
func messageJSON(m SentMessage) map[string]any {
	uri := "/" + APIVersion + "/Accounts/" + m.AccountSID + "/Messages/" + m.SID
	date := m.DateCreated.Format(time.RFC1123Z)
	segments := "0" // Twilio reports 0 until a Messaging Service picks a sender.
	if m.MessagingServiceSID == "" {
		segments = strconv.Itoa(Segments(m.Body))
	}
	var errorCode any
	if m.ErrorCode != 0 {
		errorCode = m.ErrorCode
	}
	return map[string]any{
		"account_sid":           m.AccountSID,
		"api_version":           APIVersion,
		"body":                  m.Body,
		"date_created":          date,
		"date_sent":             nil,
		"date_updated":          date,
		"direction":             "outbound-api",
		"error_code":            errorCode,
		"error_message":         nil,
		"from":                  nullable(m.From),
		"messaging_service_sid": nullable(m.MessagingServiceSID),
		"num_media":             strconv.Itoa(len(m.MediaURLs)),
		"num_segments":          segments,
		"price":                 nil,
		"price_unit":            "USD",
		"sid":                   m.SID,
		"status":                string(m.Status),
		"subresource_uris":      map[string]string{"media": uri + "/Media.json"},
		"to":                    m.To,
		"uri":                   uri + ".json",
	}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func writeError(w http.ResponseWriter, status, code int, message string) {
	writeJSON(w, status, map[string]any{
		"code":      code,
		"message":   message,
		"more_info": "https://www.twilio.com/docs/errors/" + strconv.Itoa(code),
		"status":    status,
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// NewSID returns a random Twilio-shaped SID: prefix ("SM", "AC", "MG", …)
// and 32 lowercase hex digits.
func NewSID(prefix string) string { return prefix + randomHex(16) }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+).
	return hex.EncodeToString(b)
}

// Segments estimates how many SMS segments body needs: GSM-7 bodies take
// 160 septets in one segment or 153 per segment when concatenated (extension
// characters such as "€" cost two), anything else is UCS-2 with 70 or 67
// UTF-16 units. An empty body (MMS) counts as one.
func Segments(body string) int {
	if body == "" {
		return 1
	}
	septets, gsm := 0, true
	for _, r := range body {
		switch {
		case strings.ContainsRune(gsmBasic, r):
			septets++
		case strings.ContainsRune(gsmExtension, r):
			septets += 2
		default:
			gsm = false
		}
	}
	if gsm {
		return segmentsFor(septets, 160, 153)
	}
	units := 0
	for _, r := range body {
		units++
		if r > 0xFFFF {
			units++
		}
	}
	return segmentsFor(units, 70, 67)
}

func segmentsFor(n, single, multi int) int {
	if n <= single {
		return 1
	}
	return (n + multi - 1) / multi
}

const (
	gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExtension = "\f^{}\\[~]|€"
)

// --- Webhooks: what Twilio sends to us. ---

// PostSigned posts params to webhookURL the way Twilio posts any webhook:
// form-encoded, signed over publicURL (the URL as configured in Twilio,
// which may differ from webhookURL when the handler sits behind a proxy or
// is reached through a test server), with a fresh I-Twilio-Idempotency-Token
// and Twilio's User-Agent. The returned response's body has been read and
// buffered (up to 1 MiB); closing it is harmless and not required.
func (s *Server) PostSigned(ctx context.Context, webhookURL, publicURL string, params url.Values) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, webhookURL, strings.NewReader(params.Encode()))
	if err != nil {
		return nil, fmt.Errorf("post webhook: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	req.Header.Set("Accept", "*/*")
	req.Header.Set("User-Agent", "TwilioProxy/1.1")
	req.Header.Set(sms.SignatureHeader, sms.Sign(s.AuthToken, publicURL, params))
	req.Header.Set(sms.IdempotencyHeader, randomHex(16)+"-"+randomHex(8))

	hc := s.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 15 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("post webhook: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxWebhookResponseBytes))
	if err != nil {
		return nil, fmt.Errorf("post webhook: read response: %w", err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// StatusParams returns the form Twilio posts to a StatusCallback when the
// message sid moves to status, with errorCode (0 for none) for failed and
// undelivered messages.
func (s *Server) StatusParams(sid string, status sms.Status, errorCode int) (url.Values, error) {
	m, ok := s.Message(sid)
	if !ok {
		return nil, fmt.Errorf("status params: no message %s", sid)
	}
	v := url.Values{}
	v.Set("AccountSid", m.AccountSID)
	v.Set("ApiVersion", APIVersion)
	v.Set("MessageSid", m.SID)
	v.Set("MessageStatus", string(status))
	v.Set("SmsSid", m.SID)
	v.Set("SmsStatus", string(status))
	v.Set("To", m.To)
	if m.From != "" {
		v.Set("From", m.From)
	}
	if m.MessagingServiceSID != "" {
		v.Set("MessagingServiceSid", m.MessagingServiceSID)
	}
	if errorCode != 0 {
		v.Set("ErrorCode", strconv.Itoa(errorCode))
	}
	if status == sms.StatusDelivered || status == sms.StatusUndelivered {
		v.Set("RawDlrDoneDate", time.Now().UTC().Format("0601021504"))
	}
	return v, nil
}

// PostStatus records that message sid moved to status (with errorCode, 0
// for none) and posts the status callback to the message's StatusCallback
// URL, signed over that URL as Twilio does.
func (s *Server) PostStatus(ctx context.Context, sid string, status sms.Status, errorCode int) (*http.Response, error) {
	params, err := s.StatusParams(sid, status, errorCode)
	if err != nil {
		return nil, fmt.Errorf("post status: %w", err)
	}
	s.mu.Lock()
	m := &s.messages[s.bySID[sid]]
	m.Status, m.ErrorCode = status, errorCode
	callback := m.StatusCallback
	s.mu.Unlock()
	if callback == "" {
		return nil, fmt.Errorf("post status: message %s has no StatusCallback", sid)
	}
	return s.PostSigned(ctx, callback, callback, params)
}

// Deliver posts a status callback for sid (see PostStatus) and fails the
// test if it cannot be posted. What the handler answered is in the response.
func (s *Server) Deliver(t testing.TB, sid string, status sms.Status) *http.Response {
	t.Helper()
	return s.DeliverWithError(t, sid, status, 0)
}

// DeliverWithError is Deliver with a Twilio error code, as sent with failed
// and undelivered statuses (e.g. 30003 unreachable handset).
func (s *Server) DeliverWithError(t testing.TB, sid string, status sms.Status, errorCode int) *http.Response {
	t.Helper()
	resp, err := s.PostStatus(t.Context(), sid, status, errorCode)
	if err != nil {
		t.Fatalf("smstest: %v", err)
	}
	return resp
}

// InboundParams describes a message a customer sends to one of our numbers.
type InboundParams struct {
	From, To, Body string
	// MessagingServiceSID is set when To belongs to a Messaging Service.
	MessagingServiceSID string
	Media               []sms.Media
	// MessageSID is generated when empty ("MM…" with media, "SM…" without);
	// set it to replay the same message, as Twilio does when it retries.
	MessageSID string
}

// InboundForm returns the form Twilio posts for an inbound message.
func (s *Server) InboundForm(p InboundParams) url.Values {
	sid := p.MessageSID
	if sid == "" {
		sid = NewSID("SM")
		if len(p.Media) > 0 {
			sid = NewSID("MM")
		}
	}
	v := url.Values{}
	v.Set("AccountSid", s.AccountSID)
	v.Set("ApiVersion", APIVersion)
	v.Set("Body", p.Body)
	v.Set("From", p.From)
	v.Set("MessageSid", sid)
	v.Set("NumMedia", strconv.Itoa(len(p.Media)))
	v.Set("NumSegments", strconv.Itoa(Segments(p.Body)))
	v.Set("ReferralNumMedia", "0")
	v.Set("SmsMessageSid", sid)
	v.Set("SmsSid", sid)
	v.Set("SmsStatus", string(sms.StatusReceived))
	v.Set("To", p.To)
	// Twilio sends its geographic lookups even when it found nothing, as
	// empty values; they are signed like any other parameter.
	for _, k := range []string{"FromCity", "FromCountry", "FromState", "FromZip", "ToCity", "ToCountry", "ToState", "ToZip"} {
		v.Set(k, "")
	}
	if p.MessagingServiceSID != "" {
		v.Set("MessagingServiceSid", p.MessagingServiceSID)
	}
	for i, m := range p.Media {
		v.Set("MediaUrl"+strconv.Itoa(i), m.URL)
		v.Set("MediaContentType"+strconv.Itoa(i), m.ContentType)
	}
	return v
}

// PostInbound posts an inbound message to webhookURL, signed over
// publicURL (see PostSigned).
func (s *Server) PostInbound(ctx context.Context, webhookURL, publicURL string, p InboundParams) (*http.Response, error) {
	resp, err := s.PostSigned(ctx, webhookURL, publicURL, s.InboundForm(p))
	if err != nil {
		return nil, fmt.Errorf("post inbound: %w", err)
	}
	return resp, nil
}

// Inbound delivers an inbound SMS to webhookURL, signed over publicURL, and
// fails the test if it cannot be posted. What the handler answered is in
// the response.
func (s *Server) Inbound(t testing.TB, webhookURL, publicURL, from, to, body string) *http.Response {
	t.Helper()
	return s.InboundWith(t, webhookURL, publicURL, InboundParams{From: from, To: to, Body: body})
}

// InboundWith is Inbound with media, a Messaging Service or a fixed sid.
func (s *Server) InboundWith(t testing.TB, webhookURL, publicURL string, p InboundParams) *http.Response {
	t.Helper()
	resp, err := s.PostInbound(t.Context(), webhookURL, publicURL, p)
	if err != nil {
		t.Fatalf("smstest: %v", err)
	}
	return resp
}
