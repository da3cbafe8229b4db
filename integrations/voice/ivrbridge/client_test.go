package ivrbridge_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/ivrbridge"
)

// fakeBridge speaks the bridge's REST API: it records what it was sent and
// answers with the status the test chose.
type fakeBridge struct {
	srv *httptest.Server

	mu       sync.Mutex
	requests []recorded
	status   int           // answer to POST /calls; 0 means 201
	delay    time.Duration // before answering
	hungUp   map[string]int
}

type recorded struct {
	method, path, auth, contentType string
	body                            []byte
}

func newFakeBridge(t *testing.T) *fakeBridge {
	t.Helper()
	f := &fakeBridge{hungUp: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /calls", func(w http.ResponseWriter, r *http.Request) {
		f.record(r)
		status, delay := f.answer()
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if status >= 300 {
			w.WriteHeader(status)
			_ = json.NewEncoder(w).Encode(ivrbridge.ErrorResponse{Error: "callTo is not a valid number"})
			return
		}
		var req ivrbridge.CallRequest
		if err := json.NewDecoder(strings.NewReader(string(f.last().body))).Decode(&req); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(ivrbridge.CallResponse{CallSID: "call_1707204900000_a1b2c3", Status: "initiated"})
	})
	mux.HandleFunc("POST /calls/{sid}/hangup", func(w http.ResponseWriter, r *http.Request) {
		f.record(r)
		sid := r.PathValue("sid")
		if sid == "call_unknown" {
			http.Error(w, `{"error":"no such call"}`, http.StatusNotFound)
			return
		}
		if sid == "call_broken" {
			http.Error(w, "upstream down", http.StatusBadGateway)
			return
		}
		f.mu.Lock()
		f.hungUp[sid]++
		f.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeBridge) record(r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, recorded{r.Method, r.URL.Path, r.Header.Get("Authorization"), r.Header.Get("Content-Type"), b})
}

func (f *fakeBridge) answer() (int, time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.status == 0 {
		return http.StatusCreated, f.delay
	}
	return f.status, f.delay
}

func (f *fakeBridge) last() recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[len(f.requests)-1]
}

func (f *fakeBridge) set(status int, delay time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status, f.delay = status, delay
}

var dial = voice.DialParams{
	From:              "+15005550006",
	To:                "+14155550100",
	StreamURL:         "wss://media-1.example/v1/stream?token=abc.def",
	StreamHeaders:     map[string]string{"X-Leg": "leg-1"},
	StatusCallbackURL: "https://api.example/hooks/voice/ivrbridge",
	RingTimeout:       25 * time.Second,
}

func TestDialSendsTheSeedRequest(t *testing.T) {
	t.Parallel()
	f := newFakeBridge(t)
	c := &ivrbridge.Client{BaseURL: f.srv.URL + "/", APIKey: "key-1"}
	require.Equal(t, "ivrbridge", c.Name())

	leg, err := c.Dial(t.Context(), dial)
	require.NoError(t, err)
	require.Equal(t, voice.Leg{CarrierCallID: "call_1707204900000_a1b2c3", Status: voice.StatusInitiated}, leg)

	got := f.last()
	require.Equal(t, "/calls", got.path)
	require.Equal(t, "Bearer key-1", got.auth)
	require.Equal(t, "application/json", got.contentType)
	// Field by field, as the bridge reads them.
	require.JSONEq(t, `{
		"from": "+15005550006",
		"callTo": "+14155550100",
		"wsUrl": "wss://media-1.example/v1/stream?token=abc.def",
		"wsHeaders": {"X-Leg": "leg-1"},
		"audioFormat": {"encoding": "pcm", "sampleRate": 8000},
		"statusCallback": "https://api.example/hooks/voice/ivrbridge",
		"ringTimeout": 25
	}`, string(got.body))
}

func TestDialErrorsTellPermanentFromRetryable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status    int
		delay     time.Duration
		rejected  bool
		wantInErr string
	}{
		{status: http.StatusBadRequest, rejected: true, wantInErr: "callTo is not a valid number"},
		{status: http.StatusUnauthorized, rejected: true},
		{status: http.StatusUnprocessableEntity, rejected: true},
		{status: http.StatusTooManyRequests, rejected: false},
		{status: http.StatusInternalServerError, rejected: false},
		{status: http.StatusServiceUnavailable, rejected: false},
		{status: http.StatusCreated, delay: 2 * time.Second, rejected: false, wantInErr: "deadline exceeded"},
	}
	for _, tc := range tests {
		t.Run(http.StatusText(tc.status)+tc.delay.String(), func(t *testing.T) {
			t.Parallel()
			f := newFakeBridge(t)
			f.set(tc.status, tc.delay)
			c := &ivrbridge.Client{BaseURL: f.srv.URL}
			ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
			defer cancel()
			_, err := c.Dial(ctx, dial)
			require.Error(t, err)
			require.Equal(t, tc.rejected, errors.Is(err, voice.ErrRejected), err)
			if tc.wantInErr != "" {
				require.Contains(t, err.Error(), tc.wantInErr)
			}
		})
	}
}

func TestDialRefusesBadParamsWithoutCalling(t *testing.T) {
	t.Parallel()
	f := newFakeBridge(t)
	c := &ivrbridge.Client{BaseURL: f.srv.URL}
	p := dial
	p.StreamURL = "https://not-a-websocket.example/"
	_, err := c.Dial(t.Context(), p)
	require.ErrorIs(t, err, voice.ErrRejected)
	p = dial
	p.To = ""
	_, err = c.Dial(t.Context(), p)
	require.ErrorIs(t, err, voice.ErrRejected)
	f.mu.Lock()
	require.Empty(t, f.requests)
	f.mu.Unlock()

	_, err = (&ivrbridge.Client{BaseURL: "ftp://x"}).Dial(t.Context(), dial)
	require.ErrorIs(t, err, voice.ErrRejected)
}

func TestDialUnreachableIsRetryable(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	_, err := (&ivrbridge.Client{BaseURL: url}).Dial(t.Context(), dial)
	require.Error(t, err)
	require.NotErrorIs(t, err, voice.ErrRejected)
}

func TestHangup(t *testing.T) {
	t.Parallel()
	f := newFakeBridge(t)
	c := &ivrbridge.Client{BaseURL: f.srv.URL}
	require.NoError(t, c.Hangup(t.Context(), "call_1"))
	require.NoError(t, c.Hangup(t.Context(), "call_1"))
	require.Equal(t, "/calls/call_1/hangup", f.last().path)
	f.mu.Lock()
	require.Equal(t, 2, f.hungUp["call_1"])
	f.mu.Unlock()
	// Unknown calls are over already.
	require.NoError(t, c.Hangup(t.Context(), "call_unknown"))
	err := c.Hangup(t.Context(), "call_broken")
	require.Error(t, err)
	require.NotErrorIs(t, err, voice.ErrRejected)
	require.ErrorIs(t, c.Hangup(t.Context(), ""), voice.ErrRejected)
}
