package whatsapp_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/whatsapp"
	"github.com/switchboard/switchboard/integrations/whatsapp/whatsapptest"
)

const (
	testToken     = "EAAJB-test-token"
	testSecret    = "test-app-secret"
	testPhoneID   = "106540352242922"
	testCustomer  = "16505551234"
	testReplyWAID = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA="
)

// recorded is one request a capture server saw.
type recorded struct {
	method, path, auth, contentType string
	body                            string
}

// captureServer answers every request with status and body and records
// what it got.
type captureServer struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []recorded
}

func newCaptureServer(t *testing.T, status int, answer string) *captureServer {
	t.Helper()
	cs := &captureServer{}
	cs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		cs.mu.Lock()
		cs.reqs = append(cs.reqs, recorded{r.Method, r.URL.Path, r.Header.Get("Authorization"), r.Header.Get("Content-Type"), string(body)})
		cs.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, answer)
	}))
	t.Cleanup(cs.Close)
	return cs
}

func (cs *captureServer) requests() []recorded {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return append([]recorded(nil), cs.reqs...)
}

func (cs *captureServer) client() *whatsapp.Client {
	return &whatsapp.Client{BaseURL: cs.URL, AccessToken: testToken, HTTP: cs.Client()}
}

const okAnswer = `{"messaging_product":"whatsapp","contacts":[{"input":"16505551234","wa_id":"16505551234"}],"messages":[{"id":"wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"}]}`

func TestSendTextWireFormat(t *testing.T) {
	t.Parallel()
	cs := newCaptureServer(t, http.StatusOK, okAnswer)

	id, err := cs.client().SendText(t.Context(), testPhoneID, testCustomer, "Hi <Ana> & welcome", &whatsapp.SendOpts{ReplyTo: testReplyWAID, PreviewURL: true})
	require.NoError(t, err)
	require.Equal(t, "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA", id)

	reqs := cs.requests()
	require.Len(t, reqs, 1)
	require.Equal(t, http.MethodPost, reqs[0].method)
	require.Equal(t, "/v21.0/106540352242922/messages", reqs[0].path)
	require.Equal(t, "Bearer "+testToken, reqs[0].auth)
	require.Equal(t, "application/json", reqs[0].contentType)
	require.JSONEq(t, `{
		"messaging_product": "whatsapp",
		"recipient_type": "individual",
		"to": "16505551234",
		"type": "text",
		"context": {"message_id": "`+testReplyWAID+`"},
		"text": {"body": "Hi <Ana> & welcome", "preview_url": true}
	}`, reqs[0].body)

	// Without options: no context, preview off.
	_, err = cs.client().SendText(t.Context(), testPhoneID, testCustomer, "plain", nil)
	require.NoError(t, err)
	require.JSONEq(t, `{"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234","type":"text","text":{"body":"plain","preview_url":false}}`, cs.requests()[1].body)
}

func TestSendTemplateWireFormat(t *testing.T) {
	t.Parallel()
	cs := newCaptureServer(t, http.StatusOK, `{"messaging_product":"whatsapp","contacts":[{"input":"16505551234","wa_id":"16505551234"}],"messages":[{"id":"wamid.T1","message_status":"accepted"}]}`)
	c := cs.client()
	c.APIVersion = "v23.0"

	id, err := c.SendTemplate(t.Context(), testPhoneID, testCustomer, whatsapp.Template{
		Name:     "order_update",
		Language: "en_US",
		Components: []whatsapp.TemplateComponent{
			{Type: "header", Parameters: []whatsapp.TemplateParameter{{Text: "Order #1234"}}},
			{Type: "body", Parameters: []whatsapp.TemplateParameter{{Name: "first_name", Text: "Ana"}, {Name: "eta", Text: "Tuesday"}}},
		},
	})
	require.NoError(t, err)
	require.Equal(t, "wamid.T1", id)

	reqs := cs.requests()
	require.Len(t, reqs, 1)
	require.Equal(t, "/v23.0/106540352242922/messages", reqs[0].path)
	require.JSONEq(t, `{
		"messaging_product": "whatsapp",
		"recipient_type": "individual",
		"to": "16505551234",
		"type": "template",
		"template": {
			"name": "order_update",
			"language": {"code": "en_US"},
			"components": [
				{"type": "header", "parameters": [{"type": "text", "text": "Order #1234"}]},
				{"type": "body", "parameters": [
					{"type": "text", "parameter_name": "first_name", "text": "Ana"},
					{"type": "text", "parameter_name": "eta", "text": "Tuesday"}
				]}
			]
		}
	}`, reqs[0].body)

	// A template without variables sends no components.
	_, err = c.SendTemplate(t.Context(), testPhoneID, testCustomer, whatsapp.Template{Name: "hello_world", Language: "en_US"})
	require.NoError(t, err)
	require.JSONEq(t, `{"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234","type":"template","template":{"name":"hello_world","language":{"code":"en_US"}}}`, cs.requests()[1].body)
}

func TestSendAgainstFake(t *testing.T) {
	t.Parallel()
	wa := whatsapptest.NewServer(t, testToken, testSecret)
	client := wa.Client()

	// Outside the window: the fake, like Meta, refuses free-form text...
	_, err := client.SendText(t.Context(), testPhoneID, testCustomer, "hello?", nil)
	require.ErrorIs(t, err, whatsapp.ErrOutsideWindow)
	require.False(t, whatsapp.IsTemporary(err))
	apiErr, ok := errors.AsType[*whatsapp.APIError](err)
	require.True(t, ok)
	require.Equal(t, http.StatusBadRequest, apiErr.HTTPStatus)
	require.Equal(t, whatsapp.CodeReEngagement, apiErr.Code)
	require.Equal(t, "OAuthException", apiErr.Type)
	require.Equal(t, "(#131047) Re-engagement message", apiErr.Message)
	require.Contains(t, apiErr.Details, "24 hours")
	require.NotEmpty(t, apiErr.FBTraceID)
	require.Empty(t, wa.Sent())

	// ...but always takes a template.
	tid, err := client.SendTemplate(t.Context(), testPhoneID, testCustomer, whatsapp.Template{
		Name: "reopen_conversation", Language: "en",
		Components: []whatsapp.TemplateComponent{{Type: "body", Parameters: []whatsapp.TemplateParameter{{Text: "Ana"}}}},
	})
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(tid, "wamid."))

	// Once the customer writes, free-form text is allowed.
	wa.OpenWindow(testCustomer)
	id, err := client.SendText(t.Context(), testPhoneID, testCustomer, "How can I help?", &whatsapp.SendOpts{ReplyTo: testReplyWAID})
	require.NoError(t, err)
	require.NotEqual(t, tid, id)

	sent := wa.WaitFor(t, 2, 5*time.Second)
	require.Equal(t, "template", sent[0].Type)
	require.Equal(t, "reopen_conversation", sent[0].Template.Name)
	require.Equal(t, []whatsapptest.SentComponent{{Type: "body", Parameters: []whatsapptest.SentParameter{{Type: "text", Text: "Ana"}}}}, sent[0].Template.Components)
	require.Equal(t, whatsapptest.Sent{
		ID: id, PhoneNumberID: testPhoneID, To: testCustomer, Type: "text", Text: "How can I help?",
		ReplyTo: testReplyWAID, Body: sent[1].Body, At: sent[1].At,
	}, sent[1])
}

func TestSendErrors(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		status    int
		answer    string
		code      int
		temporary bool
	}{
		"rate limit 429": {http.StatusTooManyRequests, `{"error":{"message":"(#130429) Rate limit hit","type":"OAuthException","code":130429,"error_data":{"messaging_product":"whatsapp","details":"Cloud API message throughput has been reached."},"fbtrace_id":"A1"}}`, 130429, true},
		"code 4 at 400":  {http.StatusBadRequest, `{"error":{"message":"(#4) Application request limit reached","type":"OAuthException","code":4,"fbtrace_id":"A2"}}`, 4, true},
		"code 80007":     {http.StatusBadRequest, `{"error":{"message":"(#80007) Rate limit issues","type":"OAuthException","code":80007,"fbtrace_id":"A3"}}`, 80007, true},
		"pair limit":     {http.StatusBadRequest, `{"error":{"message":"(#131056) (Business Account, Consumer Account) pair rate limit hit","type":"OAuthException","code":131056}}`, 131056, true},
		"spam limit":     {http.StatusBadRequest, `{"error":{"message":"(#131048) Spam rate limit hit","type":"OAuthException","code":131048}}`, 131048, true},
		"server error":   {http.StatusInternalServerError, `{"error":{"message":"An unexpected error has occurred. Please retry your request later.","type":"OAuthException","is_transient":true,"code":2,"fbtrace_id":"A4"}}`, 2, true},
		"bad gateway":    {http.StatusBadGateway, `<html>bad gateway</html>`, 0, true},
		"expired token":  {http.StatusUnauthorized, `{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"A5"}}`, 190, false},
		"invalid param":  {http.StatusBadRequest, `{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100,"error_data":{"messaging_product":"whatsapp","details":"Invalid parameter"}}}`, 100, false},
		"undeliverable":  {http.StatusBadRequest, `{"error":{"message":"(#131026) Message undeliverable","type":"OAuthException","code":131026}}`, 131026, false},
		"string data":    {http.StatusBadRequest, `{"error":{"message":"Invalid","type":"OAuthException","code":100,"error_data":"legacy string"}}`, 100, false},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cs := newCaptureServer(t, c.status, c.answer)
			_, err := cs.client().SendText(t.Context(), testPhoneID, testCustomer, "hi", nil)
			require.Error(t, err)
			apiErr, ok := errors.AsType[*whatsapp.APIError](err)
			require.True(t, ok, "%v", err)
			require.Equal(t, c.status, apiErr.HTTPStatus)
			require.Equal(t, c.code, apiErr.Code)
			require.Equal(t, c.temporary, apiErr.Temporary())
			require.Equal(t, c.temporary, whatsapp.IsTemporary(err))
			require.NotErrorIs(t, err, whatsapp.ErrOutsideWindow)
			require.NotContains(t, err.Error(), testToken)
		})
	}

	cs := newCaptureServer(t, http.StatusBadRequest, `{"error":{"message":"Invalid","type":"OAuthException","code":100,"error_data":"legacy string","error_subcode":2494010}}`)
	_, err := cs.client().SendText(t.Context(), testPhoneID, testCustomer, "hi", nil)
	apiErr, ok := errors.AsType[*whatsapp.APIError](err)
	require.True(t, ok)
	require.Equal(t, "legacy string", apiErr.Details)
	require.Equal(t, 2494010, apiErr.Subcode)

	// A 200 without a message id is an error, not an empty id.
	cs = newCaptureServer(t, http.StatusOK, `{"messaging_product":"whatsapp","messages":[]}`)
	_, err = cs.client().SendText(t.Context(), testPhoneID, testCustomer, "hi", nil)
	require.ErrorContains(t, err, "no message id")
}

func TestSendFakeFailNextAndAuth(t *testing.T) {
	t.Parallel()
	wa := whatsapptest.NewServer(t, testToken, testSecret)
	wa.OpenWindow(testCustomer)
	client := wa.Client()

	wa.FailNext(1, http.StatusTooManyRequests, whatsapp.CodeCloudRateLimit, "Rate limit hit")
	_, err := client.SendText(t.Context(), testPhoneID, testCustomer, "hi", nil)
	require.True(t, whatsapp.IsTemporary(err))
	apiErr, ok := errors.AsType[*whatsapp.APIError](err)
	require.True(t, ok)
	require.Equal(t, whatsapp.CodeCloudRateLimit, apiErr.Code)
	require.True(t, apiErr.Temporary())

	// The failure was used up: the retry goes through.
	_, err = client.SendText(t.Context(), testPhoneID, testCustomer, "hi", nil)
	require.NoError(t, err)

	bad := *client
	bad.AccessToken = "wrong"
	_, err = bad.SendText(t.Context(), testPhoneID, testCustomer, "hi", nil)
	apiErr, ok = errors.AsType[*whatsapp.APIError](err)
	require.True(t, ok)
	require.Equal(t, http.StatusUnauthorized, apiErr.HTTPStatus)
	require.Equal(t, whatsapp.CodeAccessTokenExpired, apiErr.Code)
	require.False(t, whatsapp.IsTemporary(err))
	require.Len(t, wa.Sent(), 1)
}

func TestSendContextTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })

	client := &whatsapp.Client{BaseURL: srv.URL, AccessToken: testToken, HTTP: srv.Client()}
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := client.SendText(ctx, testPhoneID, testCustomer, "hi", nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Less(t, time.Since(start), 5*time.Second)
	require.True(t, whatsapp.IsTemporary(err), "a timeout may not have reached Meta: retry")
}

func TestSendValidatesBeforeRequest(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = io.WriteString(w, okAnswer)
	}))
	t.Cleanup(srv.Close)
	client := &whatsapp.Client{BaseURL: srv.URL, AccessToken: testToken, HTTP: srv.Client()}
	ctx := t.Context()

	texts := map[string]struct {
		phoneID, to, body string
		opts              *whatsapp.SendOpts
	}{
		"plus in to":       {testPhoneID, "+16505551234", "hi", nil},
		"spaces in to":     {testPhoneID, "1 650 555 1234", "hi", nil},
		"too short":        {testPhoneID, "123456", "hi", nil},
		"too long":         {testPhoneID, "1234567890123456", "hi", nil},
		"leading zero":     {testPhoneID, "06505551234", "hi", nil},
		"empty to":         {testPhoneID, "", "hi", nil},
		"phone id path":    {"../../me", testCustomer, "hi", nil},
		"empty phone id":   {"", testCustomer, "hi", nil},
		"empty body":       {testPhoneID, testCustomer, "", nil},
		"blank body":       {testPhoneID, testCustomer, " \n\t", nil},
		"4097 characters":  {testPhoneID, testCustomer, strings.Repeat("ж", 4097), nil},
		"invalid utf8":     {testPhoneID, testCustomer, "bad \xff", nil},
		"reply-to garbage": {testPhoneID, testCustomer, "hi", &whatsapp.SendOpts{ReplyTo: "a b"}},
	}
	for name, c := range texts {
		_, err := client.SendText(ctx, c.phoneID, c.to, c.body, c.opts)
		require.ErrorIs(t, err, whatsapp.ErrInvalidInput, name)
		require.False(t, whatsapp.IsTemporary(err), name)
	}

	body := func(params ...whatsapp.TemplateParameter) []whatsapp.TemplateComponent {
		return []whatsapp.TemplateComponent{{Type: "body", Parameters: params}}
	}
	templates := map[string]whatsapp.Template{
		"empty name":        {Language: "en"},
		"upper-case name":   {Name: "Order_Update", Language: "en"},
		"name with space":   {Name: "order update", Language: "en"},
		"no language":       {Name: "order_update"},
		"language injected": {Name: "order_update", Language: "en\"}"},
		"button component":  {Name: "order_update", Language: "en", Components: []whatsapp.TemplateComponent{{Type: "button", Parameters: []whatsapp.TemplateParameter{{Text: "x"}}}}},
		"two bodies":        {Name: "order_update", Language: "en", Components: append(body(whatsapp.TemplateParameter{Text: "a"}), body(whatsapp.TemplateParameter{Text: "b"})...)},
		"empty parameter":   {Name: "order_update", Language: "en", Components: body(whatsapp.TemplateParameter{Text: ""})},
		"newline":           {Name: "order_update", Language: "en", Components: body(whatsapp.TemplateParameter{Text: "a\nb"})},
		"tab":               {Name: "order_update", Language: "en", Components: body(whatsapp.TemplateParameter{Text: "a\tb"})},
		"five spaces":       {Name: "order_update", Language: "en", Components: body(whatsapp.TemplateParameter{Text: "a     b"})},
		"bad param name":    {Name: "order_update", Language: "en", Components: body(whatsapp.TemplateParameter{Name: "First Name", Text: "Ana"})},
		"long header":       {Name: "order_update", Language: "en", Components: []whatsapp.TemplateComponent{{Type: "header", Parameters: []whatsapp.TemplateParameter{{Text: strings.Repeat("x", 61)}}}}},
	}
	for name, tmpl := range templates {
		_, err := client.SendTemplate(ctx, testPhoneID, testCustomer, tmpl)
		require.ErrorIs(t, err, whatsapp.ErrInvalidInput, name)
	}

	for name, c := range map[string]*whatsapp.Client{
		"no token":    {BaseURL: srv.URL, HTTP: srv.Client()},
		"bad version": {BaseURL: srv.URL, AccessToken: testToken, APIVersion: "21", HTTP: srv.Client()},
		"bad base":    {BaseURL: "ftp://graph.example", AccessToken: testToken, HTTP: srv.Client()},
	} {
		_, err := c.SendText(ctx, testPhoneID, testCustomer, "hi", nil)
		require.ErrorIs(t, err, whatsapp.ErrInvalidInput, name)
	}
	require.Zero(t, hits.Load(), "no request for invalid input")

	// The limits themselves are allowed.
	_, err := client.SendText(ctx, testPhoneID, testCustomer, strings.Repeat("ж", 4096), nil)
	require.NoError(t, err)
	_, err = client.SendTemplate(ctx, testPhoneID, testCustomer, whatsapp.Template{Name: "order_update", Language: "pt_BR",
		Components: body(whatsapp.TemplateParameter{Text: "a    b"})})
	require.NoError(t, err)
	require.Equal(t, int32(2), hits.Load())
}

func TestIsTemporary(t *testing.T) {
	t.Parallel()
	require.False(t, whatsapp.IsTemporary(nil))
	require.False(t, whatsapp.IsTemporary(whatsapp.ErrInvalidInput))
	require.True(t, whatsapp.IsTemporary(errors.New("connection reset")))
	require.True(t, whatsapp.IsTemporary(&whatsapp.APIError{HTTPStatus: 400, Code: 1, Transient: true}))
	require.False(t, whatsapp.IsTemporary(&whatsapp.APIError{HTTPStatus: 400, Code: whatsapp.CodeReEngagement}))
	require.True(t, whatsapp.IsTemporary(&whatsapp.APIError{Code: whatsapp.CodeBusinessRateLimit}))
}
