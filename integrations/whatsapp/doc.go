// Package whatsapp is Switchboard's adapter to Meta's WhatsApp Cloud API:
// it authenticates and parses the webhooks Meta sends, and sends text and
// template messages through the Graph API. It knows nothing of tenants: the
// caller maps a business phone number id to a tenant and holds the
// credentials.
//
// # Inbound: webhooks
//
// Meta calls one webhook URL per app. Configuring it starts with a GET
// handshake, which [VerifySubscription] answers by returning hub.challenge
// when hub.verify_token matches. Every notification after that is a POST:
//
//	body, err := whatsapp.ReadBody(r, whatsapp.DefaultMaxBody)        // 413 on ErrTooLarge
//	err = whatsapp.VerifySignature(appSecret, body,
//		r.Header.Get(whatsapp.SignatureHeader))                        // 401 on ErrBadSignature
//	n, err := whatsapp.ParseNotification(body)                        // ErrMalformed
//	for _, ev := range n.Events { ... route by ev.PhoneNumberID ... }
//
// The signature is an HMAC-SHA256 of the raw body bytes keyed with the app
// secret, so the body must be verified exactly as received and before it is
// parsed. Meta retries a notification until it gets a 200 and may deliver
// the same message or status more than once: store events keyed by wamid
// (and status) and answer 200 quickly, doing the work in a job.
//
// [ParseNotification] flattens the entry → changes → value nesting into
// [Event]s, each carrying the business phone number id (the routing key)
// and one [InboundMessage], [StatusUpdate] or webhook-level error. It
// ignores subscription fields other than "messages" and JSON it does not
// know, skips (and counts) single items it cannot read, and caps the number
// of events and the length of every string, so a signed but hostile body
// yields bounded output.
//
// Senders are identified by their number (From, E.164 with '+') and, since
// Meta's 2026 rollout of usernames, by a business-scoped user id
// (FromUserID). For a user with a username Meta may withhold the number;
// such a message has From == "" and must be matched by FromUserID.
//
// # Outbound: sending
//
// [Client.SendText] and [Client.SendTemplate] POST to
// {BaseURL}/{APIVersion}/{phone_number_id}/messages with the access token as
// a bearer token and return the new message's wamid. Arguments are validated
// before any request, failing with ErrInvalidInput. Graph API failures are
// [*APIError]s carrying Meta's code; decide with:
//
//   - errors.Is(err, ErrOutsideWindow): free-form text outside the 24-hour
//     customer service window (131047); send a template instead.
//   - [IsTemporary] / APIError.Temporary: rate limits, 5xx and 429; retry
//     later. Everything else is permanent.
//
// The window error usually does not come back from the send at all: the
// Cloud API accepts the message and later reports it in a "failed" status
// webhook. [StatusUpdate.Err] turns that into the same *APIError, so one
// errors.Is check covers both paths.
//
// Package whatsapptest is a fake Graph API speaking these formats, for
// tests and the dev simulator.
package whatsapp
