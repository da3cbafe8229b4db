package smstest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/sms"
	"github.com/switchboard/switchboard/integrations/sms/smstest"
)

// The fake is exercised with raw HTTP here, not sms.Client, so that its
// wire format is checked independently of the client that relies on it.

const (
	account = "AC0123456789abcdef0123456789abcdef"
	token   = "0123456789abcdef0123456789abcdef"
)

type apiResponse struct {
	status int
	header http.Header
	body   map[string]any
}

func post(t *testing.T, srv *smstest.Server, user, pass, path string, form url.Values, mutate ...func(*http.Request)) apiResponse {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+path, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	for _, m := range mutate {
		m(req)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))
	var body map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	return apiResponse{status: resp.StatusCode, header: resp.Header, body: body}
}

const messagesPath = "/2010-04-01/Accounts/" + account + "/Messages.json"

func send(t *testing.T, srv *smstest.Server, form url.Values, mutate ...func(*http.Request)) apiResponse {
	t.Helper()
	return post(t, srv, account, token, messagesPath, form, mutate...)
}

func TestCreateMessage(t *testing.T) {
	t.Parallel()
	srv := smstest.NewServer(t, account, token)

	resp := send(t, srv, url.Values{
		"From": {"+15005550006"}, "To": {"+14155550100"}, "Body": {"hello"},
		"StatusCallback": {"https://hooks.example/status"},
	})
	require.Equal(t, http.StatusCreated, resp.status)
	sid, _ := resp.body["sid"].(string)
	require.Regexp(t, `^SM[0-9a-f]{32}$`, sid)
	require.Equal(t, map[string]any{
		"account_sid":           account,
		"api_version":           "2010-04-01",
		"body":                  "hello",
		"date_created":          resp.body["date_created"],
		"date_sent":             nil,
		"date_updated":          resp.body["date_created"],
		"direction":             "outbound-api",
		"error_code":            nil,
		"error_message":         nil,
		"from":                  "+15005550006",
		"messaging_service_sid": nil,
		"num_media":             "0",
		"num_segments":          "1",
		"price":                 nil,
		"price_unit":            "USD",
		"sid":                   sid,
		"status":                "queued",
		"subresource_uris":      map[string]any{"media": "/2010-04-01/Accounts/" + account + "/Messages/" + sid + "/Media.json"},
		"to":                    "+14155550100",
		"uri":                   "/2010-04-01/Accounts/" + account + "/Messages/" + sid + ".json",
	}, resp.body)
	created, err := time.Parse(time.RFC1123Z, resp.body["date_created"].(string))
	require.NoError(t, err)
	require.WithinDuration(t, time.Now(), created, time.Minute)

	got := srv.Sent()
	require.Len(t, got, 1)
	require.Equal(t, sid, got[0].SID)
	require.Equal(t, "https://hooks.example/status", got[0].StatusCallback)
	require.Equal(t, sms.StatusQueued, got[0].Status)
}

func TestCreateMessageWithServiceIsAccepted(t *testing.T) {
	t.Parallel()
	srv := smstest.NewServer(t, account, token)
	resp := send(t, srv, url.Values{
		"MessagingServiceSid": {"MG0123456789abcdef0123456789abcdef"}, "To": {"+14155550100"},
		"MediaUrl": {"https://a.example/1.png", "https://a.example/2.png"},
	})
	require.Equal(t, http.StatusCreated, resp.status)
	require.Equal(t, "accepted", resp.body["status"])
	require.Nil(t, resp.body["from"])
	require.Equal(t, "2", resp.body["num_media"])
	require.Equal(t, "0", resp.body["num_segments"])
	require.Equal(t, []string{"https://a.example/1.png", "https://a.example/2.png"}, srv.Sent()[0].MediaURLs)
}

func TestCreateMessageValidation(t *testing.T) {
	t.Parallel()
	base := func() url.Values {
		return url.Values{"From": {"+15005550006"}, "To": {"+14155550100"}, "Body": {"x"}}
	}
	tests := []struct {
		name   string
		mutate func(url.Values)
		code   float64
	}{
		{"missing To", func(v url.Values) { v.Del("To") }, 21604},
		{"invalid To", func(v url.Values) { v.Set("To", "+1555") }, 21211},
		{"To with separators", func(v url.Values) { v.Set("To", "+1 415 555 0100") }, 21211},
		{"WhatsApp To", func(v url.Values) { v.Set("To", "whatsapp:+14155550100") }, 21211},
		{"no From or service", func(v url.Values) { v.Del("From") }, 21603},
		{"invalid From", func(v url.Values) { v.Set("From", "+1-not") }, 21212},
		{"invalid service", func(v url.Values) { v.Del("From"); v.Set("MessagingServiceSid", "MG1") }, 21705},
		{"no body or media", func(v url.Values) { v.Del("Body") }, 21602},
		{"body too long", func(v url.Values) { v.Set("Body", strings.Repeat("a", 1601)) }, 21617},
		{"too much media", func(v url.Values) {
			for range 11 {
				v.Add("MediaUrl", "https://a.example/x.png")
			}
		}, 21623},
		{"bad media URL", func(v url.Values) { v.Add("MediaUrl", "file:///etc/passwd") }, 21620},
		{"bad StatusCallback", func(v url.Values) { v.Set("StatusCallback", "https://under_score.example/") }, 21609},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := smstest.NewServer(t, account, token)
			v := base()
			tt.mutate(v)
			resp := send(t, srv, v)
			require.Equal(t, http.StatusBadRequest, resp.status)
			require.InDelta(t, tt.code, resp.body["code"], 0)
			require.InDelta(t, float64(http.StatusBadRequest), resp.body["status"], 0)
			require.NotEmpty(t, resp.body["message"])
			require.Contains(t, resp.body["more_info"], "https://www.twilio.com/docs/errors/")
			require.Empty(t, srv.Sent())
		})
	}
}

func TestCreateMessageJSONBodyIsMissingTo(t *testing.T) {
	t.Parallel()
	// As with Twilio, a JSON body carries no form parameters at all.
	srv := smstest.NewServer(t, account, token)
	resp := send(t, srv, url.Values{"To": {"+14155550100"}}, func(r *http.Request) {
		r.Header.Set("Content-Type", "application/json")
		r.Body = io.NopCloser(strings.NewReader(`{"To":"+14155550100"}`))
		r.ContentLength = -1
	})
	require.InDelta(t, 21604, resp.body["code"], 0)
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	srv := smstest.NewServer(t, account, token)
	form := url.Values{"From": {"+15005550006"}, "To": {"+14155550100"}, "Body": {"x"}}
	other := "/2010-04-01/Accounts/AC99999999999999999999999999999999/Messages.json"
	srv.FailNext(1, http.StatusServiceUnavailable, 20503, "Service Unavailable")

	for name, resp := range map[string]apiResponse{
		"no credentials":         post(t, srv, "", "", messagesPath, form),
		"wrong token":            post(t, srv, account, "wrong", messagesPath, form),
		"wrong account":          post(t, srv, "AC99999999999999999999999999999999", token, messagesPath, form),
		"another account's path": post(t, srv, account, token, other, form),
	} {
		require.Equal(t, http.StatusUnauthorized, resp.status, name)
		require.InDelta(t, 20003, resp.body["code"], 0, name)
		require.Equal(t, "Authenticate", resp.body["message"], name)
		require.Equal(t, `Basic realm="Twilio API"`, resp.header.Get("WWW-Authenticate"), name)
	}
	// Authentication comes first: the scripted failure is still pending.
	require.Equal(t, http.StatusServiceUnavailable, send(t, srv, form).status)
	require.Empty(t, srv.Sent())
}

func TestUnknownRouteAndMethod(t *testing.T) {
	t.Parallel()
	srv := smstest.NewServer(t, account, token)

	resp := post(t, srv, account, token, "/2010-04-01/Accounts/"+account+"/Calls.json", nil)
	require.Equal(t, http.StatusNotFound, resp.status)
	require.InDelta(t, 20404, resp.body["code"], 0)

	resp = send(t, srv, nil, func(r *http.Request) { r.Method = http.MethodPut })
	require.Equal(t, http.StatusMethodNotAllowed, resp.status)
	require.InDelta(t, 20004, resp.body["code"], 0)
}

func TestIdempotencyToken(t *testing.T) {
	t.Parallel()
	srv := smstest.NewServer(t, account, token)
	form := url.Values{"From": {"+15005550006"}, "To": {"+14155550100"}, "Body": {"x"}}
	withToken := func(tok string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("I-Twilio-Idempotency-Token", tok) }
	}

	// Concurrent repeats too: only one message, every caller gets its sid.
	var wg sync.WaitGroup
	sids := make([]string, 8)
	for i := range sids {
		wg.Go(func() {
			resp := send(t, srv, form, withToken("tok-1"))
			sids[i], _ = resp.body["sid"].(string)
		})
	}
	wg.Wait()
	for _, sid := range sids {
		require.Equal(t, sids[0], sid)
	}
	require.Len(t, srv.Sent(), 1)

	other := send(t, srv, form, withToken("tok-2"))
	require.NotEqual(t, sids[0], other.body["sid"])
	send(t, srv, form)
	send(t, srv, form)
	require.Len(t, srv.Sent(), 4, "requests without a token are never merged")
	require.Equal(t, 11, srv.Requests())
}

func TestFailNext(t *testing.T) {
	t.Parallel()
	srv := smstest.NewServer(t, account, token)
	form := url.Values{"From": {"+15005550006"}, "To": {"+14155550100"}, "Body": {"x"}}
	srv.FailNext(2, http.StatusTooManyRequests, 20429, "Too Many Requests")

	for range 2 {
		resp := send(t, srv, form, func(r *http.Request) { r.Header.Set("I-Twilio-Idempotency-Token", "t") })
		require.Equal(t, http.StatusTooManyRequests, resp.status)
		require.InDelta(t, 20429, resp.body["code"], 0)
		require.Equal(t, "Too Many Requests", resp.body["message"])
	}
	resp := send(t, srv, form, func(r *http.Request) { r.Header.Set("I-Twilio-Idempotency-Token", "t") })
	require.Equal(t, http.StatusCreated, resp.status, "failed attempts must not consume the token")
	require.Len(t, srv.Sent(), 1)
}

func TestWaitForAndOnSend(t *testing.T) {
	t.Parallel()
	srv := smstest.New(account, token)
	var mu sync.Mutex
	var seen []string
	srv.OnSendFunc = func(m smstest.SentMessage) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, m.SID)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	srv.URL = ts.URL

	client := srv.Client()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 3 {
			_, _ = client.Send(t.Context(), sms.SendParams{From: "+15005550006", To: "+14155550100", Body: "x"})
		}
	}()
	got := srv.WaitFor(t, 3, 5*time.Second)
	require.Len(t, got, 3)
	// OnSendFunc runs before the response, so once every Send has returned
	// every call has been made.
	<-done
	mu.Lock()
	defer mu.Unlock()
	require.Equal(t, []string{got[0].SID, got[1].SID, got[2].SID}, seen)
}

// receiver records webhook requests as they arrived.
type receiver struct {
	mu   sync.Mutex
	reqs []*http.Request
	form []url.Values
}

func newReceiver(t *testing.T) (*receiver, *httptest.Server) {
	t.Helper()
	rc := &receiver{}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		rc.mu.Lock()
		rc.reqs = append(rc.reqs, r)
		rc.form = append(rc.form, form)
		rc.mu.Unlock()
		_, _ = io.WriteString(w, "<Response/>")
	}))
	t.Cleanup(ts.Close)
	return rc, ts
}

func TestInboundWireFormat(t *testing.T) {
	t.Parallel()
	srv := smstest.NewServer(t, account, token)
	rc, ts := newReceiver(t)
	public := "https://hooks.switchboard.example/twilio/sms?tenant=t1"

	resp := srv.Inbound(t, ts.URL+"/sms", public, "+14155550100", "+15005550006", "hi there")
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, "<Response/>", string(body))

	require.Len(t, rc.reqs, 1)
	r, form := rc.reqs[0], rc.form[0]
	require.Equal(t, http.MethodPost, r.Method)
	require.Equal(t, "/sms", r.URL.Path)
	require.Equal(t, "application/x-www-form-urlencoded; charset=utf-8", r.Header.Get("Content-Type"))
	require.Equal(t, "TwilioProxy/1.1", r.Header.Get("User-Agent"))
	require.NotEmpty(t, r.Header.Get("I-Twilio-Idempotency-Token"))
	require.Equal(t, sms.Sign(token, public, form), r.Header.Get("X-Twilio-Signature"))

	sid := form.Get("MessageSid")
	require.Regexp(t, `^SM[0-9a-f]{32}$`, sid)
	require.Equal(t, url.Values{
		"AccountSid": {account}, "ApiVersion": {"2010-04-01"}, "Body": {"hi there"},
		"From": {"+14155550100"}, "To": {"+15005550006"},
		"MessageSid": {sid}, "SmsMessageSid": {sid}, "SmsSid": {sid}, "SmsStatus": {"received"},
		"NumMedia": {"0"}, "NumSegments": {"1"}, "ReferralNumMedia": {"0"},
		"FromCity": {""}, "FromCountry": {""}, "FromState": {""}, "FromZip": {""},
		"ToCity": {""}, "ToCountry": {""}, "ToState": {""}, "ToZip": {""},
	}, form)
}

func TestDeliverWireFormat(t *testing.T) {
	t.Parallel()
	srv := smstest.NewServer(t, account, token)
	rc, ts := newReceiver(t)
	callback := ts.URL + "/status?msg=1"

	resp := send(t, srv, url.Values{"From": {"+15005550006"}, "To": {"+14155550100"}, "Body": {"x"}, "StatusCallback": {callback}})
	sid := resp.body["sid"].(string)

	r := srv.DeliverWithError(t, sid, sms.StatusFailed, 30008)
	require.NoError(t, r.Body.Close())
	require.Len(t, rc.form, 1)
	require.Equal(t, sms.Sign(token, callback, rc.form[0]), rc.reqs[0].Header.Get("X-Twilio-Signature"))
	require.Equal(t, url.Values{
		"AccountSid": {account}, "ApiVersion": {"2010-04-01"},
		"MessageSid": {sid}, "SmsSid": {sid},
		"MessageStatus": {"failed"}, "SmsStatus": {"failed"},
		"From": {"+15005550006"}, "To": {"+14155550100"}, "ErrorCode": {"30008"},
	}, rc.form[0])

	m, ok := srv.Message(sid)
	require.True(t, ok)
	require.Equal(t, sms.StatusFailed, m.Status)
	require.Equal(t, 30008, m.ErrorCode)
}

func TestPostStatusErrors(t *testing.T) {
	t.Parallel()
	srv := smstest.NewServer(t, account, token)
	_, err := srv.PostStatus(t.Context(), "SM00000000000000000000000000000000", sms.StatusDelivered, 0)
	require.ErrorContains(t, err, "no message")

	resp := send(t, srv, url.Values{"From": {"+15005550006"}, "To": {"+14155550100"}, "Body": {"x"}})
	_, err = srv.PostStatus(t.Context(), resp.body["sid"].(string), sms.StatusDelivered, 0)
	require.ErrorContains(t, err, "no StatusCallback")
}

func TestGeneratedCredentials(t *testing.T) {
	t.Parallel()
	srv := smstest.NewServer(t, "", "")
	require.Regexp(t, `^AC[0-9a-f]{32}$`, srv.AccountSID)
	require.Len(t, srv.AuthToken, 32)
	require.NotEqual(t, srv.AccountSID, smstest.NewServer(t, "", "").AccountSID)
}

func TestSegments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body string
		want int
	}{
		{"", 1},
		{"hello", 1},
		{strings.Repeat("a", 160), 1},
		{strings.Repeat("a", 161), 2},
		{strings.Repeat("a", 306), 2},
		{strings.Repeat("a", 307), 3},
		{strings.Repeat("€", 80), 1}, // extension characters cost two septets
		{strings.Repeat("€", 81), 2},
		{strings.Repeat("ж", 70), 1}, // UCS-2
		{strings.Repeat("ж", 71), 2},
		{strings.Repeat("😀", 35), 1}, // surrogate pairs: two UTF-16 units each
		{strings.Repeat("😀", 36), 2},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, smstest.Segments(tt.body), "%q", tt.body)
	}
}
