package ivrbridge_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/ivrbridge"
)

var (
	secret = []byte("0123456789abcdef0123456789abcdef")
	now    = time.Date(2026, 11, 22, 7, 0, 0, 0, time.UTC)
)

const completed = `{"event":"call.completed","call_sid":"call_1","timestamp":"2026-11-22T06:59:59.5Z","duration":42,"reason":"callended","event_id":"evt_7"}`

func signedRequest(t testing.TB, body string, at time.Time, key []byte) *http.Request {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/hooks/voice/ivrbridge", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	ivrbridge.SetSignature(r.Header, key, at, []byte(body))
	return r
}

func client() *ivrbridge.Client {
	return &ivrbridge.Client{Secret: secret, NowFunc: func() time.Time { return now }}
}

func TestParseStatusDecodesASignedCallback(t *testing.T) {
	t.Parallel()
	r := signedRequest(t, completed, now.Add(-time.Second), secret)
	ev, err := client().ParseStatus(r, []byte(completed), "https://ignored.example/")
	require.NoError(t, err)
	require.Equal(t, voice.StatusEvent{
		CarrierCallID: "call_1",
		Status:        voice.StatusCompleted,
		Reason:        "callended",
		At:            time.Date(2026, 11, 22, 6, 59, 59, 500_000_000, time.UTC),
		Duration:      42 * time.Second,
		EventID:       "evt_7",
	}, ev)
}

func TestParseStatusEveryEvent(t *testing.T) {
	t.Parallel()
	for _, st := range []voice.Status{voice.StatusInitiated, voice.StatusRinging, voice.StatusInProgress, voice.StatusCompleted,
		voice.StatusBusy, voice.StatusNoAnswer, voice.StatusFailed, voice.StatusCanceled} {
		body := `{"event":"` + ivrbridge.EventName(st) + `","call_sid":"c"}`
		ev, err := client().ParseStatus(signedRequest(t, body, now, secret), []byte(body), "")
		require.NoError(t, err, st)
		require.Equal(t, st, ev.Status)
		// No timestamp in the body: the signed header's time stands in.
		require.Equal(t, now, ev.At.UTC())
		// No event_id: a hash of the body is stable across retries.
		require.True(t, strings.HasPrefix(ev.EventID, "sha256:"), ev.EventID)
	}
}

func TestParseStatusRefusals(t *testing.T) {
	t.Parallel()
	body := []byte(completed)
	tests := []struct {
		name string
		req  func() *http.Request
		body []byte
		want error
	}{
		{"wrong secret", func() *http.Request {
			return signedRequest(t, completed, now, []byte("another-secret-another-secret-xx"))
		}, body, voice.ErrBadSignature},
		{"body changed after signing", func() *http.Request { return signedRequest(t, completed, now, secret) }, bytes.Replace(body, []byte("42"), []byte("4200"), 1), voice.ErrBadSignature},
		{"replayed an hour later", func() *http.Request { return signedRequest(t, completed, now.Add(-time.Hour), secret) }, body, ivrbridge.ErrStale},
		{"from the future", func() *http.Request { return signedRequest(t, completed, now.Add(10*time.Minute), secret) }, body, voice.ErrBadSignature},
		{"no headers", func() *http.Request { return httptest.NewRequest(http.MethodPost, "/", nil) }, body, voice.ErrBadSignature},
		{"two signatures headers", func() *http.Request {
			r := signedRequest(t, completed, now, secret)
			r.Header.Add(ivrbridge.SignatureHeader, "v1=00")
			return r
		}, body, voice.ErrBadSignature},
		{"timestamp header edited", func() *http.Request {
			r := signedRequest(t, completed, now, secret)
			r.Header.Set(ivrbridge.TimestampHeader, "1")
			return r
		}, body, voice.ErrBadSignature},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := client().ParseStatus(tc.req(), tc.body, "")
			require.ErrorIs(t, err, tc.want)
		})
	}
}

func TestParseStatusSignedButMalformed(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"event":"call.exploded","call_sid":"c"}`,
		`{"event":"ringing","call_sid":"c"}`,
		`{"event":"call.ringing"}`,
		`{"event":"call.completed","call_sid":"c","duration":-5}`,
		`not json`,
		`{"event":"call.ringing","call_sid":"` + strings.Repeat("x", 200) + `"}`,
	} {
		_, err := client().ParseStatus(signedRequest(t, body, now, secret), []byte(body), "")
		require.ErrorIs(t, err, ivrbridge.ErrMalformed, body)
		require.NotErrorIs(t, err, voice.ErrBadSignature, body)
	}
}

func TestParseStatusAcceptsEitherSecretDuringRotation(t *testing.T) {
	t.Parallel()
	old := []byte("the-old-secret-the-old-secret-xx")
	r := signedRequest(t, completed, now, secret)
	ts := now.Unix()
	r.Header.Set(ivrbridge.SignatureHeader, ivrbridge.Sign(old, ts, []byte(completed))+", "+ivrbridge.Sign(secret, ts, []byte(completed)))
	_, err := client().ParseStatus(r, []byte(completed), "")
	require.NoError(t, err)
}

func TestParseStatusWithoutSecretIsOurFault(t *testing.T) {
	t.Parallel()
	c := &ivrbridge.Client{NowFunc: func() time.Time { return now }}
	_, err := c.ParseStatus(signedRequest(t, completed, now, secret), []byte(completed), "")
	require.Error(t, err)
	require.NotErrorIs(t, err, voice.ErrBadSignature)
}

func FuzzParseCallback(f *testing.F) {
	f.Add([]byte(completed), true)
	f.Add([]byte(`{"event":"call.ringing","call_sid":"c","timestamp":"nope"}`), true)
	f.Add([]byte(`{"event":"call.completed","call_sid":"c","duration":1e99}`), true)
	f.Add([]byte(`[]`), false)
	f.Add([]byte{0xff, 0x00}, true)
	f.Fuzz(func(t *testing.T, body []byte, sign bool) {
		h := http.Header{}
		key := secret
		if !sign {
			key = []byte("not-the-secret-not-the-secret-xx")
		}
		ivrbridge.SetSignature(h, key, now, body)
		ev, err := ivrbridge.ParseCallback(h, body, secret, now, time.Minute)
		if !sign {
			require.ErrorIs(t, err, voice.ErrBadSignature)
			return
		}
		if err != nil {
			require.ErrorIs(t, err, ivrbridge.ErrMalformed)
			return
		}
		require.True(t, ev.Status.Valid())
		require.NotEmpty(t, ev.CarrierCallID)
		require.NotEmpty(t, ev.EventID)
		require.GreaterOrEqual(t, ev.Duration, time.Duration(0))
	})
}
