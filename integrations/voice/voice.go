package voice

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// Status is the state of one leg (or of a whole call) as carriers report it.
type Status string

// The statuses of seed 004's callbacks (call.<status>), in lifecycle order.
const (
	StatusInitiated  Status = "initiated"
	StatusRinging    Status = "ringing"
	StatusInProgress Status = "in-progress"
	StatusCompleted  Status = "completed"
	StatusBusy       Status = "busy"
	StatusNoAnswer   Status = "no-answer"
	StatusFailed     Status = "failed"
	StatusCanceled   Status = "canceled"
)

// Final reports whether no status can follow s.
func (s Status) Final() bool {
	switch s {
	case StatusCompleted, StatusBusy, StatusNoAnswer, StatusFailed, StatusCanceled:
		return true
	}
	return false
}

// Rank orders statuses so that a late or repeated callback never moves a leg
// backwards: a status is applied only when its rank is higher than the
// current one. All final statuses share the top rank (the first one wins).
func (s Status) Rank() int {
	switch s {
	case StatusInitiated:
		return 1
	case StatusRinging:
		return 2
	case StatusInProgress:
		return 3
	}
	if s.Final() {
		return 4
	}
	return 0
}

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool { return s.Rank() > 0 }

// DialParams are what a carrier needs to place one leg.
type DialParams struct {
	// From is the caller id (E.164), To the number to ring (E.164).
	From string
	To   string
	// StreamURL is the media node's wss:// (or ws:// in tests) URL, token
	// included, that the carrier connects to once the leg answers.
	StreamURL string
	// StreamHeaders are sent with the WebSocket upgrade (seed 004 wsHeaders).
	StreamHeaders map[string]string
	// StatusCallbackURL receives the leg's status changes.
	StatusCallbackURL string
	// RingTimeout ends an unanswered leg with StatusNoAnswer; zero means the
	// carrier's default.
	RingTimeout time.Duration
}

// Leg is a carrier's answer to Dial.
type Leg struct {
	// CarrierCallID is the carrier's id for the leg (Twilio CallSid, seed-004
	// call_sid); status callbacks and Hangup use it.
	CarrierCallID string
	Status        Status
}

// StatusEvent is one decoded, verified status callback.
type StatusEvent struct {
	CarrierCallID string
	Status        Status
	// Reason is the carrier's words for a failure or hang-up, if any.
	Reason string
	At     time.Time
	// Duration is the answered time of a completed leg, when the carrier says.
	Duration time.Duration
	// EventID identifies the callback for de-duplication (carrier's id, or a
	// hash of the body when it has none).
	EventID string
}

// Carrier places and ends legs and decodes its own status callbacks.
type Carrier interface {
	// Name is the carrier's stable name ("sim", "ivrbridge", "twilio").
	Name() string
	// Dial starts ringing a leg. It returns once the carrier accepted it.
	Dial(ctx context.Context, p DialParams) (Leg, error)
	// Hangup ends a leg in any state; ending an ended leg is not an error.
	Hangup(ctx context.Context, carrierCallID string) error
	// ParseStatus verifies a status callback request (signature over body and
	// publicURL, the URL the carrier was given) and decodes it. A bad
	// signature returns an error wrapping ErrBadSignature.
	ParseStatus(r *http.Request, body []byte, publicURL string) (StatusEvent, error)
}

// Errors carriers return, for callers to tell apart with errors.Is.
var (
	// ErrBadSignature: a callback or stream token failed verification.
	ErrBadSignature = errors.New("voice: bad signature")
	// ErrRejected: the carrier refused the request permanently (4xx); retrying
	// will not help.
	ErrRejected = errors.New("voice: rejected by carrier")
	// ErrExpired: a token or descriptor is past its expiry.
	ErrExpired = errors.New("voice: expired")
)
