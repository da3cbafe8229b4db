package sms_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/sms"
	"github.com/switchboard/switchboard/integrations/sms/smstest"
)

type testBundle struct {
	srv *smstest.Server
}

func setup(t *testing.T) (*sms.Client, *testBundle) {
	t.Helper()
	srv := smstest.NewServer(t, "", "")
	return srv.Client(), &testBundle{srv: srv}
}

func TestSend(t *testing.T) {
	t.Parallel()
	client, bundle := setup(t)

	sent, err := client.Send(t.Context(), sms.SendParams{
		From:           "+1 500 555 0006",
		To:             "+1 (415) 555-0100",
		Body:           "Ticket #42: a & b = c? é 😀",
		MediaURLs:      []string{"https://cdn.switchboard.example/a.png", "https://cdn.switchboard.example/b.pdf"},
		StatusCallback: "https://hooks.switchboard.example/twilio/status?tenant=t1",
	})
	require.NoError(t, err)
	require.Regexp(t, `^SM[0-9a-f]{32}$`, sent.SID)
	require.Equal(t, sms.StatusQueued, sent.Status)
	require.Equal(t, bundle.srv.AccountSID, sent.AccountSID)
	require.Equal(t, "+15005550006", sent.From)
	require.Equal(t, "+14155550100", sent.To)
	require.Equal(t, 1, sent.NumSegments)
	require.WithinDuration(t, time.Now(), sent.DateCreated, time.Minute)

	got := bundle.srv.WaitFor(t, 1, 5*time.Second)
	require.Len(t, got, 1)
	// What Twilio receives, parameter by parameter.
	require.Equal(t, url.Values{
		"From":           {"+15005550006"},
		"To":             {"+14155550100"},
		"Body":           {"Ticket #42: a & b = c? é 😀"},
		"MediaUrl":       {"https://cdn.switchboard.example/a.png", "https://cdn.switchboard.example/b.pdf"},
		"StatusCallback": {"https://hooks.switchboard.example/twilio/status?tenant=t1"},
	}, got[0].Form)
	require.Equal(t, sent.SID, got[0].SID)
}

func TestSendWithMessagingService(t *testing.T) {
	t.Parallel()
	client, bundle := setup(t)

	sent, err := client.Send(t.Context(), sms.SendParams{MessagingServiceSID: testService, To: "+14155550100", Body: "hi"})
	require.NoError(t, err)
	require.Equal(t, sms.StatusAccepted, sent.Status)
	require.Empty(t, sent.From)
	require.Equal(t, testService, sent.MessagingServiceSID)
	require.Empty(t, bundle.srv.Sent()[0].From)
}

func TestSendIdempotent(t *testing.T) {
	t.Parallel()
	client, bundle := setup(t)
	p := sms.SendParams{From: "+15005550006", To: "+14155550100", Body: "once", IdempotencyKey: "outbox-42"}

	first, err := client.Send(t.Context(), p)
	require.NoError(t, err)
	second, err := client.Send(t.Context(), p)
	require.NoError(t, err)
	require.Equal(t, first.SID, second.SID)
	require.Len(t, bundle.srv.Sent(), 1)
	require.Equal(t, 2, bundle.srv.Requests())
	require.Equal(t, "outbox-42", bundle.srv.Sent()[0].IdempotencyKey)

	p.IdempotencyKey = "outbox-43"
	third, err := client.Send(t.Context(), p)
	require.NoError(t, err)
	require.NotEqual(t, first.SID, third.SID)
	require.Len(t, bundle.srv.Sent(), 2)
}

func TestSendRetryAfterTemporaryFailureSendsOnce(t *testing.T) {
	t.Parallel()
	client, bundle := setup(t)
	bundle.srv.FailNext(2, http.StatusServiceUnavailable, 20503, "Service Unavailable")
	p := sms.SendParams{From: "+15005550006", To: "+14155550100", Body: "retry me", IdempotencyKey: "outbox-7"}

	var err error
	for range 2 {
		_, err = client.Send(t.Context(), p)
		require.True(t, sms.IsTemporary(err), "%v", err)
	}
	sent, err := client.Send(t.Context(), p)
	require.NoError(t, err)
	again, err := client.Send(t.Context(), p)
	require.NoError(t, err)
	require.Equal(t, sent.SID, again.SID)
	require.Len(t, bundle.srv.Sent(), 1)
	require.Equal(t, 4, bundle.srv.Requests())
}

func TestSendAPIErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		httpStatus, code int
		temporary        bool
	}{
		{http.StatusBadRequest, 21211, false},
		{http.StatusBadRequest, 21610, false}, // recipient unsubscribed
		{http.StatusForbidden, 20003, false},
		{http.StatusNotFound, 20404, false},
		{http.StatusTooManyRequests, 20429, true},
		{http.StatusInternalServerError, 20500, true},
		{http.StatusServiceUnavailable, 20503, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d_%d", tt.httpStatus, tt.code), func(t *testing.T) {
			t.Parallel()
			client, bundle := setup(t)
			bundle.srv.FailNext(1, tt.httpStatus, tt.code, "scripted failure")

			_, err := client.Send(t.Context(), sms.SendParams{From: "+15005550006", To: "+14155550100", Body: "x"})
			apiErr, ok := errors.AsType[*sms.APIError](err)
			require.True(t, ok, "%v", err)
			require.Equal(t, &sms.APIError{
				HTTPStatus: tt.httpStatus,
				Code:       tt.code,
				Message:    "scripted failure",
				MoreInfo:   fmt.Sprintf("https://www.twilio.com/docs/errors/%d", tt.code),
			}, apiErr)
			require.Equal(t, tt.temporary, apiErr.Temporary())
			require.Equal(t, tt.temporary, sms.IsTemporary(err))
			require.Empty(t, bundle.srv.Sent())
		})
	}
}

func TestSendWrongCredentials(t *testing.T) {
	t.Parallel()
	client, bundle := setup(t)
	client.AuthToken = "wrong"

	_, err := client.Send(t.Context(), sms.SendParams{From: "+15005550006", To: "+14155550100", Body: "x"})
	apiErr, ok := errors.AsType[*sms.APIError](err)
	require.True(t, ok, "%v", err)
	require.Equal(t, http.StatusUnauthorized, apiErr.HTTPStatus)
	require.Equal(t, 20003, apiErr.Code)
	require.False(t, sms.IsTemporary(err))
	require.Empty(t, bundle.srv.Sent())
}

// stubAPI answers every request with handler, for responses the fake does
// not produce (proxy pages, hangs, oversize bodies, redirects).
func stubAPI(t *testing.T, handler http.HandlerFunc) *sms.Client {
	t.Helper()
	ts := httptest.NewServer(handler)
	t.Cleanup(ts.Close)
	return &sms.Client{BaseURL: ts.URL, AccountSID: testAccount, AuthToken: "token"}
}

var okParams = sms.SendParams{From: "+15005550006", To: "+14155550100", Body: "x"}

func TestSendNonJSONError(t *testing.T) {
	t.Parallel()
	client := stubAPI(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, "<html><body>\n502 Bad Gateway\n</body></html>")
	})
	_, err := client.Send(t.Context(), okParams)
	apiErr, ok := errors.AsType[*sms.APIError](err)
	require.True(t, ok, "%v", err)
	require.Equal(t, http.StatusBadGateway, apiErr.HTTPStatus)
	require.Zero(t, apiErr.Code)
	require.Contains(t, apiErr.Message, "502 Bad Gateway")
	require.NotContains(t, apiErr.Message, "\n")
	require.True(t, sms.IsTemporary(err))
}

func TestSendTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	client := stubAPI(t, func(_ http.ResponseWriter, r *http.Request) {
		// Reading the body lets the server notice the client hanging up.
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	// Registered after stubAPI's, so it runs first and Close never waits.
	t.Cleanup(func() { close(release) })
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()

	start := time.Now()
	_, err := client.Send(ctx, okParams)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Less(t, time.Since(start), 5*time.Second)
	_, isAPI := errors.AsType[*sms.APIError](err)
	require.False(t, isAPI)
	require.True(t, sms.IsTemporary(err))
}

func TestSendNetworkError(t *testing.T) {
	t.Parallel()
	ts := httptest.NewServer(http.NotFoundHandler())
	ts.Close()
	client := &sms.Client{BaseURL: ts.URL, AccountSID: testAccount, AuthToken: "token"}

	_, err := client.Send(t.Context(), okParams)
	require.Error(t, err)
	require.True(t, sms.IsTemporary(err))
}

func TestSendOversizeResponse(t *testing.T) {
	t.Parallel()
	client := stubAPI(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"sid":"SM0123456789abcdef0123456789abcdef","padding":"`+strings.Repeat("x", 2<<20)+`"}`)
	})
	_, err := client.Send(t.Context(), okParams)
	require.ErrorContains(t, err, "response over")
}

func TestSendDoesNotFollowRedirects(t *testing.T) {
	t.Parallel()
	var hits int
	client := stubAPI(t, func(w http.ResponseWriter, r *http.Request) {
		hits++
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	})
	_, err := client.Send(t.Context(), okParams)
	apiErr, ok := errors.AsType[*sms.APIError](err)
	require.True(t, ok, "%v", err)
	require.Equal(t, http.StatusFound, apiErr.HTTPStatus)
	require.False(t, sms.IsTemporary(err))
	require.Equal(t, 1, hits)
}

func TestSendWireFormat(t *testing.T) {
	t.Parallel()
	var got *http.Request
	var body string
	client := stubAPI(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got, body = r, string(b)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		// A response as Twilio documents it, nulls and string counts included.
		_, _ = io.WriteString(w, `{"account_sid":"`+testAccount+`","api_version":"2010-04-01","body":"x",
			"date_created":"Thu, 24 Aug 2023 05:01:45 +0000","date_sent":null,"date_updated":"Thu, 24 Aug 2023 05:01:45 +0000",
			"direction":"outbound-api","error_code":null,"error_message":null,"from":"+15005550006",
			"messaging_service_sid":null,"num_media":"0","num_segments":"2","price":null,"price_unit":"USD",
			"sid":"SM0123456789abcdef0123456789abcdef","status":"queued","subresource_uris":{"media":"/x"},
			"to":"+14155550100","uri":"/y"}`)
	})
	p := okParams
	p.IdempotencyKey = "key-1"
	sent, err := client.Send(t.Context(), p)
	require.NoError(t, err)
	require.True(t, sent.DateCreated.Equal(time.Date(2023, 8, 24, 5, 1, 45, 0, time.UTC)), sent.DateCreated)
	sent.DateCreated = time.Time{}
	require.Equal(t, sms.Sent{
		SID:         "SM0123456789abcdef0123456789abcdef",
		Status:      sms.StatusQueued,
		AccountSID:  testAccount,
		From:        "+15005550006",
		To:          "+14155550100",
		NumSegments: 2,
	}, sent)

	require.Equal(t, http.MethodPost, got.Method)
	require.Equal(t, "/2010-04-01/Accounts/"+testAccount+"/Messages.json", got.URL.Path)
	user, pass, ok := got.BasicAuth()
	require.True(t, ok)
	require.Equal(t, testAccount, user)
	require.Equal(t, "token", pass)
	require.Equal(t, "application/x-www-form-urlencoded", got.Header.Get("Content-Type"))
	require.Equal(t, "key-1", got.Header.Get("I-Twilio-Idempotency-Token"))
	form, err := url.ParseQuery(body)
	require.NoError(t, err)
	require.Equal(t, url.Values{"From": {"+15005550006"}, "To": {"+14155550100"}, "Body": {"x"}}, form)
}

func TestSendInvalidParams(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", sms.MaxBodyChars+1)
	tests := map[string]sms.SendParams{
		"no To":                   {From: "+15005550006", Body: "x"},
		"national To":             {From: "+15005550006", To: "4155550100", Body: "x"},
		"WhatsApp To":             {From: "+15005550006", To: "whatsapp:+14155550100", Body: "x"},
		"no sender":               {To: "+14155550100", Body: "x"},
		"WhatsApp From":           {From: "whatsapp:+15005550006", To: "+14155550100", Body: "x"},
		"From not a sender":       {From: "not a number!", To: "+14155550100", Body: "x"},
		"bad service SID":         {MessagingServiceSID: "MG123", To: "+14155550100", Body: "x"},
		"empty message":           {From: "+15005550006", To: "+14155550100"},
		"body too long":           {From: "+15005550006", To: "+14155550100", Body: long},
		"body not UTF-8":          {From: "+15005550006", To: "+14155550100", Body: "\xff"},
		"media not http":          {From: "+15005550006", To: "+14155550100", MediaURLs: []string{"ftp://a.example/x"}},
		"too much media":          {From: "+15005550006", To: "+14155550100", MediaURLs: slices.Repeat([]string{"https://a.example/x"}, sms.MaxMedia+1)},
		"relative StatusCallback": {From: "+15005550006", To: "+14155550100", Body: "x", StatusCallback: "/status"},
		"key with newline":        {From: "+15005550006", To: "+14155550100", Body: "x", IdempotencyKey: "a\nb"},
	}
	for name, p := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			client, bundle := setup(t)
			_, err := client.Send(t.Context(), p)
			require.ErrorIs(t, err, sms.ErrInvalidParams)
			require.False(t, sms.IsTemporary(err))
			require.Zero(t, bundle.srv.Requests(), "nothing may reach the network")
		})
	}
}

func TestSendBoundaries(t *testing.T) {
	t.Parallel()
	client, bundle := setup(t)
	ten := make([]string, sms.MaxMedia)
	for i := range ten {
		ten[i] = fmt.Sprintf("https://cdn.switchboard.example/%d.png", i)
	}
	for _, p := range []sms.SendParams{
		{From: "+15005550006", To: "+14155550100", Body: strings.Repeat("é", sms.MaxBodyChars)},
		{From: "+15005550006", To: "+14155550100", MediaURLs: ten},
		{From: "Switchboard", To: "+14155550100", Body: "alphanumeric sender"},
		{From: "55555", To: "+14155550100", Body: "short code"},
	} {
		_, err := client.Send(t.Context(), p)
		require.NoError(t, err)
	}
	require.Len(t, bundle.srv.Sent(), 4)
}

func TestSendMisconfigured(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]*sms.Client{
		"no credentials": {},
		"no token":       {AccountSID: testAccount},
		"bad base URL":   {BaseURL: "api.twilio.com", AccountSID: testAccount, AuthToken: "t"},
	} {
		_, err := c.Send(t.Context(), okParams)
		require.ErrorIs(t, err, sms.ErrMisconfigured, name)
		require.False(t, sms.IsTemporary(err), name)
	}
}

// ExampleClient_Send sends through the fake mounted by hand, as the dev-mode
// simulator does (tests use smstest.NewServer instead).
func ExampleClient_Send() {
	fake := smstest.New("", "")
	ts := httptest.NewServer(fake)
	defer ts.Close()

	client := &sms.Client{BaseURL: ts.URL, AccountSID: fake.AccountSID, AuthToken: fake.AuthToken}
	sent, err := client.Send(context.Background(), sms.SendParams{
		From:           "+15005550006",
		To:             "+14155550100",
		Body:           "Your ticket #42 was updated.",
		IdempotencyKey: "outbox-42",
	})
	if err != nil {
		fmt.Println("temporary:", sms.IsTemporary(err), err)
		return
	}
	fmt.Println(sent.SID[:2], len(sent.SID), sent.Status)
	fmt.Println(fake.Sent()[0].Body)
	// Output:
	// SM 34 queued
	// Your ticket #42 was updated.
}
