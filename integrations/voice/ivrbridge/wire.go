package ivrbridge

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/switchboard/switchboard/integrations/voice"
)

// Header names of a signed status callback.
const (
	TimestampHeader = "X-IVR-Timestamp"
	SignatureHeader = "X-IVR-Signature"
)

// DefaultTolerance is how far a callback's timestamp may be from our clock.
const DefaultTolerance = 5 * time.Minute

// MaxCallbackBytes bounds a callback body; real ones are a few hundred bytes.
const MaxCallbackBytes = 16 << 10

// Errors of this package, besides voice.ErrRejected and voice.ErrBadSignature.
var (
	// ErrMalformed: a callback is signed correctly but is not one we
	// understand (bad JSON, unknown event, no call_sid).
	ErrMalformed = errors.New("ivrbridge: malformed callback")
	// ErrStale: a callback's timestamp is outside the tolerance. It also
	// wraps voice.ErrBadSignature, because a replay is an authentication
	// failure.
	ErrStale = errors.New("ivrbridge: callback timestamp outside tolerance")
)

// AudioFormat is the seed's audioFormat object.
type AudioFormat struct {
	Encoding   string `json:"encoding"`
	SampleRate int    `json:"sampleRate"`
}

// CallRequest is the body of POST /calls.
type CallRequest struct {
	From           string            `json:"from"`
	CallTo         string            `json:"callTo"`
	WSURL          string            `json:"wsUrl"`
	WSHeaders      map[string]string `json:"wsHeaders,omitempty"`
	AudioFormat    AudioFormat       `json:"audioFormat"`
	StatusCallback string            `json:"statusCallback,omitempty"`
	// RingTimeout is in seconds; 0 means the bridge's default.
	RingTimeout int `json:"ringTimeout,omitempty"`
}

// CallResponse is the answer to POST /calls.
type CallResponse struct {
	CallSID string `json:"call_sid"`
	Status  string `json:"status"`
}

// ErrorResponse is the body of an error answer.
type ErrorResponse struct {
	Error string `json:"error"`
}

// Callback event names: "call." + the voice.Status.
const eventPrefix = "call."

// EventName returns the callback event for a status ("call.ringing").
func EventName(s voice.Status) string { return eventPrefix + string(s) }

// Callback is the JSON body of a status callback.
type Callback struct {
	Event     string `json:"event"`
	CallSID   string `json:"call_sid"`
	Timestamp string `json:"timestamp"`
	// Duration is whole answered seconds, on call.completed.
	Duration int64  `json:"duration,omitempty"`
	Reason   string `json:"reason,omitempty"`
	EventID  string `json:"event_id"`
}

// Sign returns the X-IVR-Signature value for body sent at unix time ts.
func Sign(secret []byte, ts int64, body []byte) string {
	return "v1=" + hex.EncodeToString(mac(secret, strconv.FormatInt(ts, 10), body))
}

func mac(secret []byte, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// SetSignature stamps a callback request's headers for body sent at now.
func SetSignature(h http.Header, secret []byte, now time.Time, body []byte) {
	ts := now.Unix()
	h.Set(TimestampHeader, strconv.FormatInt(ts, 10))
	h.Set(SignatureHeader, Sign(secret, ts, body))
}

// VerifySignature checks a callback's timestamp and signature headers over
// its raw body. now and tolerance decide freshness.
func VerifySignature(secret []byte, timestamp, signature string, body []byte, now time.Time, tolerance time.Duration) error {
	if len(secret) == 0 {
		// Our misconfiguration, not the sender's fault: not ErrBadSignature.
		return errors.New("verify callback: empty secret")
	}
	ts, err := strconv.ParseInt(strings.TrimSpace(timestamp), 10, 64)
	if err != nil || ts <= 0 {
		return fmt.Errorf("verify callback: timestamp %q: %w", truncate(timestamp, 32), voice.ErrBadSignature)
	}
	want := mac(secret, strconv.FormatInt(ts, 10), body)
	ok := false
	for part := range strings.SplitSeq(signature, ",") {
		v, found := strings.CutPrefix(strings.TrimSpace(part), "v1=")
		if !found {
			continue
		}
		got, err := hex.DecodeString(v)
		if err == nil && hmac.Equal(got, want) {
			ok = true
		}
	}
	if !ok {
		return fmt.Errorf("verify callback: signature mismatch: %w", voice.ErrBadSignature)
	}
	// Freshness is checked after the MAC so that an attacker learns nothing
	// from which check failed.
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("verify callback: timestamp %d is %s from now: %w: %w", ts, d.Round(time.Second), ErrStale, voice.ErrBadSignature)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
