package sms_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/sms"
	"github.com/switchboard/switchboard/integrations/sms/smstest"
)

// Twilio's published validation example, used verbatim by the test suites
// of its official SDKs (twilio-go, twilio-php, twilio-csharp, …).
const (
	vectorToken = "12345"
	vectorURL   = "https://mycompany.com/myapp.php?foo=1&bar=2"
	vectorSig   = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
)

func vectorParams() url.Values {
	return url.Values{
		"CallSid": {"CA1234567890ABCDE"},
		"Caller":  {"+14158675309"},
		"Digits":  {"1234"},
		"From":    {"+14158675309"},
		"To":      {"+18005551212"},
	}
}

func TestSignMatchesTwilioVectors(t *testing.T) {
	t.Parallel()
	// Every expected value below is copied from an official Twilio SDK test
	// (request_validator_test.go in twilio-go, RequestValidatorTest in
	// twilio-php and twilio-csharp), not computed by us.
	tests := []struct {
		name   string
		url    string
		params url.Values
		want   string
	}{
		{"documented example", vectorURL, vectorParams(), vectorSig},
		{"https with default port", "https://mycompany.com:443/myapp.php?foo=1&bar=2", vectorParams(), "kvajT1Ptam85bY51eRf/AJRuM3w="},
		{"http with default port", "http://mycompany.com:80/myapp.php?foo=1&bar=2", vectorParams(), "0ZXoZLH/DfblKGATFgpif+LLRf4="},
		{"http with other port", "http://mycompany.com:1234/myapp.php?foo=1&bar=2", vectorParams(), "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="},
		{"credentials in URL", "https://user:pass@mycompany.com/myapp.php?foo=1&bar=2", vectorParams(), "CukzLTc1tT5dXEDIHm/tKBanW10="},
		{"user in URL", "https://user@mycompany.com/myapp.php?foo=1&bar=2", vectorParams(), "2YRLlVAflCqxaNicjMpJcSTgzSs="},
		{"mixed-case host is signed as written", "https://MyCompany.com/myapp.php?foo=1&bar=2", vectorParams(), "g9IN/x4Cft2g517EjYvEvM/W7LU="},
		{
			"repeated name, duplicate values counted once", vectorURL,
			url.Values{"Sid": {"CA123"}, "SidAccount": {"AC123"}, "Digits": {"5678", "1234", "1234"}},
			"IK+Dwps556ElfBT0I3Rgjkr1wJU=",
		},
		{"no params", "https://mycompany.com/myapp.php?bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620", nil, "y77kIzt2vzLz71DgmJGsen2scGs="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, sms.Sign(vectorToken, tt.url, tt.params))
		})
	}
}

func TestSignSortsByNameNotByPair(t *testing.T) {
	t.Parallel()
	// "A"+"Z" sorts after "AB"+"x" as a pair but "A" sorts before "AB" as a
	// name; Twilio's documented algorithm sorts names.
	params := url.Values{"AB": {"x"}, "A": {"Z"}}
	byName := url.Values{}
	require.Equal(t, sms.Sign("k", "https://a.example/AZABx", byName), sms.Sign("k", "https://a.example/", params))
}

// verifyRequest builds a POST to the given target, as a handler would see it.
func verifyRequest(t *testing.T, body, sig string) *http.Request {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "http://internal:8080/twilio/sms", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if sig != "" {
		r.Header.Set(sms.SignatureHeader, sig)
	}
	return r
}

func TestVerifyRequestTwilioVector(t *testing.T) {
	t.Parallel()
	body := vectorParams().Encode()

	got, err := sms.VerifyRequest(verifyRequest(t, body, vectorSig), vectorToken, vectorURL, 1<<10)
	require.NoError(t, err)
	require.Equal(t, vectorParams(), got)

	// Twilio signs with and without the default port (its SDKs accept
	// both), so either configured spelling accepts either signature.
	_, err = sms.VerifyRequest(verifyRequest(t, body, vectorSig), vectorToken, "https://mycompany.com:443/myapp.php?foo=1&bar=2", 1<<10)
	require.NoError(t, err)
	_, err = sms.VerifyRequest(verifyRequest(t, body, "kvajT1Ptam85bY51eRf/AJRuM3w="), vectorToken, vectorURL, 1<<10)
	require.NoError(t, err)

	// A non-default port is part of the URL and is not optional.
	_, err = sms.VerifyRequest(verifyRequest(t, body, vectorSig), vectorToken, "https://mycompany.com:8443/myapp.php?foo=1&bar=2", 1<<10)
	require.ErrorIs(t, err, sms.ErrBadSignature)
}

func TestVerifyRequestConfigErrors(t *testing.T) {
	t.Parallel()
	body := vectorParams().Encode()
	for name, call := range map[string]func() error{
		"empty token": func() error {
			_, err := sms.VerifyRequest(verifyRequest(t, body, vectorSig), "", vectorURL, 1<<10)
			return err
		},
		"relative URL": func() error {
			_, err := sms.VerifyRequest(verifyRequest(t, body, vectorSig), vectorToken, "/myapp.php", 1<<10)
			return err
		},
		"zero limit": func() error {
			_, err := sms.VerifyRequest(verifyRequest(t, body, vectorSig), vectorToken, vectorURL, 0)
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := call()
			require.Error(t, err)
			// Our misconfiguration, not Twilio's fault: no sentinel, so the
			// handler answers 500.
			require.NotErrorIs(t, err, sms.ErrBadSignature)
			require.NotErrorIs(t, err, sms.ErrMalformed)
		})
	}
}

// webhook is a real HTTP endpoint that authenticates Twilio webhooks the way
// Switchboard's handler does, recording what it accepted and the last error.
type webhook struct {
	srv       *httptest.Server
	publicURL string
	maxBody   int64

	mu       sync.Mutex
	inbound  []sms.InboundMessage
	statuses []sms.StatusCallback
	lastErr  error
}

func newWebhook(t *testing.T, authToken, publicURL string) *webhook {
	t.Helper()
	h := &webhook{publicURL: publicURL, maxBody: 16 << 10}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		form, err := sms.VerifyRequest(r, authToken, h.publicURL, h.maxBody)
		if err == nil {
			if form.Has("MessageStatus") {
				var c sms.StatusCallback
				if c, err = sms.ParseStatusCallback(form); err == nil {
					h.mu.Lock()
					h.statuses = append(h.statuses, c)
					h.mu.Unlock()
				}
			} else {
				var m sms.InboundMessage
				if m, err = sms.ParseInbound(form); err == nil {
					h.mu.Lock()
					h.inbound = append(h.inbound, m)
					h.mu.Unlock()
				}
			}
		}
		h.mu.Lock()
		h.lastErr = err
		h.mu.Unlock()
		switch {
		case err == nil:
			w.Header().Set("Content-Type", "text/xml")
			_, _ = io.WriteString(w, "<Response/>")
		case errors.Is(err, sms.ErrBadSignature):
			http.Error(w, "forbidden", http.StatusForbidden)
		case errors.Is(err, sms.ErrTooLarge):
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		case errors.Is(err, sms.ErrMalformed):
			http.Error(w, "bad request", http.StatusBadRequest)
		default:
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *webhook) err() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.lastErr
}

func (h *webhook) received() []sms.InboundMessage {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]sms.InboundMessage(nil), h.inbound...)
}

func (h *webhook) statusCallbacks() []sms.StatusCallback {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]sms.StatusCallback(nil), h.statuses...)
}

// post sends a raw request to the webhook and returns its status code.
func (h *webhook) post(t *testing.T, body, sig string, mutate ...func(*http.Request)) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, h.srv.URL+"/twilio/sms?tenant=t1", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if sig != "" {
		req.Header.Set(sms.SignatureHeader, sig)
	}
	for _, m := range mutate {
		m(req)
	}
	resp, err := h.srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

const publicURL = "https://hooks.switchboard.example/twilio/sms?tenant=t1"

func TestVerifyRequestRoundTripThroughFake(t *testing.T) {
	t.Parallel()
	srv := smstest.NewServer(t, "", "")
	hook := newWebhook(t, srv.AuthToken, publicURL)

	// The fake posts to the test server's address but signs the public URL,
	// exactly as Twilio signs what is configured in its console.
	resp := srv.Inbound(t, hook.srv.URL+"/twilio/sms?tenant=t1", publicURL, "+14155550100", "+15005550006", "Hi & bye = ok? é 😀")
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "handler error: %v", hook.err())

	got := hook.received()
	require.Len(t, got, 1)
	require.Regexp(t, `^SM[0-9a-f]{32}$`, got[0].MessageSID)
	require.Equal(t, srv.AccountSID, got[0].AccountSID)
	require.Equal(t, "+14155550100", got[0].From)
	require.Equal(t, "+15005550006", got[0].To)
	require.Equal(t, "Hi & bye = ok? é 😀", got[0].Body)
	require.Empty(t, got[0].Media)
	require.Equal(t, 1, got[0].NumSegments)
}

func TestVerifyRequestRejects(t *testing.T) {
	t.Parallel()
	const token = "0123456789abcdef0123456789abcdef"
	fake := smstest.New(smstest.NewSID("AC"), token)
	form := fake.InboundForm(smstest.InboundParams{From: "+14155550100", To: "+15005550006", Body: "hello"})
	body := form.Encode()
	good := sms.Sign(token, publicURL, form)

	swapped := url.Values{}
	for k, v := range form {
		swapped[k] = v
	}
	swapped.Set("From", form.Get("To"))
	swapped.Set("To", form.Get("From"))

	tests := []struct {
		name    string
		body    string
		sig     string
		mutate  func(*http.Request)
		want    error
		wantSts int
	}{
		{name: "missing signature", body: body, sig: "", want: sms.ErrBadSignature, wantSts: http.StatusForbidden},
		{name: "wrong token", body: body, sig: sms.Sign("other-token", publicURL, form), want: sms.ErrBadSignature, wantSts: http.StatusForbidden},
		{name: "signed over another query string", body: body, sig: sms.Sign(token, "https://hooks.switchboard.example/twilio/sms?tenant=t2", form), want: sms.ErrBadSignature, wantSts: http.StatusForbidden},
		{name: "signed over http instead of https", body: body, sig: sms.Sign(token, strings.Replace(publicURL, "https:", "http:", 1), form), want: sms.ErrBadSignature, wantSts: http.StatusForbidden},
		{name: "signed over another path", body: body, sig: sms.Sign(token, "https://hooks.switchboard.example/twilio/voice?tenant=t1", form), want: sms.ErrBadSignature, wantSts: http.StatusForbidden},
		{name: "tampered body", body: strings.Replace(body, "Body=hello", "Body=hellO", 1), sig: good, want: sms.ErrBadSignature, wantSts: http.StatusForbidden},
		{name: "appended parameter", body: body + "&Body=second", sig: good, want: sms.ErrBadSignature, wantSts: http.StatusForbidden},
		{name: "values moved between names", body: swapped.Encode(), sig: good, want: sms.ErrBadSignature, wantSts: http.StatusForbidden},
		{name: "not base64", body: body, sig: "not base64!", want: sms.ErrBadSignature, wantSts: http.StatusForbidden},
		{name: "truncated signature", body: body, sig: good[:20], want: sms.ErrBadSignature, wantSts: http.StatusForbidden},
		{
			name: "two signature headers", body: body, sig: good,
			mutate: func(r *http.Request) { r.Header.Add(sms.SignatureHeader, good) },
			want:   sms.ErrBadSignature, wantSts: http.StatusForbidden,
		},
		{
			// An attacker controls Host and signs over a URL naming their
			// own host with a token they know: the configured URL and our
			// token are used, so it fails.
			name: "signature over the spoofed Host", body: body,
			sig:    sms.Sign("attacker", "https://evil.example/twilio/sms?tenant=t1", form),
			mutate: func(r *http.Request) { r.Host = "evil.example" },
			want:   sms.ErrBadSignature, wantSts: http.StatusForbidden,
		},
		{
			name: "GET", body: body, sig: good,
			mutate: func(r *http.Request) { r.Method = http.MethodGet },
			want:   sms.ErrMalformed, wantSts: http.StatusBadRequest,
		},
		{
			name: "JSON body", body: `{"From":"+14155550100"}`, sig: good,
			mutate: func(r *http.Request) { r.Header.Set("Content-Type", "application/json") },
			want:   sms.ErrMalformed, wantSts: http.StatusBadRequest,
		},
		{name: "bad form encoding", body: "Body=%zz", sig: good, want: sms.ErrMalformed, wantSts: http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hook := newWebhook(t, token, publicURL)
			var mutate []func(*http.Request)
			if tt.mutate != nil {
				mutate = append(mutate, tt.mutate)
			}
			require.Equal(t, tt.wantSts, hook.post(t, tt.body, tt.sig, mutate...))
			require.ErrorIs(t, hook.err(), tt.want)
			require.Empty(t, hook.received())
		})
	}
}

func TestVerifyRequestAccepts(t *testing.T) {
	t.Parallel()
	const token = "0123456789abcdef0123456789abcdef"
	fake := smstest.New(smstest.NewSID("AC"), token)
	form := fake.InboundForm(smstest.InboundParams{From: "+14155550100", To: "+15005550006", Body: "hello"})
	good := sms.Sign(token, publicURL, form)

	tests := []struct {
		name   string
		body   string
		mutate func(*http.Request)
	}{
		{name: "as signed", body: form.Encode()},
		{
			// Host is not part of the check: a proxy may rewrite it freely.
			name: "spoofed Host header", body: form.Encode(),
			mutate: func(r *http.Request) { r.Host = "evil.example" },
		},
		{name: "parameters in another order", body: reversedEncode(form)},
		{
			name: "charset on the content type", body: form.Encode(),
			mutate: func(r *http.Request) {
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hook := newWebhook(t, token, publicURL)
			var mutate []func(*http.Request)
			if tt.mutate != nil {
				mutate = append(mutate, tt.mutate)
			}
			require.Equal(t, http.StatusOK, hook.post(t, tt.body, good, mutate...), "error: %v", hook.err())
			require.Len(t, hook.received(), 1)
		})
	}
}

// reversedEncode form-encodes v with its keys in reverse order.
func reversedEncode(v url.Values) string {
	parts := strings.Split(v.Encode(), "&")
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, "&")
}

func TestVerifyRequestTooLarge(t *testing.T) {
	t.Parallel()
	const token = "0123456789abcdef0123456789abcdef"
	form := url.Values{"Body": {strings.Repeat("x", 20<<10)}}
	sig := sms.Sign(token, publicURL, form)

	t.Run("over HTTP with Content-Length", func(t *testing.T) {
		t.Parallel()
		hook := newWebhook(t, token, publicURL)
		require.Equal(t, http.StatusRequestEntityTooLarge, hook.post(t, form.Encode(), sig))
		require.ErrorIs(t, hook.err(), sms.ErrTooLarge)
	})
	t.Run("over HTTP chunked, no Content-Length", func(t *testing.T) {
		t.Parallel()
		hook := newWebhook(t, token, publicURL)
		status := hook.post(t, "", sig, func(r *http.Request) {
			// A reader of unknown length makes the client send chunked.
			r.Body = io.NopCloser(io.MultiReader(strings.NewReader(form.Encode())))
			r.ContentLength = -1
		})
		require.Equal(t, http.StatusRequestEntityTooLarge, status)
		require.ErrorIs(t, hook.err(), sms.ErrTooLarge)
	})
	t.Run("exactly at the limit", func(t *testing.T) {
		t.Parallel()
		body := form.Encode()
		r := verifyRequest(t, body, sig)
		_, err := sms.VerifyRequest(r, token, publicURL, int64(len(body)))
		require.NoError(t, err)
		r = verifyRequest(t, body, sig)
		_, err = sms.VerifyRequest(r, token, publicURL, int64(len(body))-1)
		require.ErrorIs(t, err, sms.ErrTooLarge)
	})
	t.Run("caller's MaxBytesReader", func(t *testing.T) {
		t.Parallel()
		r := verifyRequest(t, form.Encode(), sig)
		r.ContentLength = -1
		r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, 100)
		_, err := sms.VerifyRequest(r, token, publicURL, 1<<20)
		require.ErrorIs(t, err, sms.ErrTooLarge)
	})
}

func TestVerifyRequestSignatureCheckedBeforeContent(t *testing.T) {
	t.Parallel()
	// A body that ParseInbound would reject, with no signature, is a
	// signature failure: unauthenticated input is not judged on content.
	r := verifyRequest(t, "NumMedia=99&From=whatsapp%3A%2B1", "")
	_, err := sms.VerifyRequest(r, "token", publicURL, 1<<10)
	require.ErrorIs(t, err, sms.ErrBadSignature)
	require.NotErrorIs(t, err, sms.ErrMalformed)
}

func ExampleSign() {
	params := url.Values{
		"CallSid": {"CA1234567890ABCDE"},
		"Caller":  {"+14158675309"},
		"Digits":  {"1234"},
		"From":    {"+14158675309"},
		"To":      {"+18005551212"},
	}
	fmt.Println(sms.Sign("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params))
	// Output: RSOYDt4T1cUTdK1PDd93/VVr8B8=
}
