package whatsapp

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
)

// Sentinel errors. Callers match them with errors.Is; every error this
// package returns wraps at most one of them.
var (
	// ErrBadSignature: the X-Hub-Signature-256 header is missing, malformed
	// or does not match the body. Answer 401 and do not parse the body.
	ErrBadSignature = errors.New("whatsapp: bad webhook signature")

	// ErrBadSubscription: a GET verification request that is not a valid
	// subscribe handshake for our verify token. Answer 403.
	ErrBadSubscription = errors.New("whatsapp: bad subscription request")

	// ErrTooLarge: the webhook body exceeds the limit given to [ReadBody].
	// Answer 413.
	ErrTooLarge = errors.New("whatsapp: request body too large")

	// ErrMalformed: a signed body that is not a WhatsApp Business Account
	// notification. Retrying cannot fix it.
	ErrMalformed = errors.New("whatsapp: malformed notification")

	// ErrInvalidInput: a send was refused before any request was made
	// because its arguments can never succeed. Retrying cannot help.
	ErrInvalidInput = errors.New("whatsapp: invalid input")

	// ErrOutsideWindow: Meta refused a free-form message because the
	// customer has not written in the last 24 hours (error 131047,
	// "Re-engagement message"). Only an approved template can reopen the
	// conversation. Matched against both an [*APIError] from a send and the
	// error of a failed [StatusUpdate], because the Cloud API usually
	// reports 131047 asynchronously.
	ErrOutsideWindow = errors.New("whatsapp: outside the 24-hour customer service window")
)

// Meta error codes this package gives a meaning to. The full list is at
// https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes.
const (
	CodeAPIService          = 2      // temporary downtime or overload
	CodeTooManyCalls        = 4      // application request limit
	CodeInvalidParameter    = 100    // unsupported or misspelled parameter
	CodeAccessTokenExpired  = 190    // invalid or expired access token
	CodeBusinessRateLimit   = 80007  // WhatsApp Business Account rate limit
	CodeCloudRateLimit      = 130429 // Cloud API throughput reached
	CodeUndeliverable       = 131026 // recipient cannot receive this message
	CodeReEngagement        = 131047 // outside the 24-hour window
	CodeSpamRateLimit       = 131048 // quality-based rate limit
	CodePairRateLimit       = 131056 // too many messages to the same recipient
	CodeTemplateParamFormat = 132018 // template parameter has newline/tab/spaces
)

// APIError is an error answered by the Graph API, either synchronously to a
// send ({"error":{...}}) or, with HTTPStatus 0, reported later in a failed
// status webhook (see [StatusUpdate.Err]).
//
// Decide with Code, never with Message: Meta says titles and messages will
// change, codes will not.
type APIError struct {
	// HTTPStatus is the response status, or 0 when the error came from a
	// webhook.
	HTTPStatus int
	// Code is Meta's error code (131047, 190, ...).
	Code int
	// Subcode is error_subcode; deprecated by Meta and often 0.
	Subcode int
	// Type is the Graph error type, e.g. "OAuthException".
	Type string
	// Message is Meta's message, e.g. "(#131047) Re-engagement message".
	Message string
	// Details is error_data.details, Meta's longer explanation.
	Details string
	// FBTraceID identifies the request for Meta support.
	FBTraceID string
	// Transient is the Graph API's own is_transient hint.
	Transient bool
}

// Error implements error.
func (e *APIError) Error() string {
	msg := "graph api error " + strconv.Itoa(e.Code)
	if e.HTTPStatus != 0 {
		msg += " (http " + strconv.Itoa(e.HTTPStatus) + ")"
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.Details != "" {
		msg += ": " + e.Details
	}
	if e.FBTraceID != "" {
		msg += " [fbtrace_id " + e.FBTraceID + "]"
	}
	return msg
}

// Is makes errors.Is(err, ErrOutsideWindow) true for code 131047.
func (e *APIError) Is(target error) bool {
	return target == ErrOutsideWindow && e.Code == CodeReEngagement
}

// Temporary reports whether the same request may succeed later: server
// errors, HTTP 429, the rate-limit codes (4, 80007, 130429, 131048, 131056),
// code 2 (Meta: "temporary due to downtime or overload") and anything the
// Graph API flags is_transient. Everything else, including 131047 (the
// window will not reopen by itself) and 190 (a token does not heal), is
// permanent.
func (e *APIError) Temporary() bool {
	if e.HTTPStatus >= http.StatusInternalServerError || e.HTTPStatus == http.StatusTooManyRequests || e.Transient {
		return true
	}
	switch e.Code {
	case CodeAPIService, CodeTooManyCalls, CodeBusinessRateLimit, CodeCloudRateLimit,
		CodeSpamRateLimit, CodePairRateLimit:
		return true
	}
	return false
}

// IsTemporary classifies any error from [Client] for a retry decision:
// input errors and permanent API errors are false, temporary API errors
// true, and anything else (network failures, timeouts, a body cut short) is
// true because the request may not have reached Meta.
//
// A retried send that had in fact reached Meta is delivered twice; the
// Cloud API has no idempotency key, so that is the price of retrying.
func IsTemporary(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrInvalidInput) {
		return false
	}
	if apiErr, ok := errors.AsType[*APIError](err); ok {
		return apiErr.Temporary()
	}
	return true
}

// invalidf wraps ErrInvalidInput with a description of what is wrong.
func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidInput}, args...)...)
}
