package twilio_test

import (
	"context"
	"encoding/json"
	"fmt"
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
	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/twilio"
)

const (
	accountSID = "AC0123456789abcdef0123456789abcdef"
	authToken  = "0123456789abcdef0123456789abcdef"
)

// fakeTwilio speaks the Calls part of Twilio's REST API: basic auth, form
// bodies, Call resources and Twilio's JSON errors.
type fakeTwilio struct {
	srv *httptest.Server

	mu      sync.Mutex
	creates []url.Values
	updates map[string][]url.Values
	status  int // forced error status for creates, 0 for none
	calls   map[string]string
}

func newFakeTwilio(t *testing.T) *fakeTwilio {
	t.Helper()
	f := &fakeTwilio{updates: map[string][]url.Values{}, calls: map[string]string{}}
	mux := http.NewServeMux()
	auth := func(w http.ResponseWriter, r *http.Request) bool {
		u, p, ok := r.BasicAuth()
		if !ok || u != accountSID || p != authToken || r.PathValue("account") != accountSID {
			twilioError(w, http.StatusUnauthorized, 20003, "Authenticate")
			return false
		}
		if r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			twilioError(w, http.StatusBadRequest, 0, "not a form")
			return false
		}
		return r.ParseForm() == nil
	}
	mux.HandleFunc("POST /2010-04-01/Accounts/{account}/Calls.json", func(w http.ResponseWriter, r *http.Request) {
		if !auth(w, r) {
			return
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		f.creates = append(f.creates, r.PostForm)
		if f.status != 0 {
			twilioError(w, f.status, 21211, "The 'To' number is not a valid phone number.")
			return
		}
		sid := fmt.Sprintf("CA%032d", len(f.creates))
		f.calls[sid] = "queued"
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(map[string]any{"sid": sid, "status": "queued", "account_sid": accountSID,
			"to": r.PostForm.Get("To"), "from": r.PostForm.Get("From"), "api_version": "2010-04-01"})
	})
	mux.HandleFunc("POST /2010-04-01/Accounts/{account}/Calls/{file}", func(w http.ResponseWriter, r *http.Request) {
		if !auth(w, r) {
			return
		}
		sid, ok := strings.CutSuffix(r.PathValue("file"), ".json")
		f.mu.Lock()
		defer f.mu.Unlock()
		if _, known := f.calls[sid]; !ok || !known {
			twilioError(w, http.StatusNotFound, 20404, "The requested resource was not found")
			return
		}
		f.updates[sid] = append(f.updates[sid], r.PostForm)
		f.calls[sid] = r.PostForm.Get("Status")
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"sid": sid, "status": f.calls[sid]})
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func twilioError(w http.ResponseWriter, status, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"code": code, "message": msg, "status": status})
}

func (f *fakeTwilio) client() *twilio.Client {
	return &twilio.Client{BaseURL: f.srv.URL, AccountSID: accountSID, AuthToken: authToken}
}

func TestDialCreatesACallWithAStream(t *testing.T) {
	t.Parallel()
	f := newFakeTwilio(t)
	c := f.client()
	require.Equal(t, "twilio", c.Name())
	leg, err := c.Dial(t.Context(), voice.DialParams{
		From: "+1 500 555 0006", To: "+1 (415) 555-0100",
		StreamURL:         "wss://media-1.example/v1/stream?token=abc.def",
		StreamHeaders:     map[string]string{"X-Leg": `a"b<c`},
		StatusCallbackURL: "https://api.example/hooks/voice/twilio",
		RingTimeout:       25 * time.Second,
	})
	require.NoError(t, err)
	require.Equal(t, voice.Leg{CarrierCallID: fmt.Sprintf("CA%032d", 1), Status: voice.StatusInitiated}, leg)

	f.mu.Lock()
	defer f.mu.Unlock()
	require.Equal(t, url.Values{
		"To":                   {"+14155550100"},
		"From":                 {"+15005550006"},
		"Twiml":                {`<Response><Connect><Stream url="wss://media-1.example/v1/stream"><Parameter name="X-Leg" value="a&#34;b&lt;c"/><Parameter name="token" value="abc.def"/></Stream></Connect></Response>`},
		"StatusCallback":       {"https://api.example/hooks/voice/twilio"},
		"StatusCallbackMethod": {"POST"},
		"StatusCallbackEvent":  {"initiated", "ringing", "answered", "completed"},
		"Timeout":              {"25"},
	}, f.creates[0])
}

func TestStreamTwiMLWithoutParameters(t *testing.T) {
	t.Parallel()
	got, err := twilio.StreamTwiML("wss://node.example/v1/stream", nil)
	require.NoError(t, err)
	require.Equal(t, `<Response><Connect><Stream url="wss://node.example/v1/stream"/></Connect></Response>`, got)
	_, err = twilio.StreamTwiML("https://node.example/", nil)
	require.ErrorIs(t, err, voice.ErrRejected)
}

func TestDialErrors(t *testing.T) {
	t.Parallel()
	p := voice.DialParams{From: "+15005550006", To: "+14155550100", StreamURL: "wss://n.example/s"}
	for _, tc := range []struct {
		status   int
		rejected bool
	}{
		{http.StatusBadRequest, true},
		{http.StatusForbidden, true},
		{http.StatusTooManyRequests, false},
		{http.StatusInternalServerError, false},
		{http.StatusServiceUnavailable, false},
	} {
		f := newFakeTwilio(t)
		f.status = tc.status
		_, err := f.client().Dial(t.Context(), p)
		require.Error(t, err)
		if tc.rejected {
			require.ErrorIs(t, err, voice.ErrRejected, tc.status)
		} else {
			require.NotErrorIs(t, err, voice.ErrRejected, tc.status)
		}
		if tc.status == http.StatusBadRequest {
			require.Contains(t, err.Error(), "21211")
		}
	}

	// Wrong credentials: Twilio's 401 is permanent.
	f := newFakeTwilio(t)
	bad := f.client()
	bad.AuthToken = "wrong"
	_, err := bad.Dial(t.Context(), p)
	require.ErrorIs(t, err, voice.ErrRejected)

	// Bad numbers never reach Twilio.
	q := p
	q.To = "not a number"
	_, err = f.client().Dial(t.Context(), q)
	require.ErrorIs(t, err, voice.ErrRejected)
	require.Empty(t, f.creates)

	// A hung API is a retryable timeout.
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Reading the body lets the server notice the client going away.
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer hung.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	_, err = (&twilio.Client{BaseURL: hung.URL, AccountSID: accountSID, AuthToken: authToken}).Dial(ctx, p)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.NotErrorIs(t, err, voice.ErrRejected)
}

func TestHangupCompletesTheCall(t *testing.T) {
	t.Parallel()
	f := newFakeTwilio(t)
	c := f.client()
	leg, err := c.Dial(t.Context(), voice.DialParams{From: "+15005550006", To: "+14155550100", StreamURL: "wss://n.example/s"})
	require.NoError(t, err)
	require.NoError(t, c.Hangup(t.Context(), leg.CarrierCallID))
	f.mu.Lock()
	require.Equal(t, []url.Values{{"Status": {"completed"}}}, f.updates[leg.CarrierCallID])
	f.mu.Unlock()
	// Unknown calls are over already.
	require.NoError(t, c.Hangup(t.Context(), "CA00000000000000000000000000000099"))
	require.ErrorIs(t, c.Hangup(t.Context(), "../x"), voice.ErrRejected)
}

const hookURL = "https://api.example.com/hooks/voice/twilio?tenant=t1"

func statusForm(status string) url.Values {
	return url.Values{
		"AccountSid": {accountSID}, "ApiVersion": {"2010-04-01"}, "CallSid": {"CA11111111111111111111111111111111"},
		"CallStatus": {status}, "Direction": {"outbound-api"}, "From": {"+15005550006"}, "To": {"+14155550100"},
		"CallbackSource": {"call-progress-events"}, "SequenceNumber": {"3"},
		"Timestamp": {"Sun, 22 Nov 2026 07:00:00 +0000"},
	}
}

func signed(t testing.TB, form url.Values, signURL, token string) (*http.Request, []byte) {
	t.Helper()
	body := []byte(form.Encode())
	r := httptest.NewRequest(http.MethodPost, "/hooks/voice/twilio?tenant=t1", strings.NewReader(string(body)))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set(sms.SignatureHeader, sms.Sign(token, signURL, form))
	return r, body
}

func TestParseStatusMapsEveryCallStatus(t *testing.T) {
	t.Parallel()
	c := &twilio.Client{AccountSID: accountSID, AuthToken: authToken}
	for in, want := range map[string]voice.Status{
		"queued": voice.StatusInitiated, "initiated": voice.StatusInitiated, "ringing": voice.StatusRinging,
		"in-progress": voice.StatusInProgress, "completed": voice.StatusCompleted, "busy": voice.StatusBusy,
		"no-answer": voice.StatusNoAnswer, "failed": voice.StatusFailed, "canceled": voice.StatusCanceled,
	} {
		form := statusForm(in)
		r, body := signed(t, form, hookURL, authToken)
		ev, err := c.ParseStatus(r, body, hookURL)
		require.NoError(t, err, in)
		require.Equal(t, want, ev.Status, in)
		require.Equal(t, "CA11111111111111111111111111111111", ev.CarrierCallID)
		require.Equal(t, time.Date(2026, 11, 22, 7, 0, 0, 0, time.UTC), ev.At.UTC())
		require.Equal(t, "CA11111111111111111111111111111111:3", ev.EventID)
	}
}

func TestParseStatusCompletedWithDuration(t *testing.T) {
	t.Parallel()
	c := &twilio.Client{AccountSID: accountSID, AuthToken: authToken}
	form := statusForm("completed")
	form.Set("CallDuration", "42")
	form.Set("Duration", "1")
	r, body := signed(t, form, hookURL, authToken)
	ev, err := c.ParseStatus(r, body, hookURL)
	require.NoError(t, err)
	require.Equal(t, 42*time.Second, ev.Duration)

	busy := statusForm("busy")
	busy.Set("SipResponseCode", "486")
	r, body = signed(t, busy, hookURL, authToken)
	ev, err = c.ParseStatus(r, body, hookURL)
	require.NoError(t, err)
	require.Equal(t, "busy (SIP 486)", ev.Reason)
}

func TestParseStatusRefusals(t *testing.T) {
	t.Parallel()
	c := &twilio.Client{AccountSID: accountSID, AuthToken: authToken}
	form := statusForm("completed")

	r, body := signed(t, form, hookURL, "another-token-another-token-xxxx")
	_, err := c.ParseStatus(r, body, hookURL)
	require.ErrorIs(t, err, voice.ErrBadSignature)

	// Signed for another URL (a different tenant's hook).
	r, body = signed(t, form, "https://api.example.com/hooks/voice/twilio?tenant=t2", authToken)
	_, err = c.ParseStatus(r, body, hookURL)
	require.ErrorIs(t, err, voice.ErrBadSignature)

	// Changed after signing.
	r, _ = signed(t, form, hookURL, authToken)
	tampered := statusForm("completed")
	tampered.Set("CallDuration", "9999")
	_, err = c.ParseStatus(r, []byte(tampered.Encode()), hookURL)
	require.ErrorIs(t, err, voice.ErrBadSignature)

	// Signed, but not a status we know.
	odd := statusForm("teleported")
	r, body = signed(t, odd, hookURL, authToken)
	_, err = c.ParseStatus(r, body, hookURL)
	require.ErrorIs(t, err, twilio.ErrMalformed)
	require.NotErrorIs(t, err, voice.ErrBadSignature)

	// Twilio's ":443" spelling of the URL is accepted.
	r, body = signed(t, form, "https://api.example.com:443/hooks/voice/twilio?tenant=t1", authToken)
	_, err = c.ParseStatus(r, body, hookURL)
	require.NoError(t, err)

	_, err = (&twilio.Client{}).ParseStatus(r, body, hookURL)
	require.Error(t, err)
	require.NotErrorIs(t, err, voice.ErrBadSignature)
}

func FuzzParseStatus(f *testing.F) {
	f.Add(statusForm("completed").Encode())
	f.Add("CallSid=CA1&CallStatus=completed&CallDuration=-1")
	f.Add("CallSid=&CallStatus=ringing")
	f.Add("%zz")
	c := &twilio.Client{AccountSID: accountSID, AuthToken: authToken}
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set(sms.SignatureHeader, sms.Sign(authToken, hookURL, form))
		raw, _ := io.ReadAll(r.Body)
		ev, err := c.ParseStatus(r, raw, hookURL)
		if err != nil {
			require.ErrorIs(t, err, twilio.ErrMalformed)
			return
		}
		require.True(t, ev.Status.Valid())
		require.NotEmpty(t, ev.CarrierCallID)
		require.GreaterOrEqual(t, ev.Duration, time.Duration(0))
	})
}
