package sms

import "errors"

// Sentinel errors. Callers test them with errors.Is; every error this package
// returns wraps at most one of them (ErrUnsupportedChannel also wraps
// ErrMalformed, so a handler that only knows ErrMalformed still answers 400).
var (
	// ErrBadSignature means the X-Twilio-Signature header was missing or did
	// not match: the request must be treated as not coming from Twilio.
	ErrBadSignature = errors.New("sms: bad webhook signature")

	// ErrTooLarge means the webhook body exceeded the caller's limit.
	ErrTooLarge = errors.New("sms: webhook body too large")

	// ErrMalformed means a webhook was not the shape Twilio sends: wrong
	// method or content type, an unparseable body, or a missing or invalid
	// field.
	ErrMalformed = errors.New("sms: malformed webhook")

	// ErrUnsupportedChannel means an address carries a channel prefix such as
	// "whatsapp:" or "messenger:". This package handles plain SMS/MMS only.
	ErrUnsupportedChannel = errors.New("sms: unsupported channel address")

	// ErrInvalidParams means Send was given parameters Twilio would reject;
	// nothing was sent, and retrying cannot help.
	ErrInvalidParams = errors.New("sms: invalid send params")

	// ErrMisconfigured means the Client itself is unusable (no credentials,
	// bad BaseURL); nothing was sent.
	ErrMisconfigured = errors.New("sms: client misconfigured")
)
