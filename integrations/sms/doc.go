// Package sms sends and receives SMS/MMS through Twilio, or anything that
// speaks Twilio's Programmable Messaging wire format.
//
// It is an adapter and knows nothing of tenants, conversations or the
// database: callers hand it credentials and URLs and get plain values back.
// WhatsApp and other channel addresses ("whatsapp:+1…") are refused with
// ErrUnsupportedChannel; they belong to another adapter.
//
// # Inbound: Twilio → us
//
// Twilio posts form-encoded webhooks for messages our numbers receive and
// for status changes of messages we sent. A handler elsewhere passes the
// request through two steps:
//
//	*http.Request --VerifyRequest--> url.Values --ParseInbound--------> InboundMessage
//	                                            \-ParseStatusCallback--> StatusCallback
//
// VerifyRequest is the trust boundary. It bounds the body (ErrTooLarge),
// insists on a form POST (ErrMalformed), and checks X-Twilio-Signature,
// base64(HMAC-SHA1(auth token, URL + sorted name/value pairs)), against the
// public URL from configuration, never the request's Host, because behind a
// proxy the Host is ours, not what Twilio signed. Nothing leaves
// VerifyRequest without a valid signature (ErrBadSignature). The Parse
// functions then check shape only: SIDs, E.164 numbers (normalised), media
// counts; anything Twilio would not send is ErrMalformed, naming the field.
//
// For inbound messages the signed URL is the one configured on the number or
// Messaging Service; for status callbacks it is the StatusCallback passed to
// Send. Build both from the same configuration the handler verifies with.
//
// Twilio retries a webhook that fails or times out, with the same
// MessageSid: the handler should de-duplicate on it, and answer quickly.
//
// # Outbound: us → Twilio
//
//	SendParams --Client.Send--> POST /2010-04-01/Accounts/{AccountSID}/Messages.json --> Sent{SID, Status}
//
// Send validates first (ErrInvalidParams: nothing sent), then makes one
// request; it never retries, because the caller (a River job) owns retries
// and their timing. Its errors say what a retry would do:
//
//   - *APIError with Temporary() true (429, 5xx): retry later, ideally
//     snoozing on 429.
//   - *APIError with Temporary() false (other 4xx, e.g. 21211 invalid To):
//     permanent; cancel the job.
//   - ErrInvalidParams, ErrMisconfigured: permanent.
//   - anything else (network error, timeout): temporary.
//
// IsTemporary applies these rules. A retry after a lost response would send
// the message twice; SendParams.IdempotencyKey, sent as
// I-Twilio-Idempotency-Token, lets the provider recognise the repeat, so set
// it to something stable per logical message.
//
// Package smstest is a fake Twilio speaking the same wire formats, for
// tests and the dev-mode simulator.
package sms
